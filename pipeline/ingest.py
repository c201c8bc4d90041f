"""``radar ingest``: post records from .jsonl or .csv into the store, row by row.

A bad row is reported with its line and reason; the good rows are still stored.
Rows are committed in chunks, so a killed ingest re-run stores every post once.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from pipeline.records import PostRecord
from pipeline.store import Store
from pipeline.store.posts import StoreResult, store_posts
from pipeline.store.sources import ensure_imported_sources

CHUNK = 2000
CSV_METRICS = ("views", "likes", "reposts", "comments")


@dataclass
class RowError:
    line: int
    reason: str


@dataclass
class IngestReport:
    stored: StoreResult = field(default_factory=StoreResult)
    errors: list[RowError] = field(default_factory=list)
    rows: int = 0


def read_records(path: Path, defaults: dict[str, str]) -> Iterator[tuple[int, PostRecord | str]]:
    """(line, record) for good rows, (line, reason) for bad ones."""
    if path.suffix.lower() == ".csv":
        yield from _read_csv(path, defaults)
    else:
        yield from _read_jsonl(path)


def _read_jsonl(path: Path) -> Iterator[tuple[int, PostRecord | str]]:
    with path.open(encoding="utf-8", errors="replace") as handle:
        for line_no, line in enumerate(handle, start=1):
            if line.strip():
                yield line_no, _parse_json_line(line)


def _parse_json_line(line: str) -> PostRecord | str:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        return f"invalid JSON: {exc.msg} at column {exc.colno}"
    if not isinstance(data, dict):
        return "a record must be a JSON object"
    return _validate(data)


def _validate(data: dict) -> PostRecord | str:
    try:
        return PostRecord.model_validate(data)
    except ValidationError as exc:
        return "; ".join(_describe(err) for err in exc.errors())


def _describe(error: dict) -> str:
    where = ".".join(str(p) for p in error["loc"]) or "record"
    return f"{where}: {error['msg']}"


def _read_csv(path: Path, defaults: dict[str, str]) -> Iterator[tuple[int, PostRecord | str]]:
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"id", "text"} - set(reader.fieldnames or [])
        if missing:
            yield 1, f"CSV header lacks column(s): {', '.join(sorted(missing))}"
            return
        for row in reader:
            yield reader.line_num, _validate(_csv_record(row, defaults))


def _csv_record(row: dict, defaults: dict[str, str]) -> dict:
    record = {k: v for k, v in row.items() if k and v not in (None, "")}
    record.setdefault("platform", defaults["platform"])
    record.setdefault("source", defaults["source"])
    record.setdefault("published_at", defaults["published_at"])
    record.setdefault("text", "")
    author = {k: record.pop(f"author_{k}") for k in ("id", "name") if f"author_{k}" in record}
    metrics = {k: record.pop(k) for k in CSV_METRICS if k in record}
    return {**record, "author": author, "metrics": metrics}


def ingest(store: Store, rows: Iterable[tuple[int, PostRecord | str]]) -> IngestReport:
    report = IngestReport()
    chunk: list[PostRecord] = []
    for line, item in rows:
        report.rows += 1
        if isinstance(item, str):
            report.errors.append(RowError(line, item))
            continue
        chunk.append(item)
        if len(chunk) >= CHUNK:
            report.stored.add(_commit(store, chunk))
            chunk = []
    if chunk:
        report.stored.add(_commit(store, chunk))
    return report


def _commit(store: Store, records: list[PostRecord]) -> StoreResult:
    with store.transaction() as conn:
        ensure_imported_sources(conn, {(r.source, r.platform) for r in records})
        return store_posts(conn, records)
