"""Control timelines from the store: what `frontscope control` and `frontscope changes` print.

Reads the stored control observations (never the text), builds timelines with the optional baseline
polygon as prior, and shapes the result as GeoJSON / CSV / JSON rows with the evidence behind each state.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from frontscope.control.belief import LABELS
from frontscope.control.observations import Observation
from frontscope.control.priors import Settlement
from frontscope.control.timeline import Timelines, build_timelines
from frontscope.geometry import KM_PER_DEG_LAT, KM_PER_DEG_LON_EQUATOR
from frontscope.store import queries
from frontscope.store.db import Store
from frontscope.vocab import Change

BASELINE_RADIUS_KM = 30.0  # the baseline applies to settlements this close to any observed one (or --all)


@dataclass
class ControlView:
    as_of: dt.date
    timelines: Timelines
    observations: dict[int, dict]  # observation id -> stored row


def observations_from_store(store: Store, until: dt.date | None = None) -> tuple[list[Observation], dict[int, dict]]:
    rows = queries.control_observations(store, until=until)
    obs: list[Observation] = []
    by_id: dict[int, dict] = {}
    for r in rows:
        if r["geonameid"] is None or r["published"] is None:
            continue
        by_id[r["id"]] = r
        obs.append(Observation(
            id=r["id"], geonameid=r["geonameid"], change=r["change"], status=r["status"],
            report_date=dt.date.fromisoformat(r["published"]),
            event_date=dt.date.fromisoformat(r["event_date"]) if r["event_date"] else None,
            source=r["source"] or r["claimed_by"] or "", source_side=r["obs_source_side"] or r["source_side"] or "unknown",
            source_kind=r["obs_source_kind"] or r["source_kind"] or "other", actor_side=r["actor_side"] or "",
            confidence=r["confidence"] if r["confidence"] is not None else 0.5, name=r["place_name"] or r["place_text"],
            lat=r["lat"], lon=r["lon"], doc=str(r["document_id"]), text=r["text"], region=r["region"] or "",
            rule=r["rule"] or "",
        ))
    return obs, by_id


def source_rows(store: Store) -> list[dict[str, Any]]:
    """Every source that made a claim, with its claim count and its control track record (how its control
    claims fared: corroborated, confirmed, refuted, disputed) — what `frontscope sources` and the API list."""
    from frontscope.control.corroboration import group_observations, track_record

    rows = queries.sources(store)
    obs, _ = observations_from_store(store)
    records = {r.source: r for r in track_record(group_observations(obs))}
    for row in rows:
        r = records.get(row["name"])
        row.update({"control_claims": r.claims if r else 0, "corroborated": r.corroborated if r else 0,
                    "confirmed": r.confirmed if r else 0, "refuted": r.refuted if r else 0,
                    "disputed": r.disputed if r else 0})
    return rows


def settlements_for(obs: list[Observation], *, everywhere: bool = False,
                    radius_km: float = BASELINE_RADIUS_KM) -> list[Settlement]:
    """Gazetteer settlements the baseline is applied to: near any observation, or all of them."""
    from frontscope.geo.gazetteer import get_gazetteer

    gaz = get_gazetteer()
    rows = np.flatnonzero(gaz.settlement_mask)
    if not everywhere:
        pts = np.array([(o.lat, o.lon) for o in obs if o.lat is not None and o.lon is not None])
        if not len(pts):
            return []
        # Degrees are good enough to pre-select within ~radius (longitude measured at 52.5°N, Ukraine's north edge,
        # so the box is never too narrow).
        lat, lon = gaz.lat[rows], gaz.lon[rows]
        keep = np.zeros(len(rows), dtype=bool)
        dlat, dlon = radius_km / KM_PER_DEG_LAT, radius_km / (KM_PER_DEG_LON_EQUATOR * math.cos(math.radians(52.5)))
        for plat, plon in np.unique(np.round(pts, 2), axis=0):
            keep |= (np.abs(lat - plat) <= dlat) & (np.abs(lon - plon) <= dlon)
        rows = rows[keep]
    return [Settlement(int(gaz.ids[r]), gaz.name[r], float(gaz.lat[r]), float(gaz.lon[r]),
                       gaz.oblasts.get(gaz.admin1[r]), int(gaz.population[r])) for r in rows]


def control_view(store: Store, as_of: dt.date, *, baseline: str | Path | None = None,
                 baseline_date: dt.date | None = None, everywhere: bool = False, explain: bool = False) -> ControlView:
    """Timelines from every observation reported up to `as_of` — the one read model of control.

    `control`, `changes`, maps, charts, briefs and exposure all read this view. The timelines replay
    statements in the order they were reported, so the state of any earlier date D in this view is what a
    view as of D says."""
    obs, by_id = observations_from_store(store, until=as_of)
    obs = [o for o in obs if o.report_date <= as_of]
    settlements = settlements_for(obs, everywhere=everywhere) if (baseline is not None or everywhere) else None
    tl = build_timelines(obs, baseline=baseline, baseline_date=baseline_date, settlements=settlements,
                         explain=explain)
    if everywhere and baseline is None and settlements:
        tl.pool = [s.geonameid for s in settlements]
    return ControlView(as_of, tl, by_id)


def snapshot_rows(view: ControlView, *, include_all: bool = False) -> list[dict[str, Any]]:
    """One row per settlement with any observation or change (with `include_all`: every settlement known)."""
    from frontscope.geo.gazetteer import get_gazetteer

    gaz = get_gazetteer()
    observed = {o["geonameid"] for o in view.observations.values()}
    rows = []
    for st in view.timelines.snapshot(view.as_of):
        if not include_all and st.geonameid not in observed and not st.evidence:
            continue
        rows.append(_row(view, st, gaz))
    return sorted(rows, key=lambda r: (r["oblast"] or "", r["name"]))


def _observation_ids(view: ControlView, evidence: list[int | str]) -> list[int]:
    """Stored observation ids behind a state's evidence, once each: a statement about a whole area reaches each
    of its settlements as `<id>@<geonameid>`, and is that one stored statement."""
    out: dict[int, None] = {}
    for e in evidence:
        head = str(e).split("@")[0]
        if head.isdigit() and int(head) in view.observations:
            out[int(head)] = None
    return list(out)


def _statements(view: ControlView, evidence: list[int | str]) -> list[dict]:
    return [view.observations[o] for o in _observation_ids(view, evidence)]


def _claim_ids(view: ControlView, evidence: list[int | str]) -> list[int]:
    """Claim ids behind the statements of a state's evidence."""
    return sorted({o["claim_id"] for o in _statements(view, evidence) if o["claim_id"]})


