"""Commands that show what the stages stored: claims, sources, places."""

from __future__ import annotations

import datetime as dt

import click

from frontscope.cli.checks import check_out, check_span, km_type
from frontscope.cli.common import DB_OPTION, _baseline_options, date_type, emit, open_store


@click.command()
@DB_OPTION
@click.option("--source", help="Only sources whose name contains this (case-insensitive).")
@click.option("--side", type=click.Choice(["UA", "RU", "other", "unknown"]), help="Only sources of this side.")
@click.option("--since", type=date_type, help="Said on or after this date (report date when unknown).")
@click.option("--until", type=date_type, help="Said on or before this date.")
@click.option("--limit", type=click.IntRange(min=0), default=None, help="At most this many claims.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
def claims(db: str | None, source: str | None, side: str | None, since: dt.date | None, until: dt.date | None,
           limit: int | None, as_json: bool) -> None:
    """Who said what, when, citing which endnotes.

    \b
    frontscope claims --side RU --since 2022-09-01
    frontscope claims --source "General Staff" --json
    """
    from frontscope.store import queries

    check_span(since, until)
    rows = queries.claims(open_store(db), source=source, side=side, since=since, until=until, limit=limit)
    emit(rows, as_json, columns=["id", "said_on", "source", "side", "kind", "cue", "text", "citations"])


@click.command()
@DB_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
def sources(db: str | None, as_json: bool) -> None:
    """Every source that made a claim, with side, kind, number of claims and track record.

    \b
    frontscope sources --db war.db
    frontscope sources --json
    """
    from frontscope.views.control import source_rows

    rows = source_rows(open_store(db))
    emit(rows, as_json, columns=["name", "side", "kind", "claims", "control_claims", "corroborated", "confirmed",
                                 "refuted", "disputed"])


@click.command()
@DB_OPTION
@click.option("--limit", type=click.IntRange(min=0), default=50, show_default=True, help="At most this many places.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
def places(db: str | None, limit: int, as_json: bool) -> None:
    """Places mentioned in stored documents, most mentioned first, with their gazetteer entry.

    \b
    frontscope places --db war.db --limit 20
    """
    from frontscope.store import queries

    emit(queries.place_counts(open_store(db), limit=limit), as_json,
         columns=["geonameid", "name", "kind", "oblast", "raion", "lat", "lon", "population", "mentions"])


@click.command()
@DB_OPTION
@click.option("--as-of", "as_of", type=date_type, required=True, help="Holder of each settlement on this date.")
@_baseline_options
@click.option("--format", "fmt", type=click.Choice(["geojson", "csv", "json"]), default="geojson", show_default=True)
@click.option("--all", "include_all", is_flag=True,
              help="Every settlement of the gazetteer (33,278), not only the ones statements or the baseline touch.")
@click.option("--out", type=click.Path(dir_okay=False), help="Write to this file instead of standard output.")
@click.option("--explain", metavar="PLACE", default=None,
              help="Instead of the map data: why PLACE (a name or GeoNames id) changed hands or did not, each "
                   "scoring of a candidate change with its probability, the threshold, what weighed for and "
                   "against, and the statements; for a place no statement names, the prior or the named place "
                   "whose change it follows (--format json for the records).")
def control(db: str | None, as_of: dt.date, baseline: str | None, baseline_date: dt.date | None, fmt: str,
            include_all: bool, out: str | None, explain: str | None) -> None:
    """Who holds each settlement on a date (UA / RU / contested / unknown), with confidence and evidence.

    A holder changes only when the statements pass the fitted belief model (who says it, who backs it, how far
    behind the old line, how hedged); a side's own unbacked claim shows as claimed_by, never as the holder.
    Give the occupied-area polygon you have as --baseline: the reports then move it.

    \b
    frontscope control --as-of 2022-09-15 > control.geojson
    frontscope control --as-of 2022-09-15 --baseline occupied_2022-04-03.geojson --baseline-date 2022-04-03
    frontscope control --as-of 2022-09-15 --explain Kupyansk
    """
    from frontscope.views.products import control_snapshot

    if baseline and not baseline_date:
        raise click.UsageError("--baseline needs --baseline-date (the date the polygon describes)")
    if explain is not None:
        _explain(db, as_of, baseline, baseline_date, explain, fmt == "json")
        return
    check_out(out, {"geojson": (".geojson", ".json"), "csv": (".csv",), "json": (".json",)}[fmt], f"--format {fmt}")
    text, n = control_snapshot(open_store(db), as_of, fmt, baseline=baseline, baseline_date=baseline_date,
                               include_all=include_all)
    if out:
        with open(out, "w", encoding="utf-8") as fh:
            fh.write(text)
        click.echo(f"{n} settlements → {out}", err=True)
    else:
        click.echo(text)


def _explain(db: str | None, as_of: dt.date, baseline: str | None, baseline_date: dt.date | None, place: str,
             as_json: bool) -> None:
    from frontscope.views.control import control_view, decision_rows, state_rows

    view = control_view(open_store(db), as_of, baseline=baseline, baseline_date=baseline_date, explain=True)
    rows = decision_rows(view, place)
    if not rows:
        states = state_rows(view, place)
        if not states:
            raise click.ClickException(f"no statement up to {as_of} says a side took or holds {place!r}, and it is "
                                       "not in the baseline's extent (a name is matched whole, in any case; or give "
                                       "its GeoNames id)")
        if as_json:
            emit(states, True)
            return
        for st in states:
            click.echo(_state_line(st))
        return
    if as_json:
        emit(rows, True)
        return
    for run in _runs(rows):
        r, first = run[-1], run[0]  # the latest scoring of the run speaks for it
        verdict = {"changed": "believed: the holder changes",
                   "claim": f"a claim: only {r['candidate']}'s own side says it, nobody else backs it",
                   "not enough": "not believed: below the threshold",
                   "superseded": f"undone: {r['candidate']} was said to have taken back most of the area around it, "
                                 f"and nobody has restated {r['holder']}'s hold since"}[r["outcome"]]
        ps = [x["probability"] for x in run]
        when, p = (r["date"], f"{ps[0]:.2f}") if len(run) == 1 else (
            f"{first['date']} to {r['date']} ({len(run)} reports)", f"{min(ps):.2f}-{max(ps):.2f}")
        scored = "" if r["outcome"] == "superseded" else f"?  p = {p} (threshold {r['threshold']:.2f})"
        click.echo(f"{when}  {r['name']} ({r['geonameid']})  {r['holder']} -> {r['candidate']}{scored}: {verdict}")
        if r["why"]:
            click.echo("    weighed: " + ", ".join(f"{w['means']} {w['effect']:+.2f}" for w in r["why"]))
        if r.get("note"):
            click.echo(f"    note: {r['note']}")
        for e in r["evidence"]:
            click.echo(f"    {e['report']}  {e['source'] or '?'} ({e['status']}, {e['rule'] or e['change']}): "
                       f"{(e.get('text') or '')[:100]!r}")


def _state_line(st: dict) -> str:
    """One place no statement names, in words: its prior, or the named place whose change it follows."""
    head = f"{st['date']}  {st['name']} ({st['geonameid']})  {st['holder']}: "
    fill, prior = st["fill"], f"the prior of {st['prior_date']}" if st["prior_date"] else "no prior"
    if fill is None:
        return head + f"{prior}; no statement names it and no believed change nearby moves it"
    follows = f"{fill['anchor_name'] or fill['anchor']} (last restated {fill['restated'] or 'in the prior'})"
    over = fill["overtaken"]
    if over is not None:
        return head + (f"{prior}; it would follow {follows} to {fill['holder']}, but {over['name'] or over['geonameid']} "
                       f"changed hands the other way nearby on {over['date']}: the front came back over it")
    return head + f"inferred: it lies between {follows}, which changed hands, and the old line"


def _runs(rows: list[dict]) -> list[list[dict]]:
    """Consecutive scorings of one candidate change with the same outcome on the same statements, as one run
    (a claim nobody backs is scored again on every report until it ages out)."""
    from itertools import groupby

    def key(r: dict) -> tuple:
        return r["geonameid"], r["holder"], r["candidate"], r["outcome"], [e["observation"] for e in r["evidence"]]

    return [list(run) for _, run in groupby(rows, key=key)]


@click.command()
@DB_OPTION
@click.option("--since", type=date_type, required=True)
@click.option("--until", type=date_type, default=None, help="Default: today.")
@_baseline_options
@click.option("--json", "as_json", is_flag=True, help="Print as JSON (with the evidence statements).")
def changes(db: str | None, since: dt.date, until: dt.date | None, baseline: str | None,
            baseline_date: dt.date | None, as_json: bool) -> None:
    """Settlements that changed hands between two dates, with the statements behind each change.

    \b
    frontscope changes --since 2022-09-06 --until 2022-09-12
    frontscope changes --since 2022-09-06 --json
    """
    from frontscope.views.control import change_rows, control_view

    until = until or dt.date.today()
    check_span(since, until)
    view = control_view(open_store(db), until, baseline=baseline, baseline_date=baseline_date)
    rows = change_rows(view, since, until)
    if as_json:
        emit(rows, True)
        return
    emit([{**r, "evidence": ", ".join(f"{e['source']} ({e['status']}{', ' + e['rule'] if e['rule'] else ''}, report {e['report']})"
                                       for e in r["evidence"])}
          for r in rows], False, columns=["date", "name", "from", "to", "status", "confidence", "evidence"])


@click.command()
@DB_OPTION
@click.option("--date", "date", type=date_type, help="Holders as of this date (required unless --states).")
@click.option("--since", type=date_type, help="Count settlements that changed hands since this date.")
@click.option("--km", type=km_type, default=10, show_default=True,
              help="Radius around contested settlements and the control boundary (5/10/25 are common).")
@_baseline_options
@click.option("--states", type=click.Path(exists=True, dir_okay=False),
              help="Holders from this file (CSV or JSON(L) of geonameid,holder: UA | RU | contested) instead of "
                   "the database.")
@click.option("--previous", type=click.Path(exists=True, dir_okay=False),
              help="With --states: holders on the --since date, for settlements that changed hands.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "hxl", "json"]), default="table",
              show_default=True)
def exposure(db: str | None, date: dt.date | None, since: dt.date | None, km: float, baseline: str | None,
             baseline_date: dt.date | None, states: str | None, previous: str | None, fmt: str) -> None:
    """How many people live in settlements that changed hands, are contested, or are near the fighting.

    Holders come from the stored reports (the same as `frontscope control`), or from a file you give with
    --states. Populations come from the gazetteer (GeoNames); where GeoNames has none, a typical population
    for the settlement's kind is used and marked as an estimate (`population_estimated`).

    \b
    frontscope exposure --date 2022-09-30 --since 2022-09-06 --km 10 --format json
    frontscope exposure --states holders_0930.csv --previous holders_0906.csv --format csv
    """
    check_span(since, date, "--since", "--date")
    if states:
        from frontscope.humanitarian.exposure import exposure_from_files

        try:
            e = exposure_from_files(states, previous, km=km, date=date, previous_date=since)
        except ValueError as err:
            raise click.BadParameter(str(err), param_hint="--states") from None
    else:
        from frontscope.views.exposure import exposure_from_store

        if date is None:
            raise click.UsageError("give --date (holders from the database on that day) or --states FILE")
        if previous:
            raise click.UsageError("--previous goes with --states; with the database, --since gives the earlier date")
        e = exposure_from_store(open_store(db), date, since=since, km=km, baseline=baseline,
                                baseline_date=baseline_date)
    click.echo(e.as_text(fmt))


COMMANDS = (claims, sources, places, control, changes, exposure)
