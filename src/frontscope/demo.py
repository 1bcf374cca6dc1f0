"""`frontscope demo`: ingest the shipped sample corpus and show what frontscope found in it."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from rich.console import Console
from rich.table import Table

from frontscope.ingest.runner import ingest
from frontscope.store import queries
from frontscope.store.db import Store


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
            t.add_row(c["said_on"] or "", c["source"], c["side"], c["kind"], c["cue"] or "", c["text"][:110])
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

    control = queries.control_observations(store, limit=10)
    if control:
        t = Table(title="Control statements")
        for col in ("event_date", "place", "change", "status", "claimed_by"):
            t.add_column(col, overflow="fold")
        for o in control:
            t.add_row(o["event_date"] or "", o["place_text"], o["change"], o["status"], o["claimed_by"] or "")
        console.print(t)
    console.print("Next: [bold]frontscope --help[/bold]; the database opens in any SQLite tool.")
    return store
