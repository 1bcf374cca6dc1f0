"""Region-level control statements: which settlements "Luhansk Oblast" or "the west bank of the Dnipro" covers.

A region is written as a small spec string carried by the statement (`ControlStatement.region`,
`Observation.region`), so that it survives the JSONL/store round trip:

    oblast=Kharkiv;river=Oskil;side=west;part=most      nearly all of Kharkiv Oblast west of the Oskil
    oblast=Luhansk                                        (all of) Luhansk Oblast
    river=Dnipro;side=right;oblast=Kherson                the west (right) bank of the Dnipro in Kherson Oblast
    near=703071;km=5                                      Lyman and the surrounding villages

Keys: `oblast` (gazetteer short name), `river` (a named river of the shipped Natural Earth layer),
`side` (west | east | north | south | right | left; the rivers of the front flow southward, so the
right bank is the western one, or the northern one where the Dnipro turns west below Zaporizhzhia),
`part` (most: "nearly all", lower weight; or a compass half of the area: west | east | north | south),
`near`/`km` (settlements around a named one). `members` turns a spec into gazetteer rows, all numpy:
oblast by admin code, river side by the sign of the normal at the nearest point of the river line.
`expand` turns one region observation into per-settlement observations, each keeping
the region statement's id as evidence.
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from frontscope.control.observations import Observation
from frontscope.control.spatial import project
from frontscope.geo.gazetteer import Gazetteer, get_gazetteer, haversine_km

NO_OBLAST_KM = 50.0
EXTEND_KM = 30.0  # river lines are prolonged this far beyond their ends (see `_extended`)  # a river bank with no oblast given: settlements within this of the river
SIDES = ("west", "east", "north", "south", "right", "left")
BANK_SIDE = {"right": "west", "left": "east"}
# GeoNames / Russian spellings of the rivers in the Natural Earth layer.
RIVER_ALIASES = {"dnieper": "dnipro", "dnepr": "dnipro", "oskol": "oskil", "donets": "siverskyi donets",
                 "seversky donets": "siverskyi donets", "severskiy donets": "siverskyi donets",
                 "siversky donets": "siverskyi donets", "southern bug": "pivdennyi buh", "inhul": "inhul"}


def parse_spec(spec: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in spec.split(";"):
        if "=" in part:
            k, v = part.split("=", 1)
            out[k.strip()] = v.strip()
    return out


def format_spec(**keys: object) -> str:
    return ";".join(f"{k}={v}" for k, v in keys.items() if v not in (None, ""))


def side_of_line(line: BaseGeometry, x: np.ndarray, y: np.ndarray, side: str, step: float = 8.0) -> np.ndarray:
    """Whether each point (x, y, km) lies on `side` (west/east/north/south) of a line (km coordinates).

    The side is read at the nearest point of the nearest part of the line, from the normal of the
    line's direction over ±`step` km (long enough to smooth meanders): a point is west of the river
    when it lies on the side of the normal that points west.
    """
    side = BANK_SIDE.get(side, side)
    parts = list(line.geoms) if hasattr(line, "geoms") else [line]
    pts = shapely.points(x, y)
    dist = np.vstack([shapely.distance(p, pts) for p in parts])
    nearest = np.argmin(dist, axis=0)
    out = np.zeros(len(x), dtype=bool)
    for k, part in enumerate(parts):
        sel = np.flatnonzero(nearest == k)
        if not len(sel) or part.length == 0:
            continue
        s = shapely.line_locate_point(part, pts[sel])
        q = shapely.get_coordinates(shapely.line_interpolate_point(part, s))
        a = shapely.get_coordinates(shapely.line_interpolate_point(part, np.maximum(s - step, 0.0)))
        b = shapely.get_coordinates(shapely.line_interpolate_point(part, np.minimum(s + step, part.length)))
        tx, ty = b[:, 0] - a[:, 0], b[:, 1] - a[:, 1]
        nx, ny = -ty, tx  # left normal of the line's direction
        dot = (x[sel] - q[:, 0]) * nx + (y[sel] - q[:, 1]) * ny
        axis = {"west": -nx, "east": nx, "south": -ny, "north": ny}[side]
        out[sel] = dot * axis > 0
    return out


_EXTRA_RIVERS: dict[str, list[BaseGeometry]] = {}


def _river_key(name: str) -> str:
    key = " ".join(name.lower().replace("river", "").split())
    return RIVER_ALIASES.get(key, key)


def register_river(name: str, line: BaseGeometry) -> None:
    """Use `line` (lon/lat) for the river `name`, before the shipped layer: a finer river or a canal."""
    _EXTRA_RIVERS[_river_key(name)] = [line]
    river_km.cache_clear()


@lru_cache(maxsize=16)
def river_km(name: str) -> BaseGeometry | None:
    """The named river (registered, else of the shipped Natural Earth layer) in `spatial.project` km."""
    key = _river_key(name)
    geoms = _EXTRA_RIVERS.get(key)
    if geoms is None:
        from frontscope.brief.maps import load_basemap

        layer = load_basemap()["ne_rivers"]
        geoms = [g for g, p in zip(layer.geoms, layer.props, strict=True) if (p.get("name") or "").lower() == key]
    if not geoms:
        return None
    merged = shapely.line_merge(shapely.union_all(geoms))
    km = shapely.transform(merged, lambda c: np.column_stack(project(c[:, 1], c[:, 0])))
    parts = list(km.geoms) if hasattr(km, "geoms") else [km]
    return shapely.multilinestrings([_extended(p, EXTEND_KM) for p in parts])


def _extended(line: BaseGeometry, km: float) -> BaseGeometry:
    """The line prolonged by `km` at both ends along its end direction: the simplified layer stops where the
    river widens into a reservoir or an estuary (the Dnipro at Kherson), and the side of a point beyond
    an end would otherwise be read off the end's normal alone."""
    c = shapely.get_coordinates(line)
    if len(c) < 2 or line.length == 0:
        return line
    step = min(5.0, line.length / 2)
    a = shapely.get_coordinates(shapely.line_interpolate_point(line, [step, line.length - step]))
    head = c[0] + (c[0] - a[0]) / max(np.hypot(*(c[0] - a[0])), 1e-9) * km
    tail = c[-1] + (c[-1] - a[1]) / max(np.hypot(*(c[-1] - a[1])), 1e-9) * km
    return shapely.linestrings(np.vstack([head, c, tail]))


