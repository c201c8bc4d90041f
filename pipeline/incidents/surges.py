"""Surges: an hour of one sector × municipality far above that pair's own baseline.

Posts are counted per sector × municipality × hour (pandas). The baseline is the pair's
mean posts per hour over ``incidents.surge_baseline`` before the hour (hours without posts
count as zero). An hour is a surge when it has at least ``surge_min_posts`` posts and at
least ``surge_factor`` times the baseline. A surge becomes one incident at
``surge_level`` or above, even when every post alone is medium: the incidents holding the
hour's posts (and those of the hours either side, when they share the surge's subject) are
merged into the one holding most of the hour's posts.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

import pandas as pd
from sqlalchemy import Connection, func, select

from pipeline.config.model import Incidents
from pipeline.incidents import edit, repo
from pipeline.incidents.assign import region_place_lemmas
from pipeline.incidents.levels import OPEN, Rules, rank
from pipeline.incidents.text import content_lemmas
from pipeline.store.schema import incident_posts, incidents, posts, surges

HOUR = timedelta(hours=1)
GENERIC = frozenset({"отсутствие"})  # too common in complaints to say what a surge is about


@dataclass(frozen=True)
class Surge:
    sector: str
    municipality: str
    hour_start: datetime
    posts: int
    baseline: float
    post_ids: tuple[int, ...]
    nearby_ids: tuple[int, ...] = ()  # the pair's posts in the hours either side


def detect(frame: pd.DataFrame, now: datetime, settings: Incidents) -> list[Surge]:
    """Surges in the hours within ``settings.window`` before ``now``.

    ``frame``: post_id, sector, municipality, published_at (the baseline period included).
    """
    if frame.empty:
        return []
    frame = frame.assign(hour=pd.to_datetime(frame["published_at"], utc=True).dt.floor("h"))
    counts = frame.groupby(["sector", "municipality", "hour"]).size()
    current = pd.Timestamp(now).floor("h")
    start = pd.Timestamp(now - settings.surge_baseline).floor("h")
    found = []
    for (sector, place, hour), count in counts.items():
        if hour < pd.Timestamp(now - settings.window).floor("h") or hour > current:
            continue  # older news is no surge any more
        history = counts.loc[(sector, place)]
        before = history[(history.index >= start) & (history.index < hour)]
        hours = max((hour - start) / pd.Timedelta(HOUR), 1.0)
        baseline = float(before.sum()) / hours
        if count >= settings.surge_min_posts and count >= settings.surge_factor * baseline:
            pair = frame[(frame.sector == sector) & (frame.municipality == place)]
            ids = pair[pair.hour == hour]["post_id"]
            near = pair[(pair.hour - hour).abs() == pd.Timedelta(HOUR)]["post_id"]
            found.append(Surge(sector, place, hour.to_pydatetime(), int(count),
                               round(baseline, 3), tuple(int(i) for i in ids),
                               tuple(int(i) for i in near)))
    return found


def load_frame(conn: Connection, rules: Rules, now: datetime) -> pd.DataFrame:
    """Problem posts (level ≥ incidents.min_level) with a sector and a municipality."""
    newest = repo.newest_analyses()
    since = now - rules.config.incidents.surge_baseline - HOUR
    low = next((lv.min_score for lv in rules.config.risk_levels
                if lv.key == rules.config.incidents.min_level), 0)
    rows = conn.execute(
        select(posts.c.id.label("post_id"), newest.c.sector, newest.c.municipality,
               posts.c.published_at)
        .join_from(posts, newest, newest.c.post_id == posts.c.id)
        .where(posts.c.published_at >= since, posts.c.published_at <= now,
               newest.c.sector.is_not(None), newest.c.municipality.is_not(None),
               func.coalesce(newest.c.risk, 0) >= low)).all()
    return pd.DataFrame(rows, columns=["post_id", "sector", "municipality", "published_at"])


def apply_surges(conn: Connection, rules: Rules, now: datetime) -> int:
    """Turn new surges into incidents (merge + raise); returns how many were new."""
    since = now - rules.config.incidents.window - HOUR
    seen = {(r.sector, r.municipality, r.hour_start) for r in conn.execute(
        select(surges.c.sector, surges.c.municipality, surges.c.hour_start).where(
            surges.c.hour_start >= since))}
    new = 0
    for surge in detect(load_frame(conn, rules, now), now, rules.config.incidents):
        if (surge.sector, surge.municipality, surge.hour_start) in seen:
            continue
        incident_id = _surge_incident(conn, rules, surge, now)
        conn.execute(surges.insert().values(
            sector=surge.sector, municipality=surge.municipality, hour_start=surge.hour_start,
            posts=surge.posts, baseline=surge.baseline, incident_id=incident_id,
            detected_at=now))
        new += 1
    return new


def _holders(conn: Connection, post_ids: tuple[int, ...]) -> dict[int, list[str]]:
    """Open incidents holding any of ``post_ids``: incident id -> those posts' texts."""
    rows = conn.execute(
        select(incident_posts.c.incident_id, posts.c.id, posts.c.text)
        .join(incidents, incidents.c.id == incident_posts.c.incident_id)
        .join(posts, posts.c.id == incident_posts.c.post_id)
        .where(incident_posts.c.post_id.in_(post_ids), incidents.c.status.in_(OPEN),
               incidents.c.merged_into.is_(None)).order_by(incident_posts.c.incident_id))
    found: dict[int, list[str]] = {}
    for row in rows:
        found.setdefault(row.incident_id, []).append(row.text or "")
    return found


