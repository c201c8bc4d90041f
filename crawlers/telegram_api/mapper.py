"""Stored telethon messages (JSON) -> post records. Pure; versioned by the collector."""

from __future__ import annotations

import json
import logging
import re
from datetime import datetime

from pipeline.config.model import Source
from pipeline.records import Author, Metrics, PostRecord, PostRef

PLATFORM = "telegram"
log = logging.getLogger(__name__)
_HASHTAG = re.compile(r"(?<![\w#])#(\w+)")


def map_payload(text: str, source: Source) -> list[PostRecord]:
    """Records of one stored chunk; a message that cannot be mapped is logged and left out
    (the chunk stays stored for ``radar remap``). Broken JSON raises: the item is unusable."""
    data = json.loads(text)
    records = []
    for message in data.get("messages") or []:
        if message.get("_") != "Message":  # MessageService (pins, joins), MessageEmpty
            continue
        try:
            records.append(to_record(message, data, source))
        except (KeyError, TypeError, ValueError) as exc:  # ValidationError is a ValueError
            log.warning("source %s, message %s: cannot map: %s: %s", source.id,
                        message.get("id"), type(exc).__name__, exc)
    return records


def to_record(message: dict, data: dict, source: Source) -> PostRecord:
    channel, post_id = data["channel"], data.get("post_id")
    number = message["id"]
    if post_id is None:
        url, author = f"https://t.me/{channel}/{number}", _channel_author(message, data)
    else:
        url = f"https://t.me/{channel}/{post_id}?comment={number}"
        author = _sender(message, data)
    return PostRecord(
        platform=PLATFORM, source=source.id, id=str(number), url=url,
        published_at=datetime.fromisoformat(message["date"]), author=author,
        text=message.get("message") or "", metrics=_metrics(message),
        parent_id=str(post_id) if post_id is not None else None,
        repost_of=_repost(message.get("fwd_from")), edited_at=_edited(message),
        extra=_extra(message))


def _channel_author(message: dict, data: dict) -> Author:
    return Author(id=data["channel"], name=message.get("post_author"))


def _sender(message: dict, data: dict) -> Author:
    peer = message.get("from_id") or {}
    sender_id = peer.get("user_id") or peer.get("channel_id")
    if sender_id is None:
        return Author()
    return Author(id=str(sender_id), name=(data.get("authors") or {}).get(str(sender_id)))


def _metrics(message: dict) -> Metrics:
    reactions = [r.get("count") or 0 for r in _reactions(message) if not r.get("paid")]
    return Metrics(views=message.get("views"), reposts=message.get("forwards"),
                   likes=sum(reactions) if reactions else None,
                   comments=(message.get("replies") or {}).get("replies"))


def _reactions(message: dict) -> list[dict]:
    found = []
    for item in (message.get("reactions") or {}).get("results") or []:
        reaction = item.get("reaction") or {}
        kind = reaction.get("_")
        entry = {"emoji": reaction.get("emoticon"), "custom_emoji_id": reaction.get("document_id"),
                 "paid": kind == "ReactionPaid" or None, "count": item.get("count")}
        found.append({k: v for k, v in entry.items() if v is not None})
    return found


def _repost(header: dict | None) -> PostRef | None:
    if not header:
        return None
    peer = header.get("from_id") or {}
    if peer.get("channel_id") and header.get("channel_post"):
        return PostRef(platform=PLATFORM, id=f"c{peer['channel_id']}/{header['channel_post']}")
    return None


def _edited(message: dict) -> datetime | None:
    if message.get("edit_hide") or not message.get("edit_date"):
        return None
    return datetime.fromisoformat(message["edit_date"])


_MEDIA = {"MessageMediaPhoto": "photo", "MessageMediaPoll": "poll",
          "MessageMediaWebPage": "link_preview", "MessageMediaGeo": "location",
          "MessageMediaVenue": "location", "MessageMediaContact": "contact"}
_ATTRIBUTES = {"DocumentAttributeSticker": "sticker", "DocumentAttributeAnimated": "gif"}


def media_kind(media: dict | None) -> str | None:
    if not media:
        return None
    kind = media.get("_")
    if kind != "MessageMediaDocument":
        return _MEDIA.get(kind, kind)
    for attribute in (media.get("document") or {}).get("attributes") or []:
        name = attribute.get("_")
        if name == "DocumentAttributeVideo":
            return "round_video" if attribute.get("round_message") else "video"
        if name == "DocumentAttributeAudio":
            return "voice" if attribute.get("voice") else "audio"
        if name in _ATTRIBUTES:
            return _ATTRIBUTES[name]
    return "document"


def _extra(message: dict) -> dict:
    reply = message.get("reply_to") or {}
    forward = message.get("fwd_from") or {}
    extra = {
        "media": [media_kind(message.get("media"))] if message.get("media") else None,
        "grouped_id": message.get("grouped_id"),
        "hashtags": list(dict.fromkeys(_HASHTAG.findall(message.get("message") or ""))),
        "reactions": _reactions(message),
        "reply_to": reply.get("reply_to_msg_id"),
        "forwarded_from": {"name": forward.get("from_name"), "peer": forward.get("from_id"),
                           "post": forward.get("channel_post")} if forward else None,
        "signature": message.get("post_author"),
    }
    return {key: value for key, value in extra.items() if value}
