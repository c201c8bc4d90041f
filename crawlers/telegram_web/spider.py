"""The worker's one long-lived spider: it runs every channel walk the collector asks for.

One spider (so one scrapy downloader) serves all walks of a worker: politeness
(``CONCURRENT_REQUESTS_PER_DOMAIN``, ``DOWNLOAD_DELAY``, the Retry-After waits) holds for
the t.me host as a whole, however many channels are crawled at once. Requests arrive
through ``submit`` / ``cancel`` (called on the reactor thread by ``run.py``); the spider
never closes by itself while idle.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from urllib.parse import urlparse

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response

from crawlers.policy import retry_after_seconds
from crawlers.telegram_web.walk import ChannelWalk

WALK_FIELDS = ("base_url", "channel", "cursor", "horizon", "max_pages", "resweep_since")


class WorkerSpider(scrapy.Spider):
    name = "tme_worker"

    def __init__(self, emit: Callable[[dict], None], **kwargs) -> None:
        super().__init__(**kwargs)
        self.emit = emit
        self.walks: dict[str, ChannelWalk] = {}
        self.paused_until: dict[str, float] = {}  # host -> monotonic end of a 429 pause

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.idle, signal=signals.spider_idle)
        return spider

    async def start(self):
        return
        yield  # an async generator without start requests: walks come through submit()

    def idle(self) -> None:
        raise DontCloseSpider("waiting for crawl requests")

    def submit(self, message: dict) -> None:
        walk = ChannelWalk(str(message["id"]), emit=self._emit,
                           **{k: message[k] for k in WALK_FIELDS if k in message})
        left = self.paused_until.get(_host(walk.base_url), 0.0) - time.monotonic()
        if left > 0:  # do not ask again what t.me told us to leave alone for a while
            walk.emit({"event": "wait", "reason": "t.me asked to pause all requests (429); "
                       f"{left:.0f} s left", "retry_after": f"{left:.0f}"})
            return
        self.walks[walk.id] = walk
        self.crawler.engine.crawl(self._bind(walk.page_request(None)))

    def cancel(self, request_id: str) -> None:
        walk = self.walks.pop(str(request_id), None)
        if walk is not None:
            walk.done = True  # its queued request is dropped (DropCancelled), its answer ignored

    def parse(self, response: Response) -> Iterator[scrapy.Request]:
        walk: ChannelWalk = response.meta["walk"]
        if walk.done:
            return
        for request in walk.parse(response):
            yield self._bind(request)
        self._forget(walk)

    def failed(self, failure) -> None:
        walk: ChannelWalk = failure.request.meta["walk"]
        walk.failed(failure)
        self._forget(walk)

    def _bind(self, request: scrapy.Request) -> scrapy.Request:
        return request.replace(callback=self.parse, errback=self.failed)

    def _forget(self, walk: ChannelWalk) -> None:
        if walk.done:
            self.walks.pop(walk.id, None)

    def _emit(self, event: dict) -> None:
        walk = self.walks.get(event["id"])
        if event["event"] == "wait" and walk is not None:
            seconds = retry_after_seconds(event.get("retry_after"))
            if seconds:
                host = _host(walk.base_url)
                until = time.monotonic() + seconds
                self.paused_until[host] = max(self.paused_until.get(host, 0.0), until)
        self.emit(event)


def _host(url: str) -> str:
    return urlparse(url).netloc or url
