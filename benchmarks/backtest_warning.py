"""Backtest the early-warning indicator against what followed, next to a persistence baseline.

Inputs (evaluation only, read from ../shared, nothing copied into the repository):
- conflict signals: frontscope's own control statements and events extracted from the 247 ISW daily
  reports (2022-02-24 … 2022-10-31), dated by event date or, failing that, the day before publication;
- outcomes: settlements whose DeepState status (occupied or not) flips and stays flipped for 3 snapshots,
  2022-04-03 … 2022-10-31, grouped by raion (P-code). Civilian-harm outcomes need the events stage's
  "Violence against civilians" events; they are used when present.

For each day D in the evaluation window and each raion: alert = indicator alert on D (indicator) or an
outcome in the previous `horizon` days (persistence); positive = an outcome in the next `horizon` days.
Prints precision / recall / F1 for both, for km in 5/10/25.

    python benchmarks/backtest_warning.py [--horizon 14] [--limit N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
ISW = SHARED / "data/reports/isw"
TRUTH = SHARED / "data/truth/deepstate_daily_2022-04-03_2022-10-31.jsonl.gz"


def conflict_events(limit: int | None) -> tuple[list, int]:
    from frontscope.humanitarian.warning import ConflictEvent
    from frontscope.model import Document
    from frontscope.pipeline import Pipeline

    pipe = Pipeline(["events"])
    out, n_docs = [], 0
    files = sorted(ISW.glob("*_isw.txt"))[:limit]
    for f in files:
        m = re.match(r"(\d{4}-\d{2}-\d{2})", f.name)
        published = dt.date.fromisoformat(m.group(1)) if m else None
        doc = pipe(Document(text=f.read_text(encoding="utf-8"), path=str(f), published=published))
        n_docs += 1
        fallback = published - dt.timedelta(days=1) if published else None
        for c in doc.control:
            p = c.place
            if p.lat is None or (c.event_date or fallback) is None:
                continue
            out.append(ConflictEvent(c.event_date or fallback, p.lat, p.lon, "control", c.confidence))
        for e in doc.events:
            for p in e.places[:1]:
                if p.lat is not None and (e.event_date or fallback):
                    out.append(ConflictEvent(e.event_date or fallback, p.lat, p.lon, e.event_type, e.confidence))
    return out, n_docs


def outcomes_from_truth(settlements: list, raions: list[str | None]) -> tuple[dict[str, set[dt.date]], list[dt.date]]:
    import shapely
    from shapely.geometry import shape

    lat = np.array([s.lat for s in settlements])
    lon = np.array([s.lon for s in settlements])
    days: list[dt.date] = []
    status: list[np.ndarray] = []
    with gzip.open(TRUTH, "rt") as fh:
        by_day: dict[str, list] = defaultdict(list)
        for line in fh:
            rec = json.loads(line)
            if rec.get("category") == "occupied":
                by_day[rec["date"]].append(shape(rec["geometry"]))
    for d in sorted(by_day):
        geom = shapely.union_all(by_day[d])
        shapely.prepare(geom)
        days.append(dt.date.fromisoformat(d))
        status.append(shapely.contains_xy(geom, lon, lat))
    st = np.array(status)  # days × settlements
    out: dict[str, set[dt.date]] = defaultdict(set)
    for t in range(1, len(days) - 2):
        flipped = (st[t] != st[t - 1]) & (st[t] == st[t + 1]) & (st[t] == st[t + 2])
        for i in np.flatnonzero(flipped):
            if raions[i]:
                out[raions[i]].add(days[t])
    return dict(out), days


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--horizon", type=int, default=14)
    ap.add_argument("--limit", type=int, default=None, help="Only the first N reports (quick run).")
    args = ap.parse_args()
    if not ISW.is_dir() or not TRUTH.is_file():
        sys.exit(f"needs {ISW} and {TRUTH}")

    from frontscope.geo.gazetteer import get_gazetteer
    from frontscope.humanitarian import pcodes
    from frontscope.humanitarian.population import fill, gazetteer_medians
    from frontscope.humanitarian.warning import Indicator, Settlement, backtest

    t0 = time.perf_counter()
    gaz = get_gazetteer()
    medians = gazetteer_medians()
    places = [gaz.place(r) for r in range(len(gaz))]
    places = [p for p in places if p.fclass == "P"]
    raions = [pcodes.from_geonames_admin2(p.admin2)[1] if p.admin2 else None for p in places]
    settlements = [Settlement(p.lat, p.lon, fill(p.population, p.fcode, medians).value, r)
                   for p, r in zip(places, raions, strict=True)]

    events, n_docs = conflict_events(args.limit)
    t1 = time.perf_counter()
    outcomes, truth_days = outcomes_from_truth(settlements, raions)
    t2 = time.perf_counter()
    n_out = sum(len(v) for v in outcomes.values())
    print(f"{n_docs} reports → {len(events)} conflict signals ({t1 - t0:.1f} s); DeepState {truth_days[0]}…"
          f"{truth_days[-1]}: {n_out} raion-days with settlements changing hands in {len(outcomes)} raions "
          f"({t2 - t1:.1f} s)")
    start, end = dt.date(2022, 5, 1), truth_days[-1] - dt.timedelta(days=args.horizon)
    days = [start + dt.timedelta(days=k) for k in range((end - start).days + 1)]
    all_raions = sorted({r for r in raions if r})
    print(f"evaluation: {len(days)} days × {len(all_raions)} raions, horizon {args.horizon} days\n")
    print(f"{'model':28}{'alerts':>8}{'hits':>7}{'positives':>11}{'precision':>11}{'recall':>8}{'F1':>7}")
    baseline_done = False
    variants = [(km, 1.5, f"indicator km={km}") for km in (5, 10, 25)] + [(10, 0.0, "indicator km=10, level only")]
    for km, min_trend, label in variants:
        ind = Indicator(events, settlements, km=km, min_trend=min_trend)
        res = backtest(ind, outcomes, days, horizon=args.horizon, raions=all_raions)
        name_label = label
        for name, s in res.items():
            if name == "persistence":
                if baseline_done:
                    continue
                baseline_done = True
                label = "persistence baseline"
            else:
                label = name_label
            f1 = 2 * s.precision * s.recall / (s.precision + s.recall) if s.precision + s.recall else 0.0
            print(f"{label:28}{s.alerts:>8}{s.hits:>7}{s.positives:>11}{s.precision:>11.3f}{s.recall:>8.3f}{f1:>7.3f}")
    print(f"\ntotal {time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()
