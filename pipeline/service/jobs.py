"""One APScheduler job per enabled source; kept in step with the live config."""

from __future__ import annotations

import logging
import threading

from apscheduler.events import EVENT_JOB_MAX_INSTANCES, EVENT_JOB_MISSED, JobExecutionEvent
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import select

from pipeline.collect import Collectors, CrawlReport, crawl_source
from pipeline.config.model import Config, Source
from pipeline.service import metrics
from pipeline.store import Store
from pipeline.store.schema import sources
from pipeline.store.sources import record_event
from pipeline.store.types import utcnow

log = logging.getLogger(__name__)
JOB_PREFIX = "crawl:"
CRAWL_WORKERS = 4


def job_options(source: Source) -> dict:
    """Chosen on purpose: one run at a time, missed runs coalesced, grace fitting the interval."""
    seconds = source.interval.total_seconds()
    return {
        "trigger": "interval", "seconds": seconds, "jitter": min(30, seconds * 0.1),
        "coalesce": True, "max_instances": 1, "misfire_grace_time": max(5, int(seconds / 2)),
    }


def make_scheduler(timezone: str) -> BackgroundScheduler:
    return BackgroundScheduler(
        executors={"default": ThreadPoolExecutor(CRAWL_WORKERS)},
        job_defaults={"coalesce": True, "max_instances": 1}, timezone=timezone)


class SourceJobs:
    def __init__(self, scheduler: BackgroundScheduler, store: Store, stop: threading.Event):
        self.scheduler, self.store, self.stop = scheduler, store, stop
        self.config: Config | None = None
        self.collectors: Collectors | None = None
        self._lock = threading.Lock()
        self._active = 0
        self._idle = threading.Condition()
        scheduler.add_listener(self._on_missed, EVENT_JOB_MISSED | EVENT_JOB_MAX_INSTANCES)

    def apply(self, config: Config) -> None:
        """Add, remove or reschedule jobs so they match ``config``."""
        with self._lock:
            old, self.config = self.config, config
            old_collectors, self.collectors = self.collectors, Collectors(config)
        wanted = {s.id: s for s in config.sources if s.enabled}
        for job in self.scheduler.get_jobs():
            sid = job.id.removeprefix(JOB_PREFIX)
            if job.id.startswith(JOB_PREFIX) and (sid not in wanted or _changed(old, wanted[sid])):
                job.remove()
        have = {job.id for job in self.scheduler.get_jobs()}
        for source in wanted.values():
            if JOB_PREFIX + source.id not in have:
                self._add(source)
        if old_collectors is not None:
            old_collectors.close()

    def _add(self, source: Source) -> None:
        self.scheduler.add_job(self.run_source, args=[source.id], id=JOB_PREFIX + source.id,
                               name=source.id, next_run_time=utcnow(), **job_options(source))

    def run_source(self, source_id: str) -> CrawlReport | None:
        """The job body: crawl one source unless it is waiting or the service is stopping."""
        config, collectors = self.config, self.collectors
        source = config.source(source_id) if config else None
        if source is None or not source.enabled or self.stop.is_set():
            return None
        if self._must_wait(source_id):
            return None
        with self._idle:
            self._active += 1
        try:
            report = crawl_source(self.store, collectors, source, stop=self.stop)
        finally:
            with self._idle:
                self._active -= 1
                self._idle.notify_all()
        metrics.count_crawl(report)
        log.info("crawled %s: fetched %d, new %d, updated %d, errors %d", source_id,
                 report.fetched, report.new, report.updated, report.errors)
        return report

    def wait_idle(self, timeout: float) -> bool:
        """Wait for in-flight crawls to finish; True when none is left."""
        with self._idle:
            return self._idle.wait_for(lambda: self._active == 0, timeout)

    def _must_wait(self, source_id: str) -> bool:
        with self.store.transaction() as conn:
            row = conn.execute(select(sources.c.status, sources.c.next_attempt_at).where(
                sources.c.id == source_id)).first()
        waiting = row is not None and row.status in ("waiting", "paused", "unavailable")
        return waiting and row.next_attempt_at is not None and row.next_attempt_at > utcnow()

    def _on_missed(self, event: JobExecutionEvent) -> None:
        if not event.job_id.startswith(JOB_PREFIX):
            return
        source_id = event.job_id.removeprefix(JOB_PREFIX)
        why = "skipped: the previous run was still going" if event.code == EVENT_JOB_MAX_INSTANCES \
            else f"missed the run due at {event.scheduled_run_time:%Y-%m-%d %H:%M:%S}"
        metrics.MISSED.labels(source_id).inc()
        log.warning("source %s %s", source_id, why)
        with self.store.transaction() as conn:
            record_event(conn, source_id, "missed_run", why)

    def close(self) -> None:
        if self.collectors is not None:
            self.collectors.close()


def _changed(old: Config | None, source: Source) -> bool:
    before = old.source(source.id) if old else None
    return before is None or before != source


def due_sources(store: Store, config: Config) -> list[Source]:
    """Enabled sources whose wait (if any) is over: what ``--once`` crawls."""
    now = utcnow()
    with store.transaction() as conn:
        rows = {r.id: r for r in conn.execute(select(
            sources.c.id, sources.c.status, sources.c.next_attempt_at))}
    due = []
    for source in config.sources:
        row = rows.get(source.id)
        held = row is not None and row.status in ("waiting", "paused", "unavailable") \
            and row.next_attempt_at is not None and row.next_attempt_at > now
        if source.enabled and not held:
            due.append(source)
    return due


