"""The dashboard of the monitoring shift: server-rendered pages (Jinja2), no JS build.

``web.app.create_app`` includes ``router`` and calls ``install(app)``, which serves
/static, lets dashboard sessions authenticate the REST API, and turns page-level refusals
into pages.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles

from web.auth import add_principal_resolver
from web.dashboard import (
    analytics_page,
    auth_pages,
    incident_page,
    queue_page,
    reports_page,
    search_page,
    sources_page,
)
from web.dashboard.common import WEB, DashboardError, LoginRequired, render, session_of

router = APIRouter(include_in_schema=False)
for module in (auth_pages, queue_page, incident_page, sources_page, analytics_page,
               search_page, reports_page):
    router.include_router(module.router)


def install(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=WEB / "static"), name="static")
    add_principal_resolver(app, auth_pages.session_principal)
    app.add_exception_handler(DashboardError, _refused)
    app.add_exception_handler(LoginRequired, _to_login)


async def _refused(request: Request, exc: DashboardError):
    return render(request, "error.html", session_of(request), status=exc.status,
                  message=exc.message)


async def _to_login(request: Request, exc: LoginRequired):
    return RedirectResponse(f"/login?next={quote(exc.path)}", status_code=303)
