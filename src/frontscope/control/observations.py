"""Observations: control statements as plain records, and what each says about the holder.

An observation is one control statement with its dates and source, detached from the document so that
timelines can be built from the store's `control_observations` rows as well as from fresh documents.
`implied_holder` turns the statement into a vote: who holds the settlement, and how much to trust it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from frontscope.model import Document
from frontscope.vocab import PARTIES, Change, ChangeKind, Holder, other

# change string -> side, and side -> the other side: kept for control.corroboration; new code reads
# vocab.Change (Change.parse(o.change).holder, .gainer, .attacker) instead.
GAINS = {str(Change.gain(s)): s for s in PARTIES}
HOLDS = {str(Change.holds(s)): s for s in PARTIES}
NEAR = {str(Change.advance_near(s)): s for s in PARTIES}
OTHER = {s: other(s) for s in PARTIES}


@dataclass
class Observation:
    id: int | str
    geonameid: int
    change: str  # CONTROL_CHANGES
    status: str  # claimed | confirmed | assessed | denied
    report_date: dt.date
    event_date: dt.date | None = None
    source: str = ""  # claimed_by
    source_side: str = "unknown"
    source_kind: str = "other"
    actor_side: str = ""  # side whose forces act (attacker for fighting / advance_near)
    confidence: float = 0.5
    name: str = ""
    lat: float | None = None
    lon: float | None = None
    doc: str = ""
    text: str = ""
    region: str = ""  # a region spec (control.regions) when the statement is about an area
    rule: str = ""  # the reading rule and cues behind the statement ("gain.enter+hedge")

    @property
    def date(self) -> dt.date:
        """When the statement says it happened (report date when it does not say)."""
        if self.event_date is not None and self.event_date <= self.report_date:
            return self.event_date
        return self.report_date

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Observation:
        def day(v: Any) -> dt.date | None:
            if v is None or isinstance(v, dt.date):
                return v
            return dt.date.fromisoformat(str(v)[:10])

        known = {k: d[k] for k in cls.__dataclass_fields__ if k in d}
        known["report_date"] = day(d.get("report_date"))
        known["event_date"] = day(d.get("event_date"))
        if "source" not in known and "claimed_by" in d:
            known["source"] = d["claimed_by"] or ""
        return cls(**known)


def observations_from_doc(doc: Document, *, doc_id: str | None = None, start_id: int = 0) -> list[Observation]:
    """One observation per control statement of `doc` whose settlement (or region) has a GeoNames id."""
    if doc.published is None:
        return []
    name = doc_id if doc_id is not None else (doc.path or doc.url or "")
    out = []
    for k, s in enumerate(doc.control):
        p = s.place
        if p.geonameid is None:
            continue
        out.append(Observation(
            id=f"{name}#{start_id + k}", geonameid=p.geonameid, change=s.change, status=s.status,
            report_date=doc.published, event_date=s.event_date, source=s.claimed_by,
            source_side=getattr(s, "source_side", "unknown"), source_kind=getattr(s, "source_kind", "other"),
            actor_side=getattr(s, "actor_side", ""), confidence=s.confidence, name=p.name or p.text,
            lat=p.lat, lon=p.lon, doc=name, text=s.text, region=getattr(s, "region", ""),
            rule=getattr(s, "rule", ""),
        ))
    return out


# Trust in a statement by who makes it: a side admitting the other's gain is worth more than a side
# announcing its own (Russian capture claims in 2022 were often premature; so were some Ukrainian ones).
STATUS_FACTOR = {"confirmed": 1.0, "assessed": 0.9, "claimed": 0.8, "denied": 1.0}
SELF_SERVING = 0.9
ADMISSION = 1.25


def implied_holder(o: Observation) -> tuple[str, float, bool] | None:
    """(holder, weight, strong): the holder the statement points to; strong statements may flip a holder.

    Weak votes (an attack near, fighting with a known attacker, a denial) only decide where nothing
    better is known: the attacked settlement is probably the defender's.
    """
    w = o.confidence * STATUS_FACTOR.get(o.status, 0.8)
    change = Change.parse(o.change)
    side = change.holder  # the side a gain or a hold names
    if o.status == "denied":
        return (other(side), 0.35 * w, False) if side else None
    if side:
        if o.status == "claimed" and o.source_side == side:
            w *= SELF_SERVING
        elif o.status == "claimed" and o.source_side == other(side):
            w = min(0.95, w * ADMISSION)
        return side, w, True
    if change.kind is ChangeKind.CONTESTED:
        # Mostly partial gains ("liberated areas in northern Kupyansk"): news of fighting inside, not of a
        # new holder; only decides where nothing better is known.
        return Holder.CONTESTED, 0.6 * w, False
    if change.attacker:
        return other(change.attacker), 0.35 * w, False
    if change.kind is ChangeKind.FIGHTING and other(o.actor_side):
        return other(o.actor_side), 0.3 * w, False
    return None
