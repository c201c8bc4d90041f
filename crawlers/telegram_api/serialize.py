"""telethon messages -> JSON that is stored raw and mapped again later (``radar remap``)."""

from __future__ import annotations

import base64
import json
from datetime import datetime
from typing import Any


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, bytes):
        return {"_bytes": base64.b64encode(value).decode("ascii")}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def message_json(message) -> dict:
    """``Message.to_dict()`` with datetimes as ISO text and bytes as base64."""
    return _plain(message.to_dict())


def sender_name(message) -> str | None:
    sender = getattr(message, "sender", None)
    if sender is None:
        return None
    title = getattr(sender, "title", None)
    if title:
        return title
    parts = [getattr(sender, "first_name", None), getattr(sender, "last_name", None)]
    return " ".join(p for p in parts if p) or getattr(sender, "username", None)


def payload(kind: str, channel: str, channel_id: int, messages: list,
            post_id: int | None = None) -> str:
    """The raw item of one chunk: the messages and who wrote them (names are not in them)."""
    authors = {str(m.sender_id): sender_name(m) for m in messages
               if getattr(m, "sender_id", None) is not None and sender_name(m)}
    return json.dumps({"kind": kind, "channel": channel, "channel_id": channel_id,
                       "post_id": post_id, "authors": authors,
                       "messages": [message_json(m) for m in messages]}, ensure_ascii=False)
