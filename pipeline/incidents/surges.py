"""Surges: an hour of one sector × municipality far above that pair's own baseline.

Posts are counted per sector × municipality × hour (pandas). The baseline is the pair's
mean posts per hour over ``incidents.surge_baseline`` before the hour (hours without posts
count as zero). An hour is a surge when it has at least ``surge_min_posts`` posts and at
least ``surge_factor`` times the baseline. A surge becomes one incident at
``surge_level`` or above, even when every post alone is medium: the incidents holding the
hour's posts are merged into the largest one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import pandas as pd
from sqlalchemy import Connection, func, select

from pipeline.config.model import Incidents
from pipeline.incidents import edit, repo
from pipeline.incidents.levels import OPEN, Rules, rank
from pipeline.store.schema import incident_posts, incidents, posts, surges

HOUR = timedelta(hours=1)


@dataclass(frozen=True)
class Surge:
    sector: str
    municipality: str
    hour_start: datetime
    posts: int
    baseline: float
    post_ids: tuple[int, ...]


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
            ids = frame[(frame.sector == sector) & (frame.municipality == place)
                        & (frame.hour == hour)]["post_id"]
            found.append(Surge(sector, place, hour.to_pydatetime(), int(count),
                               round(baseline, 3), tuple(int(i) for i in ids)))
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


def _surge_incident(conn: Connection, rules: Rules, surge: Surge,
                    now: datetime) -> int | None:
    holders = conn.execute(
        select(incident_posts.c.incident_id, func.count().label("n"))
        .join(incidents, incidents.c.id == incident_posts.c.incident_id)
        .where(incident_posts.c.post_id.in_(surge.post_ids), incidents.c.status.in_(OPEN),
               incidents.c.merged_into.is_(None))
        .group_by(incident_posts.c.incident_id).order_by(func.count().desc(),
                                                          incident_posts.c.incident_id)).all()
    if holders:
        target = holders[0].incident_id
        others = [h.incident_id for h in holders[1:]]
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
