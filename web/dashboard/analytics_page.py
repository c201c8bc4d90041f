"""Risk map (sector × municipality heatmap of incidents) and trends by day and by hour."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import timedelta
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import or_, select

from pipeline.incidents.levels import OPEN, rank
from pipeline.report.charts import bar_chart
from pipeline.report.period import Period
from pipeline.report.volumes import analysed_posts
from pipeline.store.schema import incidents
from web.dashboard.common import now_of, page_session, render
from web.session import Session

router = APIRouter(include_in_schema=False)
PERIODS = {"1": 1, "7": 7, "30": 30}


def heatmap(conn, since, sector: str | None) -> dict[tuple, dict]:
    """Per (sector, municipality): incidents open now or created since ``since``."""
    query = select(incidents).where(incidents.c.merged_into.is_(None), or_(
        incidents.c.status.in_(OPEN), incidents.c.created_at >= since))
    if sector:
        query = query.where(incidents.c.sector == sector)
    cells: dict[tuple, dict] = defaultdict(lambda: {"count": 0, "open": 0, "level": "none",
                                                    "risk": 0})
    for r in conn.execute(query).mappings():
        cell = cells[(r["sector"], r["municipality"])]
        cell["count"] += 1
        cell["open"] += r["status"] in OPEN
        cell["risk"] = max(cell["risk"], r["risk"])
        if rank(r["risk_level"]) > rank(cell["level"]):
            cell["level"] = r["risk_level"]
    return cells


def trends(rows: list[dict], period: Period, days: int, negative: bool = False) -> list:
    if negative:
        rows = [r for r in rows if r["sentiment"] == "negative"]
    by_day = Counter(period.local_day(r["published_at"]) for r in rows)
    by_hour = Counter(period.local_hour(r["published_at"]) for r in rows)
    first = period.day - timedelta(days=days - 1)
    day_points = [((first + timedelta(days=i)).strftime("%d.%m"),
                   by_day[first + timedelta(days=i)]) for i in range(days)]
    hour_points = [(f"{h:02d}", by_hour[h]) for h in range(24)]
    return [day_points, hour_points]


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, session: Session = Depends(page_session)):
    config = request.app.state.config
    days = PERIODS.get(request.query_params.get("days", "7"), 7)
    now = now_of(request)
    zone = ZoneInfo(config.region.timezone)
    period = Period(now.astimezone(zone).date(), zone)
    sector = session.user.sector_limit
    with request.app.state.store.transaction() as conn:
        cells = heatmap(conn, now - timedelta(days=days), sector)
        posts = analysed_posts(conn, period.days_back(max(days, 7) - 1), period.end)
    if sector:
        posts = [p for p in posts if p["sector"] == sector]
    span = max(days, 7)
    all_days, all_hours = trends(posts, period, span)
    neg_days, _ = trends(posts, period, span, negative=True)
    titles = (f"Сообщения по дням ({span} дн.)", f"Сообщения по часам суток (за {span} дн.)")
    charts = [(titles[0], bar_chart(titles[0], all_days, neg_days)),
              (titles[1], bar_chart(titles[1], all_hours))]
    sectors = [s for s in config.sectors if not sector or s.key == sector]
    return render(request, "map.html", session, cells=cells, sectors=sectors,
                  municipalities=config.municipalities, days=days, charts=charts)
