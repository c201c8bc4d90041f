"""The ``radar`` command line. Each command group lives in a module of its own."""

from __future__ import annotations

import importlib
import logging

import click

from pipeline.cli.context import AppContext

# "module:attribute" of every command; a new command is one more line here.
COMMANDS = (
    "pipeline.cli.config_cmd:config",
    "pipeline.cli.db_cmd:db",
    "pipeline.cli.ingest_cmd:ingest",
    "pipeline.cli.ingest_cmd:export",
    "pipeline.cli.process_cmd:process",
    "pipeline.cli.demo_cmd:demo",
    "pipeline.cli.nlp_cmd:analyze", "pipeline.cli.nlp_cmd:train", "pipeline.cli.nlp_cmd:evaluate",
    "pipeline.cli.run_cmd:run",
    "pipeline.cli.sources_cmd:sources",
    "pipeline.cli.crawl_cmd:crawl",
    "pipeline.cli.remap_cmd:remap",
    "pipeline.cli.users_cmd:users",
    "pipeline.cli.report_cmd:report",
    "pipeline.cli.serve_cmd:serve",
    "pipeline.cli.incidents_cmd:incidents", "pipeline.cli.incidents_cmd:tokens",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--config", "config_path", envvar="RADAR_CONFIG", default=None,
              help="Path to config.yaml (env RADAR_CONFIG; default ./config.yaml).")
@click.option("--log-level", default="INFO", show_default=True,
              type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"], case_sensitive=False))
@click.pass_context
def main(ctx: click.Context, config_path: str | None, log_level: str) -> None:
    """Radar: public-post monitoring for a regional management centre."""
    logging.basicConfig(level=log_level.upper(),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = AppContext(config_path)
    ctx.obj = app
    ctx.call_on_close(app.close)


def _register() -> None:
    for target in COMMANDS:
        module_name, _, attr = target.partition(":")
        main.add_command(getattr(importlib.import_module(module_name), attr))


_register()
