"""Cross-field checks that a schema alone cannot express.

They read the raw YAML data (not the validated model), so that they still run
when the schema found problems too: every problem is reported in one pass.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from crawlers.registry import collector_for, platforms
from pipeline.config.model import LEVELS

Problem = tuple[tuple, str]  # (location path, message)


def cross_checks(data: Any) -> list[Problem]:
    if not isinstance(data, dict):
        return []
    checks = (_sources, _sectors, _municipalities, _risk_levels, _alert_channels)
    return [problem for check in checks for problem in check(data)]


def _items(data: dict, *path: str) -> list[tuple[int, dict]]:
    node: Any = data
    for key in path:
        node = node.get(key) if isinstance(node, dict) else None
    if not isinstance(node, list):
        return []
    return [(i, item) for i, item in enumerate(node) if isinstance(item, dict)]


def _keys(data: dict, section: str) -> set[str]:
    return {str(item.get("key")) for _, item in _items(data, section)}


def _sources(data: dict) -> Iterator[Problem]:
    seen: set[str] = set()
    known = sorted(platforms())
    for index, source in _items(data, "sources"):
        where = ("sources", index)
        if source.get("id") in seen:
            yield where + ("id",), f"duplicate source id '{source.get('id')}'"
        seen.add(source.get("id"))
        if source.get("platform") not in known:
            yield where + ("platform",), (
                f"unknown platform '{source.get('platform')}' (known: {', '.join(known)})")
            continue
        yield from _source_collector(where, source)


def _source_collector(where: tuple, source: dict) -> Iterator[Problem]:
    info = collector_for(source["platform"], source.get("collector"))
    if info is None:
        yield where + ("collector",), (
            f"no collector '{source.get('collector')}' for platform '{source['platform']}'")
        return
    kind = source.get("kind")
    if kind not in info.kinds:
        yield where + ("kind",), (
            f"collector '{info.name}' has no kind '{kind}' (known: {', '.join(info.kinds)})")
    needs = "query" if kind == "search" else "handle"
    if source.get(needs) in (None, ""):
        yield where, f"source '{source.get('id')}' of kind '{kind}' needs '{needs}'"


def _sectors(data: dict) -> Iterator[Problem]:
    yield from _unique_keys(data, "sectors", "sector")
    if "sectors" in data and "other" not in _keys(data, "sectors"):
        yield ("sectors",), "sector 'other' is required (everything without a sector goes there)"


def _municipalities(data: dict) -> Iterator[Problem]:
    yield from _unique_keys(data, "municipalities", "municipality")


def _unique_keys(data: dict, section: str, what: str) -> Iterator[Problem]:
    seen: set[str] = set()
    for index, item in _items(data, section):
        if item.get("key") in seen:
            yield (section, index, "key"), f"duplicate {what} key '{item.get('key')}'"
        seen.add(item.get("key"))


def _risk_levels(data: dict) -> Iterator[Problem]:
    levels = [item for _, item in _items(data, "risk_levels")]
    if "risk_levels" not in data:
        return
    keys = [level.get("key") for level in levels]
    if sorted(keys, key=lambda k: LEVELS.index(k) if k in LEVELS else -1) != list(LEVELS):
        yield ("risk_levels",), f"risk_levels must list each of {', '.join(LEVELS)} once"
        return
    ordered = sorted(levels, key=lambda level: LEVELS.index(level["key"]))
    scores = [level.get("min_score") for level in ordered]
    if all(isinstance(s, int) for s in scores) and (
            scores != sorted(scores) or len(set(scores)) != len(scores)):
        yield ("risk_levels",), "min_score must grow strictly from none to critical"


def _alert_channels(data: dict) -> Iterator[Problem]:
    sectors, places = _keys(data, "sectors"), _keys(data, "municipalities")
    for index, channel in _items(data, "alerts", "channels"):
        where = ("alerts", "channels", index)
        yield from _known(where + ("sectors",), channel.get("sectors"), sectors, "sector")
        yield from _known(where + ("municipalities",), channel.get("municipalities"), places,
                          "municipality")
        yield from _channel_fields(where, channel)


def _known(where: tuple, values: Any, known: set[str], what: str) -> Iterator[Problem]:
    for value in values if isinstance(values, list) else []:
        if str(value) not in known:
            yield where, f"unknown {what} '{value}'"


_REQUIRED = {
    "webhook": ("url",),
    "telegram": ("chat_id", "token_env"),
    "email": ("to", "smtp_host"),
}


def _channel_fields(where: tuple, channel: dict) -> Iterator[Problem]:
    for name in _REQUIRED.get(channel.get("type"), ()):
        if not channel.get(name):
            yield where, f"a {channel['type']} channel needs '{name}'"
