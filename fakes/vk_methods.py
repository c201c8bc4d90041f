"""The fake VK's API methods: parameters in, VK's 5.199 ``response`` objects out.

A method raises ``VkFault`` for an API error; fakes/vk_api.py turns it into
VK's ``{"error": {...}}`` body (or into an ``execute_errors`` entry).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fakes.vk_world import Wall, World

SEARCH_CAP = 1000  # newsfeed.search never reaches further than this
MESSAGES = {
    5: "User authorization failed: invalid access_token (4).",
    6: "Too many requests per second",
    9: "Flood control",
    10: "Internal server error",
    14: "Captcha needed",
    15: "Access denied: this wall available only for community members",
    17: "Validation required: please open redirect_uri in browser",
    18: "User was deleted or banned",
    28: "Application authorization failed: method is unavailable with service token.",
    29: "Rate limit reached",
    30: "This profile is private",
    100: "One of the parameters specified was missing or invalid",
    113: "Invalid user id",
    212: "Access to post comments denied",
}


class VkFault(Exception):
    def __init__(self, code: int, message: str | None = None, **extra: Any) -> None:
        super().__init__(code)
        self.code, self.message, self.extra = code, message or MESSAGES.get(code, "Error"), extra


def _int(params: dict, name: str, default: int | None = None) -> int:
    value = params.get(name, default)
    if value is None:
        raise VkFault(100, f"One of the parameters specified was missing or invalid: "
                           f"{name} is undefined")
    try:
        return int(value)
    except (TypeError, ValueError):
        raise VkFault(100, f"One of the parameters specified was missing or invalid: "
                           f"{name} not integer") from None


def _open_wall(world: World, params: dict) -> Wall:
    if "domain" in params and "owner_id" not in params:
        wall = world.by_screen_name(str(params["domain"]))
        if wall is None:
            raise VkFault(100, "One of the parameters specified was missing or invalid: "
                               "owner_id is incorrect")
    else:
        owner = _int(params, "owner_id")
        wall = world.walls.get(owner)
        if wall is None:
            raise VkFault(100 if owner < 0 else 113)
    _check_state(wall)
    return wall


def _check_state(wall: Wall) -> None:
    if wall.state in ("deleted", "banned"):
        raise VkFault(18 if not wall.is_group else 15,
                      "Access denied: group is blocked" if wall.is_group else None)
    if wall.state == "closed":
        raise VkFault(15)
    if wall.state == "private":
        raise VkFault(30)


def _ordered(wall: Wall) -> list[dict]:
    pinned = [p for p in wall.posts.values() if p.get("is_pinned")]
    rest = sorted((p for p in wall.posts.values() if not p.get("is_pinned")),
                  key=lambda p: (p["date"], p["id"]), reverse=True)
    return pinned + rest


def _extended(world: World, items: list[dict], wanted: bool) -> dict:
    if not wanted:
        return {}
    owners = set()
    for item in items:
        owners.update({item.get("owner_id"), item.get("from_id")})
        owners.update(c.get("from_id") for c in item.get("thread", {}).get("items", []))
    owners.discard(None)
    groups = [_group_obj(world.walls[o]) for o in owners if o < 0 and o in world.walls]
    profiles = [_profile_obj(world, o) for o in owners if o > 0]
    return {"profiles": profiles, "groups": groups}


def _group_obj(wall: Wall) -> dict:
    obj = {"id": -wall.owner_id, "name": wall.name, "screen_name": wall.screen_name,
           "is_closed": 1 if wall.state == "closed" else 0, "type": "page",
           "photo_50": f"https://sun1.userapi.example/g{-wall.owner_id}_50.jpg"}
    if wall.state in ("deleted", "banned"):
        obj["deactivated"] = wall.state
    return obj


def _profile_obj(world: World, user_id: int) -> dict:
    wall = world.walls.get(user_id)
    first, _, last = (wall.name if wall else f"User {user_id}").partition(" ")
    return {"id": user_id, "first_name": first, "last_name": last or "",
            "can_access_closed": True, "is_closed": False,
            "screen_name": wall.screen_name if wall else f"id{user_id}"}


def wall_get(world: World, params: dict) -> dict:
    wall = _open_wall(world, params)
    offset, count = _int(params, "offset", 0), min(_int(params, "count", 20), 100)
    ordered = _ordered(wall)
    items = [dict(p) for p in ordered[offset:offset + count]]
    return {"count": len(ordered), "items": items,
            **_extended(world, items, params.get("extended") in ("1", 1))}


def wall_get_by_id(world: World, params: dict) -> dict:
    items = []
    for ref in str(params.get("posts", "")).split(","):
        owner, _, post_id = ref.strip().partition("_")
        wall = world.walls.get(int(owner)) if owner.lstrip("-").isdigit() else None
        if wall and post_id.isdigit() and int(post_id) in wall.posts and not wall.state:
            items.append(dict(wall.posts[int(post_id)]))
    return {"items": items, **_extended(world, items, params.get("extended") in ("1", 1))}


def wall_get_comments(world: World, params: dict) -> dict:
    wall = _open_wall(world, params)
    post_id = _int(params, "post_id")
    if post_id not in wall.posts:
        raise VkFault(100, "One of the parameters specified was missing or invalid: "
                           "post_id is incorrect")
    if wall.comments_closed:
        raise VkFault(212)
    offset, count = _int(params, "offset", 0), min(_int(params, "count", 10), 100)
    if params.get("comment_id") not in (None, ""):
        level = world.replies(wall.owner_id, post_id, _int(params, "comment_id"))
    else:
        level = world.top_comments(wall.owner_id, post_id)
    if str(params.get("sort", "asc")) == "desc":
        level = list(reversed(level))
    thread_n = min(_int(params, "thread_items_count", 0), 10)
    items = [_comment_obj(world, wall, post_id, c, thread_n) for c in level[offset:offset + count]]
    total = len(world.threads[(wall.owner_id, post_id)].comments) if level else 0
    return {"count": total, "items": items, "current_level_count": len(level),
            "can_post": True, "show_reply_button": True, "groups_can_post": True,
            **_extended(world, items, params.get("extended") in ("1", 1))}


def _comment_obj(world: World, wall: Wall, post_id: int, comment: dict, thread_n: int) -> dict:
    if comment.get("deleted"):
        obj = {"id": comment["id"], "parents_stack": comment["parents_stack"],
               "date": comment["date"], "deleted": True}
    else:
        obj = {k: v for k, v in comment.items() if k != "deleted"}
    if not comment["parents_stack"]:
        replies = world.replies(wall.owner_id, post_id, comment["id"])
        obj["thread"] = {"count": len(replies),
                         "items": [dict(r) for r in replies[:thread_n]],
                         "can_post": True, "show_reply_button": True, "groups_can_post": True}
    return obj


def groups_get_by_id(world: World, params: dict) -> dict:
    ids = str(params.get("group_ids") or params.get("group_id") or "").split(",")
    groups = []
    for ref in filter(None, (i.strip() for i in ids)):
        wall = world.walls.get(-int(ref)) if ref.isdigit() else world.by_screen_name(ref)
        if wall is None or not wall.is_group:
            raise VkFault(100, "One of the parameters specified was missing or invalid: "
                               "group_ids is undefined")
        groups.append(_group_obj(wall))
    return {"groups": groups, "profiles": []}


def utils_resolve_screen_name(world: World, params: dict) -> Any:
    wall = world.by_screen_name(str(params.get("screen_name", "")))
    if wall is None:
        return []
    kind = "group" if wall.is_group else "user"
    return {"type": kind, "object_id": abs(wall.owner_id)}


def newsfeed_search(world: World, params: dict) -> dict:
    query = str(params.get("q", "")).lower()
    start = _int(params, "start_time", 0)
    end = _int(params, "end_time", 2**31)
    count = min(_int(params, "count", 30), 200)
    found = sorted((p for p in world.all_posts() if _matches(world, p, query)
                    and start <= p["date"] <= end and not world.walls[p["owner_id"]].state),
                   key=lambda p: (p["date"], p["owner_id"], p["id"]), reverse=True)
    offset = _offset_from(params.get("start_from"))
    reachable = found[:SEARCH_CAP]
    items = [dict(p) for p in reachable[offset:offset + count]]
    body = {"items": items, "count": len(reachable), "total_count": len(found),
            **_extended(world, items, params.get("extended") in ("1", 1))}
    if offset + count < len(reachable):
        last = items[-1]
        body["next_from"] = f"{offset + count}/{last['owner_id']}_{last['id']}"
    return body


def _matches(world: World, post: dict, query: str) -> bool:
    """A substring of the text, or a term the seed said VK's morphology would match."""
    extra = world.search_terms.get((post["owner_id"], post["id"]), ())
    return query in post["text"].lower() or query in extra


def _offset_from(next_from: Any) -> int:
    if not next_from:
        return 0
    head = str(next_from).split("/", 1)[0]
    if not head.isdigit():
        raise VkFault(100, "One of the parameters specified was missing or invalid: "
                           "start_from is invalid")
    return int(head)


METHODS: dict[str, Callable[[World, dict], Any]] = {
    "wall.get": wall_get,
    "wall.getById": wall_get_by_id,
    "wall.getComments": wall_get_comments,
    "groups.getById": groups_get_by_id,
    "utils.resolveScreenName": utils_resolve_screen_name,
    "newsfeed.search": newsfeed_search,
}
