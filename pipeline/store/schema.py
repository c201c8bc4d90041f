"""The tables. Changes go through an Alembic migration in pipeline/store/migrations."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from pipeline.store.types import UtcDateTime

metadata = MetaData(naming_convention={
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
})

Id = BigInteger().with_variant(Integer, "sqlite")  # SQLite autoincrement needs INTEGER

sources = Table(
    "sources", metadata,
    Column("id", String(128), primary_key=True),
    Column("platform", String(32), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("collector", String(64)),
    Column("handle", String(256)),
    Column("query", Text),
    Column("settings", JSON, nullable=False, default=dict),
    Column("origin", String(16), nullable=False, default="config"),  # config | imported
    Column("enabled", Boolean, nullable=False, default=True),
    Column("created_at", UtcDateTime, nullable=False),
    # health
    Column("status", String(16), nullable=False, default="new"),
    Column("last_attempt_at", UtcDateTime),
    Column("last_success_at", UtcDateTime),
    Column("last_post_at", UtcDateTime),
    Column("consecutive_failures", Integer, nullable=False, default=0),
    Column("next_attempt_at", UtcDateTime),
    Column("last_error", Text),
    Column("resolved", JSON),  # e.g. numeric ids resolved from a screen name
)

source_events = Table(
    "source_events", metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("source_id", String(128), ForeignKey("sources.id", ondelete="CASCADE"), nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Column("kind", String(32), nullable=False),  # error, missed_run, unavailable, paused, ...
    Column("message", Text, nullable=False),
    Column("data", JSON),
    Index("ix_source_events_source_at", "source_id", "at"),
)

cursors = Table(
    "cursors", metadata,
    Column("source_id", String(128), ForeignKey("sources.id", ondelete="CASCADE"),
           primary_key=True),
    Column("name", String(64), primary_key=True, default="main"),
    Column("value", JSON, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

raw_items = Table(
    "raw_items", metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("source_id", String(128), ForeignKey("sources.id", ondelete="CASCADE"), nullable=False),
    Column("collector", String(64), nullable=False),
    Column("collector_version", String(32), nullable=False),
    Column("request", Text, nullable=False),
    Column("content_type", String(64), nullable=False),
    Column("payload", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("fetched_at", UtcDateTime, nullable=False),
    Index("ix_raw_items_source_fetched", "source_id", "fetched_at"),
)

posts = Table(
    "posts", metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("platform", String(32), nullable=False),
    Column("source_id", String(128), ForeignKey("sources.id", ondelete="CASCADE"), nullable=False),
    Column("native_id", String(128), nullable=False),
    Column("url", Text),
    Column("author_id", String(128)),
    Column("author_name", Text),
    Column("published_at", UtcDateTime, nullable=False),
    Column("edited_at", UtcDateTime),
    Column("deleted_at", UtcDateTime),
    Column("text", Text, nullable=False, default=""),
    Column("parent_native_id", String(128)),
    Column("repost_of_platform", String(32)),
    Column("repost_of_id", String(128)),
    Column("language", String(8)),
    Column("extra", JSON),
    Column("raw_item_id", Id, ForeignKey("raw_items.id", ondelete="SET NULL")),
    Column("mapper_version", String(32)),
    Column("first_seen_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    UniqueConstraint("platform", "source_id", "native_id", name="uq_posts_identity"),
    Index("ix_posts_published", "published_at"),
    Index("ix_posts_source_published", "source_id", "published_at"),
    Index("ix_posts_parent", "source_id", "parent_native_id"),
)

post_versions = Table(
    "post_versions", metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("post_id", Id, ForeignKey("posts.id", ondelete="CASCADE"), nullable=False),
    Column("text", Text, nullable=False),
    Column("edited_at", UtcDateTime),
    Column("seen_at", UtcDateTime, nullable=False),
    Index("ix_post_versions_post", "post_id"),
)

post_metrics = Table(
    "post_metrics", metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("post_id", Id, ForeignKey("posts.id", ondelete="CASCADE"), nullable=False),
    Column("observed_at", UtcDateTime, nullable=False),
    Column("views", BigInteger),
    Column("likes", BigInteger),
    Column("reposts", BigInteger),
    Column("comments", BigInteger),
    UniqueConstraint("post_id", "observed_at", name="uq_post_metrics_post_time"),
)

analyses = Table(
    "analyses", metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("post_id", Id, ForeignKey("posts.id", ondelete="CASCADE"), nullable=False),
    Column("model_version", String(64), nullable=False),
    Column("analyzed_at", UtcDateTime, nullable=False),
    Column("sector", String(32)),
    Column("sector_scores", JSON),
    Column("sentiment", String(16)),
    Column("sentiment_scores", JSON),
    Column("complaint", Float),
    Column("municipality", String(64)),
    Column("address", Text),
    Column("risk", Integer),
    Column("risk_level", String(16)),
    Column("reasons", JSON),
    Column("entities", JSON),
    UniqueConstraint("post_id", "model_version", name="uq_analyses_post_model"),
)

incidents = Table(
    "incidents", metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("status", String(16), nullable=False, default="new"),
    Column("title", Text),
    Column("sector", String(32)),
    Column("municipality", String(64)),
    Column("address", Text),
    Column("block", Text),
    Column("risk", Integer, nullable=False, default=0),
    Column("risk_level", String(16), nullable=False, default="none"),
    Column("reasons", JSON),
    Column("deadline", UtcDateTime),
    Column("assignee", String(64)),
    Column("claimed_at", UtcDateTime),
    Column("answer_text", Text),
    Column("answer_url", Text),
    Column("answered_at", UtcDateTime),
    Column("citizen_reaction", String(16)),
    Column("merged_into", Id, ForeignKey("incidents.id", ondelete="SET NULL")),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Index("ix_incidents_status_level", "status", "risk_level"),
)

incident_posts = Table(
    "incident_posts", metadata,
    Column("incident_id", Id, ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True),
    Column("post_id", Id, ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True),
    Column("reason", Text, nullable=False),
    Column("similarity", Float),
    Column("joined_at", UtcDateTime, nullable=False),
    UniqueConstraint("post_id", name="uq_incident_posts_post"),
)

incident_events = Table(
    "incident_events", metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("incident_id", Id, ForeignKey("incidents.id", ondelete="CASCADE"), nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Column("actor", String(64), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("from_status", String(16)),
    Column("to_status", String(16)),
    Column("comment", Text),
    Column("data", JSON),
    Index("ix_incident_events_incident", "incident_id", "at"),
)

alert_deliveries = Table(
    "alert_deliveries", metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("incident_id", Id, ForeignKey("incidents.id", ondelete="CASCADE"), nullable=False),
    Column("channel", String(128), nullable=False),
    Column("level", String(16), nullable=False),
    Column("status", String(16), nullable=False, default="pending"),  # pending|sent|dead
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_attempt_at", UtcDateTime),
    Column("last_error", Text),
    Column("payload", JSON, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("delivered_at", UtcDateTime),
    UniqueConstraint("incident_id", "channel", "level", name="uq_alert_deliveries_once"),
)

users = Table(
    "users", metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("login", String(64), nullable=False, unique=True),
    Column("password_hash", Text, nullable=False),
    Column("role", String(16), nullable=False),  # operator | lead | admin
    Column("sector", String(32)),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", UtcDateTime, nullable=False),
)

quota_usage = Table(
    "quota_usage", metadata,
    Column("credential", String(128), primary_key=True),  # a hash or name, never the secret
    Column("method", String(64), primary_key=True),
    Column("day", String(10), primary_key=True),  # YYYY-MM-DD in the platform's reset zone
    Column("used", Integer, nullable=False, default=0),
)

labels = Table(
    "labels", metadata,  # operators' corrections, usable by `radar train`
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("post_id", Id, ForeignKey("posts.id", ondelete="CASCADE"), nullable=False),
    Column("task", String(16), nullable=False),  # sector | sentiment | complaint | risk
    Column("value", String(32), nullable=False),
    Column("author", String(64), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Index("ix_labels_task", "task"),
)

api_tokens = Table(
    "api_tokens", metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("name", String(64), nullable=False, unique=True),
    Column("token_sha256", String(64), nullable=False, unique=True),
    Column("role", String(16), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("revoked_at", UtcDateTime),
)

web_sessions = Table(
    "web_sessions", metadata,
    Column("id_sha256", String(64), primary_key=True),
    Column("user_id", Id, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
)

incident_triage = Table(
    "incident_triage", metadata,  # posts the incidents stage looked at and left alone
    Column("post_id", Id, ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True),
    Column("analysis_id", Id, nullable=False),  # the analysis that was judged
    Column("outcome", String(16), nullable=False),  # below_level | ...
    Column("at", UtcDateTime, nullable=False),
)

surges = Table(
    "surges", metadata,  # sector × municipality hours well above their own baseline
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("sector", String(32), nullable=False),
    Column("municipality", String(64), nullable=False),
    Column("hour_start", UtcDateTime, nullable=False),
    Column("posts", Integer, nullable=False),
    Column("baseline", Float, nullable=False),
    Column("incident_id", Id, ForeignKey("incidents.id", ondelete="SET NULL")),
    Column("detected_at", UtcDateTime, nullable=False),
    UniqueConstraint("sector", "municipality", "hour_start", name="uq_surges_bucket"),
)

audit_log = Table(
    "audit_log", metadata,  # dashboard actions outside incidents: login, logout, users
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("at", UtcDateTime, nullable=False),
    Column("actor", String(64), nullable=False),
    Column("action", String(32), nullable=False),  # login, login_failed, logout, user_add, ...
    Column("target", String(128)),
    Column("data", JSON),
    Index("ix_audit_log_action_at", "action", "at"),
)
