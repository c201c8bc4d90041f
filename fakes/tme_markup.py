"""t.me markup for the fake server: channel preview pages and landing pages from plain data.

The markup follows real t.me/s captures (classes, nesting, footers); only what the
crawler and a browser need is produced — no avatars' CDN tokens or scripts.
"""

from __future__ import annotations

import re
from datetime import datetime
from html import escape
from urllib.parse import quote

_URL = re.compile(r"https?://[^\s<>\"]+")
_TAG = re.compile(r"(?<![\w#])#(\w+)")


def count_text(value: int | None) -> str:
    """15300 -> '15.3K' as t.me shows it."""
    if value is None:
        return ""
    for size, suffix in ((1_000_000, "M"), (1_000, "K")):
        if value >= size:
            text = f"{value / size:.1f}".rstrip("0").rstrip(".")
            return f"{text}{suffix}"
    return str(value)


def text_html(text: str) -> str:
    """Plain text -> t.me message HTML: links and hashtags as anchors, <br/> for newlines."""
    out = []
    for line in text.split("\n"):
        line = escape(line, quote=False)
        line = _URL.sub(lambda m: f'<a href="{m.group(0)}" target="_blank" '
                                  f'rel="noopener">{m.group(0)}</a>', line)
        line = _TAG.sub(lambda m: f'<a href="?q=%23{quote(m.group(1))}">#{m.group(1)}</a>', line)
        out.append(line)
    return "<br/>".join(out)


def _owner(channel: str, title: str) -> str:
    return (f'<div class="tgme_widget_message_author accent_color"><a class="tgme_widget_message'
            f'_owner_name" href="https://t.me/{channel}"><span dir="auto">{escape(title)}</span>'
            f'</a></div>\n')


def _forwarded(value) -> str:
    if not value:
        return ""
    name, url = (value, None) if isinstance(value, str) else (value.get("name"), value.get("url"))
    inner = f'<span dir="auto">{escape(name or "")}</span>'
    who = (f'<a class="tgme_widget_message_forwarded_from_name" href="{escape(url)}">{inner}</a>'
           if url else f'<span class="tgme_widget_message_forwarded_from_name">{inner}</span>')
    return (f'<div class="tgme_widget_message_forwarded_from accent_color">Forwarded from'
            f'&nbsp;{who}</div>\n')


def _reply(channel: str, reply_to) -> str:
    if not reply_to:
        return ""
    return (f'<a class="tgme_widget_message_reply" href="https://t.me/{channel}/{reply_to}">\n'
            f'  <div class="tgme_widget_message_author accent_color"><span class="tgme_widget'
            f'_message_author_name" dir="auto">{escape(channel)}</span></div>\n'
            f'  <div class="tgme_widget_message_metatext js-ellip" dir="auto">…</div>\n</a>\n')


def _media(kind: str, link: str) -> str:
    blocks = {
        "photo": f'<a class="tgme_widget_message_photo_wrap" href="{link}" style="width:800px;">'
                 f'\n  <div class="tgme_widget_message_photo" style="padding-top:56%"></div>\n</a>',
        "video": f'<a class="tgme_widget_message_video_player js-message_video_player" '
                 f'href="{link}"><i class="tgme_widget_message_video_thumb"></i>\n<time class='
                 f'"message_video_duration js-message_video_duration">0:30</time>\n</a>',
        "round_video": '<div class="tgme_widget_message_roundvideo_player js-message_roundvideo'
                       '_player">\n<time class="tgme_widget_message_roundvideo_duration">0:21'
                       '</time>\n</div>',
        "document": f'<div class="tgme_widget_message_one_media js-message_media"><a class="tgme'
                    f'_widget_message_document_wrap" href="{link}?single">\n  <div class="tgme_'
                    f'widget_message_document_icon accent_bg"></div>\n  <div class="tgme_widget_'
                    f'message_document"><div class="tgme_widget_message_document_title accent_'
                    f'color" dir="auto">file.pdf</div></div>\n</a></div>',
        "sticker": f'<div class="tgme_widget_message_sticker_wrap media_supported_cont"><a class='
                   f'"tgme_widget_message_sticker_wrap_link" href="{link}"><i class="tgme_widget_'
                   f'message_sticker js-sticker_image"></i></a></div>',
    }
    return blocks.get(kind, "")


def _album(link: str, count: int) -> str:
    items = "".join(
        f'<a class="tgme_widget_message_photo_wrap grouped_media_wrap blured js-message_photo" '
        f'href="{link}?single"><div class="grouped_media_helper"><div class="tgme_widget_message'
        f'_photo grouped_media"></div></div></a>' for _ in range(count))
    return (f'<div class="tgme_widget_message_grouped_wrap js-message_grouped_wrap">\n  <div class='
            f'"tgme_widget_message_grouped js-message_grouped">\n    <div class="tgme_widget_'
            f'message_grouped_layer js-message_grouped_layer">\n{items}\n    </div>\n  </div>\n'
            f'</div>\n')


def _poll(post: dict, link: str) -> str:
    poll = post.get("poll") or {"question": "?", "options": []}
    options = "".join(
        f'  <div class="tgme_widget_message_poll_option">\n    <div class="tgme_widget_message'
        f'_poll_option_percent">{int(p)}%</div>\n    <div class="tgme_widget_message_poll_option'
        f'_value">\n      <div class="tgme_widget_message_poll_option_text">{escape(t)}</div>\n'
        f'    </div>\n  </div>' for t, p in poll["options"])
    return (f'<div class="tgme_widget_message_poll js-poll">\n  <div class="tgme_widget_message_'
            f'poll_question">{escape(poll["question"])}</div>\n  <div class="tgme_widget_message'
            f'_poll_type">Anonymous Poll</div>\n  <a class="tgme_widget_message_poll_options" '
            f'href="{link}">{options}</a>\n</div>\n')


