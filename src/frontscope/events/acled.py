"""Non-control events in the ACLED typology: battles, remote violence, violence against civilians,
strategic developments, with actors, places, date and quantities.

One event per sentence and type at most: the first matching rule of each ACLED sub-event type wins.
Rules are cue regexes; the actor is the side of the clause's subject, the target the other side named.
Quantities are the claims stage's (`claims.quantities.find_quantities`): one extractor for both stages.
"""

from __future__ import annotations

import bisect
import re

from frontscope.claims.quantities import find_quantities
from frontscope.events import lexicon as lx
from frontscope.events.voice import claim_at, voice_at, voices
from frontscope.events.when import dates_in
from frontscope.model import Document, Event, Quantity
from frontscope.nlp.folded import FoldedPattern

# (ACLED event_type, sub_event_type, cue)
RULES: list[tuple[str, str, FoldedPattern]] = [
    ("Explosions/Remote violence", "Air/drone strike", FoldedPattern(
        r"\b(?:air ?strikes?|drone strikes?|drone attacks?|Shaheds?|Gerans?|loitering munitions?|glide bombs?|"
        r"KABs?|UAV strikes?|struck .{0,40}? with drones|bombed|bombing|airstrike|"
        r"launched .{0,40}?drones)\b")),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", FoldedPattern(
        r"\b(?:shell(?:ed|ing)|artillery (?:strikes?|fire|attacks?)|MLRS|HIMARS|missile (?:strikes?|attacks?)|"
        r"rocket (?:strikes?|attacks?)|Iskander|Kalibr|Kh-\d+|cruise missiles?|ballistic missiles?|"
        r"struck|strikes? (?:on|against)|launched .{0,40}?missiles|(?:the|this) strike)\b")),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED", FoldedPattern(
        r"\b(?:landmines?|IEDs?|car bomb|mined|explosive device|explosions? (?:at|in|near))\b")),
    ("Violence against civilians", "Abduction/forced disappearance", FoldedPattern(
        r"\b(?:abduct(?:ed|ion|s)?|kidnapp(?:ed|ing)|forcibly deport(?:ed|ing)|deport(?:ed|ation)|"
        r"filtration|detain(?:ed|ing) civilians|forced disappearance)\b")),
    ("Violence against civilians", "Attack", FoldedPattern(
        r"\b(?:killed (?:\w+ ){0,3}civilians?|civilians? (?:were )?killed|executed|execution of|tortur(?:ed|e)|"
        r"murdered|massacre|war crimes?)\b")),
    ("Battles", "Armed clash", FoldedPattern(
        r"\b(?:ground attacks?|assaults?|attacked|clashes|fighting|fought|repelled|counterattack(?:ed|s)?|"
        r"offensive operations?|encircled|battles?)\b")),
    ("Strategic developments", "Agreement", FoldedPattern(
        r"\b(?:agreement|agreed|signed|ceasefire|truce|prisoner exchange|POW exchange|exchanged prisoners|"
        r"memorandum)\b")),
    ("Strategic developments", "Other", FoldedPattern(
        r"\b(?:peace (?:plan|proposal|framework)|proposals?|counterproposal|sanctions?|asset freezes?|froze|"
        r"frozen assets|referendum|mobilization|annex(?:ed|ation))\b")),
    ("Strategic developments", "Arrests", FoldedPattern(r"\b(?:arrested|arrests?)\b")),
]
# Any rule at all, in one scan: about 70% of a report's sentences match none, and this rules them out for a
# quarter of the cost of trying the rules one by one (it matches where and only where some rule does).
# Every rule opens with \b: said once in front of the union, it lets the union skip ahead as each rule does.
ANY_RULE = FoldedPattern(r"\b(?:" + "|".join(f"(?:{rx.pattern.removeprefix(chr(92) + 'b')})" for _, _, rx in RULES) + ")"
                         if all(rx.pattern.startswith("\\b") for _, _, rx in RULES)
                         else "|".join(f"(?:{rx.pattern})" for _, _, rx in RULES))
