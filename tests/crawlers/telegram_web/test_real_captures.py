"""The parser over every real t.me capture in ../shared/fixtures/tme (skips on a bare clone)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from crawlers.telegram_web.mapper import map_page
from crawlers.telegram_web.parse import parse_count, parse_page
from pipeline.config.model import Source

from .real_expectations import EXPECTED


@pytest.fixture(scope="module")
def pages(shared_fixtures):
    folder = shared_fixtures / "tme"
    return {p.name: parse_page(p.read_text(encoding="utf-8")) for p in folder.glob("*.html")}


def test_every_capture_has_expectations(pages):
    assert set(pages) == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_capture_fields(pages, name):
    expected, parsed = EXPECTED[name], pages[name]
    assert parsed.kind == expected["kind"]
    if parsed.kind != "channel":
        assert parsed.reason.startswith(expected["reason"])
        return
    assert (parsed.channel, parsed.before) == (expected["channel"], expected["before"])
    assert parsed.ids() == expected["ids"]
    assert parsed.incomplete == expected["incomplete"]
    by_id = {m.id: m for m in parsed.messages}
    for number, published, views, start, media, edited, service in expected["messages"]:
        message = by_id[number]
        stamp = message.date.astimezone(UTC).isoformat()[:19] if message.date else None
        assert (stamp, message.views, message.media) == (published, views, media), number
        assert message.text.startswith(start), number
        assert (message.edited, message.service) == (edited, service), number


def _by_id(pages, prefix):
    name = next(n for n in pages if n.startswith(prefix))
    return {m.id: m for m in pages[name].messages}


def test_capture_details(pages):
    durov = _by_id(pages, "tme_s_durov_")
    assert durov[519].reactions[0] == {"paid": True, "count": 2490}
    assert durov[519].reactions[1]["count"] == 23400
    assert durov[519].signature == "Pavel Durov"
    vt = _by_id(pages, "tme_s_vtosters_")
    assert vt[1451].forwarded_from == {"name": "VTMessenger", "url": "https://t.me/vtmsg/77"}
    assert vt[1443].via_bot == "@PostBot"
    camp = pages["tme_s_codecamp_2023-05_ru_forwarded_photo_video.html"]
    assert camp.messages[0].url == "https://t.me/campcode/2357"  # data-post names the channel
    anti = _by_id(pages, "tme_s_antichristone_")
    assert anti[521].text.startswith("Комп для чайника")  # a widget without data-post
    habr = _by_id(pages, "tme_s_habr_com_")
    assert habr[56641].date is None  # the newest post came with an empty datetime


def test_parser_agrees_with_a_plain_regex_reading(shared_fixtures):
    """An independent reading of the same markup: ids, timestamps and view counters."""
    for path in sorted((shared_fixtures / "tme").glob("tme_s_*.html")):
        html = path.read_text(encoding="utf-8")
        page = parse_page(html)
        ids = [int(n) for n in re.findall(
            r'class="tgme_widget_message_date" href="https://t.me/[^/"]+/(\d+)"', html)]
        stamps = re.findall(r'<time datetime="([^"]*)" class="time">', html)
        views = re.findall(r'class="tgme_widget_message_views">([^<]*)<', html)
        assert page.ids() == ids, path.name
        assert [m.date.isoformat() if m.date else "" for m in page.messages] == stamps
        assert [m.views for m in page.messages if not m.service] == \
            [parse_count(v) for v in views], path.name


def test_captures_map_to_records(pages, shared_fixtures):
    source = Source(id="tg-x", platform="telegram", kind="channel", handle="x")
    fetched = datetime(2026, 8, 9, tzinfo=UTC)
    for path in sorted((shared_fixtures / "tme").glob("tme_s_*.html")):
        records = map_page(path.read_text(encoding="utf-8"), source, fetched)
        regular = [m for m in pages[path.name].messages if not m.service]
        assert [r.id for r in records] == [str(m.id) for m in regular]
        assert all(r.published_at for r in records)
