"""Time control-map rendering against a naive baseline in the same run.

    python benchmarks/bench_maps.py [--out /tmp/maps] [--repeat 3]

Cases: a sector map (20 settlements around Kupiansk/Izium) and a front map (every populated place with
population >= 500 in Kharkiv, Luhansk and Donetsk oblasts, ~700 points, from the shared GeoNames extract
when present, else random points in the same box). Holders are random: this measures drawing, not data.

Baseline: the same drawing without the per-process layer cache and without clipping (every basemap
feature drawn with one `ax.plot` call and left to matplotlib to cull), i.e. the obvious first version.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import random
import statistics
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from frontscope.render import maps  # noqa: E402
from frontscope.render.maps import MapChange, MapPoint, render_map  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared/data/geo/ua_places_enriched.tsv.gz"
SECTOR = [
    ("Kupiansk", 49.71003, 37.61581, 27169), ("Kupiansk-Vuzlovyi", 49.67061, 37.64319, 8212),
    ("Kivsharivka", 49.63026, 37.6775, 19738), ("Izyum", 49.20697, 37.27679, 45884),
    ("Savyntsi", 49.40035, 37.05134, 5326), ("Shevchenkove", 49.6951, 37.17625, 7090),
    ("Velykyi Burluk", 50.06135, 37.38358, 4821), ("Dvorichna", 49.85099, 37.68482, 3290),
    ("Borova", 49.38047, 37.61931, 5174), ("Oskil", 49.17654, 37.42412, 3217),
    ("Studenok", 49.08888, 37.48999, 1440), ("Synkivka", 49.76293, 37.69374, 392),
    ("Petropavlivka", 49.72052, 37.70905, 2486), ("Kurylivka", 49.66002, 37.70276, 3620),
    ("Senkove", 49.52507, 37.67318, 0), ("Husarivka", 49.35964, 36.8193, 1352),
    ("Svyatohirsk", 49.04101, 37.57194, 4309), ("Lyman", 48.99012, 37.80843, 20066),
    ("Bohorodychne", 49.01594, 37.50699, 794), ("Slovyansk", 48.84974, 37.59739, 105141),
]


def front_points(rng: random.Random) -> list[MapPoint]:
    pts: list[MapPoint] = []
    if SHARED.exists():
        with gzip.open(SHARED, "rt", encoding="utf-8") as fh:
            for r in csv.DictReader(fh, delimiter="\t"):
                if r["fclass"] == "P" and r["oblast"].startswith(("Kharkiv", "Luhansk", "Donetsk")) \
                        and int(r["population"] or 0) >= 500:
                    pts.append(MapPoint(int(r["geonameid"]), r["name"], float(r["lat"]), float(r["lon"]),
                                        rng.choice(maps.HOLDERS), rng.random(), population=int(r["population"])))
    else:
        for i in range(700):
            pts.append(MapPoint(i, f"Place {i}", rng.uniform(47.0, 50.4), rng.uniform(35.6, 40.2),
                                rng.choice(maps.HOLDERS), rng.random(), population=rng.randint(500, 50000)))
    return pts


def naive_render(points: list[MapPoint], out: Path, extent: tuple[float, float, float, float]) -> None:
    """Baseline: reload the layers, draw every feature with its own plot call, no clipping, no labels
    collision logic (labels for all points)."""
    maps.load_basemap.cache_clear()
    layers = maps.load_basemap()
    fig, ax = plt.subplots(figsize=(11, 9), dpi=150)
    for name in ("ne_coast", "ne_rivers", "admin_lines", "ne_admin0", "ne_admin1"):
        for g in layers[name].geoms:
            for part in getattr(g, "geoms", [g]):
                x, y = part.xy
                ax.plot(x, y, lw=0.8, color="#666666")
    for p in points:
        ax.plot(p.lon, p.lat, "o", color=maps.HOLDER_COLORS[maps.normalize_holder(p.holder)])
        ax.annotate(p.name, (p.lon, p.lat), fontsize=7)
    ax.set_xlim(extent[0], extent[2])
    ax.set_ylim(extent[1], extent[3])
    fig.savefig(out)
    plt.close(fig)


def timed(fn, repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), max(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=Path("/tmp/maps"))
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(1)
    sector = [MapPoint(i, n, la, lo, rng.choice(maps.HOLDERS), rng.random(), population=pop)
              for i, (n, la, lo, pop) in enumerate(SECTOR)]
    changes = [MapChange(0, "Kupiansk", 49.71003, 37.61581, "RU", "UA", dt.date(2022, 9, 10))]
    front = front_points(rng)
    date = dt.date(2022, 9, 15)

    maps.load_basemap.cache_clear()
    t = time.perf_counter()
    maps.load_basemap()
    load_s = time.perf_counter() - t
    print(f"basemap load (cold, once per process): {load_s * 1000:.0f} ms")

    cases = [("sector, 20 points", sector), (f"front, {len(front)} points", front)]
    print(f"{'case':28s} {'frontscope median':>18s} {'max':>7s} {'naive baseline':>15s} {'speed-up':>9s}")
    for label, pts in cases:
        out = args.out / f"bench_{len(pts)}.png"
        res = render_map(pts, date=date, changes=changes, out=out)  # warm-up, also gives the extent
        med, worst = timed(lambda pts=pts, out=out: render_map(pts, date=date, changes=changes, out=out),
                           args.repeat)
        base, _ = timed(lambda pts=pts, res=res: naive_render(pts, args.out / f"naive_{len(pts)}.png",
                                                             res.extent), args.repeat)
        print(f"{label:28s} {med:17.2f}s {worst:6.2f}s {base:14.2f}s {base / med:8.1f}x"
              f"   labels {len(res.labels_placed)} placed / {len(res.labels_skipped)} skipped")
    maps.load_basemap.cache_clear()
    maps.load_basemap()


if __name__ == "__main__":
    main()
