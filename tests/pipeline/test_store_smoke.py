from datetime import UTC, datetime

from sqlalchemy import func, select

from pipeline.records import PostRecord
from pipeline.store.posts import store_posts
from pipeline.store.schema import posts
from pipeline.store.sources import ensure_imported_sources


def test_store_posts_is_idempotent(store):
    record = PostRecord(platform="vk", source="s1", id="-1_1", text="Нет воды",
                        published_at=datetime(2026, 1, 1, tzinfo=UTC))
    for _ in range(2):
        with store.transaction() as conn:
            ensure_imported_sources(conn, [("s1", "vk")])
            store_posts(conn, [record])
    with store.transaction() as conn:
        assert conn.execute(select(func.count()).select_from(posts)).scalar() == 1
