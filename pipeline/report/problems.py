"""Problems that keep coming back: one sector, place and address across incidents and days.

Over the last 30 days (ending with the report's day) the posts of live incidents are grouped
by sector, municipality and address (when known). A group is a recurring problem when it
spans two or more incidents, or posts on three or more different days.
"""

from __future__ import annotations

import re
from collections import defaultdict

from sqlalchemy import Connection, select

from pipeline.report.model import Table
from pipeline.report.names import Names
from pipeline.report.period import PROBLEM_DAYS, Period
from pipeline.store.schema import incident_posts, incidents, posts

MIN_INCIDENTS = 2
MIN_DAYS = 3
LIMIT = 20
COLUMNS = ["Сектор", "Место", "Адрес", "Инцидентов", "Сообщений", "Дней", "Последнее",
           "Последний инцидент"]


def address_key(address: str | None) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", (address or "").lower()).split())


def problem_posts(conn: Connection, period: Period) -> list[dict]:
    query = (select(incidents.c.id, incidents.c.sector, incidents.c.municipality,
                    incidents.c.address, incidents.c.title, posts.c.published_at)
             .join(incident_posts, incident_posts.c.incident_id == incidents.c.id)
             .join(posts, posts.c.id == incident_posts.c.post_id)
             .where(incidents.c.merged_into.is_(None),
                    posts.c.published_at >= period.days_back(PROBLEM_DAYS - 1),
                    posts.c.published_at < period.end))
    return [dict(r) for r in conn.execute(query).mappings()]


def group(rows: list[dict], period: Period) -> dict[tuple, dict]:
    groups: dict[tuple, dict] = defaultdict(lambda: {"incidents": {}, "posts": 0, "days": set(),
                                                     "last": None, "address": None})
    for r in rows:
        g = groups[(r["sector"], r["municipality"], address_key(r["address"]))]
        g["incidents"][r["id"]] = r["title"] or ""
        g["posts"] += 1
        g["days"].add(period.local_day(r["published_at"]))
        g["address"] = g["address"] or r["address"]
        if g["last"] is None or r["published_at"] > g["last"][0]:
            g["last"] = (r["published_at"], r["id"])
    return groups


def recurring(conn: Connection, period: Period, names: Names) -> Table:
    groups = group(problem_posts(conn, period), period)
    found = [(key, g) for key, g in groups.items()
             if len(g["incidents"]) >= MIN_INCIDENTS or len(g["days"]) >= MIN_DAYS]
    found.sort(key=lambda kg: (-len(kg[1]["incidents"]), -len(kg[1]["days"]), -kg[1]["posts"],
                               str(kg[0])))
    table = Table("problems", "Повторяющиеся проблемы", COLUMNS,
                  note=f"За {PROBLEM_DAYS} дней: одна тема (сектор, место, адрес) в "
                       f"{MIN_INCIDENTS}+ инцидентах или в сообщениях за {MIN_DAYS}+ дня.")
    for (sector, municipality, _), g in found[:LIMIT]:
        last_at, last_id = g["last"]
        table.rows.append([names.sector(sector), names.place(municipality), g["address"] or "",
                           len(g["incidents"]), g["posts"], len(g["days"]),
                           period.local_text(last_at), f"#{last_id} {g['incidents'][last_id]}"])
    return table
