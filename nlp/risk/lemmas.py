"""Rule-aware lemmas: a word form whose first pymorphy parse is not the rules' word, though
another parse of nearly the same weight is ("ямы" → "ям", not "яма"; "стоит" → "стоить", not
"стоять"), is read as the rules' word when matching risk rules. The models keep their
own lemmas; only the rules see these."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

from nlp.morph import analyzer, lemma

WORD = re.compile(r"[а-я]{2,}")
# parts of speech whose forms are re-read; participles and gerunds keep their own lemmas
# ("бывший" is not "быть")
KINDS = {"NOUN", "ADJF", "VERB", "INFN"}
# the rules' word must weigh at least this share of the first parse's lemma
MIN_SHARE = 0.5


def vocabulary(patterns: Iterable[str]) -> frozenset[str]:
    """The Cyrillic words the patterns name."""
    return frozenset(w for p in patterns for w in WORD.findall(p.replace("ё", "е")))


# parts of speech that weigh together: a nominal form's parses as a noun, an adjective or a
# participle compete for one word ("стояков" is read first as an adjective "стояковый",
# "обваловки" as "обваловкий", "горячего" as the noun "горячее")
FAMILY = {"INFN": "VERB", "NOUN": "NOMINAL", "ADJF": "NOMINAL", "ADJS": "NOMINAL",
          "PRTF": "NOMINAL", "PRTS": "NOMINAL"}


def kind(parse) -> str:
    return FAMILY.get(str(parse.tag.POS), str(parse.tag.POS))


def weights(form: str) -> dict[str, float]:
    """A form's lemmas with the summed pymorphy scores of those of their parses that are of
    the first parse's family of parts of speech: "ели" (ate) is not read as "ель"."""
    parses = analyzer().parse(form)
    out: dict[str, float] = defaultdict(float)
    for parse in parses:
        if kind(parse) == kind(parses[0]):
            out[parse.normal_form.replace("ё", "е")] += parse.score
    return out


def forms_of(word: str) -> set[str]:
    """The word's inflected forms, for each of its parses of a re-read kind."""
    return {f.word.replace("ё", "е") for p in analyzer().parse(word)
            if p.normal_form.replace("ё", "е") == word and p.tag.POS in KINDS
            for f in p.lexeme if f.tag.POS in KINDS}


def misread(form: str, word: str, vocab: frozenset[str]) -> bool:
    first = lemma(form)
    if first == word or first in vocab:
        return False
    scores = weights(form)
    share = scores.get(word, 0.0)
    return share > 0.0 and share >= MIN_SHARE * scores.get(first, 0.0)


@lru_cache(maxsize=8)
def lemma_fixes(vocab: frozenset[str]) -> dict[str, str]:
    """form → the rules' word, for forms that are a form of exactly one such word."""
    found: dict[str, set[str]] = defaultdict(set)
    for word in vocab:
        for form in forms_of(word):
            if misread(form, word, vocab):
                found[form].add(word)
    return {form: next(iter(words)) for form, words in found.items() if len(words) == 1}


def relemmatize(fixes: dict[str, str], tokens: list[str], lemma_text: str) -> str:
    if fixes.keys().isdisjoint(tokens):
        return lemma_text
    lemmas = lemma_text.split(" ")
    if len(lemmas) != len(tokens):
        return lemma_text
    return " ".join(fixes.get(t, lem) for t, lem in zip(tokens, lemmas, strict=True))
