"""The crawl process on its own: its JSON-lines protocol, and no crawling on for nobody."""

from __future__ import annotations

import json
import subprocess
import sys

from .conftest import CHANNEL, history


def command(fake, cursor="null") -> list[str]:
    return [sys.executable, "-m", "crawlers.telegram_web.run", "--base-url", fake.url,
            "--channel", CHANNEL, "--cursor", cursor, "--download-delay", "0.01"]


def test_prints_pages_then_end(fake):
    fake.add_posts(history(1, 45))
    done = subprocess.run(command(fake, json.dumps({"top": 20, "covered": []})),
                          capture_output=True, text=True, timeout=60)
    events = [json.loads(line) for line in done.stdout.splitlines()]
    assert [e["event"] for e in events] == ["page", "page", "end"]
    assert [e["cursor"] for e in events] == [{"top": 20, "covered": [[26, 45]]},
                                             {"top": 20, "covered": [[21, 45]]},
                                             {"top": 45, "covered": []}]
    assert events[-1]["reason"] == "top" and "tgme_widget_message" in events[0]["html"]


def test_stops_when_the_collector_is_gone(fake):
    fake.latency = 0.05
    fake.add_posts(history(1, 400))
    process = subprocess.Popen(command(fake), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    process.stdout.readline()  # the first page arrived; now the reader goes away
    process.stdout.close()
    assert process.wait(timeout=30) == 3
    assert len(fake.requests) <= 3  # it noticed on its next write, not 20 pages later
