"""Pure mapping of stored VK API answers to post records (versioned by ``VERSION``).

Native ids (docs/vk.md):
    wall post / search result   "<owner_id>_<post_id>"              "-123_456"
    comment or thread reply     "<owner_id>_<post_id>_c<comment_id>" "-123_456_c789"
A comment's ``parent_id`` is its wall post's native id.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from pipeline.config.model import Source
from pipeline.records import Author, Metrics, PostRecord, PostRef
from pipeline.store.raw import RawResponse

VERSION = "1"
PLATFORM = "vk"
WEB = "https://vk.com"
log = logging.getLogger(__name__)


def post_id(owner_id: int | str, item_id: int | str) -> str:
    return f"{int(owner_id)}_{int(item_id)}"


def comment_id(owner_id: int | str, post: int | str, comment: int | str) -> str:
    return f"{post_id(owner_id, post)}_c{int(comment)}"


def request_of(raw: RawResponse) -> dict:
    try:
        request = json.loads(raw.request)
    except json.JSONDecodeError:
        return {}
    return request if isinstance(request, dict) else {}


def map_raw(raw: RawResponse, source: Source) -> list[PostRecord]:
    try:
        body = json.loads(raw.payload)
    except json.JSONDecodeError as exc:
        log.warning("source %s: raw VK answer is not JSON (%s); request %s",
                    source.id, exc, raw.request[:200])
        return []
    if not isinstance(body, dict) or "error" in body:
        return []
    request = request_of(raw)
    if request.get("method") == "execute":
        return [r for call, value in _execute_parts(request, body)
                for r in map_answer(call.get("method", ""), call.get("params") or {}, value,
                                    source, {**request, **call})]
    return map_answer(request.get("method", ""), request.get("params") or {},
                      body.get("response"), source, request)


def _execute_parts(request: dict, body: dict) -> Iterator[tuple[dict, Any]]:
    calls = request.get("calls") or []
    values = body.get("response")
    if not isinstance(values, list):
        return
    for call, value in zip(calls, values, strict=False):
        if isinstance(call, dict) and value is not False:
            yield call, value


def map_answer(method: str, params: dict, value: Any, source: Source,
               request: dict | None = None) -> list[PostRecord]:
    """One method's ``response`` → records, as the source's kind wants them."""
    if value is None:
        return []
    if method in ("wall.get", "wall.getById") and source.kind in ("wall", "comments"):
        # a comments source keeps the posts it reads comments under: parent_id stays in-source
        records = _posts(value, source, int((request or {}).get("since") or 0))
        if method == "wall.getById":
            records += _deleted(records, (request or {}).get("expect") or {}, source)
        return records
    if method == "newsfeed.search" and source.kind == "search":
        return _posts(value, source)
    if method == "wall.getComments" and source.kind == "comments":
        records = _comments(value, params, source)
        return records + _vanished(records, value, params, (request or {}).get("expect"), source)
    return []


# -- posts -------------------------------------------------------------------------------

def _items(value: Any) -> list:
    if isinstance(value, list):
        return value  # wall.getById before 5.150 answered a bare list
    return value.get("items") or [] if isinstance(value, dict) else []


def names_of(value: Any) -> dict[int, str]:
    """Author names from an ``extended=1`` answer: users by id, communities by -id."""
    if not isinstance(value, dict):
        return {}
    names = {}
    for profile in value.get("profiles") or []:
        full = f"{profile.get('first_name', '')} {profile.get('last_name', '')}".strip()
        names[int(profile["id"])] = full
    for group in value.get("groups") or []:
        names[-int(group["id"])] = str(group.get("name", ""))
    return names


def _posts(value: Any, source: Source, since: int = 0) -> list[PostRecord]:
    """Post records; with ``since``, posts older than it are left out (pinned ones kept)."""
    names = names_of(value)
    records = []
    for item in _items(value):
        if since and isinstance(item, dict) and not item.get("is_pinned") \
                and int(item.get("date") or 0) < since:
            continue
        record = _safe(lambda item=item: post_record(item, source.id, names), source, item)
        if record is not None:
            records.append(record)
    return records


def _safe(make, source: Source, item: Any) -> PostRecord | None:
    try:
        return make()
    except (KeyError, TypeError, ValueError, ValidationError) as exc:
        ident = item.get("id") if isinstance(item, dict) else None
        log.warning("source %s: skipped malformed VK item id=%s: %s: %s",
                    source.id, ident, type(exc).__name__, str(exc)[:300])
        return None


def post_record(item: dict, source_id: str, names: dict[int, str]) -> PostRecord:
    owner = int(item["owner_id"] if "owner_id" in item else item["source_id"])
    native = post_id(owner, item["id"])
    author = int(item.get("signer_id") or item.get("from_id") or owner)
    return PostRecord(
        platform=PLATFORM, source=source_id, id=native, url=f"{WEB}/wall{native}",
        published_at=_when(item["date"]), author=Author(id=author, name=names.get(author)),
        text=item.get("text") or "", metrics=_metrics(item), repost_of=_repost_of(item),
        edited_at=_when(item["edited"]) if item.get("edited") else None,
        extra=_post_extra(item) or None)


def _when(value: Any) -> datetime:
    return datetime.fromtimestamp(int(value), UTC)


def _count(item: dict, key: str) -> int | None:
    value = item.get(key)
    if isinstance(value, dict) and value.get("count") is not None:
        return max(0, int(value["count"]))
    return None


def _metrics(item: dict) -> Metrics:
    return Metrics(views=_count(item, "views"), likes=_count(item, "likes"),
                   reposts=_count(item, "reposts"), comments=_count(item, "comments"))


def _repost_of(item: dict) -> PostRef | None:
    history = item.get("copy_history") or []
    if not history:
        return None
    original = history[0]
    return PostRef(platform=PLATFORM, id=post_id(original["owner_id"], original["id"]))


def _post_extra(item: dict) -> dict:
    extra: dict[str, Any] = {}
    if item.get("is_pinned"):
        extra["pinned"] = True
    history = item.get("copy_history") or []
    if history and history[0].get("text"):
        extra["repost_text"] = history[0]["text"]
    kinds = sorted({a.get("type") for a in item.get("attachments") or [] if isinstance(a, dict)}
                   - {None})
    if kinds:
        extra["attachments"] = kinds
    if item.get("post_type") not in (None, "post"):
        extra["post_type"] = item["post_type"]
    return extra


def _deleted(found: list[PostRecord], expect: dict, source: Source) -> list[PostRecord]:
    """Posts a wall.getById re-check asked for and VK no longer returns: deleted."""
    present = {r.id for r in found}
    return [PostRecord(platform=PLATFORM, source=source.id, id=native, url=f"{WEB}/wall{native}",
                       published_at=_when(date), deleted=True)
            for native, date in expect.items() if native not in present]


# -- comments ----------------------------------------------------------------------------

def _comments(value: Any, params: dict, source: Source) -> list[PostRecord]:
    owner, post = params.get("owner_id"), params.get("post_id")
    if owner is None or post is None or not isinstance(value, dict):
        return []
    names = names_of(value)
    root = params.get("comment_id")
    records = []
    for item in _items(value):
        records.append(_safe(lambda i=item: comment_record(i, owner, post, root, source.id, names),
                             source, item))
        for reply in (item.get("thread") or {}).get("items") or []:
            records.append(_safe(lambda r=reply, i=item: comment_record(
                r, owner, post, i.get("id"), source.id, names), source, reply))
    return [r for r in records if r is not None]


def comment_record(item: dict, owner: Any, post: Any, root: Any, source_id: str,
                   names: dict[int, str]) -> PostRecord:
    native = comment_id(owner, post, item["id"])
    url = f"{WEB}/wall{post_id(owner, post)}?reply={int(item['id'])}"
    extra: dict[str, Any] = {}
    if root not in (None, ""):
        url += f"&thread={int(root)}"
        extra["thread_root"] = comment_id(owner, post, root)
    thread = item.get("thread") or {}
    if thread.get("count"):
        extra["replies"] = int(thread["count"])
    author = item.get("from_id")
    return PostRecord(
        platform=PLATFORM, source=source_id, id=native, url=url,
        published_at=_when(item["date"]),
        author=Author(id=author, name=names.get(int(author)) if author else None),
        text=item.get("text") or "", metrics=Metrics(likes=_count(item, "likes")),
        parent_id=post_id(owner, post), deleted=bool(item.get("deleted")),
        extra=extra or None)


def _vanished(found: list[PostRecord], value: Any, params: dict, expect: dict | None,
              source: Source) -> list[PostRecord]:
    """Comments seen at the last visit and missing from a *complete* first page: deleted.

    Only a page that holds every comment of the post (offset 0, the whole level, every
    thread inline) proves absence; otherwise nothing is concluded."""
    if not expect or not _complete(value, params):
        return []
    present = {r.id for r in found}
    post = post_id(params["owner_id"], params["post_id"])
    return [PostRecord(platform=PLATFORM, source=source.id, id=native, parent_id=post,
                       url=f"{WEB}/wall{post}?reply={native.rsplit('_c', 1)[1]}",
                       published_at=_when(date), deleted=True)
            for native, date in expect.items() if native not in present]


def _complete(value: Any, params: dict) -> bool:
    if not isinstance(value, dict) or int(params.get("offset") or 0) != 0 \
            or params.get("comment_id") not in (None, ""):
        return False
    items = value.get("items") or []
    if int(value.get("current_level_count", value.get("count", 0)) or 0) != len(items):
        return False
    return all(int((i.get("thread") or {}).get("count") or 0)
               <= len((i.get("thread") or {}).get("items") or []) for i in items)
