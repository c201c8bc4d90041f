"""Dashboard login sessions: opaque cookies, CSRF tokens, a login rate limit.

The cookie holds a random token; the database keeps only its SHA-256 (``web_sessions``),
so a leaked table opens no session. Every session has its own CSRF token, which every form
posts back. Failed logins are audit rows; too many of them (per login or per client
address) within a window block further attempts.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, delete, func, or_, select

from pipeline.store.schema import audit_log, web_sessions
from pipeline.users import User, audit, get_user

COOKIE = "radar_session"
LOGIN_CSRF_COOKIE = "radar_login_csrf"
SESSION_TTL = timedelta(hours=12)  # one shift
RATE_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_LOGIN = 5
MAX_FAILURES_PER_ADDRESS = 20


@dataclass(frozen=True)
class Session:
    user: User
    csrf_token: str
    key: str  # sha256 of the cookie token

    def csrf_ok(self, submitted: str | None) -> bool:
        return isinstance(submitted, str) and bool(submitted) and \
            hmac.compare_digest(self.csrf_token.encode(), submitted.encode())


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def open_session(conn: Connection, user: User, now: datetime, address: str | None) -> str:
    """A new session for ``user``; returns the cookie token (shown once, stored hashed)."""
    token = new_token()
    conn.execute(delete(web_sessions).where(web_sessions.c.expires_at < now))
    conn.execute(web_sessions.insert().values(
        id_sha256=_digest(token), user_id=user.id, csrf_token=new_token(), created_at=now,
        expires_at=now + SESSION_TTL))
    audit(conn, user.login, "login", user.login, now, {"address": address})
    return token


def load_session(conn: Connection, token: str | None, now: datetime) -> Session | None:
    if not token:
        return None
    row = conn.execute(select(web_sessions).where(
        web_sessions.c.id_sha256 == _digest(token),
        web_sessions.c.expires_at > now)).mappings().first()
    if row is None:
        return None
    user = get_user(conn, row["user_id"])
    return Session(user, row["csrf_token"], row["id_sha256"]) if user else None


def close_session(conn: Connection, session: Session, now: datetime) -> None:
    conn.execute(delete(web_sessions).where(web_sessions.c.id_sha256 == session.key))
    audit(conn, session.user.login, "logout", session.user.login, now)


def record_failure(conn: Connection, login: str, address: str | None, now: datetime) -> None:
    audit(conn, login[:64] or "-", "login_failed", f"address:{address}", now,
          {"login": login[:64]})


def login_blocked(conn: Connection, login: str, address: str | None, now: datetime) -> bool:
    since = now - RATE_WINDOW
    failures = select(audit_log.c.actor, audit_log.c.target).where(
        audit_log.c.action == "login_failed", audit_log.c.at >= since,
        or_(audit_log.c.actor == login[:64], audit_log.c.target == f"address:{address}"))
    rows = conn.execute(failures).all()
    per_login = sum(1 for r in rows if r.actor == login[:64])
    per_address = sum(1 for r in rows if r.target == f"address:{address}")
    return per_login >= MAX_FAILURES_PER_LOGIN or per_address >= MAX_FAILURES_PER_ADDRESS


def active_sessions(conn: Connection, now: datetime) -> int:
    return conn.execute(select(func.count()).select_from(web_sessions).where(
        web_sessions.c.expires_at > now)).scalar_one()
