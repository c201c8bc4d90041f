"""Alert channels. Each is a class ``(channel, config)`` with ``send(delivery_id, payload)``
that raises ``DeliveryError`` on failure; looked up by the channel's ``type``.

A new channel type is one more line in ``SENDERS`` (plus its keys in AlertChannel).
"""

from __future__ import annotations

import importlib

from pipeline.config.model import AlertChannel, Config

SENDERS = {
    "webhook": "pipeline.alerts.channels.webhook:WebhookSender",
    "telegram": "pipeline.alerts.channels.telegram:TelegramSender",
    "email": "pipeline.alerts.channels.email:EmailSender",
}


class DeliveryError(Exception):
    """A failed delivery. ``retry_after`` (seconds): the receiver said when to come back."""

    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


def sender_for(channel: AlertChannel, config: Config):
    module_name, _, attr = SENDERS[channel.type].partition(":")
    return getattr(importlib.import_module(module_name), attr)(channel, config)
