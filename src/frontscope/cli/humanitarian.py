"""`frontscope humanitarian ...`: import UNHCR/IDMC/HXL tables, figures quoted in the reports, displacement series."""

from __future__ import annotations

import json
import sys

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

    \b
    frontscope humanitarian import unhcr_population.csv idmc_gidd_conflict_idps.csv --db war.db
    frontscope humanitarian import hno_2023.xlsx --kind hxl --dry-run --issues all
    """
    from frontscope.humanitarian.importer import import_files

    res = import_files(paths, kind=kind)
    written = 0
    if not dry_run and res.figures:
        from frontscope.humanitarian.store import save_figures

        written = save_figures(open_store(db, write=True).engine, res.figures)
    if as_json:
        click.echo(json.dumps(res.to_json(show_issues, written), ensure_ascii=False, indent=1))
    else:
        click.echo("\n".join(res.report_lines(show_issues, written, dry_run)))
    sys.exit(1 if any(f.error for f in res.files) else 0)


@humanitarian_cli.command("exposure", hidden=True, context_settings={"ignore_unknown_options": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def exposure_cmd(args: tuple[str, ...]) -> None:
    """Moved: `frontscope exposure --states FILE` (one exposure command for the database and for files)."""
    raise click.UsageError("`frontscope humanitarian exposure STATES` is now `frontscope exposure --states STATES` "
                           "(with --previous, --km, --date and --format as before)")


@humanitarian_cli.command("quoted")
@DB_OPTION
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Claims said on or after this day.")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), default=None, help="... and on or before this day.")
@click.option("--metric", "metrics", multiple=True,
              help="Only these metrics (displaced, idps, refugees, evacuated, deported, killed, civilians_killed, "
                   "injured, missing, detained, casualties; a '_change' suffix for increments). Repeatable.")
@click.option("--json", "as_json", is_flag=True)
def quoted_cmd(db: str | None, since, until, metrics: tuple[str, ...], as_json: bool) -> None:
    """Figures about people quoted in the ingested reports, each with who said it and the claim it comes from.

    Read from the claims stage's quantities: displacement, evacuations, deportations, civilian deaths and
    injuries. Military losses, money and equipment are left out.

    \b
    frontscope humanitarian quoted --since 2022-09-01 --metric deported --json
    """
    from frontscope.cli.common import emit
    from frontscope.views.figures import quoted_figures

    rows = quoted_figures(open_store(db), since=since.date() if since else None,
                          until=until.date() if until else None, metrics=metrics or None)
    emit(rows, as_json, columns=["date", "metric", "value", "per", "source", "wording"])


@humanitarian_cli.command("series")
@DB_OPTION
@click.option("--country", default="UKR", show_default=True, help="ISO3 country code.")
@click.option("--json", "as_json", is_flag=True)
def series_cmd(db: str | None, country: str, as_json: bool) -> None:
    """Displacement time series (refugees, IDPs, new displacements) from imported figures.

    \b
    frontscope humanitarian series --country UKR --json
    """
    from frontscope.humanitarian.series import displacement_series
    from frontscope.views.figures import load_figures

    series = displacement_series(load_figures(open_store(db).engine, origin=country.upper()), country.upper())
    if as_json:
        click.echo(json.dumps([s.to_json() for s in series], indent=1))
        return
    for s in series:
        click.echo(s.line())
