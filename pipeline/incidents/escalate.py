"""Deadlines that pass raise the level: once per deadline, with a reason and an alert."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, select

from pipeline.alerts.message import local_time
from pipeline.incidents.levels import OPEN, Rules, step_up
from pipeline.incidents.repo import add_event, raise_level
from pipeline.store.schema import incident_events, incidents


def escalate_overdue(conn: Connection, rules: Rules, now: datetime) -> int:
    """Raise every open incident whose deadline passed since its last escalation."""
    rows = conn.execute(select(incidents.c.id, incidents.c.risk_level, incidents.c.deadline)
                        .where(incidents.c.status.in_(OPEN), incidents.c.deadline < now,
                               incidents.c.merged_into.is_(None))).all()
    done = _escalated(conn, [r.id for r in rows])
    count = 0
    for row in rows:
        stamp = row.deadline.isoformat()
        if stamp in done.get(row.id, ()):
            continue
        when = local_time(row.deadline, rules.config.region.timezone)
        reason = f"Срок реакции истёк {when}"
        raise_level(conn, rules, row.id, step_up(row.risk_level), reason, now, tighten=False)
        add_event(conn, row.id, "system", "overdue", now, comment=reason,
                  data={"deadline": stamp})
        count += 1
    return count


def _escalated(conn: Connection, ids: list[int]) -> dict[int, set[str]]:
    if not ids:
        return {}
    found: dict[int, set[str]] = {}
    rows = conn.execute(select(incident_events.c.incident_id, incident_events.c.data).where(
        incident_events.c.kind == "overdue", incident_events.c.incident_id.in_(ids)))
    for row in rows:
        found.setdefault(row.incident_id, set()).add((row.data or {}).get("deadline"))
    return found
