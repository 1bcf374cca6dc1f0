"""Shared CLI pieces: the --db option and opening the store, date parsing, and output as a table or JSON."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import sys
from typing import TYPE_CHECKING, Any, NoReturn

import click
from rich.console import Console
from rich.table import Table

console = Console()
err_console = Console(stderr=True)

if TYPE_CHECKING:
    from frontscope.store.db import Store

DB_OPTION = click.option(
    "--db", envvar="FRONTSCOPE_DB", default=None, show_envvar=True,
    help="SQLite file or database URL, e.g. postgresql://user@host/db (default: frontscope.db).",
)


def fail(message: str, code: int = 2) -> NoReturn:
    """One line on stderr, no traceback, non-zero exit."""
    err_console.print(f"[red]error[/red] {message}", highlight=False, soft_wrap=True)
    sys.exit(code)


def open_store(db: str | None, *, write: bool = False) -> Store:
    """The one place commands open the database.

    Read commands (the default) open it read-only: a missing path is refused (never created), another
    application's database is refused untouched. Write commands (`ingest`, imports) create and migrate
    it. Any store problem ends the command with one line naming the database.
    """
    from frontscope.store.db import Store, StoreError

    try:
        return Store.open(db, write=write)
    except StoreError as e:
        fail(str(e))


class Cli(click.Group):
    """The command group: a database problem anywhere in a command is one line, not a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except Exception as e:
            from sqlalchemy.exc import DBAPIError

            from frontscope.store.engine import StoreError, first_line

            if isinstance(e, StoreError):
                fail(str(e))
            if isinstance(e, DBAPIError | sqlite3.Error):
                fail(f"database error: {first_line(e)}")
            raise


class _DateType(click.ParamType):
    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: Any, ctx: Any) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"{value!r} is not a date in the form YYYY-MM-DD", param, ctx)


date_type = _DateType()


def _default(o: Any) -> Any:
    if isinstance(o, dt.date | dt.datetime):
        return o.isoformat()
    raise TypeError(f"not JSON serialisable: {type(o).__name__}")


def emit(data: Any, as_json: bool, columns: list[str] | None = None, title: str | None = None) -> None:
    """Print `data` (a dict or a list of dicts) as JSON or as a table of `columns`."""
    if as_json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=_default) + "\n")
        return
    if isinstance(data, dict):
        for k, v in data.items():
            console.print(f"{k}: {v}", highlight=False)
        return
    if not data:
        console.print("(nothing)")
        return
    cols = columns or list(data[0])
    table = Table(title=title, show_lines=False)
    for c in cols:
        table.add_column(c, overflow="fold")
    for row in data:
        table.add_row(*["" if row.get(c) is None else str(row.get(c)) for c in cols])
    console.print(table)
