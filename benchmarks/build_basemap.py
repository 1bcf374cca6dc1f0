"""Build the small basemap layers shipped in `src/frontscope/data/basemap/`.

Run from the repository root with the shared data beside it:

    python benchmarks/build_basemap.py [--shared ../shared] [--out src/frontscope/data/basemap]

Inputs (openly licensed, see the README written next to the output):
- Minregion 2020 raion polygons (CC BY-SA, © Мінрегіон) -> oblast/raion boundary arcs + label points;
- OCHA P-code list (adm1/adm2 English names) for labels;
- Natural Earth 10m (public domain): land, coastline, lakes, rivers, admin-0/admin-1 lines, populated places.

Boundary lines are built as a *shared-arc* network (each border between two units stored once), then each
arc is simplified on its own: neighbouring units therefore keep exactly the same border after simplification
(no slivers or double lines), which simplifying polygons one by one would not give.
DeepState or any other non-open geometry must never be fed into this script.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import time
from pathlib import Path

from shapely import STRtree
from shapely.geometry import LineString, MultiLineString, Point, mapping, shape
from shapely.ops import linemerge, unary_union

ROOT = Path(__file__).resolve().parents[1]

# Simplification tolerances in degrees (~1 km of latitude = 0.009 deg). Boundaries are drawn at raion zoom
# (a 20-km-wide map), so they keep ~50 m detail; background layers are coarser.
TOL_ADMIN = 0.0006
TOL_RIVER = 0.001
TOL_LAND = 0.002
TOL_AREA = 0.004
DECIMALS = 4

# English labels for oblast-level units, keyed by KATOTTG / OCHA P-code prefix.
OBLAST_EN = {
    "UA01": "Crimea", "UA05": "Vinnytsia Oblast", "UA07": "Volyn Oblast", "UA12": "Dnipropetrovsk Oblast",
    "UA14": "Donetsk Oblast", "UA18": "Zhytomyr Oblast", "UA21": "Zakarpattia Oblast",
    "UA23": "Zaporizhzhia Oblast", "UA26": "Ivano-Frankivsk Oblast", "UA32": "Kyiv Oblast",
    "UA35": "Kirovohrad Oblast", "UA44": "Luhansk Oblast", "UA46": "Lviv Oblast", "UA48": "Mykolaiv Oblast",
    "UA51": "Odesa Oblast", "UA53": "Poltava Oblast", "UA56": "Rivne Oblast", "UA59": "Sumy Oblast",
    "UA61": "Ternopil Oblast", "UA63": "Kharkiv Oblast", "UA65": "Kherson Oblast", "UA68": "Khmelnytskyi Oblast",
    "UA71": "Cherkasy Oblast", "UA73": "Chernivtsi Oblast", "UA74": "Chernihiv Oblast", "UA80": "Kyiv",
    "UA85": "Sevastopol",
}
OBLAST_UK = {  # Minregion oblast names (oblasts_2020 ADMIN_1) -> code, for the two city units
    "Місто Київ": "UA80", "Місто Севастополь": "UA85",
}

# Natural Earth spells rivers the Russian way or in English; use the Ukrainian transliteration analysts use
# (ISW writes "Oskil River", "Siverskyi Donets River").
RIVER_NAMES = {
    "Oskol": "Oskil", "Seversky Donets": "Siverskyi Donets", "Donets": "Siverskyi Donets",
    "Southern Bug": "Pivdennyi Buh", "Pripyat": "Prypiat", "Prypyat": "Prypiat", "Dniester": "Dnister",
    "Seym": "Seim", "Zakhidnyy Buh": "Zakhidnyi Buh", "Bug": "Zakhidnyi Buh", "Synyukha": "Syniukha",
    "Latorytsya": "Latorytsia", "Haryn": "Horyn",
}
LAKE_NAMES = {"Kiev Reservoir": "Kyiv Reservoir"}


def _round_coords(geom: dict) -> dict:
    def rnd(c):
        if isinstance(c[0], (int, float)):
            return [round(c[0], DECIMALS), round(c[1], DECIMALS)]
        return [rnd(x) for x in c]

    return {"type": geom["type"], "coordinates": rnd(geom["coordinates"])}


def _feature(geom, **props) -> dict | None:
    if geom is None or geom.is_empty:
        return None
    return {"type": "Feature", "properties": props, "geometry": _round_coords(mapping(geom))}


def _lines(geom) -> list[LineString]:
    if geom.is_empty:
        return []
    if isinstance(geom, LineString):
        return [geom]
    if isinstance(geom, MultiLineString):
        return list(geom.geoms)
    if hasattr(geom, "geoms"):
        return [g for part in geom.geoms for g in _lines(part)]
    return []


def _load(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["features"]


def _write(out: Path, name: str, features: list[dict | None]) -> int:
    fc = {"type": "FeatureCollection", "features": [f for f in features if f]}
    data = json.dumps(fc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    path = out / f"{name}.geojson.gz"
    path.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    return path.stat().st_size


def raion_names_en(shared: Path) -> dict[str, str]:
    names: dict[str, str] = {}
    path = shared / "data/humanitarian/ukr_pcodes_adm1_adm2.csv"
    if path.exists():
        with path.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                if row["Admin Level"] == "2":
                    names[row["P-Code"]] = row["Name"]
    return names


def build_admin(shared: Path) -> tuple[list, list, list, object]:
    """Return (boundary arcs, label points, oblast polygons, Ukraine outline polygon)."""
    geo = shared / "data/geo"
    raions = _load(geo / "boundaries/raions_2020.geojson")
    oblasts = _load(geo / "boundaries/oblasts_2020.geojson")
    en = raion_names_en(shared)

    polys = [shape(f["geometry"]).buffer(0) for f in raions]
    codes = [f["properties"]["katottg_raion_prefix"] for f in raions]
    outline = unary_union([shape(f["geometry"]).buffer(0) for f in oblasts])
    outline_line = outline.boundary
    coast_lines = [shape(f["geometry"]) for f in _load(geo / "naturalearth/ne_10m_coastline_ukraine_bbox.geojson")]
    coast = unary_union(coast_lines)

    # The raion polygons do not share vertices exactly (their borders zig-zag across each other within a few
    # metres), so a noded arc network would be full of slivers. Instead take, for each pair of neighbours,
    # the first unit's boundary within EPS of the second: one copy of every shared border.
    eps = 0.0005
    bounds = [p.boundary for p in polys]
    grown = [p.buffer(eps) for p in polys]
    tree = STRtree(grown)
    features: list[dict | None] = []
    for i, poly in enumerate(polys):
        for j in tree.query(poly, predicate="intersects"):
            if j <= i:
                continue
            shared_part = bounds[i].intersection(grown[j])
            level = "oblast" if codes[i][:4] != codes[j][:4] else "raion"
            for arc in _lines(linemerge(_lines(shared_part)) if not shared_part.is_empty else shared_part):
                if arc.length > eps * 2:  # drop the stubs where a third unit meets
                    features.append(_feature(arc.simplify(TOL_ADMIN), level=level))
        # What no neighbour shares is the state border, the sea coast, or the edge of Kyiv / Sevastopol.
        rest = bounds[i].difference(unary_union([grown[j] for j in tree.query(poly) if j != i]))
        for arc in _lines(linemerge(_lines(rest)) if not rest.is_empty else rest):
            if arc.length <= eps * 2:
                continue
            mid = arc.interpolate(0.5, normalized=True)
            if mid.distance(outline_line) > 0.01:
                level = "oblast"
            elif mid.distance(coast) < 0.03:
                continue  # sea edge: Natural Earth coastline + land fill draw it
            else:
                level = "border"
            features.append(_feature(arc.simplify(TOL_ADMIN), level=level))

    labels: list[dict | None] = []
    for poly, code in zip(polys, codes, strict=True):
        pt = poly.representative_point()
        name = en.get(code)
        labels.append(_feature(pt, level="raion", code=code, name=(name + " raion") if name else "",
                               area=round(poly.area, 4)))
    by_oblast: dict[str, list] = {}
    for poly, code in zip(polys, codes, strict=True):
        by_oblast.setdefault(code[:4], []).append(poly)
    for code, parts in sorted(by_oblast.items()):
        u = unary_union(parts)
        labels.append(_feature(u.representative_point(), level="oblast", code=code, name=OBLAST_EN[code],
                               area=round(u.area, 3)))
    for f in oblasts:
        code = OBLAST_UK.get(f["properties"]["ADMIN_1"])
        if code:
            g = shape(f["geometry"])
            labels.append(_feature(g.representative_point(), level="oblast", code=code, name=OBLAST_EN[code],
                                   area=round(g.area, 3)))
    # Coarse oblast polygons: the Ukraine land fill (neighbours are tinted) and oblast labels placed inside
    # the visible part of each oblast.
    areas = [_feature(unary_union(parts).simplify(TOL_AREA), code=code, name=OBLAST_EN[code])
             for code, parts in sorted(by_oblast.items())]
    for f in oblasts:
        code = OBLAST_UK.get(f["properties"]["ADMIN_1"])
        if code:
            areas.append(_feature(shape(f["geometry"]).buffer(0).simplify(TOL_AREA), code=code,
                                  name=OBLAST_EN[code]))
    return features, labels, areas, outline


def build_natural_earth(shared: Path, outline) -> dict[str, list[dict | None]]:
    ne = shared / "data/geo/naturalearth"
    out: dict[str, list[dict | None]] = {}
    near_ua = outline.simplify(0.01).buffer(0.06)

    out["ne_land"] = [_feature(shape(f["geometry"]).simplify(TOL_LAND)) for f in _load(ne / "ne_10m_land_ukraine_bbox.geojson")]
    out["ne_coast"] = [_feature(shape(f["geometry"]).simplify(TOL_RIVER))
                       for f in _load(ne / "ne_10m_coastline_ukraine_bbox.geojson")]
    out["ne_lakes"] = [
        _feature(shape(f["geometry"]).simplify(TOL_RIVER),
                 name=LAKE_NAMES.get(f["properties"].get("name") or "", f["properties"].get("name") or ""))
        for f in _load(ne / "ne_10m_lakes_ukraine.geojson")
    ]
    rivers: list[dict | None] = []
    for fname in ("ne_10m_rivers_lake_centerlines_ukraine.geojson", "ne_10m_rivers_europe_ukraine.geojson"):
        for f in _load(ne / fname):
            raw = f["properties"].get("name") or ""
            rivers.append(_feature(shape(f["geometry"]).simplify(TOL_RIVER), name=RIVER_NAMES.get(raw, raw),
                                   scalerank=float(f["properties"].get("scalerank") or 10)))
    out["ne_rivers"] = rivers
    # Foreign borders only: Ukraine's own state border comes from the Minregion arcs above, so the two
    # sources never draw slightly different lines on top of each other.
    for name, fname in (("ne_admin0", "ne_10m_admin_0_boundary_lines_land_ukraine_bbox.geojson"),
                        ("ne_admin1", "ne_10m_admin_1_states_provinces_lines_ukraine_bbox.geojson")):
        # NE and Minregion disagree on the state border by up to a few km in places; drop NE pieces
        # that close to Ukraine, and the short stubs the cut leaves.
        feats = []
        for f in _load(ne / fname):
            rest = shape(f["geometry"]).difference(near_ua).simplify(TOL_RIVER)
            parts = [x for x in _lines(rest) if x.length > 0.03]
            feats.append(_feature(MultiLineString(parts)) if parts else None)
        out[name] = feats
    places = []
    for f in _load(ne / "ne_10m_populated_places_ukraine.geojson"):
        p = f["properties"]
        g = shape(f["geometry"])
        places.append(_feature(Point(g.x, g.y), name=p.get("NAME_EN") or p.get("NAME"), country=p.get("ISO_A2"),
                               population=int(p.get("POP_MAX") or 0)))
    out["ne_places"] = places
    return out


README = """# Basemap layers shipped with frontscope

