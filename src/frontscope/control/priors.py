"""Priors: the holder of every settlement at a baseline date, from an occupied-area polygon.

Any GeoJSON the user has will do: a geometry, a Feature, a FeatureCollection (features may carry a
"category" property: "occupied" or "unknown" = grey zone), or a path to such a file. Settlements come
from the caller (a gazetteer slice) as `Settlement` records.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry


@dataclass
class Settlement:
    geonameid: int
    name: str
    lat: float
    lon: float
    oblast: str | None = None
    population: int = 0


def load_areas(src: Any) -> dict[str, BaseGeometry]:
    """{"occupied": geometry, "unknown": geometry?} from a geometry, GeoJSON dict or file path."""
    if isinstance(src, BaseGeometry):
        return {"occupied": src}
    if isinstance(src, str | Path):
        path = Path(src)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return load_areas(data)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
            raise ValueError(f"{path}: not a readable GeoJSON file ({e})") from e
        except (KeyError, TypeError, ValueError, AttributeError) as e:
            raise ValueError(f"{path}: not a GeoJSON polygon, feature or feature collection ({e!r})") from e
    if not isinstance(src, dict):
        raise TypeError(f"unsupported baseline: {type(src).__name__}")
    if "occupied" in src and isinstance(src["occupied"], BaseGeometry):
        return dict(src)
    parts: dict[str, list[BaseGeometry]] = {}
    if src.get("type") == "FeatureCollection":
        for f in src.get("features", []):
            cat = (f.get("properties") or {}).get("category", "occupied")
            if f.get("geometry"):
                parts.setdefault(cat, []).append(shape(f["geometry"]))
    elif src.get("type") == "Feature":
        cat = (src.get("properties") or {}).get("category", "occupied")
        parts[cat] = [shape(src["geometry"])]
    else:
        parts["occupied"] = [shape(src)]
    return {k: shapely.union_all([shapely.make_valid(g) for g in v]) for k, v in parts.items()}


def classify(settlements: Iterable[Settlement], areas: dict[str, BaseGeometry]) -> dict[int, str]:
    """Holder per settlement: inside "occupied" → RU, inside "unknown" → contested, else UA."""
    items = list(settlements)
    if not items:
        return {}
    lon = np.array([s.lon for s in items])
    lat = np.array([s.lat for s in items])
    holder = np.array(["UA"] * len(items), dtype=object)
    for cat, value in (("unknown", "contested"), ("occupied", "RU")):
        geom = areas.get(cat)
        if geom is None or geom.is_empty:
            continue
        shapely.prepare(geom)
        holder[shapely.contains_xy(geom, lon, lat)] = value
    return {s.geonameid: str(h) for s, h in zip(items, holder, strict=True)}
