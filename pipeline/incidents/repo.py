"""Incidents in the store: pending posts, members, creating, joining, recomputing the level."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Connection,
    and_,
    delete,
    exists,
    func,
    select,
    text,
    tuple_,
    update,
)

from pipeline.incidents.levels import Rules, higher, plural_posts, rank, step_up
from pipeline.store.schema import (
    analyses,
    incident_events,
    incident_posts,
    incident_triage,
    incidents,
    posts,
)

STICKY = ("Срок реакции истёк", "Всплеск")  # reasons added by escalations, kept on refresh
LOCK_KEY = 7_000_007  # PostgreSQL advisory lock: grouping and operators' edits take turns
POST_COLUMNS = (posts.c.id, posts.c.platform, posts.c.source_id, posts.c.native_id,
                posts.c.url, posts.c.published_at, posts.c.text, posts.c.parent_native_id,
                posts.c.repost_of_platform, posts.c.repost_of_id)


def grouping_lock(conn: Connection) -> None:
    """Serialize whatever moves posts between incidents (the stage, split, merge).

    PostgreSQL: a transaction-level advisory lock. SQLite: every transaction already begins
    with BEGIN IMMEDIATE, so writers take turns anyway.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})


def newest_analyses(*where):
    """One row per post: its newest analysis (latest analyzed_at, then highest id).

    ``where`` narrows the analyses looked at (e.g. to one incident's posts), which keeps the
    window function off the whole table.
    """
    ranked = select(analyses, func.row_number().over(
        partition_by=analyses.c.post_id,
        order_by=(analyses.c.analyzed_at.desc(), analyses.c.id.desc())).label("rn")
    ).where(*where).subquery()
    return select(ranked).where(ranked.c.rn == 1).subquery("newest")


def _post_query(newest):
    return select(*POST_COLUMNS, newest.c.id.label("analysis_id"), newest.c.sector,
                  newest.c.municipality, newest.c.address, newest.c.risk,
                  newest.c.risk_level, newest.c.reasons)


def pending_posts(conn: Connection, limit: int) -> list[dict]:
    """Analysed posts in no incident whose newest analysis has not been triaged yet."""
    newest = newest_analyses()
    in_incident = exists().where(incident_posts.c.post_id == posts.c.id)
    triaged = exists().where(and_(incident_triage.c.post_id == posts.c.id,
                                  incident_triage.c.analysis_id == newest.c.id))
    query = (_post_query(newest).join_from(posts, newest, newest.c.post_id == posts.c.id)
             .where(~in_incident, ~triaged, posts.c.deleted_at.is_(None))
             .order_by(posts.c.published_at, posts.c.id).limit(limit))
    return [dict(r) for r in conn.execute(query).mappings()]


def inherit_parent_place(conn: Connection, rows: list[dict]) -> None:
    """A comment that names no place is about its parent post's place."""
    orphans = [r for r in rows if r["parent_native_id"] and not r["municipality"]]
    if not orphans:
        return
    newest = newest_analyses()
    keys = list({(r["source_id"], r["parent_native_id"]) for r in orphans})
    found = {}
    for start in range(0, len(keys), 400):
        query = (select(posts.c.source_id, posts.c.native_id, newest.c.municipality)
                 .join_from(posts, newest, newest.c.post_id == posts.c.id)
                 .where(tuple_(posts.c.source_id, posts.c.native_id).in_(keys[start:start + 400]),
                        newest.c.municipality.is_not(None)))
        found.update({(r.source_id, r.native_id): r.municipality for r in conn.execute(query)})
    for row in orphans:
        row["municipality"] = found.get((row["source_id"], row["parent_native_id"]))


def member_posts(conn: Connection, since: datetime) -> list[dict]:
    """Posts of live (not merged) incidents published since ``since``."""
    newest = newest_analyses()
    query = (_post_query(newest).add_columns(incident_posts.c.incident_id)
             .join_from(posts, incident_posts, incident_posts.c.post_id == posts.c.id)
             .join(incidents, incidents.c.id == incident_posts.c.incident_id)
             .outerjoin(newest, newest.c.post_id == posts.c.id)
             .where(incidents.c.merged_into.is_(None), posts.c.published_at >= since))
    return [dict(r) for r in conn.execute(query).mappings()]


def mark_triaged(conn: Connection, post_id: int, analysis_id: int, outcome: str,
                 now: datetime) -> None:
    conn.execute(delete(incident_triage).where(incident_triage.c.post_id == post_id))
    conn.execute(incident_triage.insert().values(post_id=post_id, analysis_id=analysis_id,
                                                 outcome=outcome, at=now))


def add_event(conn: Connection, incident_id: int, actor: str, kind: str, now: datetime,
              **values) -> None:
    conn.execute(incident_events.insert().values(incident_id=incident_id, at=now, actor=actor,
                                                 kind=kind, **values))


def create_incident(conn: Connection, now: datetime, actor: str = "system",
                    comment: str | None = None) -> int:
    """An empty incident at level none; ``refresh`` fills it from its posts."""
    incident_id = conn.execute(incidents.insert().values(
        status="new", risk=0, risk_level="none", reasons=[], created_at=now,
        updated_at=now)).inserted_primary_key[0]
    add_event(conn, incident_id, actor, "created", now, to_status="new", comment=comment)
    return incident_id


