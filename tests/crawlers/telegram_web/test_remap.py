"""`radar remap --source ID`: stored raw pages mapped again with a new mapper version."""

from __future__ import annotations

from datetime import UTC, datetime

import yaml
from click.testing import CliRunner
from sqlalchemy import select, update
from telethon import types

from crawlers.telegram_api.serialize import payload
from crawlers.telegram_web.collector import TelegramWebCollector
from pipeline.cli import main
from pipeline.collect import crawl_source
from pipeline.config import load_config
from pipeline.store.raw import RawResponse, save_raw
from pipeline.store.schema import post_versions, posts, raw_items
from pipeline.store.sources import sync_sources

from .conftest import CHANNEL, collectors_for, count, history, write_config


def test_remap_restores_posts_from_raw_with_the_new_version(fake, store, db_url, tmp_path,
                                                            setup, monkeypatch):
    fake.add_posts(history(1, 30))
    config = setup
    crawl_source(store, collectors_for(config), config.source(f"tg-{CHANNEL}"))
    requests, raw_count = len(fake.requests), count(store, raw_items)
    with store.transaction() as conn:  # what a buggy old mapper might have left behind
        conn.execute(update(posts).values(text="", extra=None, mapper_version="telegram_web/0"))
    monkeypatch.setattr(TelegramWebCollector, "version", "2")  # the fixed mapper's release

    result = CliRunner().invoke(main, ["--config", str(write_config(tmp_path, fake.url, db_url)),
                                       "remap", "--source", f"tg-{CHANNEL}"])
    assert result.exit_code == 0, result.output
    assert "30 posts (0 new, 30 updated), mapper telegram_web/2, 0 errors" in result.output
    assert len(fake.requests) == requests and count(store, raw_items) == raw_count  # no crawl
    with store.transaction() as conn:
        rows = conn.execute(select(posts).order_by(posts.c.id)).mappings().all()
        kept = conn.execute(select(post_versions.c.text)).scalars().all()
    assert {r["mapper_version"] for r in rows} == {"telegram_web/2"}
    assert rows[0]["text"].startswith("Пост номер 1") and rows[0]["extra"]["hashtags"]
    assert kept == [""] * 30  # the bad texts are kept as earlier versions


def test_remap_is_generic_and_reports_a_bad_raw_item(fake, store, db_url, tmp_path):
    """A telegram_api source: one good stored chunk of messages, one broken."""
    path = write_config(tmp_path, fake.url, db_url)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["sources"].append({"id": "tga-eaonews", "platform": "telegram", "kind": "channel",
                            "collector": "telegram_api", "handle": CHANNEL})
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with store.transaction() as conn:
        sync_sources(conn, load_config(path).config)
    when = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)
    good = payload("history", CHANNEL, 77, [types.Message(
        id=5, peer_id=types.PeerChannel(77), date=when, message="Свет отключили", views=120)])
    with store.transaction() as conn:
        for text in (good, '{"messages": [broken'):
            save_raw(conn, "tga-eaonews", "telegram_api", "1",
                     RawResponse(request="messages.getHistory", payload=text, fetched_at=when))
    result = CliRunner().invoke(main, ["--config", str(path), "remap", "--source", "nope"])
    assert result.exit_code == 2 and "unknown source: nope" in result.output
    result = CliRunner().invoke(main, ["--config", str(path), "remap", "--source", "tga-eaonews"])
    assert result.exit_code == 1
    assert "tga-eaonews: raw item 2 (messages.getHistory): JSONDecodeError" in result.output
    assert "2 raw items, 1 posts (1 new, 0 updated), mapper telegram_api/1, 1 errors" \
        in result.output
    with store.transaction() as conn:
        text = conn.execute(select(posts.c.text).where(posts.c.source_id == "tga-eaonews"))
        assert text.scalars().all() == ["Свет отключили"]
