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

from frontscope.basemap import register_river, river_km  # noqa: F401 (part of this module's API)
from frontscope.control.observations import Observation
from frontscope.geo.gazetteer import Gazetteer, get_gazetteer
from frontscope.geometry import BANK_SIDE, haversine_km, project, side_of_line  # noqa: F401

NO_OBLAST_KM = 50.0  # a river bank with no oblast given: settlements within this of the river
SIDES = ("west", "east", "north", "south", "right", "left")


def parse_spec(spec: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in spec.split(";"):
        if "=" in part:
            k, v = part.split("=", 1)
            out[k.strip()] = v.strip()
    return out


def format_spec(**keys: object) -> str:
    return ";".join(f"{k}={v}" for k, v in keys.items() if v not in (None, ""))


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
            rows = rows[_bank(river, rows, x, y, keys["side"], gaz)]
    part = keys.get("part", "")
    if part in ("west", "east", "north", "south") and len(rows):
        coord = gaz.lon[rows] if part in ("west", "east") else gaz.lat[rows]
        mid = float(np.median(coord))
        rows = rows[coord <= mid] if part in ("west", "south") else rows[coord >= mid]
    return rows


AMBIGUOUS_KM = 3.0  # the shipped river lines are coarse: this close, the line cannot tell the bank


def _bank(river: object, rows: np.ndarray, x: np.ndarray, y: np.ndarray, side: str, gaz: Gazetteer) -> np.ndarray:
    """Which of `rows` lie on `side` of the river. A settlement within AMBIGUOUS_KM of the line (Kherson city
    lies 0.2 km from it, on the wrong side of the coarse line) takes the side most of the other settlements of
    its hromada (KATOTTG code) lie on; one without a hromada keeps the line's answer."""
    mask = side_of_line(river, x, y, side)
    near = shapely.distance(river, shapely.points(x, y)) <= AMBIGUOUS_KM
    if not near.any():
        return mask
    hromada = np.array([gaz.katottg[r][:9] if gaz.katottg[r] else "" for r in rows.tolist()], dtype=object)
    sure = ~near & (hromada != "")
    for h in set(hromada[near].tolist()) - {""}:
        votes = mask[sure & (hromada == h)]
        if len(votes) >= 2:
            mask[near & (hromada == h)] = votes.mean() > 0.5
    return mask


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