# A modal or plan just before the event word makes it a forecast or an intention.
FORECAST_RE = re.compile(r"\b(?:will|would|could|might|may|plans? to|planning to|intends? to|preparing to|"
                         r"likely to|expected to|threaten\w* to|seeks? to|aims? to)\b(?:\s+\w+){0,3}\s*$", re.I)
EDITORIAL_RE = re.compile(r"\b(?:we|ISW) (?:do not|does not|don't|will|continue to|cannot) "
                          r"(?:report|cover|verify|independently verify)\b", re.I)
# ACLED counts the dead: a quantity the claims stage's extractor (`claims.quantities`) counts as killed, or one
# followed by "dead", "died", "deaths" or "fatalities", or preceded by "kill(s)".
KILLED_RE = re.compile(r"\b(?:killed|dead|deaths|died|fatalities)\b", re.I)
KILL_BEFORE_RE = re.compile(r"\b(?:killed|kills|kill)\s+$", re.I)


def _fatalities(text: str, quantities: list[Quantity]) -> int | None:
    for q in quantities:
        if q.counted == "killed" or KILL_BEFORE_RE.search(text, max(0, q.start - 12), q.start) \
                or KILLED_RE.search(text, q.start, q.end + 15):
            return int(q.value)
    return None


def extract_acled(doc: Document) -> list[Event]:
    body_end = doc.body_end if doc.body_end is not None else len(doc.text)
    out: list[Event] = []
    # Settlement mentions by start offset: each sentence finds its own by bisection (linear in the document).
    settlements = sorted((p for p in doc.places if p.kind == "settlement"), key=lambda p: p.start)
    starts = [p.start for p in settlements]
    for sent in doc.sentences:
        if sent.start >= body_end:
            break
        first = ANY_RULE.search(doc.text, sent.start, sent.end)
        if first is None:
            continue
        text = doc.text[sent.start:sent.end]
        if EDITORIAL_RE.search(text):
            continue  # the publisher on its own coverage ("We do not report in detail on ..."), not an event
        places = settlements[bisect.bisect_left(starts, sent.start):bisect.bisect_left(starts, sent.end)]
        found = []
        for etype, sub, rx in RULES:
            # Searched in the document (lowered once for every rule and sentence), from where the first rule
            # matches: no rule matches before it (look-behinds still see the text before).
            m = rx.search(doc.text, first.start(), sent.end)
            if not m or any(etype == e for e, _, _ in found):
                continue
            if sub == "Attack" and any(e == "Explosions/Remote violence" for e, _, _ in found):
                continue  # civilians killed by a strike: remote violence with fatalities, as ACLED codes it
            found.append((etype, sub, m))
        if not found:
            continue
        vs = voices(doc, sent.start, sent.end)
        dates = dates_in(text, doc.published)
        quantities = find_quantities(doc.text, sent.start, sent.end)
        for etype, sub, m in found:
            m_start, m_end = m.start() - sent.start, m.end() - sent.start
            before = text[:m_start]
            if FORECAST_RE.search(before[-60:]):
                continue  # "will likely resume offensive operations": a forecast, not an event

            actor = lx.side_of(before[-120:]) or lx.side_of(text)
            target = lx.side_of(text[m_end:])
            v = voice_at(vs, sent.start + m_start)
            out.append(Event(
                start=sent.start, end=sent.end, text=text, event_type=etype, sub_event_type=sub,
                actor1=f"{actor} forces" if actor else "", actor2=f"{target} forces" if target and target != actor else "",
                places=places, event_date=dates[-1][2] if dates else None, status=v.status,
                confidence=0.6 * lx.hedge_factor(text), fatalities=_fatalities(doc.text, quantities),
                quantities=quantities, claim=claim_at(doc, sent.start + m_start),
            ))
    return out
