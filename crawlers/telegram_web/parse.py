"""Pure parsing of t.me/s/<channel> pages: HTML in, plain data out.

No network, no clock: the same page always gives the same result, so stored raw
pages can be re-parsed after a markup change (``radar remap``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlparse

from parsel import Selector

from crawlers.telegram_web import landing
from crawlers.telegram_web.message import Message, parse_count, parse_message

__all__ = ["Message", "Page", "parse_count", "parse_message", "parse_page"]


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


def parse_page(html: str, full: bool = True) -> Page:
    """The page and its messages; ``full=False`` only ids, dates and completeness."""
    sel = Selector(text=html or "<html></html>")
    wraps = sel.css("div.tgme_widget_message")  # a few real ones lack data-post
    if not wraps and not sel.css("section.tgme_channel_history"):
        kind, reason = landing.classify(sel)
        return Page(kind=kind, reason=reason, complete=_closed(html))
    page = Page(kind="channel", channel=_channel(sel), before=_before(sel),
                complete=_closed(html))
    for wrap in wraps:
        message = parse_message(wrap.root, full)
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
