"""Fixtures for the VK collector's tests: a running fake VK API and configs pointing at it."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from crawlers.policy import Backoff, MemoryLedger, credential_key, unblock_credential
from crawlers.vk.client import _no_execute
from crawlers.vk.collector import VkCollector
from fakes.vk_api import FakeVkApi
from pipeline.collect import Collectors, crawl_source
from pipeline.config.model import Source
from pipeline.store.schema import cursors, posts, source_events, sources
from pipeline.store.sources import sync_sources

TOKEN = "test-token-not-secret"
GROUP = 123


@pytest.fixture
def fake_vk(monkeypatch):
    monkeypatch.setenv("VK_TOKEN", TOKEN)
    _forget_token()
    with FakeVkApi() as fake:
        yield fake
    _forget_token()


def _forget_token() -> None:
    """Blocks and execute refusals are per process: don't let them leak between tests."""
    credential = credential_key("vk", TOKEN)
    unblock_credential(credential)
    _no_execute.discard(credential)


@pytest.fixture
def eaomedia(fake_vk):
    """A community wall ``eaomedia`` (id 123) with no posts yet."""
    return fake_vk.world.add_group("eaomedia", GROUP, "ЕАО Медиа")


class Harness:
    """The fake, a store and a config whose sources crawl through the real runner."""

    def __init__(self, fake: FakeVkApi, store, shipped_config) -> None:
        self.fake, self.store, self.shipped = fake, store, shipped_config
        self.sleeps: list[float] = []
        self.clock = None
        self.configure([])

    def configure(self, sources: list[Source], **vk) -> None:
        settings = self.shipped.vk.model_copy(update={
            "api_url": self.fake.api_url, "requests_per_second": 1000.0, **vk})
        self.config = self.shipped.model_copy(update={"vk": settings, "sources": sources})
        with self.store.transaction() as conn:
            sync_sources(conn, self.config)
        self.collector = self.make_collector()

    def make_collector(self, **kwargs) -> VkCollector:
        kwargs.setdefault("clock", self.clock)
        return VkCollector(self.config, sleep=self.sleeps.append,
                           backoff=Backoff(base=0.01, cap=0.05, attempts=3),
                           ledger=kwargs.pop("ledger", MemoryLedger()), **kwargs)

    def crawl(self, source_id: str, collector: VkCollector | None = None):
        collectors = Collectors(self.config, {"vk": collector or self.collector})
        return crawl_source(self.store, collectors, self.config.source(source_id))

    def posts(self, source_id: str) -> dict[str, dict]:
        with self.store.transaction() as conn:
            rows = conn.execute(select(posts).where(posts.c.source_id == source_id))
            return {r["native_id"]: dict(r) for r in rows.mappings()}

    def cursor(self, source_id: str):
        with self.store.transaction() as conn:
            return conn.execute(select(cursors.c.value).where(
                cursors.c.source_id == source_id)).scalar()

    def source_row(self, source_id: str) -> dict:
        with self.store.transaction() as conn:
            return dict(conn.execute(select(sources).where(
                sources.c.id == source_id)).mappings().one())

    def events(self, source_id: str) -> list[tuple[str, str]]:
        with self.store.transaction() as conn:
            rows = conn.execute(select(source_events.c.kind, source_events.c.message)
                                .where(source_events.c.source_id == source_id)
                                .order_by(source_events.c.id))
            return [tuple(r) for r in rows]

    @staticmethod
    def source(source_id: str = "vk-wall", kind: str = "wall", handle: str | None = "eaomedia",
               **extra) -> Source:
        return Source(id=source_id, platform="vk", kind=kind, handle=handle, **extra)

    @staticmethod
    def ago(hours: float) -> int:
        """A unix time ``hours`` before now."""
        return int(time.time() - hours * 3600)


@pytest.fixture
def vk(fake_vk, store, shipped_config) -> Harness:
    return Harness(fake_vk, store, shipped_config)