def _row(view: ControlView, st: Any, gaz: Any) -> dict[str, Any]:
    place = gaz.get(st.geonameid)
    return {
            "geonameid": st.geonameid, "name": st.name or (place.name if place else ""),
            "holder": st.holder, "confidence": st.confidence,
            "since": st.since.isoformat() if st.since else None, "status": st.status,
            "claimed_by": st.claimed_by or None,
            "evidence": _observation_ids(view, st.evidence),
            "claims": _claim_ids(view, st.evidence),
            "claimed_claims": _claim_ids(view, st.claim_evidence),
            "lat": place.lat if place else None, "lon": place.lon if place else None,
            "oblast": place.oblast if place else None, "raion": place.raion if place else None,
            "population": place.population if place else None,
    }


def change_rows(view: ControlView, since: dt.date, until: dt.date) -> list[dict[str, Any]]:
    """Settlements whose holder on `until` differs from their holder the day before `since`, with the
    statements behind the new state: the difference of `control --as-of` at the two dates, counting only
    changes of hands a statement names. A first sighting (from unknown) counts when a statement says the place
    was taken; a new holder otherwise when a statement says it took or holds the place: the defender guessed
    from an attack nearby ("Ukrainian forces reached X") is a weak state, not news that X changed hands."""
    from frontscope.geo.gazetteer import get_gazetteer

    gaz = get_gazetteer()
    tl = view.timelines
    ids = tl.settlements()
    before = tl.states_at(ids, since - dt.timedelta(days=1) if since > dt.date.min else since)
    after = tl.states_at(ids, until)
    out = []
    for a, b in zip(before, after, strict=True):
        if a.holder == b.holder or b.holder == "unknown":
            continue
        evidence = _statements(view, b.evidence)
        named = [Change.parse(e["change"]) for e in evidence if e["status"] != "denied"]
        if a.holder == "unknown" and not any(c.gainer == b.holder for c in named):
            continue
        if not any(c.holder == b.holder for c in named):
            continue
        row = _row(view, b, gaz)
        out.append({
            "date": b.since.isoformat() if b.since else until.isoformat(), "geonameid": b.geonameid,
            "name": row["name"], "from": a.holder, "to": b.holder, "confidence": b.confidence, "status": b.status,
            "reported": b.since.isoformat() if b.since else None, "lat": row["lat"], "lon": row["lon"],
            "oblast": row["oblast"], "population": row["population"],
            "evidence": [_evidence_row(e) for e in evidence],
        })
    return sorted(out, key=lambda r: (r["date"], r["name"]))


