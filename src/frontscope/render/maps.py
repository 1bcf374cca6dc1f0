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
from pathlib import Path
from typing import Any

from frontscope.basemap import LAYER_NAMES, Layer, load_basemap  # noqa: F401 (re-exported for callers)
from frontscope.render.furniture import draw_furniture, reserve
from frontscope.render.labels import (
    Placer,
    key_places,
    label_settlement,
    place_area_labels,
    place_river_labels,
)
from frontscope.render.layers import draw_basemap
from frontscope.render.mapdata import (  # noqa: F401 (the map's public names)
    ATTRIBUTION,
    CHANGE_COLOR,
    HOLDER_COLORS,
    HOLDER_LABELS,
    HOLDERS,
    KM_PER_DEG,
    MapChange,
    MapPoint,
    MapResult,
    compute_extent,
    fit_aspect,
    marker_size,
    merge_changes,
    normalize_holder,
)

# Axes box in figure fraction: room above for the title and below for the attribution.
AXES_BOX = (0.02, 0.055, 0.96, 0.86)


def _draw_settlements(ax: Any, inside: list[MapPoint]) -> None:
    """Change halos, then each settlement coloured by holder (fill strength = confidence), then the dashed
    rings of claims the belief model does not hold."""
    import matplotlib

    changed = [p for p in inside if p.changed]
    if changed:
        ax.scatter([p.lon for p in changed], [p.lat for p in changed],
                   s=[marker_size(p.population) * 5.5 for p in changed], c=CHANGE_COLOR,
                   edgecolors="#111111", linewidths=1.2, zorder=5)
    # An opaque white disk under every marker, so a pale (low-confidence) fill reads the same over
    # a river, a boundary or a change halo.
    ax.scatter([p.lon for p in inside], [p.lat for p in inside],
               s=[marker_size(p.population) for p in inside], c="white", linewidths=0, zorder=5.5)
    for holder in HOLDERS:
        sel = [p for p in inside if p.holder == holder]
        if not sel:
            continue
        rgb = matplotlib.colors.to_rgb(HOLDER_COLORS[holder])
        face = [(*rgb, 0.18 + 0.82 * min(max(p.confidence, 0.0), 1.0)) for p in sel]
        ax.scatter([p.lon for p in sel], [p.lat for p in sel], s=[marker_size(p.population) for p in sel],
                   c=face, edgecolors=[HOLDER_COLORS[holder]], linewidths=1.1, zorder=6)
    # A claim that did not pass the belief bar: a dashed ring in the claimant's colour around the holder.
    for side in ("UA", "RU"):
        sel = [p for p in inside if p.claimed_by == side]
        if sel:
            ax.scatter([p.lon for p in sel], [p.lat for p in sel],
                       s=[marker_size(p.population) * 3.2 for p in sel], facecolors="none",
                       edgecolors=HOLDER_COLORS[side], linewidths=1.6, linestyles="--", zorder=6.5)


def _reserve_markers(placer: Placer, ax: Any, inside: list[MapPoint], dpi: int) -> None:
    to_px = ax.transData.transform
    for p in inside:
        r = math.sqrt(marker_size(p.population) * (5.5 if p.changed else 1.0)) / 2 * dpi / 72
        x, y = to_px((p.lon, p.lat))
        placer.occupy_marker((x - r, y - r, x + r, y + r))


def _label_settlements(ax: Any, placer: Placer, inside: list[MapPoint], changed: bool, max_labels: int | None,
                       dpi: int, halo: list[Any], result: MapResult) -> None:
    """Changed places first (all of them), then the rest by population up to `max_labels` labels in all."""
    key = key_places(inside)
    for p in sorted(inside, key=lambda p: (not p.changed, -p.population, p.name)):
        if p.changed != changed:
            continue
        if max_labels is not None and len(result.labels_placed) >= max_labels:
            result.labels_skipped.append(p.name)
            continue
        label_settlement(ax, placer, p, key=id(p) in key, dpi=dpi, halo=halo, result=result)


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

    out = Path(out)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in ("png", "svg"):
        raise ValueError(f"map output must end in .png or .svg, got {out.name!r}")
    pts = merge_changes(settlements, changes)
    left, bottom, width, height = AXES_BOX
    extent = fit_aspect(compute_extent(pts, bbox=bbox, around=around),
                        (figsize[0] * width) / (figsize[1] * height))
    w, s, e, n = extent
    coslat = math.cos(math.radians((s + n) / 2))
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
        drawn = draw_basemap(ax, layers, extent)
        inside = [p for p in pts if w <= p.lon <= e and s <= p.lat <= n]
        _draw_settlements(ax, inside)
        # Furniture before labels, so labels avoid it.
        furniture = draw_furniture(fig, ax, inside, date=date, since=since, title=title, width_km=width_km,
                                   halo=halo)

        fig.canvas.draw()  # lay out legend/text so their extents are known
        placer = Placer(fig, ax)
        reserve(placer, furniture)
        _reserve_markers(placer, ax, inside, dpi)
        result = MapResult(out, extent, len(inside))
        _label_settlements(ax, placer, inside, True, None, dpi, halo, result)
        place_river_labels(ax, placer, *drawn.rivers, result, halo)
        _label_settlements(ax, placer, inside, False, max_labels, dpi, halo, result)
        place_area_labels(ax, placer, layers, extent, width_km, drawn.areas, drawn.land, drawn.lakes)

        fig.savefig(out, format=fmt, dpi=dpi, facecolor="white")
        plt.close(fig)
    return result
