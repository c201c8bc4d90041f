"""The daily report: the day's numbers for the governor's office, as HTML and XLSX.

``build_report`` gathers every table once; ``render.write_html`` and ``render.write_xlsx``
print the same tables, so both files always show the same numbers.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Connection

from pipeline.config.model import Config
from pipeline.report import incidents as inc
from pipeline.report.model import Chart, DailyReport
from pipeline.report.names import Names
from pipeline.report.period import Period
from pipeline.report.problems import recurring
from pipeline.report.rating import blocks_rating
from pipeline.report.volumes import volume_tables
from pipeline.store.types import utcnow


def build_report(conn: Connection, config: Config, day: date,
                 now: datetime | None = None) -> DailyReport:
    period = Period(day, ZoneInfo(config.region.timezone))
    names = Names(config)
    base_url = config.alerts.base_url
    volumes, charts = volume_tables(conn, period, names, config.sector_keys(),
                                    config.municipality_keys())
    live = inc.live_incidents(conn)
    counts = inc.day_post_counts(conn, period)
    blocks = list(dict.fromkeys(s.block for s in config.sectors))
    tables = [*volumes,
              inc.top_incidents(live, counts, period, names, base_url),
              inc.new_surges(conn, period, names),
              inc.overdue(live, period, names, base_url),
              inc.unanswered(live, period, names, base_url),
              blocks_rating(conn, period, blocks),
              recurring(conn, period, names)]
    sectors = volumes[0].rows[:-1]
    charts.append(Chart("Сообщения по секторам: за день и среднее за 7 дней",
                        [(r[0], r[1]) for r in sectors], [(r[0], r[2]) for r in sectors],
                        horizontal=True))
    return DailyReport(day=day, region=config.region.name, timezone=config.region.timezone,
                       generated_at=now or utcnow(), tables=tables, charts=charts)
