"""Collector ``telegram_web``: public channels through the t.me/s web preview.

Crawls run in one long-lived scrapy worker process per collector
(``crawlers.telegram_web.run``, driven by ``worker.py``); the collector turns the pages
it streams back into batches as they arrive. See docs/telegram.md for why.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from crawlers.base import Batch, Collector, SourceState
from crawlers.errors import SourceError, SourceUnavailable, SourceWait, TransientError
from crawlers.policy import retry_after_seconds
from crawlers.telegram_web.cursor import Cursor
from crawlers.telegram_web.mapper import map_page
from crawlers.telegram_web.settings import MAX_PAGES
from crawlers.telegram_web.worker import Ticket, Worker
from pipeline.config.model import Config, Source
from pipeline.records import PostRecord
from pipeline.store.raw import RawResponse

log = logging.getLogger(__name__)

DEFAULT_WAIT = timedelta(minutes=5)  # a 429 without Retry-After
STALL = timedelta(minutes=10)  # a crawl the worker says nothing about for this long failed


def channel_name(source: Source) -> str:
    """'@eaonews', 'https://t.me/eaonews' or 'eaonews' -> 'eaonews'."""
    handle = (source.handle or "").strip().rstrip("/")
    for prefix in ("https://", "http://", "t.me/", "s/"):
        handle = handle.removeprefix(prefix)
    return handle.removeprefix("@")


class TelegramWebCollector(Collector):
    name = "telegram_web"
    version = "1"

    def __init__(self, config: Config, worker: Worker | None = None) -> None:
        super().__init__(config)
        self.worker = worker or Worker(config.telegram.download_delay.total_seconds())

    def crawl(self, source: Source, state: SourceState) -> Iterator[Batch]:
        channel = channel_name(source)
        if not channel:
            raise SourceUnavailable(f"source {source.id}: no channel handle configured")
        ticket = self.worker.submit(self.request(source, state, channel))
        try:
            yield from self._events(source, ticket)
        finally:  # also when the crawl is abandoned: the worker drops it, the others go on
            ticket.close()

    def close(self) -> None:
        self.worker.close()

    def request(self, source: Source, state: SourceState, channel: str) -> dict:
        settings = self.config.telegram
        now = state.now or datetime.now(UTC)
        horizon = now - (source.depth or settings.first_crawl_depth)
        return {"base_url": settings.web_url, "channel": channel,
                "cursor": Cursor.load(state.cursor).dump(), "horizon": horizon.isoformat(),
                "max_pages": MAX_PAGES,
                "resweep_since": (now - settings.resweep_window).isoformat()}

    def _events(self, source: Source, ticket: Ticket) -> Iterator[Batch]:
        while True:
            event = ticket.next(STALL.total_seconds())
            kind = event.get("event")
            if kind == "page":
                yield Batch(raw=[_raw(event)], cursor=event["cursor"])
            elif kind == "cursor":
                yield Batch(cursor=event["cursor"])
            elif kind == "end":
                log.info("source %s: walk ended (%s) after %s pages", source.id,
                         event.get("reason"), event.get("pages"))
                yield Batch(cursor=event["cursor"])
                return
            else:
                raise _error(source, event)

    @classmethod
    def map_raw(cls, raw: RawResponse, source: Source) -> list[PostRecord]:
        return map_page(raw.payload, source, raw.fetched_at)


def _raw(event: dict) -> RawResponse:
    return RawResponse(request=event["url"], payload=event["html"], content_type="text/html",
                       fetched_at=datetime.fromisoformat(event["fetched_at"]))


def _error(source: Source, event: dict) -> SourceError:
    reason = f"source {source.id}: {event.get('reason') or event}"
    kind = event.get("event")
    if kind == "unavailable":
        return SourceUnavailable(reason)
    if kind == "wait":
        seconds = retry_after_seconds(event.get("retry_after"))
        wait = timedelta(seconds=seconds) if seconds is not None else DEFAULT_WAIT
        return SourceWait(reason, retry_after=max(wait, timedelta(seconds=1)))
    return TransientError(reason)
