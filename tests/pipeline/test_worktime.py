"""SLA deadlines in working hours of the ЕАО calendar (Asia/Vladivostok, UTC+10)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from pipeline.config.model import Calendar
from pipeline.worktime import WorkCalendar, deadline_for

VLAT = ZoneInfo("Asia/Vladivostok")
H = timedelta(hours=1)


def local(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=VLAT)


@pytest.fixture(scope="module")
def cal(shipped_config):
    return WorkCalendar.from_config(shipped_config)


@pytest.mark.parametrize(("start", "sla", "expected"), [
    ("2026-11-23 10:00", 1 * H, "2026-11-23 11:00"),   # inside a working day
    ("2026-11-23 17:00", 1 * H, "2026-11-23 18:00"),   # ends exactly at the end of the day
    ("2026-11-23 17:30", 1 * H, "2026-11-24 09:30"),   # end of the working day
    ("2026-11-23 20:00", 1 * H, "2026-11-24 10:00"),   # after hours
    ("2026-11-23 07:00", 9 * H, "2026-11-23 18:00"),   # before hours: counted from 09:00
    ("2026-11-27 17:00", 4 * H, "2026-11-30 12:00"),   # across a weekend
    ("2026-11-28 10:00", 1 * H, "2026-11-30 10:00"),   # created on Saturday
    ("2026-11-03 16:00", 4 * H, "2026-11-05 11:00"),   # across the 4 November holiday
    ("2026-12-30 17:00", 4 * H, "2027-01-11 12:00"),   # across the New Year holidays
    ("2026-11-23 10:00", 63 * H, "2026-12-02 10:00"),  # low: 7 working days
])
def test_deadline(cal, start, sla, expected):
    assert deadline_for(cal, local(start), sla) == local(expected)


def test_result_is_utc(cal):
    deadline = cal.add(local("2026-11-23 10:00"), H)
    assert deadline.utcoffset() == timedelta(0)
    assert deadline.isoformat() == "2026-11-23T01:00:00+00:00"


def test_no_sla_means_no_deadline(cal):
    assert deadline_for(cal, local("2026-11-23 10:00"), None) is None


def test_extra_working_saturday():
    cal = WorkCalendar.build(Calendar(workdays=[date(2026, 11, 28)]), "Asia/Vladivostok")
    assert cal.add(local("2026-11-27 17:00"), 4 * H) == local("2026-11-28 12:00")


@pytest.mark.parametrize(("start", "end", "hours"), [
    ("2026-11-27 17:00", "2026-11-30 12:00", 4),
    ("2026-11-23 10:00", "2026-11-23 10:30", 0.5),
    ("2026-11-28 10:00", "2026-11-29 18:00", 0),
    ("2026-11-30 12:00", "2026-11-27 17:00", -4),
])
def test_working_time_between(cal, start, end, hours):
    assert cal.between(local(start), local(end)) == timedelta(hours=hours)


def test_naive_datetime_is_refused(cal):
    with pytest.raises(ValueError, match="naive"):
        cal.add(datetime(2026, 11, 23, 10), H)
