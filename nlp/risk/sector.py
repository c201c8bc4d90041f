"""The post's sector: the model's top class, or the sector of the risk trigger when the model
is unsure ("порыв на водоводе… школа работает в обычном режиме" is a housing problem)."""

from __future__ import annotations

from nlp.risk.rules import RuleSet


def trigger_sectors(rules: RuleSet) -> dict[str, str]:
    """Trigger key -> its sector, for the triggers that name one (not "any"); built once."""
    return {rule.key: rule.sector for rule in rules.triggers if rule.sector != "any"}


def trigger_sector(sectors: dict[str, str], trigger_keys: list[str]) -> str | None:
    """The sector of the strongest fired trigger that names one (keys come strongest first)."""
    return next((sectors[key] for key in trigger_keys if key in sectors), None)


def choose_sector(scores: dict[str, float], from_trigger: str | None, rule: dict | None) -> str:
    """rule: scoring.yaml `sector_from_trigger` ({max_top, min_score}); None = model only."""
    top = max(scores, key=scores.get)
    if rule is None or from_trigger is None or scores[top] >= rule["max_top"]:
        return top
    return from_trigger if scores.get(from_trigger, 0.0) >= rule["min_score"] else top
