"""`radar analyze` input: dates and column names (nlp/io.py)."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from nlp.io import BadRow, delimiter_of, parse_time, with_names


@pytest.mark.parametrize(("value", "expected"), [
    ("2026-01-12T09:00:00Z", datetime(2026, 1, 12, 9, tzinfo=UTC)),
    ("2026-01-12 09:00", datetime(2026, 1, 12, 9)),
    (1768208400, datetime(2026, 1, 12, 9, tzinfo=UTC)),          # VK's `date`
    ("1768208400", datetime(2026, 1, 12, 9, tzinfo=UTC)),
    ("12.01.2026 09:00", datetime(2026, 1, 12, 9)),
    ("12.01.2026", datetime(2026, 1, 12)),
    ("", None),
    (None, None),
])
def test_parse_time(value, expected):
    assert parse_time(value) == expected


@pytest.mark.parametrize("value", ["вчера", "2026-13-01", True, 10**20])
def test_parse_time_rejects(value):
    with pytest.raises(BadRow, match="published_at is not an ISO date"):
        parse_time(value)


@pytest.mark.parametrize(("record", "no_ids", "expected"), [
    ({"id": "a", "text": "x"}, False, {"id": "a", "text": "x"}),
    ({"id": "a", "Message": "x"}, False, {"id": "a", "Message": "x", "text": "x"}),
    ({"post": "x"}, True, {"post": "x", "text": "x", "id": "7"}),
    ({"text": "x"}, False, {"text": "x"}),                     # a row without id stays bad
    ({"id": "a", "text": "x", "views": "1500", "likes": "", "reposts": "1,5K"}, False,
     {"id": "a", "text": "x", "views": "1500", "likes": "", "reposts": "1,5K",
      "metrics": {"views": 1500}}),
])
def test_with_names(record, no_ids, expected):
    assert with_names(record, 7, no_ids) == expected


@pytest.mark.parametrize(("name", "header", "delimiter"), [
    ("posts.csv", "id,text,published_at\n", ","),
    ("posts.csv", "id;text;published_at\n", ";"),      # Excel in a Russian locale
    ("posts.csv", "id\ttext\n", "\t"),
    ("posts.tsv", "id,text\n", "\t"),
])
def test_delimiter_of(name, header, delimiter):
    assert delimiter_of(Path(name), header) == delimiter
