"""Labeled files for `radar eval`: CSV, TSV or JSON Lines with the column names and label
spellings of the common Russian datasets. A row that cannot be scored is reported with its
line and left out; the rest are scored."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from nlp.io import TEXT_COLUMNS, csv_records, is_jsonl, jsonl_records, pick_column

LABEL_COLUMNS = {
    "sector": ("label", "sector", "сектор"),
    "sentiment": ("label", "sentiment", "tone", "тональность"),
    "complaint": ("label", "complaint", "is_complaint", "жалоба"),
    "risk": ("label", "risk_level", "level", "risk", "уровень"),
}
SENTIMENT_LABELS = {
    "positive": "positive", "pos": "positive", "1": "positive", "+1": "positive",
    "позитив": "positive", "позитивный": "positive", "положительный": "positive",
    "negative": "negative", "neg": "negative", "-1": "negative", "негатив": "negative",
    "негативный": "negative", "отрицательный": "negative",
    "neutral": "neutral", "neu": "neutral", "0": "neutral", "нейтральный": "neutral",
    "нейтрально": "neutral", "нейтрал": "neutral",
    # RuSentiment's own classes, read as the training reads them
    "speech": "positive",
}
# labels that belong to none of three sentiment classes: left out, and counted
SENTIMENT_DROPPED = ("skip", "mixed", "смешанный")
COMPLAINT_LABELS = {"1": "yes", "true": "yes", "yes": "yes", "да": "yes", "1.0": "yes",
                    "0": "no", "false": "no", "no": "no", "нет": "no", "0.0": "no"}


@dataclass
class Labeled:
    texts: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)   # "FILE:LINE: why"
    notes: Counter = field(default_factory=Counter)      # what was read how, with counts


def keyed_labels(items) -> dict[str, str]:
    """key, title and block of config.yaml's sectors or risk levels → key (lowercased)."""
    table = {}
    for item in items:
        for name in (item.key, item.title, getattr(item, "block", None)):
            if name:
                table[str(name).strip().lower()] = item.key
    return table


def label_table(task: str, config) -> dict[str, str]:
    if task == "sentiment":
        return SENTIMENT_LABELS
    if task == "complaint":
        return COMPLAINT_LABELS
    return keyed_labels(config.sectors if task == "sector" else config.risk_levels)


def records(path: Path) -> list[tuple[int, dict | str]]:
    return list(jsonl_records(path) if is_jsonl(path) else csv_records(path))


def check_columns(path: Path, rows: list, task: str) -> None:
    first = next((r for _, r in rows if isinstance(r, dict)), {})
    if None in (pick_column(list(first), TEXT_COLUMNS),
                pick_column(list(first), LABEL_COLUMNS[task])):
        raise ValueError(
            f"{path}: need a text column ({', '.join(TEXT_COLUMNS)}) and a label column "
            f"({', '.join(LABEL_COLUMNS[task])}); found {', '.join(first) or 'none'} "
            "(need text,label)")


def read_one(record: dict, task: str, table: dict, out: Labeled) -> str | None:
    """Adds the row to ``out`` or returns why it cannot be scored."""
    text = record.get(pick_column(list(record), TEXT_COLUMNS))
    raw = str(record.get(pick_column(list(record), LABEL_COLUMNS[task])) or "").strip()
    if not isinstance(text, str) or not text.strip():
        return "empty text"
    label = table.get(raw.lower())
    if task == "sentiment" and raw.lower() in SENTIMENT_DROPPED:
        out.notes[f"'{raw}' rows left out (not one of the three classes)"] += 1
        return None
    if label is None:
        return f"label {raw!r} is not one of {', '.join(sorted(set(table.values())))}"
    if raw.lower() != label:
        out.notes[f"'{raw}' read as {label}"] += 1
    out.texts.append(text)
    out.labels.append(label)
    return None


def read_labeled(path: Path, task: str, config) -> Labeled:
    rows = records(path)
    check_columns(path, rows, task)
    table, out = label_table(task, config), Labeled()
    for line, record in rows:
        problem = record if isinstance(record, str) else read_one(record, task, table, out)
        if problem:
            out.problems.append(f"{path}:{line}: {problem}; row left out")
    return out
