"""One channel's walk back through t.me/s pages: the state of one crawl request.

The worker's spider (``spider.py``) runs many walks at once; each walk turns the pages
of its channel into events (see ``run.py``) and asks for its next page. Every page event
carries the cursor that is true once that page is stored, so the collector commits page
and cursor together.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import scrapy
from scrapy.http import Response

from crawlers.telegram_web import cursor as walk
from crawlers.telegram_web.parse import Page, parse_page
from crawlers.telegram_web.settings import CUT_RETRIES, MAX_PAGES, MAX_RESWEEPS

log = logging.getLogger(__name__)
TERMINAL = frozenset({"end", "unavailable", "wait", "failed"})


class ChannelWalk:
    def __init__(self, request_id: str, base_url: str, channel: str, emit: Callable[[dict], None],
                 cursor: dict | None = None, horizon: str | None = None,
                 max_pages: int = MAX_PAGES, resweep_since: str | None = None) -> None:
        self.id = request_id
        self.base_url = base_url.rstrip("/")
        self.channel = channel
        self._emit = emit
        self.cursor = walk.Cursor.load(cursor)
        self.horizon = datetime.fromisoformat(horizon) if horizon else None
        self.resweep_since = datetime.fromisoformat(resweep_since) if resweep_since else None
        self.max_pages = int(max_pages)
        self.pages = self.resweeps = 0
        self.done = False  # ended, or cancelled by the collector

    def emit(self, event: dict) -> None:
        if self.done:
            return
        self.done = event["event"] in TERMINAL
        self._emit({"id": self.id, **event})

    def page_request(self, before: int | None, cut: int = 0,
                     resweep: bool = False) -> scrapy.Request:
        url = f"{self.base_url}/s/{self.channel}" + (f"?before={before}" if before else "")
        return scrapy.Request(url, dont_filter=True, meta={
            "walk": self, "before": before, "cut": cut, "resweep": resweep})

    def parse(self, response: Response) -> Iterator[scrapy.Request]:
        problem = self.status_problem(response)
        if problem:
            self.emit(problem)
            return
        page = parse_page(response.text, full=False)  # the collector maps it in full
        if page.kind != "channel":  # a landing page is an answer; anything else is trouble
            kind = "unavailable" if page.kind == "landing" else "failed"
            self.emit({"event": kind, "reason": f"@{self.channel}: {page.reason} "
                       f"(t.me answered {response.url})"})
            return
        cut = response.meta["cut"]
        if not page.complete and cut < CUT_RETRIES:
            log.warning("%s came cut off; asking again", response.url)
            yield self.page_request(response.meta["before"], cut + 1, response.meta["resweep"])
            return
        if response.meta["resweep"]:
            yield from self.resweep(response, page)
        else:
            yield from self.take(response, page)

    def status_problem(self, response: Response) -> dict | None:
        status = response.status
        if status == 200:
            return None
        if status == 429:
            told = response.headers.get("Retry-After")
            return {"event": "wait", "reason": f"t.me answered 429 to {response.url}",
                    "retry_after": told.decode("latin-1") if told else None}
        if status == 404:
            return {"event": "unavailable", "reason": f"@{self.channel}: t.me answered 404"}
        return {"event": "failed", "reason": f"t.me answered {status} to {response.url}"}

    def take(self, response: Response, page: Page) -> Iterator[scrapy.Request]:
        before = response.meta["before"]
        span = walk.page_span(page.ids(), before, page.complete)
        if span is None:
            self.empty_page(before, page)
            return
        self.cursor = walk.add_span(self.cursor, *span)
        self.pages += 1
        self.emit_page(response)
        low = span[0]
        end = self.end_reason(page, low)
        if not end:
            yield self.page_request(walk.next_before(self.cursor, low))
            return
        if end != "max_pages":
            self.cursor = walk.close(self.cursor, low)
        if end == "top" and self.wants_resweep(page):
            self.emit({"event": "cursor", "cursor": self.cursor.dump()})  # stored first
            yield self.page_request(low, resweep=True)
            return
        self.emit_end(end)

    def emit_page(self, response: Response) -> None:
        self.emit({"event": "page", "url": response.url, "html": response.text,
                   "fetched_at": datetime.now(UTC).isoformat(), "cursor": self.cursor.dump()})

    def emit_end(self, reason: str) -> None:
        self.emit({"event": "end", "reason": reason, "pages": self.pages,
                   "resweeps": self.resweeps, "cursor": self.cursor.dump()})

    def wants_resweep(self, page: Page) -> bool:
        """Stored posts of the last ``resweep_since`` are read again: new views, edits."""
        return (self.resweep_since is not None and page.before is not None and bool(page.ids())
                and _oldest(page) >= self.resweep_since and self.resweeps < MAX_RESWEEPS)

    def resweep(self, response: Response, page: Page) -> Iterator[scrapy.Request]:
        self.resweeps += 1
        self.emit_page(response)
        if self.wants_resweep(page):
            yield self.page_request(min(page.ids()), resweep=True)
        else:
            self.emit_end("top")

    def end_reason(self, page: Page, low: int) -> str | None:
        if walk.reached_top(self.cursor, low):
            return "top"
        if self.cursor.top is None and self.horizon and _oldest(page) < self.horizon:
            return "depth"
        if page.before is None:
            return "bottom"
        return "max_pages" if self.pages >= self.max_pages else None

    def empty_page(self, before: int | None, page: Page) -> None:
        if page.incomplete:
            self.emit({"event": "failed", "reason": f"@{self.channel}: page before={before} "
                       "kept coming cut off before its first post"})
            return
        if before is not None:  # nothing older than `before`: the walk reached the bottom
            self.cursor = walk.close(walk.add_span(self.cursor, 1, before - 1), 1)
        self.emit_end("bottom")

    def failed(self, failure) -> None:
        self.emit({"event": "failed", "reason": f"{failure.request.url}: "
                   f"{failure.type.__name__}: {failure.value}"})


def _oldest(page: Page) -> datetime:
    dates = [m.date for m in page.messages if m.date]
    return min(dates) if dates else datetime.max.replace(tzinfo=UTC)
