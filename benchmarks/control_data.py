"""Shared data for the control benchmarks: observations of the 247 ISW reports and DeepState truth per settlement.

Both are cached under benchmarks/out/ (git-ignored): the observations until a source file changes, the truth
(holder of every gazetteer settlement on every DeepState day, and whether it lies within 15 km of that day's
front line) until the truth file changes. DeepState data is read in place from ../shared and never copied into
the repository; the cache holds per-settlement labels only and stays out of git.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import pickle
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import shape

from frontscope.control.observations import Observation, observations_from_doc
from frontscope.geometry import project_at
from frontscope.model import Document

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out"
CODE = {"UA": 1, "RU": 2, "grey": 3}
NAME = {v: k for k, v in CODE.items()}
FRONT_KM = 15.0


def shared_dir(arg: Path | None = None) -> Path:
    for p in (arg, ROOT.parent / "shared", Path("/work/shared")):
        if p is not None and (p / "data").exists():
            return p
    sys.exit("../shared not found: pass --shared PATH")


def _src_mtime() -> float:
    """Newest change to what reads the text (control timelines and products do not change observations)."""
    pkg = ROOT / "src" / "frontscope"
    files = [pkg / "model.py", pkg / "pipeline.py"]
    for part in ("nlp", "geo", "claims", "events", "data"):
        files += [p for p in (pkg / part).rglob("*") if p.suffix in (".py", ".toml", ".gz")]
    return max(p.stat().st_mtime for p in files)


# Observations -------------------------------------------------------------------------------------------------


def _pipeline():
    from frontscope.pipeline import Pipeline

    pipe = Pipeline(["events"])
    pipe.warm_up()
    return pipe


def isw_observations(shared: Path, refresh: bool = False) -> tuple[list[Observation], float]:
    """Observations of every ISW report (published = file name date) and the seconds the pipeline took."""
    cache = OUT / "control_obs.pkl"
    if cache.exists() and not refresh and cache.stat().st_mtime > _src_mtime():
        with cache.open("rb") as f:
            return pickle.load(f), 0.0
    run = _pipeline()
    t0 = time.perf_counter()
    obs: list[Observation] = []
    for f in sorted((shared / "data/reports/isw").glob("*_isw.txt")):
        doc = Document(text=f.read_text(encoding="utf-8"), path=f.name, published=dt.date.fromisoformat(f.name[:10]))
        obs.extend(observations_from_doc(run(doc), doc_id=f.name))
    secs = time.perf_counter() - t0
    OUT.mkdir(parents=True, exist_ok=True)
    with cache.open("wb") as f:
        pickle.dump(obs, f)
    return obs, secs


def seed_observations(shared: Path) -> list[Observation]:
    seed = shared / "eval/dev/seed_2025-12-12.txt"
    doc = Document(text=seed.read_text(encoding="utf-8"), path=seed.name, published=dt.date(2025, 12, 12))
    return observations_from_doc(_pipeline()(doc), doc_id=seed.name)


# Truth ---------------------------------------------------------------------------------------------------------


@dataclass
class Truth:
    """Holder codes (1 UA, 2 RU, 3 grey) of every gazetteer settlement per DeepState day, and the front zone."""

    ids: np.ndarray  # geonameids of the gazetteer settlements
    lat: np.ndarray
    lon: np.ndarray
    dates: list[dt.date]
    holders: np.ndarray  # (dates, settlements) int8
    front: np.ndarray  # (dates, settlements) bool: within FRONT_KM of the day's front line

    def on(self, d: dt.date) -> int:
        """Row of the last truth day on or before `d`."""
        k = int(np.searchsorted(np.array([x.toordinal() for x in self.dates]), d.toordinal(), side="right")) - 1
        if k < 0:
            raise KeyError(d)
        return k


def _proj(lon, lat, lat0=48.5):
    return project_at(lat, lon, lat0)


def _front_zone(occupied, border, lon, lat) -> np.ndarray:
    line = occupied.boundary.difference(border)
    xs, ys = _proj(lon, lat)
    zone = shapely.transform(line, lambda c: np.column_stack(_proj(c[:, 0], c[:, 1]))).buffer(FRONT_KM)
    shapely.prepare(zone)
    return shapely.contains_xy(zone, xs, ys)


def _holders(areas: dict, lon, lat) -> np.ndarray:
    h = np.full(len(lon), CODE["UA"], dtype=np.int8)
    for cat, val in (("unknown", CODE["grey"]), ("occupied", CODE["RU"])):
        g = areas.get(cat)
        if g is not None and not g.is_empty:
            shapely.prepare(g)
            h[shapely.contains_xy(g, lon, lat)] = val
    return h


def _read_areas(path: Path, period: str) -> dict[dt.date, dict]:
    out: dict[dt.date, dict] = {}
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            d = dt.date.fromisoformat(r["date"])
            if period == "2022":
                out.setdefault(d, {})[r["category"]] = shapely.make_valid(shape(r["geometry"]))
            else:
                fc = r["geojson"] if isinstance(r["geojson"], dict) else json.loads(r["geojson"])
                gs = [shapely.make_valid(shape(ft["geometry"])) for ft in fc["features"] if ft.get("geometry")]
                out[d] = {"occupied": shapely.union_all(gs)}
    if period == "2022":
        # The polygons before May 29 lack Crimea and the pre-2022 occupied Donbas: add that part to them.
        full = dt.date(2022, 5, 29)
        old = out[full]["occupied"].difference(out[max(d for d in out if d < full)]["occupied"])
        old = old.buffer(-0.005).buffer(0.005)
        for d in out:
            if d < full:
                out[d] = {**out[d], "occupied": out[d]["occupied"].union(old)}
    return out


def truth(shared: Path, period: str) -> Truth:
    """`period` "2022" (Apr-Oct 2022) or "2025" (Nov-Dec 2025)."""
    from frontscope.geo.gazetteer import get_gazetteer

    name = {"2022": "deepstate_daily_2022-04-03_2022-10-31.jsonl.gz",
            "2025": "deepstate_daily_2025-11-01_2025-12-31.jsonl.gz"}[period]
    src = shared / "data/truth" / name
    cache = OUT / f"truth_{period}.npz"
    gaz = get_gazetteer()
    rows = np.flatnonzero(gaz.settlement_mask)
    ids, lat, lon = gaz.ids[rows], gaz.lat[rows], gaz.lon[rows]
    if cache.exists() and cache.stat().st_mtime > src.stat().st_mtime:
        z = np.load(cache)
        if len(z["ids"]) == len(ids) and (z["ids"] == ids).all():
            dates = [dt.date.fromordinal(int(x)) for x in z["dates"]]
            return Truth(ids, lat, lon, dates, z["holders"], z["front"])
    areas = _read_areas(src, period)
    gj = json.loads((shared / "data/geo/boundaries/oblasts_2020.geojson").read_text(encoding="utf-8"))
    border = shapely.union_all([shapely.make_valid(shape(f["geometry"])) for f in gj["features"]]).boundary.buffer(0.03)
    dates = sorted(areas)
    holders = np.stack([_holders(areas[d], lon, lat) for d in dates])
    front = np.stack([_front_zone(areas[d]["occupied"], border, lon, lat) for d in dates])
    OUT.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(cache, ids=ids, dates=np.array([d.toordinal() for d in dates]), holders=holders, front=front)
    return Truth(ids, lat, lon, dates, holders, front)


def prior_map(tr: Truth, k: int) -> dict[int, str]:
    """The truth of day row `k` as a prior: {geonameid: UA | RU | contested} for every settlement."""
    names = {1: "UA", 2: "RU", 3: "contested"}
    return {int(g): names[int(h)] for g, h in zip(tr.ids, tr.holders[k], strict=True)}
