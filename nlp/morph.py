"""Lemmas via pymorphy3 with a per-process cache, so common words cost one dict lookup."""

from __future__ import annotations

from functools import lru_cache

_MORPH = None


def analyzer():
    """The pymorphy3 analyzer, loaded once per process (it takes ~0.3 s and ~15 MB)."""
    global _MORPH
    if _MORPH is None:
        import pymorphy3

        _MORPH = pymorphy3.MorphAnalyzer()
    return _MORPH


@lru_cache(maxsize=300_000)
def lemma(token: str) -> str:
    if not token[0].isalpha() or token.isascii():
        return token
    return analyzer().parse(token)[0].normal_form.replace("ё", "е")


def lemmas(tokens: list[str]) -> list[str]:
    return list(map(lemma, tokens))


@lru_cache(maxsize=50_000)
def case_forms(word: str) -> frozenset[str]:
    """All case/number forms of a word (for gazetteer names), lower-cased, ё→е."""
    forms = {word.lower().replace("ё", "е")}
    for parse in analyzer().parse(word)[:2]:
        for form in parse.lexeme:
            forms.add(form.word.replace("ё", "е"))
    return frozenset(forms)
