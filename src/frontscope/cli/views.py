"""Commands that show what the stages stored: claims, sources, places."""

from __future__ import annotations

import datetime as dt

import click

from frontscope.cli.common import DB_OPTION, date_type, emit


@click.command()
@DB_OPTION
@click.option("--source", help="Only sources whose name contains this (case-insensitive).")
@click.option("--side", type=click.Choice(["UA", "RU", "other", "unknown"]), help="Only sources of this side.")
@click.option("--since", type=date_type, help="Said on or after this date (report date when unknown).")
@click.option("--until", type=date_type, help="Said on or before this date.")
@click.option("--limit", type=int, default=None)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
def claims(db: str | None, source: str | None, side: str | None, since: dt.date | None, until: dt.date | None,
           limit: int | None, as_json: bool) -> None:
    """Who said what, when, citing which endnotes.

    \b
    frontscope claims --side RU --since 2022-09-01
    frontscope claims --source "General Staff" --json
    """
    from frontscope.store import queries
    from frontscope.store.db import Store

    rows = queries.claims(Store.open(db), source=source, side=side, since=since, until=until, limit=limit)
    emit(rows, as_json, columns=["id", "said_on", "source", "side", "kind", "cue", "text", "citations"])


@click.command()
@DB_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
def sources(db: str | None, as_json: bool) -> None:
    """Every source that made a claim, with side, kind, number of claims and track record."""
    from frontscope.store import queries
    from frontscope.store.db import Store

    emit(queries.sources(Store.open(db)), as_json)


@click.command()
@DB_OPTION
@click.option("--limit", type=int, default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
def places(db: str | None, limit: int, as_json: bool) -> None:
    """Places mentioned in stored documents, most mentioned first, with their gazetteer entry."""
    from frontscope.store import queries
    from frontscope.store.db import Store

    emit(queries.place_counts(Store.open(db), limit=limit), as_json,
         columns=["geonameid", "name", "kind", "oblast", "raion", "lat", "lon", "population", "mentions"])


def register(cli: click.Group) -> None:
    """Attach the view commands to the top-level group."""
    from frontscope.humanitarian.cli import humanitarian_cli

    for cmd in (claims, sources, places, humanitarian_cli):
        cli.add_command(cmd)
