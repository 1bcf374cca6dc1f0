"""From records to the files an analyst takes away: the control map, the brief's map and export files.

The records come from `frontscope.views`; drawing is `render.maps`, writing is the export registry
(`render.exports.WRITERS`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from frontscope.geometry import KM_PER_DEG
from frontscope.render.exports import WRITERS, export_claims, export_records
from frontscope.render.mapdata import compute_extent
from frontscope.render.maps import MapChange, MapPoint, render_map
from frontscope.store.db import Store
from frontscope.views.control import change_rows, control_view, snapshot_rows
from frontscope.views.products import ProductError, export_rows, resolve_place, settlements_in, stored_span
from frontscope.vocab import Change


def map_inputs(store: Store, date: dt.date, *, since: dt.date | None = None, baseline: str | None = None,
               baseline_date: dt.date | None = None) -> tuple[list, list]:
    """Map points (every settlement with a state on `date`) and the changes since `since`."""
    view = control_view(store, date, baseline=baseline, baseline_date=baseline_date)
    rows = [r for r in snapshot_rows(view, include_all=baseline is not None) if r["lat"] is not None]
    changes = []
    if since is not None:
        for c in change_rows(view, since, date):
            r = next((x for x in rows if x["geonameid"] == c["geonameid"]), None)
            if r is not None:
                changes.append(MapChange(c["geonameid"], c["name"], r["lat"], r["lon"], c["from"], c["to"],
                                         dt.date.fromisoformat(c["date"])))
    points = [MapPoint(r["geonameid"], r["name"], r["lat"], r["lon"], r["holder"], max(0.15, r["confidence"] or 0),
                       False, r["population"] or 0, claimed_by=r.get("claimed_by")) for r in rows]
    return points, changes


CONTEXT_MIN_POPULATION = 2000  # unknown-holder towns drawn for orientation


def render_control_map(store: Store, date: dt.date, out: str | Path, *, around: str | None = None, km: float = 40,
                       bbox: tuple[float, float, float, float] | None = None, since: dt.date | None = None,
                       baseline: str | None = None, baseline_date: dt.date | None = None,
                       focus: list[tuple[float, float]] | None = None) -> Any:
    """Draw the control map. Without --around/--bbox the extent fits what changed since `since` plus
    `focus` (e.g. the places a brief talks about), so a front-wide offensive is not cut to 80 km."""
    points, changes = map_inputs(store, date, since=since, baseline=baseline, baseline_date=baseline_date)
    if not points:
        raise ProductError(f"no settlement has a known holder on {date}: ingest reports up to that date first")
    centre = None
    if around:
        _, _, lat, lon = resolve_place(around, store)
        centre = (lat, lon, km)
    elif bbox is None:
        spots = [(c.lat, c.lon) for c in changes] + list(focus or [])
        if spots:
            bbox = fit_extent(spots, min_km=km)
        else:  # nothing changed: the middle of the most recently observed places
            lats = sorted(p.lat for p in points)
            lons = sorted(p.lon for p in points)
            centre = (lats[len(lats) // 2], lons[len(lons) // 2], max(km, 120))
    # Orientation: the towns of the extent that no statement gives a holder, drawn as unknown (grey).
    shown = {p.geonameid for p in points}
    points += [MapPoint(r["geonameid"], r["name"], r["lat"], r["lon"], "unknown", 0.15, False, r["population"])
               for r in settlements_in(compute_extent(points, bbox=bbox, around=centre), CONTEXT_MIN_POPULATION)
               if r["geonameid"] not in shown]
    return render_map(points, date=date, out=Path(out), bbox=bbox, around=centre, changes=changes, since=since)


def brief_extent(brief: Any) -> tuple[float, float, float, float] | None:
    """The map extent for a brief: every place its takeaways name (so no takeaway points off the map, even
    when they are hundreds of km apart), else the places it reports taken; None: the default extent."""
    spots = {p["geonameid"]: (p["lat"], p["lon"]) for x in brief.takeaways for p in getattr(x, "places", [])
             if p.get("lat") is not None}
    if not spots:
        spots = {p["geonameid"]: (p["lat"], p["lon"]) for p in brief.map_points
                 if Change.parse(p["change"]).is_gain}
    if not spots:
        return None
    pts = list(spots.values())
    # No trimming of outliers here: a takeaway's place is what the reader looks for, however far out.
    west, south, east, north = fit_extent(pts, min_km=40, max_km=900, trim=False)
    # The legend sits in the lower-left corner of the map: a named place under it would be hidden, so widen
    # the frame westward until that corner is clear of them.
    fx, fy = LEGEND_CORNER
    under = [lon for lat, lon in pts if lon < west + fx * (east - west) and lat < south + fy * (north - south)]
    if under:  # just far enough west that the westernmost of them clears the legend (plus a 3 % margin)
        west = min(west, (min(under) - (fx + 0.03) * east) / (1 - fx - 0.03))
    return west, south, east, north


LEGEND_CORNER = (0.34, 0.45)  # share of the map's width and height the brief map's legend covers


# Inches at 150 dpi (1320 px wide): the HTML brief shows the map at ~840 px, so 7.5-pt labels stay ~10 px
# on screen (the 11-inch control map shrank them to ~8 px) and the title line still fits.
BRIEF_MAP_SIZE = (8.8, 7.2)


def render_brief_map(store: Store, brief: Any, out: str | Path) -> Any:
    """The brief's map: control on the brief's date, framed on every place its takeaways name; a named
    place the control view has no state for is still drawn (grey, 'no report') so its label is there."""
    since = brief.since if brief.since < brief.date else None
    bbox = brief_extent(brief)
    if bbox is None:
        return render_control_map(store, brief.date, out, since=since)
    points, changes = map_inputs(store, brief.date, since=since)
    if not points:
        raise ProductError(f"no settlement has a known holder on {brief.date}: ingest reports up to that date first")
    known = {p.geonameid for p in points}
    for line in brief.takeaways:
        for p in getattr(line, "places", []):
            if p["geonameid"] not in known and p.get("lat") is not None:
                known.add(p["geonameid"])
                points.append(MapPoint(p["geonameid"], p["name"], p["lat"], p["lon"], "unknown", 0.15, False,
                                       p.get("population") or 0))
    return render_map(points, date=brief.date, out=Path(out), bbox=bbox, changes=changes, since=since,
                      figsize=BRIEF_MAP_SIZE)


def fit_extent(spots: list[tuple[float, float]], *, min_km: float = 40,
               max_km: float = 350, trim: bool = True) -> tuple[float, float, float, float]:
    """(west, south, east, north) around the central mass of `spots` (lat, lon), padded by 20 %.

    Outliers (a strike 600 km from the front) would shrink everything else to dots, so the box spans
    the 10th–90th percentile when there are 20 spots or more, and at most `max_km` each side of the centre."""
    import math

    lats = sorted(a for a, _ in spots)
    lons = sorted(b for _, b in spots)
    k = len(spots) // 10 if len(spots) >= 20 and trim else 0
    lats, lons = lats[k:len(lats) - k], lons[k:len(lons) - k]
    lat0, lon0 = (lats[0] + lats[-1]) / 2, (lons[0] + lons[-1]) / 2
    km_lat, km_lon = KM_PER_DEG, KM_PER_DEG * math.cos(math.radians(lat0))
    half_ns = min(max_km, max(min_km, (lats[-1] - lats[0]) * km_lat * 0.65))
    half_ew = min(max_km, max(min_km, (lons[-1] - lons[0]) * km_lon * 0.65))
    return (lon0 - half_ew / km_lon, lat0 - half_ns / km_lat, lon0 + half_ew / km_lon, lat0 + half_ns / km_lat)


def write_export(store: Store, fmt: str, what: str, out: str | Path, *, since: dt.date | None = None,
                 until: dt.date | None = None, bom: bool = False) -> tuple[Path, int]:
    """Write the stored records of kind `what` to `out` with the export writer `fmt`; (path, rows written)."""
    rows = export_rows(store, what, since=since, until=until)
    out = Path(out)
    if what == "claims":  # claims have no place of their own: tabular formats only
        try:
            return export_claims(rows, fmt, out, bom=bom), len(rows)
        except ValueError as e:
            raise ProductError(str(e)) from None
    w = WRITERS.get(fmt)
    if w is not None and what not in w.kinds:
        raise ProductError(f"{what} are not events: use --what {' or '.join(w.kinds)} for {w.title}")
    return export_records(rows, fmt, out, what, bom=bom), len(rows)


def brief_text(store: Store, date: dt.date, since: dt.date | None = None, fmt: str = "md", *,
               with_map: bool = True, on_note: Any = None) -> tuple[str, Any]:
    """`frontscope brief`: the daily brief as Markdown or HTML (with the map embedded unless `with_map` is
    False; a map that cannot be drawn is left out and said through `on_note(line)`), and the brief itself.
    ProductError when no report was published in the span."""
    import tempfile

    from frontscope.brief.daily import build_brief
    from frontscope.render.text import to_html, to_markdown

    b = build_brief(store, date, since)
    if b.n_documents == 0:
        span = stored_span(store)
        where = f"stored reports run from {span[0]} to {span[1]}" if span else "the database holds no reports"
        raise ProductError(f"no report published {b.since}..{date}: {where}")
    if fmt == "md":
        return to_markdown(b), b
    png = None
    if with_map:
        with tempfile.TemporaryDirectory() as tmp:
            try:
                render_brief_map(store, b, Path(tmp) / "map.png")
                png = (Path(tmp) / "map.png").read_bytes()
            except ProductError as e:
                if on_note:
                    on_note(f"no map: {e}")
    return to_html(b, png), b
