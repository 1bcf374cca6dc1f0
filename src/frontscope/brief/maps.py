"""Static control maps (PNG/SVG) drawn offline from the basemap layers shipped with the package.

`render_map(points, date=..., around=(lat, lon, km) | bbox=(w, s, e, n), changes=..., out=Path)` draws
oblast and raion boundaries, named rivers, lakes and coast, then the settlements coloured by holder
(UA / RU / contested / unknown), their confidence as fill strength, changes highlighted with a halo and
an "(RU→UA)" label, a legend, a scale bar, a north arrow, a dated title and the attribution line the
licences require. No internet tiles: everything comes from `frontscope/data/basemap/*.geojson.gz`
(built by `benchmarks/build_basemap.py`).

The map is a plain equirectangular lon/lat plot with the aspect set to 1/cos(latitude), which at the
scale of a front sector (10-300 km) is indistinguishable from a conformal projection and needs no pyproj.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import shapely

from frontscope.basemap import LAYER_NAMES, Layer, load_basemap  # noqa: F401 (re-exported for callers)
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


# Basemap layers ------------------------------------------------------------------------------------


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


def _fit_aspect(extent: tuple[float, float, float, float], box_ratio: float) -> tuple[float, float, float, float]:
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


# Drawing helpers -----------------------------------------------------------------------------------


def _line_segments(geoms: Iterable[Any]) -> list[np.ndarray]:
    segs: list[np.ndarray] = []
    for g in geoms:
        for part in getattr(g, "geoms", [g]):
            if part.geom_type == "LineString":
                segs.append(np.asarray(part.coords))
            elif part.geom_type in ("Polygon", "MultiPolygon"):
                segs.extend(_line_segments([part.boundary]))
    return segs


def _polygon_path(geoms: Iterable[Any]):
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


def _nice_length(km: float) -> float:
    for v in (0.5, 1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if v >= km:
            return v
    return 1000.0


def _marker_size(pop: int) -> float:
    """Marker area in pt^2 on a log scale: hamlets 18, 1,000 people 40, 10,000 62, 100,000 84."""
    return 18.0 + 22.0 * max(0.0, math.log10(max(pop, 1)) - 2.0)


def _merge_changes(points: Sequence[MapPoint], changes: Iterable[MapChange | Mapping[str, Any]]) -> list[MapPoint]:
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


def _short_holder(h: str | None) -> str:
    return {"contested": "cont.", "unknown": "?"}.get(h or "unknown", h or "?")


KEY_LABELS = 8  # the most populous changed places whose labels may cover markers


class _Placer:
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


# The map -------------------------------------------------------------------------------------------


def render_map(
    settlements: Sequence[MapPoint],
    *,
    date: dt.date | str,
    out: Path | str,
    bbox: tuple[float, float, float, float] | None = None,
    around: tuple[float, float, float] | None = None,
    changes: Iterable[MapChange | Mapping[str, Any]] = (),
    since: dt.date | str | None = None,
    title: str | None = None,
    max_labels: int = 80,
    figsize: tuple[float, float] = (11.0, 9.0),
    dpi: int = 150,
) -> MapResult:
    """Draw the control map for `date` and write it to `out` (.png or .svg, chosen by extension).

    `settlements`: MapPoint list (holder, confidence, population). `changes`: MapChange objects or dicts
    with the same keys; they mark the matching points as changed (halo + "(RU→UA)" label) and add points
    that are missing. Extent: `bbox` (west, south, east, north), else `around` (lat, lon, half-width km),
    else the points padded. Labels: changed places first, then the most populous; a label that would
    overlap another label, a marker, or the map furniture is skipped (listed in the result).
    """
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.patheffects as pe
    import matplotlib.pyplot as plt
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D
    from matplotlib.patches import PathPatch, Rectangle

    out = Path(out)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in ("png", "svg"):
        raise ValueError(f"map output must end in .png or .svg, got {out.name!r}")
    pts = _merge_changes(settlements, changes)
    extent0 = compute_extent(pts, bbox=bbox, around=around)

    # Axes box: leave room above for the title and below for the attribution.
    left, bottom, width, height = 0.02, 0.055, 0.96, 0.86
    box_ratio = (figsize[0] * width) / (figsize[1] * height)
    w, s, e, n = _fit_aspect(extent0, box_ratio)
    extent = (w, s, e, n)
    lat0 = (s + n) / 2
    coslat = math.cos(math.radians(lat0))
    width_km = (e - w) * coslat * KM_PER_DEG

    layers = load_basemap()
    halo = [pe.withStroke(linewidth=2.6, foreground="white")]

    with plt.rc_context({"svg.fonttype": "none", "font.family": "DejaVu Sans"}):
        fig = plt.figure(figsize=figsize, dpi=dpi)
        ax = fig.add_axes((left, bottom, width, height))
        ax.set_xlim(w, e)
        ax.set_ylim(s, n)
        ax.set_aspect(1.0 / coslat, adjustable="box")
        ax.set_xticks([])
        ax.set_yticks([])
        # Natural Earth layers were cut to a box around Ukraine: inside it, paint sea and let land cover
        # it; beyond it (only far east/north/west of Ukraine) show neighbouring land, not a false sea.
        ax.set_facecolor("#e6e4df")
        lb = layers["ne_land"].bounds
        dw, ds, de, dn = lb[:, 0].min(), lb[:, 1].min(), lb[:, 2].max(), lb[:, 3].max()
        ax.add_patch(Rectangle((dw, ds), de - dw, dn - ds, facecolor="#cfe3f3", edgecolor="none", zorder=-1))

        # Land: neighbours tinted grey, Ukraine (coarse oblast polygons) cream on top.
        land_geoms, _ = layers["ne_land"].clip(extent)
        path = _polygon_path(land_geoms)
        if path is not None:
            ax.add_patch(PathPatch(path, facecolor="#e6e4df", edgecolor="none", zorder=0))
        area_geoms, area_props = layers["admin_areas"].clip(extent)
        path = _polygon_path(area_geoms)
        if path is not None:
            ax.add_patch(PathPatch(path, facecolor="#f8f5ec", edgecolor="none", zorder=0.5))
        geoms, lake_props = layers["ne_lakes"].clip(extent)
        path = _polygon_path(geoms)
        if path is not None:
            ax.add_patch(PathPatch(path, facecolor="#cfe3f3", edgecolor="#6f9fd8", lw=0.5, zorder=1))
        geoms, _ = layers["ne_coast"].clip(extent)
        ax.add_collection(LineCollection(_line_segments(geoms), colors="#6f9fd8", linewidths=0.6, zorder=1))

        # Rivers: wider for the big ones (low Natural Earth scalerank).
        rgeoms, rprops = layers["ne_rivers"].clip(extent)
        for g, p in zip(rgeoms, rprops, strict=True):
            lw = 1.6 if p.get("scalerank", 10) <= 6 else 1.0
            ax.add_collection(LineCollection(_line_segments([g]), colors="#5b8fd0", linewidths=lw, zorder=2,
                                             capstyle="round"))

        geoms, props = layers["admin_lines"].clip(extent)
        style = {"raion": ("#9a9a9a", 0.6, (0, (4, 2))), "oblast": ("#4d4d4d", 1.3, "solid"),
                 "border": ("#1a1a1a", 2.0, "solid")}
        for level, (color, lw, ls) in style.items():
            sel = [g for g, p in zip(geoms, props, strict=True) if p["level"] == level]
            if sel:
                ax.add_collection(LineCollection(_line_segments(sel), colors=color, linewidths=lw,
                                                 linestyles=ls, zorder=3))
        for name in ("ne_admin1", "ne_admin0"):
            geoms, _ = layers[name].clip(extent)
            lw = 2.0 if name == "ne_admin0" else 0.8
            ax.add_collection(LineCollection(_line_segments(geoms), colors="#555555", linewidths=lw,
                                             linestyles="solid" if name == "ne_admin0" else (0, (2, 2)),
                                             zorder=3))

        # Settlements.
        inside = [p for p in pts if w <= p.lon <= e and s <= p.lat <= n]
        changed = [p for p in inside if p.changed]
        if changed:
            ax.scatter([p.lon for p in changed], [p.lat for p in changed],
                       s=[_marker_size(p.population) * 5.5 for p in changed], c=CHANGE_COLOR,
                       edgecolors="#111111", linewidths=1.2, zorder=5)
        # An opaque white disk under every marker, so a pale (low-confidence) fill reads the same over
        # a river, a boundary or a change halo.
        ax.scatter([p.lon for p in inside], [p.lat for p in inside],
                   s=[_marker_size(p.population) for p in inside], c="white", linewidths=0, zorder=5.5)
        for holder in HOLDERS:
            sel = [p for p in inside if p.holder == holder]
            if not sel:
                continue
            rgb = matplotlib.colors.to_rgb(HOLDER_COLORS[holder])
            face = [(*rgb, 0.18 + 0.82 * min(max(p.confidence, 0.0), 1.0)) for p in sel]
            ax.scatter([p.lon for p in sel], [p.lat for p in sel], s=[_marker_size(p.population) for p in sel],
                       c=face, edgecolors=[HOLDER_COLORS[holder]], linewidths=1.1, zorder=6)
        # A claim that did not pass the belief bar: a dashed ring in the claimant's colour around the holder.
        for side in ("UA", "RU"):
            sel = [p for p in inside if p.claimed_by == side]
            if sel:
                ax.scatter([p.lon for p in sel], [p.lat for p in sel],
                           s=[_marker_size(p.population) * 3.2 for p in sel], facecolors="none",
                           edgecolors=HOLDER_COLORS[side], linewidths=1.6, linestyles="--", zorder=6.5)
        claimed = [p for p in inside if p.claimed_by in ("UA", "RU")]

        # Title, legend, scale bar, north arrow (placed before labels so labels avoid them).
        date_s = date.isoformat() if isinstance(date, dt.date) else str(date)
        head = title or "Territorial control of settlements"
        fig.text(0.02, 0.975, f"{head} — as of {date_s}", ha="left", va="top", fontsize=14, weight="bold")
        counts = {h: sum(1 for p in inside if p.holder == h) for h in HOLDERS}
        since_s = since.isoformat() if isinstance(since, dt.date) else since
        sub = ", ".join(f"{HOLDER_LABELS[h]} {counts[h]}" for h in HOLDERS if counts[h])
        sub += f"; {len(changed)} changed" + (f" since {since_s}" if since_s else "")
        sub += f" | map width {width_km:.0f} km"
        fig.text(0.02, 0.943, sub, ha="left", va="top", fontsize=9.5, color="#333333")
        fig.text(0.02, 0.008, ATTRIBUTION, ha="left", va="bottom", fontsize=7, color="#555555",
                 linespacing=1.4)

        handles = [Line2D([], [], ls="", marker="o", ms=8, mfc=HOLDER_COLORS[h], mec=HOLDER_COLORS[h],
                          label=HOLDER_LABELS[h]) for h in HOLDERS]
        handles.append(Line2D([], [], ls="", marker="o", ms=8, mfc=matplotlib.colors.to_rgba("#555555", 0.2),
                              mec="#555555", label="pale fill = low confidence"))
        handles.append(Line2D([], [], ls="", marker="o", ms=14, mfc=CHANGE_COLOR, mec="#111111",
                              label="changed" + (f" since {since_s}" if since_s else "")))
        for side in sorted({p.claimed_by for p in claimed}):
            handles.append(Line2D([], [], ls="", marker="o", ms=13, mfc="none", mec=HOLDER_COLORS[side], mew=1.6,
                                  label=f"claimed by {side}, not confirmed"))
        handles.append(Line2D([], [], color="#4d4d4d", lw=1.3, label="oblast boundary"))
        handles.append(Line2D([], [], color="#9a9a9a", lw=0.8, ls=(0, (4, 2)), label="raion boundary"))
        handles.append(Line2D([], [], color="#5b8fd0", lw=1.4, label="river"))
        leg = ax.legend(handles=handles, loc="lower left", fontsize=8.5, framealpha=0.92, borderpad=0.7,
                        title="Holder (marker size = population)", title_fontsize=8.5, facecolor="white",
                        edgecolor="#999999")
        leg.set_zorder(20)

        bar_km = _nice_length(width_km * 0.18)
        if bar_km > width_km * 0.3:
            bar_km /= 2
        bar_frac = bar_km / width_km
        x0, y0 = 0.97 - bar_frac, 0.035
        ax.add_patch(Rectangle((x0 - 0.012, y0 - 0.018), bar_frac + 0.024, 0.068, transform=ax.transAxes,
                               facecolor="white", alpha=0.9, edgecolor="#999999", lw=0.6, zorder=19))
        for k in range(4):
            ax.add_patch(Rectangle((x0 + k * bar_frac / 4, y0), bar_frac / 4, 0.012, transform=ax.transAxes,
                                   facecolor="#222222" if k % 2 == 0 else "white", edgecolor="#222222",
                                   lw=0.6, zorder=20))
        for frac, txt in ((0, "0"), (0.5, f"{bar_km / 2:g}"), (1, f"{bar_km:g} km")):
            ax.text(x0 + frac * bar_frac, y0 + 0.02, txt, transform=ax.transAxes, ha="center", va="bottom",
                    fontsize=8, zorder=21)
        ax.annotate("N", xy=(0.965, 0.965), xytext=(0.965, 0.895), xycoords="axes fraction",
                    ha="center", va="center", fontsize=13, weight="bold", zorder=21,
                    arrowprops={"arrowstyle": "-|>,head_width=0.5,head_length=0.9", "color": "#111111",
                                "lw": 2.0}, path_effects=halo)

        fig.canvas.draw()  # lay out legend/text so their extents are known
        placer = _Placer(fig, ax)
        placer.occupy_artist(leg, pad=4)
        ax_box = placer.axbox
        # Scale bar and north-arrow corners, in pixels.
        placer.occupy((ax_box.x0 + (x0 - 0.015) * ax_box.width, ax_box.y0,
                       ax_box.x1, ax_box.y0 + (y0 + 0.06) * ax_box.height))
        placer.occupy((ax_box.x0 + 0.93 * ax_box.width, ax_box.y0 + 0.86 * ax_box.height, ax_box.x1, ax_box.y1))
        to_px = ax.transData.transform
        for p in inside:
            r = math.sqrt(_marker_size(p.population) * (5.5 if p.changed else 1.0)) / 2 * dpi / 72
            x, y = to_px((p.lon, p.lat))
            placer.occupy_marker((x - r, y - r, x + r, y + r))

        result = MapResult(out, extent, len(inside))
        order = sorted(inside, key=lambda p: (not p.changed, -p.population, p.name))

        # The towns an analyst looks for first: among many changed markers there may be no free spot beside
        # them, so their labels may cover other markers (never another label).
        key_places = {id(p) for p in sorted((p for p in inside if p.changed), key=lambda p: -p.population)[:KEY_LABELS]
                      if p.population >= 5_000}

        def place_settlement(p: MapPoint) -> None:
            text = p.name
            if p.changed:
                text += f" ({_short_holder(p.previous_holder)}→{_short_holder(p.holder)})"
            r = math.sqrt(_marker_size(p.population) * (5.5 if p.changed else 1.0)) / 2 + 1.5
            size = 9.5 if p.changed else (8.5 if p.population >= 20_000 else 7.5)
            weight = "bold" if p.changed or p.population >= 50_000 else "normal"
            # Beside the marker first; changed and large places may move further out on a leader line
            # rather than disappear. Spots are tested as pixel boxes; only the winner becomes an artist.
            tw, th = placer.measure(text, size, weight)
            px, py = to_px((p.lon, p.lat))
            scale = dpi / 72.0
            reach = (1.0, 2.6, 4.2) if (p.changed or p.population >= 20_000) else (1.0,)
            tries = [(k, False) for k in reach] + ([(1.0, True), (2.6, True)] if id(p) in key_places else [])
            for k, over in tries:
                for ux, uy, ha, va in ((1, 0, "left", "center"), (-1, 0, "right", "center"),
                                       (0, 1, "center", "bottom"), (0, -1, "center", "top"),
                                       (0.8, 0.8, "left", "bottom"), (-0.8, -0.8, "right", "top"),
                                       (0.8, -0.8, "left", "top"), (-0.8, 0.8, "right", "bottom")):
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

        for p in order:
            if p.changed:
                place_settlement(p)
        _place_river_labels(ax, placer, rgeoms, rprops, result, halo)
        for p in order:
            if not p.changed:
                if len(result.labels_placed) >= max_labels:
                    result.labels_skipped.append(p.name)
                    continue
                place_settlement(p)
        _place_area_labels(ax, placer, layers, extent, width_km, (area_geoms, area_props),
                           land_geoms, lake_props)

        fig.savefig(out, format=fmt, dpi=dpi, facecolor="white")
        plt.close(fig)
    return result


def _place_river_labels(ax, placer: _Placer, geoms, props, result: MapResult, halo) -> None:
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


def _place_area_labels(ax, placer: _Placer, layers: dict[str, Layer], extent, width_km: float,
                       areas: tuple[Any, list[dict[str, Any]]], land_geoms, lake_props: list[dict[str, Any]]) -> None:
    """Oblast names inside their visible part, raion names on sector maps, lakes, neighbouring countries."""
    from shapely.ops import polylabel

    w, s, e, n = extent
    view_area = (e - w) * (n - s)
    ua_parts = []
    for g, p in sorted(zip(*areas, strict=True), key=lambda gp: -gp[0].area):
        ua_parts.append(g)
        if g.area < 0.06 * view_area:
            continue  # a sliver of an oblast at the map edge: its name would only add clutter
        biggest = max(getattr(g, "geoms", [g]), key=lambda x: x.area)
        # The pole of inaccessibility first, then other interior points if a place label sits there.
        spots = [polylabel(biggest, tolerance=(e - w) / 200), biggest.representative_point()]
        bw, bs, be, bn = biggest.bounds
        for fx, fy in ((0.3, 0.3), (0.7, 0.7), (0.3, 0.7), (0.7, 0.3), (0.5, 0.2), (0.5, 0.8)):
            q = shapely.Point(bw + fx * (be - bw), bs + fy * (bn - bs))
            if biggest.contains(q):
                spots.append(q)
        cands = [ax.text(q.x, q.y, p["name"].upper(), ha="center", va="center", fontsize=10, color="#6b6b6b",
                         weight="bold", alpha=0.85, zorder=4) for q in spots]
        placer.try_place(cands)
    if width_km <= 260:
        geoms, props = layers["admin_labels"].clip(extent)
        for g, p in sorted(zip(geoms, props, strict=True), key=lambda gp: -gp[1]["area"]):
            if p["level"] == "raion" and p.get("name"):
                t = ax.text(g.x, g.y, p["name"], ha="center", va="center", fontsize=7.5, color="#7d7d7d",
                            style="italic", zorder=4)
                placer.try_place([t])
    lake_geoms, _ = layers["ne_lakes"].clip(extent)
    for g, p in zip(lake_geoms, lake_props, strict=True):
        if p.get("name") and g.area > 0.002 * view_area:
            pt = polylabel(max(getattr(g, "geoms", [g]), key=lambda x: x.area), tolerance=(e - w) / 200)
            t = ax.text(pt.x, pt.y, p["name"], ha="center", va="center", fontsize=8, style="italic",
                        color="#1d5fa8", zorder=4)
            placer.try_place([t])
    # Neighbouring countries: land outside Ukraine, named after the Natural Earth towns it contains.
    if not len(land_geoms):
        return
    foreign = shapely.union_all(land_geoms).difference(shapely.union_all(ua_parts).buffer(0.01))
    ne_places = layers["ne_places"]
    abroad = [i for i, p in enumerate(ne_places.props) if p.get("country") in COUNTRY_NAMES]
    for part in getattr(foreign, "geoms", [foreign]):
        if part.geom_type != "Polygon" or part.area < 0.025 * view_area:
            continue
        # The country of the nearest foreign Natural Earth town (a corner of the map may hold none).
        dist = shapely.distance(ne_places.geoms[abroad], part)
        codes = [ne_places.props[abroad[int(np.argmin(dist))]]["country"]] if len(abroad) and dist.min() < 1.5 else []
        name = COUNTRY_NAMES.get(max(set(codes), key=codes.count)) if codes else None
        if name:
            pt = polylabel(part, tolerance=(e - w) / 200)
            t = ax.text(pt.x, pt.y, name, ha="center", va="center", fontsize=12, color="#8f8f8f",
                        weight="bold", zorder=4)
            placer.try_place([t])
