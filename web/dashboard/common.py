"""What every dashboard page shares: templates, the signed-in user, CSRF, errors."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from starlette.datastructures import FormData

from pipeline.incidents.levels import Rules
from pipeline.report.names import SENTIMENTS, STATUSES
from pipeline.users import ROLE_TITLES
from web.session import COOKIE, Session, load_session

WEB = Path(__file__).resolve().parents[1]
_env = Environment(loader=FileSystemLoader(WEB / "templates"), autoescape=True,
                   trim_blocks=True, lstrip_blocks=True)
templates = Jinja2Templates(env=_env)


class DashboardError(Exception):
    """A page-level refusal shown as a page (403, 404, 409, 429...), in Russian."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


class LoginRequired(Exception):
    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.path = path


def http_url(url: str | None) -> str | None:
    """Only http(s) links become links; anything else (javascript:, data:) is shown as text."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def local_time(moment: datetime | str | None, zone: str, fmt: str = "%d.%m.%Y %H:%M") -> str:
    if not moment:
        return ""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment.astimezone(ZoneInfo(zone)).strftime(fmt)


def rules_of(request: Request) -> Rules:
    if getattr(request.app.state, "rules", None) is None:
        request.app.state.rules = Rules.from_config(request.app.state.config)
    return request.app.state.rules


def now_of(request: Request) -> datetime:
    return request.app.state.clock()


def session_of(request: Request) -> Session | None:
    """The signed-in session (looked up once per request)."""
    if not hasattr(request.state, "radar_session"):
        with request.app.state.store.transaction() as conn:
            request.state.radar_session = load_session(conn, request.cookies.get(COOKIE),
                                                       now_of(request))
    return request.state.radar_session


def page_session(request: Request) -> Session:
    """A dependency for pages: the session, or a redirect to the login page."""
    session = session_of(request)
    if session is None:
        raise LoginRequired(request.url.path)
    return session


async def form_session(request: Request) -> tuple[Session, FormData]:
    """A dependency for forms: the session and the form, when its CSRF token is right."""
    session = page_session(request)
    form = await request.form()
    if not session.csrf_ok(form.get("csrf_token")):
        raise DashboardError(403, "Форма устарела или подделана (неверный CSRF-токен). "
                                  "Обновите страницу и повторите.")
    return session, form


def render(request: Request, name: str, session: Session | None, status: int = 200,
           **context) -> HTMLResponse:
    config = request.app.state.config
    rules = rules_of(request)
    zone = config.region.timezone
    base = {"request": request, "session": session, "user": session.user if session else None,
            "csrf": session.csrf_token if session else "", "config": config, "rules": rules,
            "zone": zone, "role_titles": ROLE_TITLES, "status_titles": STATUSES,
            "sentiment_titles": SENTIMENTS, "http_url": http_url,
            "when": lambda m, fmt="%d.%m.%Y %H:%M": local_time(m, zone, fmt),
            "watcher_errors": _watcher_errors(request)}
    response = templates.TemplateResponse(request, name, {**base, **context},
                                          status_code=status)
    return secure_headers(response)


# Defence in depth for pages that show untrusted text: no inline or foreign script runs.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self' "
                               "'unsafe-inline'; img-src 'self' data:; object-src 'none'; "
                               "base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


def secure_headers(response):
    response.headers.update(SECURITY_HEADERS)
    return response


def _watcher_errors(request: Request) -> list[str]:
    watcher = getattr(request.app.state, "config_watcher", None)
    return list(getattr(watcher, "errors", None) or [])


def back(path: str, note: str | None = None) -> RedirectResponse:
    """303 after a POST, with a fixed note code (never reflected user text)."""
    target = path + (("&" if "?" in path else "?") + "note=" + quote(note) if note else "")
    return RedirectResponse(target, status_code=303)


def safe_next(value: str | None) -> str:
    """Only local paths are followed after login (no open redirect)."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/queue"
    return value
