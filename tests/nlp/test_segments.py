"""Cached razdel tokenization by segments (nlp/segments.py) gives razdel's own tokens."""

from __future__ import annotations

import random

import pytest
import razdel
from razdel.segmenters.tokenize import tokenize as SEGMENTER

from nlp import text as text_module
from nlp.segments import segments, words

# the pieces whose joins look across a space: dashes, "_", "." "," "/" "\" between digits
ALPHABET = list("аБ5 7 .,-_/\\—–:;()!?«»\"'x\n") + [
    "yahoo", "12", "😡", "_url", "_mention", "_", "...", "1.5", "\u00a0", "٣", "  "]


def random_texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 14)))
            for _ in range(count)]


@pytest.mark.parametrize("text", [
    "Биробиджан — Хабаровск", "5 -го числа", "12. 5", "1 ,5", "3/ 4", "а _url", "_ url",
    "ул. Ленина, д. 5", "yahoo !", "кто-то - то", "", "   ", "Шолом-Алейхема 12а",
])
def test_words_are_razdels_tokens(text):
    assert words(text) == [t.text for t in razdel.tokenize(text)]


def test_words_match_razdel_on_random_text():
    for text in random_texts(20_000, seed=3):
        assert words(text) == [t.text for t in razdel.tokenize(text)], text


def test_tokens_match_whole_text_segmentation():
    def whole(normalized: str) -> list[str]:
        chunks = text_module._join_markers(SEGMENTER.segment(SEGMENTER.split(normalized)))
        return [token for c in chunks for token in text_module._kept(c)]

    for text in random_texts(20_000, seed=4):
        assert text_module.tokens(text) == whole(text), text


def test_segments_keep_linked_pieces_together():
    assert segments("дом 5 -го и 12. 5 ок") == ["дом", "5 -го", "и", "12. 5", "ок"]
    assert segments("Биробиджан — Хабаровск") == ["Биробиджан", "—", "Хабаровск"]


def test_a_long_linked_run_is_one_segment():
    text = "1. " * 50_000  # every piece linked to the next: built in linear time
    assert segments(text) == [text.strip()]
    assert words(text) == [t.text for t in razdel.tokenize(text)]


def test_segment_cache_keeps_short_segments_and_starts_afresh_when_full(monkeypatch):
    import nlp.segments as seg

    calls = []
    cache = seg.cached_per_segment(lambda s: calls.append(s) or s.upper())
    monkeypatch.setattr(seg, "SEGMENT_CACHE", 2)
    long = "x" * (seg.CACHED_LENGTH + 1)
    assert [cache(s) for s in ("a", "a", long, long)] == ["A", "A", long.upper(), long.upper()]
    assert calls == ["a", long, long] and long not in cache
    cache("b"), cache("c")
    assert set(cache) == {"c"}  # full at two: emptied before "c" went in
