"""Every rule file and every rule key must be described in docs/rules.md."""

from pathlib import Path

import pytest
import yaml

from nlp.risk.rules import RULES_DIR, load_rules
from nlp.risk.score import plural

DOC = (Path(__file__).resolve().parents[2] / "docs" / "rules.md").read_text(encoding="utf-8")


def scoring_keys(node, prefix=""):
    for key, value in node.items():
        yield key
        if isinstance(value, dict):
            yield from scoring_keys(value)


@pytest.mark.parametrize("path", sorted(RULES_DIR.glob("*.yaml")), ids=lambda p: p.name)
def test_rule_file_is_documented(path):
    assert f"## `rules/{path.name}`" in DOC, f"docs/rules.md has no section for {path.name}"


@pytest.mark.parametrize("name", ["triggers", "modifiers"])
def test_every_rule_key_is_documented(name):
    rules = yaml.safe_load((RULES_DIR / f"{name}.yaml").read_text(encoding="utf-8"))[name]
    missing = [r["key"] for r in rules if f"`{r['key']}`" not in DOC]
    assert not missing, f"undocumented {name}: {missing}"


def test_every_scoring_key_is_documented():
    scoring = yaml.safe_load((RULES_DIR / "scoring.yaml").read_text(encoding="utf-8"))
    missing = [k for k in scoring_keys(scoring["scoring"]) if f"`{k}`" not in DOC]
    assert not missing, f"undocumented scoring keys: {missing}"


def test_rules_load_and_compile():
    rules = load_rules()
    assert rules.triggers and rules.modifiers
    assert all(rule.patterns for rule in rules.triggers + rules.modifiers)


@pytest.mark.parametrize("n, expected", [
    (1, "1 похожее сообщение"), (3, "3 похожих сообщения"), (12, "12 похожих сообщений"),
    (21, "21 похожее сообщение"), (112, "112 похожих сообщений"), (24, "24 похожих сообщения"),
])
def test_plural(n, expected):
    assert plural(n, "{n} {похожее сообщение|похожих сообщения|похожих сообщений}") == expected


def test_trigger_table_matches_the_rule_file():
    rules = yaml.safe_load((RULES_DIR / "triggers.yaml").read_text(encoding="utf-8"))["triggers"]
    for r in rules:
        row = f"| `{r['key']}` | {r['sector']} | {r['reason']} | {r['weight']} |"
        assert row in DOC, f"docs/rules.md row for {r['key']} differs from triggers.yaml: {row}"
