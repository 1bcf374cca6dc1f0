"""What the endpoints return, built from the library's read-side functions (no SQL of its own).

Each function takes a `Reader` — the store plus the fingerprint-keyed memo — and returns plain JSON-able
records. Control records are passed through as `frontscope.views.control` shapes them, so new fields
of the timeline (holder states, confidence...) reach the API without a change here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from frontscope.serve.cache import Memo, fingerprint
from frontscope.store import queries
from frontscope.store.db import Store
from frontscope.views import control as store_view


@dataclass
class Baseline:
    """An occupied-area polygon the server was started with (`--baseline FILE --baseline-date D`)."""

    path: Path
    date: dt.date


LAYER_KINDS = ("view", "control", "geojson", "geojson-page")  # ~17 MB per date together: a cache of their own


@dataclass
class Reader:
    """The store and two caches keyed by database fingerprint: `memo` for lists and products, `layers` for the
    per-date control layers, so a day of slider use never pushes the claims list out."""

    store: Store
    memo: Memo
    baseline: Baseline | None = None
    layers: Memo = field(default_factory=lambda: Memo(32))

    def fp(self) -> str:
        return fingerprint(self.store)

    def cached(self, key: Any, compute: Any, fp: str | None = None) -> Any:
        memo = self.layers if isinstance(key, tuple) and key[0] in LAYER_KINDS else self.memo
        return memo.get(fp or self.fp(), key, compute)

    def has(self, key: Any) -> bool:
        memo = self.layers if isinstance(key, tuple) and key[0] in LAYER_KINDS else self.memo
        return memo.has(self.fp(), key)


def _jsonable(x: Any) -> Any:
    if isinstance(x, dt.date | dt.datetime):
        return x.isoformat()
    if dataclasses.is_dataclass(x) and not isinstance(x, type):
        return {f.name: _jsonable(getattr(x, f.name)) for f in dataclasses.fields(x)}
    if isinstance(x, dict):
        return {str(k): _jsonable(v) for k, v in x.items()}
    if isinstance(x, list | tuple | set):
        return [_jsonable(v) for v in x]
    return x


# Meta ------------------------------------------------------------------------------------------------

def meta(r: Reader) -> dict[str, Any]:
    from frontscope.views.products import stored_span

    def compute() -> dict[str, Any]:
        span = stored_span(r.store)
        return {"stats": r.store.stats(), "first_report": span[0] if span else None,
                "last_report": span[1] if span else None,
                "baseline": ({"date": r.baseline.date.isoformat(), "file": r.baseline.path.name}
                             if r.baseline else None)}
    return r.cached("meta", compute)


# Documents, claims, sources, places -------------------------------------------------------------------

def documents(r: Reader) -> list[dict]:
    return r.cached("documents", lambda: r.store.documents())


def observations(r: Reader) -> list[dict]:
    """Every stored control statement with its place and source (queries.control_observations)."""
    return r.cached("observations", lambda: queries.control_observations(r.store))


def claims(r: Reader) -> list[dict]:
    """Every stored claim (queries.claims), each with the statuses and places of the control statements
    and events that rest on it — what the claims panel filters by."""
    def compute() -> list[dict]:
        statuses: dict[int, set[str]] = defaultdict(set)
        places: dict[int, set[int]] = defaultdict(set)
        for o in observations(r):
            if o["claim_id"] is not None:
                statuses[o["claim_id"]].add(o["status"])
                if o["geonameid"] is not None:
                    places[o["claim_id"]].add(o["geonameid"])
        for e in queries.events(r.store):
            if e["claim_id"] is not None and e["geonameid"] is not None:
                places[e["claim_id"]].add(e["geonameid"])
        return [{**c, "statuses": sorted(statuses.get(c["id"], ())), "places": sorted(places.get(c["id"], ()))}
                for c in queries.claims(r.store)]
    return r.cached("claims", compute)


def filter_claims(rows: list[dict], *, source: str | None = None, side: str | None = None, kind: str | None = None,
                  status: str | None = None, place: list[int] | None = None, since: dt.date | None = None,
                  until: dt.date | None = None, q: str | None = None) -> list[dict]:
    """The claims panel's filters over `claims()` rows (the same meaning as `frontscope claims` options)."""
    out = []
    src, text = (source or "").lower(), (q or "").lower()
    lo, hi = since.isoformat() if since else None, until.isoformat() if until else None
    wanted = set(place or ())
    for c in rows:
        day = c["said_on"] or c["published"] or ""
        if (src and src not in (c["source"] or "").lower()) or (side and c["side"] != side) \
                or (kind and c["kind"] != kind) or (status and status not in c["statuses"]) \
                or (lo and day < lo) or (hi and day > hi) or (wanted and not wanted & set(c["places"])) \
                or (text and text not in (c["text"] or "").lower() and text not in (c["source_text"] or "").lower()):
            continue
        out.append(c)
    return out


