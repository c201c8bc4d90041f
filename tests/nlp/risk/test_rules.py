"""The rule files as patterns: shapes that compile but can never match where they should."""

import yaml

from nlp.risk.rules import RULES_DIR


def alternatives(source: str) -> list[str]:
    """The top-level alternatives of a pattern ("a (b|c) |d" → ["a (b|c) ", "d"])."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(source):
        char = source[i]
        if char == "\\":
            i += 2
            continue
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "|" and depth == 0:
            parts.append(source[start:i])
            start = i + 1
        i += 1
    return [*parts, source[start:]]


def sources():
    for name in ("triggers", "modifiers"):
        rules = yaml.safe_load((RULES_DIR / f"{name}.yaml").read_text(encoding="utf-8"))[name]
        for rule in rules:
            for source in rule["patterns"] + rule.get("negations", []):
                yield rule["key"], source


def test_alternatives_split_at_the_top_level_only():
    assert alternatives(r"a (b|c) |d\|e") == ["a (b|c) ", r"d\|e"]


def test_no_alternative_starts_or_ends_with_a_space():
    """A pattern is matched between spaces ((?<!\\S)…(?!\\S)), so an alternative ending in a
    space ("как (сохранить|вести себя) ") matches only at the end of a post: it looks alive
    and is dead. End it with the word."""
    bad = [f"{key}: {alt!r}" for key, source in sources() for alt in alternatives(source)
           if alt != alt.strip(" ")]
    assert not bad, bad
