"""Cross-field checks that a schema alone cannot express."""

from __future__ import annotations

from collections.abc import Iterator

from crawlers.registry import collector_for, platforms
from pipeline.config.model import LEVELS, Config

Problem = tuple[tuple, str]  # (location path, message)


def cross_checks(config: Config) -> list[Problem]:
    checks = (_sources, _sectors, _municipalities, _risk_levels, _alert_channels)
    return [problem for check in checks for problem in check(config)]


def _sources(config: Config) -> Iterator[Problem]:
    seen: set[str] = set()
    known = sorted(platforms())
    for index, source in enumerate(config.sources):
        where = ("sources", index)
        if source.id in seen:
            yield where + ("id",), f"duplicate source id '{source.id}'"
        seen.add(source.id)
        if source.platform not in known:
            yield where + ("platform",), (
                f"unknown platform '{source.platform}' (known: {', '.join(known)})")
            continue
        yield from _source_collector(where, source)


def _source_collector(where: tuple, source) -> Iterator[Problem]:
    info = collector_for(source.platform, source.collector)
    if info is None:
        yield where + ("collector",), (
            f"no collector '{source.collector}' for platform '{source.platform}'")
        return
    if source.kind not in info.kinds:
        yield where + ("kind",), (
            f"collector '{info.name}' has no kind '{source.kind}' "
            f"(known: {', '.join(info.kinds)})")
    needs = "query" if source.kind == "search" else "handle"
    if getattr(source, needs) in (None, ""):
        yield where, f"source '{source.id}' of kind '{source.kind}' needs '{needs}'"


def _sectors(config: Config) -> Iterator[Problem]:
    yield from _unique_keys(config.sectors, "sectors", "sector")
    if "other" not in config.sector_keys():
        yield ("sectors",), "sector 'other' is required (everything without a sector goes there)"


def _municipalities(config: Config) -> Iterator[Problem]:
    yield from _unique_keys(config.municipalities, "municipalities", "municipality")


def _unique_keys(items, section: str, what: str) -> Iterator[Problem]:
    seen: set[str] = set()
    for index, item in enumerate(items):
        if item.key in seen:
            yield (section, index, "key"), f"duplicate {what} key '{item.key}'"
        seen.add(item.key)


def _risk_levels(config: Config) -> Iterator[Problem]:
    keys = [level.key for level in config.risk_levels]
    if sorted(set(keys), key=LEVELS.index) != list(LEVELS) or len(keys) != len(LEVELS):
        yield ("risk_levels",), f"risk_levels must list each of {', '.join(LEVELS)} once"
        return
    ordered = sorted(config.risk_levels, key=lambda level: LEVELS.index(level.key))
    scores = [level.min_score for level in ordered]
    if scores != sorted(scores) or len(set(scores)) != len(scores):
        yield ("risk_levels",), "min_score must grow strictly from none to critical"


def _alert_channels(config: Config) -> Iterator[Problem]:
    sectors, places = set(config.sector_keys()), set(config.municipality_keys())
    for index, channel in enumerate(config.alerts.channels):
        where = ("alerts", "channels", index)
        for sector in channel.sectors or []:
            if sector not in sectors:
                yield where + ("sectors",), f"unknown sector '{sector}'"
        for place in channel.municipalities or []:
            if place not in places:
                yield where + ("municipalities",), f"unknown municipality '{place}'"
        yield from _channel_fields(where, channel)


_REQUIRED = {
    "webhook": ("url",),
    "telegram": ("chat_id", "token_env"),
    "email": ("to", "smtp_host"),
}


def _channel_fields(where: tuple, channel) -> Iterator[Problem]:
    for name in _REQUIRED[channel.type]:
        if not getattr(channel, name):
            yield where, f"a {channel.type} channel needs '{name}'"
