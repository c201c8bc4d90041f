"""Each channel against its fake: signed webhook, Bot API (with 429), SMTP sink."""

import json
from datetime import timedelta

from incident_seed import MONDAY, add_post
from sqlalchemy import select

from fakes.webhook import sign
from pipeline.alerts.channels.telegram import _retry_after
from pipeline.alerts.stage import run as alerts_stage
from pipeline.config.model import AlertChannel
from pipeline.incidents.stage import run as incidents_stage
from pipeline.store.schema import alert_deliveries

TEXT = "Прорвало трубу отопления в подъезде на Ленина 5, кипяток заливает лестницу"
OTHERS = ["На Пионерской упало дерево на провода, искрит",
          "В школе номер 3 нет отопления, дети сидят в куртках",
          "Мост через Биру просел, машины едут по встречной"]


def make_alert(store, config, n=1, text=TEXT):
    with store.transaction() as conn:
        for i in range(n):
            add_post(conn, OTHERS[i] if n > 1 else text, risk=65,
                     municipality=["birobidzhan", "obluchye_district", "smidovich_district",
                                   "leninskoe_district", "oktyabrsky_district"][i % 5],
                     address="ул. Ленина, 5", url=f"https://vk.com/wall-1_{i}")
    incidents_stage(store, config, now=MONDAY)


def outbox(store, channel_type=None):
    with store.transaction() as conn:
        rows = conn.execute(select(alert_deliveries).where(alert_deliveries.c.channel != "atom")
                            .order_by(alert_deliveries.c.id)).mappings().all()
    return [dict(r) for r in rows]


def webhook(receiver, **extra):
    return AlertChannel(type="webhook", url=receiver.url + "/hook",
                        secret_env="RADAR_WEBHOOK_SECRET", **extra)


def test_webhook_is_signed_and_carries_the_alert(store, configure, receiver):
    config = configure(webhook(receiver))
    make_alert(store, config)
    result = alerts_stage(store, config, now=MONDAY)
    assert result.detail == "(1 sent, 0 failed, 0 dead)"
    [request] = receiver.received
    body = request["body"]
    raw = json.dumps(body, ensure_ascii=False).encode()
    assert request["headers"]["x-radar-signature"] == sign("s3cret-for-tests", raw)
    assert request["headers"]["x-radar-delivery"] == str(body["delivery_id"])
    assert (body["level"], body["sector"], body["posts"]) == ("high", "housing", 1)
    assert body["url"] == f"https://radar.example/incidents/{body['incident_id']}"
    assert body["source_url"] == "https://vk.com/wall-1_0"
    assert "Срок реакции: 23.11.2026 14:00 (Asia/Vladivostok)" in body["text"]
    assert "Место: город Биробиджан, ул. Ленина, 5" in body["text"]
    assert outbox(store)[0]["status"] == "sent"
    assert alerts_stage(store, config, now=MONDAY).processed == 0  # never twice
    assert len(receiver.received) == 1


def test_a_wrong_secret_is_refused_by_the_receiver(store, configure, receiver, monkeypatch):
    config = configure(webhook(receiver))
    make_alert(store, config)
    monkeypatch.setenv("RADAR_WEBHOOK_SECRET", "not-the-secret")
    alerts_stage(store, config, now=MONDAY)
    assert receiver.rejected == 1 and not receiver.accepted
    assert "HTTP 401" in outbox(store)[0]["last_error"]


def test_webhook_retries_with_backoff_then_dead_letter(store, configure, receiver):
    config = configure(webhook(receiver, max_attempts=3), backoff="60s")
    make_alert(store, config)
    receiver.fail_next(1)
    alerts_stage(store, config, now=MONDAY)
    row = outbox(store)[0]
    assert (row["status"], row["attempts"]) == ("pending", 1)
    assert row["next_attempt_at"] == MONDAY + timedelta(seconds=60)
    assert alerts_stage(store, config, now=MONDAY + timedelta(seconds=30)).processed == 0
    alerts_stage(store, config, now=MONDAY + timedelta(seconds=61))
    assert outbox(store)[0]["status"] == "sent"

    make_alert(store, config, text="На Пионерской упало дерево на провода, искрит")
    receiver.fail_next(10)  # a second incident; the receiver now keeps failing
    moment = MONDAY
    for expected_delay in (60, 120):
        alerts_stage(store, config, now=moment)
        row = outbox(store)[1]
        assert row["next_attempt_at"] == moment + timedelta(seconds=expected_delay)
        moment = row["next_attempt_at"]
    alerts_stage(store, config, now=moment)
    row = outbox(store)[1]
    assert (row["status"], row["attempts"]) == ("dead", 3)
    assert "HTTP 503" in row["last_error"]


