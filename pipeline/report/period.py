"""The report's periods: one local day of the region and the days before it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

BASELINE_DAYS = 7  # the day is compared with the average of the 7 days before it
RATING_DAYS = 7  # the blocks' rating covers the 7 days ending with the report's day
PROBLEM_DAYS = 30  # recurring problems are looked for in the last 30 days


@dataclass(frozen=True)
class Period:
    day: date
    zone: ZoneInfo

    def start_of(self, day: date) -> datetime:
        return datetime.combine(day, time(0), self.zone).astimezone(UTC)

    @property
    def start(self) -> datetime:
        return self.start_of(self.day)

    @property
    def end(self) -> datetime:
        return self.start_of(self.day + timedelta(days=1))

    def days_back(self, days: int) -> datetime:
        """Start of the day ``days`` before the report's day."""
        return self.start_of(self.day - timedelta(days=days))

    def local_day(self, moment: datetime) -> date:
        return moment.astimezone(self.zone).date()

    def local_hour(self, moment: datetime) -> int:
        return moment.astimezone(self.zone).hour

    def local_text(self, moment: datetime | None) -> str:
        return moment.astimezone(self.zone).strftime("%d.%m.%Y %H:%M") if moment else ""
