"""`frontscope gazetteer ...` commands (the lead registers `gazetteer_cli` on the main CLI)."""

from __future__ import annotations

from pathlib import Path

import click

from frontscope.geo.build import build_gazetteer
from frontscope.geo.gazetteer import get_gazetteer


@click.group("gazetteer")
def gazetteer_cli() -> None:
    """Build and query the place gazetteer."""


@gazetteer_cli.command("build")
@click.option("--geonames", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=True,
              help="GeoNames country dump (XX.txt, XX.zip or .gz).")
@click.option("--katottg", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="KATOTTG↔GeoNames join CSV (or the raw KATOTTG codifier).")
@click.option("--boundaries", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Directory with raions_2020.geojson (2020 raion names and codes).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="Output .tsv.gz file.")
def build_cmd(geonames: Path, katottg: Path | None, boundaries: Path | None, out: Path) -> None:
    """Build a compact gazetteer file from a GeoNames dump.

    \b
    frontscope gazetteer build --geonames UA.txt.gz --katottg katottg_geonames_join.csv.gz --out gaz.tsv.gz
    """
    stats = build_gazetteer(geonames=geonames, katottg=katottg, boundaries=boundaries, out=out)
    click.echo(f"{out}: {stats.places} places ({stats.by_class}), {stats.names} names, "
               f"{stats.katottg_joined} with KATOTTG code, {stats.admin2_from_boundaries} raions from boundaries, "
               f"{stats.out_bytes / 1e6:.2f} MB")


@gazetteer_cli.command("lookup")
@click.argument("name")
@click.option("--gazetteer", "path", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Gazetteer file (default: the one shipped with frontscope).")
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True)
def lookup_cmd(name: str, path: str | None, limit: int) -> None:
    """List the places a name (any spelling) may refer to, most populous first.

    \b
    frontscope gazetteer lookup Kupiansk
    frontscope gazetteer lookup "Олександрівка" --limit 5
    """
    places = get_gazetteer(path).lookup(name)
    if not places:
        raise click.ClickException(f"no place called {name!r} in the gazetteer")
    for p in places[:limit]:
        click.echo(f"{p.geonameid}\t{p.name}\t{p.kind}\t{p.oblast or ''}\t{p.raion or ''}\t{p.lat:.4f},{p.lon:.4f}"
                   f"\tpop {p.population}")
    if len(places) > limit:
        click.echo(f"... {len(places) - limit} more")
