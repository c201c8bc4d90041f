"""Message text out of t.me markup: line breaks, emoji and link texts kept."""

from __future__ import annotations

import re

_HASHTAG = re.compile(r"(?<![\w#])#(\w+)")
_BLANKS = re.compile(r"[ \t\xa0]+")


def node_text(root) -> str:
    """The visible text of an lxml element; <br> becomes a newline."""
    parts: list[str] = []
    _walk(root, parts)
    lines = [_BLANKS.sub(" ", line).strip() for line in "".join(parts).split("\n")]
    return "\n".join(lines).strip().strip("\u200b").strip()


def _walk(element, parts: list[str]) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag == "br":
        parts.append("\n")
    elif element.text:
        parts.append(element.text)
    for child in element:
        _walk(child, parts)
        if child.tail:
            parts.append(child.tail)


def links(root) -> list[str]:
    """Outside links of a message text; hashtag searches (?q=%23...) are not links."""
    found = []
    for href in root.xpath(".//a/@href"):
        if href.startswith("?q=") or href in found:
            continue
        found.append(href)
    return found


def hashtags(text: str) -> list[str]:
    seen: list[str] = []
    for tag in _HASHTAG.findall(text):
        if tag not in seen:
            seen.append(tag)
    return seen
