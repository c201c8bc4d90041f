"""The fake Telegram, credentials in the environment, a config with telegram_api sources."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from telethon import types
from telethon.crypto import AuthKey
from telethon.sessions import StringSession

from crawlers.telegram_api.collector import TelegramApiCollector
from pipeline.collect import Collectors
from pipeline.config.model import Config
from pipeline.store.sources import sync_sources

from .fake_telegram import FakeTelegram, client_class, message, reactions

CHANNEL, CHANNEL_ID = "eaonews", 1234567


def session_string() -> str:
    session = StringSession()
    session.set_dc(2, "149.154.167.51", 443)
    session.auth_key = AuthKey(b"\x01" * 256)
    return session.save()


@pytest.fixture(autouse=True)
def credentials(monkeypatch, tmp_path):
    monkeypatch.setenv("TG_API_ID", "12345")
    monkeypatch.setenv("TG_API_HASH", "0123456789abcdef")
    monkeypatch.setenv("TG_SESSION", session_string())
    monkeypatch.setenv("RADAR_RUN_DIR", str(tmp_path / "run"))


def make_config() -> Config:
    sources = [{"id": "tga-eaonews", "platform": "telegram", "kind": "channel",
                "collector": "telegram_api", "handle": CHANNEL},
               {"id": "tga-eaonews-comments", "platform": "telegram", "kind": "comments",
                "collector": "telegram_api", "handle": CHANNEL},
               {"id": "tga-nobody", "platform": "telegram", "kind": "channel",
                "collector": "telegram_api", "handle": "nobody_here"}]
    return Config.model_validate({
        "region": {"name": "ЕАО", "timezone": "Asia/Vladivostok"}, "sources": sources,
        "sectors": [{"key": "housing", "title": "ЖКХ", "block": "ЖКХ"}],
        "risk_levels": [{"key": "none", "title": "Нет", "min_score": 0}]})


def post(number: int, date: datetime, comments: int = 0, **fields) -> types.Message:
    replies = types.MessageReplies(replies=comments, replies_pts=1, comments=True,
                                   max_id=number * 100 + comments if comments else None)
    return message(number, CHANNEL_ID, date, f"Пост {number}: отключение воды #ЖКХ",
                   views=1500 + number, forwards=number % 5, replies=replies,
                   reactions=reactions(("👍", 10), ("😡", number % 3)), post=True, **fields)


def comment(post_number: int, index: int, date: datetime, user_id: int) -> types.Message:
    return message(post_number * 100 + index, CHANNEL_ID + 1_000_000, date,
                   f"Комментарий {index} к посту {post_number}",
                   from_id=types.PeerUser(user_id),
                   reply_to=types.MessageReplyHeader(reply_to_msg_id=post_number * 100,
                                                     reply_to_top_id=post_number * 100))


@pytest.fixture
def server() -> FakeTelegram:
    server = FakeTelegram()
    server.channel(CHANNEL, CHANNEL_ID, "Новости ЕАО")
    server.users[501] = types.User(id=501, first_name="Анна", last_name="Иванова")
    server.users[502] = types.User(id=502, first_name="Пётр")
    return server


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def add_posts(server: FakeTelegram, first: int, last: int, end: datetime | None = None,
              step: timedelta = timedelta(minutes=10)) -> None:
    end = end or now()
    server.channels[CHANNEL].posts += [post(i, end - (last - i) * step)
                                       for i in range(first, last + 1)]


@pytest.fixture
def config(store):
    config = make_config()
    with store.transaction() as conn:
        sync_sources(conn, config)
    return config


@pytest.fixture
def collectors(server, config):
    collector = TelegramApiCollector(config, client_factory=client_class(server),
                                     request_pause=0)
    made = Collectors(config, made={"telegram_api": collector})
    yield made
    made.close()
