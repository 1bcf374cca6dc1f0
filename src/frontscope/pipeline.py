"""The processing pipeline: small named stages run in order over one `Document`.

Like spaCy components, each stage is a function `stage(doc) -> None` that adds annotations to the
document and reads only the text and the annotations of the stages before it. Stages are registered
by import path so that building a pipeline does not import heavy modules (spaCy, the gazetteer) until
a document actually needs them; each process loads them once and keeps them (see the modules' caches).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from typing import Any

from frontscope.model import Document, to_jsonable
from frontscope.nlp.language import detect_language

StageFn = Callable[[Document], None]

# name -> "module:function"; order here is the default order.
STAGES: dict[str, str] = {
    "endnotes": "frontscope.nlp.endnotes:annotate_endnotes",
    "segment": "frontscope.nlp.segment:segment",
    "places": "frontscope.geo.geocoder:geocode",
    "claims": "frontscope.claims.attribution:extract_claims",
    "events": "frontscope.events.extract:extract_events",
}
DEFAULT_STAGES: tuple[str, ...] = tuple(STAGES)
# A stage may need earlier ones; asking for it pulls them in.
REQUIRES: dict[str, tuple[str, ...]] = {
    "segment": ("endnotes",),
    "places": ("segment",),
    "claims": ("segment",),
    "events": ("places", "claims"),
}


def _resolve(names: Iterable[str]) -> list[str]:
    wanted: set[str] = set()

    def add(name: str) -> None:
        if name not in STAGES:
            raise ValueError(f"unknown stage {name!r}; known stages: {', '.join(STAGES)}")
        for dep in REQUIRES.get(name, ()):
            add(dep)
        wanted.add(name)

    for n in names:
        add(n)
    return [n for n in STAGES if n in wanted]


def load_stage(name: str) -> StageFn:
    module, func = STAGES[name].split(":")
    return getattr(importlib.import_module(module), func)


class Pipeline:
    """`Pipeline(["places"])(doc)` runs endnotes → segment → places on `doc`."""

    def __init__(self, stages: Iterable[str] | None = None) -> None:
        self.names = _resolve(stages if stages is not None else DEFAULT_STAGES)
        self._fns: dict[str, StageFn] = {}

    def __call__(self, doc: Document) -> Document:
        if not doc.language:
            doc.language = detect_language(doc.text)  # stages pick their English or Cyrillic path by it
        for name in self.names:
            if name in doc.stages_run:
                continue
            fn = self._fns.get(name) or self._fns.setdefault(name, load_stage(name))
            fn(doc)
            doc.stages_run.append(name)
        return doc

    def warm_up(self) -> None:
        """Load every stage's models and tables now (once per worker process), so that no document pays for
        them: a stage module may define `warm_up()` for what it otherwise loads on first need."""
        self(Document(text="Russian forces attacked near Kupyansk on December 12.[1]\n\n[1] https://example.org/a"))
        for name in self.names:
            module = importlib.import_module(STAGES[name].split(":")[0])
            if callable(getattr(module, "warm_up", None)):
                module.warm_up()


# Output records (the `frontscope extract --jsonl` contract) ------------------------------------------


def place_record(doc_name: str, m: Any) -> dict:
    return {
        "doc": doc_name, "type": "place", "start": m.start, "end": m.end, "text": m.text, "kind": m.kind,
        "geonameid": m.geonameid, "lat": m.lat, "lon": m.lon, "confidence": round(m.confidence, 3),
        "name": m.name, "oblast": m.oblast, "country": m.country,
    }


def claim_record(doc_name: str, doc: Document, i: int) -> dict:
    c = doc.claims[i]
    return {
        "doc": doc_name, "type": "claim", "id": i, "start": c.start, "end": c.end, "text": c.text,
        "source": to_jsonable(c.source), "cue": c.cue, "negated": c.negated,
        "said_on": c.said_on.isoformat() if c.said_on else None,
        "citations": c.citations, "urls": c.urls, "parent": c.parent,
        "quantities": to_jsonable(c.quantities),
    }


def control_record(doc_name: str, s: Any) -> dict:
    return {
        "doc": doc_name, "type": "control", "start": s.start, "end": s.end, "text": s.text,
        "place": {"text": s.place.text, "start": s.place.start, "end": s.place.end, "geonameid": s.place.geonameid},
        "change": s.change, "event_date": s.event_date.isoformat() if s.event_date else None,
        "status": s.status, "claimed_by": s.claimed_by, "confidence": round(s.confidence, 3), "claim": s.claim,
        "actor_side": s.actor_side, "source_side": s.source_side, "source_kind": s.source_kind,
        "region": s.region or None, "rule": s.rule or None,
    }


def event_record(doc_name: str, e: Any) -> dict:
    rec = to_jsonable(e)
    rec.pop("places", None)
    rec.update({"doc": doc_name, "type": "event", "places": [
        {"text": p.text, "start": p.start, "end": p.end, "geonameid": p.geonameid} for p in e.places
    ]})
    return rec


def records(doc: Document, doc_name: str | None = None) -> list[dict]:
    """Every annotation of `doc` as a JSON-ready dict, in the order places, claims, control, events."""
    name = doc_name if doc_name is not None else (doc.path or doc.url or "")
    out = [place_record(name, m) for m in doc.places]
    out += [claim_record(name, doc, i) for i in range(len(doc.claims))]
    out += [control_record(name, s) for s in doc.control]
    out += [event_record(name, e) for e in doc.events]
    return out
