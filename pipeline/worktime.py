"""Working-hours calendar of the region: SLA deadlines counted in working time.

Wall-clock arithmetic happens in the region's timezone (weekends, holidays and the
working day are local notions); results are aware UTC datetimes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from pipeline.config.model import Calendar, Config

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MAX_DAYS = 3660  # a calendar with no working day at all must not loop forever


@dataclass(frozen=True)
class WorkCalendar:
    zone: ZoneInfo
    work_start: time
    work_end: time
    weekends: frozenset[int]
    holidays: frozenset[date]
    workdays: frozenset[date]

    @classmethod
    def from_config(cls, config: Config) -> WorkCalendar:
        return cls.build(config.calendar, config.region.timezone)

    @classmethod
    def build(cls, calendar: Calendar, timezone: str) -> WorkCalendar:
        if calendar.work_end <= calendar.work_start:
            raise ValueError("calendar.work_end must be later than calendar.work_start")
        return cls(ZoneInfo(timezone), calendar.work_start, calendar.work_end,
                   frozenset(WEEKDAYS.index(d) for d in calendar.weekends),
                   frozenset(calendar.holidays), frozenset(calendar.workdays))

    def is_workday(self, day: date) -> bool:
        if day in self.workdays:
            return True
        return day.weekday() not in self.weekends and day not in self.holidays

    def add(self, start: datetime, duration: timedelta) -> datetime:
        """The moment ``duration`` of working time after ``start`` (aware, UTC)."""
        local = _naive_local(start, self.zone)
        remaining = duration
        for _ in range(MAX_DAYS):
            day_start, day_end = self._window(local.date())
            if self.is_workday(local.date()) and local < day_end:
                cursor = max(local, day_start)
                if remaining <= day_end - cursor:
                    return _to_utc(cursor + remaining, self.zone)
                remaining -= day_end - cursor
            local = datetime.combine(local.date() + timedelta(days=1), time(0))
        raise ValueError("the calendar has no working time within ten years")

    def between(self, start: datetime, end: datetime) -> timedelta:
        """Working time from ``start`` to ``end`` (negative when ``end`` is earlier)."""
        if end < start:
            return -self.between(end, start)
        a, b = _naive_local(start, self.zone), _naive_local(end, self.zone)
        total = timedelta(0)
        day = a.date()
        while day <= b.date():
            if self.is_workday(day):
                lo, hi = self._window(day)
                total += max(timedelta(0), min(hi, b) - max(lo, a))
            day += timedelta(days=1)
        return total

    def _window(self, day: date) -> tuple[datetime, datetime]:
        return datetime.combine(day, self.work_start), datetime.combine(day, self.work_end)


def _naive_local(moment: datetime, zone: ZoneInfo) -> datetime:
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime {moment!r}: pass aware datetimes")
    return moment.astimezone(zone).replace(tzinfo=None)


def _to_utc(local: datetime, zone: ZoneInfo) -> datetime:
    return local.replace(tzinfo=zone).astimezone(UTC)


def deadline_for(calendar: WorkCalendar, start: datetime, sla: timedelta | None) -> datetime | None:
    """The SLA deadline from ``start``; None when the level has no SLA."""
    return None if sla is None else calendar.add(start, sla)
