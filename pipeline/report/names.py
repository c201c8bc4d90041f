"""Russian names of sectors, places, levels, statuses and sentiments for the report."""

from __future__ import annotations

from pipeline.config.model import Config

SENTIMENTS = {"negative": "негативная", "neutral": "нейтральная", "positive": "позитивная"}
STATUSES = {"new": "новый", "assigned": "назначен", "in_progress": "в работе",
            "answered": "дан ответ", "resolved": "решён", "rejected": "отклонён",
            "reopened": "открыт повторно"}
UNKNOWN = "не определено"


class Names:
    def __init__(self, config: Config) -> None:
        self.sectors = {s.key: s.title for s in config.sectors}
        self.places = {m.key: m.name for m in config.municipalities}
        self.levels = {lv.key: lv.title for lv in config.risk_levels}

    def sector(self, key: str | None) -> str:
        return self.sectors.get(key, key) if key else UNKNOWN

    def place(self, key: str | None) -> str:
        return self.places.get(key, key) if key else UNKNOWN

    def level(self, key: str | None) -> str:
        return self.levels.get(key, key) if key else UNKNOWN

    def sentiment(self, key: str | None) -> str:
        return SENTIMENTS.get(key, key) if key else UNKNOWN

    def status(self, key: str | None) -> str:
        return STATUSES.get(key, key) if key else UNKNOWN
