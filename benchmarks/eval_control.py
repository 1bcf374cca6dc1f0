"""Control timelines against DeepStateMap, and control records against the dev gold.

    python benchmarks/eval_control.py [--shared /work/shared] [--every 7]

1. Runs the pipeline over the 247 ISW reports (published date = file name) and collects observations.
2. At weekly dates from May to October 2022 compares the holder of every settlement within 15 km of
   that day's front line, and of every settlement with a control statement so far, against DeepState
   ("occupied" → RU, "unknown" → contested or either side, else UA). Three predictors in the same run:
   text only (no prior), text + the 2022-04-03 polygon as baseline, and the baseline alone.
   The April–May 28 polygons lack Crimea and the pre-2022 occupied Donbas; the part added on May 29 is
   added to the earlier days (and to the baseline) so that they describe the same territory.
3. Lag in days between DeepState's change of holder and the report that made the inference flip.
4. The 2025 seed case: the seed report over the Nov–Dec 2025 polygons.
5. Control records against eval/dev/*.jsonl (change and status accuracy inside the windows) with a
   naive keyword baseline.
DeepState data is read in place and never copied.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import re
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import shape

from frontscope.control.observations import Observation, observations_from_doc
from frontscope.control.priors import Settlement
from frontscope.control.timeline import build_timelines
from frontscope.model import Document
from frontscope.pipeline import STAGES, Pipeline

KM_PER_DEG_LAT = 110.57
SPREAD_KM = 5.0  # unmentioned settlements follow their nearest mentioned neighbour's change within this


# Processing -----------------------------------------------------------------------------------------------


def _processor():
    """The full pipeline when the geocoder exists; else segment + the geo package's recognizer/resolver."""
    try:
        pipe = Pipeline(["events"])
        pipe.warm_up()
        return pipe, "pipeline"
    except (ImportError, AttributeError, ModuleNotFoundError) as exc:
        print(f"  (pipeline unavailable: {exc}; using geo recognizer/resolver directly)", file=sys.stderr)
    from frontscope.events.extract import extract_events
    from frontscope.geo.gazetteer import get_gazetteer
    from frontscope.geo.recognize import Recognizer
    from frontscope.geo.resolve import Resolver
    from frontscope.nlp.endnotes import annotate_endnotes
    from frontscope.nlp.segment import segment

    gaz = get_gazetteer()
    rec = Recognizer(gaz)
    res = Resolver(gaz, rec)

    def run(doc: Document) -> Document:
        annotate_endnotes(doc)
        segment(doc)
        end = doc.body_end if doc.body_end is not None else len(doc.text)
        doc.places = res.to_place_mentions(doc, res.resolve(doc, rec.find(doc.text, 0, end)))
        extract_events(doc)
        return doc

    return run, "fallback"


def process_reports(shared: Path):
    run, mode = _processor()
    files = sorted((shared / "data/reports/isw").glob("*_isw.txt"))
    t0 = time.perf_counter()
    obs: list[Observation] = []
    docs = {}
    for f in files:
        doc = Document(text=f.read_text(encoding="utf-8"), path=f.name, published=dt.date.fromisoformat(f.name[:10]))
        run(doc)
        obs.extend(observations_from_doc(doc, doc_id=f.name))
        docs[f.name] = doc
    secs = time.perf_counter() - t0
    return obs, docs, secs, mode, run


# Truth -------------------------------------------------------------------------------------------------------


