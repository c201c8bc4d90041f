"""``radar db upgrade|current``."""

from __future__ import annotations

import click

from pipeline.cli.context import AppContext, pass_app
from pipeline.store.engine import make_engine
from pipeline.store.migrate import current_revision, head_revision, upgrade


@click.group()
def db() -> None:
    """Database schema migrations."""


@db.command("upgrade")
@click.option("--revision", default="head", show_default=True)
@pass_app
def upgrade_cmd(app: AppContext, revision: str) -> None:
    """Apply migrations up to REVISION."""
    engine = make_engine(app.loaded.database_url())
    upgrade(engine, revision)
    click.echo(f"database at revision {current_revision(engine)}")
    engine.dispose()


@db.command("current")
@pass_app
def current_cmd(app: AppContext) -> None:
    """Print the applied and the newest revision."""
    engine = make_engine(app.loaded.database_url())
    click.echo(f"current: {current_revision(engine)}  head: {head_revision(engine)}")
    engine.dispose()