def _preview(url: str | None) -> str:
    return (f'<a class="tgme_widget_message_link_preview" href="{escape(url or "https://example.org")}">'
            f'\n  <div class="link_preview_site_name accent_color" dir="auto">Site</div>\n'
            f'  <div class="link_preview_title" dir="auto">Title</div>\n</a>\n')


def _reactions(reactions: list | None) -> str:
    if not reactions:
        return ""
    spans = "".join(f'<span class="tgme_reaction"><i class="emoji"><b>{escape(e)}</b></i>'
                    f'{count_text(n)}</span>' for e, n in reactions)
    return f'<div class="tgme_widget_message_reactions js-message_reactions">{spans}</div>'


def _footer(post: dict, link: str) -> str:
    views = ("" if post.get("service") else
             f'<span class="tgme_widget_message_views">{count_text(post.get("views"))}</span>'
             f'<span class="copyonly"> views</span>')
    edited = "edited &nbsp;" if post.get("edited") else ""
    date: datetime = post["date"]
    return (f'<div class="tgme_widget_message_footer compact js-message_footer">\n  <div class='
            f'"tgme_widget_message_info short js-message_info">\n    {views}<span class="tgme_'
            f'widget_message_meta">{edited}<a class="tgme_widget_message_date" href="{link}">'
            f'<time datetime="{date.isoformat()}" class="time">{date:%H:%M}</time></a></span>\n'
            f'  </div>\n</div>\n')


def message_html(post: dict, title: str) -> str:
    channel, number = post["channel"], post["id"]
    link = f"https://t.me/{channel}/{number}"
    media = post.get("media") or []
    media = [media] if isinstance(media, str) else media
    service = " service_message" if post.get("service") else ""
    body = [_owner(channel, title), _forwarded(post.get("forwarded_from")),
            _reply(channel, post.get("reply_to"))]
    for kind in media:
        if kind == "album":
            body.append(_album(link, 3))
        elif kind == "poll":
            body.append(_poll(post, link))
        elif kind != "link_preview":
            body.append(_media(kind, link) + "\n")
    if post.get("text"):
        body.append(f'<div class="tgme_widget_message_text js-message_text" dir="auto">'
                    f'{text_html(post["text"])}</div>\n')
    if "link_preview" in media:
        body.append(_preview(post.get("preview_url")))
    body += [_reactions(post.get("reactions")), _footer(post, link)]
    return (f'<div class="tgme_widget_message_wrap js-widget_message_wrap"><div class="tgme_widget'
            f'_message text_not_supported_wrap{service} js-widget_message" data-post="{channel}/'
            f'{number}">\n  <div class="tgme_widget_message_bubble">\n{"".join(body)}  </div>\n'
            f'</div></div>')


def channel_page(channel: str, title: str, posts: list[dict], before: int | None) -> str:
    prev = (f'<link rel="prev" href="/s/{channel}?before={before}">' if before else "")
    more = (f'<div class="tgme_widget_message_centered js-messages_more_wrap"><a href="/s/'
            f'{channel}?before={before}" class="tme_messages_more js-messages_more" data-before='
            f'"{before}"></a></div>' if before else "")
    messages = "".join(message_html(p, title) for p in posts)
    return (f'<!DOCTYPE html>\n<html>\n  <head>\n    <meta charset="utf-8">\n    <title>'
            f'{escape(title)} – Telegram</title>\n<meta property="og:title" content="'
            f'{escape(title)}">\n    {prev}\n<link rel="canonical" href="/s/{channel}">\n'
            f'  </head>\n'
            f'  <body class="widget_frame_base tgme_webpreview emoji_image no_transitions">\n'
            f'<main class="tgme_main" data-url="/{channel}">\n  <div class="tgme_container">\n'
            f'    <section class="tgme_channel_history js-message_history">\n      {more}'
            f'{messages}\n    </section>\n  </div>\n</main>\n  </body>\n</html>\n'
            f'<!-- page generated in 1.00ms -->\n')


def landing_page(name: str, title: str | None, extra: str | None) -> str:
    """t.me/<name>: a channel without preview (title + subscribers) or a free username."""
    if title is None:
        body = (f'<div class="tgme_page_icon">\n  <i class="tgme_icon_user"></i>\n</div>\n'
                f'<div class="tgme_page_description">\n  If you have <strong>Telegram</strong>, '
                f'you can contact <a class="tgme_username_link" href="tg://resolve?domain={name}">'
                f'@{name}</a> right away.\n</div>\n')
    else:
        body = (f'<div class="tgme_page_title" dir="auto">\n  <span dir="auto">{escape(title)}'
                f'</span>\n</div>\n<div class="tgme_page_extra">{escape(extra or "")}</div>\n'
                f'<div class="tgme_page_action">\n  <a class="tgme_action_button_new shine" '
                f'href="tg://resolve?domain={name}">View in Telegram</a>\n</div>\n')
    return (f'<!DOCTYPE html>\n<html>\n  <head>\n    <meta charset="utf-8">\n    <title>Telegram: '
            f'Contact @{name}</title>\n  </head>\n  <body class="no_transition">\n    <div class='
            f'"tgme_page_wrap">\n      <div class="tgme_body_wrap">\n        <div class='
            f'"tgme_page">\n{body}        </div>\n      </div>\n    </div>\n  </body>\n</html>\n')
