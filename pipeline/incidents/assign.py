"""One grouping pass: pending posts are joined to incidents or open new ones."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, select, update

from pipeline.config.model import Config
from pipeline.incidents import repo
from pipeline.incidents.grouping import Grouper, Item
from pipeline.incidents.levels import Rules
from pipeline.incidents.text import content_lemmas, place_lemmas, tfidf_vectors
from pipeline.store.schema import incidents

REOPEN_FROM = ("answered", "resolved")


@dataclass
class GroupStats:
    posts: int = 0
    created: int = 0
    joined: int = 0
    skipped: int = 0


def to_item(row: dict) -> Item:
    repost = ((row["repost_of_platform"], row["repost_of_id"])
              if row.get("repost_of_id") else None)
    return Item(post_id=row["id"], platform=row["platform"], native_id=row["native_id"],
                published_at=row["published_at"], text=row["text"] or "",
                sector=row.get("sector"), municipality=row.get("municipality"),
                address=row.get("address"), repost_of=repost,
                incident_id=row.get("incident_id"))


_PLACES: dict[int, frozenset[str]] = {}


def region_place_lemmas(config: Config) -> frozenset[str]:
    """Lemmas of every municipality and settlement name (cached per config object)."""
    if id(config) not in _PLACES:
        _PLACES[id(config)] = _place_lemmas(config)
    return _PLACES[id(config)]


def _place_lemmas(config: Config) -> frozenset[str]:
    names = []
    for m in config.municipalities:
        names += [m.name, *m.aliases]
        for s in m.settlements:
            names += [s.name, *s.aliases]
    return frozenset(place_lemmas(names))


def build_grouper(config: Config, rules: Rules, members: list[Item], pending: list[Item]):
    places = region_place_lemmas(config)
    everyone = members + pending
    for row, item in enumerate(everyone):
        item.row = row
    docs = [content_lemmas(i.text, places | place_lemmas([i.address or ""])) for i in everyone]
    for item, doc in zip(everyone, docs, strict=True):
        item.lemmas = frozenset(doc)
    names = {"sector": rules.sector_title, "place": rules.place_name}
    grouper = Grouper(config.incidents, tfidf_vectors(docs), lambda k, v: names[k](v))
    for item in members:
        grouper.add(item, item.incident_id)
    return grouper


def group_pending(conn: Connection, rules: Rules, now: datetime, limit: int = 500) -> GroupStats:
    """Group up to ``limit`` pending posts; every touched incident is recomputed."""
    stats = GroupStats()
    rows = repo.pending_posts(conn, limit)
    if not rows:
        return stats
    settings = rules.config.incidents
    since = rows[0]["published_at"] - max(settings.window, settings.duplicate_window)
    member_rows = repo.member_posts(conn, since)
    repo.inherit_parent_place(conn, rows + member_rows)
    members = [to_item(r) for r in member_rows]
    pending = [to_item(r) for r in rows]
    grouper = build_grouper(rules.config, rules, members, pending)
    touched: set[int] = set()
    for row, item in zip(rows, pending, strict=True):
        stats.posts += 1
        decision = grouper.decide(item)
        incident_id = decision.incident_id
        if incident_id is None:
            if not rules.opens_incident(rules.level_for(row["risk"])):
                repo.mark_triaged(conn, item.post_id, row["analysis_id"], "below_level", now)
                stats.skipped += 1
                continue
            incident_id = repo.create_incident(conn, now)
            stats.created += 1
        else:
            stats.joined += 1
        repo.attach(conn, incident_id, item.post_id, decision.reason, decision.similarity, now)
        grouper.add(item, incident_id)
        touched.add(incident_id)
    for incident_id in sorted(touched):
        _reopen_if_closed(conn, incident_id, now)
        repo.refresh(conn, incident_id, rules, now)
    return stats


def _reopen_if_closed(conn: Connection, incident_id: int, now: datetime) -> None:
    status = conn.execute(select(incidents.c.status).where(incidents.c.id == incident_id)).scalar()
    if status in REOPEN_FROM:
        conn.execute(update(incidents).where(incidents.c.id == incident_id).values(
            status="reopened", assignee=None, claimed_at=None, updated_at=now))
        repo.add_event(conn, incident_id, "system", "status", now, from_status=status,
                       to_status="reopened", comment="новые сообщения после ответа")
