"""Search over posts: SQLite FTS5 (posts_fts) or PostgreSQL Russian full-text search."""

from __future__ import annotations

import re

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import Connection, func, select, text

from pipeline.incidents.repo import newest_analyses
from pipeline.store.schema import incident_posts, posts
from web.dashboard.common import page_session, render
from web.session import Session

router = APIRouter(include_in_schema=False)
LIMIT = 100
WORD = re.compile(r"\w+", re.U)


def fts5_query(query: str) -> str | None:
    """Every word must occur (as a prefix); quotes keep FTS5 syntax out of user input."""
    words = WORD.findall(query)[:12]
    return " ".join(f'"{w}"*' for w in words) if words else None


def matching_ids(conn: Connection, query: str, limit: int) -> list[int]:
    if conn.dialect.name == "sqlite":
        match = fts5_query(query)
        if match is None:
            return []
        rows = conn.execute(text("SELECT rowid FROM posts_fts WHERE posts_fts MATCH :q "
                                 "ORDER BY rank LIMIT :n"), {"q": match, "n": limit})
        return [r[0] for r in rows]
    vector = func.to_tsvector(text("'russian'"), posts.c.text)
    tsquery = func.plainto_tsquery(text("'russian'"), query)
    rows = conn.execute(select(posts.c.id).where(vector.op("@@")(tsquery))
                        .order_by(func.ts_rank(vector, tsquery).desc(), posts.c.id.desc())
                        .limit(limit))
    return [r[0] for r in rows]


def search_posts(conn: Connection, query: str, sector: str | None = None,
                 limit: int = LIMIT) -> list[dict]:
    ids = matching_ids(conn, query, limit * (4 if sector else 1))
    if not ids:
        return []
    newest = newest_analyses()
    rows = conn.execute(
        select(posts.c.id, posts.c.platform, posts.c.source_id, posts.c.url, posts.c.text,
               posts.c.author_name, posts.c.published_at, newest.c.sector,
               newest.c.municipality, newest.c.sentiment, newest.c.risk,
               newest.c.risk_level, incident_posts.c.incident_id)
        .outerjoin(newest, newest.c.post_id == posts.c.id)
        .outerjoin(incident_posts, incident_posts.c.post_id == posts.c.id)
        .where(posts.c.id.in_(ids))).mappings().all()
    order = {post_id: i for i, post_id in enumerate(ids)}
    found = sorted((dict(r) for r in rows), key=lambda r: order[r["id"]])
    if sector:
        found = [r for r in found if r["sector"] == sector]
    return found[:limit]


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, session: Session = Depends(page_session), q: str = ""):
    q = q.strip()[:200]
    results = []
    if q:
        with request.app.state.store.transaction() as conn:
            results = search_posts(conn, q, session.user.sector_limit)
    return render(request, "search.html", session, q=q, results=results, limit=LIMIT)