def decision_rows(view: ControlView, place: str) -> list[dict[str, Any]]:
    """Why the holder of `place` (a name, any case, or a GeoNames id) did or did not change: every scoring of a
    candidate change up to the view's date, with the probability, the threshold, the outcome, what pushed the
    probability up or down (`why`: each feature's weight x value, largest first) and the statements. Needs a
    view built with `explain=True`."""
    tl = view.timelines
    out = []
    for g in sorted(_named(tl, tl.decisions, place)):
        for d in tl.decisions[g]:
            if d.date > view.as_of:
                continue
            out.append({
                "geonameid": g, "name": tl.names.get(g, ""), "date": d.date.isoformat(), "holder": d.holder,
                "candidate": d.candidate, "probability": d.probability, "threshold": d.threshold,
                "outcome": d.outcome, "note": d.note,
                "why": [{"feature": f, "means": LABELS.get(f, f), "effect": v}
                        for f, v in sorted(d.contributions.items(), key=lambda kv: -abs(kv[1]))],
                "evidence": [_evidence_row(e) for e in _statements(view, d.evidence)],
            })
    return out


def _named(tl: Timelines, gids: Iterable[int], place: str) -> list[int]:
    """Those of `gids` that `place` names: a GeoNames id, or a settlement name matched whole in any case."""
    key = place.strip().lower()
    return [g for g in gids if str(g) == key or (tl.names.get(g) or "").lower() == key]


def state_rows(view: ControlView, place: str) -> list[dict[str, Any]]:
    """Why a settlement that no scoring concerns (`decision_rows` is empty: nobody says a side took or holds it)
    shows its holder on the view's date: the prior, or a fill from the named settlement it follows (`anchor`,
    last restated on `restated`); `overtaken`: a believed change the other way near it since then, so the prior
    shows again."""
    tl = view.timelines
    out = []
    for g in _named(tl, tl.settlements(), place):
        st = tl.state_at(g, view.as_of)
        fill = tl.fill(g, view.as_of)
        over = fill.overtaken if fill is not None else None
        out.append({
            "geonameid": g, "name": st.name, "date": view.as_of.isoformat(), "holder": st.holder,
            "status": st.status, "prior": tl.prior.get(g, "unknown"),
            "prior_date": tl.prior_date.isoformat() if tl.prior_date else None,
            "fill": None if fill is None else {
                "holder": fill.holder, "anchor": fill.anchor, "anchor_name": fill.anchor_name,
                "restated": fill.restated.isoformat() if fill.restated else None,
                "overtaken": None if over is None else {"geonameid": over[0], "name": over[1],
                                                        "date": over[2].isoformat()}},
        })
    return out


def _evidence_row(e: dict[str, Any]) -> dict[str, Any]:
    """One statement behind a change: who said it, how, which reading rule produced it, and its text."""
    return {"observation": e["id"], "claim": e["claim_id"], "report": e["published"],
            "source": e["source"] or e["claimed_by"], "status": e["status"], "change": e["change"],
            "rule": e.get("rule") or "", "text": e["text"]}


def history_rows(view: ControlView, geonameid: int) -> list[dict[str, Any]]:
    """Every change of holder of one settlement up to the view's date, oldest first, with its statements."""
    out = []
    for c in view.timelines.history(geonameid):
        if c.date > view.as_of or c.holder == c.previous:
            continue
        evidence = _statements(view, c.evidence)
        out.append({"date": c.date.isoformat(), "geonameid": geonameid, "from": c.previous, "to": c.holder,
                    "confidence": round(c.confidence, 3), "status": c.status,
                    "evidence": [_evidence_row(e) for e in evidence]})
    return out


def claimed_rows(view: ControlView) -> list[dict[str, Any]]:
    """Settlements a side claims to have taken on `as_of` without the claim passing the belief bar."""
    return [r for r in snapshot_rows(view) if r["claimed_by"]]


def to_geojson(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """GeoJSON FeatureCollection of Point features (rows without coordinates are left out)."""
    props = ("geonameid", "name", "holder", "confidence", "since", "evidence", "claims", "status", "claimed_by",
             "oblast", "raion", "population")
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]},
         "properties": {k: r.get(k) for k in props}}
        for r in rows if r.get("lat") is not None
    ]}


def to_csv(rows: list[dict[str, Any]]) -> str:
    cols = ["geonameid", "name", "holder", "confidence", "since", "status", "claimed_by", "oblast", "raion", "lat", "lon",
            "population", "evidence", "claims"]
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=cols, extrasaction="ignore")
    w.writeheader()
    for r in rows:
        w.writerow({**r, "evidence": " ".join(map(str, r["evidence"])), "claims": " ".join(map(str, r["claims"]))})
    return buf.getvalue()
