"""The fake VK's data: communities, users, wall posts and comments, seedable from plain dicts.

Objects are kept in VK's own 5.199 field shapes so the methods can hand them out
almost as they are (see fakes/vk_methods.py).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass
class Wall:
    owner_id: int  # negative for communities, as VK writes it
    screen_name: str
    name: str
    state: str | None = None  # None | "closed" | "deleted" | "banned" | "private"
    comments_closed: bool = False
    posts: dict[int, dict] = field(default_factory=dict)
    next_id: int = 1

    @property
    def is_group(self) -> bool:
        return self.owner_id < 0


@dataclass
class Thread:
    """The comments of one post: top-level comments, each with its replies."""

    comments: dict[int, dict] = field(default_factory=dict)  # id -> comment (top and replies)
    next_id: int = 1


def _ts(value: Any) -> int:
    if value is None:
        return int(time.time())
    if isinstance(value, datetime):
        return int(value.timestamp())
    if isinstance(value, str):
        return int(datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp())
    return int(value)


class World:
    """Thread-safe store of everything the fake serves."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.walls: dict[int, Wall] = {}
        self.threads: dict[tuple[int, int], Thread] = {}
        # (owner_id, post_id) -> lower-cased queries that find the post besides its text,
        # standing in for VK's morphological search (seeded by the demo corpus)
        self.search_terms: dict[tuple[int, int], set[str]] = {}
        self._next_group = 200_000_000
        self._next_user = 700_000_000

    # -- walls -------------------------------------------------------------------------
    def add_group(self, screen_name: str, group_id: int | None = None,
                  name: str | None = None) -> int:
        with self.lock:
            if group_id is None:
                self._next_group += 1
                group_id = self._next_group
            owner = -abs(int(group_id))
            self.walls[owner] = Wall(owner, screen_name, name or screen_name)
            return owner

    def add_user(self, screen_name: str, user_id: int | None = None,
                 name: str | None = None) -> int:
        with self.lock:
            if user_id is None:
                self._next_user += 1
                user_id = self._next_user
            self.walls[int(user_id)] = Wall(int(user_id), screen_name, name or screen_name)
            return int(user_id)

    def wall(self, owner: int | str) -> Wall:
        with self.lock:
            if isinstance(owner, str) and not owner.lstrip("-").isdigit():
                found = self.by_screen_name(owner)
                if found is None:
                    return self.walls[self.add_group(owner)]
                return found
            owner_id = int(owner)
            if owner_id not in self.walls:
                self.walls[owner_id] = Wall(owner_id, _default_screen_name(owner_id),
                                            f"page {owner_id}")
            return self.walls[owner_id]

    def by_screen_name(self, screen_name: str) -> Wall | None:
        name = screen_name.lower()
        return next((w for w in self.walls.values() if w.screen_name.lower() == name), None)

    # -- posts -------------------------------------------------------------------------
    def add_post(self, owner: int | str, text: str = "", *, date: Any = None,
                 id: int | None = None, likes: int = 0, reposts: int = 0, views: int = 0,
                 comments: int | None = None, pinned: bool = False, from_id: int | None = None,
                 copy_history: list[dict] | None = None) -> dict:
        with self.lock:
            wall = self.wall(owner)
            post_id = int(id) if id is not None else wall.next_id
            wall.next_id = max(wall.next_id, post_id + 1)
            post = {
                "id": post_id, "from_id": from_id if from_id is not None else wall.owner_id,
                "owner_id": wall.owner_id, "date": _ts(date), "marked_as_ads": 0,
                "post_type": "post", "text": text, "attachments": [],
                "comments": {"count": 0, "can_post": 1, "groups_can_post": True},
                "likes": {"count": likes, "user_likes": 0, "can_like": 1, "can_publish": 1},
                "reposts": {"count": reposts, "user_reposted": 0},
                "views": {"count": views}, "donut": {"is_donut": False},
                "hash": f"h{abs(wall.owner_id)}x{post_id}", "type": "post",
            }
            if copy_history:
                post["copy_history"] = [_repost_item(item) for item in copy_history]
            if pinned:
                for other in wall.posts.values():
                    other.pop("is_pinned", None)
                post["is_pinned"] = 1
            wall.posts[post_id] = post
            if comments:
                post["comments"]["count"] = int(comments)
            return post

    def post(self, owner: int | str, post_id: int) -> dict:
        return self.wall(owner).posts[int(post_id)]

    def edit_post(self, owner: int | str, post_id: int, text: str, at: Any = None) -> dict:
        with self.lock:
            post = self.post(owner, post_id)
            post["text"] = text
            post["edited"] = _ts(at)
            return post

    def delete_post(self, owner: int | str, post_id: int) -> None:
        with self.lock:
            self.wall(owner).posts.pop(int(post_id), None)

    def set_metrics(self, owner: int | str, post_id: int, *, likes: int | None = None,
                    reposts: int | None = None, views: int | None = None) -> dict:
        with self.lock:
            post = self.post(owner, post_id)
            for key, value in (("likes", likes), ("reposts", reposts), ("views", views)):
                if value is not None:
                    post[key]["count"] = int(value)
            return post

    # -- comments ----------------------------------------------------------------------
    def add_comment(self, owner: int | str, post_id: int, text: str, *, date: Any = None,
                    from_id: int = 100, reply_to: int | None = None, likes: int = 0) -> dict:
        with self.lock:
            wall = self.wall(owner)
            post = wall.posts[int(post_id)]
            thread = self.threads.setdefault((wall.owner_id, post["id"]), Thread())
            comment_id = thread.next_id + post["id"] * 1000
            thread.next_id += 1
            comment = {"id": comment_id, "from_id": from_id, "post_id": post["id"],
                       "owner_id": wall.owner_id, "date": _ts(date), "text": text,
                       "parents_stack": [], "likes": {"count": likes, "user_likes": 0,
                                                      "can_like": 1}}
            if reply_to is not None:
                comment["parents_stack"] = [int(reply_to)]
                comment["reply_to_comment"] = int(reply_to)
            thread.comments[comment_id] = comment
            post["comments"]["count"] += 1
            return comment

    def delete_comment(self, owner: int | str, post_id: int, comment_id: int) -> None:
        """A deleted comment with replies stays as a stub; without replies it vanishes."""
        with self.lock:
            wall = self.wall(owner)
            thread = self.threads[(wall.owner_id, int(post_id))]
            comment = thread.comments[int(comment_id)]
            if self.replies(wall.owner_id, int(post_id), int(comment_id)):
                comment["deleted"] = True
            else:
                del thread.comments[int(comment_id)]
            wall.posts[int(post_id)]["comments"]["count"] -= 1

    def top_comments(self, owner_id: int, post_id: int) -> list[dict]:
        thread = self.threads.get((owner_id, post_id), Thread())
        return [c for c in thread.comments.values() if not c["parents_stack"]]

    def replies(self, owner_id: int, post_id: int, comment_id: int) -> list[dict]:
        thread = self.threads.get((owner_id, post_id), Thread())
        return [c for c in thread.comments.values() if c["parents_stack"][:1] == [comment_id]]

    # -- seeding -----------------------------------------------------------------------
    def seed(self, items: list[dict]) -> list[dict]:
        """Load plain post dicts: {group|owner_id, id, date, text, likes, reposts, views,
        comments (a count or a list of {text, date, from_id, replies: [...]}),
        copy_history, is_pinned} — or VK post records (pipeline/records.py shape: ids like
        "-123_456", comments "-123_456_c789" with parent_id), as the demo corpus has them;
        records of other platforms are skipped, so a mixed corpus can be passed whole."""
        made = []
        records = [i for i in items if "published_at" in i and i.get("platform", "vk") == "vk"]
        items = [i for i in items if "published_at" not in i]
        items += [_from_record(r) for r in records if "_c" not in str(r["id"])]
        for item in items:
            owner = item.get("owner_id", item.get("group"))
            if owner is None:
                raise ValueError(f"seed item without owner_id or group: {item!r}")
            comments = item.get("comments")
            post = self.add_post(
                owner, item.get("text", ""), date=item.get("date"), id=item.get("id"),
                likes=item.get("likes", 0), reposts=item.get("reposts", 0),
                views=item.get("views", 0), pinned=bool(item.get("is_pinned")),
                from_id=item.get("from_id"), copy_history=item.get("copy_history"),
                comments=comments if isinstance(comments, int) else None)
            for comment in comments if isinstance(comments, list) else []:
                self._seed_comment(post, comment)
            made.append(post)
        for record in records:
            if "_c" in str(record["id"]):
                self._seed_record_comment(record)
        return made

    def _seed_record_comment(self, record: dict) -> None:
        owner, post_id = (int(x) for x in str(record["parent_id"]).split("_")[:2])
        wall = self.wall(owner)
        if post_id not in wall.posts:
            return  # a comment whose post is not in the corpus: nothing to hang it on
        comment = self.add_comment(owner, post_id, record.get("text", ""),
                                   date=record["published_at"],
                                   from_id=_author(record, 100),
                                   likes=(record.get("metrics") or {}).get("likes") or 0)
        thread = self.threads[(wall.owner_id, post_id)]
        wanted = int(str(record["id"]).rsplit("_c", 1)[1])
        if wanted not in thread.comments:  # keep the corpus' comment id
            thread.comments[wanted] = {**thread.comments.pop(comment["id"]), "id": wanted}

    def _seed_comment(self, post: dict, comment: dict) -> None:
        top = self.add_comment(post["owner_id"], post["id"], comment.get("text", ""),
                               date=comment.get("date"), from_id=comment.get("from_id", 100))
        for reply in comment.get("replies", []):
            self.add_comment(post["owner_id"], post["id"], reply.get("text", ""),
                             date=reply.get("date"), from_id=reply.get("from_id", 100),
                             reply_to=top["id"])

    def all_posts(self) -> list[dict]:
        with self.lock:
            return [p for w in self.walls.values() for p in w.posts.values()]


