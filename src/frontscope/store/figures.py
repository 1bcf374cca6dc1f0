"""Writing rows to the `humanitarian_figures` table (reading them back: `queries.figures`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Engine, delete, insert

from frontscope.store.schema import humanitarian_figures as T

BATCH = 5000


def save_rows(engine: Engine, rows: Sequence[dict[str, Any]], replace: bool = True) -> int:
    """Insert figure rows in one transaction. `replace`: first delete rows from the same source files, so
    importing a file again replaces its figures instead of doubling them."""
    with engine.begin() as conn:
        if replace:
            for f in sorted({r["source_file"] for r in rows}):
                conn.execute(delete(T).where(T.c.source_file == f))
        for i in range(0, len(rows), BATCH):
            conn.execute(insert(T), list(rows[i:i + BATCH]))
    return len(rows)
