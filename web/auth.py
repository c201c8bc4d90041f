"""Who is calling: an API token (``Authorization: Bearer``) or a dashboard session.

``current_principal`` asks each resolver in ``app.state.principal_resolvers`` in turn; the
API token resolver is built in, and the dashboard adds its session resolver with
``add_principal_resolver(app, resolver)`` (a resolver takes the Request and returns a
Principal or None). A session principal must send its CSRF token in ``X-CSRF-Token`` on
every state-changing request; a token principal needs none (no ambient credentials).

Tokens are shown once at creation; the table keeps only their SHA-256.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from fastapi import Depends, HTTPException, Request
from sqlalchemy import Connection, select, update

from pipeline.store.schema import api_tokens

ROLES = ("operator", "lead", "admin")
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


@dataclass(frozen=True)
class Principal:
    name: str  # what the audit trail records as the actor
    role: str  # operator | lead | admin
    kind: str  # token | session
    sector: str | None = None  # a lead limited to one sector
    csrf_token: str | None = None  # sessions only

    def may_act_on(self, sector: str | None) -> bool:
        return self.role != "lead" or self.sector is None or sector == self.sector


Resolver = Callable[[Request], "Principal | None"]


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(conn: Connection, name: str, role: str, now: datetime) -> str:
    """A new API token named ``name``; the token itself is returned once and never stored."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; one of {', '.join(ROLES)}")
    if conn.execute(select(api_tokens.c.id).where(api_tokens.c.name == name)).first():
        raise ValueError(f"a token named {name!r} exists already")
    token = "radar_" + secrets.token_urlsafe(32)
    conn.execute(api_tokens.insert().values(name=name, token_sha256=token_digest(token),
                                            role=role, created_at=now))
    return token


def revoke_token(conn: Connection, name: str, now: datetime) -> bool:
    done = conn.execute(update(api_tokens).where(
        api_tokens.c.name == name, api_tokens.c.revoked_at.is_(None)).values(revoked_at=now))
    return done.rowcount == 1


def token_principal(conn: Connection, token: str) -> Principal | None:
    row = conn.execute(select(api_tokens).where(
        api_tokens.c.token_sha256 == token_digest(token),
        api_tokens.c.revoked_at.is_(None))).mappings().first()
    return Principal(f"token:{row['name']}", row["role"], "token") if row else None


def bearer_resolver(request: Request) -> Principal | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    with request.app.state.store.transaction() as conn:
        return token_principal(conn, token.strip())


def add_principal_resolver(app, resolver: Resolver) -> None:
    app.state.principal_resolvers.append(resolver)


def current_principal(request: Request) -> Principal:
    for resolver in request.app.state.principal_resolvers:
        principal = resolver(request)
        if principal is not None:
            _check_csrf(request, principal)
            return principal
    raise HTTPException(401, "an API token (Authorization: Bearer) or a session is required",
                        headers={"WWW-Authenticate": "Bearer"})


def _check_csrf(request: Request, principal: Principal) -> None:
    if principal.kind != "session" or request.method in SAFE_METHODS:
        return
    sent = request.headers.get("x-csrf-token", "")
    if not (principal.csrf_token and hmac.compare_digest(sent, principal.csrf_token)):
        raise HTTPException(403, "missing or wrong X-CSRF-Token")


def require_roles(*roles: str):
    """A dependency: the principal, when its role is one of ``roles``."""
    def check(principal: Principal = Depends(current_principal)) -> Principal:
        if principal.role not in roles:
            raise HTTPException(403, f"role {principal.role} may not do this")
        return principal
    return check
