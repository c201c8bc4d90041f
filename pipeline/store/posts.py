"""Idempotent storage of post records: new, updated (edits, deletions) or unchanged."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, select

from pipeline.records import PostRecord
from pipeline.store.schema import post_metrics, post_versions, posts
from pipeline.store.types import utcnow

LOOKUP_CHUNK = 400  # keeps the IN (...) list under SQLite's bound-parameter limit


@dataclass
class StoreResult:
    new: int = 0
    updated: int = 0
    unchanged: int = 0

    def add(self, other: StoreResult) -> None:
        self.new += other.new
        self.updated += other.updated
        self.unchanged += other.unchanged


@dataclass(frozen=True)
class Provenance:
    raw_item_id: int | None = None
    mapper_version: str | None = None


def store_posts(conn: Connection, records: Sequence[PostRecord],
                provenance: Provenance = Provenance(),
                observed_at: datetime | None = None) -> StoreResult:
    """Insert new posts, apply edits and deletions, snapshot changed metrics."""
    now = observed_at or utcnow()
    records = _last_per_key(records)
    existing = _existing(conn, records)
    fresh = [r for r in records if r.key() not in existing]
    result = StoreResult(new=len(fresh))
    for record in records:
        if record.key() in existing:
            changed = _apply_update(conn, existing[record.key()], record, provenance, now)
            result.updated += changed
            result.unchanged += not changed
    if fresh:
        conn.execute(posts.insert(), [_row(r, provenance, now) for r in fresh])
        existing.update(_existing(conn, fresh))
    _snapshot_metrics(conn, records, existing, now)
    return result


def _last_per_key(records: Sequence[PostRecord]) -> list[PostRecord]:
    return list({record.key(): record for record in records}.values())


def _existing(conn: Connection, records: Sequence[PostRecord]) -> dict[tuple, dict]:
    """Stored rows for these records, looked up per source so the unique index serves."""
    by_source: dict[tuple[str, str], list[str]] = defaultdict(list)
    for record in records:
        by_source[(record.platform, record.source)].append(record.id)
    found: dict[tuple, dict] = {}
    for (platform, source), ids in by_source.items():
        for start in range(0, len(ids), LOOKUP_CHUNK):
            rows = conn.execute(select(*_EXISTING_COLUMNS).where(
                posts.c.platform == platform, posts.c.source_id == source,
                posts.c.native_id.in_(ids[start:start + LOOKUP_CHUNK])))
            for row in rows.mappings():
                found[(platform, source, row["native_id"])] = dict(row)
    return found


_EXISTING_COLUMNS = (posts.c.id, posts.c.native_id, posts.c.text, posts.c.edited_at,
                     posts.c.deleted_at)


def _row(record: PostRecord, provenance: Provenance, now: datetime) -> dict:
    return {
        "platform": record.platform, "source_id": record.source, "native_id": record.id,
        "url": record.url, "author_id": record.author.id, "author_name": record.author.name,
        "published_at": record.published_at, "edited_at": record.edited_at,
        "deleted_at": now if record.deleted else None, "text": record.text,
        "parent_native_id": record.parent_id,
        "repost_of_platform": record.repost_of.platform if record.repost_of else None,
        "repost_of_id": record.repost_of.id if record.repost_of else None,
        "language": record.language, "extra": _extra(record),
        "raw_item_id": provenance.raw_item_id, "mapper_version": provenance.mapper_version,
        "first_seen_at": now, "updated_at": now,
    }


def _extra(record: PostRecord) -> dict | None:
    extra = dict(record.extra or {})
    if record.raw is not None:
        extra["raw"] = record.raw
    return extra or None


def _apply_update(conn: Connection, current: dict, record: PostRecord,
                  provenance: Provenance, now: datetime) -> bool:
    changes: dict = {}
    if record.text != current["text"] and not record.deleted:
        conn.execute(post_versions.insert().values(
            post_id=current["id"], text=current["text"], edited_at=current["edited_at"],
            seen_at=now))
        changes.update(text=record.text, edited_at=record.edited_at or now)
    if record.deleted and current["deleted_at"] is None:
        changes["deleted_at"] = now
    if changes:
        changes.update(updated_at=now, raw_item_id=provenance.raw_item_id,
                       mapper_version=provenance.mapper_version)
        conn.execute(posts.update().where(posts.c.id == current["id"]).values(**changes))
    return bool(changes)


def _snapshot_metrics(conn: Connection, records: Iterable[PostRecord],
                      existing: dict[tuple, dict], now: datetime) -> None:
    """One metrics row per visit, written only when the numbers moved."""
    wanted = {existing[r.key()]["id"]: r.metrics for r in records if not r.metrics.is_empty()}
    if not wanted:
        return
    last = _last_metrics(conn, list(wanted))
    rows = [{"post_id": pid, "observed_at": now, **m.model_dump()}
            for pid, m in wanted.items() if last.get(pid) != _numbers(m.model_dump())]
    if rows:
        conn.execute(post_metrics.insert(), rows)


def _last_metrics(conn: Connection, post_ids: list[int]) -> dict[int, tuple]:
    latest: dict[int, tuple] = {}
    for start in range(0, len(post_ids), LOOKUP_CHUNK):
        chunk = post_ids[start:start + LOOKUP_CHUNK]
        rows = conn.execute(select(post_metrics).where(post_metrics.c.post_id.in_(chunk))
                            .order_by(post_metrics.c.observed_at))
        for row in rows.mappings():
            latest[row["post_id"]] = _numbers(row)
    return latest


def _numbers(values) -> tuple:
    return tuple(values[k] for k in ("views", "likes", "reposts", "comments"))
