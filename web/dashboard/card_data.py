"""What the incident card shows besides the incident itself: per-post analysis, metrics
growth, the operators' corrections (labels) and the other users to assign to."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import Connection, select

from pipeline.incidents.repo import newest_analyses
from pipeline.store.schema import labels, post_metrics, posts

METRICS = ("views", "likes", "reposts", "comments")
TASKS = ("sector", "sentiment", "risk")


def post_extras(conn: Connection, post_ids: list[int]) -> dict[int, dict]:
    """Author, newest analysis, metrics first/last and labels of each post."""
    if not post_ids:
        return {}
    newest = newest_analyses()
    rows = conn.execute(
        select(posts.c.id, posts.c.author_name, posts.c.author_id, posts.c.edited_at,
               posts.c.deleted_at, newest.c.sector, newest.c.sector_scores, newest.c.sentiment,
               newest.c.sentiment_scores, newest.c.complaint, newest.c.risk,
               newest.c.risk_level, newest.c.reasons, newest.c.model_version)
        .outerjoin(newest, newest.c.post_id == posts.c.id).where(posts.c.id.in_(post_ids)))
    extras = {r["id"]: dict(r) for r in rows.mappings()}
    growth = metrics_growth(conn, post_ids)
    corrections = post_labels(conn, post_ids)
    for post_id, extra in extras.items():
        extra["metrics"] = growth.get(post_id)
        extra["labels"] = corrections.get(post_id, {})
        extra["top_scores"] = top_scores(extra.get("sector_scores"))
    return extras


def top_scores(scores: dict | None, n: int = 3) -> list[tuple[str, float]]:
    if not isinstance(scores, dict):
        return []
    numeric = [(k, v) for k, v in scores.items() if isinstance(v, int | float)]
    return sorted(numeric, key=lambda kv: -kv[1])[:n]


def metrics_growth(conn: Connection, post_ids: list[int]) -> dict[int, dict]:
    """First and latest snapshot per post, with the change of each number."""
    rows = conn.execute(select(post_metrics).where(post_metrics.c.post_id.in_(post_ids))
                        .order_by(post_metrics.c.post_id, post_metrics.c.observed_at))
    history: dict[int, list] = defaultdict(list)
    for r in rows.mappings():
        history[r["post_id"]].append(r)
    growth = {}
    for post_id, snaps in history.items():
        first, last = snaps[0], snaps[-1]
        growth[post_id] = {
            "snapshots": len(snaps), "first_at": first["observed_at"],
            "last_at": last["observed_at"],
            "values": {m: (last[m], (last[m] or 0) - (first[m] or 0)) for m in METRICS
                       if last[m] is not None}}
    return growth


def post_labels(conn: Connection, post_ids: list[int]) -> dict[int, dict[str, dict]]:
    """The latest correction per post and task."""
    rows = conn.execute(select(labels).where(labels.c.post_id.in_(post_ids))
                        .order_by(labels.c.created_at, labels.c.id))
    found: dict[int, dict[str, dict]] = defaultdict(dict)
    for r in rows.mappings():
        found[r["post_id"]][r["task"]] = dict(r)
    return found
