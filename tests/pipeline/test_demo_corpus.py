"""The bundled demo corpus (pipeline/demo/posts.jsonl) is valid, self-consistent input."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from pipeline.records import PostRecord

CORPUS = Path(__file__).resolve().parents[2] / "pipeline" / "demo" / "posts.jsonl"


@pytest.fixture(scope="module")
def records() -> list[PostRecord]:
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    assert all(line.strip() for line in lines), "blank line in the corpus"
    return [_parse(number, line) for number, line in enumerate(lines, start=1)]


def _parse(number: int, line: str) -> PostRecord:
    try:
        return PostRecord.model_validate(json.loads(line))
    except ValueError as exc:
        pytest.fail(f"{CORPUS.name}:{number}: {exc}")


def test_corpus_has_the_advertised_size(records):
    assert 160 <= len(records) <= 220


def test_ids_are_unique_per_platform_and_source(records):
    duplicates = [key for key, n in Counter(r.key() for r in records).items() if n > 1]
    assert duplicates == []


def test_every_parent_is_a_post_of_the_same_source(records):
    keys = {r.key() for r in records}
    orphans = [r.key() for r in records
               if r.parent_id and (r.platform, r.source, r.parent_id) not in keys]
    assert orphans == []


def test_every_repost_points_to_a_post_in_the_corpus(records):
    present = {(r.platform, r.id) for r in records}
    dangling = [r.key() for r in records
                if r.repost_of and (r.repost_of.platform, r.repost_of.id) not in present]
    assert dangling == []


def test_every_source_is_configured_with_the_same_platform(records, shipped_config):
    platforms = {s.id: s.platform for s in shipped_config.sources}
    wrong = sorted({(r.source, r.platform) for r in records
                    if platforms.get(r.source) != r.platform})
    assert wrong == []


def test_texts_are_russian_and_dates_are_regional(records):
    assert all(r.text.strip() for r in records)
    assert all(r.published_at.utcoffset().total_seconds() == 10 * 3600 for r in records)
    worded = [r.text.lower() for r in records if any(ch.isalpha() for ch in r.text)]
    assert all(any("а" <= ch <= "я" for ch in text) for text in worded)
