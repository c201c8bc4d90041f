"""Helpers for crawling the fake t.me: a config pointing at it, history seeds, counts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select

from crawlers.telegram_web.collector import TelegramWebCollector
from crawlers.telegram_web.worker import Worker
from fakes.tme import TmeFake
from pipeline.collect import Collectors
from pipeline.config.model import Config
from pipeline.store.schema import posts, sources
from pipeline.store.sources import sync_sources

CHANNEL = "eaonews"


SHIPPED = Path(__file__).resolve().parents[3] / "config.yaml"


def write_config(tmp_path: Path, web_url: str, db_url: str) -> Path:
    """The shipped config.yaml with our database, the fake t.me and one source."""
    data = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    data["database"] = {"url": db_url}
    data["telegram"] = {"web_url": web_url, "download_delay": 0.01}
    data["sources"] = [{"id": f"tg-{CHANNEL}", "platform": "telegram", "kind": "channel",
                        "handle": CHANNEL}]
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def make_config(web_url: str, handles=(CHANNEL,), delay: float = 0.01) -> Config:
    return Config.model_validate({
        "region": {"name": "ЕАО", "timezone": "Asia/Vladivostok"},
        "telegram": {"web_url": web_url, "download_delay": delay},
        "sources": [{"id": f"tg-{h}", "platform": "telegram", "kind": "channel", "handle": h}
                    for h in handles],
        "sectors": [{"key": "housing", "title": "ЖКХ", "block": "ЖКХ"}],
        "risk_levels": [{"key": "none", "title": "Нет", "min_score": 0}],
    })


def history(first: int, last: int, channel: str = CHANNEL, end: datetime | None = None,
            step: timedelta = timedelta(minutes=3)) -> list[dict]:
    """Posts first..last, the last one published at ``end`` (default: now)."""
    end = end or datetime.now(UTC)
    return [{"channel": channel, "id": i, "date": (end - (last - i) * step).isoformat(),
             "text": f"Пост номер {i}: в Биробиджане #новости", "views": 1000 + i,
             "media": ["photo"] if i % 7 == 0 else []} for i in range(first, last + 1)]


def stored_ids(store, source_id: str = f"tg-{CHANNEL}") -> list[int]:
    with store.transaction() as conn:
        rows = conn.execute(select(posts.c.native_id).where(posts.c.source_id == source_id))
        return sorted(int(r[0]) for r in rows)


def source_row(store, source_id: str = f"tg-{CHANNEL}") -> dict:
    with store.transaction() as conn:
        return dict(conn.execute(select(sources).where(sources.c.id == source_id))
                    .mappings().one())


def count(store, table) -> int:
    with store.transaction() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


@pytest.fixture
def fake():
    with TmeFake(titles={CHANNEL: "Новости ЕАО"}, no_preview={"closed"}) as fake:
        yield fake


@pytest.fixture
def setup(fake, store):
    """(config, source) with the sources table synced."""
    config = make_config(fake.url, handles=(CHANNEL, "closed", "nobody"))
    with store.transaction() as conn:
        sync_sources(conn, config)
    return config


WORKER = Worker(0.01)  # one worker for the tests that do not test the worker itself


@pytest.fixture(scope="session", autouse=True)
def _stop_shared_worker():
    yield
    WORKER.close()


def collector_for(config: Config) -> TelegramWebCollector:
    return TelegramWebCollector(config, worker=WORKER)


def collectors_for(config: Config) -> Collectors:
    """What ``crawl_source`` takes, its telegram_web collector on the shared worker."""
    return Collectors(config, made={"telegram_web": collector_for(config)})
