"""``search``: a keyword query through newsfeed.search, paged by time windows.

VK returns at most 1,000 results per query, newest first (``next_from`` pages of
up to 200). When a window yields the full 1,000 and older results remain, the
next window ends at the oldest date reached, until the run's start is covered.
Cursor: ``{"until": ts}`` — the end of the last completed run — plus ``"run"``
while a run is in progress, so a killed crawl resumes where it stopped.
"""

from __future__ import annotations

from collections.abc import Iterator

from crawlers.base import Batch
from crawlers.errors import SourceError
from crawlers.vk import errors as E
from crawlers.vk.client import CallFailed
from crawlers.vk.kinds.run import Run

PAGE = 200
CAP = 1000


def crawl(run: Run) -> Iterator[Batch]:
    if not run.source.query:
        raise SourceError(f"source {run.source.id}: a VK search source needs a query")
    cursor = run.cursor
    progress = cursor.get("run") or _new_run(run, cursor.get("until"))
    until, stop = cursor.get("until"), progress["stop"]
    while progress is not None:
        raw, value = _page(run, progress)
        progress = _advance(progress, value)
        yield Batch(raw=[raw], cursor={"until": until, "run": progress} if progress else None)
    yield Batch(cursor={"until": stop})


def _new_run(run: Run, until: int | None) -> dict:
    start = run.ts(run.depth) if until is None else min(int(until), run.ts(run.vk.resweep_window))
    return {"start": start, "end": run.ts(), "stop": run.ts(), "next_from": None, "taken": 0}


def _page(run: Run, progress: dict):
    params = {"q": run.source.query, "start_time": progress["start"],
              "end_time": progress["end"], "count": PAGE, "extended": 1}
    if progress.get("next_from"):
        params["start_from"] = progress["next_from"]
    try:
        return run.client.call("newsfeed.search", params)
    except CallFailed as failed:
        raise E.to_source_error(failed.error, run.client.credential) from None


def _advance(progress: dict, value: object) -> dict | None:
    """The next page of this window, the next (older) window, or None when done."""
    items = (value.get("items") if isinstance(value, dict) else None) or []
    taken = progress["taken"] + len(items)
    next_from = value.get("next_from") if isinstance(value, dict) else None
    if next_from and items and taken < CAP:
        return {**progress, "next_from": next_from, "taken": taken}
    oldest = min((int(i.get("date") or 0) for i in items), default=None)
    if taken >= CAP and oldest is not None and oldest > progress["start"]:
        end = oldest if oldest < progress["end"] else progress["end"] - 1
        return {**progress, "end": end, "next_from": None, "taken": 0}
    return None
