"""The service: scheduler + live config + processing loop + web, with clean shutdown."""

from __future__ import annotations

import logging
import os
import signal
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from pipeline.collect import CrawlReport, crawl_source
from pipeline.config import LoadedConfig
from pipeline.service import metrics
from pipeline.service.health import check_sources
from pipeline.service.jobs import CRAWL_WORKERS, SourceJobs, due_sources, make_scheduler
from pipeline.service.processing import ProcessingLoop, drain
from pipeline.service.reload import ConfigWatcher
from pipeline.service.web import WebServer
from pipeline.store import Store
from pipeline.store.sources import sync_sources

log = logging.getLogger(__name__)
SHUTDOWN_GRACE = 8.0  # seconds for in-flight work before we exit anyway (budget: 10 s)


@dataclass
class ServiceOptions:
    config_path: str | Path | None = None
    web: bool = True
    host: str = "127.0.0.1"
    port: int = 8000
    reload_every: float = 15.0
    health_every: float = 60.0
    idle_sleep: float = 1.0


class Service:
    def __init__(self, options: ServiceOptions) -> None:
        self.options = options
        self.watcher = ConfigWatcher.start(options.config_path)
        self.store = Store.open(self.loaded.database_url())
        self.stop_event = threading.Event()
        self.scheduler = make_scheduler(self.loaded.config.region.timezone)
        self.jobs = SourceJobs(self.scheduler, self.store, self.stop_event)
        self.web: WebServer | None = None
        self.hard_exit_after: float | None = None  # set by `radar run`: the 10 s promise

    @property
    def loaded(self) -> LoadedConfig:
        return self.watcher.current

    def _sync(self) -> None:
        with self.store.transaction() as conn:
            sync_sources(conn, self.loaded.config)

    def run_once(self) -> list[CrawlReport]:
        """Crawl every due source once, process everything, return the crawl reports."""
        self._sync()
        self.jobs.apply(self.loaded.config)
        due = due_sources(self.store, self.loaded.config)
        with ThreadPoolExecutor(CRAWL_WORKERS, thread_name_prefix="crawl") as pool:
            reports = list(pool.map(
                lambda source: crawl_source(self.store, self.jobs.collectors, source,
                                            self.stop_event), due))
        for report in reports:
            metrics.count_crawl(report)
        drain(self.store, self.loaded.config)
        check_sources(self.store, self.loaded.config)
        return reports

    def start(self) -> None:
        self._sync()
        self.jobs.apply(self.loaded.config)
        self.scheduler.add_job(self.reload_config, "interval", id="config-reload",
                               seconds=self.options.reload_every, coalesce=True)
        self.scheduler.add_job(self.check_health, "interval", id="source-health",
                               seconds=self.options.health_every, coalesce=True)
        self._schedule_report()
        self.scheduler.start()
        self.processing = ProcessingLoop(self.store, lambda: self.loaded.config,
                                         self.stop_event, self.options.idle_sleep)
        self.processing.start()
        if self.options.web:
            self.web = WebServer.start(self.loaded, self.store, self.watcher,
                                       self.options.host, self.options.port)
        log.info("radar service started: %d sources enabled",
                 sum(s.enabled for s in self.loaded.config.sources))

    def reload_config(self) -> None:
        loaded = self.watcher.poll()
        if loaded is not None:
            self._sync()
            self.jobs.apply(loaded.config)
            self._schedule_report()

    def _schedule_report(self) -> None:
        """The daily report at ``report.time``, region time; follows config edits."""
        report = self.loaded.config.report
        if self.scheduler.get_job("daily-report"):
            self.scheduler.remove_job("daily-report")
        if report.enabled:
            self.scheduler.add_job(self.send_report, "cron", id="daily-report",
                                   hour=report.time.hour, minute=report.time.minute,
                                   timezone=self.loaded.config.region.timezone,
                                   coalesce=True, misfire_grace_time=3600)

    def send_report(self) -> None:
        from pipeline.report.schedule import send_daily_report

        config = self.loaded.config
        out_dir = self.loaded.base_dir / config.report.out_dir  # relative to config.yaml
        config = config.model_copy(update={
            "report": config.report.model_copy(update={"out_dir": str(out_dir)})})
        try:
            send_daily_report(self.store, config)
        except Exception:  # the report must never take the service down
            log.exception("daily report failed")

    def check_health(self) -> None:
        check_sources(self.store, self.loaded.config)

    def wait(self) -> None:
        # Wake up now and then: a SIGTERM delivered to another thread only sets a flag, and
        # Python runs the handler when the main thread next executes bytecode. An untimed
        # wait would sleep through it.
        while not self.stop_event.wait(0.2):
            pass

    def request_stop(self, *_args) -> None:
        # A signal handler: act first, log last (logging can raise here when the signal
        # interrupted another write to stderr: "reentrant call inside BufferedWriter").
        self.stop_event.set()
        if self.hard_exit_after is not None:
            watchdog = threading.Timer(self.hard_exit_after, _hard_exit)
            watchdog.daemon = True
            watchdog.start()
        log.info("stop requested")

    def shutdown(self) -> bool:
        """Stop polling, give in-flight work a few seconds; True when all of it finished."""
        self.stop_event.set()
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        finished = self.jobs.wait_idle(SHUTDOWN_GRACE)
        if self.web is not None:
            self.web.stop()
        self.jobs.close()
        self.store.close()
        log.info("radar service stopped (%s)", "clean" if finished else "in-flight work abandoned")
        return finished


def _hard_exit() -> None:
    """Last resort when shutdown itself is stuck (e.g. behind a slow import under load).

    Every write is a transaction, so nothing committed is lost and nothing half-done stays.
    """
    # No logging here: a handler lock held by a stuck thread would block this thread too.
    os.write(2, b'{"level": "WARNING", "message": "shutdown took too long; exiting now"}\n')
    os._exit(0)


def install_signal_handlers(service: Service) -> None:
    signal.signal(signal.SIGTERM, service.request_stop)
    signal.signal(signal.SIGINT, service.request_stop)
