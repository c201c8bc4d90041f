from fakes.botapi import FakeBotAPI
from pipeline.alerts.admin import duty_channels, send_admin_alert
from pipeline.config.model import AlertChannel
from pipeline.service.health import check_sources
from pipeline.store.sources import mark_failure, sync_sources

TOKEN = "123:admin-test"


def with_channels(config, bot_url: str):
    channels = [AlertChannel(type="telegram", chat_id="-100", token_env="RADAR_T_ADMIN_BOT"),
                AlertChannel(type="telegram", chat_id="-200", token_env="RADAR_T_ADMIN_BOT",
                             sectors=["housing"])]
    return config.model_copy(update={
        "alerts": config.alerts.model_copy(update={"channels": channels}),
        "telegram": config.telegram.model_copy(update={"bot_api_url": bot_url})})


def test_only_unnarrowed_channels_are_duty_channels(shipped_config):
    config = with_channels(shipped_config, "http://127.0.0.1:9")
    assert [c.chat_id for c in duty_channels(config)] == ["-100"]


def test_failing_source_alerts_the_duty_chat_once(store, shipped_config, monkeypatch):
    monkeypatch.setenv("RADAR_T_ADMIN_BOT", TOKEN)
    with FakeBotAPI(TOKEN) as bot:
        config = with_channels(shipped_config, bot.url)
        with store.transaction() as conn:
            sync_sources(conn, config)
            for _ in range(3):
                mark_failure(conn, "tg-eaoru", "HTTP 502 от t.me")
        check_sources(store, config)
        check_sources(store, config)
    texts = [m["text"] for m in bot.messages]
    assert len(texts) == 1 and "tg-eaoru: 3 ошибок подряд (HTTP 502 от t.me)" in texts[0]
    assert bot.messages[0]["chat"]["id"] == -100


def test_unreachable_channel_is_logged_not_raised(store, shipped_config, monkeypatch):
    monkeypatch.setenv("RADAR_T_ADMIN_BOT", TOKEN)
    config = with_channels(shipped_config, "http://127.0.0.1:9")
    assert send_admin_alert(store, config, "проверка") == 0
