"""``radar crawl``: run collectors for some or all sources and report what each brought."""

from __future__ import annotations

import sys
import threading
import time

import click
from sqlalchemy import select

from pipeline.cli.context import AppContext, pass_app
from pipeline.collect import Collectors, CrawlReport, crawl_source
from pipeline.config.model import Source
from pipeline.store.schema import sources as sources_table
from pipeline.store.types import utcnow

EXIT_UNKNOWN_SOURCE = 2


@click.command()
@click.option("--source", "source_ids", multiple=True, metavar="ID",
              help="A source id from config.yaml (repeatable).")
@click.option("--all", "all_sources", is_flag=True, help="Every enabled source.")
@click.option("--once", is_flag=True,
              help="With --all: one round, then exit (otherwise keep crawling sources "
                   "as they fall due, until interrupted).")
@pass_app
def crawl(app: AppContext, source_ids: tuple[str, ...], all_sources: bool, once: bool) -> None:
    """Crawl sources now; prints fetched, new, updated and errors per source."""
    chosen = _chosen(app, source_ids, all_sources)
    collectors = Collectors(app.config)
    try:
        if all_sources and not once:
            _loop(app, collectors, chosen)
        else:
            _round(app, collectors, chosen)
    finally:
        collectors.close()


def _chosen(app: AppContext, source_ids: tuple[str, ...], all_sources: bool) -> list[Source]:
    if not source_ids and not all_sources:
        raise click.UsageError("name sources with --source ID, or use --all")
    if all_sources:
        return [s for s in app.config.sources if s.enabled]
    unknown = [sid for sid in source_ids if app.config.source(sid) is None]
    if unknown:
        click.echo(f"unknown source: {', '.join(unknown)}", err=True)
        sys.exit(EXIT_UNKNOWN_SOURCE)
    return [app.config.source(sid) for sid in source_ids]


def _round(app: AppContext, collectors: Collectors, chosen: list[Source]) -> list[CrawlReport]:
    reports = [crawl_source(app.store, collectors, source) for source in chosen]
    for report in reports:
        click.echo(format_report(report))
    total = CrawlReport("total", sum(r.fetched for r in reports), sum(r.new for r in reports),
                        sum(r.updated for r in reports), sum(r.errors for r in reports))
    click.echo(format_report(total))
    return reports


def format_report(report: CrawlReport) -> str:
    line = (f"{report.source}: fetched {report.fetched}, new {report.new}, "
            f"updated {report.updated}, errors {report.errors}")
    if report.error:
        line += f" [{report.status}: {report.error}]"
    return line


def _loop(app: AppContext, collectors: Collectors, chosen: list[Source]) -> None:
    stop = threading.Event()
    try:
        while not stop.is_set():
            due = _due(app, chosen)
            for source in due:
                click.echo(format_report(crawl_source(app.store, collectors, source, stop)))
            if not due:
                time.sleep(1.0)
    except KeyboardInterrupt:
        stop.set()


def _due(app: AppContext, chosen: list[Source]) -> list[Source]:
    with app.store.transaction() as conn:
        rows = dict(conn.execute(select(sources_table.c.id, sources_table.c.next_attempt_at)))
    now = utcnow()
    return [s for s in chosen if rows.get(s.id) is None or rows[s.id] <= now]
