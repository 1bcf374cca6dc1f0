"""Humanitarian figures read back from the store as `Figure` records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Engine

from frontscope.humanitarian.figures import Figure
from frontscope.humanitarian.text import figures_from_stored_claims
from frontscope.store import queries
from frontscope.store.db import Store


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


def quoted_figures(store: Store, *, since: dt.date | None = None, until: dt.date | None = None,
                   metrics: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Figures about people quoted in the stored reports' claims ("110 million forcibly displaced", "killed 5
    civilians"), newest last: who said it, what it counts, the value, the day, and the claim it cites."""
    wanted = set(metrics or ())
    rows = queries.claims(store, since=since, until=until, spans=True)
    out = []
    for f in figures_from_stored_claims(r for r in rows if r.get("quantities")):
        if wanted and f.metric not in wanted:
            continue
        out.append({"date": f.date.isoformat() if f.date else None, "metric": f.metric, "value": f.value,
                    "per": f.extra.get("per"), "source": f.extra["source"], "source_side": f.extra["source_side"],
                    "wording": f.extra["text"], "claim_id": f.extra["claim_id"], "claim": f.extra["claim"]})
    return sorted(out, key=lambda r: (r["date"] or "", r["claim_id"] or 0))
