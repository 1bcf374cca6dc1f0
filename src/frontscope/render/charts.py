"""Small analyst charts (PNG/SVG by extension), drawn with matplotlib's Agg backend.

Inputs are plain lists of dicts or of the dataclasses below (any object with the same attribute names
works); dates may be `datetime.date` or ISO strings.

- `chart_control_timeline(rows, place_name, out)`: rows are `TimelineRow` / dicts with keys
  `date`, `holder` (UA | RU | contested | unknown), optional `confidence` (0-1), `status`
  (claimed | confirmed | assessed | denied), `source` (who said it). The holder is drawn as a step
  line over a colour band (holder held until the next row); every row is an evidence marker whose
  shape gives the status and whose fill strength gives the confidence.
- `chart_activity(rows, region_name, out)`: rows are `ActivityRow` / dicts with `date`, `event_type`,
  `count` (default 1, so a raw event list also works): stacked bars of events per day by type.
- `chart_displacement(series, markers, out)`: `series` rows `SeriesPoint` / dicts with `date`,
  `value`, optional `series` (name; one line per name); `markers` rows `ChartMarker` / dicts with
  `date`, `label`, optional `holder` (colours the vertical line): a time series with control changes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from frontscope.render.mapdata import HOLDER_COLORS, HOLDER_LABELS, HOLDERS, normalize_holder

STATUS_MARKERS = {"confirmed": "D", "assessed": "s", "claimed": "o", "denied": "X"}
# ACLED event types in a fixed order and colour, so charts of different regions compare at a glance.
EVENT_TYPE_COLORS = {
    "Battles": "#b2182b",
    "Explosions/Remote violence": "#ef8a62",
    "Violence against civilians": "#762a83",
    "Strategic developments": "#4d9221",
    "Protests": "#2166ac",
    "Riots": "#67a9cf",
}


@dataclass
class TimelineRow:
    date: dt.date | str
    holder: str
    confidence: float = 1.0
    status: str = "claimed"
    source: str = ""


@dataclass
class ActivityRow:
    date: dt.date | str
    event_type: str
    count: int = 1


@dataclass
class SeriesPoint:
    date: dt.date | str
    value: float
    series: str = "value"


@dataclass
class ChartMarker:
    date: dt.date | str
    label: str
    holder: str | None = None


def _get(row: Any, key: str, default: Any = None) -> Any:
    if isinstance(row, Mapping):
        return row.get(key, default)
    return getattr(row, key, default)


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _figure(figsize: tuple[float, float]):
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=figsize, dpi=130)
    return plt, fig, ax


def _save(plt, fig, out: Path | str) -> Path:
    out = Path(out)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in ("png", "svg"):
        raise ValueError(f"chart output must end in .png or .svg, got {out.name!r}")
    fig.savefig(out, format=fmt, facecolor="white", bbox_inches="tight")
    plt.close(fig)
    return out


def _date_axis(ax) -> None:
    import matplotlib.dates as mdates

    loc = mdates.AutoDateLocator(minticks=4, maxticks=10)
    ax.xaxis.set_major_locator(loc)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(loc))


def chart_control_timeline(timeline_rows: Iterable[TimelineRow | Mapping[str, Any]], place_name: str,
                           out: Path | str, *, until: dt.date | str | None = None) -> Path:
    """Holder of one place over time: colour band + step line, evidence markers by status/confidence."""
    import matplotlib.colors as mcolors
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    rows = sorted(
        ((_date(_get(r, "date")), normalize_holder(_get(r, "holder")), float(_get(r, "confidence", 1.0) or 0.0),
          str(_get(r, "status", "claimed") or "claimed"), str(_get(r, "source", "") or ""))
         for r in timeline_rows),
        key=lambda r: r[0],
    )
    if not rows:
        raise ValueError("control timeline needs at least one row")
    end = _date(until) if until else rows[-1][0] + dt.timedelta(days=max(3, (rows[-1][0] - rows[0][0]).days // 10))
    ypos = {h: i for i, h in enumerate(("RU", "contested", "unknown", "UA"))}
    plt, fig, ax = _figure((10, 3.6))

    # Band: the latest non-denied statement decides the holder until the next one.
    current = None
    segments: list[tuple[dt.date, dt.date, str]] = []
    for d, holder, _c, status, _s in rows:
        if status == "denied":
            continue
        if current is None or holder != current[1]:
            if current is not None:
                segments.append((current[0], d, current[1]))
            current = (d, holder)
    if current is not None:
        segments.append((current[0], end, current[1]))
    for a, b, holder in segments:
        ax.axvspan(a, b, ymin=0, ymax=0.08, color=HOLDER_COLORS[holder], lw=0)
        ax.axvspan(a, b, color=HOLDER_COLORS[holder], alpha=0.08, lw=0)
    xs, ys = [], []
    for a, b, holder in segments:
        xs += [a, b]
        ys += [ypos[holder], ypos[holder]]
    ax.plot(xs, ys, color="#333333", lw=1.2, drawstyle="default", zorder=2)

    for d, holder, conf, status, _src in rows:
        rgb = mcolors.to_rgb(HOLDER_COLORS[holder])
        ax.scatter([d], [ypos[holder]], marker=STATUS_MARKERS.get(status, "o"), s=70, zorder=3,
                   c=[(*rgb, 0.2 + 0.8 * min(max(conf, 0.0), 1.0))], edgecolors=[HOLDER_COLORS[holder]],
                   linewidths=1.2)
    ax.set_yticks(list(ypos.values()), [HOLDER_LABELS[h] for h in ypos])
    ax.set_ylim(-0.9, len(ypos) - 0.4)
    ax.set_xlim(rows[0][0] - dt.timedelta(days=1), end)
    _date_axis(ax)
    ax.grid(axis="x", color="#dddddd", lw=0.6)
    ax.set_title(f"Control of {place_name}: {rows[0][0]} to {end}", loc="left", fontsize=12, weight="bold")
    handles = [Line2D([], [], ls="", marker=m, color="#555555", mfc="#999999", label=s)
               for s, m in STATUS_MARKERS.items()]
    present = {r[1] for r in rows}
    handles += [Patch(color=HOLDER_COLORS[h], label=HOLDER_LABELS[h]) for h in HOLDERS if h in present]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False,
              title="evidence (fill = confidence)", title_fontsize=8)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return _save(plt, fig, out)


def chart_activity(events_per_day: Iterable[ActivityRow | Mapping[str, Any]], region_name: str,
                   out: Path | str) -> Path:
    """Stacked bars: events per day by ACLED event type (missing days drawn as empty)."""
    counts: dict[str, dict[dt.date, float]] = defaultdict(lambda: defaultdict(float))
    for r in events_per_day:
        counts[str(_get(r, "event_type") or "Other")][_date(_get(r, "date"))] += float(_get(r, "count", 1) or 0)
    if not counts:
        raise ValueError("activity chart needs at least one row")
    days_all = sorted({d for per in counts.values() for d in per})
    days = [days_all[0] + dt.timedelta(days=i) for i in range((days_all[-1] - days_all[0]).days + 1)]
    types = [t for t in EVENT_TYPE_COLORS if t in counts] + sorted(t for t in counts if t not in EVENT_TYPE_COLORS)
    plt, fig, ax = _figure((10, 4))
    bottom = [0.0] * len(days)
    extra = iter(["#8c510a", "#01665e", "#c51b7d", "#7f7f7f"] * 5)
    for t in types:
        vals = [counts[t].get(d, 0.0) for d in days]
        ax.bar(days, vals, bottom=bottom, width=0.85, label=t, color=EVENT_TYPE_COLORS.get(t) or next(extra),
               edgecolor="white", linewidth=0.3)
        bottom = [b + v for b, v in zip(bottom, vals, strict=True)]
    _date_axis(ax)
    ax.set_ylabel("events per day")
    ax.set_title(f"Reported activity in {region_name}: {days[0]} to {days[-1]} ({int(sum(bottom))} events)",
                 loc="left", fontsize=12, weight="bold")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False, title="event type")
    ax.grid(axis="y", color="#dddddd", lw=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return _save(plt, fig, out)


def chart_displacement(series: Iterable[SeriesPoint | Mapping[str, Any]],
                       markers: Iterable[ChartMarker | Mapping[str, Any]], out: Path | str, *,
                       title: str = "Displacement", ylabel: str = "people") -> Path:
    """One line per series name, vertical lines (coloured by new holder) at control changes."""
    from matplotlib.ticker import FuncFormatter

    lines: dict[str, list[tuple[dt.date, float]]] = defaultdict(list)
    for r in series:
        v = _get(r, "value")
        if v is None:
            continue  # a gap in the series, not a zero
        lines[str(_get(r, "series", "value") or "value")].append((_date(_get(r, "date")), float(v)))
    if not lines:
        raise ValueError("displacement chart needs at least one value")
    plt, fig, ax = _figure((10, 4))
    for name, pts in lines.items():
        pts.sort()
        ax.plot([d for d, _ in pts], [v for _, v in pts], marker="o", ms=3, lw=1.6, label=name)
    lo = min(d for pts in lines.values() for d, _ in pts)
    hi = max(d for pts in lines.values() for d, _ in pts)
    # Markers are numbered on the plot and explained in a list beside it: control changes cluster in
    # time (several a month), so labels written at the lines would overprint each other.
    shown = [m for m in sorted(markers, key=lambda m: _date(_get(m, "date")))
             if lo - dt.timedelta(days=30) <= _date(_get(m, "date")) <= hi + dt.timedelta(days=30)]
    notes = []
    for i, m in enumerate(shown, start=1):
        d = _date(_get(m, "date"))
        holder = _get(m, "holder")
        color = HOLDER_COLORS[normalize_holder(holder)] if holder else "#444444"
        ax.axvline(d, color=color, lw=1.0, ls="--", zorder=1)
        ax.annotate(str(i), (d, 1.0), xycoords=("data", "axes fraction"), xytext=(0, 2 + 9 * ((i - 1) % 3)),
                    textcoords="offset points", fontsize=7, color=color, ha="center", va="bottom")
        notes.append(f"{i}  {_get(m, 'label', '')}")
    if notes:
        ax.text(1.01, 0.0, "Control changes\n" + "\n".join(notes), transform=ax.transAxes, fontsize=7.5,
                va="bottom", ha="left", family="monospace")
    _date_axis(ax)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:,.0f}"))
    ax.set_ylabel(ylabel)
    ax.set_title(title, loc="left", fontsize=12, weight="bold")
    if len(lines) > 1:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    ax.grid(color="#eeeeee", lw=0.6)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return _save(plt, fig, out)