Built by `benchmarks/build_basemap.py`; simplified (shared-arc topology, Douglas-Peucker) and rounded to
{decimals} decimals. Gzipped GeoJSON, lon/lat WGS84.

| file | content | source and licence |
|---|---|---|
| admin_lines.geojson.gz | oblast / raion / state-border arcs (`level`) | © Мінрегіон (Ministry for Communities and Territories Development of Ukraine), administrative units 2020, CC BY-SA; this derived layer is shared under CC BY-SA too |
| admin_areas.geojson.gz | coarse oblast polygons (land fill, label placement) | © Мінрегіон CC BY-SA |
| admin_labels.geojson.gz | oblast and raion label points (English names from OCHA P-codes) | © Мінрегіон CC BY-SA; names OCHA COD-AB |
| ne_*.geojson.gz | land, coastline, lakes, rivers, foreign admin lines, populated places | Natural Earth, public domain |

Maps drawn from these layers must carry the attribution line
"Boundaries © Minregion CC BY-SA; Natural Earth (public domain); places GeoNames CC BY 4.0".
No DeepState (or other non-open) geometry may be added here.
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--out", type=Path, default=ROOT / "src/frontscope/data/basemap")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    arcs, labels, areas, outline = build_admin(args.shared)
    layers = {"admin_lines": arcs, "admin_labels": labels, "admin_areas": areas, **build_natural_earth(args.shared, outline)}
    total = 0
    for name, feats in layers.items():
        size = _write(args.out, name, feats)
        total += size
        print(f"{name:14s} {sum(1 for f in feats if f):5d} features {size / 1024:8.1f} KiB")
    (args.out / "README.md").write_text(README.format(decimals=DECIMALS), encoding="utf-8")
    print(f"total {total / 1024:.1f} KiB in {time.perf_counter() - t0:.1f} s -> {args.out}")


if __name__ == "__main__":
    main()
