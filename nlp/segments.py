"""razdel's tokenization, worked out once per whitespace-separated piece of text.

razdel never joins atoms across whitespace, and its rules look past whitespace only when a
piece starts or ends with a joining mark: a dash or "_" between words, "." "," "/" "\\"
between digits ("5 -го", "12. 5"). Such a piece is kept together with its neighbour, and
each resulting segment's tokens are cached: the same words come back post after post, so
most of a post costs a dict lookup per word instead of razdel's Python objects per atom
(the tokenization was ~30 % of a post's analysis, and again of NER's).
"""

from __future__ import annotations

from itertools import chain

from razdel.segmenters.punct import DASHES
from razdel.segmenters.tokenize import tokenize as SEGMENTER

DASH_LIKE = DASHES + "_"
BETWEEN_DIGITS = ".,/\\"
EDGE = frozenset(DASH_LIKE + BETWEEN_DIGITS)
SEGMENT_CACHE = 50_000  # segments kept per cache
CACHED_LENGTH = 64  # longer segments (a link, a pasted table) are rare: not worth keeping


def segments(text: str) -> list[str]:
    """Whitespace-separated pieces of ``text``, a piece joined (by one space) to the one
    before it when a razdel rule may look across the space between them."""
    out: list[str] = []
    current = last = ""
    for piece in text.split():
        if current and (piece[0] in EDGE or last[-1] in EDGE) and _linked(last, piece):
            current += " " + piece  # a local string: extended in place, never quadratic
        else:
            if current:
                out.append(current)
            current = piece
        last = piece
    if current:
        out.append(current)
    return out


def _linked(left: str, right: str) -> bool:
    """Whether razdel may join across the space: a rule reads the atom past a joining mark
    that is the first atom of a piece of several (or the last one); a lone "_" is linked
    too, for nlp.text's glueing of "_" onto a marker word."""
    end, start = left[-1], right[0]
    if (end in DASH_LIKE and (len(left) > 1 or end == "_")) or (
            start in DASH_LIKE and len(right) > 1):
        return True
    return ((end in BETWEEN_DIGITS and left[-2:-1].isdecimal() and start.isdecimal())
            or (start in BETWEEN_DIGITS and right[1:2].isdecimal() and end.isdecimal()))


class SegmentCache(dict):
    """``compute(segment)`` kept for up to SEGMENT_CACHE short segments; called through
    ``map``, a hit is one dict lookup in C (a Python wrapper per segment cost more than the
    rest of the lookup). When full it starts afresh: the segments in use come back at once."""

    def __init__(self, compute) -> None:
        super().__init__()
        self.compute = compute
        self.__doc__ = compute.__doc__

    def __missing__(self, segment: str):
        value = self.compute(segment)
        if len(segment) <= CACHED_LENGTH:
            if len(self) >= SEGMENT_CACHE:
                self.clear()
            self[segment] = value
        return value

    def __call__(self, segment: str):
        return self[segment]


def cached_per_segment(compute) -> SegmentCache:
    return SegmentCache(compute)


@cached_per_segment
def segment_words(segment: str) -> tuple[str, ...]:
    """razdel's tokens of one segment (no offsets)."""
    return tuple(SEGMENTER.segment(SEGMENTER.split(segment)))


def words(text: str) -> list[str]:
    """The texts of ``razdel.tokenize(text)``'s tokens, in order."""
    return list(chain.from_iterable(map(segment_words.__getitem__, segments(text))))
