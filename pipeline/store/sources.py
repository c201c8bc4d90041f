"""Sources as the store knows them: synced from config, their cursors and health."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select, update

from pipeline.config.model import Config, Source
from pipeline.store.schema import cursors, source_events, sources
from pipeline.store.types import utcnow

STATUSES = ("new", "ok", "waiting", "failing", "unavailable", "paused", "disabled")


def sync_sources(conn: Connection, config: Config) -> None:
    """Make the sources table match config.yaml; removed sources are disabled, not deleted."""
    known = {row.id: row for row in conn.execute(select(sources.c.id, sources.c.origin))}
    now = utcnow()
    for source in config.sources:
        values = _config_values(source)
        if source.id in known:
            conn.execute(update(sources).where(sources.c.id == source.id).values(**values))
        else:
            conn.execute(sources.insert().values(id=source.id, created_at=now, **values))
    in_config = {s.id for s in config.sources}
    gone = [sid for sid, row in known.items() if row.origin == "config" and sid not in in_config]
    if gone:
        conn.execute(update(sources).where(sources.c.id.in_(gone)).values(enabled=False))


def _config_values(source: Source) -> dict[str, Any]:
    return {
        "platform": source.platform, "kind": source.kind, "collector": source.collector,
        "handle": source.handle, "query": source.query, "enabled": source.enabled,
        "settings": source.model_dump(mode="json"), "origin": "config",
    }


def ensure_imported_sources(conn: Connection, keys: Iterable[tuple[str, str]]) -> None:
    """Sources that records name but config does not: kept as imported sources."""
    wanted = dict(keys)  # source id -> platform
    if not wanted:
        return
    have = set(conn.execute(select(sources.c.id).where(sources.c.id.in_(list(wanted)))).scalars())
    now = utcnow()
    rows = [{"id": sid, "platform": platform, "kind": "imported", "origin": "imported",
             "enabled": False, "settings": {}, "created_at": now, "status": "disabled",
             "consecutive_failures": 0}
            for sid, platform in wanted.items() if sid not in have]
    if rows:
        conn.execute(sources.insert(), rows)


def get_cursor(conn: Connection, source_id: str, name: str = "main") -> Any:
    row = conn.execute(select(cursors.c.value).where(
        cursors.c.source_id == source_id, cursors.c.name == name)).first()
    return row.value if row else None


def set_cursor(conn: Connection, source_id: str, value: Any, name: str = "main") -> None:
    """Call inside the transaction that stored the posts the cursor moves past."""
    now = utcnow()
    done = conn.execute(update(cursors).where(
        cursors.c.source_id == source_id, cursors.c.name == name).values(
            value=value, updated_at=now))
    if done.rowcount == 0:
        conn.execute(cursors.insert().values(
            source_id=source_id, name=name, value=value, updated_at=now))


def record_event(conn: Connection, source_id: str, kind: str, message: str,
                 data: dict | None = None, at: datetime | None = None) -> None:
    conn.execute(source_events.insert().values(
        source_id=source_id, at=at or utcnow(), kind=kind, message=message, data=data))


def mark_success(conn: Connection, source_id: str, next_attempt_at: datetime | None = None,
                 last_post_at: datetime | None = None) -> None:
    now = utcnow()
    values: dict[str, Any] = {"status": "ok", "last_attempt_at": now, "last_success_at": now,
                              "consecutive_failures": 0, "next_attempt_at": next_attempt_at}
    if last_post_at is not None:
        values["last_post_at"] = last_post_at
    conn.execute(update(sources).where(sources.c.id == source_id).values(**values))


def mark_failure(conn: Connection, source_id: str, error: str, status: str = "failing",
                 next_attempt_at: datetime | None = None) -> int:
    """Record a failed attempt; returns the consecutive failure count."""
    assert status in STATUSES, status
    conn.execute(update(sources).where(sources.c.id == source_id).values(
        status=status, last_attempt_at=utcnow(), last_error=error,
        consecutive_failures=sources.c.consecutive_failures + 1,
        next_attempt_at=next_attempt_at))
    record_event(conn, source_id, status if status != "failing" else "error", error)
    return conn.execute(select(sources.c.consecutive_failures).where(
        sources.c.id == source_id)).scalar_one()


def source_rows(conn: Connection) -> list[dict]:
    return [dict(r) for r in conn.execute(select(sources).order_by(sources.c.id)).mappings()]
