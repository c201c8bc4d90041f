"""Reading `radar analyze` input (CSV or JSON Lines) row by row, with the line of every row."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import NoReturn

from nlp.analyze import Item

OUTPUT_FIELDS = ("id", "sector", "sector_scores", "sentiment", "sentiment_scores", "complaint",
                 "municipality", "address", "risk", "risk_level", "reasons", "entities")


TEXT_COLUMNS = ("text", "sentence", "comment", "message", "post", "текст")


def pick_column(columns: list[str], wanted: tuple[str, ...]) -> str | None:
    """The first of ``wanted`` among the columns, case and spaces aside."""
    by_name = {c.strip().lower(): c for c in columns}
    return next((by_name[w] for w in wanted if w in by_name), None)


class BadRow(ValueError):
    """An input row that cannot be analyzed; str() says why."""


@dataclass
class Row:
    line: int
    id: str | None = None
    item: Item | None = None
    error: str | None = None
    id_is_line: bool = False  # the file has no id column: the line number stands in


def is_jsonl(path: Path) -> bool:
    if path.suffix.lower() in (".jsonl", ".json", ".ndjson"):
        return True
    if path.suffix.lower() == ".csv":
        return False
    with path.open(encoding="utf-8-sig") as fh:
        return fh.read(1) in ("{", "[")


def jsonl_records(path: Path) -> Iterator[tuple[int, dict | str]]:
    with path.open(encoding="utf-8-sig") as fh:
        for line_no, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield line_no, f"invalid JSON: {exc.msg}"
                continue
            yield line_no, record if isinstance(record, dict) else "not a JSON object"


def delimiter_of(path: Path, header: str) -> str:
    """Tab for .tsv or a tab-separated header, ";" for a semicolon one (Excel in a Russian
    locale writes those), else ","."""
    if path.suffix.lower() == ".tsv" or header.count("\t") > header.count(","):
        return "\t"
    return ";" if header.count(";") > header.count(",") else ","


def csv_records(path: Path) -> Iterator[tuple[int, dict | str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        delimiter = delimiter_of(path, fh.readline())
        fh.seek(0)
        reader = csv.DictReader(fh, delimiter=delimiter)
        start = 2
        for record in reader:
            yield start, record
            start = reader.line_num + 1


RUSSIAN_DATES = ("%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y")


def parse_time(value) -> datetime | None:
    """ISO 8601; also Unix seconds (VK's `date`) and "27.11.2026 14:05" (no zone, like an ISO
    time without one)."""
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        _not_a_date(value)
    text = str(value).strip()
    if isinstance(value, int | float) or text.isdigit():
        try:
            return datetime.fromtimestamp(float(text), UTC)
        except (OverflowError, OSError, ValueError):
            _not_a_date(value)
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    for form in RUSSIAN_DATES:
        try:
            return datetime.strptime(text, form)
        except ValueError:
            continue
    _not_a_date(value)


def _not_a_date(value) -> NoReturn:
    raise BadRow(f"published_at is not an ISO date (nor Unix seconds, nor DD.MM.YYYY HH:MM): "
                 f"{value!r}")


def parse_metrics(value) -> dict | None:
    if value in (None, ""):
        return None
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError as exc:
            raise BadRow(f"metrics is not JSON: {exc.msg}") from exc
    if not isinstance(value, dict):
        raise BadRow("metrics must be an object like {\"views\": 10, \"comments\": 2}")
    if any(not isinstance(v, int | float) or isinstance(v, bool) for k, v in value.items()
           if k in ("views", "likes", "reposts", "comments") and v is not None):
        raise BadRow("metrics values must be numbers")
    if "observed_at" in value:
        value = {**value, "observed_at": parse_time(value["observed_at"])}
    return value


def to_item(record: dict, sources: dict) -> Item:
    if record.get("id") in (None, ""):
        raise BadRow("no id")
    text = record.get("text")
    if not isinstance(text, str):
        raise BadRow("text missing or not a string")
    source = record.get("source") or None
    return Item(text=text, published_at=parse_time(record.get("published_at")),
                source=sources.get(source, source), metrics=parse_metrics(record.get("metrics")))


def with_names(record: dict, line: int, no_ids: bool) -> dict:
    """`text` under another common name ("message", "post"…); the line as the id when the
    file has no id column; counters in columns of their own as `metrics`."""
    if "text" not in record and (name := pick_column(list(record), TEXT_COLUMNS)):
        record = {**record, "text": record[name]}
    if no_ids and "id" not in record:
        record = {**record, "id": str(line)}
    if not record.get("metrics") and (flat := flat_metrics(record)):
        record = {**record, "metrics": flat}
    return record


COUNTERS = ("views", "likes", "reposts", "comments")


def flat_metrics(record: dict) -> dict:
    """Counters given as columns of their own (a flat CSV export) instead of `metrics`."""
    out = {}
    for name in COUNTERS:
        value = record.get(name)
        if isinstance(value, str):
            value = int(value) if value.strip().isdigit() else None  # "1,5K" is no count
        if isinstance(value, int | float) and not isinstance(value, bool):
            out[name] = value
    return out


def read_rows(path: Path, sources: dict) -> Iterator[Row]:
    records = jsonl_records(path) if is_jsonl(path) else csv_records(path)
    no_ids = None
    for line, record in records:
        if isinstance(record, str):
            yield Row(line, error=record)
            continue
        if no_ids is None:
            no_ids = "id" not in record
        record = with_names(record, line, no_ids)
        try:
            yield Row(line, str(record["id"]) if record.get("id") is not None else None,
                      to_item(record, sources), id_is_line=no_ids)
        except BadRow as exc:
            yield Row(line, error=str(exc))


def output_record(row_id: str, analysis) -> dict:
    data = analysis.to_dict()
    return {"id": row_id, **{k: data[k] for k in OUTPUT_FIELDS if k != "id"}}
