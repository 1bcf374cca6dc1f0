"""Nearest-target distances for many points at once, with a flat grid index (no scipy needed)."""

from __future__ import annotations

import math
from collections import defaultdict

import numpy as np

EARTH_KM = 6371.0088
_KM_PER_DEG = math.pi * EARTH_KM / 180


def haversine_km(lat1: np.ndarray | float, lon1: np.ndarray | float, lat2: np.ndarray | float,
                 lon2: np.ndarray | float) -> np.ndarray:
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dlat, dlon = p2 - p1, np.radians(np.asarray(lon2) - np.asarray(lon1))
    a = np.sin(dlat / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    return 2 * EARTH_KM * np.arcsin(np.sqrt(np.minimum(a, 1.0)))


def nearest_within(qlat: np.ndarray, qlon: np.ndarray, tlat: np.ndarray, tlon: np.ndarray,
                   km: float) -> tuple[np.ndarray, np.ndarray]:
    """For each query point, the great-circle distance to the nearest target within `km` and its index
    (inf / -1 when none). Targets are bucketed in cells of `km` (degrees scaled at each latitude), so
    each query looks at its 3×3 neighbourhood only."""
    qlat, qlon = np.asarray(qlat, float), np.asarray(qlon, float)
    tlat, tlon = np.asarray(tlat, float), np.asarray(tlon, float)
    dist = np.full(len(qlat), np.inf)
    idx = np.full(len(qlat), -1, dtype=int)
    if not len(tlat) or not len(qlat) or km <= 0:
        return dist, idx
    # Longitude cells sized for the highest latitude involved, so a cell is never narrower than km.
    cos_min = max(math.cos(math.radians(float(max(np.abs(qlat).max(), np.abs(tlat).max())))), 0.05)
    dy, dx = km / _KM_PER_DEG, km / (_KM_PER_DEG * cos_min)
    cells: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, (y, x) in enumerate(zip(np.floor(tlat / dy).astype(int), np.floor(tlon / dx).astype(int), strict=True)):
        cells[(int(y), int(x))].append(i)
    buckets = {k: np.array(v) for k, v in cells.items()}
    qy, qx = np.floor(qlat / dy).astype(int), np.floor(qlon / dx).astype(int)
    for i in range(len(qlat)):
        cand = [buckets[c] for c in ((qy[i] + a, qx[i] + b) for a in (-1, 0, 1) for b in (-1, 0, 1))
                if c in buckets]
        if not cand:
            continue
        t = np.concatenate(cand)
        d = haversine_km(qlat[i], qlon[i], tlat[t], tlon[t])
        j = int(np.argmin(d))
        if d[j] <= km:
            dist[i], idx[i] = float(d[j]), int(t[j])
    return dist, idx


def has_neighbour_within(lat: np.ndarray, lon: np.ndarray, km: float) -> np.ndarray:
    """For each point, whether another point of the same set lies within `km` (same bucketing as above)."""
    lat, lon = np.asarray(lat, float), np.asarray(lon, float)
    out = np.zeros(len(lat), dtype=bool)
    if len(lat) < 2:
        return out
    cos_min = max(math.cos(math.radians(float(np.abs(lat).max()))), 0.05)
    dy, dx = km / _KM_PER_DEG, km / (_KM_PER_DEG * cos_min)
    qy, qx = np.floor(lat / dy).astype(int), np.floor(lon / dx).astype(int)
    cells: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, (y, x) in enumerate(zip(qy.tolist(), qx.tolist(), strict=True)):
        cells[(y, x)].append(i)
    buckets = {k: np.array(v) for k, v in cells.items()}
    for i in range(len(lat)):
        cand = np.concatenate([buckets[c] for c in ((qy[i] + a, qx[i] + b) for a in (-1, 0, 1) for b in (-1, 0, 1))
                               if c in buckets])
        cand = cand[cand != i]
        if len(cand) and float(haversine_km(lat[i], lon[i], lat[cand], lon[cand]).min()) <= km:
            out[i] = True
    return out
