"""``radar demo``: the whole pipeline offline on bundled data (what ``make demo`` runs)."""

from __future__ import annotations

import logging

import click

from pipeline.cli.context import AppContext, pass_app
from pipeline.demo.run import run_demo


@click.command()
@click.option("--workdir", default="var/demo", show_default=True,
              help="Where the demo database and outputs go (wiped first).")
@pass_app
def demo(app: AppContext, workdir: str) -> None:
    """Run the offline demo on the bundled corpus and say where to look."""
    if logging.getLogger().level > logging.DEBUG:
        logging.getLogger().setLevel(logging.WARNING)  # the summary is the demo's output
    run_demo(app.loaded, workdir, click.echo)
