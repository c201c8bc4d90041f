"""Municipality of a post from the config gazetteer: names, aliases and settlements, all cases."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from nlp.morph import analyzer

WORD = re.compile(r"[А-Яа-яЁёA-Za-z0-9]+(?:-[А-Яа-яЁёA-Za-z0-9]+)*")
MAX_WORDS = 3
# A name right after or before one of these is a street's ("проспект Ленинского Комсомола",
# "Ленинский проспект"), not the settlement's.
STREET_WORDS = ("улиц", "проспект", "переул", "площад", "бульвар", "шоссе", "проезд",
                "набережн", "тупик", "аллея", "аллее", "аллею", "аллеи", "микрорайон")
STREET_SHORT = {"ул", "пр", "пр-т", "пр-кт", "пер", "пл", "б-р", "мкр", "мкрн"}
# a name before a street word is the street's only as an adjective ("Ленинский проспект";
# "Облучье улица Тихонькая" names the town)
ADJECTIVE = ("ий", "ый", "ой", "ая", "ое", "ее", "ого", "его", "ому", "ему", "ом", "ем", "ую",
             "юю", "ые", "ие", "ых", "их", "ым", "им")


@dataclass(frozen=True)
class Place:
    key: str          # municipality key from config.yaml
    name: str         # the settlement / municipality as named in config.yaml
    capital: bool     # the name is also a common word: only count it when capitalized


@dataclass(frozen=True)
class Mention:
    place: Place
    text: str
    start: int


def fold(word: str) -> str:
    return word.lower().replace("ё", "е")


def word_forms(word: str) -> tuple[set[str], bool]:
    """Case forms of a name word keeping its gender/number, and whether it needs a capital."""
    folded = fold(word)
    parses = [p for p in analyzer().parse(word) if fold(p.word) == folded] or [None]
    best = parses[0]
    proper = best is None or {"Geox", "UNKN", "Name"} & set(best.tag.grammemes)
    capital = best is not None and (not proper or best.tag.POS == "ADJF")
    forms = {folded}
    if best is not None:
        for form in best.lexeme:
            if form.tag.number == best.tag.number and form.tag.gender == best.tag.gender:
                forms.add(fold(form.word))
    return forms, capital


def phrases(name: str) -> tuple[list[tuple[str, ...]], bool]:
    words = WORD.findall(name)
    if len(words) == 1:
        forms, capital = word_forms(words[0])
        return [(f,) for f in forms], capital
    per_word = [word_forms(w)[0] if len(w) > 2 else {fold(w)} for w in words]
    out = [tuple(fold(w) for w in words)]
    for i, options in enumerate(per_word):  # inflect word by word; good enough for 2–3 words
        out += [out[0][:i] + (f,) + out[0][i + 1:] for f in options]
    if len(words) == 2:
        out += [(a, b) for a in per_word[0] for b in per_word[1]]
    return out, False


def street_word(word: str) -> bool:
    return word in STREET_SHORT or word.startswith(STREET_WORDS)


def street_name(text: str, words: list, folded: list[str], i: int, n: int) -> bool:
    """Is the name at words[i:i+n] part of a street's name? Only with nothing but a space
    (or the dot of "ул.") between: "Биробиджан, ул. Ленина" names the city."""
    before = i > 0 and text[words[i - 1].end():words[i].start()].strip() in ("", ".")
    j = i + n
    after = j < len(words) and not text[words[j - 1].end():words[j].start()].strip()
    return ((before and street_word(folded[i - 1]))
            or bool(after and folded[j - 1].endswith(ADJECTIVE) and street_word(folded[j])))


class Gazetteer:
    def __init__(self, municipalities) -> None:
        self.index: dict[tuple[str, ...], Place] = {}
        self.first_words: set[str] = set()  # most words start no name: one set lookup each
        for muni in municipalities:
            self._add(muni.key, muni.name, muni.name)
            for alias in muni.aliases:
                self._add(muni.key, muni.name, alias, exact=True)
            for settlement in muni.settlements:
                self._add(muni.key, settlement.name, settlement.name)
                for alias in settlement.aliases:
                    self._add(muni.key, settlement.name, alias, exact=True)

    def _add(self, key: str, name: str, text: str, exact: bool = False) -> None:
        found, capital = phrases(text)
        if exact and len(WORD.findall(text)) == 1:
            found = [tuple(fold(w) for w in WORD.findall(text))]
        for phrase in found:
            self.index.setdefault(phrase, Place(key, name, capital and not exact))
            self.first_words.add(phrase[0])

    def mentions(self, text: str) -> list[Mention]:
        # folded in one call: most posts name no place and stop at the set check
        folded = fold(" ".join(WORD.findall(text))).split(" ")
        if self.first_words.isdisjoint(folded):
            return []
        words = list(WORD.finditer(text))
        found, i = [], 0
        while i < len(words):
            if folded[i] not in self.first_words:
                i += 1
                continue
            for n in range(min(MAX_WORDS, len(words) - i), 0, -1):
                place = self.index.get(tuple(folded[i:i + n]))
                if (place and (not place.capital or words[i].group()[0].isupper())
                        and not street_name(text, words, folded, i, n)):
                    span = text[words[i].start():words[i + n - 1].end()]
                    found.append(Mention(place, span, words[i].start()))
                    i += n - 1
                    break
            i += 1
        return found

    def resolve(self, text: str) -> tuple[str | None, list[Mention]]:
        """The municipality mentioned most (earliest on a tie), with all mentions."""
        found = self.mentions(text)
        if not found:
            return None, []
        counts = Counter(m.place.key for m in found)
        best = max(counts.values())
        key = next(m.place.key for m in found if counts[m.place.key] == best)
        return key, found
