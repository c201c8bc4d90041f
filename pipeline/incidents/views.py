"""Incidents as plain JSON-ready dicts: the queue listing, one incident with its trail."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import Connection, select

from pipeline.alerts.message import incident_url, local_time
from pipeline.incidents.levels import OPEN, Rules
from pipeline.incidents.queue import NotFound, queue_query
from pipeline.store.schema import incident_events, incident_posts, incidents, posts


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def post_refs(conn: Connection, incident_ids: list[int]) -> dict[int, list[dict]]:
    """Each incident's posts as post-record references, with why they joined."""
    found: dict[int, list[dict]] = defaultdict(list)
    if not incident_ids:
        return found
    rows = conn.execute(
        select(incident_posts.c.incident_id, incident_posts.c.reason,
               incident_posts.c.similarity, posts.c.id, posts.c.platform, posts.c.source_id,
               posts.c.native_id, posts.c.url, posts.c.published_at, posts.c.text)
        .join(posts, posts.c.id == incident_posts.c.post_id)
        .where(incident_posts.c.incident_id.in_(incident_ids))
        .order_by(posts.c.published_at, posts.c.id))
    for r in rows:
        found[r.incident_id].append({
            "platform": r.platform, "source": r.source_id, "id": r.native_id, "url": r.url,
            "post_id": r.id, "published_at": _iso(r.published_at), "reason": r.reason,
            "similarity": r.similarity, "text": r.text})
    return found


def incident_dict(row, refs: list[dict], rules: Rules, now: datetime,
                  with_text: bool = False) -> dict:
    deadline = row["deadline"]
    is_open = row["status"] in OPEN
    return {
        "id": row["id"], "status": row["status"], "title": row["title"],
        "risk": row["risk"], "risk_level": row["risk_level"],
        "level_title": rules.title(row["risk_level"]),
        "sector": row["sector"], "sector_title": rules.sector_title(row["sector"]),
        "block": row["block"], "municipality": row["municipality"],
        "place": rules.place_name(row["municipality"]), "address": row["address"],
        "deadline": _iso(deadline),
        "deadline_local": local_time(deadline, rules.config.region.timezone),
        "overdue": bool(is_open and deadline is not None and deadline < now),
        "near_deadline": bool(is_open and rules.near_deadline(row["risk_level"], deadline, now)),
        "assignee": row["assignee"], "reasons": list(row["reasons"] or []),
        "posts": [{k: v for k, v in p.items() if with_text or k != "text"} for p in refs],
        "posts_count": len(refs),
        "answer": {"text": row["answer_text"], "url": row["answer_url"],
                   "at": _iso(row["answered_at"])} if row["answer_text"] else None,
        "citizen_reaction": row["citizen_reaction"], "merged_into": row["merged_into"],
        "created_at": _iso(row["created_at"]), "updated_at": _iso(row["updated_at"]),
        "url": incident_url(rules.config.alerts.base_url, row["id"]),
    }


def queue_list(conn: Connection, rules: Rules, now: datetime, limit: int = 100,
               offset: int = 0, **filters) -> list[dict]:
    """The queue in queue order, filtered by status, sector, municipality or level."""
    rows = conn.execute(queue_query(now, **filters).limit(limit).offset(offset)).mappings().all()
    refs = post_refs(conn, [r["id"] for r in rows])
    return [incident_dict(r, refs.get(r["id"], []), rules, now) for r in rows]


def incident_detail(conn: Connection, rules: Rules, incident_id: int, now: datetime) -> dict:
    row = conn.execute(select(incidents).where(incidents.c.id == incident_id)).mappings().first()
    if row is None:
        raise NotFound(f"incident {incident_id} not found")
    refs = post_refs(conn, [incident_id]).get(incident_id, [])
    data = incident_dict(row, refs, rules, now, with_text=True)
    data["events"] = [{
        "at": _iso(e["at"]), "actor": e["actor"], "kind": e["kind"],
        "from": e["from_status"], "to": e["to_status"], "comment": e["comment"],
        "data": e["data"]} for e in conn.execute(
            select(incident_events).where(incident_events.c.incident_id == incident_id)
            .order_by(incident_events.c.at, incident_events.c.id)).mappings()]
    return data
