from datetime import UTC, datetime, timedelta

import pytest

from pipeline.service.health import check_sources, problems
from pipeline.store.sources import mark_failure, sync_sources

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def row(source_id: str, **values) -> dict:
    base = {"id": source_id, "consecutive_failures": 0, "last_error": None, "status": "ok",
            "last_post_at": NOW - timedelta(hours=1), "created_at": NOW - timedelta(days=9)}
    return {**base, **values}


@pytest.mark.parametrize(("values", "expected"), [
    ({}, []),
    ({"consecutive_failures": 3, "last_error": "HTTP 500"},
     ["источник tg-eaoru: 3 ошибок подряд (HTTP 500)"]),
    ({"last_post_at": NOW - timedelta(hours=30)}, ["источник tg-eaoru молчит дольше 24 ч"]),
    ({"status": "unavailable", "last_error": "no preview"},
     ["источник tg-eaoru: unavailable (no preview)"]),
])
def test_problems_of_an_official_channel(shipped_config, values, expected):
    assert problems(shipped_config, row("tg-eaoru", **values), NOW) == expected


def test_unofficial_source_may_be_silent(shipped_config):
    quiet = row("tg-novostieao", last_post_at=NOW - timedelta(days=3))
    assert problems(shipped_config, quiet, NOW) == []


def test_admin_alert_raised_once_per_episode(store, shipped_config):
    with store.transaction() as conn:
        sync_sources(conn, shipped_config)
        for _ in range(3):
            mark_failure(conn, "vk-eaomedia", "HTTP 502")
    first = check_sources(store, shipped_config)
    second = check_sources(store, shipped_config)
    assert any("vk-eaomedia: 3 ошибок подряд" in p for p in first)
    assert not any("vk-eaomedia" in p for p in second)
