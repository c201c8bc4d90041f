"""Collector ``telegram_web``: public channels through the t.me/s web preview.

Each crawl runs the scrapy spider in a child process (``crawlers.telegram_web.run``) and
turns the pages it prints into batches as they arrive; see docs/telegram.md for why.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from urllib.parse import urlparse

from crawlers.base import Batch, Collector, SourceState
from crawlers.errors import SourceError, SourceUnavailable, SourceWait, TransientError
from crawlers.policy import retry_after_seconds
from crawlers.telegram_web.cursor import Cursor
from crawlers.telegram_web.mapper import map_page
from crawlers.telegram_web.settings import MAX_PAGES
from pipeline.config.model import Source
from pipeline.records import PostRecord
from pipeline.store.raw import RawResponse

log = logging.getLogger(__name__)

DEFAULT_WAIT = timedelta(minutes=5)  # a 429 without Retry-After
HOST_WAIT = timedelta(minutes=5)  # longest wait for another crawl of the same host
_HOST_LOCKS: dict[str, threading.Lock] = {}
_HOST_LOCKS_GUARD = threading.Lock()


def host_lock(url: str) -> threading.Lock:
    """One crawl at a time per t.me host in this process: one request at a time, overall."""
    host = urlparse(url).netloc or url
    with _HOST_LOCKS_GUARD:
        return _HOST_LOCKS.setdefault(host, threading.Lock())


def channel_name(source: Source) -> str:
    """'@eaonews', 'https://t.me/eaonews' or 'eaonews' -> 'eaonews'."""
    handle = (source.handle or "").strip().rstrip("/")
    for prefix in ("https://", "http://", "t.me/", "s/"):
        handle = handle.removeprefix(prefix)
    return handle.removeprefix("@")


class TelegramWebCollector(Collector):
    name = "telegram_web"
    version = "1"

    def crawl(self, source: Source, state: SourceState) -> Iterator[Batch]:
        channel = channel_name(source)
        if not channel:
            raise SourceUnavailable(f"source {source.id}: no channel handle configured")
        lock = host_lock(self.config.telegram.web_url)
        if not lock.acquire(timeout=HOST_WAIT.total_seconds()):
            raise SourceWait(f"source {source.id}: another t.me crawl has been running for "
                             f"{HOST_WAIT}", retry_after=timedelta(minutes=1))
        try:
            yield from self._run(source, state, channel)
        finally:
            lock.release()

    def _run(self, source: Source, state: SourceState, channel: str) -> Iterator[Batch]:
        with tempfile.TemporaryFile("w+", encoding="utf-8") as errors:
            process = subprocess.Popen(self.command(source, state, channel),
                                       stdout=subprocess.PIPE, stderr=errors, text=True,
                                       encoding="utf-8")
            try:
                yield from self._events(source, process, errors)
            finally:  # also when the crawl is abandoned: no child crawls on for nobody
                if process.poll() is None:
                    process.kill()
                process.wait()
                if process.stdout:
                    process.stdout.close()

    def command(self, source: Source, state: SourceState, channel: str) -> list[str]:
        settings = self.config.telegram
        now = state.now or datetime.now(UTC)
        horizon = now - (source.depth or settings.first_crawl_depth)
        return [sys.executable, "-m", "crawlers.telegram_web.run",
                "--base-url", settings.web_url, "--channel", channel,
                "--cursor", json.dumps(Cursor.load(state.cursor).dump()),
                "--horizon", horizon.isoformat(), "--max-pages", str(MAX_PAGES),
                "--resweep-since", (now - settings.resweep_window).isoformat(),
                "--download-delay", str(settings.download_delay.total_seconds())]

    def _events(self, source: Source, process: subprocess.Popen, errors) -> Iterator[Batch]:
        assert process.stdout is not None
        for number, line in enumerate(process.stdout, start=1):
            try:
                event = json.loads(line)
            except json.JSONDecodeError as exc:
                raise TransientError(f"source {source.id}: crawler output line {number} "
                                     f"is not JSON: {exc}") from exc
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
        process.wait()
        errors.seek(0)
        tail = errors.read()[-600:].strip()
        raise TransientError(f"source {source.id}: the t.me crawler process stopped "
                             f"(exit code {process.returncode}) before finishing: {tail}")

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
