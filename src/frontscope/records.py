"""Annotations as records: the one serialisation of a document's places, claims, control statements and events.

`rows(doc)` turns each annotation into one flat dict of plain values (dates as dates, numbers at full
precision). The store writes these rows (`store/db.py` picks its table's columns from them), and
`records(doc, name)` shapes the same rows into the JSON lines of `frontscope extract` (the documented
`--jsonl` contract: nested place and source, ISO dates, confidences to three decimals). A field added to an
annotation is added here once and reaches both.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from frontscope.model import Claim, ControlStatement, Document, Event, PlaceMention

KINDS = ("place", "claim", "control", "event")


def place_row(m: PlaceMention) -> dict[str, Any]:
    return {
        "start": m.start, "end": m.end, "text": m.text, "kind": m.kind, "geonameid": m.geonameid, "name": m.name,
        "lat": m.lat, "lon": m.lon, "oblast": m.oblast, "raion": m.raion, "country": m.country,
        "population": m.population, "confidence": m.confidence, "resolved_by": m.resolved_by,
        "candidates": [[c.geonameid, round(c.score, 3)] for c in m.candidates[:5]],
    }


def claim_row(c: Claim, ordinal: int) -> dict[str, Any]:
    s = c.source
    return {
        "ordinal": ordinal, "start": c.start, "end": c.end, "text": c.text,
        "source_name": s.name, "source_side": s.side, "source_kind": s.kind, "source_text": s.text,
        "source_start": s.start, "source_end": s.end, "cue": c.cue, "negated": c.negated, "said_on": c.said_on,
        "citations": c.citations, "urls": c.urls, "parent": c.parent,
        "quantities": [dataclasses.asdict(q) for q in c.quantities],
    }


def control_row(s: ControlStatement) -> dict[str, Any]:
    return {
        "start": s.start, "end": s.end, "text": s.text, "geonameid": s.place.geonameid, "place_text": s.place.text,
        "place_start": s.place.start, "place_end": s.place.end, "change": s.change, "event_date": s.event_date,
        "status": s.status, "claimed_by": s.claimed_by, "confidence": s.confidence, "claim": s.claim,
        "actor_side": s.actor_side, "source_side": s.source_side, "source_kind": s.source_kind,
        "region": s.region or None, "rule": s.rule or None,
    }


def event_row(e: Event) -> dict[str, Any]:
    p = e.places[0] if e.places else None  # the event's place; the others are kept in `places`
    return {
        "start": e.start, "end": e.end, "text": e.text, "event_type": e.event_type,
        "sub_event_type": e.sub_event_type, "actor1": e.actor1, "actor2": e.actor2,
        "geonameid": p.geonameid if p else None, "place_text": p.text if p else None,
        "lat": p.lat if p else None, "lon": p.lon if p else None,
        "places": [{"text": q.text, "start": q.start, "end": q.end, "geonameid": q.geonameid} for q in e.places],
        "event_date": e.event_date, "status": e.status, "confidence": e.confidence, "fatalities": e.fatalities,
        "quantities": [dataclasses.asdict(q) for q in e.quantities], "claim": e.claim,
    }


def rows(doc: Document) -> dict[str, list[dict[str, Any]]]:
    """Every annotation of `doc` as a flat row, by kind (place, claim, control, event)."""
    return {
        "place": [place_row(m) for m in doc.places],
        "claim": [claim_row(c, i) for i, c in enumerate(doc.claims)],
        "control": [control_row(s) for s in doc.control],
        "event": [event_row(e) for e in doc.events],
    }


@dataclass
class Rows:
    """The rows of one kind in compact form: their keys once, then each row's values in that order. What a worker
    sends back to the writer (tuples of plain values pickle in half the time of the annotation objects)."""

    keys: tuple[str, ...]
    values: list[tuple[Any, ...]]

    def column(self, key: str) -> int:
        return self.keys.index(key)


def compact_rows(doc: Document) -> dict[str, Rows]:
    """`rows(doc)` in compact form, by kind."""
    return {kind: Rows(tuple(rs[0]) if rs else (), [tuple(r.values()) for r in rs]) for kind, rs in rows(doc).items()}


# The JSON lines of `frontscope extract` ------------------------------------------------------------------


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def place_json(doc_name: str, r: dict[str, Any]) -> dict[str, Any]:
    return {
        "doc": doc_name, "type": "place", "start": r["start"], "end": r["end"], "text": r["text"], "kind": r["kind"],
        "geonameid": r["geonameid"], "lat": r["lat"], "lon": r["lon"], "confidence": round(r["confidence"], 3),
        "name": r["name"], "oblast": r["oblast"], "country": r["country"],
    }


def claim_json(doc_name: str, r: dict[str, Any]) -> dict[str, Any]:
    return {
        "doc": doc_name, "type": "claim", "id": r["ordinal"], "start": r["start"], "end": r["end"], "text": r["text"],
        "source": {"text": r["source_text"], "start": r["source_start"], "end": r["source_end"],
                   "name": r["source_name"], "side": r["source_side"], "kind": r["source_kind"]},
        "cue": r["cue"], "negated": r["negated"], "said_on": _iso(r["said_on"]), "citations": r["citations"],
        "urls": r["urls"], "parent": r["parent"], "quantities": r["quantities"],
    }


def control_json(doc_name: str, r: dict[str, Any]) -> dict[str, Any]:
    return {
        "doc": doc_name, "type": "control", "start": r["start"], "end": r["end"], "text": r["text"],
        "place": {"text": r["place_text"], "start": r["place_start"], "end": r["place_end"],
                  "geonameid": r["geonameid"]},
        "change": r["change"], "event_date": _iso(r["event_date"]), "status": r["status"],
        "claimed_by": r["claimed_by"], "confidence": round(r["confidence"], 3), "claim": r["claim"],
        "actor_side": r["actor_side"], "source_side": r["source_side"], "source_kind": r["source_kind"],
        "region": r["region"], "rule": r["rule"],
    }


def event_json(doc_name: str, r: dict[str, Any]) -> dict[str, Any]:
    keys = ("start", "end", "text", "event_type", "sub_event_type", "actor1", "actor2")
    return {
        **{k: r[k] for k in keys}, "event_date": _iso(r["event_date"]), "status": r["status"],
        "confidence": r["confidence"], "fatalities": r["fatalities"], "quantities": r["quantities"],
        "claim": r["claim"], "doc": doc_name, "type": "event", "places": r["places"],
    }


_JSON = {"place": place_json, "claim": claim_json, "control": control_json, "event": event_json}


def records(doc: Document, doc_name: str | None = None) -> list[dict[str, Any]]:
    """Every annotation of `doc` as a JSON-ready dict, in the order places, claims, control, events."""
    name = doc_name if doc_name is not None else (doc.path or doc.url or "")
    return [_JSON[kind](name, r) for kind, rs in rows(doc).items() for r in rs]


def claim_record(doc_name: str, doc: Document, i: int) -> dict[str, Any]:
    """The JSON record of claim `i` of `doc`."""
    return claim_json(doc_name, claim_row(doc.claims[i], i))


def annotation_counts(doc: Document) -> dict[str, int]:
    """How many annotations of each kind `doc` holds."""
    return {kind: len(rs) for kind, rs in rows(doc).items()}
