"""What every kind's crawl gets: the client, the VK settings, the source and its state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from crawlers.base import SourceState
from crawlers.vk.client import VkClient
from pipeline.config.model import Source, VkSettings


@dataclass
class Run:
    client: VkClient
    vk: VkSettings
    source: Source
    state: SourceState
    now: datetime

    @property
    def cursor(self) -> dict:
        return self.state.cursor if isinstance(self.state.cursor, dict) else {}

    def ts(self, ago: timedelta = timedelta(0)) -> int:
        return int((self.now - ago).timestamp())

    @property
    def depth(self) -> timedelta:
        return self.source.depth or self.vk.first_crawl_depth
