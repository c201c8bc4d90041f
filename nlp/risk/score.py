"""The risk score: triggers + modifiers + model signals + engagement, each with its reason."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from nlp.risk.index import RuleIndex
from nlp.risk.lemmas import relemmatize
from nlp.risk.rules import Rule, RuleSet, surface

PLURAL = re.compile(r"\{([^{}|]*)\|([^{}|]*)\|([^{}|]*)\}")


@dataclass
class Signals:
    """Everything the score looks at besides the text."""

    complaint: float = 0.0
    negative: float = 0.0
    urgency: float | None = None  # the urgency model's probability; None: no opinion
    metrics: dict | None = None
    metrics_history: list[dict] | None = None
    reach: int | None = None
    similar_posts: int = 0


@dataclass
class Risk:
    score: int
    level: str
    reasons: list[str] = field(default_factory=list)
    triggers: list[str] = field(default_factory=list)


def plural(n: int, template: str) -> str:
    """'{n} {сообщение|сообщения|сообщений}' with Russian plural agreement."""
    n_abs = abs(int(n))
    if n_abs % 10 == 1 and n_abs % 100 != 11:
        idx = 0
    elif 2 <= n_abs % 10 <= 4 and not 12 <= n_abs % 100 <= 14:
        idx = 1
    else:
        idx = 2
    return PLURAL.sub(lambda m: m.group(idx + 1), template).replace("{n}", str(int(n)))


def fired(index: RuleIndex, tokens: list[str], lemma_text: str,
          words: set[str]) -> list[tuple[Rule, str]]:
    found = []
    for rule, match in index.matches(lemma_text, words):
        if not rule.negated(lemma_text, words):
            reason = rule.reason
            if "{match}" in reason:
                reason = reason.replace("{match}", surface(tokens, lemma_text, match))
            found.append((rule, reason))
    return found


@dataclass
class TextPoints:
    points: float = 0.0
    reasons: list[str] = field(default_factory=list)
    triggers: list[str] = field(default_factory=list)
    strongest: float = 0.0  # the weight of the strongest trigger that fired
    modifiers: list[str] = field(default_factory=list)


def text_points(rules: RuleSet, tokens, lemma_text) -> TextPoints:
    words = set(lemma_text.split(" "))
    triggers = sorted(fired(rules.trigger_index, tokens, lemma_text, words),
                      key=lambda f: -f[0].weight)
    if not triggers:
        return TextPoints()
    factor = rules.scoring.get("extra_trigger_factor", 0.5)
    out = TextPoints(triggers[0][0].weight + factor * sum(r.weight for r, _ in triggers[1:]),
                     [reason for _, reason in triggers], [r.key for r, _ in triggers],
                     triggers[0][0].weight)
    for rule, reason in fired(rules.modifier_index, tokens, lemma_text, words):
        out.points += rule.weight
        out.reasons.append(reason)
        out.modifiers.append(rule.key)
    return out


def signal_points(scoring: dict, s: Signals) -> tuple[float, list[str]]:
    points, reasons = 0.0, []
    for name, value in (("complaint", s.complaint), ("sentiment", s.negative)):
        rule = scoring[name]
        if value >= rule["min_probability"]:
            points += rule["weight"] * value
            reasons.append(rule["reason"])
    for part in (engagement(scoring["engagement"], s.metrics or {},
                            scoring.get("engagement_max", math.inf)),
                 growth(scoring["growth"], s.metrics_history or []),
                 counted(scoring["reach"], s.reach or 0, scoring["reach"]["weight"]),
                 similar(scoring["similar"], s.similar_posts)):
        points += part[0]
        reasons.extend(part[1])
    return points, reasons


def engagement(rules: dict, metrics: dict, most: float) -> tuple[float, list[str]]:
    """From a counter's `min` on, `per_log10` points at `min` and as many more per power of
    ten above it, at most `max`; all counters together at most ``most``."""
    points, reasons = 0.0, []
    for name, rule in rules.items():
        n, least = int(metrics.get(name) or 0), max(rule.get("min", 10), 1)
        if n >= least:
            points += min(rule["max"], rule["per_log10"] * (1 + math.log10(n / least)))
            reasons.append(plural(n, rule["reason"]))
    return min(points, most), reasons


def growth(rule: dict, history: list[dict]) -> tuple[float, list[str]]:
    """Reactions per hour between the two latest snapshots (observed_at: datetime)."""
    snaps = sorted((h for h in history if isinstance(h.get("observed_at"), datetime)),
                   key=lambda h: _aware(h["observed_at"]))
    if len(snaps) < 2:
        return 0.0, []
    old, new = snaps[-2], snaps[-1]
    seconds = (_aware(new["observed_at"]) - _aware(old["observed_at"])).total_seconds()
    hours = max(seconds / 3600, 1 / 60)
    delta = sum(int(new.get(k) or 0) - int(old.get(k) or 0)
                for k in ("likes", "reposts", "comments"))
    per_hour = int(delta / hours)
    return counted(rule, per_hour, rule["weight"], "min_per_hour")


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def counted(rule: dict, n: int, weight: float, key: str = "min") -> tuple[float, list[str]]:
    if n < rule[key]:
        return 0.0, []
    return float(weight), [plural(n, rule["reason"])]


def similar(rule: dict, n: int) -> tuple[float, list[str]]:
    if n < rule["min"]:
        return 0.0, []
    return float(min(rule["max"], rule["per_post"] * n)), [plural(n, rule["reason"])]


def all_clear(rules: RuleSet, lemma_text: str) -> bool:
    """The text itself says there is nothing to react to: a trigger's negation is there
    ("свет дали", "угрозы подтопления нет", "учебная эвакуация"), or a modifier takes points
    off (planned works, statistics, a resolved problem)."""
    words = set(lemma_text.split(" "))
    return (any(r.negated(lemma_text, words) for r in rules.triggers)
            or any(r.weight < 0 and r.find(lemma_text, words) and not r.negated(lemma_text, words)
                   for r in rules.modifiers))


def urgency_floor(rules: RuleSet, lemma_text: str, urgency: float | None, strongest: float,
                  current: float) -> tuple[float, list[str]]:
    """The urgency model lifts a post it is sure about to at least `floor` (high), also past
    the no-trigger cap: it catches problems told without the triggers' words. When the rules
    named the problem and it is an everyday one (strongest trigger below `everyday_below`),
    the rules' judgement stands."""
    rule = rules.scoring.get("urgency")
    if (not rule or urgency is None or urgency < rule["min_probability"] or current >= rule["floor"]
            or 0 < strongest < rule["everyday_below"] or all_clear(rules, lemma_text)):
        return 0.0, []
    return float(rule["floor"]), [rule["reason"]]


