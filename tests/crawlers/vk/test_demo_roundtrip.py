"""The demo corpus served by the fake and crawled back gives the same VK records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
CORPUS = ROOT / "pipeline" / "demo" / "posts.jsonl"
pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def _corpus(source_id: str) -> dict[str, dict]:
    records = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    return {r["id"]: r for r in records if r["source"] == source_id}


@pytest.mark.skipif(not CORPUS.exists(), reason="the demo corpus ships with the repository")
def test_wall_and_comments_come_back_as_they_were_seeded(vk):
    records = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    vk.fake.world.add_group("eaomedia", 30525261, "ЕАО Медиа")
    vk.fake.world.seed(records)
    forever = "36500d"  # the corpus has fixed dates: reach them whenever the test runs
    vk.configure([vk.source("vk-eaomedia", depth=forever),
                  vk.source("vk-eaomedia-comments", kind="comments")], comments_days=36500)
    for source_id in ("vk-eaomedia", "vk-eaomedia-comments"):
        assert vk.crawl(source_id).status == "ok"
        crawled, expected = vk.posts(source_id), _corpus(source_id)
        assert set(crawled) == set(expected)
        for native, record in expected.items():
            row = crawled[native]
            assert row["text"] == record["text"], native
            assert row["parent_native_id"] == record.get("parent_id"), native
            assert row["published_at"].isoformat()[:16] == _utc(record["published_at"])[:16]
            if record.get("repost_of"):
                assert row["repost_of_id"] == record["repost_of"]["id"]


def _utc(text: str) -> str:
    from datetime import UTC, datetime
    return datetime.fromisoformat(text).astimezone(UTC).isoformat()
