"""Resolving a wall's handle once, and walking a wall newest first (pinned post on top)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from crawlers.errors import SourceError, SourceUnavailable
from crawlers.vk import errors as E
from crawlers.vk.client import EXECUTE_MAX, CallFailed, VkClient
from crawlers.vk.mapper import post_id
from pipeline.config.model import Source
from pipeline.store.raw import RawResponse

PAGE = 100  # wall.get's maximum count
RESUME_OVERLAP = 10  # a resumed walk re-reads a few posts to prove it left no gap
_NUMERIC = re.compile(r"^(?:(club|public|event)(\d+)|id(\d+)|(-?\d+))$")
_URL = re.compile(r"^(?:https?://)?(?:m\.)?vk\.(?:com|ru)/", re.IGNORECASE)


def numeric_owner(handle: str) -> int | None:
    """``-123``, ``123``, ``club123``/``public123``/``event123`` (community), ``id123`` (user)."""
    match = _NUMERIC.match(handle)
    if not match:
        return None
    prefix, group, user, plain = match.groups()
    if prefix:
        return -int(group)
    return int(user) if user else int(plain)


@dataclass
class Resolved:
    owner_id: int
    raw: list[RawResponse] = field(default_factory=list)
    info: dict | None = None  # to store in sources.resolved when freshly resolved


def resolve(client: VkClient, source: Source, known: dict | None) -> Resolved:
    """The wall's numeric owner id; asks VK only the first time (then kept in the store)."""
    if known and known.get("owner_id") is not None:
        return Resolved(int(known["owner_id"]))
    if not source.handle:
        raise SourceError(f"source {source.id}: a VK {source.kind} source needs a handle")
    handle = _URL.sub("", source.handle.strip()).strip("/")
    try:
        return _resolve(client, handle)
    except CallFailed as failed:
        raise E.to_source_error(failed.error, client.credential) from None


def _resolve(client: VkClient, handle: str) -> Resolved:
    owner, raws = numeric_owner(handle), []
    if owner is None:
        raw, value = client.call("utils.resolveScreenName", {"screen_name": handle})
        raws.append(raw)
        owner = _owner_from(handle, value)
    info: dict[str, Any] = {"owner_id": owner, "handle": handle}
    if owner < 0:
        raw, value = client.call("groups.getById", {"group_id": -owner})
        raws.append(raw)
        info.update(_group_info(handle, value))
    return Resolved(owner, raws, info)


def _owner_from(handle: str, value: Any) -> int:
    if not isinstance(value, dict) or "object_id" not in value:
        raise SourceUnavailable(f"VK screen name {handle!r} does not exist")
    kind, number = value.get("type"), int(float(value["object_id"]))
    if kind in ("group", "page", "event"):
        return -number
    if kind == "user":
        return number
    raise SourceUnavailable(f"VK screen name {handle!r} is a {kind}, not a wall")


def _group_info(handle: str, value: Any) -> dict:
    groups = value.get("groups") if isinstance(value, dict) else value  # 5.194+ vs legacy list
    if not groups:
        raise SourceUnavailable(f"VK community {handle!r} not found")
    group = groups[0]
    if group.get("deactivated"):
        raise SourceUnavailable(f"VK community {handle!r} is {group['deactivated']}")
    return {"name": group.get("name"), "screen_name": group.get("screen_name"),
            "is_closed": group.get("is_closed")}


@dataclass
class Page:
    raw: list[RawResponse]
    items: list[dict]
    next_offset: int  # where the walk goes on from


def walk(client: VkClient, owner: int, stop_ts: int, start: int = 0,
         anchor: int | None = None) -> Iterator[Page]:
    """wall.get pages, newest first, until a non-pinned post older than ``stop_ts`` or the
    wall's end. Later rounds fetch 2, 4, … 25 pages in one ``execute``. The stored request
    notes ``since`` so the mapper leaves out the older posts a page happens to carry.

    A walk resumed at ``start`` must meet ``anchor`` (the oldest post id reached before)
    on its first page; if posts were deleted meanwhile and it does not, it starts over
    from the top rather than risk a gap."""
    offset, pages = max(0, start - RESUME_OVERLAP) if start else 0, 1
    check = anchor if start else None
    while True:
        calls = [("wall.get", {"owner_id": owner, "offset": offset + i * PAGE, "count": PAGE,
                               "extended": 1}) for i in range(pages)]
        raws, values = _fetch(client, calls, {"since": stop_ts})
        items, ended = [], False
        for value in values:
            batch = value.get("items") or [] if isinstance(value, dict) else []
            items += batch
            if len(batch) < PAGE:
                ended = True
                break
        offset += pages * PAGE
        yield Page(raws, items, offset)
        if check is not None and not any(int(i["id"]) >= check for i in items
                                         if not i.get("is_pinned")):
            offset, pages, check = 0, 1, None  # a gap is possible: walk again from the top
            continue
        check = None
        if ended or any(_date(i) < stop_ts and not i.get("is_pinned") for i in items):
            return
        pages = min(pages * 2, EXECUTE_MAX)


def _fetch(client: VkClient, calls: list[tuple[str, dict]], note: dict) -> tuple[list, list]:
    try:
        if len(calls) == 1:
            raw, value = client.call(*calls[0], note=note)
            return [raw], [value]
        raws, values = client.batch(calls, note)
    except CallFailed as failed:
        raise E.to_source_error(failed.error, client.credential) from None
    for value in values:
        if isinstance(value, E.VkCallError):
            raise E.to_source_error(value, client.credential)
    return raws, values


def _date(item: dict) -> int:
    return int(item.get("date") or 0)


def native(item: dict) -> str:
    return post_id(item["owner_id"], item["id"])
