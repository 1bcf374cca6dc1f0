"""Label placement on a map: settlements, rivers, oblasts, raions, lakes and neighbouring countries.

Labels are placed greedily in display pixels (`Placer`): a label goes to the first free candidate spot, or is
skipped and listed in the map's result, so no label covers another label or the map furniture.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import shapely

from frontscope.basemap import Layer
from frontscope.render.mapdata import COUNTRY_NAMES, MapPoint, MapResult, marker_size

KEY_LABELS = 8  # the most populous changed places whose labels may cover markers
# Spots around a marker, tried in this order: right, left, above, below, then the diagonals.
SPOTS = ((1, 0, "left", "center"), (-1, 0, "right", "center"), (0, 1, "center", "bottom"), (0, -1, "center", "top"),
         (0.8, 0.8, "left", "bottom"), (-0.8, -0.8, "right", "top"), (0.8, -0.8, "left", "top"),
         (-0.8, 0.8, "right", "bottom"))


class Placer:
    """Greedy label placement in display pixels: a label goes to the first free candidate spot, or is
    skipped. Occupied boxes start with the markers and the map furniture so labels cover neither."""

    def __init__(self, fig, ax) -> None:
        self.fig, self.ax = fig, ax
        self.renderer = fig.canvas.get_renderer()
        self.axbox = ax.get_window_extent(self.renderer)
        self.boxes: list[tuple[float, float, float, float]] = []  # labels and map furniture
        self.markers: list[tuple[float, float, float, float]] = []  # settlement markers
        self._sizes: dict[tuple[str, float, str], tuple[float, float]] = {}

    def occupy(self, box: tuple[float, float, float, float]) -> None:
        self.boxes.append(box)

    def occupy_marker(self, box: tuple[float, float, float, float]) -> None:
        self.markers.append(box)

    def occupy_artist(self, artist, pad: float = 2.0) -> None:
        b = artist.get_window_extent(self.renderer)
        self.boxes.append((b.x0 - pad, b.y0 - pad, b.x1 + pad, b.y1 + pad))

    def free(self, box: tuple[float, float, float, float], over_markers: bool = False) -> bool:
        x0, y0, x1, y1 = box
        a = self.axbox
        if x0 < a.x0 + 2 or y0 < a.y0 + 2 or x1 > a.x1 - 2 or y1 > a.y1 - 2:
            return False
        groups = (self.boxes,) if over_markers else (self.boxes, self.markers)
        return not any(x0 < b2 and x1 > b0 and y0 < b3 and y1 > b1 for boxes in groups for b0, b1, b2, b3 in boxes)

    def measure(self, text: str, size: float, weight: str) -> tuple[float, float]:
        """Width and height of a label in pixels, without creating an artist (placement tries up to
        24 spots per label; building a Text for each was 70 % of the render time on a 700-point map)."""
        from matplotlib.font_manager import FontProperties

        key = (text, size, weight)
        if key not in self._sizes:
            w, h, _d = self.renderer.get_text_width_height_descent(
                text, FontProperties(size=size, weight=weight), ismath=False)
            self._sizes[key] = (w, h)
        return self._sizes[key]

    def claim_spot(self, box: tuple[float, float, float, float], pad: float = 1.5, over_markers: bool = False) -> bool:
        padded = (box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad)
        if self.free(padded, over_markers):
            self.boxes.append(padded)
            return True
        return False

    def try_place(self, texts: list[Any], pad: float = 1.5) -> bool:
        """`texts` are candidate Text artists (already added); keep the first that fits, remove the rest."""
        from matplotlib.text import Text

        chosen = None
        for t in texts:
            if chosen is None:
                # Text's own extent: an Annotation's would include its leader line (and so the marker).
                if hasattr(t, "update_positions"):
                    t.update_positions(self.renderer)
                b = Text.get_window_extent(t, self.renderer)
                box = (b.x0 - pad, b.y0 - pad, b.x1 + pad, b.y1 + pad)
                if self.free(box):
                    chosen = t
                    self.boxes.append(box)
                    continue
            t.remove()
        return chosen is not None


def _short_holder(h: str | None) -> str:
    return {"contested": "cont.", "unknown": "?"}.get(h or "unknown", h or "?")


def key_places(inside: list[MapPoint]) -> set[int]:
    """The towns an analyst looks for first: among many changed markers there may be no free spot beside
    them, so their labels may cover other markers (never another label)."""
    return {id(p) for p in sorted((p for p in inside if p.changed), key=lambda p: -p.population)[:KEY_LABELS]
            if p.population >= 5_000}


def label_settlement(ax: Any, placer: Placer, p: MapPoint, *, key: bool, dpi: int, halo: list[Any],
                     result: MapResult) -> None:
    """Name `p` beside its marker (changed places with "(RU→UA)"), or list it as skipped."""
    text = p.name
    if p.changed:
        text += f" ({_short_holder(p.previous_holder)}→{_short_holder(p.holder)})"
    r = math.sqrt(marker_size(p.population) * (5.5 if p.changed else 1.0)) / 2 + 1.5
    size = 9.5 if p.changed else (8.5 if p.population >= 20_000 else 7.5)
    weight = "bold" if p.changed or p.population >= 50_000 else "normal"
    # Beside the marker first; changed and large places may move further out on a leader line
    # rather than disappear. Spots are tested as pixel boxes; only the winner becomes an artist.
    tw, th = placer.measure(text, size, weight)
    px, py = ax.transData.transform((p.lon, p.lat))
    scale = dpi / 72.0
    reach = (1.0, 2.6, 4.2) if (p.changed or p.population >= 20_000) else (1.0,)
    tries = [(k, False) for k in reach] + ([(1.0, True), (2.6, True)] if key else [])
    for k, over in tries:
        for ux, uy, ha, va in SPOTS:
            dx, dy = ux * r * k, uy * r * k
            ax_, ay_ = px + dx * scale, py + dy * scale
            x0 = {"left": ax_, "right": ax_ - tw, "center": ax_ - tw / 2}[ha]
            y0 = {"bottom": ay_, "top": ay_ - th, "center": ay_ - th / 2}[va]
            if not placer.claim_spot((x0, y0, x0 + tw, y0 + th), over_markers=over):
                continue
            leader = {"arrowprops": {"arrowstyle": "-", "color": "#333333", "lw": 0.7,
                                     "shrinkA": 0, "shrinkB": r - 1.5}} if k > 1 else {}
            ax.annotate(text, (p.lon, p.lat), xytext=(dx, dy), textcoords="offset points", ha=ha,
                        va=va, fontsize=size, weight=weight, zorder=8, path_effects=halo,
                        color="#111111", **leader)
            result.labels_placed.append(p.name)
            return
    result.labels_skipped.append(p.name)


def place_river_labels(ax, placer: Placer, geoms, props, result: MapResult, halo) -> None:
    """One label per river name, along its longest visible stretch, rotated with the line."""
    by_name: dict[str, list[Any]] = {}
    for g, p in zip(geoms, props, strict=True):
        if p.get("name"):
            by_name.setdefault(p["name"], []).extend(getattr(g, "geoms", [g]))
    ranked = sorted(by_name.items(), key=lambda kv: -sum(x.length for x in kv[1]))
    to_px = ax.transData.transform
    for name, parts in ranked:
        merged = shapely.line_merge(shapely.MultiLineString([x for x in parts if x.geom_type == "LineString"]))
        lines = sorted(getattr(merged, "geoms", [merged]), key=lambda x: -x.length)
        cands = []
        for line in lines[:2]:
            for f in (0.5, 0.3, 0.7, 0.15, 0.85):
                a = np.array(to_px(line.interpolate(max(f - 0.04, 0), normalized=True).coords[0]))
                b = np.array(to_px(line.interpolate(min(f + 0.04, 1), normalized=True).coords[0]))
                pt = line.interpolate(f, normalized=True)
                angle = math.degrees(math.atan2(b[1] - a[1], b[0] - a[0]))
                if angle > 90:
                    angle -= 180
                elif angle < -90:
                    angle += 180
                if np.hypot(*(b - a)) < 25:  # too short a stretch on screen to carry a name
                    continue
                cands.append(ax.text(pt.x, pt.y, name, rotation=angle, rotation_mode="anchor", ha="center",
                                     va="center", fontsize=8.5, style="italic", color="#1d5fa8", zorder=7,
                                     path_effects=[*halo]))
        if cands and placer.try_place(cands):
            result.river_labels.append(name)


def _interior_spots(poly: Any, tolerance: float) -> list[Any]:
    """The pole of inaccessibility first, then other interior points in case a place label sits there."""
    from shapely.ops import polylabel

    spots = [polylabel(poly, tolerance=tolerance), poly.representative_point()]
    bw, bs, be, bn = poly.bounds
    for fx, fy in ((0.3, 0.3), (0.7, 0.7), (0.3, 0.7), (0.7, 0.3), (0.5, 0.2), (0.5, 0.8)):
        q = shapely.Point(bw + fx * (be - bw), bs + fy * (bn - bs))
        if poly.contains(q):
            spots.append(q)
    return spots


def _oblast_labels(ax: Any, placer: Placer, areas: list[tuple[Any, dict[str, Any]]], view_area: float,
                   tolerance: float) -> None:
    for g, p in areas:
        if g.area < 0.06 * view_area:
            continue  # a sliver of an oblast at the map edge: its name would only add clutter
        biggest = max(getattr(g, "geoms", [g]), key=lambda x: x.area)
        cands = [ax.text(q.x, q.y, p["name"].upper(), ha="center", va="center", fontsize=10, color="#6b6b6b",
                         weight="bold", alpha=0.85, zorder=4) for q in _interior_spots(biggest, tolerance)]
        placer.try_place(cands)


def _raion_labels(ax: Any, placer: Placer, layer: Layer, extent: tuple[float, float, float, float]) -> None:
    geoms, props = layer.clip(extent)
    for g, p in sorted(zip(geoms, props, strict=True), key=lambda gp: -gp[1]["area"]):
        if p["level"] == "raion" and p.get("name"):
            t = ax.text(g.x, g.y, p["name"], ha="center", va="center", fontsize=7.5, color="#7d7d7d",
                        style="italic", zorder=4)
            placer.try_place([t])


def _lake_labels(ax: Any, placer: Placer, lake_geoms: Any, lake_props: list[dict[str, Any]], view_area: float,
                 tolerance: float) -> None:
    from shapely.ops import polylabel

    for g, p in zip(lake_geoms, lake_props, strict=True):
        if p.get("name") and g.area > 0.002 * view_area:
            pt = polylabel(max(getattr(g, "geoms", [g]), key=lambda x: x.area), tolerance=tolerance)
            t = ax.text(pt.x, pt.y, p["name"], ha="center", va="center", fontsize=8, style="italic",
                        color="#1d5fa8", zorder=4)
            placer.try_place([t])


def _country_of(part: Any, ne_places: Layer, abroad: list[int]) -> str | None:
    """The country of the nearest foreign Natural Earth town (a corner of the map may hold none)."""
    if not abroad:
        return None
    dist = shapely.distance(ne_places.geoms[abroad], part)
    if dist.min() >= 1.5:
        return None
    return COUNTRY_NAMES.get(ne_places.props[abroad[int(np.argmin(dist))]]["country"])


def _country_labels(ax: Any, placer: Placer, land_geoms: Any, ua_parts: list[Any], ne_places: Layer,
                    view_area: float, tolerance: float) -> None:
    """Neighbouring countries: land outside Ukraine, named after the Natural Earth towns it contains."""
    from shapely.ops import polylabel

    if not len(land_geoms):
        return
    foreign = shapely.union_all(land_geoms).difference(shapely.union_all(ua_parts).buffer(0.01))
    abroad = [i for i, p in enumerate(ne_places.props) if p.get("country") in COUNTRY_NAMES]
    for part in getattr(foreign, "geoms", [foreign]):
        if part.geom_type != "Polygon" or part.area < 0.025 * view_area:
            continue
        name = _country_of(part, ne_places, abroad)
        if name:
            pt = polylabel(part, tolerance=tolerance)
            t = ax.text(pt.x, pt.y, name, ha="center", va="center", fontsize=12, color="#8f8f8f",
                        weight="bold", zorder=4)
            placer.try_place([t])


def place_area_labels(ax: Any, placer: Placer, layers: dict[str, Layer], extent: tuple[float, float, float, float],
                      width_km: float, areas: tuple[Any, list[dict[str, Any]]], land_geoms: Any,
                      lake_props: list[dict[str, Any]]) -> None:
    """Oblast names inside their visible part, raion names on sector maps, lakes, neighbouring countries."""
    w, s, e, n = extent
    view_area, tolerance = (e - w) * (n - s), (e - w) / 200
    oblasts = sorted(zip(*areas, strict=True), key=lambda gp: -gp[0].area)
    _oblast_labels(ax, placer, oblasts, view_area, tolerance)
    if width_km <= 260:
        _raion_labels(ax, placer, layers["admin_labels"], extent)
    lake_geoms, _ = layers["ne_lakes"].clip(extent)
    _lake_labels(ax, placer, lake_geoms, lake_props, view_area, tolerance)
    _country_labels(ax, placer, land_geoms, [g for g, _ in oblasts], layers["ne_places"], view_area, tolerance)
