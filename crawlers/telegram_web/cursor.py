"""Where a channel's crawl stands, kept so that a kill at any point loses nothing.

t.me/s pages run newest first, so a crawl walks backwards. The cursor is::

    {"top": 4310, "covered": [[4390, 4460]]}

``top``: every post with an id <= top is stored (or older than the first crawl's depth).
``covered``: id ranges above ``top`` already stored by an unfinished walk. A page asked
with ``?before=B`` holds every post in [its lowest id, B-1], so ranges are exact even with
gaps in the numbering. The next walk jumps over covered ranges and stops when it meets
``top``; then the range that reaches down to ``top`` becomes the new ``top``.
Pure functions only: the spider calls them per page and ships the result with the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Cursor:
    top: int | None = None
    covered: list[list[int]] = field(default_factory=list)

    @classmethod
    def load(cls, value) -> Cursor:
        if not isinstance(value, dict):
            return cls()
        top = value.get("top")
        spans = [[int(lo), int(hi)] for lo, hi in value.get("covered") or []]
        return cls(top=int(top) if top is not None else None, covered=sorted(spans))

    def dump(self) -> dict:
        return {"top": self.top, "covered": [list(s) for s in self.covered]}


def page_span(ids: list[int], before: int | None, complete: bool) -> tuple[int, int] | None:
    """The id range a page proves stored: [lowest id, before-1], or less when cut off."""
    if not ids:
        return None
    high = (before - 1) if before is not None and complete else max(ids)
    return min(ids), max(high, max(ids))


def add_span(cursor: Cursor, low: int, high: int) -> Cursor:
    spans = sorted([*cursor.covered, [low, high]])
    merged: list[list[int]] = []
    for lo, hi in spans:
        if merged and lo <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    top = cursor.top
    if top is not None:
        merged = [[max(lo, top + 1), hi] for lo, hi in merged if hi > top]
    return Cursor(top=top, covered=merged)


def _span_of(cursor: Cursor, low: int) -> list[int] | None:
    number = low if cursor.top is None else max(low, cursor.top + 1)
    return next((s for s in cursor.covered if s[0] <= number <= s[1]), None)


def reached_top(cursor: Cursor, low: int) -> bool:
    if cursor.top is None:
        return False
    span = _span_of(cursor, low)
    start = span[0] if span else max(low, cursor.top + 1)
    return start - 1 <= cursor.top


def next_before(cursor: Cursor, low: int) -> int:
    """The ?before= that continues the walk below ``low``, jumping over stored ranges."""
    span = _span_of(cursor, low)
    return span[0] if span else low


def close(cursor: Cursor, low: int) -> Cursor:
    """The walk is over at ``low`` (met top, the depth limit or the channel's first post)."""
    span = _span_of(cursor, low)
    if span is None:
        return cursor
    rest = [s for s in cursor.covered if s[0] > span[1]]
    return Cursor(top=max(span[1], cursor.top or 0), covered=rest)
