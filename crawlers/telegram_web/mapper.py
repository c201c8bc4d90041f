"""Parsed t.me messages -> post records (pure; versioned by the collector)."""

from __future__ import annotations

import logging
from datetime import datetime
from urllib.parse import urlparse

from pydantic import ValidationError

from crawlers.telegram_web.parse import Message, parse_page
from pipeline.config.model import Source
from pipeline.records import Author, Metrics, PostRecord, PostRef

PLATFORM = "telegram"
log = logging.getLogger(__name__)


def map_page(html: str, source: Source, fetched_at: datetime | None = None) -> list[PostRecord]:
    """Every usable post of a page; service messages ("pinned", "live stream") are skipped.

    A message that does not make a valid record is logged by source and post id and
    left out; the raw page stays stored, so ``radar remap`` recovers it after a fix.
    """
    records = []
    for message in parse_page(html).messages:
        if message.service or not (message.date or fetched_at):
            continue
        try:
            records.append(to_record(message, source, fetched_at))
        except ValidationError as exc:
            log.warning("source %s, post %s (%s): not a valid post record: %s", source.id,
                        message.id, message.url, exc.errors()[0].get("msg"))
    return records


def to_record(message: Message, source: Source, fetched_at: datetime | None) -> PostRecord:
    return PostRecord(
        platform=PLATFORM, source=source.id, id=str(message.id), url=message.url,
        published_at=message.date or fetched_at,
        author=Author(id=message.channel, name=message.author_name),
        text=message.text, metrics=_metrics(message), repost_of=_repost(message),
        extra=_extra(message))


def _metrics(message: Message) -> Metrics:
    free = [r["count"] for r in message.reactions if not r.get("paid") and r["count"]]
    return Metrics(views=message.views, likes=sum(free) if free else None)


def _repost(message: Message) -> PostRef | None:
    """A forward whose origin is a public post: channel/number, as t.me names it."""
    url = (message.forwarded_from or {}).get("url")
    if not url:
        return None
    path = urlparse(url).path.strip("/")
    channel, _, number = path.partition("/")
    return PostRef(platform=PLATFORM, id=path) if channel and number.isdigit() else None


def _extra(message: Message) -> dict:
    extra = {
        "media": message.media, "album_ids": message.album_ids, "poll": message.poll,
        "link_preview": message.link_preview, "links": message.links,
        "hashtags": message.hashtags, "reactions": message.reactions,
        "forwarded_from": message.forwarded_from, "reply_to": message.reply_to,
        "via_bot": message.via_bot, "signature": message.signature,
        "edited": message.edited or None, "date_missing": message.date is None or None,
    }
    return {key: value for key, value in extra.items() if value}