def core_lemmas(texts: list[str], places: frozenset[str]) -> set[str]:
    """What a surge is about: content lemmas found in at least a third of its posts."""
    docs = [set(content_lemmas(t, places)) - GENERIC for t in texts]
    counts = Counter(lemma for doc in docs for lemma in doc)
    return {lemma for lemma, n in counts.items() if n >= max(2, len(docs) // 3)}


def _related(conn: Connection, rules: Rules, surge: Surge) -> list[int]:
    """Incidents of the surge: the hour's, and its neighbours' when they share its subject.

    The first is the one holding most of the hour's posts. An incident about something else
    (a gas leak in the same district that hour) is left alone.
    """
    in_hour = _holders(conn, surge.post_ids)
    places = region_place_lemmas(rules.config)
    core = core_lemmas([t for texts in in_hour.values() for t in texts], places)
    around = _holders(conn, surge.post_ids + surge.nearby_ids)
    ranked = sorted(around, key=lambda i: (-len(in_hour.get(i, [])), i))
    return [i for i in ranked if ranked.index(i) == 0
            or core & {lm for t in around[i] for lm in content_lemmas(t, places)}]


def _surge_incident(conn: Connection, rules: Rules, surge: Surge,
                    now: datetime) -> int | None:
    holders = _related(conn, rules, surge)
    if holders:
        target, others = holders[0], holders[1:]
        if others:
            edit.merge(conn, rules, target, others, "system", now, comment="всплеск сообщений")
    else:
        free = [p for p in surge.post_ids if not _in_incident(conn, p)]
        if not free:
            return None  # every post is in a closed incident: operators already handled it
        target = repo.create_incident(conn, now, comment="всплеск сообщений")
        for post_id in free:
            repo.attach(conn, target, post_id, "всплеск сообщений", None, now)
        repo.refresh(conn, target, rules, now)
    level = surge_level(rules, target, conn)
    repo.raise_level(conn, rules, target, level, surge_reason(rules, surge), now)
    repo.add_event(conn, target, "system", "surge", now, data={
        "sector": surge.sector, "municipality": surge.municipality, "posts": surge.posts,
        "baseline": surge.baseline, "hour": surge.hour_start.isoformat()})
    return target


def surge_level(rules: Rules, incident_id: int, conn: Connection) -> str:
    current = conn.execute(select(incidents.c.risk_level).where(
        incidents.c.id == incident_id)).scalar()
    wanted = rules.config.incidents.surge_level
    return current if rank(current) >= rank(wanted) else wanted


def surge_reason(rules: Rules, surge: Surge) -> str:
    usual = f"{surge.baseline:.1f}".replace(".", ",")
    return (f"Всплеск: {surge.posts} сообщений за час при обычных {usual} в час "
            f"({rules.sector_title(surge.sector)}, {rules.place_name(surge.municipality)})")


def _in_incident(conn: Connection, post_id: int) -> bool:
    return conn.execute(select(incident_posts.c.post_id).where(
        incident_posts.c.post_id == post_id)).first() is not None
