"""Rebuild the Ukraine gazetteer shipped in the package from ../shared/data/geo.

    python benchmarks/build_gazetteer.py [--shared ../shared] [--out src/frontscope/data/gazetteer_ua.tsv.gz]

Prints what was kept and the file size; the gazetteer file should stay under 2 MB (tracked-file warnings).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from frontscope.geo.build import build_gazetteer
from frontscope.geo.gazetteer import Gazetteer

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--out", type=Path, default=ROOT / "src" / "frontscope" / "data" / "gazetteer_ua.tsv.gz")
    args = ap.parse_args()
    geo = args.shared / "data" / "geo"
    t0 = time.perf_counter()
    stats = build_gazetteer(geonames=geo / "geonames_UA.txt.gz", katottg=geo / "katottg_geonames_join.csv.gz",
                            boundaries=geo / "boundaries", out=args.out)
    print(f"built {args.out} in {time.perf_counter() - t0:.1f} s: {stats}")
    t0 = time.process_time()
    g = Gazetteer(args.out)
    n_keys = len(g.by_key)
    print(f"reloaded: {len(g)} places, {n_keys} name keys, {time.process_time() - t0:.2f} s CPU, "
          f"{args.out.stat().st_size / 1e6:.2f} MB on disk")


if __name__ == "__main__":
    main()
