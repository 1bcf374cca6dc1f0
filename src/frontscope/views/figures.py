"""Humanitarian figures read back from the store as `Figure` records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Engine

from frontscope.humanitarian.figures import Figure
from frontscope.store import queries


def load_figures(engine: Engine, metrics: Iterable[str] | None = None, origin: str | None = None) -> list[Figure]:
    """Stored figures, optionally of some metrics or one origin country (ISO3)."""
    out = []
    for d in queries.figures(engine, metrics, origin):
        row: dict[str, Any] = dict(d)
        if isinstance(row.get("date"), str):
            row["date"] = dt.date.fromisoformat(row["date"])
        row["extra"] = row.get("extra") or {}
        out.append(Figure(**row))
    return out
