"""The daily report in the browser (/reports/D) and as XLSX (/reports/D.xlsx)."""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from pipeline.report import build_report
from pipeline.report.render import file_stem, html_text, write_xlsx
from web.dashboard.common import DashboardError, now_of, page_session, secure_headers
from web.session import Session

router = APIRouter(include_in_schema=False)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise DashboardError(404, "Нет такой даты отчёта (нужно ГГГГ-ММ-ДД).") from exc


def _built(request: Request, session: Session, value: str):
    if session.user.sector_limit:
        raise DashboardError(403, "Сводный отчёт по всем секторам доступен оператору и "
                                  "администратору.")
    with request.app.state.store.transaction() as conn:
        return build_report(conn, request.app.state.config, _day(value), now_of(request))


@router.get("/reports")
def latest(request: Request, session: Session = Depends(page_session)):
    zone = ZoneInfo(request.app.state.config.region.timezone)
    yesterday = now_of(request).astimezone(zone).date() - timedelta(days=1)
    return RedirectResponse(f"/reports/{yesterday.isoformat()}", status_code=303)


@router.get("/reports/{day}.xlsx")
def report_xlsx(day: str, request: Request, session: Session = Depends(page_session)):
    report = _built(request, session, day)
    with tempfile.TemporaryDirectory() as folder:
        data = write_xlsx(report, Path(folder)).read_bytes()
    return Response(data, media_type=XLSX, headers={
        "Content-Disposition": f'attachment; filename="{file_stem(report)}.xlsx"'})


@router.get("/reports/{day}", response_class=HTMLResponse)
def report_html(day: str, request: Request, session: Session = Depends(page_session)):
    return secure_headers(HTMLResponse(html_text(_built(request, session, day))))
