"""The collector's worker process: one per collector, shared by parallel crawls, cancelled
crawls, a worker killed mid-crawl, a host-wide pause after a long 429, and close()."""

from __future__ import annotations

import os
import signal
import threading
import time
from datetime import timedelta

import pytest

from crawlers.base import SourceState
from crawlers.errors import SourceWait, TransientError
from crawlers.telegram_web.collector import TelegramWebCollector

from .conftest import CHANNEL, history, make_config


@pytest.fixture
def collector(fake):
    collector = TelegramWebCollector(make_config(fake.url, handles=(CHANNEL, "birduma")))
    yield collector
    collector.close()


def crawl(collector, handle=CHANNEL):
    return collector.crawl(collector.config.source(f"tg-{handle}"), SourceState())


def wait_gone(pid: int, timeout: float = 10) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def test_an_abandoned_crawl_is_cancelled_and_the_others_go_on(fake, collector):
    fake.latency = 0.02
    fake.add_posts(history(1, 400) + history(1, 60, channel="birduma"))
    long = crawl(collector)
    next(long)  # the first page of the long walk is in
    other: list = []
    thread = threading.Thread(target=lambda: other.extend(crawl(collector, "birduma")))
    thread.start()
    long.close()  # the caller walks away: the worker is told to drop that crawl
    thread.join(30)
    asked_after = len([p for p, _ in fake.requests if p.startswith(f"/s/{CHANNEL}")])
    assert len(other) == 4 and other[-1].cursor == {"top": 60, "covered": []}
    assert asked_after <= 3  # the long walk stopped; 20 pages would have been asked
    assert collector.worker.starts == 1 and fake.max_in_flight == 1


def test_a_worker_killed_mid_crawl_fails_that_crawl_and_the_next_restarts_it(fake, collector):
    fake.latency = 0.05
    fake.add_posts(history(1, 400) + history(1, 5, channel="birduma"))
    walk = crawl(collector)
    next(walk)
    os.kill(collector.worker.pid, signal.SIGKILL)
    with pytest.raises(TransientError, match="worker process .* stopped with exit code -9"):
        list(walk)
    fake.latency = 0
    batches = list(crawl(collector, "birduma"))
    assert collector.worker.starts == 2 and batches[-1].cursor == {"top": 5, "covered": []}


def test_a_long_429_pauses_every_channel_of_the_host(fake, collector):
    fake.add_posts(history(1, 5) + history(1, 5, channel="birduma"))
    fake.fail_next(429, times=1, retry_after=600)
    with pytest.raises(SourceWait):
        list(crawl(collector))
    with pytest.raises(SourceWait, match="pause all requests") as waited:
        list(crawl(collector, "birduma"))
    assert timedelta(seconds=590) <= waited.value.retry_after <= timedelta(seconds=600)
    assert len(fake.requests) == 1  # t.me was not asked again


def test_close_stops_the_worker_and_a_later_crawl_starts_one(fake, collector):
    fake.add_posts(history(1, 5))
    assert list(crawl(collector))
    pid = collector.worker.pid
    collector.close()
    assert wait_gone(pid)
    assert list(crawl(collector)) and collector.worker.starts == 2


def test_close_during_a_crawl_waits_for_it(fake, collector):
    fake.latency = 0.02
    fake.add_posts(history(1, 60))
    walk = crawl(collector)
    first = next(walk)
    pid = collector.worker.pid
    collector.close()  # e.g. the service re-read config.yaml while this crawl runs
    rest = list(walk)
    assert [first, *rest][-1].cursor == {"top": 60, "covered": []}
    assert wait_gone(pid)
