"""``radar sources``: the health table of every source."""

from __future__ import annotations

import json

import click

from pipeline.cli.context import AppContext, pass_app
from pipeline.service.health import posts_per_day
from pipeline.store.sources import source_rows

COLUMNS = ("id", "status", "last_success_at", "last_error", "consecutive_failures",
           "next_attempt_at")


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_app
def sources(app: AppContext, as_json: bool) -> None:
    """Print each source's health: status, last success, errors, next attempt, posts/day."""
    with app.store.transaction() as conn:
        rows = [r for r in source_rows(conn) if r["origin"] == "config"]
    rates = posts_per_day(app.store)
    if as_json:
        click.echo(json.dumps([_json_row(r, rates) for r in rows], ensure_ascii=False,
                              default=str, indent=1))
        return
    click.echo(f"{'source':<24} {'status':<12} {'last success':<17} {'fails':>5} "
               f"{'next attempt':<17} {'posts/day':>9}  last error")
    for row in rows:
        click.echo(f"{row['id']:<24} {_status(row):<12} {_when(row['last_success_at']):<17} "
                   f"{row['consecutive_failures']:>5} {_when(row['next_attempt_at']):<17} "
                   f"{rates.get(row['id'], 0):>9.1f}  {(row['last_error'] or '')[:60]}")


def _status(row: dict) -> str:
    return row["status"] if row["enabled"] else "disabled"


def _when(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "-"


def _json_row(row: dict, rates: dict) -> dict:
    data = {k: row[k] for k in COLUMNS}
    data.update(status=_status(row), posts_per_day=round(rates.get(row["id"], 0), 2))
    return data
