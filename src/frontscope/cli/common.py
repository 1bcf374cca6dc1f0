"""Shared CLI pieces: the --db option and opening the store, date parsing, and output as a table or JSON."""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import TYPE_CHECKING, Any, NoReturn

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

console = Console()
err_console = Console(stderr=True, soft_wrap=True)  # never wrap an error line (it is one line)

if TYPE_CHECKING:
    from frontscope.store.db import Store

DB_OPTION = click.option(
    "--db", envvar="FRONTSCOPE_DB", default=None, show_envvar=True,
    help="SQLite file or database URL, e.g. postgresql://user@host/db (default: frontscope.db).",
)


def fail(message: str, code: int = 2) -> NoReturn:
    """One line on stderr, no traceback, non-zero exit."""
    # click.echo, not Rich: one line whatever the terminal width, and stored text is never read as markup.
    click.echo(f"frontscope: error: {' '.join(str(message).split())}", err=True)
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
            console.print(f"{k}: {v}", highlight=False, markup=False)
        return
    if not data:
        console.print("(nothing)")
        return
    cols = columns or list(data[0])
    table = Table(title=title, show_lines=False)
    for c in cols:
        table.add_column(c, overflow="fold")
    for row in data:
        # Text, not str: stored titles and paths are data, never Rich markup ("[/b]" would raise).
        table.add_row(*[Text("" if row.get(c) is None else str(row.get(c))) for c in cols])
    console.print(table)


# The baseline polygon options of the control-reading commands -----------------------------------------


def _check_baseline(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Read the polygon once up front, so a bad file is one clear error naming it."""
    if value is not None:
        from frontscope.control.priors import load_areas

        try:
            load_areas(value)
        except ValueError as e:
            raise click.BadParameter(str(e), ctx=ctx, param=param) from None
    return value


BASELINE_OPTIONS = [
    click.option("--baseline", type=click.Path(exists=True, dir_okay=False), callback=_check_baseline,
                 help="Occupied-area GeoJSON used as the prior (features may carry category occupied/unknown)."),
    click.option("--baseline-date", type=date_type, help="Date the baseline polygon describes."),
]


def _baseline_options(fn):  # type: ignore[no-untyped-def]
    for opt in reversed(BASELINE_OPTIONS):
        fn = opt(fn)
    return fn
