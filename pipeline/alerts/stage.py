"""The alerts stage: deliver due outbox rows, one row per transaction.

A row is locked (FOR UPDATE SKIP LOCKED on PostgreSQL; SQLite's BEGIN IMMEDIATE), sent,
and marked sent in the same transaction. A process killed mid-delivery commits nothing:
the row is still pending and goes out on the next run, with the same delivery id (webhook
``X-Radar-Delivery``, e-mail Message-ID) so a receiver can tell a repeat. Rows marked sent
are never sent again. Failures back off exponentially (a receiver's retry_after wins);
after ``max_attempts`` the row is dead (a dead letter, kept with its last error).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Connection, or_, select, update

from pipeline.alerts.channels import DeliveryError, sender_for
from pipeline.alerts.outbox import channel_key
from pipeline.config.model import AlertChannel, Config
from pipeline.stages import StageResult
from pipeline.store import Store
from pipeline.store.schema import alert_deliveries
from pipeline.store.types import utcnow

log = logging.getLogger(__name__)
MAX_BACKOFF = timedelta(hours=6)
MAX_PER_RUN = 500


@dataclass
class Tally:
    sent: int = 0
    failed: int = 0
    dead: int = 0
    blocked: set[str] = field(default_factory=set)  # channels that failed in this run


def run(store: Store, config: Config, now: datetime | None = None) -> StageResult:
    channels = {channel_key(c): c for c in config.alerts.channels}
    tally = Tally()
    for _ in range(MAX_PER_RUN):
        allowed = [key for key in channels if key not in tally.blocked]
        if not allowed:
            break
        with store.transaction() as conn:
            row = claim_due(conn, allowed, now or utcnow())
            if row is None:
                break
            deliver(conn, row, channels[row["channel"]], config, now or utcnow(), tally)
    detail = f"({tally.sent} sent, {tally.failed} failed, {tally.dead} dead)"
    return StageResult(tally.sent + tally.failed + tally.dead, detail)


def claim_due(conn: Connection, channels: list[str], now: datetime) -> dict | None:
    query = (select(alert_deliveries)
             .where(alert_deliveries.c.status == "pending",
                    alert_deliveries.c.channel.in_(channels),
                    or_(alert_deliveries.c.next_attempt_at.is_(None),
                        alert_deliveries.c.next_attempt_at <= now))
             .order_by(alert_deliveries.c.created_at, alert_deliveries.c.id).limit(1))
    if conn.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    row = conn.execute(query).mappings().first()
    return dict(row) if row else None


def deliver(conn: Connection, row: dict, channel: AlertChannel, config: Config,
            now: datetime, tally: Tally) -> None:
    where = alert_deliveries.c.id == row["id"]
    try:
        sender_for(channel, config).send(row["id"], row["payload"])
    except DeliveryError as exc:
        log.warning("alert %s (incident %s, %s) to %s failed, attempt %s: %s", row["id"],
                    row["incident_id"], row["level"], row["channel"], row["attempts"] + 1, exc)
        tally.blocked.add(row["channel"])
        conn.execute(update(alert_deliveries).where(where).values(
            **failure_values(row, channel, config, now, exc)))
        if exc.retry_after is not None:
            hold_channel(conn, row["channel"], now + timedelta(seconds=exc.retry_after))
        if row["attempts"] + 1 >= channel.max_attempts and exc.retry_after is None:
            tally.dead += 1
        else:
            tally.failed += 1
        return
    conn.execute(update(alert_deliveries).where(where).values(
        status="sent", attempts=row["attempts"] + 1, delivered_at=now, last_error=None))
    tally.sent += 1


def hold_channel(conn: Connection, channel: str, until: datetime) -> None:
    """A throttled receiver (429) throttles the whole channel, not just one alert."""
    conn.execute(update(alert_deliveries).where(
        alert_deliveries.c.channel == channel, alert_deliveries.c.status == "pending",
        or_(alert_deliveries.c.next_attempt_at.is_(None),
            alert_deliveries.c.next_attempt_at < until)).values(next_attempt_at=until))


def failure_values(row: dict, channel: AlertChannel, config: Config, now: datetime,
                   exc: DeliveryError) -> dict:
    """What a failed attempt writes: a later retry, or the dead letter."""
    attempts = row["attempts"] + 1
    if exc.retry_after is not None:  # throttled, not broken: wait as told, keep trying
        return {"attempts": attempts, "last_error": str(exc)[:2000],
                "next_attempt_at": now + timedelta(seconds=exc.retry_after)}
    if attempts >= channel.max_attempts:
        return {"attempts": attempts, "status": "dead", "last_error": str(exc)[:2000],
                "next_attempt_at": None}
    delay = min(config.alerts.backoff * 2 ** (attempts - 1), MAX_BACKOFF)
    return {"attempts": attempts, "last_error": str(exc)[:2000],
            "next_attempt_at": now + delay}
