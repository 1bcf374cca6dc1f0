"""Nearest-target distances for many points at once, with a flat grid index (no scipy needed)."""

from __future__ import annotations

import math
from collections import defaultdict

import numpy as np

from frontscope.geo.gazetteer import EARTH_KM, haversine_km

__all__ = ["haversine_km", "has_neighbour_within", "nearest_within"]

_KM_PER_DEG = math.pi * EARTH_KM / 180


def _grid(lat: np.ndarray, lon: np.ndarray, km: float, max_abs_lat: float
          ) -> tuple[np.ndarray, np.ndarray, dict[tuple[int, int], np.ndarray]]:
    """Cell rows and columns of the points, and the point indices per cell. Cells are at least `km`
    wide: longitude cells are sized for the highest latitude involved."""
    cos_min = max(math.cos(math.radians(max_abs_lat)), 0.05)
    dy, dx = km / _KM_PER_DEG, km / (_KM_PER_DEG * cos_min)
    cy, cx = np.floor(lat / dy).astype(int), np.floor(lon / dx).astype(int)
    cells: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, key in enumerate(zip(cy.tolist(), cx.tolist(), strict=True)):
        cells[key].append(i)
    return cy, cx, {k: np.array(v) for k, v in cells.items()}


def _around(buckets: dict[tuple[int, int], np.ndarray], y: int, x: int) -> np.ndarray | None:
    """Indices of the points in the 3×3 cells around (y, x)."""
    cand = [buckets[c] for c in ((y + a, x + b) for a in (-1, 0, 1) for b in (-1, 0, 1)) if c in buckets]
    return np.concatenate(cand) if cand else None


def nearest_within(qlat: np.ndarray, qlon: np.ndarray, tlat: np.ndarray, tlon: np.ndarray,
                   km: float) -> tuple[np.ndarray, np.ndarray]:
    """For each query point, the great-circle distance to the nearest target within `km` and its index
    (inf / -1 when none). Targets are bucketed in cells of `km`, so each query looks at 3×3 cells only."""
    qlat, qlon = np.asarray(qlat, float), np.asarray(qlon, float)
    tlat, tlon = np.asarray(tlat, float), np.asarray(tlon, float)
    dist = np.full(len(qlat), np.inf)
    idx = np.full(len(qlat), -1, dtype=int)
    if not len(tlat) or not len(qlat) or km <= 0:
        return dist, idx
    top = float(max(np.abs(qlat).max(), np.abs(tlat).max()))
    _, _, buckets = _grid(tlat, tlon, km, top)
    qy, qx, _ = _grid(qlat, qlon, km, top)
    for i in range(len(qlat)):
        t = _around(buckets, qy[i], qx[i])
        if t is None:
            continue
        d = haversine_km(qlat[i], qlon[i], tlat[t], tlon[t])
        j = int(np.argmin(d))
        if d[j] <= km:
            dist[i], idx[i] = float(d[j]), int(t[j])
    return dist, idx


def has_neighbour_within(lat: np.ndarray, lon: np.ndarray, km: float) -> np.ndarray:
    """For each point, whether another point of the same set lies within `km`."""
    lat, lon = np.asarray(lat, float), np.asarray(lon, float)
    out = np.zeros(len(lat), dtype=bool)
    if len(lat) < 2 or km <= 0:
        return out
    cy, cx, buckets = _grid(lat, lon, km, float(np.abs(lat).max()))
    for i in range(len(lat)):
        cand = _around(buckets, cy[i], cx[i])
        cand = cand[cand != i] if cand is not None else cand
        if cand is not None and len(cand) and float(haversine_km(lat[i], lon[i], lat[cand], lon[cand]).min()) <= km:
            out[i] = True
    return out
