"""Loading and matching the rule files (rules/triggers.yaml, modifiers.yaml, scoring.yaml)."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path

from nlp.risk.index import RuleIndex
from nlp.risk.lemmas import lemma_fixes, vocabulary
from nlp.risk.prefilter import first_words, needed_words
from pipeline.config.yamlmarks import YamlLoadError, load_marked

RULES_DIR = Path(__file__).resolve().parents[2] / "rules"
TRIGGER_KEYS = {"key", "sector", "reason", "weight", "patterns", "negations"}
MODIFIER_KEYS = {"key", "reason", "weight", "patterns", "negations"}


class RuleError(ValueError):
    """A rule file is malformed; the message names the file and the rule."""


@dataclass(frozen=True)
class Pattern:
    """A compiled pattern plus two cheap prefilters (most posts skip most regex searches):
    ``first``, the words one of which must occur (None: not derivable), and ``needs``, per
    alternative the clauses that must each find a word (nlp/risk/prefilter.py)."""

    regex: re.Pattern
    first: frozenset[str] | None
    needs: tuple[tuple[frozenset[str], ...], ...] | None = None

    def search(self, lemma_text: str, words: set[str]) -> re.Match | None:
        if self.first is not None and self.first.isdisjoint(words):
            return None
        if self.needs is not None and not self._needs_met(words):
            return None
        return self.regex.search(lemma_text)

    def _needs_met(self, words: set[str]) -> bool:
        # plain loops: generator expressions cost 3× more here
        for clauses in self.needs:
            for clause in clauses:
                if clause.isdisjoint(words):
                    break
            else:
                return True
        return False


@dataclass(frozen=True)
class Rule:
    key: str
    reason: str
    weight: float
    patterns: tuple[Pattern, ...]
    negations: tuple[Pattern, ...] = ()
    sector: str = "any"
    # all words one of which must occur for any pattern to match (None: some pattern has none)
    first: frozenset[str] | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        firsts = [p.first for p in self.patterns]
        if firsts and all(f is not None for f in firsts):
            object.__setattr__(self, "first", frozenset().union(*firsts))

    def find(self, lemma_text: str, words: set[str]) -> re.Match | None:
        if self.first is not None and self.first.isdisjoint(words):
            return None
        # one rule at a time (all_clear); a whole rule set goes through nlp/risk/index.py
        return next(filter(None, (p.search(lemma_text, words) for p in self.patterns)), None)

    def negated(self, lemma_text: str, words: set[str]) -> bool:
        return any(p.search(lemma_text, words) for p in self.negations)


@dataclass(frozen=True)
class RuleSet:
    triggers: tuple[Rule, ...]
    modifiers: tuple[Rule, ...]
    scoring: dict = field(default_factory=dict)
    trigger_index: RuleIndex = field(init=False, repr=False)
    modifier_index: RuleIndex = field(init=False, repr=False)
    lemma_fixes: dict[str, str] = field(init=False, repr=False)  # nlp/risk/lemmas.py

    def __post_init__(self) -> None:
        object.__setattr__(self, "trigger_index", RuleIndex.of(self.triggers))
        object.__setattr__(self, "modifier_index", RuleIndex.of(self.modifiers))
        sources = (p.regex.pattern for r in self.triggers + self.modifiers
                   for p in r.patterns + r.negations)
        object.__setattr__(self, "lemma_fixes", lemma_fixes(vocabulary(sources)))


def compile_pattern(source: str, where: str) -> Pattern:
    try:
        regex = re.compile(r"(?<!\S)(?:" + source + r")(?!\S)")
    except re.error as exc:
        raise RuleError(f"{where}: bad pattern {source!r}: {exc}") from exc
    first = first_words(source)
    return Pattern(regex, frozenset(first) if first is not None else None, needed_words(source))


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
    """The section of a rule file; a duplicate key (a second `negations:` of one rule, which
    plain YAML would let replace the first) is an error at its line."""
    try:
        doc = load_marked(path.read_text(encoding="utf-8"))
    except YamlLoadError as exc:
        raise RuleError(f"{path}:{exc.line}: {exc.message}") from exc
    if doc.duplicates:
        line, message = doc.duplicates[0]
        raise RuleError(f"{path}:{line}: {message}")
    data = doc.data or {}
    if section not in data:
        raise RuleError(f"{path}: no top-level '{section}' key")
    return data[section]


def load_rules(directory: Path = RULES_DIR) -> RuleSet:
    triggers = _load(directory / "triggers.yaml", "triggers")
    modifiers = _load(directory / "modifiers.yaml", "modifiers")
    rules = RuleSet(
        tuple(_rule(r, TRIGGER_KEYS, f"{directory / 'triggers.yaml'}[{i}]")
              for i, r in enumerate(triggers)),
        tuple(_rule(r, MODIFIER_KEYS, f"{directory / 'modifiers.yaml'}[{i}]")
              for i, r in enumerate(modifiers)),
        _load(directory / "scoring.yaml", "scoring"),
    )
    check_gate(rules, directory / "scoring.yaml")
    return rules


def check_gate(rules: RuleSet, path: Path) -> None:
    """critical_gate names rules by key: a misspelt key would silently never match."""
    gate = rules.scoring.get("critical_gate")
    if not gate:
        return
    outages = gate.get("outages") or {}
    if not isinstance(outages, dict):
        raise RuleError(f"{path}: critical_gate.outages maps a trigger key to its modifier keys")
    triggers = {r.key for r in rules.triggers}
    modifiers = {r.key for r in rules.modifiers}
    unknown = (set(gate.get("triggers") or []) | set(outages)) - triggers
    unknown |= {m for needed in outages.values() for m in needed or []} - modifiers
    if unknown:
        raise RuleError(f"{path}: critical_gate names unknown rules {sorted(unknown)}")


def surface(tokens: list[str], lemma_text: str, match: re.Match) -> str:
    """The post's own words (normalized tokens) behind a match over the lemma text."""
    starts, pos = [], 0
    for lemma_len in (len(w) for w in lemma_text.split(" ")):
        starts.append(pos)
        pos += lemma_len + 1
    first = bisect.bisect_right(starts, match.start()) - 1
    last = bisect.bisect_left(starts, match.end())
    return " ".join(tokens[first:last])
