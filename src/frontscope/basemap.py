"""The shipped basemap (boundaries, rivers, coast, labels) and the named river lines other layers reason with.

Data, not drawing: the map renderer, the control regions ("west of the Oskil") and the spatial inference
(rivers as barriers) read the same layers from here.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from frontscope.geometry import _extended, project_geometry

EXTEND_KM = 30.0  # river lines are prolonged this far beyond their ends (see `geometry._extended`)
# GeoNames / Russian spellings of the rivers in the Natural Earth layer.
RIVER_ALIASES = {"dnieper": "dnipro", "dnepr": "dnipro", "oskol": "oskil", "donets": "siverskyi donets",
                 "seversky donets": "siverskyi donets", "severskiy donets": "siverskyi donets",
                 "siversky donets": "siverskyi donets", "southern bug": "pivdennyi buh", "inhul": "inhul"}


@dataclass
class Layer:
    geoms: np.ndarray  # shapely geometries
    props: list[dict[str, Any]]
    bounds: np.ndarray  # (n, 4) west, south, east, north

    def clip(self, extent: tuple[float, float, float, float]) -> tuple[np.ndarray, list[dict[str, Any]]]:
        """Geometries cut to the extent (bbox test first, so the cut runs only on the few that overlap)."""
        w, s, e, n = extent
        b = self.bounds
        keep = np.nonzero((b[:, 0] <= e) & (b[:, 2] >= w) & (b[:, 1] <= n) & (b[:, 3] >= s))[0]
        if len(keep) == 0:
            return np.empty(0, dtype=object), []
        clipped = shapely.clip_by_rect(self.geoms[keep], w, s, e, n)
        ok = ~shapely.is_empty(clipped)
        return clipped[ok], [self.props[i] for i, k in zip(keep, ok, strict=True) if k]


LAYER_NAMES = ("admin_lines", "admin_labels", "admin_areas", "ne_land", "ne_coast", "ne_lakes", "ne_rivers", "ne_admin0",
               "ne_admin1", "ne_places")


@lru_cache(maxsize=1)
def load_basemap() -> dict[str, Layer]:
    """Read the shipped layers once per process (about 30 ms; the files total ~200 KB)."""
    base = resources.files("frontscope") / "data" / "basemap"
    layers: dict[str, Layer] = {}
    for name in LAYER_NAMES:
        with (base / f"{name}.geojson.gz").open("rb") as fh:
            feats = json.loads(gzip.decompress(fh.read()))["features"]
        geoms = np.array([shape(f["geometry"]) for f in feats], dtype=object)
        bounds = shapely.bounds(geoms) if len(geoms) else np.zeros((0, 4))
        layers[name] = Layer(geoms, [f["properties"] for f in feats], bounds)
    return layers


_EXTRA_RIVERS: dict[str, list[BaseGeometry]] = {}


def _river_key(name: str) -> str:
    key = " ".join(name.lower().replace("river", "").split())
    return RIVER_ALIASES.get(key, key)


def register_river(name: str, line: BaseGeometry) -> None:
    """Use `line` (lon/lat) for the river `name`, before the shipped layer: a finer river or a canal."""
    _EXTRA_RIVERS[_river_key(name)] = [line]
    river_km.cache_clear()
    all_rivers_km.cache_clear()


@lru_cache(maxsize=1)
def all_rivers_km() -> BaseGeometry:
    """Every river of the shipped Natural Earth layer (and the registered ones), in `geometry.project` km,
    prepared for many intersection tests."""
    layer = load_basemap()["ne_rivers"]
    lines = [*layer.geoms, *(g for gs in _EXTRA_RIVERS.values() for g in gs)]
    km = project_geometry(shapely.union_all(lines))
    shapely.prepare(km)
    return km


@lru_cache(maxsize=16)
def river_km(name: str) -> BaseGeometry | None:
    """The named river (registered, else of the shipped Natural Earth layer) in `geometry.project` km."""
    key = _river_key(name)
    geoms = _EXTRA_RIVERS.get(key)
    if geoms is None:
        layer = load_basemap()["ne_rivers"]
        geoms = [g for g, p in zip(layer.geoms, layer.props, strict=True) if (p.get("name") or "").lower() == key]
    if not geoms:
        return None
    km = project_geometry(shapely.line_merge(shapely.union_all(geoms)))
    parts = list(km.geoms) if hasattr(km, "geoms") else [km]
    return shapely.multilinestrings([_extended(p, EXTEND_KM) for p in parts])
