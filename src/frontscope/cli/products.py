"""Commands that make things to take away: brief, map, chart, export."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from frontscope.cli.checks import bbox_type, check_out, check_span, km_type
from frontscope.cli.common import DB_OPTION, _baseline_options, date_type, err_console, open_store
from frontscope.render.exports import RECORD_KINDS, WRITERS

IMAGE_SUFFIXES = (".png", ".svg")
BRIEF_SUFFIXES = {"md": (".md", ".markdown", ".txt"), "html": (".html", ".htm")}


def _fail(e: Exception) -> None:
    raise click.ClickException(str(e)) from e


@click.command()
@DB_OPTION
@click.option("--date", "date", type=date_type, required=True, help="The day of the brief (reports published that day).")
@click.option("--since", type=date_type, help="Cover reports from this date on, and say what changed since (default: --date).")
@click.option("--format", "fmt", type=click.Choice(["md", "html"]), default="md", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False), help="Write here (default: standard output).")
@click.option("--no-map", is_flag=True, help="HTML without the embedded map image.")
def brief(db: str | None, date: dt.date, since: dt.date | None, fmt: str, out: str | None, no_map: bool) -> None:
    """The daily brief: key takeaways, changes, contested claims, per-oblast sections, claims table.

    Every line cites the stored claims it rests on ([cN] = claim id; `frontscope claims --json` lists them).

    \b
    frontscope brief --date 2022-09-11 --since 2022-09-06 --format html --out brief.html
    """
    from frontscope.render.products import brief_text
    from frontscope.views.products import ProductError

    check_span(since, date, "--since", "--date")
    check_out(out, BRIEF_SUFFIXES[fmt], f"a {fmt} brief")
    try:
        text, b = brief_text(open_store(db), date, since, fmt, with_map=not no_map,
                             on_note=lambda line: err_console.print(line, markup=False, highlight=False))
    except ProductError as e:
        _fail(e)
    if out:
        Path(out).write_text(text, encoding="utf-8")
        err_console.print(f"brief for {date}: {len(b.takeaways)} takeaways, {len(b.claims)} claims → {out}", markup=False, highlight=False)
    else:
        click.echo(text)


@click.command("map")
@DB_OPTION
@click.option("--date", "date", type=date_type, required=True, help="Holders as of this date.")
@click.option("--around", help="Centre on this place (e.g. Kupyansk).")
@click.option("--km", type=km_type, default=40, show_default=True, help="Half-width around the centre.")
@click.option("--bbox", type=bbox_type, help="West,South,East,North in degrees, e.g. 36.5,49.0,38.5,50.3.")
@click.option("--since", type=date_type, help="Highlight settlements that changed hands since this date.")
@_baseline_options
@click.option("--out", type=click.Path(dir_okay=False), required=True, help="map.png or map.svg")
def map_cmd(db: str | None, date: dt.date, around: str | None, km: float,
            bbox: tuple[float, float, float, float] | None, since: dt.date | None,
            baseline: str | None, baseline_date: dt.date | None, out: str) -> None:
    """Draw a control map without internet tiles (boundaries and rivers ship with frontscope).

    \b
    frontscope map --date 2022-09-11 --around Kupyansk --km 60 --since 2022-09-06 --out map.png
    frontscope map --date 2022-09-11 --bbox 36.5,49.0,38.5,50.3 --out map.svg
    """
    from frontscope.render.products import render_control_map
    from frontscope.views.products import ProductError

    check_span(since, date, "--since", "--date")
    check_out(out, IMAGE_SUFFIXES, "a map")
    if around and bbox:
        raise click.UsageError("give --around PLACE or --bbox W,S,E,N, not both")
    try:
        render_control_map(open_store(db), date, out, around=around, km=km, bbox=bbox, since=since,
                           baseline=baseline, baseline_date=baseline_date)
    except ProductError as e:
        _fail(e)
    err_console.print(f"map → {out}", markup=False, highlight=False)


@click.group()
def chart() -> None:
    """Charts: a settlement's control timeline, activity per day, displacement over time."""


