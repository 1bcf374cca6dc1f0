"""Geometry shared by every layer: distances on the Earth, kilometre frames, and which side of a line a point lies on.

One place for the numbers (no module writes its own kilometres per degree):
- `haversine_km`: great-circle distance on the mean sphere (exact enough at any latitude);
- `KM_PER_DEG` / `km_xy`: the same sphere flattened around a latitude, for offsets of tens of kilometres
  (geocoding's "8 km southeast of", the misspelling gate, exposure's frame, map extents);
- `project` / `project_at`: an equirectangular frame on the WGS84 ellipsoid's degree lengths (110.57 km per
  degree of latitude, 111.32 km per degree of longitude at the equator), fixed at 48.5° N by default
  (eastern Ukraine; distance error under 3 % between 45° and 52° N), for control and exposure work;
- the spatial index: shapely's STRtree behind `nearest_distance` (nearest target in a km frame) and
  `nearest_within` / `has_neighbour_within` (great-circle distances within a reach, for many points at once).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

EARTH_KM = 6371.0088  # mean Earth radius (IUGG)
KM_PER_DEG = 111.195  # km per degree of a great circle (π·EARTH_KM/180 to 3 decimals; the geocoder is tuned on it)
KM_PER_DEG_LAT = 110.57
KM_PER_DEG_LON_EQUATOR = 111.32
KM_PER_DEG_LON_48 = KM_PER_DEG_LON_EQUATOR * float(np.cos(np.radians(48.5)))
# The rivers of the front flow southward: the right bank is the western one.
BANK_SIDE = {"west": "right", "east": "left"}  # what reports call the banks of a southward river


def haversine_km(lat1: np.ndarray | float, lon1: np.ndarray | float, lat2: np.ndarray | float,
                 lon2: np.ndarray | float) -> np.ndarray:
    """Great-circle distance in km; any argument may be an array (numpy broadcasting)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dlat, dlon = p2 - p1, np.radians(np.asarray(lon2) - np.asarray(lon1))
    a = np.sin(dlat / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    return 2 * EARTH_KM * np.arcsin(np.sqrt(np.minimum(a, 1.0)))


def bearing_deg(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Initial great-circle bearing from point 1 to point 2, degrees clockwise from north (0..360)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dl = math.radians(lon2 - lon1)
    x = math.sin(dl) * math.cos(p2)
    y = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return (math.degrees(math.atan2(x, y)) + 360) % 360


def km_xy(dlat: float, dlon: float, lat: float) -> tuple[float, float]:
    """A small offset in degrees as kilometres (x east, y north) at latitude `lat` (flat, spherical)."""
    return dlon * KM_PER_DEG * math.cos(math.radians(lat)), dlat * KM_PER_DEG


def destination(lat: float, lon: float, km: float, bearing: float) -> tuple[float, float]:
    """The point `km` from (lat, lon) towards `bearing` degrees (flat-earth: fine for tens of km)."""
    b = math.radians(bearing)
    dlat = km * math.cos(b) / KM_PER_DEG
    dlon = km * math.sin(b) / (KM_PER_DEG * max(math.cos(math.radians(lat)), 0.01))
    return lat + dlat, lon + dlon


def project_at(lat: np.ndarray, lon: np.ndarray, lat0: float) -> tuple[np.ndarray, np.ndarray]:
    """Kilometre coordinates (x east, y north) in an equirectangular frame at latitude `lat0`."""
    return (np.asarray(lon, dtype=float) * KM_PER_DEG_LON_EQUATOR * np.cos(np.radians(lat0)),
            np.asarray(lat, dtype=float) * KM_PER_DEG_LAT)


def project(lat: np.ndarray, lon: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Kilometre coordinates (x east, y north) in the shared frame."""
    return np.asarray(lon, dtype=float) * KM_PER_DEG_LON_48, np.asarray(lat, dtype=float) * KM_PER_DEG_LAT


def project_geometry(geom: BaseGeometry) -> BaseGeometry:
    """A lon/lat shapely geometry in the shared kilometre frame of `project`."""
    import shapely

    return shapely.transform(geom, lambda c: np.column_stack(project(c[:, 1], c[:, 0])))


def side_of_line(line: BaseGeometry, x: np.ndarray, y: np.ndarray, side: str, step: float = 8.0) -> np.ndarray:
    """Whether each point (x, y, km) lies on `side` of a river line (km coordinates).

    right / left are the banks facing downstream, each part of the line taken to flow from its northern end
    to its southern one (the rivers of the front flow southward; the Dnipro below Zaporizhzhia runs west-
    south-west, where its right bank is the northern one). west / east name the right / left bank, as
    reports do ("the west bank of the Dnipro" in Kherson Oblast lies north of the river); north / south
    are compass sides. The side is read at the nearest point of the nearest part, from the direction of the
    line over ±`step` km (long enough to smooth meanders).
    """
    import shapely

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
        ends = shapely.get_coordinates(part)
        if ends[0, 1] < ends[-1, 1]:
            tx, ty = -tx, -ty  # the part is drawn upstream: face the other way
        nx, ny = -ty, tx  # left of the downstream direction
        dot = (x[sel] - q[:, 0]) * nx + (y[sel] - q[:, 1]) * ny
        if side in ("left", "right"):
            out[sel] = dot > 0 if side == "left" else dot < 0
        else:
            axis = {"south": -ny, "north": ny}[side]
            out[sel] = dot * axis > 0
    return out


def _extended(line: BaseGeometry, km: float) -> BaseGeometry:
    """The line prolonged by `km` at both ends along its end direction: the simplified layer stops where the
    river widens into a reservoir or an estuary (the Dnipro at Kherson), and the side of a point beyond
    an end would otherwise be read off the end's normal alone."""
    import shapely

    c = shapely.get_coordinates(line)
    if len(c) < 2 or line.length == 0:
        return line
    step = min(5.0, line.length / 2)
    a = shapely.get_coordinates(shapely.line_interpolate_point(line, [step, line.length - step]))
    head = c[0] + (c[0] - a[0]) / max(np.hypot(*(c[0] - a[0])), 1e-9) * km
    tail = c[-1] + (c[-1] - a[1]) / max(np.hypot(*(c[-1] - a[1])), 1e-9) * km
    return shapely.linestrings(np.vstack([head, c, tail]))


# The spatial index ---------------------------------------------------------------------------------------------


def nearest_distance(qx: np.ndarray, qy: np.ndarray, tx: np.ndarray, ty: np.ndarray) -> np.ndarray:
    """For each query point of a km frame (`project`), the distance to the nearest target point (inf without any)."""
    import shapely

    if not len(tx):
        return np.full(len(qx), np.inf)
    tree = shapely.STRtree(shapely.points(tx, ty))
    _, dist = tree.query_nearest(shapely.points(qx, qy), return_distance=True, all_matches=False)
    return np.asarray(dist, dtype=float)


_SLACK = 1.15  # the local frame's scale error over a country's span stays well under this


def _points(lat: np.ndarray, lon: np.ndarray, lat0: float) -> np.ndarray:
    """Points in an equirectangular km frame at latitude `lat0`."""
    import shapely

    return shapely.points(lon * KM_PER_DEG * np.cos(np.radians(lat0)), lat * KM_PER_DEG)


def _pairs_within(qlat, qlon, tlat, tlon, km: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(query index, target index, great-circle km) of every pair within `km`."""
    import shapely

    lat0 = float(np.concatenate([qlat, tlat]).mean())
    tree = shapely.STRtree(_points(tlat, tlon, lat0))
    q, t = tree.query(_points(qlat, qlon, lat0), predicate="dwithin", distance=km * _SLACK)
    d = haversine_km(qlat[q], qlon[q], tlat[t], tlon[t]) if len(q) else np.zeros(0)
    keep = d <= km
    return q[keep], t[keep], d[keep]


def nearest_within(qlat: np.ndarray, qlon: np.ndarray, tlat: np.ndarray, tlon: np.ndarray,
                   km: float) -> tuple[np.ndarray, np.ndarray]:
    """For each query point, the great-circle distance to the nearest target within `km` and its index
    (inf / -1 when none)."""
    qlat, qlon = np.asarray(qlat, float), np.asarray(qlon, float)
    tlat, tlon = np.asarray(tlat, float), np.asarray(tlon, float)
    dist = np.full(len(qlat), np.inf)
    idx = np.full(len(qlat), -1, dtype=int)
    if not len(tlat) or not len(qlat) or km <= 0:
        return dist, idx
    q, t, d = _pairs_within(qlat, qlon, tlat, tlon, km)
    order = np.lexsort((d, q))  # per query, the nearest first
    q, t, d = q[order], t[order], d[order]
    first = np.ones(len(q), dtype=bool)
    first[1:] = q[1:] != q[:-1]
    dist[q[first]], idx[q[first]] = d[first], t[first]
    return dist, idx


def has_neighbour_within(lat: np.ndarray, lon: np.ndarray, km: float) -> np.ndarray:
    """For each point, whether another point of the same set lies within `km`."""
    lat, lon = np.asarray(lat, float), np.asarray(lon, float)
    out = np.zeros(len(lat), dtype=bool)
    if len(lat) < 2 or km <= 0:
        return out
    q, t, _ = _pairs_within(lat, lon, lat, lon, km)
    out[q[q != t]] = True
    return out
