"""``comments``: comments and their threads under the wall's posts of the last N days.

Cursor: ``{"posts": {native id: {"date", "count", "seen"}}, "closed": [native ids]}``.
A post's comments are fetched again when its comment count moved since the last
visit or while it is inside the re-sweep window. wall.getComments calls go 25 to
an ``execute`` where the token allows it. Comments closed (error 212) are a fact
about the wall, recorded once per post, not an error. For posts in the re-sweep
window the cursor keeps the comments seen (``seen``: native id → date); the next
fetch carries them as ``expect``, and a complete answer without one of them
means it was deleted (see mapper._vanished).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from crawlers.base import Batch
from crawlers.vk import errors as E
from crawlers.vk.client import EXECUTE_MAX
from crawlers.vk.kinds.run import Run
from crawlers.vk.mapper import comment_id
from crawlers.vk.walls import native, resolve, walk

PAGE = 100
THREAD_ITEMS = 10


def crawl(run: Run) -> Iterator[Batch]:
    resolved = resolve(run.client, run.source, run.state.resolved)
    if resolved.info is not None:
        yield Batch(raw=resolved.raw, resolved=resolved.info)
    owner = resolved.owner_id
    cut = run.ts(timedelta(days=run.vk.comments_days))
    posts: dict[str, dict] = {}
    for page in walk(run.client, owner, cut):
        for item in page.items:
            if int(item["date"]) >= cut or item.get("is_pinned"):
                count = (item.get("comments") or {}).get("count") or 0
                posts[native(item)] = {"id": int(item["id"]), "date": int(item["date"]),
                                       "count": int(count)}
        yield Batch(raw=page.raw)
    closed = set(run.cursor.get("closed") or [])
    facts: list[tuple[str, str]] = []
    seen: dict[str, dict] = {}
    yield from _fetch_comments(run, owner, _targets(run, posts), closed, facts, seen)
    cursor = {"posts": _post_states(run, posts, seen), "closed": sorted(closed & set(posts))}
    yield Batch(cursor=cursor, facts=facts)


def _post_states(run: Run, posts: dict[str, dict], seen: dict[str, dict]) -> dict:
    before = run.cursor.get("posts") or {}
    resweep_cut = run.ts(run.vk.resweep_window)
    states = {}
    for key, post in posts.items():
        state = {"date": post["date"], "count": post["count"]}
        comments = seen.get(key, (before.get(key) or {}).get("seen"))
        if comments and post["date"] >= resweep_cut:
            state["seen"] = comments
        states[key] = state
    return states


def _targets(run: Run, posts: dict[str, dict]) -> list[dict]:
    before = run.cursor.get("posts") or {}
    resweep_cut = run.ts(run.vk.resweep_window)
    return [p for key, p in posts.items() if p["count"] > 0 and (
        p["date"] >= resweep_cut or (before.get(key) or {}).get("count") != p["count"])]


def _first_call(run: Run, owner: int, post: dict) -> tuple:
    params = {"owner_id": owner, "post_id": post["id"], "offset": 0, "count": PAGE,
              "sort": "asc", "need_likes": 1, "extended": 1, "thread_items_count": THREAD_ITEMS}
    expect = ((run.cursor.get("posts") or {}).get(f"{owner}_{post['id']}") or {}).get("seen")
    return ("wall.getComments", params, {"expect": expect}) if expect else (
        "wall.getComments", params)


def _fetch_comments(run: Run, owner: int, targets: list[dict], closed: set,
                    facts: list, seen: dict[str, dict]) -> Iterator[Batch]:
    queue = [_first_call(run, owner, post) for post in targets]
    while queue:
        size = EXECUTE_MAX if run.client.can_execute() else 1
        calls, queue = queue[:size], queue[size:]
        raws, results = run.client.batch(calls)
        for (_method, params, *_), result in zip(calls, results, strict=True):
            if isinstance(result, E.VkCallError):
                _item_error(run, owner, params, result, closed, facts)
            elif isinstance(result, dict):
                queue += _follow_ups(params, result)
                _note_seen(seen.setdefault(f"{owner}_{params['post_id']}", {}), owner,
                           params["post_id"], result)
        yield Batch(raw=raws)


def _item_error(run: Run, owner: int, params: dict, error: E.VkCallError, closed: set,
                facts: list) -> None:
    key = f"{owner}_{params['post_id']}"
    if error.code == E.COMMENTS_CLOSED:
        if key not in closed:
            closed.add(key)
            facts.append(("comments_closed", f"comments are closed under VK post {key}"))
        return
    if error.code == E.INVALID_PARAM:
        return  # the post went away between wall.get and wall.getComments
    raise E.to_source_error(error, run.client.credential)


def _note_seen(seen: dict, owner: int, post: int, result: dict) -> None:
    for item in result.get("items") or []:
        for comment in [item, *((item.get("thread") or {}).get("items") or [])]:
            if not comment.get("deleted") and "id" in comment:
                seen[comment_id(owner, post, comment["id"])] = int(comment.get("date") or 0)


def _follow_ups(params: dict, result: dict) -> list[tuple[str, dict]]:
    """More pages of this level, and the threads whose replies did not all come inline."""
    calls = []
    items = result.get("items") or []
    level = int(result.get("current_level_count") or result.get("count") or 0)
    if int(params["offset"]) + len(items) < level and len(items) == PAGE:
        calls.append(("wall.getComments", {**params, "offset": int(params["offset"]) + PAGE}))
    if params.get("comment_id") is None:
        for item in items:
            thread = item.get("thread") or {}
            if int(thread.get("count") or 0) > len(thread.get("items") or []):
                calls.append(("wall.getComments", {
                    "owner_id": params["owner_id"], "post_id": params["post_id"],
                    "comment_id": item["id"], "offset": 0, "count": PAGE, "sort": "asc",
                    "need_likes": 1, "extended": 1}))
    return calls
