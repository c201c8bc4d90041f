"""The alert outbox: one row per incident × channel × level, written with the level change.

The Atom feed is a channel that is always on; its rows are "sent" the moment they are
written (the feed reads them). Other channels are delivered by the alerts stage.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from pipeline.config.model import AlertChannel, Alerts
from pipeline.incidents.levels import Rules, rank
from pipeline.store.schema import alert_deliveries

ATOM = "atom"


def channel_key(channel: AlertChannel) -> str:
    """A stable name: the configured one, or type + a hash of the destination."""
    if channel.name:
        return channel.name
    destination = channel.url or channel.chat_id or ",".join(channel.to or []) or ""
    digest = hashlib.sha256(destination.encode()).hexdigest()[:10]
    return f"{channel.type}-{digest}"


@dataclass(frozen=True)
class Target:
    key: str
    channel: AlertChannel | None  # None for the Atom feed


def targets(alerts: Alerts, sector: str | None, municipality: str | None,
            level: str) -> list[Target]:
    """The Atom feed and every channel whose filters let this alert through."""
    found = []
    if rank(level) >= rank(alerts.min_level):
        found.append(Target(ATOM, None))
    for channel in alerts.channels:
        if matches(channel, alerts, sector, municipality, level):
            found.append(Target(channel_key(channel), channel))
    return found


def matches(channel: AlertChannel, alerts: Alerts, sector: str | None,
            municipality: str | None, level: str) -> bool:
    if rank(level) < rank(channel.min_level or alerts.min_level):
        return False
    if channel.sectors is not None and sector not in channel.sectors:
        return False
    return channel.municipalities is None or municipality in channel.municipalities


def enqueue(conn: Connection, rules: Rules, incident_id: int, level: str,
            now: datetime) -> int:
    """Outbox rows for an incident that has just reached ``level``; returns rows written."""
    from pipeline.alerts.message import build_payload
    from pipeline.store.schema import incidents

    row = conn.execute(incidents.select().where(incidents.c.id == incident_id)).mappings().one()
    if row["status"] == "rejected" or row["merged_into"] is not None:
        return 0  # not a problem (spam, duplicate): growing does not make it one
    wanted = targets(rules.config.alerts, row["sector"], row["municipality"], level)
    if not wanted:
        return 0
    payload = build_payload(conn, rules, incident_id, level)
    written = 0
    for target in wanted:
        done = target.key == ATOM
        values = {"incident_id": incident_id, "channel": target.key, "level": level,
                  "status": "sent" if done else "pending", "attempts": 0, "payload": payload,
                  "created_at": now, "delivered_at": now if done else None}
        written += _insert_once(conn, values)
    return written


def _insert_once(conn: Connection, values: dict) -> int:
    insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    statement = insert(alert_deliveries).values(**values).on_conflict_do_nothing(
        index_elements=["incident_id", "channel", "level"])
    return conn.execute(statement).rowcount or 0
