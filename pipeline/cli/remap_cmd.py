"""``radar remap --source ID``: map stored raw responses again, without re-crawling.

After a markup or API change a collector's ``map_raw`` is fixed and its ``version``
bumped; this command runs every raw item of the source through it (oldest first, so the
latest observation wins) and stores the posts with the new mapper version. It works for
any collector, built-in or plugin.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

import click
from sqlalchemy import Connection, update

from crawlers.registry import collector_for
from pipeline.cli.context import AppContext, pass_app
from pipeline.config.model import Source
from pipeline.records import PostRecord
from pipeline.store.posts import Provenance, store_posts
from pipeline.store.raw import RawResponse, iter_raw
from pipeline.store.schema import posts

EXIT_UNKNOWN = 2


@dataclass
class RemapReport:
    source: str
    mapper: str
    raw_items: int = 0
    posts: int = 0
    new: int = 0
    updated: int = 0
    errors: int = 0


@click.command()
@click.option("--source", "source_ids", multiple=True, required=True, metavar="ID",
              help="A source id from config.yaml (repeatable).")
@pass_app
def remap(app: AppContext, source_ids: tuple[str, ...]) -> None:
    """Re-map a source's stored raw responses with its collector's current mapper."""
    chosen = [app.config.source(sid) for sid in source_ids]
    unknown = [sid for sid, s in zip(source_ids, chosen, strict=True) if s is None]
    if unknown:
        click.echo(f"unknown source: {', '.join(unknown)}", err=True)
        sys.exit(EXIT_UNKNOWN)
    failed = False
    for source in chosen:
        report = remap_source(app, source)
        failed |= report.errors > 0
        click.echo(f"{report.source}: {report.raw_items} raw items, {report.posts} posts "
                   f"({report.new} new, {report.updated} updated), mapper {report.mapper}, "
                   f"{report.errors} errors")
    if failed:
        sys.exit(1)


def remap_source(app: AppContext, source: Source) -> RemapReport:
    info = collector_for(source.platform, source.collector)
    if info is None:
        click.echo(f"{source.id}: no collector for platform {source.platform!r}", err=True)
        sys.exit(EXIT_UNKNOWN)
    collector = info.load()
    report = RemapReport(source.id, f"{collector.name}/{collector.version}")
    with app.store.transaction() as conn:  # all or nothing
        for row in iter_raw(conn, source.id):
            report.raw_items += 1
            try:
                records = collector.map_raw(_raw(row), source)
            except Exception as exc:  # noqa: BLE001 - one bad item must not stop the rest
                report.errors += 1
                click.echo(f"{source.id}: raw item {row['id']} ({row['request']}): "
                           f"{type(exc).__name__}: {exc}", err=True)
                continue
            _store(conn, records, row, report)
    return report


def _raw(row: dict) -> RawResponse:
    return RawResponse(request=row["request"], payload=row["payload"],
                       content_type=row["content_type"], fetched_at=row["fetched_at"])


def _store(conn: Connection, records: list[PostRecord], row: dict, report: RemapReport) -> None:
    provenance = Provenance(row["id"], report.mapper)
    result = store_posts(conn, records, provenance, row["fetched_at"])
    report.posts += len(records)
    report.new += result.new
    report.updated += result.updated
    for record in records:  # what the mapper derives besides the text, and its version
        conn.execute(update(posts).where(
            posts.c.platform == record.platform, posts.c.source_id == record.source,
            posts.c.native_id == record.id).values(**_mapped(record, provenance)))


def _mapped(record: PostRecord, provenance: Provenance) -> dict:
    extra = dict(record.extra or {})
    if record.raw is not None:
        extra["raw"] = record.raw
    return {
        "url": record.url, "author_id": record.author.id, "author_name": record.author.name,
        "published_at": record.published_at, "parent_native_id": record.parent_id,
        "repost_of_platform": record.repost_of.platform if record.repost_of else None,
        "repost_of_id": record.repost_of.id if record.repost_of else None,
        "language": record.language, "extra": extra or None,
        "raw_item_id": provenance.raw_item_id, "mapper_version": provenance.mapper_version,
    }
