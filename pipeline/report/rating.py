"""The rating of the responsible blocks over the 7 days ending with the report's day.

Per block: incidents received, median reaction time (creation to the first answer, in hours),
share answered on time (first answer by the deadline), share answered in full (an answer
that is not interim, see answers.py), and citizens' satisfaction (satisfied among the
incidents with a recorded reaction).
"""

from __future__ import annotations

from collections import defaultdict
from statistics import median

from sqlalchemy import Connection, select

from pipeline.report.answers import is_interim
from pipeline.report.model import Table
from pipeline.report.period import RATING_DAYS, Period
from pipeline.store.schema import incident_events, incidents

NO_BLOCK = "Блок не определён"
COLUMNS = ["Ответственный блок", "Получено инцидентов", "С ответом",
           "Медиана времени реакции, ч", "В срок, %", "Ответ по существу, %",
           "Реакций жителей", "Удовлетворены, %"]


def received(conn: Connection, period: Period) -> list[dict]:
    since = period.days_back(RATING_DAYS - 1)
    query = select(incidents).where(incidents.c.created_at >= since,
                                    incidents.c.created_at < period.end,
                                    incidents.c.merged_into.is_(None))
    return [dict(r) for r in conn.execute(query).mappings()]


def answers_of(conn: Connection, ids: list[int]) -> dict[int, list[tuple]]:
    """(at, text) of every recorded answer per incident, oldest first."""
    found: dict[int, list[tuple]] = defaultdict(list)
    if not ids:
        return found
    query = (select(incident_events.c.incident_id, incident_events.c.at,
                    incident_events.c.comment)
             .where(incident_events.c.kind == "answer", incident_events.c.incident_id.in_(ids))
             .order_by(incident_events.c.at, incident_events.c.id))
    for row in conn.execute(query):
        found[row.incident_id].append((row.at, row.comment))
    return found


def percent(part: int, whole: int) -> int | None:
    return None if whole == 0 else round(part / whole * 100)


def block_row(block: str, rows: list[dict], answers: dict[int, list[tuple]]) -> list:
    firsts = {r["id"]: answers[r["id"]][0][0] for r in rows if answers.get(r["id"])}
    reactions = [(r["created_at"], firsts[r["id"]]) for r in rows if r["id"] in firsts]
    hours = [(at - created).total_seconds() / 3600 for created, at in reactions]
    on_time = sum(1 for r in rows if r["id"] in firsts
                  and (r["deadline"] is None or firsts[r["id"]] <= r["deadline"]))
    full = sum(1 for r in rows if any(not is_interim(t) for _, t in answers.get(r["id"], [])))
    reacted = [r for r in rows if r["citizen_reaction"]]
    satisfied = sum(1 for r in reacted if r["citizen_reaction"] == "satisfied")
    return [block, len(rows), len(firsts), round(median(hours), 1) if hours else None,
            percent(on_time, len(rows)), percent(full, len(rows)), len(reacted),
            percent(satisfied, len(reacted))]


def blocks_rating(conn: Connection, period: Period, blocks: list[str]) -> Table:
    rows = received(conn, period)
    answers = answers_of(conn, [r["id"] for r in rows])
    grouped: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        grouped[r["block"] or NO_BLOCK].append(r)
    order = [b for b in blocks if b in grouped] + sorted(set(grouped) - set(blocks))
    table = Table("rating", "Рейтинг ответственных блоков", COLUMNS,
                  note=f"За {RATING_DAYS} дней по отчётный день включительно. Доли — от "
                       "полученных инцидентов; промежуточный ответ («рассмотрим», "
                       "«взято на контроль») не считается ответом по существу.")
    table.rows = [block_row(b, grouped[b], answers) for b in order]
    table.rows.sort(key=lambda row: (-(row[4] or 0), -(row[5] or 0), row[0]))
    return table
