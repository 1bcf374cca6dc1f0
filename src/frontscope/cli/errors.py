"""How the command line fails: every error, expected or not, is one line `frontscope: error: ...` on
stderr with a non-zero exit status; FRONTSCOPE_DEBUG=1 (or --debug) shows an unexpected error's traceback."""

from __future__ import annotations

import os
import re
import sys
from typing import Any

import click

MAX_ERROR_CHARS = 500


def one_line(message: str) -> str:
    """A message as one line: whitespace runs (newlines included) become one space, control characters
    are escaped, very long messages are cut."""
    from frontscope.ingest.readers import printable

    text = printable(re.sub(r"\s+", " ", message).strip())
    return text if len(text) <= MAX_ERROR_CHARS else text[: MAX_ERROR_CHARS - 1] + "…"


def debug_enabled() -> bool:
    return os.environ.get("FRONTSCOPE_DEBUG", "") not in ("", "0")


def _fail(message: str, code: int) -> None:
    # click.echo, not Rich: Rich wraps at 80 columns when stderr is not a terminal.
    click.echo(f"frontscope: error: {one_line(message)}", err=True)
    sys.exit(code)


# click >= 8.2 signals "no arguments: show the help" with an exception of its own.
_NO_ARGS_IS_HELP: type[Exception] = getattr(click.exceptions, "NoArgsIsHelpError", type("_Never", (Exception,), {}))


class FrontscopeGroup(click.Group):
    """The top-level group: every error, expected or not, ends as one line `frontscope: error: ...` on
    stderr and a non-zero exit status (2 for a wrong command line). FRONTSCOPE_DEBUG=1 or --debug shows
    the traceback of an unexpected error instead."""

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except _NO_ARGS_IS_HELP as e:  # `frontscope`, `frontscope chart`: the help, as click would show it
            click.echo(e.ctx.get_help() if e.ctx is not None else e.format_message())
            sys.exit(0)
        except click.UsageError as e:
            where = f"{e.ctx.command_path}: " if e.ctx is not None else ""
            hint = f" (see {e.ctx.command_path} --help)" if e.ctx is not None else ""
            _fail(f"{where}{e.format_message()}{hint}", e.exit_code)
        except click.ClickException as e:
            _fail(e.format_message(), e.exit_code)
        except click.Abort:
            _fail("aborted", 1)
        except BrokenPipeError:  # `frontscope claims | head`: the reader left; nothing more to say
            # Point stdout at /dev/null so the interpreter's final flush does not fail again.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        except Exception as e:
            if debug_enabled():
                raise
            store = _store_problem(e)
            if store is not None:  # the database, not frontscope: say which and why, exit 2
                _fail(store, 2)
            _fail(f"{type(e).__name__}: {e}" if str(e) else type(e).__name__, 1)
        sys.exit(rv if isinstance(rv, int) else 0)


def _store_problem(e: Exception) -> str | None:
    """A one-line description of a database error (full disk, locked, not a database...), else None."""
    import sqlite3

    from sqlalchemy.exc import DBAPIError

    from frontscope.store.engine import StoreError, first_line

    if isinstance(e, StoreError):
        return str(e)
    if isinstance(e, DBAPIError | sqlite3.Error):
        return f"database error: {first_line(e)}"
    return None


def set_debug(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    """--debug: show the traceback of an unexpected error (the same as FRONTSCOPE_DEBUG=1)."""
    if value:
        os.environ["FRONTSCOPE_DEBUG"] = "1"
