
import pytest

from fakes.botapi import FakeBotAPI
from fakes.smtp import SmtpSink
from fakes.webhook import WebhookReceiver
from pipeline.config.model import AlertChannel, Alerts

SECRET = "s3cret-for-tests"
BOT_TOKEN = "123456:TEST-token"


@pytest.fixture
def receiver():
    with WebhookReceiver(SECRET) as server:
        yield server


@pytest.fixture
def bot():
    with FakeBotAPI(BOT_TOKEN) as server:
        yield server


@pytest.fixture
def smtp():
    with SmtpSink(user="duty", password="pw") as sink:
        yield sink


@pytest.fixture
def secrets(monkeypatch):
    monkeypatch.setenv("RADAR_WEBHOOK_SECRET", SECRET)
    monkeypatch.setenv("TG_BOT_TOKEN", BOT_TOKEN)
    monkeypatch.setenv("SMTP_USER", "duty")
    monkeypatch.setenv("SMTP_PASSWORD", "pw")


def with_channels(config, *channels: AlertChannel, **alerts):
    """The shipped config with these alert channels (and the fake Bot API, if given)."""
    update = {"alerts": Alerts(channels=list(channels), base_url="https://radar.example",
                               **alerts)}
    if "bot_api_url" in alerts:
        raise TypeError("pass bot_api_url through telegram")
    return config.model_copy(update=update)


@pytest.fixture
def configure(shipped_config, secrets):
    def make(*channels, bot_api_url=None, **alerts):
        config = with_channels(shipped_config, *channels, **alerts)
        if bot_api_url:
            telegram = config.telegram.model_copy(update={"bot_api_url": bot_api_url})
            config = config.model_copy(update={"telegram": telegram})
        return config
    return make