@lru_cache(maxsize=4)
def _oblast_names(gaz: Gazetteer) -> np.ndarray:
    return np.array([gaz.oblasts.get(a, "") for a in gaz.admin1], dtype=object)


def members(spec: str | dict[str, str], gaz: Gazetteer | None = None) -> np.ndarray:
    """Gazetteer rows of the settlements a region spec covers (empty when a river or place is unknown)."""
    keys = parse_spec(spec) if isinstance(spec, str) else spec
    gaz = gaz or get_gazetteer()
    mask = gaz._settlement.copy()
    if keys.get("oblast"):
        mask &= _oblast_names(gaz) == keys["oblast"]
    if keys.get("near"):
        row = gaz.row_of.get(int(keys["near"]))
        if row is None:
            return np.zeros(0, dtype=np.int64)
        mask &= haversine_km(float(gaz.lat[row]), float(gaz.lon[row]), gaz.lat, gaz.lon) <= float(keys.get("km", 5))
    rows = np.flatnonzero(mask)
    if keys.get("river"):
        river = river_km(keys["river"])
        if river is None:
            return np.zeros(0, dtype=np.int64)
        x, y = project(gaz.lat[rows], gaz.lon[rows])
        if not keys.get("oblast"):
            near = shapely.distance(river, shapely.points(x, y)) <= NO_OBLAST_KM
            rows, x, y = rows[near], x[near], y[near]
        if keys.get("side") in SIDES:
            rows = rows[side_of_line(river, x, y, keys["side"])]
    part = keys.get("part", "")
    if part in ("west", "east", "north", "south") and len(rows):
        coord = gaz.lon[rows] if part in ("west", "east") else gaz.lat[rows]
        mid = float(np.median(coord))
        rows = rows[coord <= mid] if part in ("west", "south") else rows[coord >= mid]
    return rows


def expand(o: Observation, gaz: Gazetteer | None = None) -> list[Observation]:
    """Per-settlement observations for a region observation, evidence id `<id>@<geonameid>`. They keep the
    statement's confidence: the belief model weighs region-only evidence itself (`region_only`), and
    statements about part of an area flip nothing on their own (`timeline._usable`)."""
    gaz = gaz or get_gazetteer()
    keys = parse_spec(o.region)
    rows = members(keys, gaz)
    out = []
    for r in rows.tolist():
        g = int(gaz.ids[r])
        out.append(dataclasses.replace(
            o, id=f"{o.id}@{g}", geonameid=g, name=gaz.name[r],
            lat=float(gaz.lat[r]), lon=float(gaz.lon[r])))
    return out
