"""Post totals of the day by sector, municipality and sentiment against the 7 days before."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from sqlalchemy import Connection, select

from pipeline.incidents.repo import newest_analyses
from pipeline.report.model import Chart, Table
from pipeline.report.names import SENTIMENTS, Names
from pipeline.report.period import BASELINE_DAYS, Period
from pipeline.store.schema import posts

COLUMNS = ["за день", f"в среднем за {BASELINE_DAYS} дней до", "изменение, %"]


def analysed_posts(conn: Connection, since: datetime, until: datetime) -> list[dict]:
    """Posts published in [since, until) with their newest analysis (unanalysed left out)."""
    newest = newest_analyses()
    query = (select(posts.c.id, posts.c.published_at, newest.c.sector, newest.c.municipality,
                    newest.c.sentiment)
             .join_from(posts, newest, newest.c.post_id == posts.c.id)
             .where(posts.c.published_at >= since, posts.c.published_at < until,
                    posts.c.deleted_at.is_(None)))
    return [dict(r) for r in conn.execute(query).mappings()]


def change_percent(today: int, average: float) -> int | None:
    return None if average == 0 else round((today - average) / average * 100)


def totals_table(key: str, title: str, label: str, rows: list[dict], period: Period,
                 field: str, order: list[str], name) -> Table:
    today = Counter(r[field] for r in rows if r["published_at"] >= period.start)
    before = Counter(r[field] for r in rows if r["published_at"] < period.start)
    keys = order + sorted({k for k in today | before if k not in order}, key=str)
    table = Table(key, title, [label, *COLUMNS])
    for k in keys:
        average = round(before[k] / BASELINE_DAYS, 1)
        table.rows.append([name(k), today[k], average, change_percent(today[k], average)])
    day_total, avg_total = sum(today.values()), round(sum(before.values()) / BASELINE_DAYS, 1)
    table.rows.append(["Всего", day_total, avg_total, change_percent(day_total, avg_total)])
    return table


def volume_tables(conn: Connection, period: Period, names: Names, sectors: list[str],
                  places: list[str]) -> tuple[list[Table], list[Chart]]:
    rows = analysed_posts(conn, period.days_back(BASELINE_DAYS), period.end)
    tables = [
        totals_table("sectors", "Сообщения по секторам", "Сектор", rows, period, "sector",
                     sectors, names.sector),
        totals_table("municipalities", "Сообщения по муниципалитетам", "Муниципалитет", rows,
                     period, "municipality", places, names.place),
        totals_table("sentiment", "Сообщения по тональности", "Тональность", rows, period,
                     "sentiment", list(SENTIMENTS), names.sentiment),
    ]
    return tables, [by_hour(rows, period), by_day(rows, period)]


def by_hour(rows: list[dict], period: Period) -> Chart:
    hours = Counter(period.local_hour(r["published_at"]) for r in rows
                    if r["published_at"] >= period.start)
    return Chart("Сообщения по часам дня", [(f"{h:02d}", hours[h]) for h in range(24)])


def by_day(rows: list[dict], period: Period) -> Chart:
    days = Counter(period.local_day(r["published_at"]) for r in rows)
    first = period.local_day(period.days_back(BASELINE_DAYS))
    points = []
    for offset in range(BASELINE_DAYS + 1):
        day = first.fromordinal(first.toordinal() + offset)
        points.append((day.strftime("%d.%m"), days[day]))
    return Chart("Сообщения по дням", points)
