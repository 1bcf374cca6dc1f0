"""From the store to the products an analyst takes away: maps, charts, exports, and the brief file.

Each function reads stored rows (through `frontscope.store.queries` and the control view) and hands
plain records to the drawing and writing modules (`maps`, `charts`, `exports`, `render`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path
from typing import Any

from frontscope.control.store_view import change_rows, control_view, snapshot_rows
from frontscope.geometry import KM_PER_DEG
from frontscope.store import queries
from frontscope.store.db import Store
from frontscope.vocab import Change


class ProductError(ValueError):
    """A request the data cannot answer (unknown place, nothing stored for the date...)."""


def resolve_place(name: str, store: Store | None = None) -> tuple[int, str, float, float]:
    """A place name → (geonameid, name, lat, lon): the most mentioned match in the store, else the most
    populous match in the gazetteer."""
    from frontscope.geo.gazetteer import get_gazetteer

    gaz = get_gazetteer()
    matches = [p for p in gaz.lookup(name) if p.fclass in ("P", "A")]
    if not matches:
        raise ProductError(f"no place called {name!r} in the gazetteer")
    if store is not None:
        counts = {p["geonameid"]: p["mentions"] for p in queries.place_counts(store)}
        mentioned = [p for p in matches if p.geonameid in counts]
        if mentioned:
            best = max(mentioned, key=lambda p: counts[p.geonameid])
            return best.geonameid, best.name, best.lat, best.lon
    best = matches[0]
    return best.geonameid, best.name, best.lat, best.lon


def map_inputs(store: Store, date: dt.date, *, since: dt.date | None = None, baseline: str | None = None,
               baseline_date: dt.date | None = None) -> tuple[list, list]:
    """Map points (every settlement with a state on `date`) and the changes since `since`."""
    from frontscope.brief.maps import MapChange, MapPoint

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


def render_control_map(store: Store, date: dt.date, out: str | Path, *, around: str | None = None, km: float = 40,
                       bbox: tuple[float, float, float, float] | None = None, since: dt.date | None = None,
                       baseline: str | None = None, baseline_date: dt.date | None = None,
                       focus: list[tuple[float, float]] | None = None) -> Any:
    """Draw the control map. Without --around/--bbox the extent fits what changed since `since` plus
    `focus` (e.g. the places a brief talks about), so a front-wide offensive is not cut to 80 km."""
    from frontscope.brief.maps import render_map

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
    return render_map(points, date=date, out=Path(out), bbox=bbox, around=centre, changes=changes, since=since)


def stored_span(store: Store) -> tuple[str, str] | None:
    """First and last publication date of the stored reports (for 'no data' messages)."""
    from sqlalchemy import func, select

    from frontscope.store import schema as t

    with store.engine.connect() as conn:
        lo, hi = conn.execute(select(func.min(t.documents.c.published), func.max(t.documents.c.published))).one()
    return (str(lo), str(hi)) if lo else None


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
    from frontscope.brief.maps import MapPoint, render_map

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


def control_timeline_rows(store: Store, place: str) -> tuple[list[dict], str]:
    """A settlement's believed holder on each day a statement about it was reported, oldest first: the same
    timeline `control --as-of` reads (each row is what `control --as-of <date>` said), with the statement
    that was reported that day as the marker."""
    gid, name, _, _ = resolve_place(place, store)
    stated = [o for o in queries.control_observations(store) if o["geonameid"] == gid and o["published"]]
    if not stated:
        raise ProductError(f"no control statement about {name} is stored")
    view = control_view(store, max(dt.date.fromisoformat(o["published"]) for o in stated))
    rows = []
    for o in sorted(stated, key=lambda o: (o["published"], o["id"])):
        day = dt.date.fromisoformat(o["published"])
        st = view.timelines.state_at(gid, day)
        rows.append({"date": o["published"], "holder": st.holder, "confidence": st.confidence,
                     "status": o["status"], "source": o["source"] or o["claimed_by"] or "",
                     "claimed_by": st.claimed_by or None})
    return rows, name


def activity_rows(store: Store, oblast: str | None = None) -> list[dict]:
    """Events per day and ACLED type, optionally in one oblast (matched on the oblast name's start)."""
    counts: Counter[tuple[str, str]] = Counter()
    for e in queries.events(store):
        if oblast and not (e["oblast"] or "").lower().startswith(oblast.lower()[:5]):
            continue
        day = e["event_date"] or e["published"]
        if day and e["event_type"]:
            counts[(day, e["event_type"])] += 1
    return [{"date": d, "event_type": t, "count": n} for (d, t), n in sorted(counts.items())]


def export_rows(store: Store, what: str, *, since: dt.date | None = None, until: dt.date | None = None) -> list[dict]:
    """Stored records shaped for `frontscope.brief.exports.export_records` (claims: plain rows)."""
    if what == "claims":
        return queries.claims(store, since=since, until=until)
    if what == "events":
        return [{
            "id": e["id"], "event_date": e["event_date"] or e["published"], "time_precision": 1 if e["event_date"] else 2,
            "event_type": e["event_type"], "sub_event_type": e["sub_event_type"], "actor1": e["actor1"],
            "actor2": e["actor2"], "place": e["place_text"], "geonameid": e["geonameid"], "lat": e["lat"],
            "lon": e["lon"], "oblast": e["oblast"], "raion": e["raion"], "fatalities": e["fatalities"],
            "status": e["status"], "confidence": e["confidence"], "claim_ids": [e["claim_id"]] if e["claim_id"] else [],
            "source": "frontscope", "notes": e["text"], "doc": e["document_id"],
        } for e in queries.events(store, since=since, until=until)]
    if what == "control":
        return [{
            "id": o["id"], "event_date": o["event_date"] or o["published"], "place": o["place_name"] or o["place_text"],
            "geonameid": o["geonameid"], "lat": o["lat"], "lon": o["lon"], "oblast": o["oblast"], "raion": o["raion"],
            "change": o["change"], "status": o["status"], "claimed_by": o["claimed_by"], "confidence": o["confidence"],
            "claim_ids": [o["claim_id"]] if o["claim_id"] else [], "source": o["source"], "notes": o["text"],
            "doc": o["document_id"],
        } for o in queries.control_observations(store, since=since, until=until)]
    if what == "places":
        as_of = until or dt.date.today()
        states = {r["geonameid"]: r for r in snapshot_rows(control_view(store, as_of))}
        return [{
            "geonameid": p["geonameid"], "place": p["name"], "lat": p["lat"], "lon": p["lon"], "oblast": p["oblast"],
            "raion": p["raion"], "population": p["population"], "mentions": p["mentions"],
            "holder": states.get(p["geonameid"], {}).get("holder"),
            "confidence": states.get(p["geonameid"], {}).get("confidence"),
        } for p in queries.place_counts(store)]
    raise ProductError(f"unknown record kind {what!r}: use claims, events, control or places")


def write_export(store: Store, fmt: str, what: str, out: str | Path, *, since: dt.date | None = None,
                 until: dt.date | None = None, bom: bool = False) -> tuple[Path, int]:
    from frontscope.brief.exports import export_records

    rows = export_rows(store, what, since=since, until=until)
    out = Path(out)
    if what == "claims":  # claims have no place of their own: tabular formats only
        if fmt == "jsonl":
            out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        elif fmt in ("csv", "parquet"):
            _write_claims_table(rows, fmt, out, bom=bom)
        else:
            raise ProductError(f"claims export as {fmt} is not meaningful: use csv, jsonl or parquet")
        return out, len(rows)
    if what == "places" and fmt == "acled":
        raise ProductError("places are not events: use --what events or control for ACLED CSV")
    return export_records(rows, fmt, out, what, bom=bom), len(rows)


def _write_claims_table(rows: list[dict], fmt: str, out: Path, bom: bool = False) -> None:
    import csv

    from frontscope.brief.exports import csv_encoding, spreadsheet_safe

    cols = ["id", "document_id", "published", "said_on", "source", "side", "kind", "cue", "negated", "text",
            "source_text", "citations", "urls", "parent_id"]
    flat = [{c: (";".join(map(str, r[c])) if isinstance(r.get(c), list) else r.get(c)) for c in cols} for r in rows]
    if fmt == "csv":
        with out.open("w", newline="", encoding=csv_encoding(bom)) as fh:
            w = csv.DictWriter(fh, fieldnames=cols)
            w.writeheader()
            w.writerows({c: spreadsheet_safe(v) for c, v in r.items()} for r in flat)
        return
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([("id", pa.int64()), ("document_id", pa.int64()), ("published", pa.string()),
                        ("said_on", pa.string()), ("source", pa.string()), ("side", pa.string()),
                        ("kind", pa.string()), ("cue", pa.string()), ("negated", pa.bool_()), ("text", pa.string()),
                        ("source_text", pa.string()), ("citations", pa.string()), ("urls", pa.string()),
                        ("parent_id", pa.int64())])
    pq.write_table(pa.Table.from_pylist(flat, schema=schema), out)


def displacement_inputs(store: Store, country: str = "UKR", *, min_population: int = 20_000,
                        metrics: tuple[str, ...] = ("refugees", "idps"), since_year: int = 2014,
                        max_markers: int = 8) -> tuple[list[dict], list[dict]]:
    """Stock series (people) from imported UNHCR/IDMC figures from `since_year`, and markers for the
    months in which towns of at least `min_population` changed hands (the `max_markers` busiest months,
    "2022-09: 6 towns → UA"), from the timelines over every stored observation."""
    from collections import Counter

    from frontscope.geo.gazetteer import get_gazetteer
    from frontscope.humanitarian.series import displacement_series
    from frontscope.humanitarian.store import load_figures

    series = displacement_series(load_figures(store.engine, origin=country.upper()), country.upper(), metrics)
    points = [{"date": d, "value": v, "series": s.label} for s in series if s.unit == "people"
              for d, v in s.points if d.year >= since_year]
    if not points:
        raise ProductError(f"no displacement figures for {country} are stored: run `frontscope humanitarian import`")
    months: Counter[tuple[str, str]] = Counter()
    last = max((o["published"] for o in queries.control_observations(store) if o["published"]), default=None)
    if last:
        view = control_view(store, dt.date.fromisoformat(last))
        gaz = get_gazetteer()
        for c in change_rows(view, dt.date(since_year, 1, 1), view.as_of):
            place = gaz.get(c["geonameid"])
            if place and place.population >= min_population and c["to"] in ("UA", "RU"):
                months[(c["date"][:7], c["to"])] += 1
    markers = [{"date": f"{month}-15", "label": f"{month}: {n} town{'s' if n > 1 else ''} → {to}", "holder": to}
               for (month, to), n in sorted(months.most_common(max_markers))]
    return points, markers


def control_snapshot(store: Store, as_of: dt.date, fmt: str = "geojson", *, baseline: str | None = None,
                     baseline_date: dt.date | None = None, include_all: bool = False) -> tuple[str, int]:
    """`frontscope control`: who holds each settlement on `as_of`, as GeoJSON, CSV or JSON text, and the
    number of settlements in it."""
    from frontscope.control.store_view import to_csv, to_geojson

    view = control_view(store, as_of, baseline=baseline, baseline_date=baseline_date, everywhere=include_all)
    rows = snapshot_rows(view, include_all=include_all)
    if fmt == "geojson":
        return json.dumps(to_geojson(rows), ensure_ascii=False), len(rows)
    if fmt == "csv":
        return to_csv(rows), len(rows)
    return json.dumps(rows, ensure_ascii=False, indent=2), len(rows)


def brief_text(store: Store, date: dt.date, since: dt.date | None = None, fmt: str = "md", *,
               with_map: bool = True, on_note: Any = None) -> tuple[str, Any]:
    """`frontscope brief`: the daily brief as Markdown or HTML (with the map embedded unless `with_map` is
    False; a map that cannot be drawn is left out and said through `on_note(line)`), and the brief itself.
    ProductError when no report was published in the span."""
    import tempfile

    from frontscope.brief.daily import build_brief
    from frontscope.brief.render import to_html, to_markdown

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
