"""The collector as a whole: token-wide pauses, quotas, shared limits, isolation of failures."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from crawlers.policy import StoreLedger

TOKEN = "test-token-not-secret"


def _three_sources(vk):
    return [vk.source("vk-wall"), vk.source("vk-comments", kind="comments"),
            vk.source("vk-q", kind="search", handle=None, query="воды")]


def test_error_5_pauses_every_source_on_the_token_and_tells_the_admin(vk, eaomedia):
    vk.configure(_three_sources(vk))
    vk.fake.revoke_token(TOKEN)
    report = vk.crawl("vk-wall")
    assert report.status == "paused"
    for source_id in ("vk-comments", "vk-q"):
        assert vk.source_row(source_id)["status"] == "paused"
    admin = [m for k, m in vk.events("vk-wall") if k == "admin"]
    assert len(admin) == 1 and "vk-comments" in admin[0] and "vk-q" in admin[0]
    requests = vk.fake.count()
    for source_id in ("vk-comments", "vk-q"):
        assert vk.crawl(source_id).status == "paused"
    assert vk.fake.count() == requests


def test_a_failing_source_does_not_stop_the_others(vk, eaomedia):
    vk.configure([vk.source("vk-closed", handle="closed_page"), *_three_sources(vk)])
    closed = vk.fake.world.add_group("closed_page", 999)
    vk.fake.world.walls[closed].state = "banned"
    vk.fake.world.add_post(eaomedia, "нет воды", date=vk.ago(1))
    reports = [vk.crawl(s.id) for s in vk.config.sources]
    assert [r.status for r in reports] == ["unavailable", "ok", "ok", "ok"]
    assert "banned" in reports[0].error
    assert reports[1].new == 1 and reports[3].new == 1


def test_sources_on_one_token_share_one_rate_limiter(vk, eaomedia):
    vk.configure(_three_sources(vk))
    clients = {id(vk.collector.client_for(s)) for s in vk.config.sources}
    limiters = {id(vk.collector.client_for(s).limiter) for s in vk.config.sources}
    assert len(clients) == 1 and len(limiters) == 1
    assert vk.collector.client_for(vk.config.sources[0]).limiter.interval == 1 / 1000


def test_quota_exhaustion_waits_for_the_reset_then_resumes_without_loss(vk, eaomedia):
    vk.configure([vk.source()], daily_quota={"wall.get": 3})
    for i in range(350):
        vk.fake.world.add_post(eaomedia, f"пост {i}", date=vk.ago(60 - i * 0.1))
    day_one = datetime.now(UTC)
    collector = vk.make_collector(ledger=StoreLedger(vk.store), clock=lambda: day_one)
    report = vk.crawl("vk-wall", collector)
    assert report.status == "waiting" and "quota of wall.get" in report.error
    assert len(vk.posts("vk-wall")) == 300  # pages fetched before the quota ran out are kept
    row = vk.source_row("vk-wall")
    assert row["next_attempt_at"] - row["last_attempt_at"] <= timedelta(days=1)
    assert vk.crawl("vk-wall", collector).status == "waiting"  # still the same day
    next_day = day_one + timedelta(days=1)
    collector = vk.make_collector(ledger=StoreLedger(vk.store), clock=lambda: next_day)
    before = vk.fake.count("wall.get")
    report = vk.crawl("vk-wall", collector)
    assert report.status == "ok"
    assert vk.fake.count("wall.get") - before == 1  # goes on from offset 300, not from the top
    stored = vk.posts("vk-wall")
    assert len(stored) == 350 and vk.cursor("vk-wall")["last_id"] == 350


def test_quota_is_counted_per_method_in_the_store(vk, eaomedia):
    from sqlalchemy import select

    from pipeline.store.schema import quota_usage
    vk.configure([vk.source()])
    vk.fake.world.add_post(eaomedia, "пост", date=vk.ago(1))
    vk.crawl("vk-wall", vk.make_collector(ledger=StoreLedger(vk.store)))
    with vk.store.transaction() as conn:
        rows = conn.execute(select(quota_usage)).mappings().all()
    assert [(r["method"], r["used"]) for r in rows] == [("wall.get", 1)]
    assert TOKEN not in rows[0]["credential"] and rows[0]["credential"].startswith("vk:")
