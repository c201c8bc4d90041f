"""Request and response bodies of the incidents API (they shape the OpenAPI schema)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from pipeline.incidents.levels import STATUSES

Status = Literal[STATUSES]  # type: ignore[valid-type]


class PostRef(BaseModel):
    platform: str
    source: str
    id: str
    url: str | None = None
    post_id: int
    published_at: str | None = None
    reason: str = Field(description="why the post is in this incident")
    similarity: float | None = None
    text: str | None = None


class Answer(BaseModel):
    text: str
    url: str | None = None
    at: str | None = None


class Incident(BaseModel):
    id: int
    status: str
    title: str | None
    risk: int
    risk_level: str
    level_title: str
    sector: str | None
    sector_title: str
    block: str | None
    municipality: str | None
    place: str
    address: str | None
    deadline: str | None = Field(description="ISO 8601, UTC")
    deadline_local: str
    overdue: bool
    near_deadline: bool
    assignee: str | None
    reasons: list[str]
    posts: list[PostRef]
    posts_count: int
    answer: Answer | None
    citizen_reaction: str | None
    merged_into: int | None
    created_at: str
    updated_at: str
    url: str


class Event(BaseModel):
    at: str
    actor: str
    kind: str
    from_: str | None = Field(None, alias="from")
    to: str | None = None
    comment: str | None = None
    data: dict | None = None

    model_config = {"populate_by_name": True}


class IncidentDetail(Incident):
    events: list[Event]


class ClaimIn(BaseModel):
    sector: str | None = None


class TransitionIn(BaseModel):
    to: Status
    comment: str | None = Field(None, max_length=5000)


class CommentIn(BaseModel):
    text: str = Field(min_length=1, max_length=5000)


class AnswerIn(BaseModel):
    text: str = Field(min_length=1, max_length=10000)
    url: str | None = Field(None, pattern=r"^https?://", max_length=2000)


class ReactionIn(BaseModel):
    satisfied: bool
    comment: str | None = Field(None, max_length=5000)


class SplitIn(BaseModel):
    post_ids: list[int] = Field(min_length=1, description="posts (post_id) to move out")
    comment: str | None = Field(None, max_length=5000)


class MergeIn(BaseModel):
    incident_ids: list[int] = Field(min_length=1, description="incidents to merge into this")
    comment: str | None = Field(None, max_length=5000)