def sources(r: Reader) -> list[dict]:
    """Sources with claim counts and their control track record (as `frontscope sources` prints)."""
    return r.cached("sources", lambda: store_view.source_rows(r.store))


def places(r: Reader) -> list[dict]:
    return r.cached("places", lambda: queries.place_counts(r.store))


def search_places(r: Reader, name: str) -> list[dict]:
    """Gazetteer entries a name may refer to (any spelling the geocoder knows), those the reports mention first."""
    from frontscope.geo.gazetteer import get_gazetteer

    mentioned = {p["geonameid"]: p["mentions"] for p in places(r)}
    hits = [p for p in get_gazetteer().lookup(name) if p.fclass in ("P", "A")]
    hits.sort(key=lambda p: -mentioned.get(p.geonameid, 0))  # stable: the gazetteer's order within ties
    return [{"geonameid": p.geonameid, "name": p.name, "kind": p.kind, "oblast": p.oblast, "raion": p.raion,
             "lat": p.lat, "lon": p.lon, "population": p.population, "mentions": mentioned.get(p.geonameid, 0)}
            for p in hits]


def events(r: Reader, since: dt.date | None, until: dt.date | None) -> list[dict]:
    return r.cached(("events", since, until), lambda: queries.events(r.store, since=since, until=until))


# Control -----------------------------------------------------------------------------------------------

def baseline_args(r: Reader, use: bool) -> dict[str, Any]:
    if use and r.baseline is not None:
        return {"baseline": r.baseline.path, "baseline_date": r.baseline.date}
    return {}


def view(r: Reader, as_of: dt.date, use_baseline: bool, everywhere: bool = False) -> store_view.ControlView:
    # With the belief model's decisions kept (~8 % more replay time): a place's timeline explains its holder
    # from the same view the map was drawn from, instead of replaying the reports a second time.
    return r.cached(("view", as_of, use_baseline, everywhere),
                    lambda: store_view.control_view(r.store, as_of, everywhere=everywhere, explain=True,
                                                    **baseline_args(r, use_baseline)))


def control_rows(r: Reader, as_of: dt.date, use_baseline: bool = False, include_all: bool = False) -> list[dict]:
    """One row per settlement on `as_of`, exactly as `frontscope control --format json` prints them."""
    return r.cached(("control", as_of, use_baseline, include_all),
                    lambda: store_view.snapshot_rows(view(r, as_of, use_baseline, include_all),
                                                     include_all=include_all))


def control_geojson(r: Reader, as_of: dt.date, use_baseline: bool = False, include_all: bool = False) -> dict:
    return r.cached(("geojson", as_of, use_baseline, include_all),
                    lambda: store_view.to_geojson(control_rows(r, as_of, use_baseline, include_all)))


def changes(r: Reader, since: dt.date, until: dt.date, use_baseline: bool = False) -> list[dict]:
    """Settlements that changed hands in [since, until], as `frontscope changes --json` prints them."""
    return r.cached(("changes", since, until, use_baseline),
                    lambda: store_view.change_rows(view(r, until, use_baseline), since, until))


