"""What a map shows, before any drawing: settlements with holders, changes, the extent, marker sizes.

Plain data and arithmetic (no matplotlib): `maps` draws it, `labels` names it, `charts` shares the colours.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from frontscope.geometry import KM_PER_DEG

HOLDERS = ("UA", "RU", "contested", "unknown")
HOLDER_COLORS = {"UA": "#1f56b3", "RU": "#c8202b", "contested": "#f29c11", "unknown": "#8a8a8a"}
HOLDER_LABELS = {
    "UA": "Ukrainian-held",
    "RU": "Russian-held",
    "contested": "contested",
    "unknown": "unknown / no report",
}
CHANGE_COLOR = "#ffd60a"
ATTRIBUTION = (
    "Places: GeoNames (CC BY 4.0) · Boundaries © Minregion / Мінрегіон (CC BY-SA) · "
    "Rivers, lakes, coast, foreign borders: Natural Earth (public domain)\n"
    "Control status: frontscope extraction from open reporting — reported claims, not ground truth."
)
COUNTRY_NAMES = {"RU": "RUSSIA", "BY": "BELARUS", "MD": "MOLDOVA", "RO": "ROMANIA", "PL": "POLAND",
                 "SK": "SLOVAKIA", "HU": "HUNGARY"}
_HOLDER_ALIASES = {
    "ua": "UA", "ukraine": "UA", "ukrainian": "UA", "ukr": "UA",
    "ru": "RU", "russia": "RU", "russian": "RU", "rus": "RU",
    "contested": "contested", "fighting": "contested", "disputed": "contested", "grey": "contested",
}


@dataclass
class MapPoint:
    """One settlement to draw. `confidence` in [0, 1] sets the fill strength; `changed` adds the halo."""

    geonameid: int | None
    name: str
    lat: float
    lon: float
    holder: str = "unknown"  # UA | RU | contested | unknown (aliases such as "Ukraine" accepted)
    confidence: float = 1.0
    changed: bool = False
    population: int = 0
    previous_holder: str | None = None  # holder before the change, for the "(RU→UA)" label
    claimed_by: str | None = None  # UA | RU: that side claims it, not believed (drawn as a dashed ring)


@dataclass
class MapChange:
    """A control change since the comparison date; merged into the point with the same geonameid."""

    geonameid: int | None
    name: str
    lat: float
    lon: float
    from_holder: str
    to_holder: str
    date: dt.date | None = None


@dataclass
class MapResult:
    path: Path
    extent: tuple[float, float, float, float]  # (west, south, east, north)
    points_drawn: int
    labels_placed: list[str] = field(default_factory=list)
    labels_skipped: list[str] = field(default_factory=list)
    river_labels: list[str] = field(default_factory=list)


def normalize_holder(value: str | None) -> str:
    if not value:
        return "unknown"
    if value in HOLDERS:
        return value
    return _HOLDER_ALIASES.get(str(value).strip().lower(), "unknown")


# Extent --------------------------------------------------------------------------------------------


def compute_extent(
    points: Sequence[MapPoint],
    bbox: tuple[float, float, float, float] | None = None,
    around: tuple[float, float, float] | None = None,
    min_half_km: float = 8.0,
) -> tuple[float, float, float, float]:
    """(west, south, east, north): the bbox, a square of +-km around (lat, lon), or the points padded 12 %."""
    if bbox is not None:
        w, s, e, n = bbox
        if w >= e or s >= n:
            raise ValueError(f"bbox must be (west, south, east, north), got {bbox}")
        return float(w), float(s), float(e), float(n)
    if around is not None:
        lat, lon, km = around
        dlat = km / KM_PER_DEG
        dlon = km / (KM_PER_DEG * math.cos(math.radians(lat)))
        return lon - dlon, lat - dlat, lon + dlon, lat + dlat
    if not points:
        raise ValueError("no points, no bbox and no 'around': nothing to decide the map extent from")
    lons = [p.lon for p in points]
    lats = [p.lat for p in points]
    lat0 = (min(lats) + max(lats)) / 2
    coslat = math.cos(math.radians(lat0))
    pad_lat = max((max(lats) - min(lats)) * 0.12, min_half_km / KM_PER_DEG / 2)
    pad_lon = max((max(lons) - min(lons)) * 0.12, min_half_km / (KM_PER_DEG * coslat) / 2)
    w, e = min(lons) - pad_lon, max(lons) + pad_lon
    s, n = min(lats) - pad_lat, max(lats) + pad_lat
    # Never zoom in further than +-min_half_km: a single village still gets its surroundings.
    cx, cy = (w + e) / 2, (s + n) / 2
    half_lon = max((e - w) / 2, min_half_km / (KM_PER_DEG * coslat))
    half_lat = max((n - s) / 2, min_half_km / KM_PER_DEG)
    return cx - half_lon, cy - half_lat, cx + half_lon, cy + half_lat


def fit_aspect(extent: tuple[float, float, float, float], box_ratio: float) -> tuple[float, float, float, float]:
    """Grow the extent so that it fills an axes box of width/height `box_ratio` (no stretched maps)."""
    w, s, e, n = extent
    coslat = math.cos(math.radians((s + n) / 2))
    width_km, height_km = (e - w) * coslat, n - s
    if width_km / height_km < box_ratio:
        grow = (height_km * box_ratio / coslat - (e - w)) / 2
        w, e = w - grow, e + grow
    else:
        grow = ((e - w) * coslat / box_ratio - (n - s)) / 2
        s, n = s - grow, n + grow
    return w, s, e, n


def marker_size(pop: int) -> float:
    """Marker area in pt^2 on a log scale: hamlets 18, 1,000 people 40, 10,000 62, 100,000 84."""
    return 18.0 + 22.0 * max(0.0, math.log10(max(pop, 1)) - 2.0)


def merge_changes(points: Sequence[MapPoint], changes: Iterable[MapChange | Mapping[str, Any]]) -> list[MapPoint]:
    pts = [MapPoint(**{**p.__dict__, "holder": normalize_holder(p.holder)}) for p in points]
    by_id = {p.geonameid: p for p in pts if p.geonameid is not None}
    for ch in changes:
        c = ch if isinstance(ch, MapChange) else MapChange(**dict(ch))
        p = by_id.get(c.geonameid) if c.geonameid is not None else None
        if p is None:
            p = next((q for q in pts if q.name == c.name and abs(q.lat - c.lat) < 0.02), None)
        if p is None:
            p = MapPoint(c.geonameid, c.name, c.lat, c.lon, normalize_holder(c.to_holder), 1.0)
            pts.append(p)
        p.changed = True
        p.previous_holder = normalize_holder(c.from_holder)
    return pts
