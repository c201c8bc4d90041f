"""Loading and matching the rule files (rules/triggers.yaml, modifiers.yaml, scoring.yaml)."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

RULES_DIR = Path(__file__).resolve().parents[2] / "rules"
TRIGGER_KEYS = {"key", "sector", "reason", "weight", "patterns", "negations"}
MODIFIER_KEYS = {"key", "reason", "weight", "patterns"}


class RuleError(ValueError):
    """A rule file is malformed; the message names the file and the rule."""


@dataclass(frozen=True)
class Rule:
    key: str
    reason: str
    weight: float
    patterns: tuple[re.Pattern, ...]
    negations: tuple[re.Pattern, ...] = ()
    sector: str = "any"

    def find(self, lemma_text: str) -> re.Match | None:
        for pattern in self.patterns:
            match = pattern.search(lemma_text)
            if match:
                return match
        return None

    def negated(self, lemma_text: str) -> bool:
        return any(p.search(lemma_text) for p in self.negations)


@dataclass(frozen=True)
class RuleSet:
    triggers: tuple[Rule, ...]
    modifiers: tuple[Rule, ...]
    scoring: dict = field(default_factory=dict)


def compile_pattern(source: str, where: str) -> re.Pattern:
    try:
        return re.compile(r"(?<!\S)(?:" + source + r")(?!\S)")
    except re.error as exc:
        raise RuleError(f"{where}: bad pattern {source!r}: {exc}") from exc


def _rule(raw: dict, allowed: set[str], where: str) -> Rule:
    unknown = set(raw) - allowed
    missing = {"key", "reason", "weight", "patterns"} - set(raw)
    if unknown or missing:
        raise RuleError(f"{where}: unknown keys {sorted(unknown)}, missing {sorted(missing)}")
    where = f"{where} ({raw['key']})"
    return Rule(
        key=raw["key"], reason=raw["reason"], weight=float(raw["weight"]),
        patterns=tuple(compile_pattern(p, where) for p in raw["patterns"]),
        negations=tuple(compile_pattern(p, where) for p in raw.get("negations", [])),
        sector=raw.get("sector", "any"),
    )


def _load(path: Path, section: str) -> list:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if section not in data:
        raise RuleError(f"{path}: no top-level '{section}' key")
    return data[section]


def load_rules(directory: Path = RULES_DIR) -> RuleSet:
    triggers = _load(directory / "triggers.yaml", "triggers")
    modifiers = _load(directory / "modifiers.yaml", "modifiers")
    return RuleSet(
        tuple(_rule(r, TRIGGER_KEYS, f"{directory / 'triggers.yaml'}[{i}]")
              for i, r in enumerate(triggers)),
        tuple(_rule(r, MODIFIER_KEYS, f"{directory / 'modifiers.yaml'}[{i}]")
              for i, r in enumerate(modifiers)),
        _load(directory / "scoring.yaml", "scoring"),
    )


def surface(tokens: list[str], lemma_text: str, match: re.Match) -> str:
    """The post's own words (normalized tokens) behind a match over the lemma text."""
    starts, pos = [], 0
    for lemma_len in (len(w) for w in lemma_text.split(" ")):
        starts.append(pos)
        pos += lemma_len + 1
    first = bisect.bisect_right(starts, match.start()) - 1
    last = bisect.bisect_left(starts, match.end())
    return " ".join(tokens[first:last])
