"""`frontscope humanitarian ...`: import UNHCR/IDMC/HXL tables, exposure on a date, displacement series."""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from collections import Counter
from pathlib import Path

import click

from frontscope.cli.common import DB_OPTION, open_store


@click.group("humanitarian")
def humanitarian_cli() -> None:
    """Displacement and population figures, and who lives near the front."""


@humanitarian_cli.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--kind", type=click.Choice(["auto", "unhcr", "idmc", "hxl"]), default="auto", show_default=True)
@DB_OPTION
@click.option("--dry-run", is_flag=True, help="Read and validate only; write nothing.")
@click.option("--issues", "show_issues", type=click.Choice(["none", "errors", "warnings", "all"]), default="warnings",
              show_default=True, help="Which validation issues to print.")
@click.option("--json", "as_json", is_flag=True, help="Print the per-file report and issues as JSON.")
def import_cmd(paths: tuple[str, ...], kind: str, db: str | None, dry_run: bool, show_issues: str,
               as_json: bool) -> None:
    """Import UNHCR Refugee Data Finder, IDMC GIDD and HXL-tagged CSV/XLSX/JSON files.

    Bad rows are reported with file and line and skipped; a file that cannot be read is reported and
    the others are imported. Exit status 1 if any file failed.
    """
    from frontscope.humanitarian.importer import import_files

    res = import_files(paths, kind=kind)
    written = 0
    if not dry_run and res.figures:
        from frontscope.humanitarian.store import save_figures

        written = save_figures(open_store(db, write=True).engine, res.figures)
    levels = {"none": set(), "errors": {"error"}, "warnings": {"error", "warning"},
              "all": {"error", "warning", "info"}}[show_issues]
    shown = [i for i in res.issues if i.severity in levels]
    if as_json:
        click.echo(json.dumps({"files": [vars(f) for f in res.files], "written": written,
                               "issues": [vars(i) for i in shown]}, ensure_ascii=False, indent=1))
    else:
        for i in shown:
            click.echo(str(i))
        for f in res.files:
            status = f"FAILED: {f.error}" if f.error else f"{f.figures:,} figures from {f.rows:,} rows"
            extra = f", {f.rows_dropped} rows dropped" if f.rows_dropped else ""
            click.echo(f"{f.path}  [{f.kind}]  {status}{extra}  ({f.seconds:.2f} s){'  ' + f.note if f.note else ''}")
        counts = Counter(i.severity for i in res.issues)
        click.echo(f"{len(res.figures):,} figures; issues: {dict(counts)}; "
                   + ("dry run, nothing written" if dry_run else f"{written:,} rows written"))
    sys.exit(1 if any(f.error for f in res.files) else 0)


def _read_states(path: str) -> dict[int, str | None]:
    """geonameid → holder from a CSV (geonameid,holder) or JSON/JSONL ({"geonameid","holder"})."""
    p = Path(path)
    text = p.read_text(encoding="utf-8-sig")
    if p.suffix.lower() in (".json", ".jsonl"):
        items = json.loads(text) if text.lstrip().startswith("[") else [json.loads(x) for x in text.splitlines() if x.strip()]
    else:
        items = list(csv.DictReader(text.splitlines()))
    return {int(it["geonameid"]): (it.get("holder") or None) for it in items}


@humanitarian_cli.command("exposure")
@click.argument("states", type=click.Path(exists=True))
@click.option("--previous", type=click.Path(exists=True), help="States on the earlier date (for changed hands).")
@click.option("--km", type=float, default=10, show_default=True, help="Radius around contested places/boundary.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "hxl"]), default="table", show_default=True)
@click.option("--date", "on", default=None, help="Date of STATES (YYYY-MM-DD), for the output.")
def exposure_cmd(states: str, previous: str | None, km: float, fmt: str, on: str | None) -> None:
    """Population of settlements that changed hands, are contested, or lie near contested places or the
    control boundary. STATES: CSV or JSON(L) of geonameid,holder (UA | RU | contested)."""
    from frontscope.humanitarian.exposure import exposure, states_from_gazetteer

    now = states_from_gazetteer(_read_states(states))
    before = states_from_gazetteer(_read_states(previous)) if previous else None
    e = exposure(now, before, km=km, date=dt.date.fromisoformat(on) if on else None)
    out = {"table": e.to_table, "csv": e.to_csv, "hxl": e.to_hxl}.get(fmt)
    click.echo(out() if out else json.dumps(e.to_json(), ensure_ascii=False, indent=1))


@humanitarian_cli.command("series")
@DB_OPTION
@click.option("--country", default="UKR", show_default=True, help="ISO3 country code.")
@click.option("--json", "as_json", is_flag=True)
def series_cmd(db: str | None, country: str, as_json: bool) -> None:
    """Displacement time series (refugees, IDPs, new displacements) from imported figures."""
    from frontscope.humanitarian.series import displacement_series
    from frontscope.humanitarian.store import load_figures

    series = displacement_series(load_figures(open_store(db).engine, origin=country.upper()), country.upper())
    if as_json:
        click.echo(json.dumps([{**vars(s), "points": [(d.isoformat(), v) for d, v in s.points]} for s in series],
                              indent=1))
        return
    for s in series:
        click.echo(f"{s.label} ({s.kind}, {s.unit}): " + ", ".join(f"{d.year}: {v:,.0f}" for d, v in s.points[-8:]))
