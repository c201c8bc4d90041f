"""The t.me/s spider: walks a channel backwards page by page and reports each page.

It yields plain dict "events" (see ``run.py``); every page event carries the cursor
that is true once that page is stored, so the collector commits page and cursor together.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import scrapy
from scrapy.http import Response

from crawlers.telegram_web import cursor as walk
from crawlers.telegram_web.parse import Page, parse_page
from crawlers.telegram_web.settings import CUT_RETRIES, MAX_PAGES, MAX_RESWEEPS


class ChannelSpider(scrapy.Spider):
    name = "tme_channel"

    def __init__(self, base_url: str, channel: str, cursor: dict | None = None,
                 horizon: str | None = None, max_pages: int = MAX_PAGES,
                 resweep_since: str | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.base_url = base_url.rstrip("/")
        self.channel = channel
        self.cursor = walk.Cursor.load(cursor)
        self.horizon = datetime.fromisoformat(horizon) if horizon else None
        self.resweep_since = datetime.fromisoformat(resweep_since) if resweep_since else None
        self.max_pages = int(max_pages)
        self.pages = self.resweeps = 0

    async def start(self):
        yield self.page_request(None)

    def page_request(self, before: int | None, cut: int = 0,
                     resweep: bool = False) -> scrapy.Request:
        url = f"{self.base_url}/s/{self.channel}" + (f"?before={before}" if before else "")
        return scrapy.Request(url, callback=self.parse, errback=self.failed, dont_filter=True,
                              meta={"before": before, "cut": cut, "resweep": resweep})

    def parse(self, response: Response) -> Iterator[dict | scrapy.Request]:
        problem = self.status_problem(response)
        if problem:
            yield problem
            return
        page = parse_page(response.text, full=False)  # the collector maps it in full
        if page.kind != "channel":  # a landing page is an answer; anything else is trouble
            kind = "unavailable" if page.kind == "landing" else "failed"
            yield {"event": kind, "reason": f"@{self.channel}: {page.reason} "
                   f"(t.me answered {response.url})"}
            return
        cut = response.meta["cut"]
        if not page.complete and cut < CUT_RETRIES:
            self.logger.warning("%s came cut off; asking again", response.url)
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

    def take(self, response: Response, page: Page) -> Iterator[dict | scrapy.Request]:
        before = response.meta["before"]
        span = walk.page_span(page.ids(), before, page.complete)
        if span is None:
            yield from self.empty_page(before, page)
            return
        self.cursor = walk.add_span(self.cursor, *span)
        self.pages += 1
        yield {"event": "page", "url": response.url, "html": response.text,
               "fetched_at": datetime.now(UTC).isoformat(), "cursor": self.cursor.dump()}
        low = span[0]
        end = self.end_reason(page, low)
        if not end:
            yield self.page_request(walk.next_before(self.cursor, low))
            return
        if end != "max_pages":
            self.cursor = walk.close(self.cursor, low)
        if end == "top" and self.wants_resweep(page):
            yield {"event": "cursor", "cursor": self.cursor.dump()}  # stored before we go on
            yield self.page_request(low, resweep=True)
            return
        yield self.end_event(end)

    def end_event(self, reason: str) -> dict:
        return {"event": "end", "reason": reason, "pages": self.pages,
                "resweeps": self.resweeps, "cursor": self.cursor.dump()}

    def wants_resweep(self, page: Page) -> bool:
        """Stored posts of the last ``resweep_since`` are read again: new views, edits."""
        return (self.resweep_since is not None and page.before is not None and bool(page.ids())
                and _oldest(page) >= self.resweep_since and self.resweeps < MAX_RESWEEPS)

    def resweep(self, response: Response, page: Page) -> Iterator[dict | scrapy.Request]:
        self.resweeps += 1
        yield {"event": "page", "url": response.url, "html": response.text,
               "fetched_at": datetime.now(UTC).isoformat(), "cursor": self.cursor.dump()}
        if self.wants_resweep(page):
            yield self.page_request(min(page.ids()), resweep=True)
        else:
            yield self.end_event("top")

    def end_reason(self, page: Page, low: int) -> str | None:
        if walk.reached_top(self.cursor, low):
            return "top"
        if self.cursor.top is None and self.horizon and _oldest(page) < self.horizon:
            return "depth"
        if page.before is None:
            return "bottom"
        return "max_pages" if self.pages >= self.max_pages else None

    def empty_page(self, before: int | None, page: Page) -> Iterator[dict]:
        if page.incomplete:
            yield {"event": "failed", "reason": f"@{self.channel}: page before={before} "
                   "kept coming cut off before its first post"}
            return
        if before is not None:  # nothing older than `before`: the walk reached the bottom
            self.cursor = walk.close(walk.add_span(self.cursor, 1, before - 1), 1)
        yield self.end_event("bottom")

    def failed(self, failure) -> Iterator[dict]:
        yield {"event": "failed", "reason": f"{failure.request.url}: "
               f"{failure.type.__name__}: {failure.value}"}


def _oldest(page: Page) -> datetime:
    dates = [m.date for m in page.messages if m.date]
    return min(dates) if dates else datetime.max.replace(tzinfo=UTC)
