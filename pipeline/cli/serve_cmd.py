"""``radar serve``: the dashboard and the API alone, without collection or processing."""

from __future__ import annotations

import click

from pipeline.cli.context import AppContext, pass_app


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@pass_app
def serve(app: AppContext, host: str, port: int) -> None:
    """Serve the dashboard and the REST API (uvicorn) until interrupted."""
    import uvicorn

    from pipeline.service.web import build_app

    web_app = build_app(app.loaded, app.store)
    if web_app is None:
        raise click.ClickException("the web package is not installed")
    click.echo(f"dashboard at http://{host}:{port}/")
    uvicorn.run(web_app, host=host, port=port, log_level="info")
