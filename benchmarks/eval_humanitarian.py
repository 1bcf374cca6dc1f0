"""Import every file in ../shared/data/humanitarian: counts and timing per file, issues by kind, and a
strict-HXL baseline (exact hashtags only, no spacing/case/HXL-1.0 tolerance) in the same run.

    python benchmarks/eval_humanitarian.py [DIR]
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections import Counter
from pathlib import Path
from unittest import mock

from frontscope.humanitarian import hxl
from frontscope.humanitarian.importer import import_files

DIR = Path(__file__).resolve().parents[1].parent / "shared/data/humanitarian"


_LENIENT = hxl.normalize_hashtag


def strict_normalize(raw: object) -> hxl.Hashtag | None:  # the baseline: a reader that only accepts exact, lower-case HXL 1.1 hashtags
    s = str(raw) if raw is not None else ""
    if s != s.strip() or " " in s or s != s.lower() or s.lstrip("#").split("+")[0] in hxl.TAG_ALIASES:
        return None
    return _LENIENT(s)


def main() -> None:
    d = Path(sys.argv[1]) if len(sys.argv) > 1 else DIR
    paths = sorted(p for p in d.iterdir() if p.is_file())
    t0 = time.perf_counter()
    res = import_files(paths)
    total = time.perf_counter() - t0
    print(f"{'file':58}{'kind':>10}{'rows':>9}{'figures':>9}{'dropped':>8}{'sec':>7}  status")
    for f in res.files:
        status = "FAILED: " + f.error if f.error else "ok"
        print(f"{Path(f.path).name[:57]:58}{f.kind:>10}{f.rows:>9,}{f.figures:>9,}{f.rows_dropped:>8}{f.seconds:>7.2f}  {status}")
    ok = sum(1 for f in res.files if not f.error)
    print(f"\n{ok}/{len(res.files)} files imported, {len(res.figures):,} figures in {total:.1f} s; "
          f"failures carry a reason (above)")
    by = Counter((Path(i.file).name, i.severity, i.code) for i in res.issues)
    print("\nissues (file, severity, code: count)")
    for (name, sev, code), n in sorted(by.items()):
        print(f"  {name[:50]:50} {sev:8} {code:24} {n}")

    hxl_files = [Path(f.path) for f in res.files if f.kind == "hxl"]
    ours = [f for f in res.figures if f.dataset == "hxl"]
    with mock.patch.object(hxl, "normalize_hashtag", strict_normalize):
        base = import_files(hxl_files)
    b = [f for f in base.figures if f.dataset == "hxl"]

    def coded(figs):
        return sum(1 for f in figs if f.admin1_pcode)

    kyiv = sum(1 for i in res.issues if i.code.startswith("kyiv"))
    print(f"\nHXL files ({len(hxl_files)}): figures {len(ours):,} (P-coded {coded(ours):,}) vs strict-HXL baseline "
          f"{len(b):,} (P-coded {coded(b):,}); baseline failed files: {sum(1 for f in base.files if f.error)}")
    print(f"Kyiv city/oblast confusions reported: {kyiv}")
    exposure_on_truth()


def exposure_on_truth(before: str = "2022-09-01", after: str = "2022-09-15") -> None:
    """Exposure across the Kharkiv counteroffensive from DeepState areas (evaluation data, not shipped):
    occupied → RU, DeepState "unknown" grey zone → contested, else UA."""
    import gzip
    import json

    import numpy as np
    import shapely
    from shapely.geometry import shape

    from frontscope.geo.gazetteer import get_gazetteer
    from frontscope.humanitarian.exposure import SettlementState, exposure

    truth = DIR.parents[1] / "data/truth/deepstate_daily_2022-04-03_2022-10-31.jsonl.gz"
    if not truth.is_file():
        return
    t0 = time.perf_counter()
    gaz = get_gazetteer()
    places = [p for p in (gaz.place(r) for r in range(len(gaz))) if p.fclass == "P"]
    lat, lon = np.array([p.lat for p in places]), np.array([p.lon for p in places])
    geoms: dict[tuple[str, str], list] = {}
    with gzip.open(truth, "rt") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec["date"] in (before, after):
                geoms.setdefault((rec["date"], rec["category"]), []).append(shape(rec["geometry"]))

    def states(day: str) -> list[SettlementState]:
        occ = shapely.contains_xy(shapely.union_all(geoms.get((day, "occupied"), [])), lon, lat)
        grey = shapely.contains_xy(shapely.union_all(geoms.get((day, "unknown"), [])), lon, lat) \
            if (day, "unknown") in geoms else np.zeros(len(places), bool)
        return [SettlementState(p.geonameid, p.name, p.lat, p.lon, "contested" if g else "RU" if o else "UA",
                                p.population, p.oblast, p.raion, p.admin2 or None, p.fcode)
                for p, o, g in zip(places, occ, grey, strict=True)]

    prev, now = states(before), states(after)
    t1 = time.perf_counter()
    print(f"\nExposure {before} → {after} from DeepState areas ({len(now):,} settlements, states {t1 - t0:.1f} s)")
    for km in (5, 10, 25):
        t = time.perf_counter()
        e = exposure(now, prev, km=km, date=dt.date.fromisoformat(after), previous_date=dt.date.fromisoformat(before))
        ch, nb = e.overall["changed_hands"], e.overall["near_boundary"]
        print(f"  km={km:>2}: changed hands {ch.settlements:,} settlements / {ch.population:,} people "
              f"({ch.population_estimated:,} estimated); near boundary {nb.settlements:,} / {nb.population:,} "
              f"({nb.population_estimated:,} est.); {time.perf_counter() - t:.2f} s")
    print(f"  baseline without the median fill (GeoNames 0 kept): changed hands "
          f"{sum(s.population for s in e.settlements if 'changed_hands' in s.reasons and not s.population_estimated):,}"
          f" people; settlements with GeoNames population 0 among them: "
          f"{sum(1 for s in e.settlements if 'changed_hands' in s.reasons and s.population_estimated):,}")


if __name__ == "__main__":
    main()
