"""Operators' corrections of a post's sector, sentiment or risk level.

Each changed value becomes a row in ``labels`` (post, task, value, author) — the training
data ``radar train`` can add to its sets — and an event in the incident's history.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, select

from pipeline.config.model import LEVELS, Config
from pipeline.incidents.queue import QueueError
from pipeline.incidents.repo import add_event, newest_analyses
from pipeline.report.names import SENTIMENTS
from pipeline.store.schema import incident_posts, labels

FIELDS = {"sector": "sector", "sentiment": "sentiment", "risk": "risk_level"}
TITLES = {"sector": "сектор", "sentiment": "тональность", "risk": "уровень риска"}


def allowed_values(config: Config) -> dict[str, set[str]]:
    return {"sector": set(config.sector_keys()), "sentiment": set(SENTIMENTS),
            "risk": set(LEVELS)}


def current_analysis(conn: Connection, post_id: int) -> dict:
    newest = newest_analyses()
    row = conn.execute(select(newest).where(newest.c.post_id == post_id)).mappings().first()
    return dict(row) if row else {}


def save_corrections(conn: Connection, config: Config, incident_id: int, form, actor: str,
                     now: datetime) -> int:
    """Store the changed values as labels; returns how many were saved."""
    raw = str(form.get("post_id") or "")
    post_id = int(raw) if raw.isdigit() else 0
    member = conn.execute(select(incident_posts.c.post_id).where(
        incident_posts.c.incident_id == incident_id, incident_posts.c.post_id == post_id)).first()
    if member is None:
        raise QueueError(f"post {post_id} is not in incident {incident_id}")
    current, allowed = current_analysis(conn, post_id), allowed_values(config)
    changed = {}
    for task, column in FIELDS.items():
        value = form.get(task)
        value = value.strip() if isinstance(value, str) else ""
        if value and value in allowed[task] and value != current.get(column):
            changed[task] = value
    for task, value in changed.items():
        conn.execute(labels.insert().values(post_id=post_id, task=task, value=value,
                                            author=actor, created_at=now))
    if changed:
        text = "; ".join(f"{TITLES[t]}: {current.get(FIELDS[t]) or '—'} → {v}"
                         for t, v in changed.items())
        add_event(conn, incident_id, actor, "correction", now,
                  comment=f"исправлено для сообщения {post_id}: {text}",
                  data={"post_id": post_id, "labels": changed})
    return len(changed)
