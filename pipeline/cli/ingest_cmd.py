"""``radar ingest FILE`` and ``radar export posts``."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import click

from pipeline.cli.context import AppContext, pass_app
from pipeline.export import iter_post_records, write_csv, write_jsonl, write_xlsx
from pipeline.ingest import ingest as run_ingest
from pipeline.ingest import read_records


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--source", default=None, help="Source id for CSV rows without one.")
@click.option("--platform", default="import", show_default=True,
              help="Platform for CSV rows without one.")
@pass_app
def ingest(app: AppContext, file: Path, source: str | None, platform: str) -> None:
    """Load post records from a .jsonl or .csv FILE (idempotent)."""
    defaults = {"platform": platform, "source": source or f"import-{file.stem}",
                "published_at": datetime.now(UTC).isoformat()}
    report = run_ingest(app.store, read_records(file, defaults))
    for error in report.errors:
        click.echo(f"{file}:{error.line}: {error.reason}", err=True)
    s = report.stored
    click.echo(f"{file.name}: {report.rows} rows: {s.new} new, {s.updated} updated, "
               f"{s.unchanged} unchanged, {len(report.errors)} failed")
    if report.errors:
        sys.exit(1)


@click.group()
def export() -> None:
    """Write stored data out."""


@export.command("posts")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "xlsx"]), default="jsonl")
@click.option("--since", type=click.DateTime(), default=None, help="Published on or after.")
@click.option("--source", default=None, help="Only this source id.")
@click.option("--out", type=click.Path(dir_okay=False), default=None, help="Default: stdout.")
@pass_app
def export_posts(app: AppContext, fmt: str, since: datetime | None, source: str | None,
                 out: str | None) -> None:
    """Export posts as JSON Lines, CSV or XLSX."""
    if fmt == "xlsx" and not out:
        raise click.UsageError("--format xlsx needs --out FILE")
    if since is not None and since.tzinfo is None:
        since = since.replace(tzinfo=app.region_zone())
    with app.store.transaction() as conn:
        records = iter_post_records(conn, since, source)
        count = _write(fmt, records, out)
    click.echo(f"exported {count} posts", err=True)


def _write(fmt: str, records, out: str | None) -> int:
    if fmt == "xlsx":
        return write_xlsx(records, out)
    writer = write_jsonl if fmt == "jsonl" else write_csv
    if out is None:
        return writer(records, sys.stdout)
    with open(out, "w", encoding="utf-8", newline="") as handle:
        return writer(records, handle)
