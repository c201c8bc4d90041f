"""The fake t.me speaks the markup our parser reads, pages like t.me and fails on demand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from crawlers.telegram_web.parse import parse_page
from fakes.tme import TmeFake, posts_from_records

START = datetime(2026, 6, 1, tzinfo=UTC)


def posts(n: int, channel: str = "eaonews") -> list[dict]:
    return [{"channel": channel, "id": i, "date": (START + timedelta(minutes=i)).isoformat(),
             "text": f"Пост {i}\nвторая строка #ЖКХ https://eao.example.ru/{i}",
             "views": 15300 + i} for i in range(1, n + 1)]


@pytest.fixture
def fake():
    with TmeFake(posts(45), titles={"eaonews": "Новости ЕАО"}, no_preview={"closed"}) as fake:
        yield fake


def get(fake: TmeFake, path: str) -> httpx.Response:
    return httpx.get(fake.url + path, follow_redirects=True, timeout=5)


def test_pages_back_with_before(fake):
    first = parse_page(get(fake, "/s/eaonews").text)
    assert first.ids() == list(range(26, 46)) and first.before == 26
    second = parse_page(get(fake, f"/s/eaonews?before={first.before}").text)
    assert second.ids() == list(range(6, 26)) and second.before == 6
    last = parse_page(get(fake, "/s/eaonews?before=6").text)
    assert last.ids() == [1, 2, 3, 4, 5] and last.before is None


def test_round_trip_fields(fake):
    fake.add_posts([{"channel": "eaonews", "id": 46, "date": "2026-06-02T00:00:00+00:00",
                     "text": "", "media": ["album", "poll"], "edited": True, "views": 1_200_000,
                     "poll": {"question": "Как дела?", "options": [["Хорошо", 60], ["Плохо", 40]]},
                     "forwarded_from": {"name": "Правительство ЕАО", "url": "https://t.me/g/1"}}])
    messages = {m.id: m for m in parse_page(get(fake, "/s/eaonews").text).messages}
    assert messages[45].text == "Пост 45\nвторая строка #ЖКХ https://eao.example.ru/45"
    assert messages[45].hashtags == ["ЖКХ"] and messages[45].views == 15300  # shown as "15.3K"
    assert messages[45].date == START + timedelta(minutes=45)
    new = messages[46]
    assert new.media == ["album", "photo", "photo", "photo", "poll"] and new.edited
    assert new.views == 1_200_000 and new.poll["question"] == "Как дела?"
    assert new.forwarded_from["url"] == "https://t.me/g/1"


def test_no_preview_and_missing_redirect_to_landing(fake):
    closed = get(fake, "/s/closed")
    assert closed.url.path == "/closed"
    assert parse_page(closed.text).reason.endswith("has no public web preview")
    missing = get(fake, "/s/nobody")
    assert "no such channel" in parse_page(missing.text).reason


def test_faults_on_demand(fake):
    fake.fail_next(429, times=2, retry_after=3)
    first = get(fake, "/s/eaonews")
    assert first.status_code == 429 and first.headers["Retry-After"] == "3"
    assert get(fake, "/s/eaonews").status_code == 429
    assert get(fake, "/s/eaonews").status_code == 200
    fake.truncate_next()
    cut = parse_page(get(fake, "/s/eaonews").text)
    assert not cut.complete and 0 < len(cut.messages) < 20
    assert cut.ids() == list(range(26, 26 + len(cut.messages)))
    assert [s for _, s in fake.requests] == [429, 429, 200, 200]


def test_seed_from_post_records():
    records = [{"platform": "telegram", "source": "tg-eaonews", "id": "4310",
                "published_at": "2026-06-01T10:00:00+10:00", "text": "Свет отключили",
                "author": {"id": "eaonews"}, "metrics": {"views": 2500},
                "extra": {"media": ["photo"]}},
               {"platform": "telegram", "source": "tg-eaonews", "id": "x-1",
                "published_at": "2026-06-01T11:00:00+10:00", "text": "Второй"}]
    with TmeFake(posts_from_records(records, channel="eaonews")) as fake:
        page = parse_page(get(fake, "/s/eaonews").text)
    assert page.ids() == [4310, 4311]
    first = page.messages[0]
    assert (first.text, first.views, first.media) == ("Свет отключили", 2500, ["photo"])
    assert first.date == datetime(2026, 6, 1, tzinfo=UTC)
