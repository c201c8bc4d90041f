"""``radar export posts``: the stored posts back out as JSON Lines, CSV or XLSX."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import datetime
from typing import IO

from sqlalchemy import Connection, func, select

from pipeline.store.schema import post_metrics, posts

COLUMNS = ("platform", "source", "id", "url", "published_at", "author_id", "author_name",
           "text", "views", "likes", "reposts", "comments", "parent_id", "repost_of_platform",
           "repost_of_id", "edited_at")
DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
METRICS = ("views", "likes", "reposts", "comments")


def neutralize(value: object) -> object:
    """Spreadsheet cells that start like a formula are prefixed with a quote."""
    if isinstance(value, str) and value.startswith(DANGEROUS_PREFIXES):
        return "'" + value
    return value


def iter_post_records(conn: Connection, since: datetime | None = None,
                      source: str | None = None) -> Iterator[dict]:
    """Posts in publication order, each with its latest metrics (one query, not one per post)."""
    latest = (select(post_metrics.c.post_id, func.max(post_metrics.c.observed_at).label("at"))
              .group_by(post_metrics.c.post_id).subquery())
    metrics = (select(post_metrics).join(latest, (latest.c.post_id == post_metrics.c.post_id)
                                         & (latest.c.at == post_metrics.c.observed_at))
               .subquery())
    query = (select(posts, *(metrics.c[k].label(f"m_{k}") for k in METRICS))
             .outerjoin(metrics, metrics.c.post_id == posts.c.id)
             .order_by(posts.c.published_at, posts.c.id))
    if since is not None:
        query = query.where(posts.c.published_at >= since)
    if source is not None:
        query = query.where(posts.c.source_id == source)
    for row in conn.execute(query).mappings():
        yield _record(row, {k: row[f"m_{k}"] for k in METRICS if row[f"m_{k}"] is not None})


def _record(row, metrics: dict) -> dict:
    record = {
        "platform": row["platform"], "source": row["source_id"], "id": row["native_id"],
        "url": row["url"], "published_at": row["published_at"].isoformat(),
        "author": {k: v for k, v in (("id", row["author_id"]), ("name", row["author_name"]))
                   if v is not None},
        "text": row["text"], "metrics": metrics, "parent_id": row["parent_native_id"],
        "repost_of": ({"platform": row["repost_of_platform"], "id": row["repost_of_id"]}
                      if row["repost_of_id"] else None),
        "edited_at": row["edited_at"].isoformat() if row["edited_at"] else None,
    }
    return {k: v for k, v in record.items() if v is not None}


def flat_row(record: dict) -> list[object]:
    metrics, author = record.get("metrics", {}), record.get("author", {})
    repost = record.get("repost_of") or {}
    values = {**record, "author_id": author.get("id"), "author_name": author.get("name"),
              **metrics, "parent_id": record.get("parent_id"),
              "repost_of_platform": repost.get("platform"), "repost_of_id": repost.get("id")}
    return [neutralize(values.get(column)) for column in COLUMNS]


def write_jsonl(records: Iterator[dict], out: IO[str]) -> int:
    count = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(records: Iterator[dict], out: IO[str]) -> int:
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    count = 0
    for record in records:
        writer.writerow(flat_row(record))
        count += 1
    return count


def write_xlsx(records: Iterator[dict], path: str) -> int:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("posts")
    sheet.append(list(COLUMNS))
    count = 0
    for record in records:
        sheet.append(flat_row(record))
        count += 1
    book.save(path)
    return count
