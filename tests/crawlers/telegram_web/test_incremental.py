"""1,000 posts through the fake t.me: new posts between runs and a kill in the middle
of a crawl; in the end every post is stored once, none missing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from pipeline.collect import crawl_source
from pipeline.store.schema import posts, raw_items

from .conftest import (
    CHANNEL,
    collectors_for,
    count,
    history,
    make_config,
    stored_ids,
    write_config,
)

RADAR = str(Path(sys.executable).with_name("radar"))
STEP = timedelta(minutes=5)  # 1,050 posts span 3.6 days: all inside the first-crawl depth


def kill_mid_crawl(config_path: Path, store, after_pages: int) -> None:
    """`radar crawl` in its own process group, SIGKILLed (with its scrapy child) mid-walk."""
    process = subprocess.Popen([RADAR, "--config", str(config_path), "crawl", "--source",
                                f"tg-{CHANNEL}"], start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while count(store, raw_items) < after_pages:
        assert process.poll() is None, process.stderr.read().decode()[-2000:]
        assert time.monotonic() < deadline, "the crawl did not get going"
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    process.stderr.close()


def test_kill_and_new_posts_lose_nothing_and_duplicate_nothing(fake, store, db_url, tmp_path):
    fake.latency = 0.03
    fake.add_posts(history(1, 1000, step=STEP))
    config_path = write_config(tmp_path, fake.url, db_url)
    kill_mid_crawl(config_path, store, after_pages=12)
    fake.latency = 0
    partial = stored_ids(store)
    assert 0 < len(partial) < 1000
    assert partial == list(range(partial[0], 1001))  # newest first, no holes

    fake.add_posts(history(1001, 1030, step=STEP))  # new posts while the service was down
    config = make_config(fake.url)
    requests_before = len(fake.requests)
    report = crawl_source(store, collectors_for(config), config.source(f"tg-{CHANNEL}"))
    assert report.status == "ok", report.error
    pages_walked = len(fake.requests) - requests_before
    assert pages_walked < 52 - len(partial) // 20 + 3  # it jumped over what was stored

    fake.add_posts(history(1031, 1050, step=STEP))
    report = crawl_source(store, collectors_for(config), config.source(f"tg-{CHANNEL}"))
    assert (report.status, report.new) == ("ok", 20)

    assert stored_ids(store) == list(range(1, 1051))
    with store.transaction() as conn:
        twice = conn.execute(select(posts.c.native_id).group_by(posts.c.source_id,
                             posts.c.native_id).having(func.count() > 1)).all()
    assert twice == []
