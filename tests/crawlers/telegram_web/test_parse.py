"""The t.me/s parser over the project's own pages (tests/fixtures/tme), table-driven."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from crawlers.telegram_web.parse import parse_count, parse_page

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "tme"


def page(name: str):
    return parse_page((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("text, number", [
    ("15.3K", 15300), ("1.2M", 1_200_000), ("826", 826), ("2.49K", 2490), ("3K", 3000),
    ("28.0K", 28000), ("8.67M", 8_670_000), ("1,5K", 1500), ("", None), (None, None),
    ("views", None),
])
def test_parse_count(text, number):
    assert parse_count(text) == number


MIXED = {m.id: m for m in page("s_eaonews_mixed.html").messages}

# id, published (UTC), views, text start, media kinds
CASES = [
    (4301, "2026-06-01T01:15:00", 15300, "В Биробиджане отключат горячую воду\n\nС 10 июня", []),
    (4302, "2026-06-01T02:30:10", 1_200_000, "Яма на дороге в Облучье 😡", ["photo"]),
    (4303, "2026-06-01T03:00:00", 826, "🌊 Губернатор провёл", ["video"]),  # custom emoji
    (4304, "2026-06-01T03:00:05", None, "Новости ЕАО pinned «Губернатор", []),
    (4305, "2026-06-01T04:10:00", 9800, "", ["poll"]),
    (4306, "2026-06-01T05:00:00", 4400, "Фоторепортаж: ледоход на Бире.\nВода",
     ["album", "photo", "photo", "video"]),
    (4309, "2026-06-01T06:45:30", 3000, "Обновление: испытания", ["link_preview"]),
    (4310, "2026-06-01T07:00:00", None, "Жалоба на вывоз мусора", ["document"]),
    (4311, "2026-06-01T08:20:00", 2490, "", ["round_video"]),  # no data-post: the date link
    (4312, None, 1100, "", ["sticker"]),
]


@pytest.mark.parametrize("number, published, views, start, media", CASES)
def test_message_fields(number, published, views, start, media):
    message = MIXED[number]
    expected = datetime.fromisoformat(published).replace(tzinfo=UTC) if published else None
    assert message.date == expected
    assert message.views == views
    assert message.text.startswith(start)
    assert message.media == media
    assert message.url == f"https://t.me/eaonews/{number}"


def test_page_ids_and_paging():
    parsed = page("s_eaonews_mixed.html")
    assert parsed.kind == "channel" and parsed.channel == "eaonews" and parsed.complete
    assert parsed.ids() == [4301, 4302, 4303, 4304, 4305, 4306, 4309, 4310, 4311, 4312]
    assert parsed.before == 4301


@pytest.mark.parametrize("number, attribute, value", [
    (4301, "hashtags", ["ЖКХ", "Биробиджан"]),
    (4301, "links", ["https://eao.example.ru/news/1"]),
    (4302, "edited", True),
    (4302, "signature", "Ирина Петрова"),
    (4303, "edited", False),
    (4303, "forwarded_from", {"name": "Правительство ЕАО", "url": "https://t.me/eao_gov/812"}),
    (4304, "service", True),
    (4306, "album_ids", [4306, 4307, 4308]),
    (4310, "via_bot", "@PostBot"),
    (4310, "forwarded_from", {"name": "Житель Смидовича", "url": None}),
])
def test_message_details(number, attribute, value):
    assert getattr(MIXED[number], attribute) == value


def test_reactions_poll_reply_preview():
    assert MIXED[4302].reactions == [
        {"paid": True, "count": 12},
        {"emoji": "👍", "custom_emoji_id": None, "count": 1200},
        {"emoji": None, "custom_emoji_id": "5373223594484587136", "count": 34}]
    poll = MIXED[4305].poll
    assert poll["question"].startswith("Как вы оцениваете")
    assert [(o["text"], o["percent"]) for o in poll["options"]] == [("Плохо", 71), ("Хорошо", 29)]
    assert poll["voters"] == 2100
    assert MIXED[4309].reply_to == {"id": 4301, "url": "https://t.me/eaonews/4301",
                                    "author": "Новости ЕАО",
                                    "text": "В Биробиджане отключат горячую воду"}
    assert MIXED[4309].link_preview["title"] == "График гидравлических испытаний"


@pytest.mark.parametrize("name, reason_part", [
    ("page_group_no_preview.html", "is a group"),
    ("page_channel_no_preview.html", "has no public web preview"),
    ("page_missing_username.html", "no such channel"),
])
def test_landing_pages_are_not_channels(name, reason_part):
    parsed = page(name)
    assert parsed.kind == "landing"
    assert parsed.messages == []
    assert reason_part in parsed.reason


def test_truncated_page_keeps_complete_messages():
    parsed = page("s_eaonews_truncated.html")
    assert not parsed.complete
    assert parsed.ids() == [4301, 4302, 4303, 4304, 4305]
    assert parsed.incomplete == [4306]


@pytest.mark.parametrize("html", ["", "garbage <<<>>>", "<html><body><p>hi</p>", "\x00\x01"])
def test_hostile_input_gives_no_posts(html):
    parsed = parse_page(html)
    assert parsed.messages == [] and parsed.kind == "unknown"


def test_a_date_without_offset_is_read_as_utc():
    html = (FIXTURES / "s_eaonews_mixed.html").read_text(encoding="utf-8")
    html = html.replace('datetime="2026-06-01T01:15:00+00:00"', 'datetime="2026-06-01T01:15:00"')
    assert parse_page(html).messages[0].date == datetime(2026, 6, 1, 1, 15, tzinfo=UTC)


def test_light_parse_reads_what_the_walk_needs():
    html = (FIXTURES / "s_eaonews_mixed.html").read_text(encoding="utf-8")
    full, light = parse_page(html), parse_page(html, full=False)
    assert light.ids() == full.ids() and light.before == full.before
    assert [m.date for m in light.messages] == [m.date for m in full.messages]
    assert light.messages[0].text == "" and light.messages[1].media == []
    cut = parse_page((FIXTURES / "s_eaonews_truncated.html").read_text(encoding="utf-8"),
                     full=False)
    assert (cut.complete, cut.incomplete) == (False, [4306])
