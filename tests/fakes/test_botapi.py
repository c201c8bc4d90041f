"""The fake Bot API answers in the shapes of the real captures (../shared/fixtures/botapi)."""

import json

import httpx
import pytest

from fakes.botapi import FakeBotAPI

TOKEN = "123456:ABC"


def shape(value):
    """Keys and value types, recursively: what a client relies on."""
    if isinstance(value, dict):
        return {k: shape(v) for k, v in value.items()}
    return type(value).__name__


@pytest.fixture
def bot():
    with FakeBotAPI(TOKEN) as server:
        yield server


def call(bot, method, token=TOKEN, **params):
    return httpx.post(f"{bot.url}/bot{token}/{method}", json=params, timeout=5)


def test_send_message_and_get_me(bot):
    answer = call(bot, "sendMessage", chat_id="-100123", text="Привет").json()
    assert answer["ok"] is True and answer["result"]["text"] == "Привет"
    assert answer["result"]["chat"]["id"] == -100123
    assert call(bot, "getMe").json()["result"]["is_bot"] is True
    assert [m["text"] for m in bot.messages] == ["Привет"]


def test_form_encoded_parameters_work_too(bot):
    answer = httpx.post(f"{bot.url}/bot{TOKEN}/sendMessage",
                        data={"chat_id": "5", "text": "x"}, timeout=5).json()
    assert answer["ok"] and answer["result"]["chat"]["id"] == 5


@pytest.mark.parametrize(("params", "description"), [
    ({"chat_id": "1", "text": " "}, "Bad Request: message text is empty"),
    ({"text": "x"}, "Bad Request: chat_id is empty"),
])
def test_bad_requests(bot, params, description):
    response = call(bot, "sendMessage", **params)
    assert response.status_code == 400
    assert response.json() == {"ok": False, "error_code": 400, "description": description}


def test_flood_control(bot):
    bot.flood(1, retry_after=7)
    first = call(bot, "sendMessage", chat_id="1", text="a")
    assert first.status_code == 429
    assert first.json()["parameters"] == {"retry_after": 7}
    assert call(bot, "sendMessage", chat_id="1", text="a").json()["ok"] is True


def test_shapes_match_the_real_captures(bot, shared_fixtures):
    real = shared_fixtures / "botapi"

    def load(name):
        return json.loads((real / name).read_text())

    assert call(bot, "getMe", token="wrong").json() == \
        load("error_401_unauthorized_2023-07.json")
    bot.flood(1, retry_after=2282)
    assert call(bot, "sendMessage", chat_id="1", text="a").json() == load(
        "error_429_retry_after_2282_2021-09_from_issue_tdlib-telegram-bot-api-184.json")
    assert shape(call(bot, "getMe").json()) == shape(load("getMe_ok_test-env_2023-08.json"))
    sent = call(bot, "sendMessage", chat_id="666", text="aloha").json()
    captured = load("sendMessage_ok_private_chat_2015-10_ids_sanitized.json")
    assert set(sent["result"]) == set(captured["result"])
    assert set(captured["result"]["from"]) <= set(sent["result"]["from"])
