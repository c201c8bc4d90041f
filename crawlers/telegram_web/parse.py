"""Pure parsing of t.me/s/<channel> pages: HTML in, plain data out.

No network, no clock: the same page always gives the same result, so stored raw
pages can be re-parsed after a markup change (``radar remap``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import parse_qs, urlparse

from parsel import Selector

from crawlers.telegram_web import landing
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


@dataclass
class Page:
    kind: str  # "channel", "landing" or "unknown"
    channel: str | None = None
    messages: list[Message] = field(default_factory=list)
    before: int | None = None  # the ?before= of the next (older) page, if any
    complete: bool = True  # False when the HTML was cut off
    incomplete: list[int] = field(default_factory=list)  # ids of messages cut off
    reason: str | None = None  # why a non-channel page is not usable

    def ids(self) -> list[int]:
        return [m.id for m in self.messages]


def parse_page(html: str) -> Page:
    sel = Selector(text=html or "<html></html>")
    wraps = sel.css("div.tgme_widget_message[data-post]")
    if not wraps and not sel.css("section.tgme_channel_history"):
        kind, reason = landing.classify(sel)
        return Page(kind=kind, reason=reason, complete=_closed(html))
    page = Page(kind="channel", channel=_channel(sel), before=_before(sel),
                complete=_closed(html))
    for wrap in wraps:
        message = parse_message(wrap)
        if message is None:
            continue
        (page.messages if message.complete else page.incomplete).append(
            message if message.complete else message.id)
    return page


def _closed(html: str) -> bool:
    return "</html>" in (html or "")[-1000:]


def _channel(sel: Selector) -> str | None:
    url = sel.css("main.tgme_main::attr(data-url)").get()
    if url:
        return url.strip("/") or None
    canonical = sel.css('link[rel="canonical"]::attr(href)').get() or ""
    match = re.search(r"/s/([^/?#]+)", canonical)
    return match.group(1) if match else None


def _before(sel: Selector) -> int | None:
    href = sel.css('link[rel="prev"]::attr(href)').get()
    value = (parse_qs(urlparse(href).query).get("before") or [None])[0] if href else None
    value = value or sel.css("a.tme_messages_more::attr(data-before)").get()
    return int(value) if value and value.isdigit() else None


def parse_message(wrap: Selector) -> Message | None:
    channel, _, number = (wrap.attrib.get("data-post") or "").rpartition("/")
    if not channel or not number.isdigit():
        return None
    own = wrap.attrib.get("class", "").split()
    message = Message(channel=channel, id=int(number), service="service_message" in own)
    found = _classes(wrap)  # one walk; the queries below run only where they can match
    message.complete = "tgme_widget_message_info" in found
    message.date = _date(wrap)
    message.author_name = _clean(wrap.css(".tgme_widget_message_owner_name ::text").getall())
    message.views = parse_count(wrap.css(".tgme_widget_message_views::text").get())
    message.edited = "edited" in " ".join(wrap.css(".tgme_widget_message_meta::text").getall())
    if "tgme_widget_message_from_author" in found:
        message.signature = _clean(wrap.css(".tgme_widget_message_from_author ::text").getall())
    if "tgme_widget_message_via_bot" in found:
        message.via_bot = _clean(wrap.css(".tgme_widget_message_via_bot ::text").getall())
    if "tgme_reaction" in found:
        message.reactions = _reactions(wrap)
    if "tgme_widget_message_forwarded_from" in found:
        message.forwarded_from = _forwarded(wrap)
    if "tgme_widget_message_reply" in found:
        message.reply_to = _reply(wrap)
    _fill_text(message, wrap)
    _fill_media(message, wrap, found)
    return message


def _classes(wrap: Selector) -> Counter:
    return Counter(token for element in wrap.root.iter() if isinstance(element.tag, str)
                   for token in (element.get("class") or "").split())


def _clean(parts: list[str]) -> str | None:
    text = " ".join("".join(parts).split())
    return text or None


def _date(wrap: Selector) -> datetime | None:
    stamp = wrap.css(".tgme_widget_message_date time::attr(datetime)").get()
    try:
        return datetime.fromisoformat(stamp) if stamp else None
    except ValueError:
        return None


def _fill_text(message: Message, wrap: Selector) -> None:
    body = wrap.xpath(".//div[contains(concat(' ', normalize-space(@class), ' '),"
                      " ' tgme_widget_message_text ')]")
    if not body:
        return
    root = body[0].root
    message.text = node_text(root)
    message.links = links(root)
    message.hashtags = hashtags(message.text)


def _reactions(wrap: Selector) -> list[dict]:
    found = []
    for item in wrap.css(".tgme_widget_message_reactions .tgme_reaction"):
        count = parse_count((item.xpath("./text()").getall() or [""])[-1])
        if "tgme_reaction_paid" in item.attrib.get("class", ""):
            found.append({"paid": True, "count": count})
            continue
        emoji = _clean(item.css("i.emoji b::text, b::text").getall())
        custom = item.css("tg-emoji::attr(emoji-id)").get()
        found.append({"emoji": emoji, "custom_emoji_id": custom, "count": count})
    return found


def _forwarded(wrap: Selector) -> dict | None:
    block = wrap.css(".tgme_widget_message_forwarded_from")
    if not block:
        return None
    name_el = block.css(".tgme_widget_message_forwarded_from_name")
    name = _clean(name_el.css("::text").getall()) or _clean(block.css("::text").getall())
    url = name_el.attrib.get("href") if name_el else None
    return {"name": name, "url": url}


def _reply(wrap: Selector) -> dict | None:
    block = wrap.css("a.tgme_widget_message_reply")
    if not block:
        return None
    href = block.attrib.get("href", "")
    tail = urlparse(href).path.rstrip("/").rsplit("/", 1)[-1]
    return {"id": int(tail) if tail.isdigit() else None, "url": href or None,
            "author": _clean(block.css(".tgme_widget_message_author_name ::text").getall()),
            "text": _clean(block.css(".tgme_widget_message_metatext ::text").getall())}


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


def _fill_media(message: Message, wrap: Selector, found: Counter) -> None:
    if found["tgme_widget_message_grouped_wrap"]:
        message.media.append("album")
        message.album_ids = _album_ids(wrap)
    for name, kind in _MEDIA:
        count = found[name]
        if kind == "document" and count and found["audio"]:
            audio = len(wrap.css(".tgme_widget_message_document_icon.audio"))
            message.media += ["audio"] * audio
            count -= audio
        message.media += [kind] * count
    if "poll" in message.media:
        message.poll = _poll(wrap)
    if "link_preview" in message.media:
        message.link_preview = _preview(wrap)


def _album_ids(wrap: Selector) -> list[int]:
    ids = []
    for href in wrap.css(".tgme_widget_message_grouped_wrap a::attr(href)").getall():
        tail = urlparse(href).path.rsplit("/", 1)[-1]
        if tail.isdigit():
            ids.append(int(tail))
    return ids


def _poll(wrap: Selector) -> dict:
    options = [{"text": _clean(o.css(".tgme_widget_message_poll_option_text ::text").getall()),
                "percent": parse_count((o.css(".tgme_widget_message_poll_option_percent::text")
                                        .get() or "").rstrip("%"))}
               for o in wrap.css(".tgme_widget_message_poll_option")]
    return {"question": _clean(wrap.css(".tgme_widget_message_poll_question ::text").getall()),
            "type": _clean(wrap.css(".tgme_widget_message_poll_type ::text").getall()),
            "options": options,
            "voters": parse_count(wrap.css(".tgme_widget_message_voters::text").get())}


def _preview(wrap: Selector) -> dict:
    block = wrap.css("a.tgme_widget_message_link_preview")
    return {"url": block.attrib.get("href"),
            "site": _clean(block.css(".link_preview_site_name ::text").getall()),
            "title": _clean(block.css(".link_preview_title ::text").getall())}
