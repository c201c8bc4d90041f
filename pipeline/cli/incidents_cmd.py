"""``radar incidents``: the reaction queue in queue order; ``radar tokens``: API tokens."""

from __future__ import annotations

import json

import click

from pipeline.cli.context import AppContext, pass_app
from pipeline.incidents.levels import STATUSES, Rules
from pipeline.incidents.views import queue_list
from pipeline.store.types import utcnow

ROLES = ("operator", "lead", "admin")


@click.command()
@click.option("--status", type=click.Choice(STATUSES), default=None, help="Only this status.")
@click.option("--sector", default=None, help="Only this sector key.")
@click.option("--limit", default=100, show_default=True, type=click.IntRange(1, 10000))
@click.option("--json", "as_json", is_flag=True, help="A JSON array instead of a table.")
@pass_app
def incidents(app: AppContext, status: str | None, sector: str | None, limit: int,
              as_json: bool) -> None:
    """List incidents: overdue first, then by level, then by deadline."""
    if sector and sector not in app.config.sector_keys():
        raise click.BadParameter(f"unknown sector {sector!r}; one of "
                                 f"{', '.join(app.config.sector_keys())}", param_hint="--sector")
    rules, now = Rules.from_config(app.config), utcnow()
    with app.store.transaction() as conn:
        items = queue_list(conn, rules, now, limit, status=status, sector=sector)
    if as_json:
        click.echo(json.dumps(items, ensure_ascii=False, indent=2))
        return
    for item in items:
        click.echo(_line(item))
    if not items:
        click.echo("no incidents")


def _line(item: dict) -> str:
    flag = "ПРОСРОЧЕН" if item["overdue"] else ("скоро срок" if item["near_deadline"] else "")
    return (f"#{item['id']:<5} {item['status']:<11} {item['risk_level']:<8} "
            f"{item['risk']:>3}  {item['sector'] or '-':<10} {item['municipality'] or '-':<20} "
            f"срок {item['deadline_local']:<16} {flag:<10} {item['posts_count']:>3} сообщ.  "
            f"{(item['title'] or '')[:60]}")


@click.group()
def tokens() -> None:
    """API tokens for the REST API (Authorization: Bearer)."""


@tokens.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), default="operator", show_default=True)
@pass_app
def add_token(app: AppContext, name: str, role: str) -> None:
    """Create a token NAME and print it once (only its SHA-256 is stored)."""
    from web.auth import create_token

    try:
        with app.store.transaction() as conn:
            token = create_token(conn, name, role, utcnow())
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(token)
    click.echo(f"token {name!r} ({role}) created; it is shown only now", err=True)


@tokens.command("revoke")
@click.argument("name")
@pass_app
def revoke(app: AppContext, name: str) -> None:
    """Revoke the token NAME."""
    from web.auth import revoke_token

    with app.store.transaction() as conn:
        if not revoke_token(conn, name, utcnow()):
            raise click.ClickException(f"no active token named {name!r}")
    click.echo(f"token {name!r} revoked")
