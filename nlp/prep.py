"""Text → normalized form, tokens, lemmas: the one preprocessing path for training and analysis."""

from __future__ import annotations

from dataclasses import dataclass

from nlp.morph import lemmas
from nlp.text import normalize, tokens


@dataclass(frozen=True)
class Prepared:
    text: str
    normalized: str
    tokens: list[str]
    lemmas: list[str]

    @property
    def lemma_text(self) -> str:
        """Lemmas joined by single spaces: what risk rule patterns match against."""
        return " ".join(self.lemmas)


def prepare(text: str) -> Prepared:
    norm = normalize(text or "")
    toks = tokens(norm)
    return Prepared(text or "", norm, toks, lemmas(toks))
