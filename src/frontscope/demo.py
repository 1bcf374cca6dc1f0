"""`frontscope demo`: ingest the shipped sample corpus and show what frontscope found in it."""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path

from rich.console import Console
from rich.table import Table

from frontscope.ingest.runner import ingest
from frontscope.store import queries
from frontscope.store.db import Store


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def sample_dir() -> Path:
    """The folder of sample reports shipped inside the package (written by the frontscope authors)."""
    return Path(str(resources.files("frontscope") / "data" / "sample"))


def run_demo(db: str | None = None, *, workers: int = 1, console: Console | None = None) -> Store:
    console = console or Console()
    store = Store.open(db)
    console.print(f"[bold]frontscope demo[/bold]: ingesting the sample corpus from {sample_dir()}")
    summary = ingest([sample_dir()], store, workers=workers)
    console.print(f"  {summary.line()}  →  {store.engine.url.database or store.engine.url}")
    for line in summary.errors:
        console.print(f"  [red]error[/red] {line}")

    counts = store.stats()
    console.print("  stored: " + ", ".join(f"{n} {k}" for k, n in counts.items() if n))

    claims = queries.claims(store, limit=8)
    if claims:
        t = Table(title="Claims (who said what)", show_lines=False)
        for col in ("said_on", "source", "side", "kind", "cue", "text"):
            t.add_column(col, overflow="fold")
        for c in claims:
            t.add_row(c["said_on"] or "", c["source"], c["side"], c["kind"], c["cue"] or "", _short(c["text"], 140))
        console.print(t)

    places = queries.place_counts(store, limit=10)
    if places:
        t = Table(title="Places most mentioned")
        for col in ("name", "oblast", "geonameid", "lat", "lon", "mentions"):
            t.add_column(col)
        for p in places:
            t.add_row(p["name"], p["oblast"] or "", str(p["geonameid"]), f"{p['lat']:.3f}", f"{p['lon']:.3f}",
                      str(p["mentions"]))
        console.print(t)

    latest = max((d["published"] for d in store.documents() if d["published"]), default=None)
    if latest:
        from frontscope.views.control import change_rows, claimed_rows, control_view

        as_of = dt.date.fromisoformat(latest)
        view = control_view(store, as_of)
        changes = change_rows(view, dt.date.min, as_of)
        if changes:
            t = Table(title=f"What changed hands (timelines as of {latest}, with the evidence)")
            for col in ("date", "place", "from → to", "status", "sources"):
                t.add_column(col, overflow="fold")
            for c in changes:
                sources = sorted({e["source"] or "?" for e in c["evidence"]})
                t.add_row(c["date"], c["name"], f"{c['from']} → {c['to']}", c["status"], ", ".join(sources))
            console.print(t)
        # Claims stay claims until someone else backs them: shown apart, never as the holder.
        first = min(d["published"] for d in store.documents() if d["published"])
        claimed = claimed_rows(control_view(store, dt.date.fromisoformat(first)))
        if claimed:
            t = Table(title=f"Claimed but not believed on {first} (a side's own word, nobody else's)")
            for col in ("place", "claimed by", "holder as believed", "claims"):
                t.add_column(col, overflow="fold")
            for r in claimed:
                t.add_row(r["name"], r["claimed_by"], r["holder"], ", ".join(f"c{c}" for c in r["claimed_claims"]))
            console.print(t)
    console.print(
        "Next:\n"
        "  frontscope brief --date 2025-12-12 --since 2025-11-20        # the daily brief, every line cited\n"
        "  frontscope map --date 2025-12-12 --since 2025-11-21 --around Kupyansk --km 25 --out map.png\n"
        "  frontscope control --as-of 2025-12-13 > control.geojson      # who holds what, with evidence\n"
        "  frontscope --help                                            # everything else\n"
        "The database (frontscope.db) opens in any SQLite tool.")
    return store
