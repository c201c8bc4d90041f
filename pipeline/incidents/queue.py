"""The reaction queue: order, claiming, status transitions, comments, answers, reactions.

Every change is an ``incident_events`` row (who, when, from, to, comment). Claiming is safe
between processes: PostgreSQL skips rows another transaction holds (FOR UPDATE SKIP
LOCKED); SQLite transactions start with BEGIN IMMEDIATE, so claimers run one at a time.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, case, select, update

from pipeline.config.model import LEVELS
from pipeline.incidents.levels import OPEN
from pipeline.incidents.repo import add_event
from pipeline.store.schema import incidents

CLAIMABLE = ("new", "reopened")
CLAIM_TRIES = 5
TRANSITIONS = {
    "new": {"assigned", "in_progress", "rejected"},
    "assigned": {"new", "in_progress", "answered", "rejected"},
    "in_progress": {"assigned", "answered", "rejected"},
    "answered": {"in_progress", "resolved", "reopened"},
    "resolved": {"reopened"},
    "rejected": {"reopened"},
    "reopened": {"assigned", "in_progress", "answered", "rejected"},
}
REACTIONS = ("satisfied", "unsatisfied")


class QueueError(Exception):
    """An operation the incident's state does not allow (HTTP 409)."""


class NotFound(QueueError):
    """No such incident (HTTP 404)."""


def overdue_expr(now: datetime):
    return case((incidents.c.status.in_(OPEN) & (incidents.c.deadline < now), 1), else_=0)


def level_expr():
    return case({level: i for i, level in enumerate(LEVELS)}, value=incidents.c.risk_level,
                else_=0)


def queue_order(now: datetime) -> tuple:
    """Overdue first, then the higher level, then the nearer deadline (none last).

    Closed incidents (answered, resolved, rejected) follow all open ones.
    """
    is_open = case((incidents.c.status.in_(OPEN), 1), else_=0)
    return (overdue_expr(now).desc(), is_open.desc(), level_expr().desc(),
            case((incidents.c.deadline.is_(None), 1), else_=0), incidents.c.deadline,
            incidents.c.id)


def queue_query(now: datetime, status: str | list[str] | None = None,
                sector: str | None = None, municipality: str | None = None,
                level: str | None = None):
    query = select(incidents).where(incidents.c.merged_into.is_(None))
    if status:
        query = query.where(incidents.c.status.in_([status] if isinstance(status, str)
                                                   else status))
    if sector:
        query = query.where(incidents.c.sector == sector)
    if municipality:
        query = query.where(incidents.c.municipality == municipality)
    if level:
        query = query.where(incidents.c.risk_level == level)
    return query.order_by(*queue_order(now))


def claim_next(conn: Connection, actor: str, now: datetime,
               sector: str | None = None) -> int | None:
    """Give ``actor`` the first claimable incident in queue order; None when there is none."""
    query = queue_query(now, status=list(CLAIMABLE), sector=sector).where(
        incidents.c.assignee.is_(None)).with_only_columns(incidents.c.id).limit(1)
    if conn.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    for _ in range(CLAIM_TRIES):  # lost a race for a row: take the next one
        incident_id = conn.execute(query).scalar()
        if incident_id is None or claim(conn, incident_id, actor, now):
            return incident_id
    return None


def claim(conn: Connection, incident_id: int, actor: str, now: datetime) -> bool:
    """Take one incident; False when someone else has it (a conditional update, atomic)."""
    status = _status(conn, incident_id)
    done = conn.execute(update(incidents).where(
        incidents.c.id == incident_id, incidents.c.status.in_(CLAIMABLE),
        incidents.c.assignee.is_(None)).values(
            status="assigned", assignee=actor, claimed_at=now, updated_at=now))
    if done.rowcount != 1:
        return False
    add_event(conn, incident_id, actor, "status", now, from_status=status,
              to_status="assigned", comment="взято в работу")
    return True


def transition(conn: Connection, incident_id: int, to: str, actor: str, now: datetime,
               comment: str | None = None) -> str:
    """Move an incident to status ``to``; returns the previous status."""
    status = _status(conn, incident_id)
    if to not in TRANSITIONS.get(status, ()):
        raise QueueError(f"incident {incident_id}: {status} -> {to} is not allowed")
    values: dict = {"status": to, "updated_at": now}
    if to in ("assigned", "in_progress"):
        values.update(assignee=_assignee(conn, incident_id) or actor)
    if to in CLAIMABLE:  # back to the queue for anyone to claim
        values.update(assignee=None, claimed_at=None)
    done = conn.execute(update(incidents).where(
        incidents.c.id == incident_id, incidents.c.status == status).values(**values))
    if done.rowcount != 1:
        raise QueueError(f"incident {incident_id} changed meanwhile; try again")
    add_event(conn, incident_id, actor, "status", now, from_status=status, to_status=to,
              comment=comment)
    return status


def comment(conn: Connection, incident_id: int, actor: str, text: str, now: datetime) -> None:
    _status(conn, incident_id)
    add_event(conn, incident_id, actor, "comment", now, comment=text)


def record_answer(conn: Connection, incident_id: int, actor: str, text: str,
                  url: str | None, now: datetime) -> None:
    """The reply published under the citizen's post; an open incident becomes answered."""
    status = _status(conn, incident_id)
    conn.execute(update(incidents).where(incidents.c.id == incident_id).values(
        answer_text=text, answer_url=url, answered_at=now, updated_at=now))
    add_event(conn, incident_id, actor, "answer", now, comment=text, data={"url": url})
    if status in OPEN:
        transition(conn, incident_id, "answered", actor, now, comment="ответ опубликован")


def record_reaction(conn: Connection, incident_id: int, actor: str, satisfied: bool,
                    now: datetime, text: str | None = None) -> None:
    """The citizen's reaction to the answer; dissatisfaction reopens a closed incident."""
    status = _status(conn, incident_id)
    reaction = REACTIONS[0] if satisfied else REACTIONS[1]
    conn.execute(update(incidents).where(incidents.c.id == incident_id).values(
        citizen_reaction=reaction, updated_at=now))
    add_event(conn, incident_id, actor, "reaction", now, comment=text,
              data={"reaction": reaction})
    if not satisfied and status in ("answered", "resolved"):
        transition(conn, incident_id, "reopened", actor, now, comment="житель не удовлетворён")


def _status(conn: Connection, incident_id: int) -> str:
    status = conn.execute(select(incidents.c.status).where(
        incidents.c.id == incident_id)).scalar()
    if status is None:
        raise NotFound(f"incident {incident_id} not found")
    return status


def _assignee(conn: Connection, incident_id: int) -> str | None:
    return conn.execute(select(incidents.c.assignee).where(
        incidents.c.id == incident_id)).scalar()


def assign(conn: Connection, incident_id: int, assignee: str, actor: str, now: datetime,
           comment: str | None = None) -> str:
    """Give an open incident to ``assignee`` (dispatching from the dashboard)."""
    status = _status(conn, incident_id)
    if status not in OPEN:
        raise QueueError(f"incident {incident_id} is {status}: only open incidents are assigned")
    to = "assigned" if status in CLAIMABLE else status
    done = conn.execute(update(incidents).where(
        incidents.c.id == incident_id, incidents.c.status == status).values(
            status=to, assignee=assignee, claimed_at=now, updated_at=now))
    if done.rowcount != 1:
        raise QueueError(f"incident {incident_id} changed meanwhile; try again")
    add_event(conn, incident_id, actor, "assign", now, from_status=status, to_status=to,
              comment=comment, data={"assignee": assignee})
    return status
