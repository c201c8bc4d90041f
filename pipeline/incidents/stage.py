"""The incidents stage: group pending posts, detect surges, escalate passed deadlines."""

from __future__ import annotations

from datetime import datetime

from pipeline.config.model import Config
from pipeline.incidents.assign import GroupStats, group_pending
from pipeline.incidents.escalate import escalate_overdue
from pipeline.incidents.levels import Rules
from pipeline.incidents.repo import grouping_lock
from pipeline.incidents.surges import apply_surges
from pipeline.stages import StageResult
from pipeline.store import Store
from pipeline.store.types import utcnow

BATCH = 500


def run(store: Store, config: Config, now: datetime | None = None) -> StageResult:
    rules = Rules.from_config(config)
    now = now or utcnow()
    total = GroupStats()
    while True:
        with store.transaction() as conn:
            grouping_lock(conn)
            stats = group_pending(conn, rules, now, BATCH)
        for field in ("posts", "created", "joined", "skipped"):
            setattr(total, field, getattr(total, field) + getattr(stats, field))
        if stats.posts < BATCH:
            break
    with store.transaction() as conn:
        grouping_lock(conn)
        surges = apply_surges(conn, rules, now)
        overdue = escalate_overdue(conn, rules, now)
    detail = (f"({total.created} new incidents, {total.joined} joined, {total.skipped} below "
              f"level; {surges} surges; {overdue} overdue escalations)")
    return StageResult(total.posts, detail)

