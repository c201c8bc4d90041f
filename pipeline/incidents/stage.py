"""The incidents stage: group pending posts, detect surges, escalate passed deadlines."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, text

from pipeline.config.model import Config
from pipeline.incidents.assign import GroupStats, group_pending
from pipeline.incidents.escalate import escalate_overdue
from pipeline.incidents.levels import Rules
from pipeline.incidents.surges import apply_surges
from pipeline.stages import StageResult
from pipeline.store import Store
from pipeline.store.types import utcnow

BATCH = 500
LOCK_KEY = 7_000_007  # pg advisory lock: one incidents stage at a time


def run(store: Store, config: Config, now: datetime | None = None) -> StageResult:
    rules = Rules.from_config(config)
    now = now or utcnow()
    total = GroupStats()
    while True:
        with store.transaction() as conn:
            _lock(conn)
            stats = group_pending(conn, rules, now, BATCH)
        for field in ("posts", "created", "joined", "skipped"):
            setattr(total, field, getattr(total, field) + getattr(stats, field))
        if stats.posts < BATCH:
            break
    with store.transaction() as conn:
        _lock(conn)
        surges = apply_surges(conn, rules, now)
        overdue = escalate_overdue(conn, rules, now)
    detail = (f"({total.created} new incidents, {total.joined} joined, {total.skipped} below "
              f"level; {surges} surges; {overdue} overdue escalations)")
    return StageResult(total.posts, detail)


def _lock(conn: Connection) -> None:
    """PostgreSQL: serialize stage runs; SQLite's BEGIN IMMEDIATE already does."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
