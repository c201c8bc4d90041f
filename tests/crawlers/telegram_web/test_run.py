"""The worker process on its own: its JSON-lines protocol, many crawls at once, cancels,
and no crawling on for nobody."""

from __future__ import annotations

import json
import subprocess
import sys

from .conftest import CHANNEL, history


def start_worker() -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "crawlers.telegram_web.run",
                             "--download-delay", "0.01"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)


def send(worker: subprocess.Popen, **message) -> None:
    worker.stdin.write(json.dumps(message) + "\n")
    worker.stdin.flush()


def crawl(worker, fake, request_id: str, channel: str = CHANNEL, cursor=None) -> None:
    send(worker, op="crawl", id=request_id, base_url=fake.url, channel=channel, cursor=cursor)


def events_until(worker, ends: int) -> list[dict]:
    events = []
    while sum(e["event"] in ("end", "failed", "unavailable", "wait") for e in events) < ends:
        events.append(json.loads(worker.stdout.readline()))
    return events


def test_prints_pages_then_end_tagged_with_the_request(fake):
    fake.add_posts(history(1, 45))
    worker = start_worker()
    crawl(worker, fake, "a", cursor={"top": 20, "covered": []})
    events = events_until(worker, 1)
    assert [(e["id"], e["event"]) for e in events] == [("a", "page"), ("a", "page"), ("a", "end")]
    assert [e["cursor"] for e in events] == [{"top": 20, "covered": [[26, 45]]},
                                             {"top": 20, "covered": [[21, 45]]},
                                             {"top": 45, "covered": []}]
    assert events[-1]["reason"] == "top" and "tgme_widget_message" in events[0]["html"]
    worker.stdin.close()
    assert worker.wait(timeout=30) == 0  # stdin closed: the worker stops by itself


def test_serves_several_crawls_at_once_and_drops_a_cancelled_one(fake):
    fake.latency = 0.02
    fake.add_posts(history(1, 200) + history(1, 60, channel="birduma"))
    worker = start_worker()
    crawl(worker, fake, "long")
    crawl(worker, fake, "short", channel="birduma")
    first = json.loads(worker.stdout.readline())
    send(worker, op="cancel", id="long")
    send(worker, op="crawl", id="bad")  # no channel: that request fails, the rest go on
    events = [first, *events_until(worker, 2)]
    worker.stdin.close()
    worker.wait(timeout=30)
    by_id = {e["id"]: [x["event"] for x in events if x["id"] == e["id"]] for e in events}
    assert by_id["short"] == ["page", "page", "page", "end"]
    assert by_id["bad"] == ["failed"] and "end" not in by_id["long"]
    long_pages = [p for p, _ in fake.requests if p.startswith(f"/s/{CHANNEL}")]
    assert len(long_pages) <= 3  # asked before the cancel arrived at most
    assert fake.max_in_flight == 1


def test_stops_when_the_collector_is_gone(fake):
    fake.latency = 0.05
    fake.add_posts(history(1, 400))
    worker = start_worker()
    crawl(worker, fake, "a")
    worker.stdout.readline()  # the first page arrived; now the reader goes away
    worker.stdout.close()
    assert worker.wait(timeout=30) == 3
    worker.stdin.close()
    assert len(fake.requests) <= 3  # it noticed on its next write, not 20 pages later


def test_stops_mid_crawl_when_its_stdin_closes(fake):
    fake.latency = 0.05
    fake.add_posts(history(1, 400))
    worker = start_worker()
    crawl(worker, fake, "a")
    worker.stdout.readline()
    worker.stdin.close()  # what the worker sees when the service is SIGKILLed
    assert worker.wait(timeout=30) == 0
    worker.stdout.close()
    assert len(fake.requests) <= 3
