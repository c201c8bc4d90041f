"""The queue: filters (sector, level, status, municipality, overdue), counters, refresh."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import func, select

from pipeline.config.model import LEVELS
from pipeline.incidents.levels import OPEN, STATUSES
from pipeline.incidents.queue import overdue_expr, queue_query
from pipeline.incidents.views import incident_dict, post_refs
from pipeline.store.schema import incidents
from web.dashboard.common import now_of, page_session, render, rules_of
from web.session import Session

router = APIRouter(include_in_schema=False)
PAGE = 200
STATUS_GROUPS = {"open": list(OPEN), "all": None, "closed": ["answered", "resolved", "rejected"]}


@dataclass
class Filters:
    sector: str = ""
    level: str = ""
    status: str = "open"
    municipality: str = ""
    overdue: bool = False

    @classmethod
    def read(cls, request: Request, session: Session) -> Filters:
        q = request.query_params
        status = q.get("status", "open")
        if status not in STATUS_GROUPS and status not in STATUSES:
            status = "open"
        level = q.get("level", "")
        return cls(sector=session.user.sector_limit or q.get("sector", ""),
                   level=level if level in LEVELS else "", status=status,
                   municipality=q.get("municipality", ""),
                   overdue=q.get("overdue") in ("1", "on", "true"))

    def statuses(self) -> list[str] | None:
        return STATUS_GROUPS.get(self.status, [self.status])


def queue_rows(conn, rules, now, f: Filters) -> list[dict]:
    query = queue_query(now, status=f.statuses(), sector=f.sector or None,
                        municipality=f.municipality or None, level=f.level or None)
    if f.overdue:
        query = query.where(overdue_expr(now) == 1)
    rows = conn.execute(query.limit(PAGE)).mappings().all()
    refs = post_refs(conn, [r["id"] for r in rows])
    return [incident_dict(r, refs.get(r["id"], []), rules, now) for r in rows]


def counters(conn, now, sector: str | None) -> dict:
    scope = [incidents.c.merged_into.is_(None), incidents.c.status.in_(OPEN)]
    if sector:
        scope.append(incidents.c.sector == sector)
    by_level = dict(conn.execute(select(incidents.c.risk_level, func.count())
                                 .where(*scope).group_by(incidents.c.risk_level)).all())
    by_status = dict(conn.execute(select(incidents.c.status, func.count())
                                  .where(*scope).group_by(incidents.c.status)).all())
    overdue = conn.execute(select(func.count()).select_from(incidents)
                           .where(*scope, overdue_expr(now) == 1)).scalar_one()
    return {"open": sum(by_status.values()), "overdue": overdue, "by_level": by_level,
            "by_status": by_status}


@router.get("/", include_in_schema=False)
def home():
    return RedirectResponse("/queue", status_code=303)


@router.get("/queue", response_class=HTMLResponse)
def queue_page(request: Request, session: Session = Depends(page_session)):
    f = Filters.read(request, session)
    now, rules = now_of(request), rules_of(request)
    with request.app.state.store.transaction() as conn:
        rows = queue_rows(conn, rules, now, f)
        counts = counters(conn, now, f.sector or None)
    template = "queue_rows.html" if request.headers.get("x-partial") else "queue.html"
    return render(request, template, session, rows=rows, f=f, counts=counts, levels=LEVELS,
                  statuses=STATUSES, limit=PAGE)