def attach(conn: Connection, incident_id: int, post_id: int, reason: str,
           similarity: float | None, now: datetime) -> None:
    conn.execute(incident_posts.insert().values(incident_id=incident_id, post_id=post_id,
                                                reason=reason, similarity=similarity,
                                                joined_at=now))


def incident_members(conn: Connection, incident_id: int) -> list[dict]:
    newest = newest_analyses(analyses.c.post_id.in_(
        select(incident_posts.c.post_id).where(incident_posts.c.incident_id == incident_id)))
    query = (_post_query(newest).add_columns(incident_posts.c.reason,
                                             incident_posts.c.similarity)
             .join_from(posts, incident_posts, incident_posts.c.post_id == posts.c.id)
             .outerjoin(newest, newest.c.post_id == posts.c.id)
             .where(incident_posts.c.incident_id == incident_id)
             .order_by(posts.c.published_at, posts.c.id))
    return [dict(r) for r in conn.execute(query).mappings()]


def top_post(members: list[dict]) -> dict:
    """The post that speaks for the incident: highest risk, then the earliest."""
    return max(members, key=lambda m: (m["risk"] or 0, -m["published_at"].timestamp()))


def refresh(conn: Connection, incident_id: int, rules: Rules, now: datetime,
            actor: str = "system", reset: bool = False) -> tuple[str, str]:
    """Recompute risk, level, place, reasons and deadline from the members.

    The level only rises, unless ``reset`` (after a split; the deadline is kept). A rise
    tightens the deadline to the new level's SLA and puts the alert in the outbox. Returns
    (old, new) level.
    """
    current = conn.execute(select(incidents).where(incidents.c.id == incident_id)).mappings().one()
    members = incident_members(conn, incident_id)
    if not members:
        return current["risk_level"], current["risk_level"]
    top = top_post(members)
    risk = max(m["risk"] or 0 for m in members)
    level, reasons = _level_and_reasons(rules, risk, len(members), top, current, reset)
    values = {"risk": risk, "risk_level": level, "reasons": reasons, "updated_at": now,
              "sector": top["sector"], "municipality": top["municipality"],
              "address": top["address"] or _first_address(members),
              "block": rules.block(top["sector"]), "title": summary(top["text"])}
    old = current["risk_level"]
    if rank(level) > rank(old):  # a split source keeps its deadline otherwise
        values["deadline"] = _sooner(current["deadline"], rules.deadline(level, now))
    conn.execute(update(incidents).where(incidents.c.id == incident_id).values(**values))
    if level != old:
        add_event(conn, incident_id, actor, "level", now, data={"from": old, "to": level})
    if rank(level) > rank(old):
        from pipeline.alerts.outbox import enqueue

        enqueue(conn, rules, incident_id, level, now)
    return old, level


def _level_and_reasons(rules: Rules, risk: int, count: int, top: dict, current,
                       reset: bool) -> tuple[str, list[str]]:
    level = rules.level_for(risk)
    reasons = reason_list(top["reasons"])[:5]
    steps = rules.growth_steps(count)
    if steps:
        level = step_up(level, steps)
        reasons.append(plural_posts(count))
    sticky = [r for r in (current["reasons"] or []) if r.startswith(STICKY)]
    if not reset:
        level = higher(current["risk_level"], level)
        reasons += [r for r in sticky if r not in reasons]
    return level, reasons


def reason_list(value) -> list[str]:
    """Reasons as the analysis gave them; a stray string or junk does not break the stage."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [r for r in value if isinstance(r, str) and r]
    return []


def _sooner(a: datetime | None, b: datetime | None) -> datetime | None:
    return min(a, b) if a and b else a or b


def _first_address(members: list[dict]) -> str | None:
    return next((m["address"] for m in members if m["address"]), None)


def summary(text: str, limit: int = 160) -> str:
    """The first sentence or so of a post, for titles and alerts."""
    flat = " ".join((text or "").split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0]
    return cut + "…"


def raise_level(conn: Connection, rules: Rules, incident_id: int, level: str, reason: str,
                now: datetime, actor: str = "system", tighten: bool = True) -> bool:
    """Lift an incident to at least ``level`` with a (kept) reason; True when it rose.

    ``tighten`` moves the deadline to the new level's SLA when that is sooner; an overdue
    escalation keeps the passed deadline, so the incident stays overdue.
    """
    row = conn.execute(select(incidents).where(incidents.c.id == incident_id)).mappings().one()
    reasons = list(row["reasons"] or [])
    if reason not in reasons:
        reasons.append(reason)
    new = higher(row["risk_level"], level)
    values: dict = {"reasons": reasons, "risk_level": new, "updated_at": now}
    rose = rank(new) > rank(row["risk_level"])
    if rose and tighten:
        values["deadline"] = _sooner(row["deadline"], rules.deadline(new, now))
    conn.execute(update(incidents).where(incidents.c.id == incident_id).values(**values))
    if rose:
        add_event(conn, incident_id, actor, "level", now, comment=reason,
                  data={"from": row["risk_level"], "to": new})
        from pipeline.alerts.outbox import enqueue

        enqueue(conn, rules, incident_id, new, now)
    return rose
