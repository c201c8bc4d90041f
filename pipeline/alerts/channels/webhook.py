"""Webhook: the alert as JSON, signed with HMAC-SHA256 of the body (``X-Radar-Signature``).

Headers: ``X-Radar-Signature: sha256=<hex>``, ``X-Radar-Delivery: <outbox id>`` (the same
on every retry of one alert, so a receiver can drop repeats), ``X-Radar-Event: alert``.
"""

from __future__ import annotations

import hashlib
import hmac
import json

import httpx

from pipeline.alerts.channels import DeliveryError
from pipeline.config.model import AlertChannel, Config
from pipeline.config.secrets import read_secret


def signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class WebhookSender:
    def __init__(self, channel: AlertChannel, config: Config):
        self.channel = channel
        self.timeout = config.alerts.timeout.total_seconds()

    def send(self, delivery_id: int, payload: dict) -> None:
        if not self.channel.url:
            raise DeliveryError("webhook channel has no url")
        secret = read_secret(self.channel.secret_env)
        if self.channel.secret_env and not secret:
            raise DeliveryError(f"secret ${self.channel.secret_env} is not set")
        body = json.dumps({"delivery_id": delivery_id, **payload},
                          ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json", "X-Radar-Event": "alert",
                   "X-Radar-Delivery": str(delivery_id)}
        if secret:
            headers["X-Radar-Signature"] = signature(secret, body)
        try:
            response = httpx.post(self.channel.url, content=body, headers=headers,
                                  timeout=self.timeout)
        except httpx.HTTPError as exc:
            raise DeliveryError(f"webhook {exc.__class__.__name__}: {exc}") from exc
        if response.status_code >= 300:
            raise DeliveryError(f"webhook answered HTTP {response.status_code}",
                                retry_after=_retry_after(response))


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After")
    return float(value) if value and value.isdigit() else None