def test_telegram_message_reaches_the_chat(store, configure, bot):
    channel = AlertChannel(type="telegram", chat_id="-1001234567890", token_env="TG_BOT_TOKEN",
                           sectors=["housing"])
    config = configure(channel, bot_api_url=bot.url)
    make_alert(store, config)
    assert alerts_stage(store, config, now=MONDAY).detail == "(1 sent, 0 failed, 0 dead)"
    [message] = bot.messages
    assert message["chat"]["id"] == -1001234567890
    assert message["text"].startswith("Уровень риска: Высокий (65 из 100)")
    assert "Инцидент: https://radar.example/incidents/" in message["text"]
    assert "Источник: https://vk.com/wall-1_0" in message["text"]


def test_telegram_honours_retry_after(store, configure, bot):
    channel = AlertChannel(type="telegram", chat_id="-100", token_env="TG_BOT_TOKEN")
    config = configure(channel, bot_api_url=bot.url)
    make_alert(store, config, n=3)
    bot.flood(1, retry_after=40)
    result = alerts_stage(store, config, now=MONDAY)
    # the 429 stops the run for this chat: the other two alerts are not even tried
    assert (result.detail, len(bot.calls)) == ("(0 sent, 1 failed, 0 dead)", 1)
    rows = outbox(store)
    assert len(rows) == 3
    # the whole chat waits as told, not only the alert that got the 429
    assert {r["next_attempt_at"] for r in rows} == {MONDAY + timedelta(seconds=40)}
    assert "retry after 40" in rows[0]["last_error"]
    alerts_stage(store, config, now=MONDAY + timedelta(seconds=39))
    assert (len(bot.calls), bot.messages) == (1, [])
    alerts_stage(store, config, now=MONDAY + timedelta(seconds=40))
    assert len(bot.messages) == 3
    assert all(r["status"] == "sent" for r in outbox(store))


def test_retry_after_from_real_captures(shared_fixtures):
    captures = shared_fixtures / "botapi"
    new = json.loads((captures / "error_429_retry_after_2282_2021-09_from_issue_"
                                 "tdlib-telegram-bot-api-184.json").read_text())
    old = json.loads((captures / "error_429_no_parameters_2016-07_from_issue_"
                                 "hdghg-cjbot-13.json").read_text())
    unauthorized = json.loads((captures / "error_401_unauthorized_2023-07.json").read_text())
    assert (_retry_after(new), _retry_after(old), _retry_after(unauthorized)) == \
        (2282.0, 3.0, None)


def test_telegram_bad_token_is_a_failure_with_the_reason(store, configure, bot, monkeypatch):
    channel = AlertChannel(type="telegram", chat_id="-100", token_env="TG_BOT_TOKEN")
    config = configure(channel, bot_api_url=bot.url)
    make_alert(store, config)
    monkeypatch.setenv("TG_BOT_TOKEN", "123:wrong")
    alerts_stage(store, config, now=MONDAY)
    assert outbox(store)[0]["last_error"] == "Bot API 401: Unauthorized"
    assert "wrong" not in outbox(store)[0]["last_error"]


def test_email_through_smtp(store, configure, smtp):
    channel = AlertChannel(type="email", to=["duty@example.org", "lead@example.org"],
                           smtp_host="127.0.0.1", smtp_port=smtp.port, user_env="SMTP_USER",
                           password_env="SMTP_PASSWORD", sender="radar@cur.example")
    config = configure(channel)
    make_alert(store, config)
    assert alerts_stage(store, config, now=MONDAY).detail == "(1 sent, 0 failed, 0 dead)"
    [message] = smtp.messages
    row = outbox(store)[0]
    assert message["Subject"] == ("[Радар] Высокий риск: Строительство и ЖКХ — "
                                  "город Биробиджан, ул. Ленина, 5")
    assert message["Message-ID"] == f"<radar-alert-{row['id']}@radar>"
    assert smtp.envelopes == [("radar@cur.example", ["duty@example.org", "lead@example.org"])]
    assert smtp.logins == ["duty"]
    assert "Сообщений: 1" in message.get_content()


def test_email_server_down_is_retried(store, configure):
    channel = AlertChannel(type="email", to=["duty@example.org"], smtp_host="127.0.0.1",
                           smtp_port=1)
    config = configure(channel)
    make_alert(store, config)
    alerts_stage(store, config, now=MONDAY)
    row = outbox(store)[0]
    assert row["status"] == "pending" and row["attempts"] == 1
    assert "SMTP 127.0.0.1:1" in row["last_error"]
