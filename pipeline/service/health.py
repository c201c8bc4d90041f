"""Source health: statuses, silence watch, and admin alerts for sources in trouble."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import func, select

from pipeline.config.model import Config, Source
from pipeline.store import Store
from pipeline.store.schema import posts, source_events
from pipeline.store.sources import record_event, source_rows
from pipeline.store.types import utcnow

log = logging.getLogger(__name__)
FAILURES_BEFORE_ALERT = 3
OFFICIAL_SILENCE = timedelta(hours=24)
ADMIN_EVENT = "admin_alert"


def silence_limit(source: Source) -> timedelta | None:
    if source.silence_alert_after is not None:
        return source.silence_alert_after
    return OFFICIAL_SILENCE if source.official else None


def problems(config: Config, row: dict, now: datetime) -> list[str]:
    """Pure: what is wrong with one source, in Russian, for the admin alert."""
    source = config.source(row["id"])
    if source is None or not source.enabled:
        return []
    found = []
    if row["consecutive_failures"] >= FAILURES_BEFORE_ALERT:
        found.append(f"источник {source.id}: {row['consecutive_failures']} ошибок подряд "
                     f"({row['last_error'] or 'без описания'})")
    if row["status"] in ("paused", "unavailable"):
        found.append(f"источник {source.id}: {row['status']} ({row['last_error'] or ''})")
    limit = silence_limit(source)
    since = row["last_post_at"] or row["created_at"]
    if limit is not None and since is not None and now - since > limit:
        found.append(f"источник {source.id} молчит дольше {_hours(limit)} ч")
    return found


def _hours(delta: timedelta) -> int:
    return int(delta.total_seconds() // 3600)


def check_sources(store: Store, config: Config, now: datetime | None = None) -> list[str]:
    """Raise an admin alert once per problem episode; returns the new alerts."""
    now = now or utcnow()
    raised = []
    with store.transaction() as conn:
        for row in source_rows(conn):
            for problem in problems(config, row, now):
                if not _already_raised(conn, row["id"], problem, now):
                    record_event(conn, row["id"], ADMIN_EVENT, problem)
                    raised.append(problem)
    for problem in raised:
        log.warning("admin alert: %s", problem)
        _send_admin_alert(store, config, problem)
    return raised


def _already_raised(conn, source_id: str, problem: str, now: datetime) -> bool:
    return conn.execute(select(func.count()).select_from(source_events).where(
        source_events.c.source_id == source_id, source_events.c.kind == ADMIN_EVENT,
        source_events.c.message == problem,
        source_events.c.at > now - timedelta(hours=24))).scalar_one() > 0


def _send_admin_alert(store: Store, config: Config, text: str) -> None:
    try:
        from pipeline.alerts.admin import send_admin_alert
    except ImportError:
        return  # the alert channels are not installed: the event row is the record
    send_admin_alert(store, config, text)


def posts_per_day(store: Store, days: int = 7) -> dict[str, float]:
    since = utcnow() - timedelta(days=days)
    with store.transaction() as conn:
        rows = conn.execute(select(posts.c.source_id, func.count()).where(
            posts.c.published_at >= since).group_by(posts.c.source_id)).all()
    return {source: count / days for source, count in rows}