def _from_record(record: dict) -> dict:
    """A VK post record (platform/source/id/published_at/metrics...) as a seed item."""
    owner, post_id = (int(x) for x in str(record["id"]).split("_")[:2])
    metrics = record.get("metrics") or {}
    item = {"owner_id": owner, "id": post_id, "date": record["published_at"],
            "text": record.get("text", ""), "likes": metrics.get("likes") or 0,
            "reposts": metrics.get("reposts") or 0, "views": metrics.get("views") or 0,
            "from_id": _author(record, owner),
            "is_pinned": bool((record.get("extra") or {}).get("pinned"))}
    original = record.get("repost_of")
    if original and original.get("platform") == "vk":
        ref_owner, ref_id = (int(x) for x in str(original["id"]).split("_")[:2])
        item["copy_history"] = [{"owner_id": ref_owner, "id": ref_id}]
    return item


def _author(record: dict, default: int) -> int:
    author = str((record.get("author") or {}).get("id") or "")
    return int(author) if author.lstrip("-").isdigit() else default


def _default_screen_name(owner_id: int) -> str:
    return f"club{-owner_id}" if owner_id < 0 else f"id{owner_id}"


def _repost_item(item: dict) -> dict:
    owner = int(item.get("owner_id", -1))
    return {"id": int(item.get("id", 1)), "owner_id": owner,
            "from_id": int(item.get("from_id", owner)), "date": _ts(item.get("date")),
            "post_type": "post", "text": item.get("text", ""), "attachments": []}