def place_timeline(r: Reader, geonameid: int, as_of: dt.date, use_baseline: bool = False) -> dict[str, Any] | None:
    """A settlement's state on `as_of`, its changes of hands, and every statement about it with the claim
    behind it (quote, source, side, status, said-on, endnote URLs). A settlement no statement names but the view
    covers (the baseline's extent) gets its state and `fill`: the named place whose change it follows, or what
    overtook that (`frontscope control --explain`). None: nothing stored about it and outside the view."""
    about = [o for o in observations(r) if o["geonameid"] == geonameid]
    if not about:
        return _unnamed_place(r, geonameid, as_of, use_baseline)
    # The state on `as_of` rests on what was reported by then; later statements are only counted.
    statements = [o for o in about if o["published"] and o["published"] <= as_of.isoformat()]  # undated: unplaceable
    later = len(about) - len(statements)
    if not statements:
        p = about[0]
        return {"geonameid": geonameid, "name": p["place_name"] or p["place_text"], "oblast": p["oblast"],
                "raion": p["raion"], "lat": p["lat"], "lon": p["lon"], "population": p["population"],
                "as_of": as_of.isoformat(), "state": None, "changes": [], "statements": [], "later_statements": later}
    state = next((x for x in control_rows(r, as_of, use_baseline) if x["geonameid"] == geonameid), None)
    history = store_view.history_rows(view(r, as_of, use_baseline), geonameid)
    # Why it changed hands or did not (`frontscope control --explain`): the belief model's every scoring.
    decisions = store_view.decision_rows(view(r, as_of, use_baseline), str(geonameid))
    by_claim = {c["id"]: c for c in claims(r)}
    evidence = []
    for o in statements:
        c = by_claim.get(o["claim_id"]) if o["claim_id"] is not None else None
        evidence.append({**o, "claim": None if c is None else {
            k: c[k] for k in ("id", "text", "source", "side", "kind", "said_on", "published", "citations", "urls",
                              "source_text", "cue", "negated")}})
    p = statements[0]
    return {"geonameid": geonameid, "name": p["place_name"] or p["place_text"], "oblast": p["oblast"],
            "raion": p["raion"], "lat": p["lat"], "lon": p["lon"], "population": p["population"],
            "as_of": as_of.isoformat(), "state": state, "changes": history, "decisions": decisions,
            "statements": evidence, "later_statements": later}


def _unnamed_place(r: Reader, geonameid: int, as_of: dt.date, use_baseline: bool) -> dict[str, Any] | None:
    # The map's default extent first, then (with a baseline) all of it, as `?all=true` draws it.
    for everywhere in (False, True) if baseline_args(r, use_baseline) else (False,):
        explained = store_view.state_rows(view(r, as_of, use_baseline, everywhere), str(geonameid))
        state = next((x for x in control_rows(r, as_of, use_baseline, everywhere) if x["geonameid"] == geonameid), None)
        if explained and state is not None:
            break
    else:
        return None
    return {"geonameid": geonameid, "name": state["name"], "oblast": state["oblast"], "raion": state.get("raion"),
            "lat": state["lat"], "lon": state["lon"], "population": state["population"], "as_of": as_of.isoformat(),
            "state": state, "fill": explained[0]["fill"], "changes": [], "decisions": [], "statements": [],
            "later_statements": 0}


# Products ----------------------------------------------------------------------------------------------

def exposure(r: Reader, date: dt.date, since: dt.date | None, km: float, use_baseline: bool) -> dict:
    from frontscope.views.exposure import exposure_from_store

    args = baseline_args(r, use_baseline)
    return r.cached(("exposure", date, since, km, use_baseline), lambda: exposure_from_store(
        r.store, date, since=since, km=km, baseline=str(args["baseline"]) if args else None,
        baseline_date=args.get("baseline_date")).to_json())


def brief(r: Reader, date: dt.date, since: dt.date | None) -> Any:
    from frontscope.brief.daily import build_brief

    return r.cached(("brief", date, since), lambda: build_brief(r.store, date, since))


def brief_json(b: Any) -> dict[str, Any]:
    return _jsonable(b)
