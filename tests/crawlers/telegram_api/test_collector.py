"""telegram_api through crawl_source against a TelegramClient answering from memory."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from telethon import functions, types

from crawlers.errors import SourceWait
from crawlers.telegram_api.collector import TelegramApiCollector
from pipeline.collect import Collectors, crawl_source
from pipeline.store.raw import RawResponse, iter_raw
from pipeline.store.schema import post_metrics, posts, source_events, sources

from .conftest import CHANNEL, add_posts, comment, make_config, now, session_string
from .fake_telegram import client_class


def crawl(store, collectors, config, source_id="tga-eaonews"):
    return crawl_source(store, collectors, config.source(source_id))


def rows(store, source_id="tga-eaonews") -> list[dict]:
    with store.transaction() as conn:
        return [dict(r) for r in conn.execute(select(posts).where(
            posts.c.source_id == source_id).order_by(posts.c.published_at)).mappings()]


def source_row(store, source_id="tga-eaonews") -> dict:
    with store.transaction() as conn:
        return dict(conn.execute(select(sources).where(sources.c.id == source_id))
                    .mappings().one())


def test_channel_posts_depth_cursor_and_resolve_once(store, server, collectors, config):
    add_posts(server, 1, 10, end=now() - timedelta(days=10))  # older than the first-crawl depth
    add_posts(server, 11, 260)
    report = crawl(store, collectors, config)
    assert report.status == "ok", report.error
    stored = rows(store)
    assert [int(r["native_id"]) for r in stored] == list(range(11, 261))
    first = stored[0]
    assert first["url"] == f"https://t.me/{CHANNEL}/11" and first["text"].startswith("Пост 11")
    assert first["extra"]["hashtags"] == ["ЖКХ"]
    resolved = source_row(store)["resolved"]
    assert resolved["username"] == CHANNEL and resolved["access_hash"]
    add_posts(server, 261, 270)
    collectors.close()  # a restarted service: a new client with an empty entity cache
    fresh = Collectors(config, made={"telegram_api": TelegramApiCollector(
        config, client_factory=client_class(server), request_pause=0)})
    report = crawl(store, fresh, config)
    fresh.close()
    assert (report.status, report.new) == ("ok", 10)
    assert server.calls.count("ResolveUsernameRequest") == 1  # id and hash came from the store


def test_recent_posts_are_read_again_for_views_and_edits(store, server, collectors, config):
    add_posts(server, 1, 30, end=now() - timedelta(hours=1), step=timedelta(minutes=40))
    crawl(store, collectors, config)  # posts 1..30 span 20 h; the resweep window is 12 h
    old, recent = server.channels[CHANNEL].posts[0], server.channels[CHANNEL].posts[-1]
    old.views, recent.views = 9, 77_777
    recent.message, recent.edit_date = "Исправлено: воду дадут к 18:00", now()
    add_posts(server, 31, 31)
    report = crawl(store, collectors, config)
    assert (report.status, report.new, report.updated) == ("ok", 1, 1)
    with store.transaction() as conn:
        views = dict(conn.execute(select(posts.c.native_id, post_metrics.c.views)
                                  .join(post_metrics, post_metrics.c.post_id == posts.c.id)
                                  .order_by(post_metrics.c.observed_at)).all())
    assert views["30"] == 77_777 and views["1"] == 1501  # post 1 is older than the window
    assert rows(store)[29]["text"].startswith("Исправлено")


def test_metrics_from_views_forwards_replies_reactions(store, server, collectors, config):
    add_posts(server, 1, 3)
    crawl(store, collectors, config)
    record = TelegramApiCollector.map_raw(_first_raw(store), config.source("tga-eaonews"))[1]
    assert record.id == "2"
    assert record.metrics.model_dump() == {"views": 1502, "likes": 12, "reposts": 2,
                                           "comments": 0}
    assert record.extra["reactions"] == [{"emoji": "👍", "count": 10}, {"emoji": "😡", "count": 2}]


def _first_raw(store):
    with store.transaction() as conn:
        row = next(iter_raw(conn, "tga-eaonews"))
    return RawResponse(request=row["request"], payload=row["payload"],
                       fetched_at=row["fetched_at"])


def test_comments_are_posts_with_a_parent(store, server, collectors, config):
    channel = server.channels[CHANNEL]
    add_posts(server, 1, 3)
    channel.posts[1] = _with_comments(channel.posts[1], 2)
    channel.comments[2] = [comment(2, 1, now(), 501), comment(2, 2, now(), 502)]
    report = crawl(store, collectors, config, "tga-eaonews-comments")
    assert report.status == "ok", report.error
    stored = rows(store, "tga-eaonews-comments")
    assert [(r["native_id"], r["parent_native_id"], r["author_name"]) for r in stored] == [
        ("201", "2", "Анна Иванова"), ("202", "2", "Пётр")]
    assert stored[0]["url"] == f"https://t.me/{CHANNEL}/2?comment=201"
    channel.comments[2].append(comment(2, 3, now(), 501))
    channel.posts[1] = _with_comments(channel.posts[1], 3)
    report = crawl(store, collectors, config, "tga-eaonews-comments")
    assert (report.status, report.new) == ("ok", 1)
    asked = {r.msg_id for r in server.requests if type(r).__name__ == "GetRepliesRequest"}
    assert asked == {2}  # posts without (new) comments are not asked for them


def _with_comments(message: types.Message, count: int) -> types.Message:
    message.replies = types.MessageReplies(replies=count, replies_pts=1, comments=True,
                                           max_id=message.id * 100 + count)
    return message


def test_flood_wait_reschedules_without_blocking(store, server, collectors, config):
    add_posts(server, 1, 5)
    server.flood_next(functions.messages.GetHistoryRequest, 40)
    started = time.monotonic()
    report = crawl(store, collectors, config)
    assert time.monotonic() - started < 5  # nobody slept through the 40 s
    assert report.status == "waiting" and "FloodWait" in report.error
    wait = source_row(store)["next_attempt_at"] - datetime.now(UTC)
    assert timedelta(seconds=30) < wait <= timedelta(seconds=40)


def test_flood_wait_mid_crawl_keeps_what_was_stored(store, server, collectors, config):
    add_posts(server, 1, 250)
    server.flood_next(functions.messages.GetHistoryRequest, 2, after=1)  # on the 2nd page
    report = crawl(store, collectors, config)
    assert report.status == "waiting"
    assert len(rows(store)) == 100  # the first page is committed with its cursor
    report = crawl(store, collectors, config)  # waits under 3 s: telethon lets it through
    assert report.status == "ok" and len(rows(store)) == 250


def test_flood_wait_over_the_cap_pauses_with_an_event(store, server, collectors, config):
    add_posts(server, 1, 5)
    server.flood_next(functions.messages.GetHistoryRequest, 3600)
    report = crawl(store, collectors, config)
    assert report.status == "paused"
    with store.transaction() as conn:
        events = conn.execute(select(source_events.c.kind, source_events.c.message)
                              .where(source_events.c.source_id == "tga-eaonews")).all()
    assert any(kind == "paused" and "over the cap" in text for kind, text in events)


def test_unknown_username_is_unavailable(store, collectors, config):
    report = crawl(store, collectors, config, "tga-nobody")
    assert report.status == "unavailable" and "nobody_here" in report.error


def test_logged_out_session_pauses_every_telegram_api_source(store, server, collectors, config):
    server.authorized = False
    report = crawl(store, collectors, config)
    assert report.status == "paused" and "not logged in" in report.error
    assert source_row(store, "tga-eaonews-comments")["status"] == "paused"


def test_missing_secrets_are_named(store, collectors, config, monkeypatch):
    monkeypatch.delenv("TG_API_HASH")
    report = crawl(store, collectors, config)
    assert report.status == "paused" and "$TG_API_HASH" in report.error


HOLD = ("import sys, time; from crawlers.telegram_api.session import SessionLock; "
        "lock = SessionLock(sys.argv[1]); lock.acquire(); print('held', flush=True); "
        "time.sleep(60)")


def test_one_session_one_process(server):
    holder = subprocess.Popen([sys.executable, "-c", HOLD, session_string()],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        collector = TelegramApiCollector(make_config(), client_factory=client_class(server))
        with pytest.raises(SourceWait, match=f"in use by another process \\(pid {holder.pid}"):
            collector.client()
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    collector.client()  # free again once the other process is gone
    collector.close()
