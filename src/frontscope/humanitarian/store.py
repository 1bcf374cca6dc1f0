"""Writing figures to the `humanitarian_figures` table and reading them back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Engine, delete, insert, select

from frontscope.humanitarian.figures import Figure
from frontscope.store.schema import humanitarian_figures as T

BATCH = 5000


def save_figures(engine: Engine, figures: Iterable[Figure], replace: bool = True) -> int:
    """Insert figures in one transaction. `replace`: first delete rows from the same source files, so
    importing a file again replaces its figures instead of doubling them."""
    figs = list(figures)
    with engine.begin() as conn:
        if replace:
            for f in sorted({f.source_file for f in figs}):
                conn.execute(delete(T).where(T.c.source_file == f))
        for i in range(0, len(figs), BATCH):
            conn.execute(insert(T), [f.row() for f in figs[i:i + BATCH]])
    return len(figs)


def load_figures(engine: Engine, metrics: Iterable[str] | None = None, origin: str | None = None) -> list[Figure]:
    q = select(T)
    if metrics:
        q = q.where(T.c.metric.in_(list(metrics)))
    if origin:
        q = q.where(T.c.origin == origin)
    out = []
    with engine.connect() as conn:
        for r in conn.execute(q).mappings():
            d: dict[str, Any] = {k: r[k] for k in r.keys() if k != "id"}
            if isinstance(d.get("date"), str):
                d["date"] = dt.date.fromisoformat(d["date"])
            d["extra"] = d.get("extra") or {}
            out.append(Figure(**d))
    return out
