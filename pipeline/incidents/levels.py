"""Risk levels, their SLA and the rules that raise an incident's level."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from pipeline.config.model import LEVELS, Config
from pipeline.worktime import WorkCalendar

OPEN = ("new", "assigned", "in_progress", "reopened")
STATUSES = ("new", "assigned", "in_progress", "answered", "resolved", "rejected", "reopened")


def rank(level: str | None) -> int:
    return LEVELS.index(level) if level in LEVELS else 0


def step_up(level: str, steps: int = 1) -> str:
    return LEVELS[min(rank(level) + steps, len(LEVELS) - 1)]


def higher(a: str, b: str) -> str:
    return a if rank(a) >= rank(b) else b


def plural_posts(n: int) -> str:
    """"1 похожее сообщение", "3 похожих сообщения", "12 похожих сообщений"."""
    if n % 10 == 1 and n % 100 != 11:
        return f"{n} похожее сообщение"
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return f"{n} похожих сообщения"
    return f"{n} похожих сообщений"


@dataclass(frozen=True)
class Rules:
    """Everything level- and deadline-related the config says, plus the calendar."""

    config: Config
    calendar: WorkCalendar

    @classmethod
    def from_config(cls, config: Config) -> Rules:
        return cls(config, WorkCalendar.from_config(config))

    def level_for(self, score: int | None) -> str:
        best = "none"
        for level in self.config.risk_levels:
            if (score or 0) >= level.min_score and rank(level.key) >= rank(best):
                best = level.key
        return best

    def sla(self, level: str) -> timedelta | None:
        found = next((lv for lv in self.config.risk_levels if lv.key == level), None)
        return found.sla if found else None

    def title(self, level: str) -> str:
        found = next((lv for lv in self.config.risk_levels if lv.key == level), None)
        return found.title if found else level

    def deadline(self, level: str, start: datetime) -> datetime | None:
        sla = self.sla(level)
        return None if sla is None else self.calendar.add(start, sla)

    def growth_steps(self, posts: int) -> int:
        return sum(1 for threshold in self.config.incidents.growth if posts >= threshold)

    def opens_incident(self, level: str) -> bool:
        return rank(level) >= rank(self.config.incidents.min_level) and level != "none"

    def near_deadline(self, level: str, deadline: datetime | None, now: datetime) -> bool:
        sla = self.sla(level)
        if deadline is None or sla is None or deadline <= now:
            return False
        return self.calendar.between(now, deadline) <= sla * self.config.incidents.near_deadline

    def block(self, sector: str | None) -> str | None:
        found = next((s for s in self.config.sectors if s.key == sector), None)
        return found.block if found else None

    def sector_title(self, sector: str | None) -> str:
        found = next((s for s in self.config.sectors if s.key == sector), None)
        return found.title if found else (sector or "не определён")

    def place_name(self, municipality: str | None) -> str:
        found = next((m for m in self.config.municipalities if m.key == municipality), None)
        return found.name if found else (municipality or "место не определено")
