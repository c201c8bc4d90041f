"""``radar users``: dashboard accounts (operator, sector lead, admin)."""

from __future__ import annotations

import sys

import click

from pipeline.cli.context import AppContext, pass_app
from pipeline.users import ROLES, UserError, add_user, list_users


@click.group()
def users() -> None:
    """Dashboard users."""


@users.command(name="add")
@click.argument("login")
@click.option("--role", required=True, type=click.Choice(ROLES))
@click.option("--sector", default=None, help="Sector key (required for --role lead).")
@click.option("--password-stdin", is_flag=True,
              help="Read the password from standard input instead of a prompt.")
@pass_app
def add(app: AppContext, login: str, role: str, sector: str | None,
        password_stdin: bool) -> None:
    """Create a user; the password is asked for (twice) or read from stdin."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        with app.store.transaction() as conn:
            add_user(conn, login, password, role, sector, actor="cli",
                     sectors=app.config.sector_keys())
    except UserError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"user {login} added ({role}{', sector ' + sector if sector else ''})")


@users.command(name="list")
@pass_app
def list_(app: AppContext) -> None:
    """Active users with their roles and sectors."""
    with app.store.transaction() as conn:
        for user in list_users(conn):
            click.echo(f"{user.login:<24} {user.role:<9} {user.sector or ''}")
