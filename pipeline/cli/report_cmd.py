"""``radar report --date D``: the daily report as HTML and XLSX."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import click

from pipeline.cli.context import AppContext, pass_app


def _parse_day(value: str | None, zone) -> date:
    if value is None:  # yesterday in the region, the usual morning report
        return datetime.now(zone).date() - timedelta(days=1)
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r}: expected YYYY-MM-DD") from exc


@click.command()
@click.option("--date", "day", default=None,
              help="The day to report on, YYYY-MM-DD (default: yesterday, region time).")
@click.option("--out", "out_dir", default="var/reports", show_default=True,
              type=click.Path(file_okay=False, path_type=Path))
@pass_app
def report(app: AppContext, day: str | None, out_dir: Path) -> None:
    """Write the daily report (HTML with charts and XLSX with the same numbers)."""
    from pipeline.report import build_report
    from pipeline.report.render import write_report

    the_day = _parse_day(day, app.region_zone())
    with app.store.transaction() as conn:
        built = build_report(conn, app.config, the_day)
    html, xlsx = write_report(built, out_dir)
    click.echo(f"report for {the_day.isoformat()}: {html} {xlsx}")
