"""Map furniture: title and counts, attribution, legend, scale bar and north arrow.

Drawn before the labels, which then avoid them (`reserve`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from frontscope.render.labels import Placer
from frontscope.render.mapdata import (
    ATTRIBUTION,
    CHANGE_COLOR,
    HOLDER_COLORS,
    HOLDER_LABELS,
    HOLDERS,
    MapPoint,
)


@dataclass
class Furniture:
    legend: Any
    scale_x0: float  # left end of the scale bar, in axes fraction
    scale_y0: float


def _iso(day: dt.date | str | None) -> str | None:
    return day.isoformat() if isinstance(day, dt.date) else day


def nice_length(km: float) -> float:
    """The scale bar's length: the first round figure of at least `km`."""
    for v in (0.5, 1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if v >= km:
            return v
    return 1000.0


def draw_titles(fig: Any, inside: list[MapPoint], *, date: dt.date | str, since: dt.date | str | None,
                title: str | None, width_km: float) -> None:
    """The dated title, the counts per holder and the attribution line the licences require."""
    n_changed = sum(1 for p in inside if p.changed)
    head = title or "Territorial control of settlements"
    fig.text(0.02, 0.975, f"{head} — as of {_iso(date)}", ha="left", va="top", fontsize=14, weight="bold")
    counts = {h: sum(1 for p in inside if p.holder == h) for h in HOLDERS}
    since_s = _iso(since)
    sub = ", ".join(f"{HOLDER_LABELS[h]} {counts[h]}" for h in HOLDERS if counts[h])
    sub += f"; {n_changed} changed" + (f" since {since_s}" if since_s else "")
    sub += f" | map width {width_km:.0f} km"
    fig.text(0.02, 0.943, sub, ha="left", va="top", fontsize=9.5, color="#333333")
    fig.text(0.02, 0.008, ATTRIBUTION, ha="left", va="bottom", fontsize=7, color="#555555",
             linespacing=1.4)


def draw_legend(ax: Any, inside: list[MapPoint], since: dt.date | str | None) -> Any:
    import matplotlib
    from matplotlib.lines import Line2D

    since_s = _iso(since)
    handles = [Line2D([], [], ls="", marker="o", ms=8, mfc=HOLDER_COLORS[h], mec=HOLDER_COLORS[h],
                      label=HOLDER_LABELS[h]) for h in HOLDERS]
    handles.append(Line2D([], [], ls="", marker="o", ms=8, mfc=matplotlib.colors.to_rgba("#555555", 0.2),
                          mec="#555555", label="pale fill = low confidence"))
    handles.append(Line2D([], [], ls="", marker="o", ms=14, mfc=CHANGE_COLOR, mec="#111111",
                          label="changed" + (f" since {since_s}" if since_s else "")))
    for side in sorted({p.claimed_by for p in inside if p.claimed_by in ("UA", "RU")}):
        handles.append(Line2D([], [], ls="", marker="o", ms=13, mfc="none", mec=HOLDER_COLORS[side], mew=1.6,
                              label=f"claimed by {side}, not confirmed"))
    handles.append(Line2D([], [], color="#4d4d4d", lw=1.3, label="oblast boundary"))
    handles.append(Line2D([], [], color="#9a9a9a", lw=0.8, ls=(0, (4, 2)), label="raion boundary"))
    handles.append(Line2D([], [], color="#5b8fd0", lw=1.4, label="river"))
    leg = ax.legend(handles=handles, loc="lower left", fontsize=8.5, framealpha=0.92, borderpad=0.7,
                    title="Holder (marker size = population)", title_fontsize=8.5, facecolor="white",
                    edgecolor="#999999")
    leg.set_zorder(20)
    return leg


def draw_scale_bar(ax: Any, width_km: float) -> tuple[float, float]:
    """A four-part bar in the lower-right corner; returns its left end and base in axes fraction."""
    from matplotlib.patches import Rectangle

    bar_km = nice_length(width_km * 0.18)
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
    return x0, y0


def draw_north_arrow(ax: Any, halo: list[Any]) -> None:
    ax.annotate("N", xy=(0.965, 0.965), xytext=(0.965, 0.895), xycoords="axes fraction",
                ha="center", va="center", fontsize=13, weight="bold", zorder=21,
                arrowprops={"arrowstyle": "-|>,head_width=0.5,head_length=0.9", "color": "#111111",
                            "lw": 2.0}, path_effects=halo)


def draw_furniture(fig: Any, ax: Any, inside: list[MapPoint], *, date: dt.date | str, since: dt.date | str | None,
                   title: str | None, width_km: float, halo: list[Any]) -> Furniture:
    draw_titles(fig, inside, date=date, since=since, title=title, width_km=width_km)
    leg = draw_legend(ax, inside, since)
    x0, y0 = draw_scale_bar(ax, width_km)
    draw_north_arrow(ax, halo)
    return Furniture(leg, x0, y0)


def reserve(placer: Placer, furniture: Furniture) -> None:
    """Keep labels off the legend, the scale bar and the north arrow (boxes in pixels)."""
    placer.occupy_artist(furniture.legend, pad=4)
    ax_box = placer.axbox
    placer.occupy((ax_box.x0 + (furniture.scale_x0 - 0.015) * ax_box.width, ax_box.y0,
                   ax_box.x1, ax_box.y0 + (furniture.scale_y0 + 0.06) * ax_box.height))
    placer.occupy((ax_box.x0 + 0.93 * ax_box.width, ax_box.y0 + 0.86 * ax_box.height, ax_box.x1, ax_box.y1))
