"""``radar run``: the long-running service; ``--once`` does one full round and exits."""

from __future__ import annotations

import logging
import os
import sys

import click

from pipeline.cli.context import AppContext, pass_app
from pipeline.service.logs import setup_logging
from pipeline.service.service import Service, ServiceOptions, install_signal_handlers

HARD_EXIT_AFTER = 9.0  # seconds after SIGTERM/SIGINT: exit 0 within 10 s, whatever happens


@click.command()
@click.option("--once", is_flag=True, help="Crawl all due sources, process everything, exit.")
@click.option("--no-web", is_flag=True, help="Do not serve the dashboard and API.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--log-format", type=click.Choice(["plain", "json"]), default="plain",
              show_default=True)
@click.option("--reload-every", default=15.0, show_default=True, type=float,
              help="Seconds between checks of config.yaml for changes.")
@pass_app
def run(app: AppContext, once: bool, no_web: bool, host: str, port: int, log_format: str,
        reload_every: float) -> None:
    """Run the service: scheduled crawls, live config, processing, dashboard."""
    setup_logging(fmt=log_format)
    app.loaded  # noqa: B018 - validates the config, exits 2 with FILE:LINE problems
    service = Service(ServiceOptions(app.config_path, web=not no_web, host=host, port=port,
                                     reload_every=reload_every))
    if once:
        for report in service.run_once():
            click.echo(_line(report))
        service.shutdown()
        return
    service.hard_exit_after = HARD_EXIT_AFTER
    install_signal_handlers(service)
    service.start()
    service.wait()
    service.shutdown()
    _exit_now()


def _exit_now() -> None:
    """Leave without waiting for abandoned threads (a crawl mid-request, a model loading).

    Every write is a transaction, so whatever was in flight is rolled back by the
    database and redone after the restart; waiting for it would break the 10 s budget.
    """
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def _line(report) -> str:
    text = (f"{report.source:<28} fetched {report.fetched:>5}  new {report.new:>5}  "
            f"updated {report.updated:>5}  errors {report.errors}")
    return text + (f"  ({report.status}: {report.error})" if report.error else "")
