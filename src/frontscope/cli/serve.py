"""`frontscope serve`: the JSON API and the offline web map over one database."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import click

from frontscope.cli.common import DB_OPTION, _check_baseline, date_type, err_console


@click.command()
@DB_OPTION
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. The default answers this machine only; 0.0.0.0 opens it to the network.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--cors", "cors", multiple=True, metavar="ORIGIN",
              help="Let pages from ORIGIN (e.g. https://intranet.example) call the API; repeatable. Default: none.")
@click.option("--baseline", type=click.Path(exists=True, dir_okay=False), callback=_check_baseline,
              help="Occupied-area GeoJSON the API may use as prior (requests opt in with baseline=true).")
@click.option("--baseline-date", type=date_type, help="Date the baseline polygon describes.")
@click.option("--max-body", type=click.IntRange(1), default=20 * 1024 * 1024, show_default=True,
              help="Largest request body accepted, in bytes (413 beyond).")
def serve(db: str | None, host: str, port: int, cors: tuple[str, ...], baseline: str | None,
          baseline_date: dt.date | None, max_body: int) -> None:
    """Serve the JSON API and the web map (open http://127.0.0.1:8000/ in a browser).

    \b
    Read-only unless the environment variable FRONTSCOPE_TOKEN is set; then
    POST /api/documents with 'Authorization: Bearer $FRONTSCOPE_TOKEN' ingests a document or a batch.
    API schema: /openapi.json; interactive docs: /docs. Nothing is fetched from the internet.

    \b
    frontscope serve --db war.db
    FRONTSCOPE_TOKEN=s3cret frontscope serve --db war.db --port 8080
    """
    import uvicorn

    from frontscope.serve import create_app
    from frontscope.serve.reads import Baseline

    if baseline and not baseline_date:
        raise click.UsageError("--baseline needs --baseline-date (the date the polygon describes)")

    app = create_app(db, token=os.environ.get("FRONTSCOPE_TOKEN") or None, cors=list(cors) or None,
                     max_body=max_body, prefetch=True, baseline=Baseline(Path(baseline), baseline_date) if baseline else None)
    mode = "read-write (token set)" if app.state.token else "read-only"
    err_console.print(f"frontscope serve: http://{host}:{port}/  ({mode}; API docs at /docs)")
    uvicorn.run(app, host=host, port=port, log_level="warning")
