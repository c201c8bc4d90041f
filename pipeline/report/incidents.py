"""Incidents in the report: the day's top, new surges, overdue and unanswered ones."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import Connection, select

from pipeline.incidents.levels import OPEN, rank
from pipeline.report.model import Table
from pipeline.report.names import Names
from pipeline.report.period import Period
from pipeline.store.schema import incident_posts, incidents, posts, surges

TOP = 10
LIST_LIMIT = 50


def incident_url(base_url: str, incident_id: int) -> str:
    return f"{base_url.rstrip('/')}/incidents/{incident_id}"


def live_incidents(conn: Connection) -> list[dict]:
    rows = conn.execute(select(incidents).where(incidents.c.merged_into.is_(None)))
    return [dict(r) for r in rows.mappings()]


def day_post_counts(conn: Connection, period: Period) -> Counter:
    """Posts published in the day per incident."""
    query = (select(incident_posts.c.incident_id)
             .join(posts, posts.c.id == incident_posts.c.post_id)
             .where(posts.c.published_at >= period.start, posts.c.published_at < period.end))
    return Counter(conn.execute(query).scalars())


def _link_rows(table: Table, ids: list[int], base_url: str) -> Table:
    table.links = {i: incident_url(base_url, incident_id) for i, incident_id in enumerate(ids)}
    return table


def top_incidents(rows: list[dict], counts: Counter, period: Period, names: Names,
                  base_url: str) -> Table:
    today = [r for r in rows if counts[r["id"]]]
    today.sort(key=lambda r: (-rank(r["risk_level"]), -r["risk"], -counts[r["id"]], r["id"]))
    table = Table("top", "Главные инциденты дня",
                  ["№", "Уровень", "Риск", "Сектор", "Место", "Суть", "Сообщений за день",
                   "Статус", "Срок"])
    for r in today[:TOP]:
        table.rows.append([r["id"], names.level(r["risk_level"]), r["risk"],
                           names.sector(r["sector"]), _place(names, r), r["title"] or "",
                           counts[r["id"]], names.status(r["status"]),
                           period.local_text(r["deadline"])])
    return _link_rows(table, [r["id"] for r in today[:TOP]], base_url)


def _place(names: Names, row: dict) -> str:
    place = names.place(row["municipality"])
    return f"{place}, {row['address']}" if row.get("address") else place


def new_surges(conn: Connection, period: Period, names: Names) -> Table:
    query = (select(surges).where(surges.c.hour_start >= period.start,
                                  surges.c.hour_start < period.end)
             .order_by(surges.c.hour_start, surges.c.id))
    table = Table("surges", "Новые всплески",
                  ["Час", "Сектор", "Место", "Сообщений за час", "Обычно за час", "Инцидент"])
    for r in conn.execute(query).mappings():
        table.rows.append([period.local_text(r["hour_start"]), names.sector(r["sector"]),
                           names.place(r["municipality"]), r["posts"],
                           round(r["baseline"], 1), r["incident_id"]])
    return table


def overdue(rows: list[dict], period: Period, names: Names, base_url: str) -> Table:
    """Open incidents whose deadline passed before the end of the day."""
    late = sorted((r for r in rows if r["status"] in OPEN and r["deadline"]
                   and r["deadline"] < period.end), key=lambda r: (r["deadline"], r["id"]))
    table = Table("overdue", "Просроченные инциденты",
                  ["№", "Уровень", "Сектор", "Ответственный блок", "Место", "Суть", "Срок",
                   "Просрочка, ч", "Статус", "Исполнитель"])
    for r in late[:LIST_LIMIT]:
        hours = round((period.end - r["deadline"]).total_seconds() / 3600, 1)
        table.rows.append([r["id"], names.level(r["risk_level"]), names.sector(r["sector"]),
                           r["block"] or "", _place(names, r), r["title"] or "",
                           period.local_text(r["deadline"]), hours, names.status(r["status"]),
                           r["assignee"] or ""])
    table.note = _limited(len(late))
    return _link_rows(table, [r["id"] for r in late[:LIST_LIMIT]], base_url)


def unanswered(rows: list[dict], period: Period, names: Names, base_url: str) -> Table:
    """Open incidents created before the end of the day with no answer recorded."""
    waiting = sorted((r for r in rows if r["status"] in OPEN and r["answered_at"] is None
                      and r["created_at"] < period.end),
                     key=lambda r: (-rank(r["risk_level"]), r["created_at"], r["id"]))
    table = Table("unanswered", "Инциденты без ответа",
                  ["№", "Уровень", "Сектор", "Ответственный блок", "Место", "Суть", "Создан",
                   "Срок", "Статус"])
    for r in waiting[:LIST_LIMIT]:
        table.rows.append([r["id"], names.level(r["risk_level"]), names.sector(r["sector"]),
                           r["block"] or "", _place(names, r), r["title"] or "",
                           period.local_text(r["created_at"]), period.local_text(r["deadline"]),
                           names.status(r["status"])])
    table.note = _limited(len(waiting))
    return _link_rows(table, [r["id"] for r in waiting[:LIST_LIMIT]], base_url)


def _limited(total: int) -> str:
    return f"Показаны первые {LIST_LIMIT} из {total}." if total > LIST_LIMIT else ""
