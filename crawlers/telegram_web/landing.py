"""Why a t.me answer is not a channel preview: the landing page tells."""

from __future__ import annotations

from parsel import Selector


def classify(sel: Selector) -> tuple[str, str]:
    """(kind, reason) for a page that has no channel history."""
    if not sel.css("div.tgme_page"):
        title = " ".join(sel.css("title::text").getall()).strip()
        return "unknown", f"not a t.me channel page (title {title!r})"
    name = " ".join(" ".join(sel.css(".tgme_page_title ::text").getall()).split())
    extra = " ".join(" ".join(sel.css(".tgme_page_extra ::text").getall()).split())
    action = " ".join(sel.css(".tgme_page_action a::attr(href)").getall())
    if not name:
        return "landing", "no such channel: the username is not taken"
    if "tg://join?invite" in action:
        return "landing", f"private channel {name!r}: joins by invite only, no web preview"
    if "members" in extra:
        return "landing", f"{name!r} is a group ({extra}), not a channel: no web preview"
    if "subscribers" not in extra:
        return "landing", f"{name!r} is a user or bot, not a channel"
    if sel.css("a.tgme_page_context_link"):
        return "landing", f"channel {name!r} answered with its landing page, not /s/"
    return "landing", f"channel {name!r} has no public web preview"
