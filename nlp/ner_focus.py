"""The part of a post that heavy NER needs to read: sentences that may name someone.

A sentence may hold a name when a word inside it is capitalized, or when its first word is
capitalized and is not an ordinary dictionary word (a surname, a town, an abbreviation, an
unknown word such as "Газпром") or heads an organization name ("Комитет …", "Администрация …").
The rest ("Дети мерзнут, сколько можно?!") is dropped: on real appeals this halves what NER
reads with ~2 % of its entities lost, and it drops the tagger's favourite false positives,
capitalized common words at a sentence start ("Повреждён асфальт" as a place).
"""

from __future__ import annotations

import re
from functools import lru_cache

from nlp.morph import analyzer

MAX_CHARS = 5000
BOUNDARY = re.compile(r"(?<=[.!?…])\s+|\n+")
WORD = re.compile(r"[A-Za-zА-Яа-яЁё][\w-]*")
# "ул. Ленина", "г. Льгов", "В. Клыкова": a period after these does not end a sentence
ABBREVIATIONS = ("ул", "пр", "просп", "пер", "наб", "пл", "ш", "б-р", "мкр", "г", "гг", "пгт",
                 "пос", "п", "с", "д", "дер", "х", "р-н", "обл", "респ", "корп", "кв", "стр",
                 "им", "св", "ст", "т", "см", "др", "тер")
ABBREVIATION_END = re.compile(r"(?:\b(?:" + "|".join(ABBREVIATIONS) + r")|\b[А-ЯЁA-Z])\.$")
PROPER_TAGS = ("Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Abbr")
ORG_HEADS = frozenset({
    "администрация", "агентство", "банк", "библиотека", "больница", "гимназия", "департамент",
    "дума", "завод", "институт", "инспекция", "колледж", "комбинат", "комитет", "компания",
    "лицей", "министерство", "мэрия", "музей", "отдел", "партия", "поликлиника",
    "правительство", "прокуратура", "совет", "служба", "суд", "театр", "университет",
    "управление", "фонд",
})


def sentences(text: str) -> list[str]:
    """Sentences split at end punctuation and line breaks, not after "ул." or an initial.
    Linear in the text: only the tail of a piece is looked at, and pieces are joined once
    (a hostile "А. А. А. …" of 100,000 characters is one sentence, not a quadratic loop)."""
    groups: list[list[str]] = []
    for piece in BOUNDARY.split(text):
        if groups and ABBREVIATION_END.search(groups[-1][-1][-16:]):
            groups[-1].append(piece)
        else:
            groups.append([piece])
    return [" ".join(group) for group in groups]


def may_name(sentence: str) -> bool:
    words = WORD.findall(sentence)
    if not words:
        return False
    if any(word[0].isupper() for word in words[1:]):
        return True
    return words[0][0].isupper() and _proper_start(words[0])


@lru_cache(maxsize=100_000)
def _proper_start(word: str) -> bool:
    if word.isascii() or (len(word) > 1 and word.isupper()):
        return True
    morph = analyzer()
    if not morph.word_is_known(word.lower()):
        return True
    best = morph.parse(word)[0]
    return any(tag in best.tag for tag in PROPER_TAGS) or best.normal_form in ORG_HEADS


def ner_focus(text: str) -> str:
    """The sentences of ``text`` that may name a person, place or organization, in order, up
    to MAX_CHARS (an operator reads the names of a post, not of a pasted book)."""
    return " ".join(s for s in sentences(text) if may_name(s))[:MAX_CHARS]
