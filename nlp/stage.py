"""The analyze stage: every stored post without an analysis for the current model version.

Batches are committed one by one, and rows are inserted with "on conflict do nothing" on
(post_id, model_version): a run killed mid-way loses at most one uncommitted batch, and the
next run (or a concurrent one) finishes the rest without duplicates.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import UTC, datetime

from sqlalchemy import and_, exists, select

from nlp.analyze import Analysis, Analyzer, Item
from pipeline.stages import StageResult
from pipeline.store.schema import analyses, post_metrics, posts, sources

log = logging.getLogger(__name__)
BATCH = 256
METRICS = ("views", "likes", "reposts", "comments")
_ANALYZERS: dict[int, Analyzer] = {}


def analyzer_for(config) -> Analyzer:
    """One Analyzer per config object (models themselves are shared process-wide)."""
    if id(config) not in _ANALYZERS:
        _ANALYZERS[id(config)] = Analyzer(config)
    return _ANALYZERS[id(config)]


def pending(conn, version: str, after_id: int, limit: int) -> list:
    done = exists().where(and_(analyses.c.post_id == posts.c.id,
                               analyses.c.model_version == version))
    query = (select(posts.c.id, posts.c.text, posts.c.published_at, posts.c.source_id)
             .where(posts.c.id > after_id, posts.c.deleted_at.is_(None), ~done)
             .order_by(posts.c.id).limit(limit))
    return list(conn.execute(query))


def metric_history(conn, post_ids: list[int]) -> dict[int, list[dict]]:
    rows = conn.execute(select(post_metrics).where(post_metrics.c.post_id.in_(post_ids))
                        .order_by(post_metrics.c.post_id, post_metrics.c.observed_at))
    history: dict[int, list[dict]] = defaultdict(list)
    for row in rows.mappings():
        history[row["post_id"]].append(
            {"observed_at": row["observed_at"], **{k: row[k] for k in METRICS}})
    return history


def source_settings(conn, source_ids: set[str]) -> dict[str, dict]:
    rows = conn.execute(select(sources.c.id, sources.c.settings, sources.c.resolved)
                        .where(sources.c.id.in_(source_ids)))
    return {r.id: {**(r.resolved or {}), **(r.settings or {})} for r in rows}


def items_for(conn, rows) -> list[Item]:
    history = metric_history(conn, [r.id for r in rows])
    settings = source_settings(conn, {r.source_id for r in rows})
    return [Item(text=r.text or "", published_at=r.published_at,
                 source=settings.get(r.source_id),
                 metrics=history[r.id][-1] if history.get(r.id) else None,
                 metrics_history=history.get(r.id, [])[-2:])
            for r in rows]


def row_for(post_id: int, version: str, result: Analysis, now: datetime) -> dict:
    data = result.to_dict()
    return {"post_id": post_id, "model_version": version, "analyzed_at": now, **data}


def insert_ignoring_duplicates(conn, rows: list[dict]) -> None:
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    statement = insert(analyses).on_conflict_do_nothing(
        index_elements=["post_id", "model_version"])
    conn.execute(statement, rows)


def run_batch(store, analyzer: Analyzer, after_id: int,
              limit: int = BATCH) -> tuple[int, int, int]:
    """Analyze and commit one batch: (posts seen, rows written, last post id seen).

    A post whose analysis raises is logged with its id and left pending for the next run;
    the rest of the batch is written."""
    with store.transaction() as conn:
        rows = pending(conn, analyzer.version, after_id, limit)
        if not rows:
            return 0, 0, after_id
        now, out = datetime.now(UTC), []
        for row, result in zip(rows, analyzer.analyze_each(items_for(conn, rows)), strict=True):
            if isinstance(result, Exception):
                log.error("analyze: post %s failed: %r; left pending", row.id, result)
                continue
            out.append(row_for(row.id, analyzer.version, result, now))
        if out:
            insert_ignoring_duplicates(conn, out)
    return len(rows), len(out), rows[-1].id


def run(store, config, limit: int | None = None) -> StageResult:
    analyzer = analyzer_for(config)
    seen = written = last = 0
    while limit is None or seen < limit:
        size = BATCH if limit is None else min(BATCH, limit - seen)
        count, ok, last = run_batch(store, analyzer, last, size)
        if count == 0:
            break
        seen, written = seen + count, written + ok
        log.info("analyze: %d posts so far (model %s)", written, analyzer.version)
    failed = f", {seen - written} failed (left pending)" if seen > written else ""
    return StageResult(written, f"(model {analyzer.version}{failed})")
