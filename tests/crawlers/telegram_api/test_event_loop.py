"""The collector keeps telethon on its own loop: a caller that already runs an asyncio loop
(a web server, Playwright's sync API in a test session) must not break a crawl."""

from __future__ import annotations

import asyncio

from pipeline.collect import crawl_source

from .conftest import add_posts


def test_crawl_from_inside_a_running_event_loop(store, server, collectors, config):
    add_posts(server, 1, 5)

    async def crawl_while_a_loop_runs():
        return crawl_source(store, collectors, config.source("tga-eaonews"))

    report = asyncio.run(crawl_while_a_loop_runs())
    assert (report.status, report.new) == ("ok", 5), report.error
