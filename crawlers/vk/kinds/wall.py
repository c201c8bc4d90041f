"""``wall``: a community or user wall, incremental, with a re-sweep window.

Cursor: ``{"last_id", "last_date", "window": {native id: date}}`` — the newest
post seen and the posts inside the re-sweep window at the last visit. A visit
walks back to the older of (re-sweep window start, last post seen), so new
posts, edits and metric changes are caught; posts of the old window that are
gone are re-checked with wall.getById and stored as deleted.
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
    if cursor.get("last_id") is None:
        stop = run.ts(run.depth)
    else:
        stop = min(resweep_cut, int(cursor.get("last_date") or 0))
    seen: dict[str, int] = {}
    top_id, top_date = int(cursor.get("last_id") or 0), int(cursor.get("last_date") or 0)
    for page in walk(run.client, resolved.owner_id, stop):
        for item in page.items:
            seen[native(item)] = int(item["date"])
            if not item.get("is_pinned") and int(item["id"]) > top_id:
                top_id, top_date = int(item["id"]), max(top_date, int(item["date"]))
        yield Batch(raw=page.raw)
    yield from _deletions(run, cursor.get("window") or {}, seen, resweep_cut)
    window = {key: date for key, date in seen.items() if date >= resweep_cut}
    yield Batch(cursor={"last_id": top_id, "last_date": top_date, "window": window})


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
