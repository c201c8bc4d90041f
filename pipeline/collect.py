"""Run a collector for one source and commit what it brings, batch by batch."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select, update

from crawlers.base import Batch, Collector, SourceState
from crawlers.errors import AdminAttention, SourceError
from crawlers.registry import collector_for
from pipeline.config.model import Config, Source
from pipeline.store import Store
from pipeline.store.posts import Provenance, StoreResult, store_posts
from pipeline.store.raw import save_raw
from pipeline.store.schema import posts, sources
from pipeline.store.sources import get_cursor, mark_failure, mark_success, record_event, set_cursor
from pipeline.store.types import utcnow

log = logging.getLogger(__name__)


@dataclass
class CrawlReport:
    source: str
    fetched: int = 0
    new: int = 0
    updated: int = 0
    errors: int = 0
    error: str | None = None
    status: str = "ok"


class Collectors:
    """One instance per collector name, created on first use."""

    def __init__(self, config: Config, made: dict[str, Collector] | None = None) -> None:
        self.config = config
        self._made: dict[str, Collector] = dict(made or {})  # pre-built ones (tests, bench)
        self._lock = threading.Lock()  # crawl threads ask at once: still one instance each

    def for_source(self, source: Source) -> Collector:
        info = collector_for(source.platform, source.collector)
        if info is None:
            raise SourceError(f"no collector for platform {source.platform!r}")
        with self._lock:
            if info.name not in self._made:
                self._made[info.name] = info.load()(self.config)
            return self._made[info.name]

    def close(self) -> None:
        for collector in self._made.values():
            collector.close()


def crawl_source(store: Store, collectors: Collectors, source: Source,
                 stop: threading.Event | None = None) -> CrawlReport:
    """Crawl one source; between batches a set ``stop`` abandons the rest cleanly."""
    report = CrawlReport(source.id)
    try:
        collector = collectors.for_source(source)
        if hasattr(collector, "attach_store"):  # e.g. quota counters kept in the store
            collector.attach_store(store)
        for batch in collector.crawl(source, _state(store, source)):
            _commit(store, collector, source, batch, report)
            if stop is not None and stop.is_set():
                break
    except SourceError as exc:
        _fail(store, source, exc, report)
        if isinstance(exc, AdminAttention):
            try:
                _pause_credential(store, collectors, source, exc)
            except Exception:  # pausing the others must never break this report
                log.exception("source %s: pausing the sources sharing its credential failed",
                              source.id)
    except Exception as exc:  # a bug in one collector must not stop the others
        log.exception("source %s: unexpected error", source.id)
        _fail(store, source, SourceError(f"{type(exc).__name__}: {exc}"), report)
    else:
        with store.transaction() as conn:
            mark_success(conn, source.id, next_attempt_at=utcnow() + source.interval,
                         last_post_at=_last_post_at(conn, source.id))
    return report


def _last_post_at(conn, source_id: str):
    return conn.execute(select(func.max(posts.c.published_at)).where(
        posts.c.source_id == source_id)).scalar()


def _state(store: Store, source: Source) -> SourceState:
    with store.transaction() as conn:
        resolved = conn.execute(select(sources.c.resolved).where(
            sources.c.id == source.id)).scalar()
        return SourceState(cursor=get_cursor(conn, source.id), resolved=resolved, now=utcnow())


def _commit(store: Store, collector: Collector, source: Source, batch: Batch,
            report: CrawlReport) -> None:
    with store.transaction() as conn:
        for raw in batch.raw:
            raw_id = save_raw(conn, source.id, collector.name, collector.version, raw)
            records = collector.map_raw(raw, source)
            provenance = Provenance(raw_id, f"{collector.name}/{collector.version}")
            result: StoreResult = store_posts(conn, records, provenance, raw.fetched_at)
            report.fetched += len(records)
            report.new += result.new
            report.updated += result.updated
        for kind, message in batch.facts:
            record_event(conn, source.id, kind, message)
        if batch.resolved is not None:
            conn.execute(update(sources).where(sources.c.id == source.id)
                         .values(resolved=batch.resolved))
        if batch.cursor is not None:
            set_cursor(conn, source.id, batch.cursor)


_STATUS_WAIT = {"unavailable": timedelta(hours=6), "paused": timedelta(hours=1)}


def _default_wait(exc: SourceError, source: Source) -> timedelta:
    return max(_STATUS_WAIT.get(exc.status, source.interval), source.interval)


def _fail(store: Store, source: Source, exc: SourceError, report: CrawlReport) -> None:
    report.errors += 1
    report.error, report.status = exc.reason, exc.status
    retry_at = utcnow() + (exc.retry_after or _default_wait(exc, source))
    log.warning("source %s: %s (%s)", source.id, exc.reason, exc.status)
    with store.transaction() as conn:
        mark_failure(conn, source.id, exc.reason, exc.status, retry_at)




def _pause_credential(store: Store, collectors: Collectors, source: Source,
                      exc: AdminAttention) -> None:
    """A rejected credential (VK error 5): every source using it is paused, the admin told."""
    sharing = [other for other in collectors.config.sources
               if other.id != source.id and other.enabled and other.platform == source.platform
               and _credential(collectors, other) == exc.credential]
    with store.transaction() as conn:
        record_event(conn, source.id, "admin", f"{exc.reason}; paused with it: "
                     f"{', '.join(o.id for o in sharing) or 'no other source'}")
        for other in sharing:
            mark_failure(conn, other.id, exc.reason, exc.status,
                         utcnow() + _default_wait(exc, other))


def _credential(collectors: Collectors, source: Source) -> str | None:
    try:
        collector = collectors.for_source(source)
    except SourceError:
        return None
    credential_for = getattr(collector, "credential_for", None)
    return credential_for(source) if credential_for else None
