"""The analyze stage over stored posts, on SQLite and PostgreSQL (the `store` fixture)."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from nlp import stage
from pipeline.records import PostRecord
from pipeline.store.posts import store_posts
from pipeline.store.schema import analyses
from pipeline.store.sources import sync_sources

T0 = datetime(2026, 1, 12, 9, 0, tzinfo=UTC)
TEXTS = [
    "Третий день нет отопления в Биробиджане на ул. Шолом-Алейхема, 12, дети мерзнут!",
    "В Облучье отключили свет, сидим без света с утра",
    "Всем доброе утро, хорошего дня",
    "В аптеках Николаевки нет инсулина",
    "",
]


def record(i: int, text: str, comments: int = 0) -> PostRecord:
    return PostRecord(platform="telegram", source="tg-novostieao", id=str(i), text=text,
                      published_at=T0, metrics={"views": 100 * i, "comments": comments})


@pytest.fixture
def filled(store, shipped_config):
    with store.transaction() as conn:
        sync_sources(conn, shipped_config)
        store_posts(conn, [record(i, t) for i, t in enumerate(TEXTS, 1)], observed_at=T0)
        store_posts(conn, [record(1, TEXTS[0], comments=150)],
                    observed_at=T0 + timedelta(hours=1))
    return store


def analysis_rows(store):
    with store.transaction() as conn:
        return [dict(r) for r in conn.execute(
            select(analyses).order_by(analyses.c.post_id)).mappings()]


def test_stage_analyzes_every_post_once(filled, shipped_config):
    result = stage.run(filled, shipped_config)
    assert result.processed == len(TEXTS)
    rows = analysis_rows(filled)
    assert len(rows) == len(TEXTS)
    first = rows[0]
    assert first["municipality"] == "birobidzhan"
    assert first["address"] == "ул. Шолом-Алейхема, 12"
    assert first["risk_level"] == "critical"
    assert "нет отопления" in first["reasons"]
    assert "150 комментариев" in first["reasons"]      # the latest metrics snapshot
    assert set(first["sector_scores"]) == {s.key for s in shipped_config.sectors}
    assert rows[2]["risk_level"] == "none"
    assert stage.run(filled, shipped_config).processed == 0


def test_stage_is_restartable_without_duplicates(filled, shipped_config):
    assert stage.run(filled, shipped_config, limit=2).processed == 2   # "killed" after a batch
    assert stage.run(filled, shipped_config).processed == len(TEXTS) - 2
    with filled.transaction() as conn:
        count = conn.execute(select(func.count()).select_from(analyses)).scalar()
    assert count == len(TEXTS)


def test_duplicate_insert_is_ignored(filled, shipped_config):
    analyzer = stage.analyzer_for(shipped_config)
    stage.run(filled, shipped_config)
    rows = analysis_rows(filled)
    with filled.transaction() as conn:   # a concurrent worker writing the same rows
        stage.insert_ignoring_duplicates(conn, [
            {k: v for k, v in r.items() if k != "id"} for r in rows])
    assert len(analysis_rows(filled)) == len(rows)
    assert {r["model_version"] for r in rows} == {analyzer.version}
