"""Each VK error class through the client and runner: bounded retries, the right health."""

from __future__ import annotations

import pytest

from crawlers.policy import credential_blocked, credential_key

TOKEN = "test-token-not-secret"
# Client behaviour, not storage: one backend is enough here (the kinds' tests run on both).
pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


@pytest.fixture
def wall(vk, eaomedia):
    vk.configure([vk.source()])
    vk.fake.world.add_post(eaomedia, "пост", date=vk.ago(1))
    vk.crawl("vk-wall")  # resolved; later failures hit wall.get itself
    return vk


def test_error_6_is_retried_with_capped_backoff_then_succeeds(wall):
    wall.fake.fail_next("wall.get", 6, times=2)
    assert wall.crawl("vk-wall").status == "ok"
    assert len(wall.sleeps) == 2 and all(0 < s <= 0.05 for s in wall.sleeps)


def test_error_6_that_persists_makes_the_source_wait_without_a_storm(wall):
    wall.fake.fail_next("wall.get", 6, times=50)
    before = wall.fake.count("wall.get")
    report = wall.crawl("vk-wall")
    assert report.status == "waiting"
    assert wall.fake.count("wall.get") - before == 4  # first try + 3 retries, then stop


@pytest.mark.parametrize("status", [500, 502, 503])
def test_5xx_is_retried_a_bounded_number_of_times(wall, status):
    wall.fake.fail_next("wall.get", status, times=2)
    assert wall.crawl("vk-wall").status == "ok"
    wall.fake.fail_next("wall.get", status, times=20)
    before = wall.fake.count("wall.get")
    report = wall.crawl("vk-wall")
    assert report.status == "failing" and f"HTTP {status}" in report.error
    assert wall.fake.count("wall.get") - before == 4


def test_network_errors_are_retried_then_reported(vk, eaomedia):
    vk.configure([vk.source()], api_url="http://127.0.0.1:9/method/")  # nothing listens there
    report = vk.crawl("vk-wall")
    assert report.status == "failing" and "network" in report.error
    assert len(vk.sleeps) == 3


@pytest.mark.parametrize(("code", "status", "words"), [
    (14, "paused", "captcha"),
    (17, "paused", "validation"),
    (15, "unavailable", "closed or private"),
    (18, "unavailable", "deleted or banned"),
    (30, "unavailable", "private"),
])
def test_errors_map_to_source_health_without_a_loop(wall, code, status, words):
    wall.fake.fail_next("wall.get", code, times=5)
    before = wall.fake.count("wall.get")
    report = wall.crawl("vk-wall")
    assert report.status == status and words in report.error
    assert wall.fake.count("wall.get") - before == 1
    assert wall.source_row("vk-wall")["status"] == status


def test_error_29_waits_until_the_daily_reset(wall):
    wall.fake.fail_next("wall.get", 29)
    report = wall.crawl("vk-wall")
    assert report.status == "waiting" and "error 29" in report.error
    row = wall.source_row("vk-wall")
    wait = (row["next_attempt_at"] - row["last_attempt_at"]).total_seconds()
    assert 0 < wait <= 24 * 3600
    before = wall.fake.count("wall.get")
    assert wall.crawl("vk-wall").status == "waiting"  # counted as spent: no request at all
    assert wall.fake.count("wall.get") == before


def test_error_5_blocks_the_token_for_every_caller(wall):
    wall.fake.revoke_token(TOKEN)
    report = wall.crawl("vk-wall")
    assert report.status == "paused" and "error 5" in report.error
    assert credential_blocked(credential_key("vk", TOKEN))
    before = wall.fake.count()
    assert wall.crawl("vk-wall").status == "paused"
    assert wall.fake.count() == before  # no retry storm against a dead token


def test_token_never_reaches_logs_or_store(wall, caplog):
    wall.fake.revoke_token(TOKEN)
    wall.crawl("vk-wall")
    assert TOKEN not in caplog.text
    assert all(TOKEN not in str(v) for v in wall.source_row("vk-wall").values())
    with wall.store.transaction() as conn:
        from sqlalchemy import select

        from pipeline.store.schema import raw_items
        requests = conn.execute(select(raw_items.c.request, raw_items.c.payload)).all()
    assert requests and all(TOKEN not in r + p for r, p in requests)


def test_missing_token_pauses_the_source(vk, eaomedia, monkeypatch):
    monkeypatch.delenv("VK_TOKEN")
    vk.configure([vk.source()])
    report = vk.crawl("vk-wall")
    assert report.status == "paused" and "$VK_TOKEN" in report.error
