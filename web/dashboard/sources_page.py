"""Sources health: status, last success and error, failures, next attempt, posts per day,
recent source events, and live config errors when the service runs us (radar run)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import select

from pipeline.service.health import posts_per_day
from pipeline.store.schema import source_events
from pipeline.store.sources import source_rows
from web.dashboard.common import page_session, render
from web.session import Session

router = APIRouter(include_in_schema=False)
EVENTS = 100


@router.get("/sources", response_class=HTMLResponse)
def sources_page(request: Request, session: Session = Depends(page_session)):
    store = request.app.state.store
    with store.transaction() as conn:
        rows = source_rows(conn)
        events = conn.execute(select(source_events).order_by(
            source_events.c.at.desc(), source_events.c.id.desc()).limit(EVENTS)).mappings().all()
    rates = posts_per_day(store)
    configured = [r for r in rows if r["origin"] == "config"]
    return render(request, "sources.html", session, rows=configured, rates=rates,
                  events=events)
