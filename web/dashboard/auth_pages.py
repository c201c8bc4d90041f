"""Login and logout pages; sessions also authenticate the REST API (web.auth resolver)."""

from __future__ import annotations

import secrets

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from pipeline.users import authenticate
from web.auth import Principal
from web.dashboard.common import (
    form_session,
    now_of,
    render,
    safe_next,
    session_of,
)
from web.session import (
    COOKIE,
    LOGIN_CSRF_COOKIE,
    SESSION_TTL,
    close_session,
    login_blocked,
    new_token,
    open_session,
    record_failure,
)

router = APIRouter()


def session_principal(request: Request) -> Principal | None:
    """The principal resolver web.auth asks for dashboard sessions."""
    session = session_of(request)
    if session is None:
        return None
    user = session.user
    return Principal(user.login, user.role, "session", user.sector_limit, session.csrf_token)


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
def login_page(request: Request, next: str | None = None):
    if session_of(request) is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return _login_form(request, next)


def _login_form(request: Request, next_path: str | None, error: str | None = None,
                status: int = 200, login: str = ""):
    token = new_token()
    response = render(request, "login.html", None, status=status, login_csrf=token,
                      next=safe_next(next_path), error=error, login=login)
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="lax",
                        secure=_secure(request), path="/login")
    return response


@router.post("/login", include_in_schema=False)
def login(request: Request, login: str = Form(""), password: str = Form(""),
          csrf_token: str = Form(""), next: str = Form("/queue")):
    expected = request.cookies.get(LOGIN_CSRF_COOKIE)
    if not expected or not secrets.compare_digest(expected.encode(), csrf_token.encode()):
        return _login_form(request, next, "Форма устарела. Попробуйте ещё раз.", 403, login)
    address = request.client.host if request.client else None
    now = now_of(request)
    with request.app.state.store.transaction() as conn:
        if login_blocked(conn, login, address, now):
            return _login_form(request, next, "Слишком много неудачных попыток входа. "
                                              "Подождите 15 минут.", 429, login)
        user = authenticate(conn, login, password)
        if user is None:
            record_failure(conn, login, address, now)
        else:
            token = open_session(conn, user, now, address)
    if user is None:
        return _login_form(request, next, "Неверный логин или пароль.", 401, login)
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(COOKIE, token, max_age=int(SESSION_TTL.total_seconds()), httponly=True,
                        samesite="lax", secure=_secure(request), path="/")
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.post("/logout", include_in_schema=False)
def logout(request: Request, form=Depends(form_session)):
    session, _ = form
    with request.app.state.store.transaction() as conn:
        close_session(conn, session, now_of(request))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response
