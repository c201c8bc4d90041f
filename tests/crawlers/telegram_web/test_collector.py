"""telegram_web through pipeline.collect.crawl_source against the fake t.me."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from crawlers.base import SourceState
from crawlers.errors import SourceError, SourceUnavailable, SourceWait, TransientError
from crawlers.telegram_web.collector import TelegramWebCollector, channel_name
from pipeline.collect import crawl_source
from pipeline.config.model import Source
from pipeline.store.schema import post_metrics, post_versions, posts

from .conftest import (
    CHANNEL,
    collector_for,
    collectors_for,
    history,
    make_config,
    source_row,
    stored_ids,
)


def crawl(store, config, handle=CHANNEL):
    return crawl_source(store, collectors_for(config), config.source(f"tg-{handle}"))


def test_first_crawl_reaches_back_to_depth_then_only_new(fake, store, setup):
    now = datetime.now(UTC)
    fake.add_posts(history(1, 90, end=now, step=timedelta(hours=4)))  # 15 days of posts
    report = crawl(store, setup)
    assert report.status == "ok", report.error
    ids = stored_ids(store)
    # 7 days back (42 posts at 4 h), down to the end of the page that crosses the line
    assert ids == list(range(31, 91))
    fake.add_posts(history(91, 94, end=now + timedelta(hours=1)))
    before = len(fake.requests)
    report = crawl(store, setup)
    assert (report.status, report.new) == ("ok", 4)
    assert len(fake.requests) - before == 1  # one page showed everything new
    assert fake.max_in_flight == 1


def test_recent_posts_are_read_again_for_views_and_edits(fake, store, setup):
    fake.add_posts(history(1, 50))  # 3 minutes apart: all inside the 12 h resweep window
    crawl(store, setup)
    fake.edit_post(CHANNEL, 40, text="Исправлено: воду дадут к 18:00", views=99_000)
    fake.edit_post(CHANNEL, 10, views=5_000)
    fake.add_posts(history(51, 51))
    before = len(fake.requests)
    report = crawl(store, setup)
    assert (report.status, report.new, report.updated) == ("ok", 1, 1)
    assert len(fake.requests) - before == 3  # the new page, then two of stored posts
    with store.transaction() as conn:
        post = conn.execute(select(posts).where(posts.c.native_id == "40")).mappings().one()
        old = conn.execute(select(post_versions.c.text)
                           .where(post_versions.c.post_id == post["id"])).scalars().all()
        views = dict(conn.execute(select(posts.c.native_id, post_metrics.c.views)
                                  .join(post_metrics, post_metrics.c.post_id == posts.c.id)
                                  .order_by(post_metrics.c.observed_at)).all())
    assert post["text"].startswith("Исправлено") and old[0].startswith("Пост номер 40")
    assert (views["10"], views["40"]) == (5_000, 99_000)


def test_parallel_crawls_send_one_request_at_a_time(fake):
    fake.latency = 0.02
    fake.add_posts(history(1, 60) + history(1, 60, channel="birduma"))
    config = make_config(fake.url, handles=(CHANNEL, "birduma"))
    collector = TelegramWebCollector(config)  # one worker serves both crawls at once
    results = []
    threads = [threading.Thread(target=lambda h=h: results.append(run(config, h, collector)))
               for h in (CHANNEL, "birduma")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    collector.close()
    assert [error for _, error in results] == [None, None]
    assert len(fake.requests) == 6 and fake.max_in_flight == 1
    assert collector.worker.starts == 1


def test_channel_without_preview_is_unavailable(store, setup):
    report = crawl(store, setup, "closed")
    assert report.status == "unavailable"
    row = source_row(store, "tg-closed")
    assert row["status"] == "unavailable" and "no public web preview" in row["last_error"]


def test_missing_channel_is_unavailable(fake):
    batches, error = run(make_config(fake.url, handles=("nobody",)), "nobody")
    assert isinstance(error, SourceUnavailable) and batches == []
    assert "no such channel: the username is not taken" in error.reason


def run(config, handle=CHANNEL, collector=None, state=None):
    """The collector alone (no store): the batches it yields, or the error it raises."""
    collector = collector or collector_for(config)
    batches = []
    try:
        for batch in collector.crawl(config.source(f"tg-{handle}"), state or SourceState()):
            batches.append(batch)
    except SourceError as exc:
        return batches, exc
    return batches, None


def ids_in(batches, config) -> list[int]:
    source = config.source(f"tg-{CHANNEL}")
    return sorted(int(r.id) for b in batches for raw in b.raw
                  for r in TelegramWebCollector.map_raw(raw, source))


def test_429_with_long_retry_after_reschedules_the_source(fake):
    fake.add_posts(history(1, 5))
    fake.fail_next(429, times=1, retry_after=600)
    batches, error = run(make_config(fake.url))
    assert isinstance(error, SourceWait) and error.status == "waiting"
    assert error.retry_after == timedelta(seconds=600) and batches == []
    assert len(fake.requests) == 1  # no waiting inside the worker for ten minutes


def test_short_429_and_5xx_are_retried_with_backoff(fake):
    fake.add_posts(history(1, 5))
    fake.fail_next(429, times=1, retry_after=0.3)
    fake.fail_next(503, times=2)
    started = time.monotonic()
    batches, error = run(make_config(fake.url))
    assert error is None and ids_in(batches, make_config(fake.url)) == [1, 2, 3, 4, 5]
    assert [s for _, s in fake.requests] == [429, 503, 503, 200]
    assert time.monotonic() - started >= 0.3  # Retry-After was honoured
    assert fake.max_in_flight == 1


def test_5xx_that_persists_fails_the_crawl(fake):
    fake.add_posts(history(1, 5))
    fake.fail_next(502, times=10)
    batches, error = run(make_config(fake.url))
    assert isinstance(error, TransientError) and "502" in error.reason
    assert len(fake.requests) == 4  # the first try and 3 retries, then it gives up


def test_cut_off_pages_lose_nothing(fake):
    config = make_config(fake.url)
    fake.add_posts(history(1, 50))
    fake.truncate_next(times=3)  # the newest page comes cut off every time it is asked
    batches, error = run(config)
    assert error is None
    first = ids_in(batches, config)
    assert first[0] == 1 and first[-1] < 50  # the tail of the cut page is not there yet
    assert batches[-1].cursor == {"top": first[-1], "covered": []}
    again, _ = run(config, state=SourceState(cursor=batches[-1].cursor))
    assert sorted(set(first) | set(ids_in(again, config))) == list(range(1, 51))


def test_page_cut_before_its_first_post_fails_without_moving_the_cursor(fake):
    fake.add_posts([{**history(1, 1)[0], "text": "x" * 5000}])
    fake.truncate_next(times=3, keep=0.5)  # cut inside the only post
    batches, error = run(make_config(fake.url))
    assert isinstance(error, TransientError) and "cut off" in error.reason
    assert batches == []


def test_a_foreign_page_in_place_of_tme_is_a_failed_crawl(fake):
    fake.add_posts(history(1, 3))
    fake.fail_next(200, body="<html><head><title>Bad Gateway</title></head><body>x</body></html>")
    batches, error = run(make_config(fake.url))
    assert isinstance(error, TransientError) and error.status == "failing"
    assert "not a t.me channel page (title 'Bad Gateway')" in error.reason and batches == []


def test_map_raw_is_pure(fake):
    fake.add_posts(history(1, 3))
    config = make_config(fake.url)
    batches, _ = run(config)
    raw = batches[0].raw[0]
    assert raw.content_type == "text/html" and raw.request.endswith(f"/s/{CHANNEL}")
    source = config.source(f"tg-{CHANNEL}")
    records = TelegramWebCollector.map_raw(raw, source)
    assert records == TelegramWebCollector.map_raw(raw, source)  # same page, same records
    assert [r.id for r in records] == ["1", "2", "3"]
    assert records[0].url == f"https://t.me/{CHANNEL}/1"
    assert records[0].metrics.views == 1000  # shown as "1K"


def test_channel_name_forms():
    for handle in ("eaonews", "@eaonews", "https://t.me/eaonews", "t.me/s/eaonews/"):
        source = Source(id="x", platform="telegram", kind="channel", handle=handle)
        assert channel_name(source) == "eaonews"
