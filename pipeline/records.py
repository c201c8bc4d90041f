"""The post record: the one shape every collector produces and ``radar ingest`` reads.

Documented in docs/post-record.md; a post is identified by platform + source + id.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field, field_validator

MAX_TEXT = 100_000  # a longer text is cut, never rejected: the post is still a signal


def _int_as_text(value: Any) -> Any:
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


NativeId = Annotated[str, BeforeValidator(_int_as_text)]  # platforms' ids are text to us


class Author(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: NativeId | None = None
    name: str | None = None


class Metrics(BaseModel):
    model_config = ConfigDict(extra="forbid")
    views: int | None = Field(default=None, ge=0)
    likes: int | None = Field(default=None, ge=0)
    reposts: int | None = Field(default=None, ge=0)
    comments: int | None = Field(default=None, ge=0)

    def is_empty(self) -> bool:
        return all(v is None for v in (self.views, self.likes, self.reposts, self.comments))


class PostRef(BaseModel):
    model_config = ConfigDict(extra="forbid")
    platform: str
    id: NativeId


class PostRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")
    platform: str = Field(min_length=1, max_length=32)
    source: str = Field(min_length=1, max_length=128)
    id: Annotated[NativeId, Field(min_length=1, max_length=128)]
    url: str | None = None
    published_at: AwareDatetime
    author: Author = Field(default_factory=Author)
    text: str = ""
    metrics: Metrics = Field(default_factory=Metrics)
    parent_id: NativeId | None = None
    repost_of: PostRef | None = None
    edited_at: AwareDatetime | None = None
    deleted: bool = False
    language: str | None = None
    extra: dict[str, Any] | None = None
    raw: Any = None

    @field_validator("text")
    @classmethod
    def _bounded_text(cls, value: str) -> str:
        return value.replace("\x00", "")[:MAX_TEXT]

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value and not value.lower().startswith(("http://", "https://")):
            raise ValueError("url must be http(s)")
        return value

    def key(self) -> tuple[str, str, str]:
        return (self.platform, self.source, self.id)


def record_to_json(record: PostRecord, include_raw: bool = False) -> dict[str, Any]:
    data = record.model_dump(mode="json", exclude_none=True,
                             exclude={"raw"} if not include_raw else set())
    if not data.get("deleted"):
        data.pop("deleted", None)
    return data

