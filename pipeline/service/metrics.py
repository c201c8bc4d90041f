"""Prometheus metrics of the service, served at /metrics."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

FETCHED = Counter("radar_posts_fetched_total", "Posts fetched", ["source"])
NEW = Counter("radar_posts_new_total", "New posts stored", ["source"])
CRAWL_ERRORS = Counter("radar_crawl_errors_total", "Failed crawls", ["source"])
STAGE_SECONDS = Histogram("radar_stage_seconds", "Latency of one stage run", ["stage"])
STAGE_ITEMS = Counter("radar_stage_items_total", "Items processed by a stage", ["stage"])
QUEUE_SIZE = Gauge("radar_queue_size", "Open incidents by risk level", ["level"])
ALERTS = Counter("radar_alert_deliveries_total", "Alert deliveries", ["channel", "status"])
MISSED = Counter("radar_missed_runs_total", "Scheduled runs missed or skipped", ["source"])


def count_crawl(report) -> None:
    FETCHED.labels(report.source).inc(report.fetched)
    NEW.labels(report.source).inc(report.new)
    if report.errors:
        CRAWL_ERRORS.labels(report.source).inc(report.errors)
