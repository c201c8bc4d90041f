"""Raw responses, stored immutably: a markup change means re-mapping, not re-crawling."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, select

from pipeline.store.schema import raw_items
from pipeline.store.types import utcnow


@dataclass(frozen=True)
class RawResponse:
    request: str  # method and parameters, or the URL: enough to know what was asked
    payload: str  # exactly what the server returned
    content_type: str = "application/json"
    fetched_at: datetime | None = None


def save_raw(conn: Connection, source_id: str, collector: str, version: str,
             raw: RawResponse) -> int:
    digest = hashlib.sha256(raw.payload.encode("utf-8", "surrogatepass")).hexdigest()
    result = conn.execute(raw_items.insert().values(
        source_id=source_id, collector=collector, collector_version=version,
        request=raw.request, content_type=raw.content_type, payload=raw.payload,
        sha256=digest, fetched_at=raw.fetched_at or utcnow()))
    return result.inserted_primary_key[0]


def iter_raw(conn: Connection, source_id: str, batch: int = 200) -> Iterator[dict]:
    """Every raw item of a source, oldest first, in id order."""
    last = 0
    while True:
        rows = conn.execute(select(raw_items).where(
            raw_items.c.source_id == source_id, raw_items.c.id > last)
            .order_by(raw_items.c.id).limit(batch)).mappings().all()
        if not rows:
            return
        yield from (dict(r) for r in rows)
        last = rows[-1]["id"]
