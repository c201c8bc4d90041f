"""The pure analysis API: text (+ optional metadata) → sector, sentiment, complaint, place, risk.

    analyzer = Analyzer(config)
    result = analyzer.analyze("Третий день нет отопления в Биробиджане, дети мерзнут")

`analyze_many` does the same for a batch (the linear models score a batch in one call, which
is what makes the stage and `radar analyze` fast). Heavy NER runs per `ner` policy:
"auto" (posts whose risk level is high or critical), "all" or "off".
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from nlp import entities as ent
from nlp.address import extract_address
from nlp.features import feature_tokens
from nlp.gazetteer import Gazetteer
from nlp.models import MODELS_DIR, TASKS, load
from nlp.prep import prepare
from nlp.risk.rules import RULES_DIR, load_rules
from nlp.risk.score import Signals, score
from nlp.risk.sector import choose_sector, trigger_sector, trigger_sectors
from nlp.streets import StreetIndex

NER_POLICIES = ("auto", "all", "off")
NER_LEVELS = ("high", "critical")
REACH_KEYS = ("reach", "members_count", "members", "subscribers", "followers")


@dataclass
class Item:
    text: str
    published_at: datetime | None = None
    source: object = None
    metrics: dict | None = None
    metrics_history: list[dict] | None = None
    similar_posts: int = 0


@dataclass
class Analysis:
    sector: str
    sector_scores: dict[str, float]
    sentiment: str
    sentiment_scores: dict[str, float]
    complaint: float
    municipality: str | None
    address: str | None
    risk: int
    risk_level: str
    reasons: list[str] = field(default_factory=list)
    entities: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def source_reach(source) -> int | None:
    """Audience size from a source's settings (dict or config object), if it has one."""
    if source is None or isinstance(source, str):
        return None
    data = source if isinstance(source, dict) else getattr(source, "__dict__", {})
    for key in REACH_KEYS:
        value = data.get(key)
        if isinstance(value, int | float) and value > 0:
            return int(value)
    return None


def history_with_age(item: Item) -> list[dict]:
    """Snapshots for growth; with one snapshot, the post's publication acts as a zero one."""
    history = list(item.metrics_history or [])
    if len(history) < 2 and item.published_at and item.metrics:
        observed = (item.metrics.get("observed_at") or
                    (history[-1].get("observed_at") if history else None))
        if observed:
            history = [{"observed_at": item.published_at},
                       {**item.metrics, "observed_at": observed}]
    return history


class Analyzer:
    def __init__(self, config, ner: str = "auto", models_dir: Path = MODELS_DIR,
                 rules_dir: Path = RULES_DIR) -> None:
        if ner not in NER_POLICIES:
            raise ValueError(f"ner must be one of {NER_POLICIES}, not {ner!r}")
        self.ner = ner
        self.bundle = load(models_dir)
        self.rules = load_rules(rules_dir)
        self.trigger_sectors = trigger_sectors(self.rules)
        self.gazetteer = Gazetteer(config.municipalities)
        self.streets = StreetIndex(config.municipalities)
        self.levels = [(level.min_score, level.key) for level in config.risk_levels]
        self.sectors = {s.key for s in config.sectors}

    @property
    def version(self) -> str:
        return self.bundle.version

    def analyze(self, text: str, published_at=None, source=None, metrics=None,
                metrics_history=None, similar_posts: int = 0) -> Analysis:
        item = Item(text, published_at, source, metrics, metrics_history, similar_posts)
        return self.analyze_many([item])[0]

    def analyze_many(self, items: list[Item]) -> list[Analysis]:
        prepared = [prepare(item.text) for item in items]
        lex = self.bundle.lexicons
        # the same terms as nlp.features.model_terms; character n-grams come from the words
        docs = [Counter(feature_tokens(p.lemmas, lex)) for p in prepared]
        words = [p.tokens for p in prepared]
        scores = self.bundle.predict_all(docs, words) if docs else {t: [] for t in TASKS}
        results = [self._one(item, p, {task: scores[task][i] for task in TASKS})
                   for i, (item, p) in enumerate(zip(items, prepared, strict=True))]
        self._add_ner(items, results)
        return results

    def analyze_each(self, items: list[Item]) -> list[Analysis | Exception]:
        """Like analyze_many, but one bad item yields its exception instead of failing all."""
        try:
            return list(self.analyze_many(items))
        except Exception:  # noqa: BLE001 - isolate the bad item below
            results: list[Analysis | Exception] = []
            for item in items:
                try:
                    results.append(self.analyze_many([item])[0])
                except Exception as exc:  # noqa: BLE001 - reported by the caller with its id
                    results.append(exc)
            return results

    def _add_ner(self, items: list[Item], results: list[Analysis]) -> None:
        if self.ner == "off":
            return
        chosen = [i for i, r in enumerate(results)
                  if self.ner == "all" or r.risk_level in NER_LEVELS]
        if not chosen:
            return
        spans = ent.ner().spans_many([items[i].text for i in chosen])
        for i, found in zip(chosen, spans, strict=True):
            results[i].entities = ent.merge(results[i].entities, found, items[i].text)

    def _one(self, item: Item, prep, scores: dict[str, dict]) -> Analysis:
        sector, sentiment = scores["sector"], scores["sentiment"]
        complaint = scores["complaint"].get("yes", 0.0)
        municipality, mentions = self.gazetteer.resolve(item.text)
        address = extract_address(item.text)
        municipality = municipality or self.streets.municipality(item.text)
        signals = Signals(complaint=complaint, negative=sentiment.get("negative", 0.0),
                          urgency=scores["urgency"].get("yes"),
                          metrics=item.metrics, metrics_history=history_with_age(item),
                          reach=source_reach(item.source), similar_posts=item.similar_posts)
        risk = score(self.rules, prep.tokens, prep.lemma_text, signals, self.levels)
        found = ent.fast_entities(mentions, item.text)
        chosen = choose_sector(sector, trigger_sector(self.trigger_sectors, risk.triggers),
                               self.rules.scoring.get("sector_from_trigger"))
        return Analysis(
            sector=chosen, sector_scores=sector,
            sentiment=max(sentiment, key=sentiment.get), sentiment_scores=sentiment,
            complaint=round(complaint, 4), municipality=municipality,
            address=address, risk=risk.score, risk_level=risk.level,
            reasons=risk.reasons, entities=found)