@chart.command("control")
@DB_OPTION
@click.option("--place", required=True, help="Settlement name, e.g. Kupyansk.")
@click.option("--out", type=click.Path(dir_okay=False), help="PNG/SVG (default: control_<place>.png).")
def chart_control(db: str | None, place: str, out: str | None) -> None:
    """Holder of one settlement over time, with every statement as a marker (shape = status).

    \b
    frontscope chart control --place Kupyansk --out kupyansk.png
    """
    from frontscope.render.charts import chart_control_timeline
    from frontscope.views.products import ProductError, control_timeline_rows

    check_out(out, IMAGE_SUFFIXES, "a chart")
    try:
        rows, name = control_timeline_rows(open_store(db), place)
    except ProductError as e:
        _fail(e)
    target = out or f"control_{name.replace(' ', '_')}.png"
    chart_control_timeline(rows, name, target)
    err_console.print(f"{len(rows)} statements about {name} → {target}", markup=False, highlight=False)


@chart.command("activity")
@DB_OPTION
@click.option("--oblast", help="Oblast name, e.g. Kharkiv (default: everywhere).")
@click.option("--out", type=click.Path(dir_okay=False), help="PNG/SVG (default: activity_<oblast>.png).")
def chart_activity_cmd(db: str | None, oblast: str | None, out: str | None) -> None:
    """Events per day by ACLED type.

    \b
    frontscope chart activity --oblast Kharkiv --out kharkiv.svg
    """
    from frontscope.render.charts import chart_activity
    from frontscope.views.products import activity_rows

    check_out(out, IMAGE_SUFFIXES, "a chart")
    rows = activity_rows(open_store(db), oblast)
    if not rows:
        raise click.ClickException(f"no events stored{' in ' + oblast if oblast else ''}")
    target = out or f"activity_{(oblast or 'all').replace(' ', '_')}.png"
    chart_activity(rows, oblast or "all oblasts", target)
    err_console.print(f"{sum(r['count'] for r in rows)} events → {target}", markup=False, highlight=False)


@chart.command("displacement")
@DB_OPTION
@click.option("--country", default="UKR", show_default=True, help="ISO3 code of the country of origin.")
@click.option("--min-population", type=click.IntRange(min=0), default=20_000, show_default=True,
              help="Mark control changes of towns at least this large.")
@click.option("--out", type=click.Path(dir_okay=False), help="PNG/SVG (default: displacement_<country>.png).")
def chart_displacement_cmd(db: str | None, country: str, min_population: int, out: str | None) -> None:
    """Refugees and IDPs over time (imported UNHCR/IDMC figures) with control changes of towns marked.

    \b
    frontscope humanitarian import unhcr_population.csv    # first
    frontscope chart displacement --country UKR --out displacement.png
    """
    from frontscope.render.charts import chart_displacement
    from frontscope.views.products import ProductError, displacement_inputs

    check_out(out, IMAGE_SUFFIXES, "a chart")
    try:
        points, markers = displacement_inputs(open_store(db), country, min_population=min_population)
    except ProductError as e:
        _fail(e)
    target = out or f"displacement_{country.upper()}.png"
    chart_displacement(points, markers, target, title=f"Displacement from and within {country.upper()}")
    err_console.print(f"{len(points)} figures, {len(markers)} control changes marked → {target}", markup=False, highlight=False)


@click.command()
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(list(WRITERS)), required=True)
@click.option("--what", type=click.Choice(list(RECORD_KINDS)), default="events",
              show_default=True)
@click.option("--since", type=date_type)
@click.option("--until", type=date_type)
@click.option("--out", type=click.Path(dir_okay=False), required=True)
@click.option("--bom", is_flag=True, help="Start CSV files with a UTF-8 byte-order mark (for Excel).")
def export(db: str | None, fmt: str, what: str, since: dt.date | None, until: dt.date | None, out: str,
           bom: bool) -> None:
    """Export stored records: GeoJSON, CSV, ACLED-compatible CSV, HXL CSV, Parquet or PLOVER-style JSONL.

    CSV cells that a spreadsheet would run as a formula (text starting with = + - @, tab or CR) are
    written with a leading apostrophe; numbers stay numbers. Files are UTF-8 (--bom for Excel).

    \b
    frontscope export --format acled --what events --out events.csv
    frontscope export --format hxl --what control --since 2022-09-01 --out control_hxl.csv
    frontscope export --format csv --what claims --bom --out claims.csv
    """
    from frontscope.render.products import write_export
    from frontscope.views.products import ProductError

    check_span(since, until)
    check_out(out, WRITERS[fmt].suffixes, f"--format {fmt}")
    try:
        path, n = write_export(open_store(db), fmt, what, out, since=since, until=until, bom=bom)
    except ProductError as e:
        _fail(e)
    err_console.print(f"{n} {what} → {path}", markup=False, highlight=False)


COMMANDS = (brief, map_cmd, chart, export)
