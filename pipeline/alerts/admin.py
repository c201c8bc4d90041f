"""Admin alerts (a source failing, paused, unavailable or silent) to the duty channels.

They are not incidents, so they skip the outbox: each is sent once, best effort, to every
channel that is not narrowed to some sectors or municipalities. The durable record is the
``admin_alert`` event on the source, shown on the sources health page.
"""

from __future__ import annotations

import logging
import zlib

from pipeline.alerts.channels import DeliveryError, sender_for
from pipeline.config.model import AlertChannel, Config
from pipeline.store import Store
from pipeline.store.types import utcnow

log = logging.getLogger(__name__)
TITLE = "Радар: проблема с источником"


def duty_channels(config: Config) -> list[AlertChannel]:
    return [c for c in config.alerts.channels if not c.sectors and not c.municipalities]


def admin_payload(text: str) -> dict:
    return {"kind": "admin", "title": TITLE, "text": f"{TITLE}\n{text}"}


def send_admin_alert(store: Store, config: Config, text: str) -> int:
    """Send ``text`` to the duty channels; returns how many accepted it."""
    delivery_id = zlib.crc32(f"{utcnow():%Y-%m-%d %H}|{text}".encode())  # a repeat is visible
    sent = 0
    for channel in duty_channels(config):
        try:
            sender_for(channel, config).send(delivery_id, admin_payload(text))
            sent += 1
        except DeliveryError as exc:
            log.error("admin alert to %s failed: %s", channel.name or channel.type, exc)
    return sent
