"""The daily brief: key takeaways, sections per oblast, what changed, contested claims, claims table.

Every line of the brief is built from stored claims and carries their ids (`[c12]`); a control
statement or event with no claim behind it is not asserted. Lines are ranked by a simple, stated
significance score (see `_score_*`), not by a model.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field

from frontscope.store import queries
from frontscope.store.db import Store

GAINS = {"UA_gain": ("Ukrainian", "liberated"), "RU_gain": ("Russian", "seized")}
ADVANCES = {"UA_advance_near": ("Ukrainian", "advanced near"), "RU_advance_near": ("Russian", "advanced near")}
OPPOSED = {("UA_gain", "RU_holds"), ("RU_gain", "UA_holds"), ("UA_gain", "RU_gain")}
CHANGE_WORDS = {
    "UA_gain": "Ukrainian forces took it", "RU_gain": "Russian forces took it",
    "UA_holds": "Ukrainian forces hold it", "RU_holds": "Russian forces hold it",
    "contested": "it is contested", "UA_advance_near": "Ukrainian forces advanced nearby",
    "RU_advance_near": "Russian forces advanced nearby", "fighting": "fighting continues there",
}
STATUS_WEIGHT = {"confirmed": 3.0, "assessed": 2.0, "claimed": 1.0, "denied": 0.5}


@dataclass
class BriefLine:
    text: str
    claim_ids: list[int]
    score: float
    kind: str  # control | advance | disputed | strike | strategic | humanitarian
    oblast: str | None = None


@dataclass
class ContestedPlace:
    place: str
    oblast: str | None
    positions: list[dict]  # {"source","side","change","status","claim_id","text"}


@dataclass
class Brief:
    date: dt.date
    since: dt.date
    n_documents: int
    takeaways: list[BriefLine]
    sections: dict[str, list[BriefLine]]
    changes: list[BriefLine]
    contested: list[ContestedPlace]
    claims: list[dict]
    map_points: list[dict] = field(default_factory=list)


def position_phrase(x: dict) -> str:
    """'Russian milblogger (RU) denies that Ukrainian forces took it'."""
    words = CHANGE_WORDS.get(x["change"], x["change"])
    verb = "denies that" if x["status"] == "denied" else ("shows that" if x["status"] == "confirmed" else "says")
    return f"{x['source']} ({x['side']}) {verb} {words}"


def _names(items: list[str]) -> str:
    items = list(dict.fromkeys(items))
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _status_phrase(statuses: set[str], sources: list[str]) -> str:
    parts = []
    if "confirmed" in statuses:
        parts.append("confirmed by geolocated evidence")
    if "assessed" in statuses:
        parts.append("assessed by the analyst")
    if "claimed" in statuses:
        parts.append("claimed by " + _names(sources[:3]))
    return "; ".join(parts) or "reported"


def _control_lines(obs: list[dict]) -> tuple[list[BriefLine], list[BriefLine]]:
    """Takeaway-grade lines for gains and advances: one line per (change, oblast), places merged."""
    groups: dict[tuple[str, str | None], list[dict]] = defaultdict(list)
    for o in obs:
        if o["claim_id"] is None or o["status"] == "denied":
            continue
        if o["change"] in GAINS or o["change"] in ADVANCES:
            groups[(o["change"], o["oblast"])].append(o)
    gains, advances = [], []
    for (change, oblast), members in groups.items():
        side, verb = (GAINS | ADVANCES)[change]
        places = _names([m["place_name"] or m["place_text"] for m in members])
        statuses = {m["status"] for m in members}
        sources = [m["source"] or m["claimed_by"] or "unattributed" for m in members if m["status"] == "claimed"]
        where = f" ({oblast})" if oblast else ""
        text = f"{side} forces {verb} {places}{where} — {_status_phrase(statuses, sources)}."
        pop = sum(m["population"] or 0 for m in members)
        score = (10 if change in GAINS else 4) + max(STATUS_WEIGHT[s] for s in statuses) + math.log10(1 + pop)
        line = BriefLine(text, sorted({m["claim_id"] for m in members}), score,
                         "control" if change in GAINS else "advance", oblast)
        (gains if change in GAINS else advances).append(line)
    return gains, advances


def _contested(obs: list[dict]) -> list[ContestedPlace]:
    """Places where stored statements disagree: opposite changes, or a claim and its denial."""
    by_place: dict[int, list[dict]] = defaultdict(list)
    for o in obs:
        if o["geonameid"] is not None and o["claim_id"] is not None:
            by_place[o["geonameid"]].append(o)
    out = []
    for members in by_place.values():
        changes = {m["change"] for m in members}
        denied = any(m["status"] == "denied" for m in members)
        opposed = any((a, b) in OPPOSED or (b, a) in OPPOSED for a in changes for b in changes)
        if not (opposed or (denied and len(members) > 1)):
            continue
        first = members[0]
        out.append(ContestedPlace(first["place_name"] or first["place_text"], first["oblast"], [
            {"source": m["source"] or m["claimed_by"], "side": m["source_side"], "change": m["change"],
             "status": m["status"], "claim_id": m["claim_id"], "text": m["text"]} for m in members
        ]))
    return out


def _event_lines(events: list[dict], claims_by_id: dict[int, dict]) -> list[BriefLine]:
    lines = []
    for e in events:
        c = claims_by_id.get(e["claim_id"]) if e["claim_id"] is not None else None
        if c is None:
            continue  # nothing is asserted without a claim behind it
        who = f"{c['source']} ({c['side']})"
        when = f" on {c['said_on']}" if c["said_on"] else ""
        text = f"{who} {c['cue'] or 'reported'}{when}: {c['text'].strip()}"
        if e["event_type"] == "Strategic developments":
            kind, score = "strategic", 6.0
        elif e["event_type"] in ("Explosions/Remote violence", "Violence against civilians"):
            kind, score = "strike", 5.0 + min(5.0, math.log2(1 + (e["fatalities"] or 0)))
        else:
            kind, score = "battle", 3.0
        lines.append(BriefLine(text, [c["id"]], score, kind, e["oblast"]))
    return lines


def _humanitarian_lines(claims: list[dict]) -> list[BriefLine]:
    lines = []
    for c in claims:
        people = [q for q in (c["quantities"] or []) if q.get("unit") in ("people", "civilians", "persons")]
        if not people:
            continue
        q = max(people, key=lambda q: q["value"])
        text = f"{c['source']} ({c['side']}) {c['cue'] or 'reported'}: {c['text'].strip()}"
        lines.append(BriefLine(text, [c["id"]], 4.0 + math.log10(1 + q["value"]) / 2, "humanitarian"))
    return lines


def build_brief(store: Store, date: dt.date, since: dt.date | None = None, *, max_takeaways: int = 8) -> Brief:
    """Assemble the brief for reports published from `since` (default: `date`) to `date`."""
    since = since or date
    claims = queries.claims(store, since=since, until=date)
    claims = [c for c in claims if since.isoformat() <= (c["published"] or "") <= date.isoformat()]
    claims_by_id = {c["id"]: c for c in claims}
    doc_ids = {c["document_id"] for c in claims}
    obs = [o for o in queries.control_observations(store)
           if o["published"] and since.isoformat() <= o["published"] <= date.isoformat()]
    events = [e for e in queries.events(store)
              if e["published"] and since.isoformat() <= e["published"] <= date.isoformat()]
    gains, advances = _control_lines(obs)
    contested = _contested(obs)
    disputed = [BriefLine(
        f"Disputed: {p.place}" + (f" ({p.oblast})" if p.oblast else "") + " — "
        + "; ".join(position_phrase(x) for x in p.positions[:4]) + ".",
        sorted({x["claim_id"] for x in p.positions}), 8.0, "disputed", p.oblast) for p in contested]
    event_lines = _event_lines(events, claims_by_id)
    human = _humanitarian_lines(claims)
    ranked = sorted(gains + disputed + advances + event_lines + human, key=lambda b: -b.score)
    takeaways, seen_kinds, seen_claims = [], defaultdict(int), set()
    for line in ranked:  # keep variety: at most 3 lines of one kind, and no claim restated
        key = tuple(line.claim_ids)
        if seen_kinds[line.kind] < 3 and len(takeaways) < max_takeaways and key not in seen_claims:
            takeaways.append(line)
            seen_kinds[line.kind] += 1
            seen_claims.add(key)
    sections: dict[str, list[BriefLine]] = defaultdict(list)
    for line in sorted(gains + advances + disputed + event_lines, key=lambda b: -b.score):
        sections[line.oblast or "Other / unlocated"].append(line)
    points = {}
    for o in obs:
        if o["lat"] is not None and o["claim_id"] is not None:
            points[o["geonameid"]] = {"geonameid": o["geonameid"], "name": o["place_name"], "lat": o["lat"],
                                      "lon": o["lon"], "change": o["change"], "status": o["status"],
                                      "population": o["population"] or 0}
    return Brief(date, since, len(doc_ids | {o["document_id"] for o in obs}), takeaways, dict(sections),
                 gains, contested, claims, list(points.values()))
