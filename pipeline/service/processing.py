"""The stages after collection, run continuously on whatever collection stored."""

from __future__ import annotations

import logging
import threading
import time

from pipeline.config.model import Config
from pipeline.service import metrics
from pipeline.stages import STAGES
from pipeline.store import Store

log = logging.getLogger(__name__)


def run_stages_once(store: Store, config: Config) -> int:
    """One pass of analyze → incidents → alerts; returns how much was processed."""
    total = 0
    for stage in STAGES:
        run = stage.load()
        if run is None:
            continue
        started = time.perf_counter()
        try:
            result = run(store, config)
        except Exception:  # one broken stage must not stop the service
            log.exception("stage %s failed; will retry", stage.name)
            continue
        metrics.STAGE_SECONDS.labels(stage.name).observe(time.perf_counter() - started)
        metrics.STAGE_ITEMS.labels(stage.name).inc(result.processed)
        total += result.processed
    metrics.refresh_gauges(store)
    return total


def drain(store: Store, config: Config, max_rounds: int = 50) -> int:
    """Run the stages until nothing is pending (for ``--once``)."""
    total = 0
    for _ in range(max_rounds):
        done = run_stages_once(store, config)
        total += done
        if done == 0:
            break
    return total


class ProcessingLoop(threading.Thread):
    def __init__(self, store: Store, get_config, stop: threading.Event,
                 idle_sleep: float = 1.0) -> None:
        super().__init__(name="processing", daemon=True)
        self.store, self.get_config, self.stop_event = store, get_config, stop
        self.idle_sleep = idle_sleep

    def run(self) -> None:
        while not self.stop_event.is_set():
            done = run_stages_once(self.store, self.get_config())
            if done == 0:
                self.stop_event.wait(self.idle_sleep)
