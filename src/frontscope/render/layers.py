"""Drawing the shipped basemap (land, sea, lakes, coast, rivers, boundaries) onto a map's axes.

The layers themselves (data, clipping) live in `frontscope.basemap`; this module only paints them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from frontscope.basemap import Layer

# Boundary styles per level: colour, width, dash pattern.
ADMIN_STYLE = {"raion": ("#9a9a9a", 0.6, (0, (4, 2))), "oblast": ("#4d4d4d", 1.3, "solid"),
               "border": ("#1a1a1a", 2.0, "solid")}


@dataclass
class Drawn:
    """What the labels need of the clipped layers (so each layer is clipped once per map)."""

    land: Any  # Natural Earth land polygons in view
    areas: tuple[Any, list[dict[str, Any]]]  # oblast polygons and their properties
    lakes: list[dict[str, Any]]  # lake properties (the label pass clips the geometries again)
    rivers: tuple[Any, list[dict[str, Any]]]  # river lines and their properties


def line_segments(geoms: Iterable[Any]) -> list[np.ndarray]:
    """Every line and polygon outline of `geoms` as coordinate arrays (one LineCollection draws them all)."""
    segs: list[np.ndarray] = []
    for g in geoms:
        for part in getattr(g, "geoms", [g]):
            if part.geom_type == "LineString":
                segs.append(np.asarray(part.coords))
            elif part.geom_type in ("Polygon", "MultiPolygon"):
                segs.extend(line_segments([part.boundary]))
    return segs


def polygon_path(geoms: Iterable[Any]) -> Any:
    """One matplotlib Path for all polygons (holes included), or None when there is none."""
    from matplotlib.path import Path as MplPath

    verts: list[np.ndarray] = []
    codes: list[np.ndarray] = []
    for g in geoms:
        for poly in getattr(g, "geoms", [g]):
            if poly.geom_type != "Polygon":
                continue
            for ring in [poly.exterior, *poly.interiors]:
                xy = np.asarray(ring.coords)
                if len(xy) < 3:
                    continue
                c = np.full(len(xy), MplPath.LINETO, dtype=np.uint8)
                c[0] = MplPath.MOVETO
                c[-1] = MplPath.CLOSEPOLY
                verts.append(xy)
                codes.append(c)
    if not verts:
        return None
    return MplPath(np.concatenate(verts), np.concatenate(codes))


def _fill(ax: Any, geoms: Any, **style: Any) -> None:
    from matplotlib.patches import PathPatch

    path = polygon_path(geoms)
    if path is not None:
        ax.add_patch(PathPatch(path, **style))


def draw_basemap(ax: Any, layers: dict[str, Layer], extent: tuple[float, float, float, float]) -> Drawn:
    """Sea, land, Ukraine's oblasts, lakes, coast, rivers and boundaries, bottom to top."""
    from matplotlib.collections import LineCollection
    from matplotlib.patches import Rectangle

    # Natural Earth layers were cut to a box around Ukraine: inside it, paint sea and let land cover
    # it; beyond it (only far east/north/west of Ukraine) show neighbouring land, not a false sea.
    ax.set_facecolor("#e6e4df")
    lb = layers["ne_land"].bounds
    dw, ds, de, dn = lb[:, 0].min(), lb[:, 1].min(), lb[:, 2].max(), lb[:, 3].max()
    ax.add_patch(Rectangle((dw, ds), de - dw, dn - ds, facecolor="#cfe3f3", edgecolor="none", zorder=-1))

    # Land: neighbours tinted grey, Ukraine (coarse oblast polygons) cream on top.
    land_geoms, _ = layers["ne_land"].clip(extent)
    _fill(ax, land_geoms, facecolor="#e6e4df", edgecolor="none", zorder=0)
    area_geoms, area_props = layers["admin_areas"].clip(extent)
    _fill(ax, area_geoms, facecolor="#f8f5ec", edgecolor="none", zorder=0.5)
    geoms, lake_props = layers["ne_lakes"].clip(extent)
    _fill(ax, geoms, facecolor="#cfe3f3", edgecolor="#6f9fd8", lw=0.5, zorder=1)
    geoms, _ = layers["ne_coast"].clip(extent)
    ax.add_collection(LineCollection(line_segments(geoms), colors="#6f9fd8", linewidths=0.6, zorder=1))

    # Rivers: wider for the big ones (low Natural Earth scalerank).
    rgeoms, rprops = layers["ne_rivers"].clip(extent)
    for g, p in zip(rgeoms, rprops, strict=True):
        lw = 1.6 if p.get("scalerank", 10) <= 6 else 1.0
        ax.add_collection(LineCollection(line_segments([g]), colors="#5b8fd0", linewidths=lw, zorder=2,
                                         capstyle="round"))

    geoms, props = layers["admin_lines"].clip(extent)
    for level, (color, lw, ls) in ADMIN_STYLE.items():
        sel = [g for g, p in zip(geoms, props, strict=True) if p["level"] == level]
        if sel:
            ax.add_collection(LineCollection(line_segments(sel), colors=color, linewidths=lw,
                                             linestyles=ls, zorder=3))
    for name in ("ne_admin1", "ne_admin0"):
        geoms, _ = layers[name].clip(extent)
        lw = 2.0 if name == "ne_admin0" else 0.8
        ax.add_collection(LineCollection(line_segments(geoms), colors="#555555", linewidths=lw,
                                         linestyles="solid" if name == "ne_admin0" else (0, (2, 2)),
                                         zorder=3))
    return Drawn(land_geoms, (area_geoms, area_props), lake_props, (rgeoms, rprops))
