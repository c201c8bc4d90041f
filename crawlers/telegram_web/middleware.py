"""Retries for t.me: honour Retry-After on 429, back off on 5xx, never hammer the host."""

from __future__ import annotations

import logging

from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.utils.asyncio import sleep

from crawlers.policy import Backoff, retry_after_seconds

log = logging.getLogger(__name__)

RETRY_STATUSES = {429, 500, 502, 503, 504, 520, 522, 524}


class DropCancelled:
    """A request of a walk the collector abandoned is not sent: t.me is not asked for nobody."""

    def process_request(self, request: Request) -> None:
        walk = request.meta.get("walk")
        if walk is not None and walk.done:
            raise IgnoreRequest(f"{request.url}: its crawl was cancelled")


class PoliteRetry:
    def __init__(self, backoff: Backoff, max_inline_wait: float) -> None:
        self.backoff = backoff
        self.max_inline_wait = max_inline_wait

    @classmethod
    def from_crawler(cls, crawler) -> PoliteRetry:
        settings = crawler.settings
        backoff = Backoff(base=settings.getfloat("TME_BACKOFF_BASE"),
                          cap=settings.getfloat("TME_BACKOFF_CAP"),
                          attempts=settings.getint("TME_RETRY_TIMES"))
        return cls(backoff, settings.getfloat("TME_MAX_INLINE_WAIT"))

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        if response.status not in RETRY_STATUSES:
            return response
        attempt = request.meta.get("retries", 0)
        wait = self.wait_for(response, attempt)
        if attempt >= self.backoff.attempts or wait > self.max_inline_wait:
            return response  # the spider turns it into "wait" or "failed"
        log.warning("%s answered %s; retry %d in %.1fs", request.url, response.status,
                    attempt + 1, wait)
        await sleep(wait)  # the reactor runs on; CONCURRENT_REQUESTS=1: the whole host waits
        retry = request.replace(dont_filter=True)
        retry.meta["retries"] = attempt + 1
        return retry

    def wait_for(self, response: Response, attempt: int) -> float:
        header = response.headers.get("Retry-After")
        told = retry_after_seconds(header.decode("latin-1") if header else None)
        return told if told is not None else self.backoff.delay(attempt)
