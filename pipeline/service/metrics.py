"""Prometheus metrics of the service, served at /metrics."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

FETCHED = Counter("radar_posts_fetched_total", "Posts fetched", ["source"])
NEW = Counter("radar_posts_new_total", "New posts stored", ["source"])
CRAWL_ERRORS = Counter("radar_crawl_errors_total", "Failed crawls", ["source"])
STAGE_SECONDS = Histogram("radar_stage_seconds", "Latency of one stage run", ["stage"])
STAGE_ITEMS = Counter("radar_stage_items_total", "Items processed by a stage", ["stage"])
QUEUE_SIZE = Gauge("radar_queue_size", "Open incidents by risk level", ["level"])
ALERTS = Gauge("radar_alert_deliveries", "Alert deliveries in the outbox", ["channel", "status"])
MISSED = Counter("radar_missed_runs_total", "Scheduled runs missed or skipped", ["source"])


def count_crawl(report) -> None:
    FETCHED.labels(report.source).inc(report.fetched)
    NEW.labels(report.source).inc(report.new)
    if report.errors:
        CRAWL_ERRORS.labels(report.source).inc(report.errors)


def refresh_gauges(store) -> None:
    """Queue size by level and the outbox by channel and status, read from the store."""
    from sqlalchemy import func, select

    from pipeline.store.schema import alert_deliveries, incidents

    open_statuses = ("new", "assigned", "in_progress", "reopened")
    with store.transaction() as conn:
        levels = conn.execute(select(incidents.c.risk_level, func.count()).where(
            incidents.c.status.in_(open_statuses)).group_by(incidents.c.risk_level)).all()
        outbox = conn.execute(select(alert_deliveries.c.channel, alert_deliveries.c.status,
                                     func.count()).group_by(alert_deliveries.c.channel,
                                                            alert_deliveries.c.status)).all()
    QUEUE_SIZE.clear()
    for level, count in levels:
        QUEUE_SIZE.labels(level).set(count)
    for channel, status, count in outbox:
        ALERTS.labels(channel, status).set(count)
