"""The collector keeps telethon on its own loop: a caller that already runs an asyncio loop
(a web server, Playwright's sync API in a test session) must not break a crawl."""

from __future__ import annotations

import asyncio
import threading

from pipeline.collect import crawl_source

from .conftest import add_posts


def test_crawl_from_inside_a_running_event_loop(store, server, collectors, config):
    add_posts(server, 1, 5)
    reports = []

    async def crawl_while_a_loop_runs():
        reports.append(crawl_source(store, collectors, config.source("tga-eaonews")))

    # A thread of its own, so the test does not depend on what loop the session runs.
    thread = threading.Thread(target=lambda: asyncio.run(crawl_while_a_loop_runs()))
    thread.start()
    thread.join(60)
    assert [(r.status, r.new) for r in reports] == [("ok", 5)], reports
