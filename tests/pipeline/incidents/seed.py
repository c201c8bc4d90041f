"""Test data for incidents, alerts and the API: real posts and analysis rows in the store.

Other test folders load this file by path (see their conftest.py).
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from pipeline.records import PostRecord
from pipeline.store.posts import store_posts
from pipeline.store.schema import analyses, posts
from pipeline.store.sources import ensure_imported_sources

VLAT = ZoneInfo("Asia/Vladivostok")
MONDAY = datetime(2026, 11, 23, 10, 0, tzinfo=VLAT)  # a working Monday, 10:00 local
_ids = itertools.count(1000)


def level_of(risk: int | None) -> str:
    for bound, level in ((80, "critical"), (60, "high"), (40, "medium"), (20, "low")):
        if (risk or 0) >= bound:
            return level
    return "none"


def add_post(conn, text: str, *, sector: str | None = "housing",
             municipality: str | None = "birobidzhan", address: str | None = None,
             risk: int = 50, reasons: list[str] | None = None,
             published_at: datetime | None = None, platform: str = "vk",
             source: str = "vk-test", native_id: str | None = None,
             repost_of: tuple[str, str] | None = None, parent_id: str | None = None,
             url: str | None = None, model_version: str = "test-1",
             analyzed_at: datetime | None = None) -> int:
    """Store one post (as a collector would) and its analysis; returns the post id."""
    native_id = native_id or f"-1_{next(_ids)}"
    published_at = published_at or MONDAY - timedelta(minutes=30)
    record = PostRecord(
        platform=platform, source=source, id=native_id, text=text, published_at=published_at,
        url=url or f"https://vk.com/wall{native_id}", parent_id=parent_id,
        repost_of={"platform": repost_of[0], "id": repost_of[1]} if repost_of else None)
    ensure_imported_sources(conn, [(source, platform)])
    store_posts(conn, [record], observed_at=published_at)
    post_id = conn.execute(select(posts.c.id).where(
        posts.c.platform == platform, posts.c.source_id == source,
        posts.c.native_id == native_id)).scalar_one()
    add_analysis(conn, post_id, sector=sector, municipality=municipality, address=address,
                 risk=risk, reasons=reasons, model_version=model_version,
                 analyzed_at=analyzed_at or published_at)
    return post_id


def add_analysis(conn, post_id: int, *, sector, municipality, address=None, risk=50,
                 reasons=None, model_version="test-1", analyzed_at=None) -> None:
    conn.execute(analyses.insert().values(
        post_id=post_id, model_version=model_version,
        analyzed_at=analyzed_at or datetime.now(UTC), sector=sector, sentiment="negative",
        complaint=0.9, municipality=municipality, address=address, risk=risk,
        risk_level=level_of(risk), reasons=reasons or [f"жалоба (риск {risk})"]))
