"""Writing figures to the `humanitarian_figures` table (reading them back: `frontscope.views.figures`)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Engine

from frontscope.humanitarian.figures import Figure
from frontscope.store.figures import save_rows


def save_figures(engine: Engine, figures: Iterable[Figure], replace: bool = True) -> int:
    """Insert figures in one transaction. `replace`: first delete rows from the same source files, so
    importing a file again replaces its figures instead of doubling them."""
    return save_rows(engine, [f.row() for f in figures], replace)
