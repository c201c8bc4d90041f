"""The shape of config.yaml. Every key here is documented in docs/config.md."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from pipeline.config.durations import parse_duration

Duration = Annotated[timedelta, BeforeValidator(parse_duration)]
LEVELS = ("none", "low", "medium", "high", "critical")
Level = Literal["none", "low", "medium", "high", "critical"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Region(Strict):
    name: str
    timezone: str = "UTC"

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown timezone {value!r}") from exc
        return value


class Database(Strict):
    url: str = "sqlite:///var/radar.db"


class VkSettings(Strict):
    api_url: str = "https://api.vk.ru/method/"
    api_version: str = "5.199"
    token_env: str = "VK_TOKEN"
    token_kind: Literal["user", "community", "service"] = "user"
    timeout: Duration = timedelta(seconds=20)
    requests_per_second: float | None = None
    daily_quota: dict[str, int] = Field(default_factory=dict)
    comments_days: int = 7
    first_crawl_depth: Duration = timedelta(days=7)
    resweep_window: Duration = timedelta(hours=48)


class TelegramSettings(Strict):
    web_url: str = "https://t.me"
    api_id_env: str = "TG_API_ID"
    api_hash_env: str = "TG_API_HASH"
    session_env: str = "TG_SESSION"
    bot_api_url: str = "https://api.telegram.org"
    first_crawl_depth: Duration = timedelta(days=7)
    flood_wait_cap: Duration = timedelta(minutes=15)
    download_delay: Duration = timedelta(seconds=1)
    resweep_window: Duration = timedelta(hours=12)


class Source(Strict):
    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")]
    platform: str
    kind: str
    collector: str | None = None
    handle: str | None = None
    query: str | None = None
    interval: Duration = timedelta(minutes=15)
    enabled: bool = True
    depth: Duration | None = None
    token_env: str | None = None
    official: bool = False
    silence_alert_after: Duration | None = None


class Sector(Strict):
    key: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    title: str
    block: str


class Settlement(Strict):
    name: str
    aliases: list[str] = Field(default_factory=list)


class Municipality(Strict):
    key: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    name: str
    kind: Literal["city", "district", "settlement"] = "district"
    aliases: list[str] = Field(default_factory=list)
    settlements: list[Settlement] = Field(default_factory=list)
    streets: list[str] = Field(default_factory=list)


class RiskLevel(Strict):
    key: Level
    title: str
    min_score: Annotated[int, Field(ge=0, le=100)]
    sla: Duration | None = None


class Calendar(Strict):
    work_start: time = time(9, 0)
    work_end: time = time(18, 0)
    weekends: list[Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]] = ["sat", "sun"]
    holidays: list[date] = Field(default_factory=list)
    workdays: list[date] = Field(default_factory=list)


class AlertChannel(Strict):
    type: Literal["webhook", "telegram", "email"]
    name: str | None = None
    sectors: list[str] | None = None
    municipalities: list[str] | None = None
    min_level: Level | None = None
    url: str | None = None
    secret_env: str | None = None
    chat_id: str | None = None
    token_env: str | None = None
    to: list[str] | None = None
    smtp_host: str | None = None
    smtp_port: int | None = None
    user_env: str | None = None
    password_env: str | None = None
    sender: str | None = None
    max_attempts: int = 8


class Alerts(Strict):
    min_level: Level = "high"
    base_url: str = "http://127.0.0.1:8000"
    timeout: Duration = timedelta(seconds=10)
    backoff: Duration = timedelta(seconds=30)
    channels: list[AlertChannel] = Field(default_factory=list)


class Incidents(Strict):
    min_level: Level = "low"
    window: Duration = timedelta(hours=72)
    duplicate_window: Duration = timedelta(days=14)
    near_duplicate: Annotated[float, Field(gt=0, le=1)] = 0.6
    similarity: Annotated[float, Field(gt=0, le=1)] = 0.2
    street_bonus: Annotated[float, Field(ge=0, le=1)] = 0.15
    growth: list[int] = Field(default_factory=lambda: [5, 12])
    near_deadline: Annotated[float, Field(ge=0, le=1)] = 0.25
    surge_min_posts: int = 8
    surge_factor: float = 4.0
    surge_baseline: Duration = timedelta(days=14)
    surge_level: Level = "high"


LocalTime = time  # the field below is named "time"


class Report(Strict):
    """The daily report (pipeline/report): when the service makes it and who gets it."""

    enabled: bool = True
    time: LocalTime = LocalTime(8, 0)  # local time of the region
    out_dir: str = "var/reports"
    email_to: list[str] = Field(default_factory=list)
    telegram_chat_ids: list[str] = Field(default_factory=list)
    smtp_host: str | None = None  # None: from the first e-mail alert channel
    smtp_port: int | None = None
    user_env: str | None = None
    password_env: str | None = None
    sender: str | None = None
    token_env: str | None = None  # None: from the first telegram alert channel


class Config(Strict):
    region: Region
    database: Database = Database()
    vk: VkSettings = VkSettings()
    telegram: TelegramSettings = TelegramSettings()
    sources: list[Source] = Field(default_factory=list)
    sectors: list[Sector]
    municipalities: list[Municipality] = Field(default_factory=list)
    risk_levels: list[RiskLevel]
    calendar: Calendar = Calendar()
    alerts: Alerts = Alerts()
    incidents: Incidents = Incidents()
    report: Report = Report()

    def source(self, source_id: str) -> Source | None:
        return next((s for s in self.sources if s.id == source_id), None)

    def sector_keys(self) -> list[str]:
        return [s.key for s in self.sectors]

    def municipality_keys(self) -> list[str]:
        return [m.key for m in self.municipalities]
