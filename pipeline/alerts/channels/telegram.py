"""Telegram bot: sendMessage to the channel's chat (one channel per sector chat).

Flood control (HTTP 429) carries ``parameters.retry_after``; older answers only say
"retry after N" in the description. Either way the outbox waits that long.
"""

from __future__ import annotations

import re

import httpx

from pipeline.alerts.channels import DeliveryError
from pipeline.config.model import AlertChannel, Config
from pipeline.config.secrets import read_secret

MAX_TEXT = 4096  # Bot API limit for one message
RETRY_IN_TEXT = re.compile(r"retry after (\d+)", re.I)


class TelegramSender:
    def __init__(self, channel: AlertChannel, config: Config):
        self.channel = channel
        self.base = config.telegram.bot_api_url.rstrip("/")
        self.timeout = config.alerts.timeout.total_seconds()

    def send(self, delivery_id: int, payload: dict) -> None:
        token = read_secret(self.channel.token_env)
        if not token:
            raise DeliveryError(f"secret ${self.channel.token_env} is not set")
        if not self.channel.chat_id:
            raise DeliveryError("telegram channel has no chat_id")
        body = {"chat_id": self.channel.chat_id, "text": payload["text"][:MAX_TEXT],
                "disable_web_page_preview": True}
        try:
            response = httpx.post(f"{self.base}/bot{token}/sendMessage", json=body,
                                  timeout=self.timeout)
            answer = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            message = str(exc).replace(token, "<token>")  # never store the token
            raise DeliveryError(f"Bot API {exc.__class__.__name__}: {message}") from exc
        if not answer.get("ok"):
            raise DeliveryError(
                f"Bot API {answer.get('error_code', response.status_code)}: "
                f"{answer.get('description', '')}", retry_after=_retry_after(answer))


def _retry_after(answer: dict) -> float | None:
    if answer.get("error_code") != 429:
        return None
    value = (answer.get("parameters") or {}).get("retry_after")
    if value is None:
        found = RETRY_IN_TEXT.search(answer.get("description") or "")
        value = found.group(1) if found else None
    return float(value) if value is not None else None
