"""``wall``: a community or user wall, incremental, with a re-sweep window.

Cursor: ``{"last_id", "last_date", "window": {native id: date}}`` — the newest
post seen and the posts inside the re-sweep window at the last visit. A visit
walks back to the older of (re-sweep window start, last post seen), so new
posts, edits and metric changes are caught; posts of the old window that are
gone are re-checked with wall.getById and stored as deleted. While a walk is
under way the cursor also holds ``"walk"`` (offset, oldest id reached, what was
seen), so a crawl stopped by a quota or a kill goes on where it stopped.
"""

from __future__ import annotations

from collections.abc import Iterator

from crawlers.base import Batch
from crawlers.vk import errors as E
from crawlers.vk.client import CallFailed
from crawlers.vk.kinds.run import Run
from crawlers.vk.walls import native, resolve, walk

BY_ID_MAX = 100


def crawl(run: Run) -> Iterator[Batch]:
    resolved = resolve(run.client, run.source, run.state.resolved)
    if resolved.info is not None:
        yield Batch(raw=resolved.raw, resolved=resolved.info)
    cursor = run.cursor
    resweep_cut = run.ts(run.vk.resweep_window)
    progress = cursor.get("walk") or _new_walk(run, cursor, resweep_cut)
    for page in walk(run.client, resolved.owner_id, progress["stop"], progress["offset"],
                     progress.get("anchor")):
        _note(progress, page.items, page.next_offset)
        yield Batch(raw=page.raw, cursor={**cursor, "walk": progress})
    seen = progress["seen"]
    yield from _deletions(run, cursor.get("window") or {}, seen, resweep_cut)
    window = {key: date for key, date in seen.items() if date >= resweep_cut}
    yield Batch(cursor={"last_id": progress["top_id"], "last_date": progress["top_date"],
                        "window": window})


def _new_walk(run: Run, cursor: dict, resweep_cut: int) -> dict:
    if cursor.get("last_id") is None:
        stop = run.ts(run.depth)
    else:
        stop = min(resweep_cut, int(cursor.get("last_date") or 0))
    return {"stop": stop, "offset": 0, "anchor": None, "seen": {},
            "top_id": int(cursor.get("last_id") or 0),
            "top_date": int(cursor.get("last_date") or 0)}


def _note(progress: dict, items: list[dict], next_offset: int) -> None:
    for item in items:
        date, post = int(item["date"]), int(item["id"])
        if date >= progress["stop"]:
            progress["seen"][native(item)] = date
        if item.get("is_pinned"):
            continue
        if post > progress["top_id"]:
            progress["top_id"], progress["top_date"] = post, max(progress["top_date"], date)
        anchor = progress["anchor"]
        progress["anchor"] = post if anchor is None else min(anchor, post)
    progress["offset"] = next_offset


def _deletions(run: Run, window: dict, seen: dict, cut: int) -> Iterator[Batch]:
    missing = {key: int(date) for key, date in window.items()
               if int(date) >= cut and key not in seen}
    keys = sorted(missing)
    for start in range(0, len(keys), BY_ID_MAX):
        chunk = keys[start:start + BY_ID_MAX]
        try:
            raw, _ = run.client.call("wall.getById", {"posts": ",".join(chunk), "extended": 1},
                                     note={"expect": {k: missing[k] for k in chunk}})
        except CallFailed as failed:
            raise E.to_source_error(failed.error, run.client.credential) from None
        yield Batch(raw=[raw])
