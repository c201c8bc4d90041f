"""Dashboard users (argon2 password hashes) and the audit log of non-incident actions.

Incident actions are audited in ``incident_events`` by pipeline.incidents; logins, logouts
and user changes go to ``audit_log`` here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, func, select, update

from pipeline.store.schema import audit_log, users
from pipeline.store.types import utcnow

ROLES = ("operator", "lead", "admin")
ROLE_TITLES = {"operator": "оператор", "lead": "руководитель сектора", "admin": "администратор"}
_hasher = PasswordHasher()  # argon2id with the library's (RFC 9106 low-memory) defaults
_DUMMY_HASH = _hasher.hash("radar-dummy-password")


def use_hasher(hasher: PasswordHasher) -> None:
    """Swap the cost parameters (e.g. cheaper ones in tests); old hashes still verify."""
    global _hasher, _DUMMY_HASH
    _hasher = hasher
    # Verifying an unknown login costs as much as a real one: no timing hint that it exists.
    _DUMMY_HASH = _hasher.hash("radar-dummy-password")


class UserError(ValueError):
    """A user that cannot be created or changed as asked."""


@dataclass(frozen=True)
class User:
    id: int
    login: str
    role: str
    sector: str | None

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def sector_limit(self) -> str | None:
        """The only sector a lead may see and act on; None means every sector."""
        return self.sector if self.role == "lead" else None

    def may_act_on(self, sector: str | None) -> bool:
        return self.sector_limit is None or sector == self.sector_limit


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def add_user(conn: Connection, login: str, password: str, role: str,
             sector: str | None = None, actor: str = "cli", now: datetime | None = None,
             sectors: list[str] | None = None) -> int:
    """Create a user; a lead needs a sector (one of ``sectors`` when given)."""
    _check_new_user(conn, login, password, role, sector, sectors)
    now = now or utcnow()
    user_id = conn.execute(users.insert().values(
        login=login, password_hash=hash_password(password), role=role,
        sector=sector, active=True,
        created_at=now)).inserted_primary_key[0]
    audit(conn, actor, "user_add", login, now, {"role": role, "sector": sector})
    return user_id


def _check_new_user(conn: Connection, login: str, password: str, role: str,
                    sector: str | None, sectors: list[str] | None) -> None:
    if not login or len(login) > 64 or not login.isprintable() or " " in login:
        raise UserError(f"bad login {login!r}: 1-64 printable characters, no spaces")
    if role not in ROLES:
        raise UserError(f"unknown role {role!r}; one of {', '.join(ROLES)}")
    if role == "lead" and not sector:
        raise UserError("a sector lead needs --sector")
    if sector and sectors is not None and sector not in sectors:
        raise UserError(f"unknown sector {sector!r}; one of {', '.join(sectors)}")
    if len(password) < 8:
        raise UserError("password too short: at least 8 characters")
    if conn.execute(select(users.c.id).where(users.c.login == login)).first():
        raise UserError(f"user {login!r} already exists")


def authenticate(conn: Connection, login: str, password: str) -> User | None:
    """The active user with this login and password, else None (same cost either way)."""
    row = conn.execute(select(users).where(users.c.login == login)).mappings().first()
    stored = row["password_hash"] if row is not None else _DUMMY_HASH
    try:
        _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return None
    if row is None or not row["active"]:
        return None
    if _hasher.check_needs_rehash(stored):
        conn.execute(update(users).where(users.c.id == row["id"]).values(
            password_hash=hash_password(password)))
    return _user(row)


def get_user(conn: Connection, user_id: int) -> User | None:
    row = conn.execute(select(users).where(users.c.id == user_id,
                                           users.c.active.is_(True))).mappings().first()
    return _user(row) if row is not None else None


def list_users(conn: Connection) -> list[User]:
    rows = conn.execute(select(users).where(users.c.active.is_(True)).order_by(users.c.login))
    return [_user(r) for r in rows.mappings()]


def _user(row) -> User:
    return User(id=row["id"], login=row["login"], role=row["role"], sector=row["sector"])


def audit(conn: Connection, actor: str, action: str, target: str | None = None,
          now: datetime | None = None, data: dict | None = None) -> None:
    conn.execute(audit_log.insert().values(at=now or utcnow(), actor=actor, action=action,
                                           target=target, data=data))


def count_actions(conn: Connection, action: str, target: str, since: datetime) -> int:
    return conn.execute(select(func.count()).select_from(audit_log).where(
        audit_log.c.action == action, audit_log.c.target == target,
        audit_log.c.at >= since)).scalar_one()
