import json
import logging
import threading
from datetime import UTC, datetime

from apscheduler.events import EVENT_JOB_MAX_INSTANCES, EVENT_JOB_MISSED, JobExecutionEvent
from fastapi.testclient import TestClient
from sqlalchemy import select

from pipeline.config import load_config
from pipeline.service import metrics
from pipeline.service.jobs import JOB_PREFIX, SourceJobs, make_scheduler
from pipeline.service.logs import JsonFormatter
from pipeline.service.web import build_app
from pipeline.store.schema import source_events
from pipeline.store.sources import sync_sources

from .harness import ROOT


def test_json_log_lines_carry_extra_fields():
    record = logging.makeLogRecord({"name": "radar", "levelname": "INFO", "msg": "crawled %s",
                                    "args": ("tg-eaoru",), "source": "tg-eaoru", "new": 3})
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "crawled tg-eaoru"
    assert (entry["source"], entry["new"], entry["level"]) == ("tg-eaoru", 3, "INFO")


def test_missed_and_skipped_runs_become_health_events(store, shipped_config):
    with store.transaction() as conn:
        sync_sources(conn, shipped_config)
    jobs = SourceJobs(make_scheduler("UTC"), store, threading.Event())
    due = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)
    jobs._on_missed(JobExecutionEvent(EVENT_JOB_MISSED, JOB_PREFIX + "tg-eaoru", None, due))
    jobs._on_missed(JobExecutionEvent(EVENT_JOB_MAX_INSTANCES, JOB_PREFIX + "tg-eaoru", None,
                                      due))
    with store.transaction() as conn:
        events = conn.execute(select(source_events.c.kind, source_events.c.message).where(
            source_events.c.source_id == "tg-eaoru")).all()
    assert [kind for kind, _ in events] == ["missed_run", "missed_run"]
    assert "2026-11-27 03:00:00" in events[0][1] and "still going" in events[1][1]


def test_metrics_endpoint_serves_radar_metrics(store):
    loaded = load_config(ROOT / "config.yaml")
    metrics.FETCHED.labels("tg-eaoru").inc(5)
    metrics.refresh_gauges(store)
    client = TestClient(build_app(loaded, store))
    body = client.get("/metrics/").text
    assert 'radar_posts_fetched_total{source="tg-eaoru"}' in body
    assert "radar_stage_seconds" in body and "radar_queue_size" in body
