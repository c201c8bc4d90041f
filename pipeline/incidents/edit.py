"""Operators' corrections: split posts off into a new incident, merge incidents into one.

A moved post keeps its old trace: the new reason says who moved it, from where, and why it
had joined before.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, select, update

from pipeline.incidents import repo
from pipeline.incidents.levels import Rules
from pipeline.incidents.queue import NotFound, QueueError
from pipeline.store.schema import incident_posts, incidents


def split(conn: Connection, rules: Rules, incident_id: int, post_ids: list[int], actor: str,
          now: datetime, comment: str | None = None) -> int:
    """Move ``post_ids`` out of an incident into a new one; returns the new incident's id."""
    repo.grouping_lock(conn)
    members = _member_reasons(conn, incident_id)
    wanted = set(post_ids)
    if not wanted or not wanted <= set(members):
        raise QueueError(f"incident {incident_id}: posts {sorted(wanted - set(members))} "
                         "are not in it")
    if wanted == set(members):
        raise QueueError(f"incident {incident_id}: cannot split off every post")
    new_id = repo.create_incident(conn, now, actor, comment=f"выделен из #{incident_id}")
    _move(conn, members, wanted, new_id,
          f"выделено оператором {actor} из инцидента #{incident_id}", now)
    repo.add_event(conn, incident_id, actor, "split", now, comment=comment,
                   data={"posts": sorted(wanted), "into": new_id})
    repo.refresh(conn, incident_id, rules, now, actor, reset=True)
    repo.refresh(conn, new_id, rules, now, actor)
    return new_id


def merge(conn: Connection, rules: Rules, target_id: int, source_ids: list[int], actor: str,
          now: datetime, comment: str | None = None) -> int:
    """Move every post of ``source_ids`` into ``target_id``; the sources close as merged."""
    repo.grouping_lock(conn)
    _require_live(conn, target_id)
    sources = [s for s in dict.fromkeys(source_ids) if s != target_id]
    if not sources:
        raise QueueError("nothing to merge")
    for source_id in sources:
        _require_live(conn, source_id)
        members = _member_reasons(conn, source_id)
        _move(conn, members, set(members), target_id,
              f"объединено оператором {actor} из инцидента #{source_id}", now)
        status = conn.execute(select(incidents.c.status).where(
            incidents.c.id == source_id)).scalar()
        conn.execute(update(incidents).where(incidents.c.id == source_id).values(
            merged_into=target_id, status="rejected", updated_at=now))
        repo.add_event(conn, source_id, actor, "merge", now, from_status=status,
                       to_status="rejected", comment=comment or f"дубликат #{target_id}",
                       data={"into": target_id})
    repo.add_event(conn, target_id, actor, "merge", now, comment=comment,
                   data={"from": sources})
    repo.refresh(conn, target_id, rules, now, actor)
    return target_id


def _member_reasons(conn: Connection, incident_id: int) -> dict[int, str]:
    _require_live(conn, incident_id)
    rows = conn.execute(select(incident_posts.c.post_id, incident_posts.c.reason).where(
        incident_posts.c.incident_id == incident_id))
    return {row.post_id: row.reason for row in rows}


def _require_live(conn: Connection, incident_id: int) -> None:
    row = conn.execute(select(incidents.c.merged_into).where(
        incidents.c.id == incident_id)).first()
    if row is None:
        raise NotFound(f"incident {incident_id} not found")
    if row.merged_into is not None:
        raise QueueError(f"incident {incident_id} was merged into #{row.merged_into}")


def _move(conn: Connection, members: dict[int, str], post_ids: set[int], target_id: int,
          why: str, now: datetime) -> None:
    for post_id in sorted(post_ids):
        conn.execute(update(incident_posts).where(incident_posts.c.post_id == post_id).values(
            incident_id=target_id, reason=f"{why}; ранее: {members[post_id]}", joined_at=now))
