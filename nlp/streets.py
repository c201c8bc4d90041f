"""Municipality of a post from a street it names, when it names no place: the streets config.yaml
lists under one municipality only (`municipalities[].streets`, "Шолом-Алейхема", "Биршоссе")."""

from __future__ import annotations

import re

from nlp.gazetteer import WORD, fold, phrases, street_word

LEAD = {"на", "по", "с", "у", "возле", "около"}


class StreetIndex:
    def __init__(self, municipalities) -> None:
        owners: dict[tuple[str, ...], set[str]] = {}
        for muni in municipalities:
            for street in muni.streets:
                for phrase in phrases(street)[0]:
                    owners.setdefault(phrase, set()).add(muni.key)
        # a street listed under two municipalities tells neither
        self.owners = {p: keys.pop() for p, keys in owners.items() if len(keys) == 1}
        self.lengths = sorted({len(p) for p in self.owners}, reverse=True)
        first = sorted({p[0] for p in self.owners}, key=len, reverse=True)
        # one search of the raw text: most posts name no listed street and stop here
        self.hint = re.compile("|".join(map(re.escape, first)), re.I) if first else None

    def municipality(self, text: str) -> str | None:
        """The municipality whose listed street the text names (capitalized), or None."""
        if self.hint is None or not self.hint.search(fold(text)):
            return None
        words = WORD.findall(text)
        folded = [fold(w) for w in words]
        for n in self.lengths:
            for i in range(len(words) - n + 1):
                key = self.owners.get(tuple(folded[i:i + n]))
                if key and words[i][0].isupper() and as_street(folded, i, n):
                    return key
        return None


def as_street(folded: list[str], i: int, n: int) -> bool:
    """Written as an address: after "на", "по", "ул." or a street word, or before a number
    ("читаю Шолом-Алейхема" names the writer)."""
    before = i > 0 and (folded[i - 1] in LEAD or street_word(folded[i - 1]))
    return before or (i + n < len(folded) and folded[i + n][:1].isdigit())
