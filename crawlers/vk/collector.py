"""The ``vk`` collector: walls, comments and keyword search through vk_api (docs/vk.md)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import datetime

from crawlers.base import Batch, Collector, SourceState
from crawlers.errors import SourceError, SourcePaused
from crawlers.policy import (
    Backoff,
    DailyQuota,
    MemoryLedger,
    QuotaLedger,
    StoreLedger,
    credential_key,
    shared_limiter,
)
from crawlers.vk import mapper
from crawlers.vk.client import VkClient
from crawlers.vk.kinds import comments, search, wall
from crawlers.vk.kinds.run import Run
from pipeline.config.model import Config, Source
from pipeline.config.secrets import read_secret
from pipeline.records import PostRecord
from pipeline.store.raw import RawResponse
from pipeline.store.types import utcnow

KINDS = {"wall": wall.crawl, "comments": comments.crawl, "search": search.crawl}
DEFAULT_RPS = {"user": 3.0, "community": 20.0, "service": 3.0}
DEFAULT_QUOTAS = {"wall.get": 5000, "newsfeed.search": 1000}
QUOTA_ZONE = "Europe/Moscow"  # VK's daily limits reset at Moscow midnight
_memory_ledger = MemoryLedger()  # used until a store is attached (tests of the collector alone)


class VkCollector(Collector):
    name = "vk"
    version = mapper.VERSION

    def __init__(self, config: Config, *, sleep: Callable[[float], None] = time.sleep,
                 backoff: Backoff = Backoff(base=1.0, cap=30.0, attempts=4),
                 ledger: QuotaLedger | None = None,
                 clock: Callable[[], datetime] | None = None) -> None:
        super().__init__(config)
        self.sleep, self.backoff, self.clock = sleep, backoff, clock
        self.ledger: QuotaLedger = ledger or _memory_ledger
        self._clients: dict[str, VkClient] = {}

    def attach_store(self, store) -> None:
        """Count quotas in the store's quota_usage table (shared by every process)."""
        if isinstance(self.ledger, MemoryLedger):
            self.ledger = StoreLedger(store)
            for client in self._clients.values():
                client.quota.ledger = self.ledger

    def credential_for(self, source: Source) -> str | None:
        token = read_secret(self._token_env(source))
        return credential_key("vk", token) if token else None

    def crawl(self, source: Source, state: SourceState) -> Iterator[Batch]:
        kind = KINDS.get(source.kind)
        if kind is None:
            raise SourceError(f"source {source.id}: VK has no source kind {source.kind!r} "
                              f"(known: {', '.join(KINDS)})")
        run = Run(self.client_for(source), self.config.vk, source, state, state.now or utcnow())
        yield from kind(run)

    @classmethod
    def map_raw(cls, raw: RawResponse, source: Source) -> list[PostRecord]:
        return mapper.map_raw(raw, source)

    def client_for(self, source: Source) -> VkClient:
        env = self._token_env(source)
        token = read_secret(env)
        if not token:
            raise SourcePaused(f"VK token is not set: define ${env} (or ${env}_FILE)")
        credential = credential_key("vk", token)
        if credential not in self._clients:
            self._clients[credential] = self._make_client(token, credential)
        return self._clients[credential]

    def _make_client(self, token: str, credential: str) -> VkClient:
        vk = self.config.vk
        rate = vk.requests_per_second or DEFAULT_RPS[vk.token_kind]
        quota = DailyQuota(credential, {**DEFAULT_QUOTAS, **vk.daily_quota}, self.ledger,
                           zone=QUOTA_ZONE, clock=self.clock)
        return VkClient(token=token, credential=credential, api_url=vk.api_url,
                        api_version=vk.api_version, timeout=vk.timeout.total_seconds(),
                        limiter=shared_limiter(credential, rate), quota=quota,
                        execute_allowed=vk.token_kind != "service", backoff=self.backoff,
                        sleep=self.sleep)

    def _token_env(self, source: Source) -> str:
        return source.token_env or self.config.vk.token_env

    def close(self) -> None:
        self._clients.clear()
