"""What a report is made of: titled tables (the same rows feed the HTML and the XLSX)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass
class Table:
    key: str  # identifies the table (render.SHEETS names its XLSX sheet)
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    note: str = ""
    links: dict[int, str] = field(default_factory=dict)  # row index -> dashboard URL


@dataclass
class Chart:
    title: str
    points: list[tuple[str, float]]
    compare: list[tuple[str, float]] | None = None  # e.g. the 7-day average per bar
    horizontal: bool = False  # named categories read better as horizontal bars


@dataclass
class DailyReport:
    day: date
    region: str
    timezone: str
    generated_at: datetime
    tables: list[Table]
    charts: list[Chart]

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)
