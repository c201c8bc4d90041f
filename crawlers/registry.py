"""The collector registry: one collector per platform, found by name.

Built-in collectors register through the same entry-point group
(``radar.collectors``) that outside plugins use, so an OK or Max collector
is a package that declares an entry point and nothing more.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cache
from importlib.metadata import entry_points

ENTRY_POINT_GROUP = "radar.collectors"


@dataclass(frozen=True)
class CollectorInfo:
    name: str
    platform: str
    kinds: tuple[str, ...]
    target: str  # "module:Class", imported only when the collector is used
    default_for_platform: bool = False

    def load(self) -> type:
        module_name, _, attr = self.target.partition(":")
        return getattr(importlib.import_module(module_name), attr)


BUILTIN = (
    CollectorInfo("vk", "vk", ("wall", "comments", "search"), "crawlers.vk.collector:VkCollector",
                  default_for_platform=True),
    CollectorInfo("telegram_web", "telegram", ("channel",),
                  "crawlers.telegram_web.collector:TelegramWebCollector",
                  default_for_platform=True),
    CollectorInfo("telegram_api", "telegram", ("channel", "comments"),
                  "crawlers.telegram_api.collector:TelegramApiCollector"),
)


@cache
def collectors() -> dict[str, CollectorInfo]:
    found = {info.name: info for info in BUILTIN}
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        info = entry.load()
        if isinstance(info, CollectorInfo):
            found[info.name] = info
    return found


def platforms() -> set[str]:
    return {info.platform for info in collectors().values()}


def collector_for(platform: str, name: str | None = None) -> CollectorInfo | None:
    """The collector a source uses: the one it names, or its platform's default."""
    registry = collectors()
    if name is not None:
        info = registry.get(name)
        return info if info and info.platform == platform else None
    defaults = [i for i in registry.values() if i.platform == platform and i.default_for_platform]
    return defaults[0] if defaults else None
