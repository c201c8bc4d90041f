"""The backward walk's cursor: exact ranges, jumps over stored ones, closing at top."""

from __future__ import annotations

import pytest

from crawlers.telegram_web.cursor import (
    Cursor,
    add_span,
    close,
    next_before,
    page_span,
    reached_top,
)


@pytest.mark.parametrize("ids, before, complete, span", [
    ([26, 30, 45], None, True, (26, 45)),
    ([6, 25], 26, True, (6, 25)),
    ([6, 10], 26, False, (6, 10)),      # cut off: only what was seen
    ([], 26, True, None),
])
def test_page_span(ids, before, complete, span):
    assert page_span(ids, before, complete) == span


def test_ranges_merge_and_jump():
    cursor = add_span(Cursor(top=5), 26, 45)
    cursor = add_span(cursor, 60, 80)
    assert cursor.covered == [[26, 45], [60, 80]]
    # a new walk starts higher: [81, 99] touches [60, 80]: jump below 60
    cursor = add_span(cursor, 81, 99)
    assert cursor.covered == [[26, 45], [60, 99]]
    assert next_before(cursor, 81) == 60
    cursor = add_span(cursor, 46, 59)
    assert next_before(cursor, 46) == 26
    assert not reached_top(cursor, 46)
    cursor = add_span(cursor, 3, 25)  # overlaps top=5
    assert reached_top(cursor, 3)
    assert close(cursor, 3) == Cursor(top=99, covered=[])


def test_gap_left_by_a_cut_page_survives_closing():
    cursor = add_span(Cursor(top=0), 26, 45)
    cursor = add_span(cursor, 6, 15)  # page before=26 was cut after 15
    cursor = add_span(cursor, 1, 5)
    assert reached_top(cursor, 1)
    closed = close(cursor, 1)
    assert closed == Cursor(top=15, covered=[[26, 45]])
    # the next walk fetches 16..25 and closes over everything
    again = add_span(add_span(closed, 46, 50), 16, 25)
    assert next_before(again, 46) == 16 and reached_top(again, 16)
    assert close(again, 16) == Cursor(top=50)


def test_first_crawl_closes_at_depth_and_load_dump():
    cursor = add_span(Cursor(), 100, 140)
    assert not reached_top(cursor, 100)
    closed = close(cursor, 100)
    assert closed.dump() == {"top": 140, "covered": []}
    assert Cursor.load(closed.dump()) == closed
    assert Cursor.load(None) == Cursor() and Cursor.load("junk") == Cursor()


def test_newest_page_below_top_means_done():
    cursor = add_span(Cursor(top=50), 26, 45)  # posts deleted since
    assert cursor.covered == [] and reached_top(cursor, 26)