def load_truth_2022(path: Path) -> dict[dt.date, dict[str, object]]:
    out: dict[dt.date, dict[str, object]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            d = dt.date.fromisoformat(r["date"])
            out.setdefault(d, {})[r["category"]] = shapely.make_valid(shape(r["geometry"]))
    return out


def load_truth_2025(path: Path) -> dict[dt.date, dict[str, object]]:
    out: dict[dt.date, dict[str, object]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            fc = r["geojson"] if isinstance(r["geojson"], dict) else json.loads(r["geojson"])
            geoms = [shapely.make_valid(shape(ft["geometry"])) for ft in fc["features"] if ft.get("geometry")]
            out[dt.date.fromisoformat(r["date"])] = {"occupied": shapely.union_all(geoms)}
    return out


def truth_holders(areas: dict[str, object], lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    h = np.array(["UA"] * len(lon), dtype=object)
    for cat, val in (("unknown", "grey"), ("occupied", "RU")):
        g = areas.get(cat)
        if g is not None and not g.is_empty:
            shapely.prepare(g)
            h[shapely.contains_xy(g, lon, lat)] = val
    return h


def _proj(lon, lat, lat0=48.5):
    return np.asarray(lon) * 111.32 * np.cos(np.radians(lat0)), np.asarray(lat) * KM_PER_DEG_LAT


def near_front(areas: dict[str, object], border, lon: np.ndarray, lat: np.ndarray, km: float = 15.0) -> np.ndarray:
    """Settlements within `km` of the front line: the occupied area's edge away from the state border/coast."""
    occ = areas["occupied"]
    line = occ.boundary.difference(border)
    xs, ys = _proj(lon, lat)
    line_km = shapely.transform(line, lambda c: np.column_stack(_proj(c[:, 0], c[:, 1])))
    zone = line_km.buffer(km)
    shapely.prepare(zone)
    return shapely.contains_xy(zone, xs, ys)


def ukraine_border(shared: Path):
    gj = json.loads((shared / "data/geo/boundaries/oblasts_2020.geojson").read_text(encoding="utf-8"))
    ua = shapely.union_all([shapely.make_valid(shape(f["geometry"])) for f in gj["features"]])
    return ua.boundary.buffer(0.03)  # ~3 km: polygons are clipped to the border, so their edge follows it


# Scoring -----------------------------------------------------------------------------------------------------


def agree(pred: str, truth: str) -> bool:
    if truth == "grey":
        return pred in ("UA", "RU", "contested")
    return pred == truth


def as_known_on(obs: list[Observation], day: dt.date) -> list[Observation]:
    return [o for o in obs if o.report_date <= day]


def eval_2022(obs: list[Observation], shared: Path, every: int) -> None:
    from frontscope.geo.gazetteer import get_gazetteer

    gaz = get_gazetteer()
    rows = np.flatnonzero(gaz._settlement)
    ids, lat, lon = gaz.ids[rows], gaz.lat[rows], gaz.lon[rows]
    truth = load_truth_2022(shared / "data/truth/deepstate_daily_2022-04-03_2022-10-31.jsonl.gz")
    border = ukraine_border(shared)
    full = dt.date(2022, 5, 29)
    old = truth[full]["occupied"].difference(truth[max(d for d in truth if d < full)]["occupied"]).buffer(-0.005)
    old = old.buffer(0.005)

    def areas_on(d: dt.date) -> dict[str, object]:
        a = dict(truth[d])
        if d < full:
            a["occupied"] = a["occupied"].union(old)
        return a

    base_date = dt.date(2022, 4, 3)
    base_areas = areas_on(base_date)
    base_h = truth_holders(base_areas, lon, lat)
    base_h = np.where(base_h == "grey", "contested", base_h)
    base_prior = {int(g): str(h) for g, h in zip(ids, base_h, strict=True)}
    idx = {int(g): i for i, g in enumerate(ids)}
    days = [d for d in sorted(truth) if dt.date(2022, 5, 1) <= d <= dt.date(2022, 10, 31)]
    days = days[::every]
    print(f"\n== DeepState 2022: {len(days)} dates {days[0]} … {days[-1]}, {len(obs)} observations "
          f"on {len({o.geonameid for o in obs})} settlements")
    modes = ("text", "text+base", "t+b+spread", "baseline")
    tot = {m: [0, 0] for m in modes}
    chg = {m: [0, 0] for m in modes}
    covered = [0, 0]
    print(f"  {'date':10} {'n':>5} {'text':>6} {'t+base':>6} {'spread':>6} {'base':>6} | {'changed':>7} "
          f"{'text':>6} {'t+base':>6} {'spread':>6} {'base':>6}")
    for d in days:
        known = as_known_on(obs, d)
        observed = {o.geonameid for o in known if o.geonameid in idx}
        mask = near_front(areas_on(d), border, lon, lat)
        pool = set(np.flatnonzero(mask).tolist()) | {idx[g] for g in observed}
        sel = np.array(sorted(pool))
        th = truth_holders(areas_on(d), lon[sel], lat[sel])
        pool_settlements = [Settlement(int(ids[i]), gaz.name[int(rows[i])], float(lat[i]), float(lon[i])) for i in sel]
        tl_text = build_timelines(known)
        tl_base = build_timelines(known, baseline=base_areas, baseline_date=base_date, settlements=pool_settlements)
        tl_spread = build_timelines(known, baseline=base_areas, baseline_date=base_date,
                                    settlements=pool_settlements, spread_km=SPREAD_KM)
        row = {m: [0, 0] for m in modes}
        crow = {m: [0, 0] for m in modes}
        for k, i in enumerate(sel):
            g = int(ids[i])
            t = str(th[k])
            preds = {"text": tl_text.holder_at(g, d), "text+base": tl_base.holder_at(g, d),
                     "t+b+spread": tl_spread.holder_at(g, d), "baseline": base_prior[g]}
            changed = t in ("UA", "RU") and base_prior[g] in ("UA", "RU") and t != base_prior[g]
            if preds["text"] != "unknown":
                covered[0] += 1
            covered[1] += 1
            for m, p in preds.items():
                ok = agree(p, t)
                row[m][0] += ok
                row[m][1] += 1
                if changed:
                    crow[m][0] += ok
                    crow[m][1] += 1
        for m in tot:
            tot[m][0] += row[m][0]
            tot[m][1] += row[m][1]
            chg[m][0] += crow[m][0]
            chg[m][1] += crow[m][1]

        def pct(x):
            return f"{100 * x[0] / x[1]:5.1f}%" if x[1] else "   n/a"

        print(f"  {d.isoformat():10} {row['text'][1]:5d} " + " ".join(pct(row[m]) for m in modes)
              + f" | {crow['text'][1]:7d} " + " ".join(pct(crow[m]) for m in modes))
    print("  ALL        " + "  ".join(f"{m}: {100 * v[0] / v[1]:.1f}%" for m, v in tot.items()))
    print("  CHANGED    " + "  ".join(f"{m}: {100 * v[0] / max(1, v[1]):.1f}% (n={v[1]})" for m, v in chg.items()))
    print(f"  text-only coverage (holder not unknown): {100 * covered[0] / covered[1]:.1f}%")
    _lag(obs, truth, areas_on, base_prior, ids, lat, lon, idx, base_areas, base_date, gaz, rows)


def _lag(obs, truth, areas_on, base_prior, ids, lat, lon, idx, base_areas, base_date, gaz, rows) -> None:
    """Days between DeepState's first change of holder and the report that made the inference follow."""
    observed = sorted({o.geonameid for o in obs if o.geonameid in idx})
    sel = np.array([idx[g] for g in observed])
    first_change: dict[int, tuple[dt.date, str]] = {}
    for d in sorted(truth):
        if d < dt.date(2022, 5, 1):
            continue
        th = truth_holders(areas_on(d), lon[sel], lat[sel])
        for k, i in enumerate(sel):
            g = int(ids[i])
            t = str(th[k])
            if g not in first_change and t in ("UA", "RU") and base_prior[g] in ("UA", "RU") and t != base_prior[g]:
                first_change[g] = (d, t)
    pool = [Settlement(int(ids[i]), gaz.name[int(rows[i])], float(lat[i]), float(lon[i])) for i in sel]
    tl = build_timelines(obs, baseline=base_areas, baseline_date=base_date, settlements=pool)
    lags, missed = [], 0
    for g, (d, t) in first_change.items():
        hits = [c for c in tl.history(g) if c.holder == t and c.reported and c.reported >= d - dt.timedelta(days=30)]
        if not hits:
            missed += 1
            continue
        lags.append((hits[0].reported - d).days)
    if lags:
        print(f"  lag on {len(first_change)} mentioned settlements that changed hands: followed {len(lags)}, "
              f"missed {missed}; median {statistics.median(lags):+.0f} d, mean {statistics.mean(lags):+.1f} d, "
              f"within ±7 d {100 * sum(abs(x) <= 7 for x in lags) / len(lags):.0f}%")


def eval_2025(run, shared: Path) -> None:
    from frontscope.geo.gazetteer import get_gazetteer

    gaz = get_gazetteer()
    truth = load_truth_2025(shared / "data/truth/deepstate_daily_2025-11-01_2025-12-31.jsonl.gz")
    seed = shared / "eval/dev/seed_2025-12-12.txt"
    doc = Document(text=seed.read_text(encoding="utf-8"), path=seed.name, published=dt.date(2025, 12, 12))
    run(doc)
    obs = observations_from_doc(doc, doc_id=seed.name)
    rows = np.flatnonzero(gaz._settlement)
    ids, lat, lon = gaz.ids[rows], gaz.lat[rows], gaz.lon[rows]
    names = {"Kindrashivka": 705175, "Radkivka": 813242, "Myrove": 700713, "Kupyansk": 703656}
    base_date = dt.date(2025, 12, 1)
    idx = {int(g): i for i, g in enumerate(ids)}
    observed = sorted({o.geonameid for o in obs if o.geonameid in idx} | set(names.values()))
    sel = np.array([idx[g] for g in observed])
    pool = [Settlement(int(ids[i]), gaz.name[int(rows[i])], float(lat[i]), float(lon[i])) for i in sel]
    tl_base = build_timelines(obs, baseline=truth[base_date], baseline_date=base_date, settlements=pool)
    tl_text = build_timelines(obs)
    print(f"\n== DeepState 2025 seed case (baseline {base_date}, seed published 2025-12-12): "
          f"{len(obs)} observations on {len(observed)} settlements")
    days = [dt.date(2025, 12, d) for d in (12, 19, 26, 31)]
    for name, g in names.items():
        i = idx[g]
        tr = [str(truth_holders(truth[d], lon[[i]], lat[[i]])[0]) for d in [base_date, *days]]
        print(f"  {name:13} truth {base_date}: {tr[0]}; at {', '.join(f'{d:%m-%d}:{t}' for d, t in zip(days, tr[1:], strict=True))}"
              f" | text: {tl_text.holder_at(g, days[0])}  text+base: {tl_base.holder_at(g, days[0])}")
    for label, tl in (("text", tl_text), ("text+base", tl_base), ("baseline", None)):
        ok = n = 0
        for d in days:
            th = truth_holders(truth[d], lon[sel], lat[sel])
            bh = truth_holders(truth[base_date], lon[sel], lat[sel])
            for k, g in enumerate(observed):
                p = str(bh[k]) if tl is None else tl.holder_at(g, d)
                ok += agree(p, str(th[k]))
                n += 1
        print(f"  {label:10} agreement on mentioned settlements at {len(days)} dates: {100 * ok / n:.1f}% (n={n})")


# Gold control records --------------------------------------------------------------------------------------------


NAIVE = [(r"liberat|recaptur|retook|regain", "UA_gain"), (r"captur|seiz|took control|occup", "RU_gain"),
         (r"hold|retain|control", "RU_holds"), (r"fight|fought", "fighting"), (r"advanc|attack|assault", "RU_advance_near")]


def eval_gold(run, shared: Path) -> None:
    print("\n== Control records vs eval/dev gold (inside windows)")
    n_gold = n_match = ch_ok = st_ok = both_ok = nv_ch = nv_st = n_pred = 0
    for gf in sorted((shared / "eval/dev").glob("*.jsonl")):
        rows = [json.loads(line) for line in gf.open(encoding="utf-8")]
        win = next(r for r in rows if r["type"] == "window")
        report = win["report"]
        path = shared / ("eval/dev" if report.startswith("seed") else "data/reports/isw") / report
        pub = dt.date(2025, 12, 12) if report.startswith("seed") else dt.date.fromisoformat(report[:10])
        doc = Document(text=path.read_text(encoding="utf-8"), path=report, published=pub)
        run(doc)
        preds = [s for s in doc.control if win["start"] <= s.start < win["end"]]
        n_pred += len(preds)
        for g in (r for r in rows if r["type"] == "control"):
            n_gold += 1
            cands = [s for s in preds if s.start < g["end"] and g["start"] < s.end
                     and (s.place.geonameid == g["geonameid"] or s.place.text == g["place_text"]
                          or (s.place.resolved_by == "anaphor" and s.place.geonameid == g["geonameid"]))]
            sentence = doc.text[g["start"]:g["end"]].lower()
            naive = next((c for rx, c in NAIVE if re.search(rx, sentence)), "fighting")
            nv_ch += naive == g["change"]
            nv_st += g["status"] == "claimed"
            if not cands:
                print(f"  MISSED {report} {g['place_text']} {g['change']} {g['status']}: {g['text'][:70]!r}")
                continue
            s = cands[0]
            n_match += 1
            ch_ok += s.change == g["change"]
            st_ok += s.status == g["status"]
            both_ok += s.change == g["change"] and s.status == g["status"]
            if s.change != g["change"] or s.status != g["status"]:
                print(f"  WRONG  {report} {g['place_text']}: got {s.change}/{s.status}, gold {g['change']}/{g['status']}")
    print(f"  gold {n_gold}, matched {n_match} (recall {100 * n_match / n_gold:.0f}%), predictions in windows {n_pred}")
    print(f"  on matched: change {100 * ch_ok / max(1, n_match):.0f}%, status {100 * st_ok / max(1, n_match):.0f}%, "
          f"both {100 * both_ok / max(1, n_match):.0f}%")
    print(f"  naive baseline (keyword change, status 'claimed') on all gold: change {100 * nv_ch / n_gold:.0f}%, "
          f"status {100 * nv_st / n_gold:.0f}%")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    ap.add_argument("--every", type=int, default=7, help="evaluate every Nth DeepState day (default weekly)")
    args = ap.parse_args()
    shared = args.shared if args.shared.exists() else Path("/work/shared")
    print(f"stages: {', '.join(STAGES)}")
    obs, _docs, secs, mode, run = process_reports(shared)
    print(f"processed 247 reports in {secs:.1f}s ({mode}); {len(obs)} observations with a GeoNames id")
    eval_gold(run, shared)
    eval_2022(obs, shared, args.every)
    eval_2025(run, shared)


if __name__ == "__main__":
    main()
