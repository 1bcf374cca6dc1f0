"""The daily brief: key takeaways, sections per oblast/axis, what changed, contested claims, claims table.

Every line of the brief is built from stored claims and carries their ids (`[c12]`); a control
statement or event with no claim behind it is not asserted. Lines are ranked by a simple, stated
significance score (see `_score_*` and the constants below), not by a model:

- control changes (a settlement changed hands) rank first, weighted by how well they are attested
  (geolocated/confirmed > analyst's assessment > a party's claim) and by the population at stake;
- then places where the parties contradict each other in the same report;
- then strategic, diplomatic and economic developments, large strikes and casualties, humanitarian
  figures, found in the stored claims themselves (linked events, figures, a short word list), with a
  bonus for claims from the report's opening summary, which is where the author puts what matters;
- then advances near places.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from frontscope.brief.faithful import problems, template_problems
from frontscope.brief.salience import Candidate, candidates, score, words
from frontscope.store import queries
from frontscope.store.db import Store
from frontscope.views.sentences import SentenceRecord, document_sentences
from frontscope.vocab import Change, ChangeKind, Side, other

ADJECTIVE = {Side.UA: "Ukrainian", Side.RU: "Russian"}
GAIN_VERB = {Side.UA: "liberated", Side.RU: "seized"}  # the templated control line's verb; advances: "advanced near"
# What a position says, after "<source> says that": "<Ukrainian> forces took it", "it is contested".
CHANGE_WORDS = {ChangeKind.GAIN: "forces took it", ChangeKind.HOLDS: "forces hold it",
                ChangeKind.ADVANCE_NEAR: "forces advanced nearby", ChangeKind.CONTESTED: "it is contested",
                ChangeKind.FIGHTING: "fighting continues there"}
STATUS_WEIGHT = {"confirmed": 3.0, "assessed": 2.0, "claimed": 1.0, "denied": 0.5}
# "Advanced near Kharkiv" almost always uses the city as a reference point, not as a target.
REFERENCE_CITY_POP = 500_000
MAX_NAMES = 6  # settlements named in one line; the rest are counted
KIND_CAP = {"control": 3, "disputed": 2, "strategic": 4, "strike": 2, "humanitarian": 2, "advance": 2}

STRATEGIC = re.compile(
    r"\b(referend\w*|annex\w*|mobiliz\w*|sanction\w*|negotiat\w*|peace talks|ceasefire|IAEA|nuclear|ZNPP|"
    r"reactor|grain|gas|oil|withdraw\w*|retreat\w*|Kremlin|Putin|Zelensky|NATO|European Union|EU|"
    r"(military|security) aid|HIMARS|postpone\w*|command(ers?|s)?|dismiss\w*|Belarus\w*|China|Iran\w*|"
    r"Turkey|United Nations|UN|United States|diplomat\w*|treaty|summit|replace\w*|exchange|"
    r"prisoners? of war|POWs?|economy|economic|budget|export\w*|energy)\b", re.I)
STRIKE = re.compile(r"\b(missiles?|strikes?|struck|shell(ed|ing)|drones?|Shahed|air ?strikes?|bomb\w*|"
                    r"rockets?|artillery)\b", re.I)
LARGE = re.compile(r"\b(wave|massive|large[- ]scale|widespread|combined|dozens|hundreds)\b", re.I)
HUMANITARIAN = re.compile(r"\b(civilians?|children|killed|wounded|injured|evacuat\w*|refugees?|displaced|"
                          r"deport\w*|humanitarian|power outages?|without (power|water|electricity)|"
                          r"filtration|hostages?)\b", re.I)
OWN_LOSS = re.compile(r"\b(withdraw\w*|retreat\w*|regroup\w*|pull(ed|ing)? back|los(t|ses))\b", re.I)
PEOPLE_UNITS = {"people", "civilians", "persons", "children", "refugees", "casualties", "prisoners"}
MARKER = re.compile(r"\s*\[(?:\d+|[ivxlcdm]+)(?:[,-–]\s*(?:\d+|[ivxlcdm]+))*\]", re.I)
# A section heading of the report's body names a direction, axis or line of effort; the title block
# (report name, authors, time of writing) and "Key Takeaways" belong to the opening summary.
AXIS = re.compile(r"\b(Ukrain\w*|Russian|Axis|Direction|Oblast|Efforts?|Activity|Operations?|Counteroffensives?|"
                  r"Line|Front|Areas?|Mobili[sz]ation|Eastern|Southern|Northern|Western)\b", re.I)
NOT_AXIS = re.compile(r"^(key takeaways|russian offensive campaign assessment|.*\b\d{1,2}(:\d\d)?\s*(am|pm)\b)",
                      re.I)


@dataclass
class BriefLine:
    text: str
    claim_ids: list[int]
    score: float
    kind: str  # control | advance | disputed | strike | strategic | humanitarian
    oblast: str | None = None
    heading: str | None = None  # the report's own section (axis) heading the claims sit under
    places: list[dict] = field(default_factory=list)  # {"geonameid","name","lat","lon"} the line names
    sources: list[str] = field(default_factory=list)  # the sentences the line rests on (for the wording check)
    published: str = ""  # date of the report the line comes from


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
    claims: list[dict]  # the claims the brief cites, oldest first
    map_points: list[dict] = field(default_factory=list)
    n_claims_total: int = 0  # every claim stored for the period (the table lists only the cited ones)
    section_axes: dict[str, list[str]] = field(default_factory=dict)  # section → the report's axis headings
    exposure: list[BriefLine] = field(default_factory=list)  # people in settlements that changed hands


def _plural_subject(name: str) -> bool:
    last = (name or "").split()[-1] if name else ""
    return last.endswith("s") and not last.endswith(("ss", "us", "is")) and last not in ("Affairs", "News")


def _change_words(change: str) -> str:
    """'Ukrainian forces took it', 'it is contested'; a string outside the vocabulary as it is."""
    c = Change.get(change)
    if c is None:
        return change
    return CHANGE_WORDS[c.kind] if c.side is None else f"{ADJECTIVE[c.side]} {CHANGE_WORDS[c.kind]}"


def position_phrase(x: dict) -> str:
    """'Russian milbloggers (RU) deny that Ukrainian forces took it'."""
    words = _change_words(x["change"])
    source = x["source"] or "unattributed"
    plural = _plural_subject(source)
    if x["status"] == "denied":
        verb = "deny that" if plural else "denies that"
    elif x["status"] == "confirmed":
        verb = "show that" if plural else "shows that"
    else:
        verb = "say" if plural else "says"
    side = f" ({x['side']})" if x.get("side") and x["side"] != "unknown" else ""
    return f"{source}{side} {verb} {words}"


def _names(items: list[str]) -> str:
    items = list(dict.fromkeys(items))
    if not items:
        return ""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _capped_names(items: list[str], noun: str = "settlements") -> str:
    items = list(dict.fromkeys(items))
    if len(items) <= MAX_NAMES:
        return _names(items)
    return ", ".join(items[:MAX_NAMES]) + f" and {len(items) - MAX_NAMES} more {noun}"


def oblast_label(oblast: str | None) -> str:
    if not oblast:
        return "Other / unlocated"
    return oblast if oblast.endswith(("Oblast", "City", "Crimea")) or " " in oblast else f"{oblast} Oblast"


def clean_text(text: str, limit: int = 260) -> str:
    """A claim sentence without endnote markers, cut at a word boundary."""
    text = " ".join(MARKER.sub("", text).split())
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0].rstrip(",;:—-") + "…"
    return text


# Loading ----------------------------------------------------------------------------------------


def _load(store: Store, since: dt.date, date: dt.date) -> tuple[list[dict], list[dict], list[dict], list[dict]]:
    """Documents, claims, control observations and events of the reports published in the period."""
    docs = queries.published_documents(store, since, date)
    ids = [x["id"] for x in docs]
    if not ids:
        return [], [], [], []
    claims = queries.claims(store, document_ids=ids, spans=True)
    events = queries.document_events(store, ids)
    spans = queries.control_spans(store, ids)
    obs = queries.control_observations(store, document_ids=ids)
    for o in obs:  # where the statement sits in its report (to join it to the sentence it came from)
        o["start"], o["end"] = spans.get(o["id"], (0, 0))
    return docs, claims, obs, events


def _headings(sentences: dict[int, list[SentenceRecord]]) -> dict[int, list[tuple[int, int, str | None, bool]]]:
    """Per document: sentence spans with the report's own axis heading, and whether the sentence sits in the
    opening summary (before the first axis heading)."""
    out = {}
    for doc_id, sents in sentences.items():
        spans, seen_axis = [], False
        for sent in sents:
            h = sent.heading if sent.heading and AXIS.search(sent.heading) and not NOT_AXIS.match(sent.heading) \
                else None
            seen_axis = seen_axis or h is not None
            spans.append((sent.start, sent.end, h, not seen_axis))
        out[doc_id] = spans
    return out


def _sentence_at(spans: list[tuple[int, int, str | None, bool]], start: int) -> tuple[int, int, str | None, bool] | None:
    """The sentence (start, end, axis heading, in the opening summary) holding offset `start`."""
    return next((span for span in spans if span[0] <= start < span[1]), None)


def _where(spans: list[tuple[int, int, str | None, bool]], start: int) -> tuple[str | None, bool]:
    span = _sentence_at(spans, start)
    return (span[2], span[3]) if span else (None, False)


# Control lines ----------------------------------------------------------------------------------


def _favour(o: dict) -> str | None:
    """Which side a statement favours as holder of the place; a denial favours the other side."""
    side = Change.parse(o["change"]).holder
    if side and o["status"] == "denied":
        return other(side)
    return side


def _said_name(o: dict) -> str:
    """The place as the source spells it ("Nevske", "Severodonetsk"): the line repeats the source's words, and a
    gazetteer name that differs (a wrong match, another transliteration) would put words in its mouth."""
    said = (o.get("place_text") or "").strip()
    return said if said[:1].isupper() else (o.get("place_name") or said)


def _status_clause(members: list[dict]) -> str:
    """Which places are confirmed, assessed or only claimed (and by whom)."""
    best: dict[str, dict] = {}
    for m in members:
        name = _said_name(m)
        if name not in best or STATUS_WEIGHT[m["status"]] > STATUS_WEIGHT[best[name]["status"]]:
            best[name] = m
    by_status: dict[str, list[str]] = defaultdict(list)
    claimers: list[str] = []
    for name, m in best.items():
        by_status[m["status"]].append(name)
        if m["status"] == "claimed":
            claimers.append(m["source"] or m["claimed_by"] or "unattributed sources")
    parts = []
    everything = len(best) > 1
    if by_status.get("confirmed"):
        parts.append("geolocated evidence confirms " + ("all" if everything and len(by_status) == 1
                                                        else _capped_names(by_status["confirmed"], "places")))
    if by_status.get("assessed"):
        parts.append("the analyst assesses " + ("all" if everything and len(by_status) == 1
                                                else _capped_names(by_status["assessed"], "places")))
    if by_status.get("claimed"):
        # "Russian source" and "Russian sources" are one voice in a summary.
        names = [n for n in dict.fromkeys(claimers) if n + "s" not in claimers]
        who = _names(names[:3])
        rest = "the rest" if parts else ("it" if len(best) == 1 else "all")
        parts.append(f"{who} claim{'' if _plural_subject(who) or ' and ' in who else 's'} {rest}")
    return "; ".join(parts) or "reported"


def _ordered_places(members: list[dict]) -> list[str]:
    """Best-attested first, then the bigger place, then the most often reported."""
    best: dict[str, tuple[float, int, int]] = {}
    for m in members:
        name = _said_name(m)
        w, pop, n = best.get(name, (0.0, 0, 0))
        best[name] = (max(w, STATUS_WEIGHT[m["status"]]), max(pop, m["population"] or 0), n + 1)
    return sorted(best, key=lambda k: (-best[k][0], -best[k][1], -best[k][2]))


def _control_lines(obs: list[dict], date: dt.date) -> tuple[list[BriefLine], list[BriefLine]]:
    """Takeaway-grade lines for gains and advances: one line per (change, oblast), places merged."""
    groups: dict[tuple[Change, str | None], list[dict]] = defaultdict(list)
    for o in obs:
        if o["claim_id"] is None or o["status"] == "denied":
            continue
        c = Change.parse(o["change"])
        if c.is_gain or (c.is_advance_near and (o["population"] or 0) < REFERENCE_CITY_POP):
            groups[(c, o["oblast"])].append(o)
    taken = {(c.gainer, o["geonameid"]) for o in obs
             if (c := Change.parse(o["change"])).is_gain and o["status"] != "denied"}
    gains, advances = [], []
    for (change, oblast), members in groups.items():
        assert change.side is not None  # a gain or an advance
        side, verb = ADJECTIVE[change.side], GAIN_VERB[change.side] if change.is_gain else "advanced near"
        # A statement the template would misstate (a repelled assault, a partisan bomb, a comparison with
        # an earlier episode) does not feed the line, whatever the extractor made of it.
        members = [m for m in members if not template_problems(
            f"{side} forces {verb} {_said_name(m)}", [m.get("sentence") or m["text"]], [_said_name(m)])]
        if not members:
            continue
        if change.is_advance_near:  # "advanced near Izyum" adds nothing once Izyum is reported taken
            members = [m for m in members if (change.side, m["geonameid"]) not in taken]
            if not members:
                continue
        places = _ordered_places(members)
        text = f"{side} forces {verb} {_capped_names(places)} ({oblast_label(oblast)})"
        # Who says so, for advances too: "advanced near X" alone would state a party's claim as fact.
        text += f" — {_status_clause(members)}."
        pop = sum({m["geonameid"]: m["population"] or 0 for m in members}.values())
        fresh = any(m["published"] == date.isoformat() for m in members)
        status = max(STATUS_WEIGHT[m["status"]] for m in members)
        if change.is_gain:
            score = 10.0 + status + math.log10(1 + pop) / 2 + math.log2(len(places)) / 2 + (1.0 if fresh else 0.0)
        else:  # advances are context: below strikes and developments
            score = 3.0 + status / 2 + min(1.5, math.log2(len(places)) / 2) + (0.5 if fresh else 0.0)
        ids = sorted({m["claim_id"] for m in members})
        line = BriefLine(text, ids, score, "control" if change.is_gain else "advance", oblast)
        line.sources = list(dict.fromkeys(m.get("sentence") or m["text"] for m in members))
        line.places = [{"geonameid": m["geonameid"], "name": _said_name(m), "lat": m["lat"],
                        "lon": m["lon"]} for m in members if m["lat"] is not None]
        (gains if change.is_gain else advances).append(line)
    return gains, advances


def _contested(obs: list[dict], window_days: int = 2) -> list[ContestedPlace]:
    """Places about which the period's statements favour opposite holders within `window_days` of each other
    (a claim and its denial, 'took it' against 'still holds it'), from at least two statements. Statements
    further apart in time are a change of hands, not a dispute."""
    by_place: dict[int, list[dict]] = defaultdict(list)
    for o in obs:
        if o["geonameid"] is not None and o["claim_id"] is not None and _favour(o) is not None:
            by_place[o["geonameid"]].append(o)
    out = []
    for members in by_place.values():
        day = {m["id"]: dt.date.fromisoformat(m["event_date"] or m["published"]) for m in members}
        latest = {side: max((day[m["id"]] for m in members if _favour(m) == side), default=None)
                  for side in ("UA", "RU")}
        if None in latest.values() or abs((latest["UA"] - latest["RU"]).days) > window_days:
            continue
        start = min(latest.values()) - dt.timedelta(days=window_days)
        seen, positions = set(), []
        for m in sorted(members, key=lambda m: (day[m["id"]], m["id"]), reverse=True):
            key = (m["claim_id"], m["change"], m["status"])
            if day[m["id"]] < start or key in seen:
                continue
            seen.add(key)
            positions.append({"source": m["source"] or m["claimed_by"], "side": m["source_side"],
                              "change": m["change"], "status": m["status"], "claim_id": m["claim_id"],
                              "text": m["text"], "favours": _favour(m), "date": day[m["id"]].isoformat()})
        if len({x["claim_id"] for x in positions}) < 2 or {x["favours"] for x in positions} != {"UA", "RU"}:
            continue  # one sentence read both ways is an extraction artefact, not a dispute
        first = members[0]
        out.append(ContestedPlace(first["place_name"] or first["place_text"], first["oblast"], positions[:6]))
    return sorted(out, key=lambda p: (-len(p.positions), p.place or ""))


def _disputed_line(p: ContestedPlace) -> BriefLine:
    pick = []
    for side in ("UA", "RU"):  # the best-attested position for each holder, side by side
        mine = [x for x in p.positions if x["favours"] == side]
        pick.append(max(mine, key=lambda x: STATUS_WEIGHT[x["status"]]))
    text = f"Disputed — {p.place} ({oblast_label(p.oblast)}): " + "; ".join(position_phrase(x) for x in pick) + "."
    return BriefLine(text, sorted({x["claim_id"] for x in p.positions}), 8.0, "disputed", p.oblast)


# Claim lines (strategic, strikes, humanitarian) ---------------------------------------------------


def _claim_kind(c: dict, events: list[dict]) -> tuple[str | None, float]:
    """Category and score of a claim that is not a control statement; (None, 0) if not takeaway-grade."""
    text = c["text"]
    if len(text) < 40 or not text[:1].isupper() or c["kind"] == "think_tank":
        return None, 0.0
    people = [q["value"] for q in (c["quantities"] or []) if q.get("unit") in PEOPLE_UNITS]
    fatalities = max([e["fatalities"] or 0 for e in events] or [0])
    etypes = {e["event_type"] for e in events}
    if people or (HUMANITARIAN.search(text) and (fatalities or etypes & {"Violence against civilians"})):
        return "humanitarian", 4.5 + math.log10(1 + max(people or [fatalities])) / 2
    if etypes & {"Explosions/Remote violence"} or STRIKE.search(text):
        if not (LARGE.search(text) or fatalities or c["quantities"]):
            return None, 0.0  # routine shelling reports are section material at most
        return "strike", 5.0 + min(3.0, math.log2(1 + fatalities)) + (1.0 if LARGE.search(text) else 0.0)
    hits = {m.group(0).lower()[:6] for m in STRATEGIC.finditer(text)}
    if hits or "Strategic developments" in etypes:
        bonus = 0.5 if c["kind"] in ("government", "international", "military") else 0.0
        bonus += min(1.0, 0.3 * max(0, len(hits) - 1))
        # A party admitting its own withdrawal or losses is news (a statement against interest).
        if c["side"] in ("RU", "UA") and OWN_LOSS.search(text):
            bonus += 1.5
        return "strategic", 5.5 + bonus
    return None, 0.0


def _claim_lines(claims: list[dict], events: list[dict], spans: dict, used: set[int],
                 date: dt.date, texts: dict[int, str] | None = None) -> list[BriefLine]:
    by_doc: dict[int, list[dict]] = defaultdict(list)
    for e in events:
        by_doc[e["document_id"]].append(e)
    merged: dict[tuple[int, int], list[dict]] = defaultdict(list)  # one sentence, several sources
    for c in claims:
        merged[(c["document_id"], c["start"])].append(c)
    lines = []
    for (doc_id, start), group in merged.items():
        if any(c["id"] in used for c in group):
            continue
        c = group[0]
        # Whole sentences: a cut one misleads, and a claim's own span stops where a claim inside it starts
        # ("Kadyrov published a rant on October 1 in which" | "he accused the command ...").
        sentence = _sentence_at(spans.get(doc_id, []), start)
        whole = (texts or {}).get(doc_id)
        if whole and sentence:
            c = {**c, "text": whole[sentence[0]:sentence[1]].strip()}
        linked = [e for e in by_doc[doc_id] if e["start"] < c["end"] and c["start"] < e["end"]]
        kind, score = _claim_kind(c, linked)
        if kind is None:
            continue
        heading, lead = (sentence[2], sentence[3]) if sentence else (None, False)
        score += (2.0 if lead else 0.0) + (1.0 if c["published"] == date.isoformat() else 0.0)
        score -= 1.0 if c["negated"] else 0.0
        text = clean_text(c["text"], limit=100_000)
        named = (c["source_text"] or c["source"] or "").lower()
        if named and named not in text.lower():
            text = f"{c['source']}: {text}"
        oblast = next((e["oblast"] for e in linked if e["oblast"]), None)
        heading = heading or ("Overview" if lead else None)
        lines.append(BriefLine(text, sorted(x["id"] for x in group), score, kind, oblast, heading))
    return lines


# Salient sentences (the fitted model in `salience`) ----------------------------------------------------


def _believed_changes(view: Any, since: dt.date, date: dt.date) -> set[int]:
    """Settlements the belief model holds changed hands in the period (`control --changes`)."""
    from frontscope.views.control import change_rows

    return {c["geonameid"] for c in change_rows(view, since, date)}


def salient_candidates(store: Store, date: dt.date, since: dt.date | None = None) -> list[Candidate]:
    """Candidate sentences of the reports published in the period, with the records they carry: what the
    salience model scores."""
    since = since or date
    from frontscope.views.control import control_view

    docs, claims, obs, events = _load(store, since, date)
    return _candidates(store, control_view(store, date), since, date, docs, claims, obs, events,
                       document_sentences(store, docs))


def _candidates(store: Store, view: Any, since: dt.date, date: dt.date, docs: list[dict], claims: list[dict],
                obs: list[dict], events: list[dict], sentences: dict[int, list[SentenceRecord]]) -> list[Candidate]:
    out = candidates(docs, claims, obs, events, _believed_changes(view, since, date) if obs else set(), sentences)
    # The settlements each sentence names (for the map's extent).
    rows = queries.settlement_mentions(store, [d["id"] for d in docs])
    by_doc: dict[int, list[dict]] = defaultdict(list)
    for r in rows:
        by_doc[r["document_id"]].append(r)
    text_of = {d["id"]: d["text"] for d in docs}
    for c in out:
        recorded = {x["geonameid"] for x in c.observations + c.events}
        c.places = [{"geonameid": r["geonameid"], "name": r["name"], "lat": r["lat"], "lon": r["lon"],
                     "population": r["population"] or 0}
                    for r in by_doc[c.document_id] if c.start <= r["start"] < c.end and r["name"]
                    and not _possessive(text_of[c.document_id], r["start"], r["name"])
                    and (r["geonameid"] in recorded or r["name"] not in CAPITALS)]
    return out


def _possessive(text: str, start: int, name: str) -> bool:
    """'Kyiv’s long discussion': a place standing for its government or people is not a place the map has
    to show. (A capital named bare, 'Moscow announced', is skipped unless a statement or event sits there.)"""
    return text[start + len(name):start + len(name) + 1] in ("’", "'")


CAPITALS = {"Kyiv", "Moscow", "Minsk", "Washington", "Brussels", "London", "Berlin", "Paris", "Beijing", "Tehran"}


def attributed_text(c: Candidate) -> str:
    """The sentence as the takeaway, with a shortened source named in full ("The GUR added that" →
    "The Ukrainian Main Intelligence Directorate (GUR) added that"); never cut."""
    text = c.text
    if not c.claims:
        return text
    first = min(c.claims, key=lambda x: x["start"])
    short, full = (first["source_text"] or "").strip(), (first["source"] or "").strip()
    head = text[:len(short) + 12]
    # Only a short form of the same name ("the GUR", "the MoD"): "Many milbloggers" is not "Russian milbloggers".
    same_name = all(w in full.lower() for w in re.findall(r"[a-z]+", short.lower()) if w not in ("the", "a", "an"))
    if short and full and same_name and short.lower() != full.lower() and full.lower() not in text.lower() \
            and short in head and len(short) < len(full):
        i = text.index(short)
        art = text[:i].strip()
        lead = "" if art.lower() in ("the", "a", "an", "") else text[:i]
        text = lead + full + text[i + len(short):]
        if lead == "" and not text[:1].isupper():
            text = text[:1].upper() + text[1:]
    return text


def _salient_lines(cands: list[Candidate]) -> list[BriefLine]:
    lines = []
    for c in cands:
        p = score(c)
        kind = "assessment" if not c.claims else _line_kind(c)
        text = attributed_text(c)
        if not c.claims:
            text += " (the report's assessment)"
        oblast = next((o["oblast"] for o in c.observations if o.get("oblast")), None) or \
            next((e["oblast"] for e in c.events if e.get("oblast")), None)
        line = BriefLine(text, c.claim_ids, p, kind, oblast, c.heading or ("Overview" if c.lead else None))
        line.places = list({p["geonameid"]: p for p in c.places}.values())
        line.sources = [c.text]
        line.published = c.published
        lines.append(line)
    return lines


def _line_kind(c: Candidate) -> str:
    if any(Change.parse(o["change"]).is_gain and o["status"] != "denied" for o in c.observations):
        return "control"
    etypes = {e["event_type"] for e in c.events}
    if "Violence against civilians" in etypes or HUMANITARIAN.search(c.text):
        return "humanitarian"
    if "Explosions/Remote violence" in etypes:
        return "strike"
    if c.observations:
        return "advance"
    return "strategic"


# Assembly -------------------------------------------------------------------------------------------


def _words(text: str) -> set[str]:
    return {w[:6] for w in re.findall(r"[a-z]{4,}", text.lower())}


def _restates(line: BriefLine, other: BriefLine) -> bool:
    """The same development told twice (e.g. the MoD's withdrawal in three sentences): same kind, and
    either most content words shared, or the same speaker on the same topic word."""
    if line.kind != other.kind or line.kind in ("control", "advance", "disputed"):
        return False
    a, b = _words(line.text), _words(other.text)
    if len(a & b) / max(1, len(a | b)) >= 0.35:
        return True
    speaker_a, speaker_b = line.text.split(" ", 6)[:6], other.text.split(" ", 6)[:6]
    topics_a = {m.group(0).lower()[:6] for m in STRATEGIC.finditer(line.text)}
    topics_b = {m.group(0).lower()[:6] for m in STRATEGIC.finditer(other.text)}
    if len(set(speaker_a) & set(speaker_b)) >= 3 and bool(topics_a & topics_b):
        return True
    # Neighbouring claims (ids are in reading order) on the same two topics: one paragraph, one point.
    near = min(abs(a - b) for a in line.claim_ids for b in other.claim_ids) <= 2
    shared = len(topics_a & topics_b)
    return near and (shared >= 2 or shared == 1 and len(a & b) / max(1, len(a | b)) >= 0.15)


def _pick_takeaways(ranked: list[BriefLine], max_takeaways: int) -> list[BriefLine]:
    takeaways: list[BriefLine] = []
    per_kind: Counter[str] = Counter()
    cited: set[int] = set()
    for line in ranked:  # keep variety, and never restate a claim
        if len(takeaways) >= max_takeaways:
            break
        if set(line.claim_ids) <= cited:
            continue
        same = next((x for x in takeaways if _restates(line, x)), None)
        if same is not None:  # cite the restatement as corroboration instead of repeating it
            same.claim_ids = sorted(set(same.claim_ids) | set(line.claim_ids))
            cited |= set(line.claim_ids)
            continue
        if per_kind[line.kind] >= KIND_CAP.get(line.kind, 2):
            continue
        takeaways.append(BriefLine(line.text, list(line.claim_ids), line.score, line.kind, line.oblast, line.heading))
        per_kind[line.kind] += 1
        cited |= set(line.claim_ids)
    return takeaways


def _pick_salient(lines: list[BriefLine], max_takeaways: int) -> list[BriefLine]:
    """The most salient sentences, best first, skipping one that restates a chosen one (shared words) and
    any line the wording check rejects."""
    chosen: list[BriefLine] = []
    seen: list[set[str]] = []
    # The latest report first: yesterday's news fills in only when today's reports have too little to say.
    latest = max((line.published for line in lines), default="")
    for line in sorted(lines, key=lambda b: (b.published != latest, -b.score)):
        if len(chosen) >= max_takeaways:
            break
        mine = set(words(line.text))
        if any(len(mine & w) / max(1, len(mine | w)) >= 0.4 for w in seen) or problems(line):
            continue
        chosen.append(line)
        seen.append(mine)
    return chosen


def _exposure_lines(view: Any, since: dt.date, date: dt.date) -> list[BriefLine]:
    """Per oblast: people (gazetteer population, typical-size estimate where GeoNames has none) in the
    settlements that changed hands in the period, citing the claims behind each change."""
    from frontscope.geo.gazetteer import get_gazetteer
    from frontscope.humanitarian.population import fill, gazetteer_medians
    from frontscope.views.control import change_rows

    gaz, medians = get_gazetteer(), gazetteer_medians()
    # Net change over the period: the first change's previous holder against the holder at `date`
    # (a settlement that changed hands and back again is not counted).
    first: dict[int, dict] = {}
    claims_of: dict[int, set[int]] = defaultdict(set)
    for c in change_rows(view, since, date):
        first.setdefault(c["geonameid"], c)
        claims_of[c["geonameid"]] |= {e["claim"] for e in c["evidence"] if e["claim"] is not None}
    by_oblast: dict[str | None, list[tuple[str, int, bool, list[int]]]] = defaultdict(list)
    for gid, c in first.items():
        now = view.timelines.holder_at(gid, date)
        place = gaz.get(gid)
        if not claims_of[gid] or place is None or now not in ("UA", "RU") or c["from"] not in ("UA", "RU", "contested") \
                or now == c["from"]:
            continue  # nothing asserted without a claim behind it
        pop = fill(place.population or None, place.fcode, medians)
        by_oblast[place.oblast].append((f"{place.name} (→{now})", pop.value, pop.estimated, sorted(claims_of[gid])))
    lines = []
    for oblast, rows in by_oblast.items():
        rows.sort(key=lambda r: -r[1])
        total, est = sum(r[1] for r in rows), sum(r[1] for r in rows if r[2])
        names = ", ".join(f"{n} {p:,}{'*' if e else ''}" for n, p, e, _ in rows[:MAX_NAMES])
        more = f" and {len(rows) - MAX_NAMES} more" if len(rows) > MAX_NAMES else ""
        text = (f"About {total:,} people lived in {len(rows)} settlement{'s' if len(rows) > 1 else ''} of "
                f"{oblast_label(oblast)} that changed hands: {names}{more}"
                + (f" (* typical-size estimate where GeoNames has no population: {est:,})" if est else "") + ".")
        ids = sorted({i for r in rows for i in r[3]})
        lines.append(BriefLine(text, ids, 4.0 + math.log10(1 + total) / 2, "humanitarian", oblast))
    return sorted(lines, key=lambda b: -b.score)


def build_brief(store: Store, date: dt.date, since: dt.date | None = None, *, max_takeaways: int = 8) -> Brief:
    """Assemble the brief for reports published from `since` (default: `date`) to `date`."""
    since = since or date
    docs, claims, obs, events = _load(store, since, date)
    sentences = document_sentences(store, docs)  # stored at ingest; segmented again only for old databases
    spans = _headings(sentences)
    said = {c["id"]: c["text"] for c in claims}
    for o in obs:  # the whole sentence behind a statement, for the wording check (o["text"] is its phrase)
        o["sentence"] = said.get(o["claim_id"], o["text"])
    gains, advances = _control_lines(obs, date)
    contested = _contested(obs)
    disputed = [_disputed_line(p) for p in contested]
    used = {o["claim_id"] for o in obs if o["claim_id"] is not None}
    claim_lines = _claim_lines(claims, events, spans, used, date, {d["id"]: d["text"] for d in docs})
    ranked = sorted(gains + disputed + claim_lines + advances, key=lambda b: -b.score)
    from frontscope.views.control import control_view

    view = control_view(store, date)  # one belief replay for the whole brief
    salient = _salient_lines(_candidates(store, view, since, date, docs, claims, obs, events, sentences))
    takeaways = _pick_salient(salient, max_takeaways)
    sections: dict[str, list[BriefLine]] = defaultdict(list)
    for line in ranked:
        if line.kind in ("control", "advance", "disputed") or line.oblast:
            key = oblast_label(line.oblast)
        else:
            key = line.heading or "Other developments"
        if len(sections[key]) < 6:
            sections[key].append(line)
    # Name the report's own axis headings under which each oblast's claims appeared.
    claim_at = {c["id"]: (c["document_id"], c["start"]) for c in claims}
    axes: dict[str, Counter[str]] = defaultdict(Counter)
    for key, lines in sections.items():
        for line in lines:
            for i in line.claim_ids:
                if i in claim_at:
                    h = _where(spans.get(claim_at[i][0], []), claim_at[i][1])[0]
                    if h and h != key:
                        axes[key][h] += 1
    section_axes = {k: [h for h, _ in v.most_common(3)] for k, v in axes.items()}
    cited_ids = {i for lines in [takeaways, gains, *sections.values()] for line in lines for i in line.claim_ids}
    cited_ids |= {x["claim_id"] for p in contested for x in p.positions}
    points = {}
    for o in obs:
        if o["lat"] is not None and o["claim_id"] is not None:
            points[o["geonameid"]] = {"geonameid": o["geonameid"], "name": o["place_name"], "lat": o["lat"],
                                      "lon": o["lon"], "change": o["change"], "status": o["status"],
                                      "population": o["population"] or 0, "oblast": o["oblast"]}
    exposure = _exposure_lines(view, since, date)
    cited_ids |= {i for line in exposure for i in line.claim_ids}
    table = [{k: v for k, v in c.items() if k not in ("start", "end", "parent_id")} for c in claims
             if c["id"] in cited_ids]
    return Brief(date, since, len(docs), takeaways, dict(sections), sorted(gains, key=lambda b: -b.score),
                 contested, table, list(points.values()), len(claims), section_axes, exposure)
