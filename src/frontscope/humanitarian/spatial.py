"""Nearest-target distances for many points at once: shapely's STRtree finds the candidates within reach in
a local kilometre frame, great-circle distances decide among them (exact, whatever the latitude)."""

from __future__ import annotations

import numpy as np
import shapely

from frontscope.geometry import KM_PER_DEG, haversine_km

__all__ = ["haversine_km", "has_neighbour_within", "nearest_within"]

_SLACK = 1.15  # the local frame's scale error over a country's span stays well under this


def _points(lat: np.ndarray, lon: np.ndarray, lat0: float) -> np.ndarray:
    """Points in an equirectangular km frame at latitude `lat0`."""
    return shapely.points(lon * KM_PER_DEG * np.cos(np.radians(lat0)), lat * KM_PER_DEG)


def _pairs_within(qlat, qlon, tlat, tlon, km: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(query index, target index, great-circle km) of every pair within `km`."""
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
