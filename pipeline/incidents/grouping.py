"""Which incident a post joins, and why. Pure: the stage feeds posts in, the store is elsewhere.

Order of the rules: a repost or copy joins its original's incident; a near-duplicate
(word-shingle Jaccard) joins whatever the sector or place; otherwise a post joins the most
similar incident of the same sector and place (municipality, and street when both know it)
(or the same street, when one of them does not know the municipality) within the time window,
when they share at least two content lemmas and the lemma TF-IDF cosine (plus a bonus when
both name the same street) reaches the threshold. Place names are left out of the text
comparison, so two different problems in one street share no words.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from pipeline.config.model import Incidents
from pipeline.incidents.text import cosines, lemma, shingles, words

MIN_SHINGLES = 5  # below this a near-duplicate must also share the municipality
MIN_SHARED = 2  # content lemmas two posts must share to be "about the same thing"
STREET_WORDS = frozenset("ул улица пр проспект просп пр-т пер переулок пл площадь ш шоссе мкр "
                         "микрорайон бульвар б-р наб набережная набережный проезд тупик дом д кв "
                         "кв-л квартал".split())
HOUSE_NUMBER = re.compile(r"^\d+[а-я]?$")


def street_of(address: str | None) -> str | None:
    """The street part of an address as lemmas ("ул. Ленина, 5" -> "ленин"), or None."""
    if not address:
        return None
    parts = []
    for word in words(address.split(",")[0]):
        if HOUSE_NUMBER.match(word):
            break
        value = lemma(word)
        if word not in STREET_WORDS and value not in STREET_WORDS:
            parts.append(value)
    return " ".join(parts) or None


@dataclass
class Item:
    post_id: int
    platform: str
    native_id: str
    published_at: datetime
    text: str
    sector: str | None = None
    municipality: str | None = None
    address: str | None = None
    repost_of: tuple[str, str] | None = None
    row: int = -1  # row of this post in the TF-IDF matrix
    incident_id: int | None = None
    lemmas: frozenset[str] = frozenset()  # content lemmas (and concepts), set by the caller
    street: str | None = field(init=False)
    shingles: frozenset[int] = field(init=False)

    def __post_init__(self) -> None:
        self.street = street_of(self.address)
        self.shingles = shingles(self.text)

    @property
    def ref(self) -> str:
        return f"{self.platform}/{self.native_id}"


@dataclass(frozen=True)
class Decision:
    incident_id: int | None  # None: the post starts an incident of its own
    reason: str
    similarity: float | None = None


def _substantial(a: Item, b: Item) -> bool:
    """A short text ("Нет воды!") repeated elsewhere is a coincidence, not a copy."""
    if len(a.shingles) >= MIN_SHINGLES:
        return True
    streets_differ = bool(a.street and b.street and a.street != b.street)
    return a.municipality == b.municipality and not streets_differ


def _num(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


class Grouper:
    """Members of open incidents, indexed for the three rules."""

    def __init__(self, settings: Incidents, matrix, names: Callable[[str, str], str]):
        self.settings = settings
        self.matrix = matrix
        self.names = names  # (kind, key) -> Russian title, kind in {"sector", "place"}
        self.by_ref: dict[tuple[str, str], Item] = {}
        self.by_repost: dict[tuple[str, str], list[Item]] = defaultdict(list)
        self.by_shingle: dict[int, list[Item]] = defaultdict(list)
        self.by_place: dict[tuple, list[Item]] = defaultdict(list)
        self.by_street: dict[tuple, list[Item]] = defaultdict(list)

    def add(self, item: Item, incident_id: int) -> None:
        item.incident_id = incident_id
        self.by_ref[(item.platform, item.native_id)] = item
        if item.repost_of:
            self.by_repost[item.repost_of].append(item)
        for sh in item.shingles:
            self.by_shingle[sh].append(item)
        if item.sector and item.municipality:
            self.by_place[(item.sector, item.municipality)].append(item)
        if item.sector and item.street:
            self.by_street[(item.sector, item.street)].append(item)

    def decide(self, item: Item) -> Decision:
        return (self._repost(item) or self._near_duplicate(item) or self._same_topic(item)
                or Decision(None, "первое сообщение инцидента"))

    def _repost(self, item: Item) -> Decision | None:
        original = self.by_ref.get(item.repost_of) if item.repost_of else None
        if original:
            return Decision(original.incident_id, f"репост сообщения {original.ref}", 1.0)
        copies = self.by_repost.get((item.platform, item.native_id))
        if copies:
            return Decision(copies[0].incident_id, f"исходное сообщение репоста {copies[0].ref}",
                            1.0)
        return None

    def _near_duplicate(self, item: Item) -> Decision | None:
        shared: Counter[int] = Counter()
        members: dict[int, Item] = {}
        for sh in item.shingles:
            for other in self.by_shingle.get(sh, ()):
                shared[other.post_id] += 1
                members[other.post_id] = other
        best, best_score = None, 0.0
        for post_id, common in shared.items():
            other = members[post_id]
            score = common / (len(item.shingles) + len(other.shingles) - common)  # Jaccard
            if score <= best_score or not self._close(item, other, "duplicate_window"):
                continue
            if _substantial(item, other):
                best, best_score = other, score
        if best and best_score >= self.settings.near_duplicate:
            return Decision(best.incident_id, f"почти дословный повтор сообщения {best.ref} "
                            f"(сходство {_num(best_score)})", round(best_score, 3))
        return None

    def _candidates(self, item: Item) -> list[Item]:
        """Same sector and municipality; or the same street where a municipality is unknown."""
        found = list(self.by_place.get((item.sector, item.municipality), ())) \
            if item.municipality else []
        for other in self.by_street.get((item.sector, item.street), ()) if item.street else ():
            if not (item.municipality and other.municipality):
                found.append(other)
        return found

    def _eligible(self, item: Item) -> list[Item]:
        found = []
        for other in self._candidates(item):
            if item.street and other.street and item.street != other.street:
                continue  # the same district, a different street: a different place
            if not self._close(item, other, "window"):
                continue
            if len(item.lemmas & other.lemmas) < MIN_SHARED:
                continue  # one common word ("мешок") is a coincidence
            found.append(other)
        return found

    def _same_topic(self, item: Item) -> Decision | None:
        if not item.sector or not (item.municipality or item.street):
            return None
        others = self._eligible(item)
        scores = cosines(self.matrix, item.row, [o.row for o in others])
        best, best_score = None, 0.0
        for other, score in zip(others, scores, strict=True):
            if score > 0 and item.street and item.street == other.street:
                score += self.settings.street_bonus  # the same street: less text is enough
            if score > best_score:
                best, best_score = other, score
        if best is None or best_score < self.settings.similarity:
            return None
        municipality = item.municipality or best.municipality
        parts = [self.names("place", municipality)] if municipality else []
        if item.street and best.street:
            parts.append(item.address.split(",")[0])
        place = ", ".join(parts)
        return Decision(best.incident_id,
                        f"тот же сектор ({self.names('sector', item.sector)}) и место ({place}), "
                        f"похожий текст (сходство {_num(best_score)}) с сообщением {best.ref}",
                        round(best_score, 3))

    def _close(self, a: Item, b: Item, window: str) -> bool:
        limit: timedelta = getattr(self.settings, window)
        return abs(a.published_at - b.published_at) <= limit
