"""``radar config check``."""

from __future__ import annotations

import sys

import click

from pipeline.cli.context import EXIT_CONFIG, AppContext, pass_app
from pipeline.config import ConfigError, config_path, load_config
from pipeline.config.secrets import missing_secrets


@click.group()
def config() -> None:
    """Inspect config.yaml."""


@config.command("check")
@pass_app
def check(app: AppContext) -> None:
    """Validate config.yaml; print every problem as FILE:LINE and exit 2 if any."""
    path = config_path(app.config_path)
    try:
        loaded = load_config(path)
    except ConfigError as exc:
        for problem in exc.problems:
            click.echo(problem, err=True)
        sys.exit(EXIT_CONFIG)
    for warning in missing_secrets(loaded.config):
        click.echo(f"warning: {warning}", err=True)
    cfg = loaded.config
    enabled = sum(s.enabled for s in cfg.sources)
    click.echo(f"{path.name}: OK ({len(cfg.sources)} sources, {enabled} enabled; "
               f"{len(cfg.sectors)} sectors; {len(cfg.municipalities)} municipalities)")
