"""One t.me message widget (``div.tgme_widget_message``) -> ``Message``. Pure.

The widget is walked once to index its elements by class; every field is then read
from that index with plain lxml calls (no CSS or XPath per field: pages hold 20 messages
and a crawl re-parses every page).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlparse

from crawlers.telegram_web.text import hashtags, links, node_text

_SUFFIX = {"K": 1_000, "M": 1_000_000, "B": 1_000_000_000}
_COUNT = re.compile(r"^(\d+(?:[.,]\d+)?)\s*([KMB]?)$", re.I)


def parse_count(value: str | None) -> int | None:
    """'15.3K' -> 15300, '1.2M' -> 1200000, '826' -> 826; None when unreadable."""
    if not value:
        return None
    match = _COUNT.match(value.strip().replace("\xa0", "").replace(" ", ""))
    if not match:
        return None
    number, suffix = match.groups()
    return round(float(number.replace(",", ".")) * _SUFFIX.get(suffix.upper(), 1))


@dataclass
class Message:
    channel: str
    id: int
    date: datetime | None = None
    text: str = ""
    author_name: str | None = None
    signature: str | None = None
    views: int | None = None
    reactions: list[dict] = field(default_factory=list)
    forwarded_from: dict | None = None
    reply_to: dict | None = None
    via_bot: str | None = None
    media: list[str] = field(default_factory=list)
    album_ids: list[int] = field(default_factory=list)
    poll: dict | None = None
    link_preview: dict | None = None
    links: list[str] = field(default_factory=list)
    hashtags: list[str] = field(default_factory=list)
    edited: bool = False
    service: bool = False
    complete: bool = True  # False when a truncated page cut the message off

    @property
    def url(self) -> str:
        return f"https://t.me/{self.channel}/{self.id}"


class _Index:
    """Elements of a widget by class token, in document order."""

    def __init__(self, root) -> None:
        self.by_class: dict[str, list] = {}
        for element in root.iter():
            if isinstance(element.tag, str):
                for token in (element.get("class") or "").split():
                    self.by_class.setdefault(token, []).append(element)

    def all(self, token: str) -> list:
        return self.by_class.get(token, [])

    def first(self, token: str):
        found = self.by_class.get(token)
        return found[0] if found else None

    def text(self, token: str) -> str | None:
        return text_of(self.first(token))


def text_of(element) -> str | None:
    if element is None:
        return None
    return " ".join(element.text_content().split()) or None


def _inside(element, token: str):
    for child in element.iter():
        if isinstance(child.tag, str) and token in (child.get("class") or "").split():
            return child
    return None


def _own_text(element) -> list[str]:
    return [t for t in [element.text, *(c.tail for c in element)] if t and t.strip()]


def parse_message(root, full: bool = True) -> Message | None:
    """An lxml ``div.tgme_widget_message`` -> Message; None when it names no post.

    ``full=False`` reads only what the crawl walk needs: id, date, completeness."""
    index = _Index(root)
    channel, _, number = (root.get("data-post") or _date_path(index)).rpartition("/")
    if not channel or not number.isdigit():
        return None
    message = Message(channel=channel, id=int(number),
                      service="service_message" in (root.get("class") or "").split(),
                      complete=index.first("tgme_widget_message_info") is not None)
    message.date = _date(index)
    if not full:
        return message
    message.author_name = index.text("tgme_widget_message_owner_name")
    message.signature = index.text("tgme_widget_message_from_author")
    message.via_bot = index.text("tgme_widget_message_via_bot")
    message.views = parse_count(index.text("tgme_widget_message_views"))
    meta = index.first("tgme_widget_message_meta")
    message.edited = meta is not None and "edited" in " ".join(_own_text(meta))
    message.reactions = [_reaction(r) for r in index.all("tgme_reaction")]
    message.forwarded_from = _forwarded(index)
    message.reply_to = _reply(index)
    _fill_text(message, index)
    _fill_media(message, index)
    return message


def _date_path(index: _Index) -> str:
    """'channel/123' from the date link: some widgets come without data-post."""
    link = index.first("tgme_widget_message_date")
    return urlparse(link.get("href") or "").path.strip("/") if link is not None else ""


def _date(index: _Index) -> datetime | None:
    link = index.first("tgme_widget_message_date")
    stamp = link.find(".//time") if link is not None else None
    try:
        when = datetime.fromisoformat(stamp.get("datetime")) if stamp is not None else None
    except (TypeError, ValueError):  # t.me sends datetime="" for a post just published
        return None
    return when.replace(tzinfo=UTC) if when and when.tzinfo is None else when


def _reaction(element) -> dict:
    texts = _own_text(element)
    count = parse_count(texts[-1]) if texts else None
    if "tgme_reaction_paid" in (element.get("class") or "").split():
        return {"paid": True, "count": count}
    bold = element.find(".//b")
    custom = element.find(".//tg-emoji")
    return {"emoji": text_of(bold), "custom_emoji_id": custom.get("emoji-id") if custom is not None
            else None, "count": count}


def _forwarded(index: _Index) -> dict | None:
    block = index.first("tgme_widget_message_forwarded_from")
    if block is None:
        return None
    name = index.first("tgme_widget_message_forwarded_from_name")
    return {"name": text_of(name) or text_of(block),
            "url": name.get("href") if name is not None else None}


def _reply(index: _Index) -> dict | None:
    block = index.first("tgme_widget_message_reply")
    if block is None:
        return None
    href = block.get("href") or ""
    tail = urlparse(href).path.rstrip("/").rsplit("/", 1)[-1]
    author = _inside(block, "tgme_widget_message_author_name")
    quote = _inside(block, "tgme_widget_message_metatext")
    return {"id": int(tail) if tail.isdigit() else None, "url": href or None,
            "author": text_of(author), "text": text_of(quote)}


def _fill_text(message: Message, index: _Index) -> None:
    body = index.first("tgme_widget_message_text")  # the outer one when albums nest two
    if body is None:
        return
    message.text = node_text(body)
    message.links = links(body)
    message.hashtags = hashtags(message.text)


# (class, media kind) in the order a message shows them
_MEDIA = (
    ("tgme_widget_message_photo_wrap", "photo"),
    ("tgme_widget_message_video_player", "video"),
    ("tgme_widget_message_roundvideo_player", "round_video"),
    ("tgme_widget_message_voice_player", "voice"),
    ("tgme_widget_message_document_wrap", "document"),
    ("tgme_widget_message_sticker_wrap", "sticker"),
    ("tgme_widget_message_location_wrap", "location"),
    ("tgme_widget_message_poll", "poll"),
    ("tgme_widget_message_link_preview", "link_preview"),
)


def _fill_media(message: Message, index: _Index) -> None:
    grouped = index.first("tgme_widget_message_grouped_wrap")
    if grouped is not None:
        message.media.append("album")
        message.album_ids = _album_ids(grouped)
    for name, kind in _MEDIA:
        count = len(index.all(name))
        if kind == "document":
            audio = sum("audio" in (e.get("class") or "").split()
                        for e in index.all("tgme_widget_message_document_icon"))
            message.media += ["audio"] * audio
            count -= audio
        message.media += [kind] * count
    if "poll" in message.media:
        message.poll = _poll(index)
    if "link_preview" in message.media:
        message.link_preview = _preview(index.first("tgme_widget_message_link_preview"))


def _album_ids(grouped) -> list[int]:
    ids = []
    for anchor in grouped.iter("a"):
        tail = urlparse(anchor.get("href") or "").path.rsplit("/", 1)[-1]
        if tail.isdigit():
            ids.append(int(tail))
    return ids


def _poll(index: _Index) -> dict:
    options = []
    for option in index.all("tgme_widget_message_poll_option"):
        percent = text_of(_inside(option, "tgme_widget_message_poll_option_percent")) or ""
        options.append({"text": text_of(_inside(option, "tgme_widget_message_poll_option_text")),
                        "percent": parse_count(percent.rstrip("%"))})
    return {"question": index.text("tgme_widget_message_poll_question"),
            "type": index.text("tgme_widget_message_poll_type"), "options": options,
            "voters": parse_count(index.text("tgme_widget_message_voters"))}


def _preview(block) -> dict:
    return {"url": block.get("href"),
            "site": text_of(_inside(block, "link_preview_site_name")),
            "title": text_of(_inside(block, "link_preview_title"))}
