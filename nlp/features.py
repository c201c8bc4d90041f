"""Feature tokens for the linear models: lemma unigrams and bigrams plus signal markers."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from nlp.text import is_emoji

RESOURCES = Path(__file__).with_name("resources")
CHAR_MARK = "ch:"
CHAR_SIZES = (4,)
NEGATIONS = ("не", "нет", "без")
MARKER_CACHE = 200_000


@dataclass(frozen=True)
class Lexicons:
    """Word lists the features consult; saved inside the model bundle at training time.

    One ordered dict (no sets), so that the same files save to the same bytes."""

    # lemma or emoji -> space-separated markers: "lex_pos", "lex_neg", "kw_<sector>", "emo_pos emo"
    words: dict[str, str] = field(default_factory=dict)
    # lemma -> its markers as a tuple, filled as lemmas are seen (feature_tokens' inner loop)
    marker_cache: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False,
                                                     repr=False)

    def markers(self, lemma: str) -> tuple[str, ...]:
        found = self.marker_cache.get(lemma)
        if found is None:
            found = _markers(lemma, self)
            if len(self.marker_cache) < MARKER_CACHE:
                self.marker_cache[lemma] = found
        return found

    def save(self, path: Path) -> None:
        path.write_text(json.dumps({"words": self.words}, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Lexicons:
        return cls(json.loads(path.read_text(encoding="utf-8"))["words"])


def builtin_lexicons(sentiment_words: dict[str, str] | None = None) -> Lexicons:
    emoji = yaml.safe_load((RESOURCES / "emoji.yaml").read_text(encoding="utf-8"))
    words = dict(sentiment_words or {})
    sectors = yaml.safe_load((RESOURCES / "sector_keywords.yaml").read_text(encoding="utf-8"))
    for sector, lemmas in sectors.items():
        for lemma in lemmas:
            words[lemma] = f"{words[lemma]} kw_{sector}" if lemma in words else f"kw_{sector}"
    for polarity in ("positive", "negative"):
        for char in emoji[polarity]:
            words[char] = f"emo_{polarity[:3]} emo"
    return Lexicons(words)


def feature_tokens(lemmas: list[str], lex: Lexicons) -> list[str]:
    """Unigrams, bigrams and markers ("emo_pos", "lex_neg", "kw_health", "neg_<lemma>")."""
    feats = list(lemmas)
    feats.extend(map("_".join, zip(lemmas, lemmas[1:], strict=False)))
    prev = ""
    for lemma, markers in zip(lemmas, map(lex.markers, lemmas), strict=True):
        if markers:
            feats.extend(markers)
        if prev in NEGATIONS:
            feats.append("neg_" + lemma)
        prev = lemma
    return feats


def model_terms(lemmas: list[str], tokens: list[str], lex: Lexicons,
                chars: bool = True) -> list[str]:
    """What the models are trained on: feature tokens and, for the tasks that use them
    (nlp.train.build.CHAR_TASKS), character n-grams. Analysis scores the same terms, the
    n-grams counted from cached ids per word (nlp.linear.TermSpace); a model looks up only
    the terms of its own vocabulary."""
    feats = feature_tokens(lemmas, lex)
    return feats + char_tokens(tokens) if chars else feats


def char_tokens(tokens: list[str]) -> list[str]:
    """Character 4-grams of the words of a post (the sentiment model's extra features)."""
    grams: list[str] = []
    for token in tokens:
        grams.extend(char_grams(token))
    return grams


@lru_cache(maxsize=1 << 16)
def char_grams(token: str) -> tuple[str, ...]:
    """"<дом>" → "ch:<дом", "ch:дом>": spelling variants, stretched or swapped letters and
    words never seen in training share most of their grams with known ones; in CV on tweets
    (the sets closest to VK) they lifted sentiment macro-F1 by 0.02–0.03 (3-, 5- or 3–5-grams
    did no better than 4-grams alone, at up to three times the terms). Words only: markers,
    numbers and emoji have their own features."""
    if not token.isalpha():
        return ()
    word = f"<{token}>"
    return tuple(CHAR_MARK + word[i:i + n] for n in CHAR_SIZES for i in range(len(word) - n + 1))


def _markers(lemma: str, lex: Lexicons) -> tuple[str, ...]:
    tagged = lex.words.get(lemma)
    if tagged:
        return _split(tagged)
    return ("emo",) if is_emoji(lemma) else ()


@lru_cache(maxsize=64)
def _split(tagged: str) -> tuple[str, ...]:
    return tuple(tagged.split())


def identity(doc):
    """The vectorizer's analyzer: documents arrive as ready feature-token lists."""
    return doc
