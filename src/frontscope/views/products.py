"""Stored records shaped for the products an analyst takes away: rows for maps, charts and exports.

Each function reads the store (through `frontscope.store.queries` and the control view) and returns plain
records; `frontscope.render` draws and writes them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter

from frontscope.store import queries
from frontscope.store.db import Store
from frontscope.views.control import change_rows, control_view, snapshot_rows, to_csv, to_geojson


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


def settlements_in(extent: tuple[float, float, float, float], min_population: int) -> list[dict]:
    """Gazetteer settlements inside (west, south, east, north) of at least `min_population` people: the places
    a map shows for orientation where no statement gives a holder."""
    import numpy as np

    from frontscope.geo.gazetteer import get_gazetteer

    gaz = get_gazetteer()
    w, so, e, n = extent
    rows = np.flatnonzero(gaz.settlement_mask & (gaz.lon >= w) & (gaz.lon <= e) & (gaz.lat >= so) & (gaz.lat <= n)
                          & (gaz.population >= min_population))
    return [{"geonameid": int(gaz.ids[r]), "name": gaz.name[r], "lat": float(gaz.lat[r]), "lon": float(gaz.lon[r]),
             "population": int(gaz.population[r])} for r in rows]


def stored_span(store: Store) -> tuple[str, str] | None:
    """First and last publication date of the stored reports (for 'no data' messages)."""
    return queries.publication_span(store)


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
    """Stored records shaped for `frontscope.render.exports.export_records` (claims: plain rows)."""
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


def displacement_inputs(store: Store, country: str = "UKR", *, min_population: int = 20_000,
                        metrics: tuple[str, ...] = ("refugees", "idps"), since_year: int = 2014,
                        max_markers: int = 8) -> tuple[list[dict], list[dict]]:
    """Stock series (people) from imported UNHCR/IDMC figures from `since_year`, and markers for the
    months in which towns of at least `min_population` changed hands (the `max_markers` busiest months,
    "2022-09: 6 towns → UA"), from the timelines over every stored observation."""
    from frontscope.geo.gazetteer import get_gazetteer
    from frontscope.humanitarian.series import displacement_series
    from frontscope.views.figures import load_figures

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
    view = control_view(store, as_of, baseline=baseline, baseline_date=baseline_date, everywhere=include_all)
    rows = snapshot_rows(view, include_all=include_all)
    if fmt == "geojson":
        return json.dumps(to_geojson(rows), ensure_ascii=False), len(rows)
    if fmt == "csv":
        return to_csv(rows), len(rows)
    return json.dumps(rows, ensure_ascii=False, indent=2), len(rows)