def critical_allowed(gate: dict | None, text: TextPoints) -> bool:
    """Critical is for a threat to life or to many people: a trigger of that kind, or a utility
    outage with one of the modifiers listed for it (widespread, in frost). Other problems stop
    at the level below, however many points a resident's complaint, tone and duration add."""
    if not gate:
        return True
    keys, modifiers = set(text.triggers), set(text.modifiers)
    return bool(keys & set(gate["triggers"])) or any(
        modifiers & set(gate["outages"][key]) for key in keys & set(gate["outages"]))


def score(rules: RuleSet, tokens, lemma_text, signals: Signals, levels) -> Risk:
    """levels: [(min_score, key)] from config.yaml risk_levels."""
    lemma_text = relemmatize(rules.lemma_fixes, tokens, lemma_text)
    text = text_points(rules, tokens, lemma_text)
    sig_pts, sig_reasons = signal_points(rules.scoring, signals)
    total = max(0.0, text.points) + sig_pts
    if not text.triggers:
        total = min(total, rules.scoring["no_trigger_cap"])
    floor, floor_reasons = urgency_floor(rules, lemma_text, signals.urgency, text.strongest,
                                         total)
    if floor > total:
        total, sig_reasons = floor, sig_reasons + floor_reasons
    value = int(round(min(100.0, max(0.0, total))))
    top = max(levels)[0]  # the lowest score of the highest level (critical)
    if value >= top and not critical_allowed(rules.scoring.get("critical_gate"), text):
        value = top - 1
    value = min(value, everyday_cap(rules.scoring.get("high_gate"), text, levels))
    cap, cap_reasons = urgency_cap(rules.scoring.get("urgency"), signals.urgency, text,
                                   len(tokens), levels)
    if cap < value < top:
        value, sig_reasons = cap, sig_reasons + cap_reasons
    return Risk(value, level_of(value, levels), text.reasons + sig_reasons, text.triggers)


def urgency_cap(rule: dict | None, urgency: float | None, text: TextPoints, words: int,
                levels) -> tuple[int, list[str]]:
    """The urgency model's veto: a post of at least `veto_min_words` words that the model is
    sure needs no quick reaction (probability below `veto_below`) stops one point below high.
    The caller leaves critical posts alone; a named casualty or missing person (`veto_spares`)
    keeps the rules' level, and so does a short post, where the model has too little to go on."""
    if (not rule or urgency is None or urgency >= rule.get("veto_below", 0.0)
            or words < rule.get("veto_min_words", 0)
            or set(text.triggers) & set(rule.get("veto_spares") or ())):
        return 100, []
    return below_high(levels), [rule["veto_reason"]]


def everyday_cap(gate: float | None, text: TextPoints, levels) -> int:
    """A post whose strongest trigger weighs less than `high_gate` names an everyday problem:
    it stops one point below high, however many points a complaint, tone, duration or
    children add."""
    if not gate or not 0 < text.strongest < gate:
        return 100
    return below_high(levels)


def below_high(levels) -> int:
    """One point below the second-highest level (high): where a capped post stops."""
    return sorted(levels)[-2][0] - 1


def level_of(value: int, levels) -> str:
    name = "none"
    for min_score, key in sorted(levels):
        if value >= min_score:
            name = key
    return name
