"""SIGKILL during a crawl and during processing, then a restart: every post exactly once,
every analysis once, every post in at most one incident, and the same incidents as a
run that was never killed."""

from __future__ import annotations

import pytest

from fakes.tme import TmeFake

from .harness import Db, Running, tme_post, write_config

CHANNELS = ("chan_a", "chan_b", "chan_c")
PER_CHANNEL = 45  # three pages each, so a kill can land in the middle of a crawl
TOTAL = PER_CHANNEL * len(CHANNELS)


@pytest.fixture
def tme():
    fake = TmeFake(latency=0.05)
    for channel in CHANNELS:
        fake.add_posts([tme_post(channel, n, minutes_ago=200 - n) for n in range(1, 46)])
    fake.start()
    yield fake
    fake.stop()


def once(config, db_url) -> Running:
    return Running(config, db_url, "--once")


def kill_when(db: Db, run: Running, sql: str, predicate) -> None:
    db.wait_for(sql, predicate, 120)
    run.kill()


def integrity(db: Db) -> dict:
    return {
        "posts": db.scalar("SELECT count(*) FROM posts"),
        "distinct_posts": db.scalar(
            "SELECT count(*) FROM (SELECT DISTINCT source_id, native_id FROM posts) x"),
        "analyses_per_post": db.scalar(
            "SELECT max(n) FROM (SELECT count(*) n FROM analyses GROUP BY post_id) x"),
        "unanalyzed": db.scalar("SELECT count(*) FROM posts p WHERE NOT EXISTS "
                                "(SELECT 1 FROM analyses a WHERE a.post_id = p.id)"),
        "incidents_per_post": db.scalar(
            "SELECT max(n) FROM (SELECT count(*) n FROM incident_posts GROUP BY post_id) x"),
        "empty_incidents": db.scalar("SELECT count(*) FROM incidents i WHERE NOT EXISTS "
                                     "(SELECT 1 FROM incident_posts ip "
                                     "WHERE ip.incident_id = i.id)"),
    }


def incident_groups(db: Db) -> set[frozenset]:
    with db.engine.connect() as conn:
        from sqlalchemy import text

        rows = conn.execute(text(
            "SELECT ip.incident_id, p.source_id || '/' || p.native_id FROM incident_posts ip "
            "JOIN posts p ON p.id = ip.post_id")).all()
    groups: dict[int, set] = {}
    for incident, post in rows:
        groups.setdefault(incident, set()).add(post)
    return {frozenset(g) for g in groups.values()}


@pytest.mark.timeout(300)
def test_sigkill_during_crawl_and_processing(tme, db_url, tmp_path, sqlite_template):
    sources = [{"id": f"tg-{c}", "platform": "telegram", "kind": "channel", "handle": c,
                "interval": "1h"} for c in CHANNELS]
    config = write_config(tmp_path / "config.yaml", tme.url, "http://127.0.0.1:9/method/",
                          sources)
    db = Db(db_url)
    try:
        first = once(config, db_url)  # killed while crawling: some posts, not all
        kill_when(db, first, "SELECT count(*) FROM posts", lambda n: 0 < n < TOTAL)
        second = once(config, db_url)  # killed while processing: some analyses, not all
        kill_when(db, second, "SELECT count(*) FROM analyses", lambda n: n > 0)
        last = once(config, db_url)
        assert last.proc.wait(180) == 0, last.log()[-3000:]
        found = integrity(db)
        assert found == {"posts": TOTAL, "distinct_posts": TOTAL, "analyses_per_post": 1,
                         "unanalyzed": 0, "incidents_per_post": 1, "empty_incidents": 0}
        killed_groups = incident_groups(db)
    finally:
        db.close()
    clean_url = f"sqlite:///{tmp_path}/clean.db"
    clean = once(config, clean_url)
    assert clean.proc.wait(180) == 0
    clean_db = Db(clean_url)
    try:
        assert killed_groups == incident_groups(clean_db)
    finally:
        clean_db.close()
