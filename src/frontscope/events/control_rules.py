"""Control statements from sentences: who took, holds, contests or attacks which settlement.

Rules over the sentence text and the geocoder's place mentions, no parser. Each trigger ("liberated",
"took control of", "withdrew from", "still hold", "fighting in", "assaults near", "repelled") finds its
objects: for capture/hold verbs the settlements right after it ("liberated Kindrashivka and Radkivka
(both north of Kupyansk)": the two villages, not Kupyansk); for attack/fighting verbs every settlement
after a locative preposition up to the end of the clause, skipping reference points ("northeast of
Bakhmut", anything in parentheses). A settlement takes the nearest trigger before it. The subject's
side comes from a side word right before the trigger ("the Ukrainian withdrawal") or else the first
one of the clause ("Ukrainian forces encircled Russian forces ..., and liberated Myrove"); the status
and source from the voice in force (see `voice`); whether the deed happened at all (an aim, a forecast,
a doubted claim) from the cues in `modality`.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import lru_cache

from frontscope.events import lexicon as lx
from frontscope.events.modality import (
    AIM_BEFORE_RE,
    ATTEMPT_RE,
    BASE_FORM_RE,
    CIVIL_SUBJECT_RE,
    CONDITIONAL_RE,
    CONTINUE_RE,
    COORDINATED_RE,
    DENIED_HOW,
    DISCREDITED_RE,
    EFFORT_RE,
    FIGHT_FOR_RE,
    FORCE_NOUN_RE,
    FORECAST_RE,
    GERUND_AIM_RE,
    GERUND_DONE_RE,
    HEARSAY_RE,
    HYPOTHETICAL_RE,
    INFINITIVE_COORD_RE,
    INTENT_RE,
    MANAGED_RE,
    MODAL_BETWEEN_RE,
    NEG_RE,
    NOMINAL_HYPOTHETICAL_RE,
    NOMINAL_RE,
    NOUN_BEFORE_RE,
    PAST_TRIGGER_RE,
    PERFECT_INFINITIVE_RE,
    PERFECT_MODAL_RE,
    PREVENTED_RE,
    RETRACTED_RE,
    SENTENCE_INTENT_RE,
    SINCE_RE,
    UNABLE_RE,
    UNCONFIRMED_BEFORE_RE,
    UNLIKELY_DONE_RE,
    UNVERIFIED_AFTER_RE,
    UNVERIFIED_RE,
    WEAPON_SUBJECT_RE,
    WOULD_AFTER_RE,
)
from frontscope.events.ruleset import Trigger, control_triggers
from frontscope.events.voice import (
    Voice,
    analyst_voice,
    author_voice,
    claim_at,
    voice_at,
    voice_from_claim,
    voices,
)
from frontscope.events.when import dates_in
from frontscope.ingest.news import furniture_at, is_news, reference_date
from frontscope.model import ControlStatement, Document, PlaceMention, Sentence
from frontscope.nlp.folded import FoldedPattern, opening_pattern
from frontscope.vocab import CONTESTED, FIGHTING, Change, other

NEAR_KINDS = {"fight", "advance", "repel"}
# Kinds whose object list runs on after the first locative ("fighting in Zolote, Hirske, and Popasna",
# "repelled attacks near Synkivka and Petropavlivka": without it only the first is taken, the others have no
# preposition of their own). It was off while control/ read every fighting/advance_near statement as a vote for
# the defender (-0.5 to -2 pt on settlements that changed hands). With the fitted belief model those statements
# only speak against a gain from its first report on: on the fit months (Apr-Jul 2022) switching it on left
# every control figure the same or better (flips right at 14 d 91.8 %, stated changes followed 79.3 -> 79.4 %),
# and the news fit articles' control recall went 47 -> 65 % (precision 73 -> 79 %).
LIST_KINDS: frozenset[str] = frozenset(NEAR_KINDS)  # the default; the events stage's `list_kinds` setting changes it


@dataclass(frozen=True)
class Reading:
    """What the reader reads with: its trigger rules and the kinds whose object lists run on (the events stage's
    settings `rules` and `list_kinds`)."""

    triggers: tuple[Trigger, ...]
    list_kinds: frozenset[str] = LIST_KINDS


def default_reading() -> Reading:
    return Reading(control_triggers())


def reading_from(rules: str = "", list_kinds: str = "") -> Reading:
    """A Reading from the events stage's settings: a rules file path ("" = packaged), comma-separated kinds."""
    kinds = frozenset(k.strip() for k in list_kinds.split(",") if k.strip())
    unknown = kinds - {"fight", "advance", "repel"}
    if unknown:
        raise ValueError(f"list_kinds: {', '.join(sorted(unknown))} is not one of fight, advance, repel")
    return Reading(control_triggers(rules or None), kinds)

# Settlement-describing words between a verb and its object ("took control of the entirety of the city of").
_FILLER = (r"(?:\s*(?:the|a|an|all|most|much|nearly|almost|entire|entirety|whole|rest|remainder|remaining|"
           r"settlement|settlements|village|villages|town|towns|city|cities|hamlet|of|itself|key|frontline|"
           r"front-line|strategic|strategically|important|small|major|nearby|neighboring|neighbouring|embattled|"
           r"besieged|critical|Ukrainian|Russian|two|three|four|five|six)\b)*")  # "the Ukrainian villages of A and B"
_PART_WORDS = (r"(?:outskirts|part|parts|half|areas?|districts?|microdistricts?|neighborhoods?|center|centre|"
               r"eastern|western|northern|southern|northeastern|northwestern|southeastern|southwestern|central|"
               # bare "south of X" places something outside X ("claims of control south of Bakhmut")
               r"(?:east|west|north|south)(?!\s+of\b)|positions|segments?|sections?|sectors?|portions?|industrial zone|"
               r"residential|industrial|private|outlying|suburbs?|several|some|many)")
OBJ_LEAD_RE = re.compile(
    _FILLER + rf"(?P<part>(?:\s*(?:{_PART_WORDS})\b(?:\s+(?:of|in|on))?(?:\s+the)?)*)" + _FILLER
    + r"(?P<prep>\s*(?:in|into|within|inside|at|on)\b)?" + _FILLER + r"\s*$",
    re.I,
)
CHAIN_SEP_RE = re.compile(
    r"^(?:\s*\([^)]*\))?(?:,\s+[A-Z]\w+ Oblast)?\s*(?:,\s*(?:and|or)?|\s(?:and|or|as well as))\s"
    + _FILLER + rf"(?P<part>(?:\s*(?:{_PART_WORDS})\b(?:\s+(?:of|in))?(?:\s+the)?)*)\s*$"
)
LOCATIVE_RE = re.compile(
    r"\b(?:near|toward|towards|to|on|in|into|at|around|against|within|inside|for|of|outskirts of|direction of|"
    r"area of|vicinity of|approaches to)\s+(?:the\s+)?(?:(?:northern|southern|eastern|western|northeastern|"
    r"northwestern|southeastern|southwestern|central)\s+)?$", re.I)
# "16km southwest of Izyum", "north of Bakhmut": a place named only to locate another
_COMPASS_OF = (r"\b(?:north|south|east|west|northeast|northwest|southeast|southwest|northeastern|northwestern|"
               r"southeastern|southwestern|northern|southern|eastern|western)(?:ern)?\s+of|\bkm\s+(?:\w+\s+)?of|"
               r"\bkilometers?\s+(?:\w+\s+)?of")
REFERENCE_RE = re.compile(
    r"(?:" + _COMPASS_OF + r"|\bfrom|\bbetween|\bof\s+the\s+\w+\s+of|\bbeyond|\bpast|\bwest bank of|"
    r"\beast bank of|\bfrom within|"
    # "Russian ground lines of communication (GLOCs) to Izyum": a route named after where it leads
    r"\b(?:GLOCs?|lines? of communication(?:\s+\(GLOCs?\))?|roads?|highways?|routes?|railways?|supply lines?)\s+"
    r"(?:to|from|into|toward|towards)|"
    # "push on from (current footholds on) the outskirts of Donetsk City": where the attack starts
    r"\bfrom\s+(?:[\w-]+\s+){0,4}(?:outskirts|edges?|positions?|footholds?|areas?|vicinity)\s+(?:of|in|on|near|around))"
    r"\s+(?:the\s+)?(?:central\s+|downtown\s+)?$", re.I)
CLAUSE_BREAK_RE = re.compile(
    r"[;:.]\s|\bthat\b|\bbecause\b|,\s+(?:but|while|although|whereas|which|where|after|before|and\s+(?:the\s+)?(?:"
    + lx.RU_MARKER + "|" + lx.UA_MARKER + r"))\b|\b(?:but|while)\b|\bindicating\b|\bsuggesting\b|"
    # a second predicate: "... advances toward the border and fired on positions around Kharkiv City"
    r"\band\s+(?:\w+ly\s+)?(?:fired|shelled|struck|launched|targeted|hit|destroyed|shot|bombed|continued)\b")
ADJ_BEFORE_RE = re.compile(
    r"(?:(?P<side>Russian|Ukrainian)[-‐]|\b(?:the|in|of|near|from|to|toward|towards|into|newly|recently|already|"
    r"formerly|previously|temporarily|currently|other|all|illegally|partially|between|around|across|throughout|"
    r"within|outside|over|at|on|for|by|with|behind|beyond|through|against|via)\s+)$", re.I)
HOLD_AFTER_RE = re.compile(
    # "Hostomel, the town near Antonov airfield northwest of Kyiv, remains contested": past the apposition
    r"(?:\s*\([^)]*\))?(?:,\s+(?:the|a)\s+[^,;.]{1,80},)?,?\s*(?:remains?|is|are|was|were|has been|have been)\s+(?:(?:still|now|likely|firmly|"
    r"reportedly|fully|largely|currently)\s+)*(?:under\s+(?:(?P<s1>Russian|Ukrainian)\s+)?control|"
    r"(?P<s2>Russian|Ukrainian)[-‐](?:held|controlled|occupied)|(?P<contested>contested|in the gr[ae]y zone))", re.I)
SUBJECT_RE = re.compile(
    rf"(?:(?P<RU>{lx.RU_MARKER})|(?P<UA>{lx.UA_MARKER}))(?:[\w’'-]+\s+){{0,4}}?\s*(?:forces|troops|units?|military|army|"
    r"soldiers|servicemen|personnel|elements|grouping|brigades?|corps|divisions?|regiments?|battalions?|"
    r"detachments?|marines|paratroopers|infantry|defenders|militia|fighters|formations|sabotage|special forces|"
    r"operators|assault groups?|Army|Corps|Brigade|Division|Regiment|Battalion)\b|"
    r"\b(?P<RU2>Russians|Wagner|(?:Donetsk|Luhansk) People['’]s Republic)\b(?!['’])")
GENERIC_OBJ_RE = re.compile(r"\s*(?:(?:some|more|additional|new|significant|limited|marginal|the)\s+)*"
                            r"(?:ground|territory|positions|terrain|lines)\b", re.I)

DIRECTION_AFTER_RE = re.compile(r"\s*(?:City\s+)?(?:direction|axis|axes|sector|front|grouping|raion|district|hromada|Oblast|"
                                r"area|areas|vicinity|environs|"
                                r"highway|road|reservoir|river|bridgehead)\b", re.I)

# A settlement attached to an earlier object of the same trigger without a coordinating "and"/comma list
# only locates it: "fought around Opytne and Pisky, both on the northwestern outskirts of Donetsk City",
# "fighting in Mariinka, directly on the outskirts of Donetsk City", "attacked Ichnya in the direction of
# Kyiv", "assaults on Nova Zorya, on the route to Mykolaiv", "... Dolomitne, all settlements along the
# eastern arc of Bakhmut". The place of fighting is the first object, not the reference point.
APPOSITION_REF_RE = re.compile(
    r"\b(?:both|all|each|two|three|four|five|several|directly|just|immediately|route|road|way|"
    r"outskirts|approaches|edge|arc|outside|between)\b|\bof\s+(?:the\s+)?$", re.I)
# Right after a taken object and without a comma, a heading is that object's ("attacked Ichnya in the
# direction of Kyiv"); after a comma it may start the next item ("counterattacks around Kyiv, towards
# Sumy, and in Kherson Oblast"), and after a reference point it is the attack's own heading ("attacks
# southwest of Avdiivka towards Nevelske").
HEADING_REF_RE = re.compile(r"^[^,]*\b(?:direction|toward|towards|from)\b", re.I)
COORD_RE = re.compile(r"^(?:\s*\([^)]*\))?\s*,?\s*(?:and|or|as well as)\s", re.I)
# "rocket attacks struck a factory in Zaporizhia City", "drone attacks on an enlistment office in Dnipro":
# fire or sabotage against rear-area targets, not ground attacks near the settlement.
STRIKE_BEFORE_RE = re.compile(
    r"\b(?:missile|rocket|drone|artillery|air|aerial|airstrike|mortar|MLRS|Shahed|bomb(?:ing)?|HIMARS|Air Force|"
    r"aviation|aircraft|helicopters?|jets?|device|IED|explosive|car bomb|assassination|"
    r"loitering munition|strike|sabotage|arson|partisan|terrorist|cyber|information|naval|kamikaze)"
    r"(?:\s*,\s*[\w-]+)*(?:,?\s+(?:and|or)\s+[\w-]+)?\s+(?:(?:attempting|trying|launching|conducting|making)\s+"
    r"(?:an?\s+)?)?$", re.I)
STRIKE_AFTER_RE = re.compile(r"\s+(?:struck|hit|targeted|damaged|destroyed)\b", re.I)
FACILITY_RE = re.compile(
    r"\b(?:office|factory|plant|(?:recruitment|enlistment|training|logistics|command) cent(?:er|re)s?|depot|"
    r"infrastructure|facilit(?:y|ies)|warehouse|(?:sub)?station|airfield|air base|port|building|headquarters|"
    r"enterprise|railway|oil refinery|refinery|energy|power|civilian|residential)\b", re.I)

# A facility named after the settlement ("the Vuhledar Power Plant", "the Zorya Chemical Plant"): not the settlement.
FACILITY_AFTER_RE = re.compile(
    r"(?:['’]s)?\s+(?:(?:Chemical|Power|Nuclear|Thermal|Hydroelectric|Metallurgical|Coke|Steel|Iron|Glass|"
    r"Cement|Machine[- ]Building|Tractor|Aircraft|Armou?red|Tank|Repair|Mining|Processing)\s+)*(?:Plant|Factory|"
    r"Works|Mine|Airport|Airfield|Air ?[Bb]ase|Railway Station|Dam|Combine|NPP|TPP|HPP)\b")

NAMED_PART_RE = re.compile(r"\s+(?:City\s+)?(?:suburb|district|microdistrict|village|town|settlement|neighbou?rhood)"
                           r"\s+of\s+(?:the\s+)?")
COMPOUND_AFTER_RE = re.compile(r"(?:\s+City)?[-‐–][A-Z]")

# A part named after the settlement: "entered the city center", "captured Kupyansk's industrial zone".
PART_AFTER_RE = re.compile(
    r"(?:['’]s)?\s+(?:(?:north|south|east|west)\w*\s+)?(?:city\s+)?(?:center|centre|outskirts|industrial zone|industrial district|districts?|"
    r"microdistricts?|suburbs?|periphery|outskirts)\b", re.I)


BASE_CONFIDENCE = {"confirmed": 0.9, "assessed": 0.75, "claimed": 0.55, "denied": 0.6}


@dataclass
class _Trigger:
    kind: str
    start: int
    end: int
    text: str
    rule: str = ""  # the trigger's id in control_rules.toml


def _nominal(text: str, t: _Trigger) -> bool:
    """"the capture of X", whichever alternative of the trigger pattern matched."""
    return bool(NOMINAL_RE.search(t.text)) or (
        t.text.lower() in ("capture", "seizure", "liberation", "fall") and text.startswith(" of", t.end))


def _triggers(text: str, lo: int, hi: int, rules: tuple[Trigger, ...]) -> list[_Trigger]:
    out: list[_Trigger] = []
    taken: list[tuple[int, int]] = []
    hypothetical: bool | None = None  # looked up only for a nominal trigger (most sentences have none)
    first = lo
    opening = _opening(rules)
    if opening is not None:  # no rule matches before where one of their opening words stands
        found = opening.search(text, lo, hi)
        if found is None:
            return out
        first = found.start()
    for rule in rules:
        for m in rule.pattern.finditer(text, first, hi):
            start, end = m.start(), m.end()
            if taken and any(a < end and start < b for a, b in taken):
                continue  # an earlier (more specific) rule already claimed this span
            trig = _Trigger(rule.kind, start, end, m.group(0), rule.id)
            if _nominal(text, trig) and not trig.text.lower().startswith("completed"):
                if hypothetical is None:
                    hypothetical = NOMINAL_HYPOTHETICAL_RE.search(text, lo, hi) is not None
                if hypothetical:
                    continue
            taken.append((start, end))
            out.append(trig)
    out.sort(key=lambda t: t.start)
    # A trigger word right after another is a participle qualifying the object ("regained lost positions",
    # "recaptured occupied territory"): the first verb governs, the participle says nothing of its own.
    return [t for i, t in enumerate(out)
            if not (i and out[i - 1].kind in ("gain", "loss") and t.kind in ("gain", "loss")
                    and PARTICIPLE_RE.fullmatch(t.text) and out[i - 1].end <= t.start
                    and ATTRIBUTIVE_GAP_RE.fullmatch(text, out[i - 1].end, t.start))]


@lru_cache(maxsize=8)
def _opening(rules: tuple[Trigger, ...]) -> FoldedPattern | None:
    return opening_pattern([r.pattern for r in rules])


ATTRIBUTIVE_GAP_RE = re.compile(r"\s+(?:(?:the|its|their|all|some|previously|recently)\s+)?", re.I)
PARTICIPLE_RE = re.compile(r"(?:lost|occupied|captured|seized|liberated|abandoned)", re.I)


def _clause_start(text: str, lo: int, pos: int) -> int:
    start = lo
    for m in CLAUSE_BREAK_RE.finditer(text, lo, pos):
        start = m.end()
    return start


def _clause_end(text: str, pos: int, hi: int) -> int:
    m = CLAUSE_BREAK_RE.search(text, pos, hi)
    return m.start() if m else hi


def _in_parens(text: str, lo: int, pos: int) -> bool:
    seg = text[lo:pos]
    return seg.count("(") > seg.count(")")


# What may stand between a side word and its verb for the side word to be the subject: a force noun
# ("Russian forces also reportedly captured"), adverbs, auxiliaries; not "... defeat on Russia and liberated".
NEAR_SUBJECT_RE = re.compile(r"[\w’'-]*\s+(?:[\w’'-]+\s+){0,3}?(?:forces|troops|units?|military|army|soldiers|servicemen|"
                             r"personnel|elements|fighters|militia|sources?|officials?|milbloggers?|defenders|"
                             r"Corps|Brigade|Division|Regiment|Battalion|Army|Group)\b"
                             # ... then only adverbs and auxiliaries: in "destroying the Ukrainian army and
                             # capturing X" the army is an object, not the subject
                             r"(?:\s*\w+ly|\s+(?:have|has|had|also|were|was|are|is|been|then|now|not|reportedly|"
                             r"likely|successfully|may|might|could|would|will|did|do|does|can))*\s*$"
                             r"|[\w’'-]*(?:\s*\w+ly|\s+(?:have|has|had|also|were|was|are|is|been|then|now|not))*\s*$"
                             # "Russian armored advances": modifiers of a trigger noun
                             r"|[\w’'-]*(?:\s+(?!(?:and|or|but|that|which|while|to|from|of|in|on|at|by|with|the|a|an)\b)"
                             r"[a-z][\w-]*){1,2}\s+$"
                             # "a Russian attempt to advance": the side of the attempt
                             r"|[\w’'-]*\s+(?:attempts?|efforts?|bids?|push|drive)\s+to\s+$")
LEAD_SIDE_RE = re.compile(rf"\s*(?:[Tt]he\s+)?(?:(?P<RU>{lx.RU_MARKER})|(?P<UA>{lx.UA_MARKER}))")
PARTICIPLE_CLAUSE_RE = re.compile(r"\s*(?:\w+ly\s+)?\w+ing\b")


def _governing_verb(text: str, lo: int, t: _Trigger) -> _Trigger:
    """A nominal act ("conducted a controlled withdrawal from X") has its subject before the verb that governs
    it: the trigger as seen from that verb."""
    if NOMINAL_TRIGGER_RE.match(t.text) and not OWN_SIDE_BEFORE_RE.search(text, max(lo, t.start - 30), t.start) and (
            m := _completed_before(text, lo, t)):
        return dataclasses.replace(t, start=m.start())
    return t  # ... unless the noun names its side itself: "following the Ukrainian withdrawal from X"


def _completed_before(text: str, lo: int, t: _Trigger) -> re.Match[str] | None:
    """The verb that makes a nominal act a deed, just before it: "completed their withdrawal from"."""
    return COMPLETED_NOMINAL_RE.search(text, max(lo, t.start - 60), t.start)


OWN_SIDE_BEFORE_RE = re.compile(r"\b(?:Russian|Ukrainian|Russia['’]s|Ukraine['’]s)\s+(?:[\w'’-]+\s+)?$")
# A taking told as a noun ("the seizure of X", "the fall of X") names its doer in the noun phrase when it names it
# at all: "the Russian seizure of", "Ukraine's capture of", "the fall of Lyman to Ukrainian troops". That side
# wins over the clause's subject ("Russian milbloggers acknowledged Ukraine's capture of X"). A fall names no
# doer otherwise, and the clause's subject is as often the side that lost it ("Kadyrov ... damaged the
# Kremlin's narratives after the fall of Lyman"): a bare "the fall of X" is no statement.
TO_SIDE_AFTER_RE = re.compile(rf"\s+to\s+(?:the\s+)?(?:(?P<RU>{lx.RU_MARKER})|(?P<UA>{lx.UA_MARKER}))")


def _nominal_gain_side(text: str, lo: int, hi: int, t: _Trigger, p: PlaceMention, subject_side: str) -> str | None:
    """The side that took the place in "the seizure / liberation / capture / fall of <p>": the side the noun phrase
    names, else the clause's subject's; None for a fall whose phrase names no side."""
    own = OWN_SIDE_BEFORE_RE.search(text, max(lo, t.start - 30), t.start)
    if own:
        return "RU" if own.group(0).lower().startswith("russia") else "UA"
    to = TO_SIDE_AFTER_RE.match(text, p.end, hi)
    if to:
        return "RU" if to.group("RU") else "UA"
    return None if t.text.lower().startswith("fall") else subject_side


def _subject_side(text: str, lo: int, trig: _Trigger, voice: Voice) -> str:
    # The last side word before the trigger ("repelled Russian assaults": Russian).
    near = max(lx.SIDE_RE.finditer(text, max(lo, trig.start - 40), trig.start), key=lambda m: m.start(), default=None)
    if near is not None:
        between = text[near.end():trig.start]
        if len(between) <= 28 and not re.search(r"[,;]|\bthat\b", between) and NEAR_SUBJECT_RE.match(between):
            return "RU" if near.group("RU") else "UA"
    cstart = _clause_start(text, lo, trig.start)
    if cstart < voice.start <= trig.start:
        cstart = voice.start  # "Ukrainian forces reported Russian troops attempted to ...": the reported clause
    window = text[cstart:trig.start]
    lead = LEAD_SIDE_RE.match(window)
    if lead:
        # The clause opens with a side: "Russia has failed to achieve its objectives, including destroying the
        # Ukrainian army and capturing X" is Russia's, whatever side words follow
        return "RU" if lead.group("RU") else "UA"
    subj = SUBJECT_RE.search(window)
    if subj is None and (PARTICIPLE_CLAUSE_RE.match(window)
                         or (not window.strip() and trig.text.split()[0].lower().endswith("ing"))):
        # "Russian troops clashed with Ukrainian defenders while attempting to advance": the participle's
        # subject is the main clause's
        subj = SUBJECT_RE.search(text, max(lo, voice.start), cstart)
    if subj:
        return "RU" if subj.group("RU") or subj.group("RU2") else "UA"
    if re.match(r"\s*(?:it|they|we)\b", window, re.I):
        # "They ... pressed on the flanks of Ukrainian positions until they had secured X": the pronoun's side
        # is in an earlier sentence; only a side's own voice tells it
        return voice.side if voice.side in ("UA", "RU") else ""
    s = lx.side_of(window)
    if s:
        return s
    if lx.ENEMY_RE.search(window) and voice.side in ("UA", "RU"):
        return lx.other(voice.side)
    if voice.status == "claimed" and voice.side in ("UA", "RU"):
        return voice.side  # "DNR militia claimed that they took control of ..."
    if trig.kind == "gain" and re.match(r"liberat", trig.text, re.I) and voice.side != "RU":
        return "UA"
    return ""


def _objects(text: str, places: list[PlaceMention], trig: _Trigger, lo: int, hi: int,
             list_kinds: frozenset[str] = LIST_KINDS) -> list[tuple[PlaceMention, bool]]:
    """Settlements governed by `trig`, each with a flag: only part of it ("northern Kupyansk")."""
    after = [p for p in places if p.start >= trig.end]
    if not after:
        return []
    out: list[tuple[PlaceMention, bool]] = []
    if trig.kind in NEAR_KINDS:
        end = _clause_end(text, trig.end, hi)
        prev: PlaceMention | None = None
        for p in after:
            if p.start >= end:
                break
            if _in_parens(text, trig.end, p.start):
                continue
            before = text[max(lo, p.start - 40):p.start]
            direct = p.start - trig.end <= 5 and re.fullmatch(r"\s*(?:the\s*)?", text[trig.end:p.start])
            gap = text[out[-1][0].end:p.start] if out else ""
            # "fought around Opytne and Pisky": the list goes on under the same preposition.
            listed = (trig.kind in list_kinds and bool(out) and out[-1][0] is prev
                      and CHAIN_SEP_RE.match(gap) is not None and not REFERENCE_RE.search(before))
            if not direct and not listed and (REFERENCE_RE.search(before) or not LOCATIVE_RE.search(before)):
                prev = p
                continue
            # Measured from the settlement just before, taken or not: "assaults on Nova Zorya and
            # Oleksandrivka, on the route to Mykolaiv".
            near_gap = text[prev.end:p.start] if prev is not None else gap
            after_object = bool(out) and out[-1][0] is prev
            prev = p
            if out and not listed and not COORD_RE.match(near_gap) and (
                    APPOSITION_REF_RE.search(near_gap) or after_object and HEADING_REF_RE.search(near_gap)):
                continue  # a reference point for the object before it, not a place of its own
            out.append((p, False))
        return out
    first = after[0]
    gap = text[trig.end:first.start]
    if len(gap) > 70 or "(" in gap:
        return []
    m = OBJ_LEAD_RE.match(gap)
    if not m:
        return []
    partial = bool(m.group("part").strip()) or bool(PART_AFTER_RE.match(text, first.end, hi))
    named = NAMED_PART_RE.match(text, first.end, hi)
    if named and len(after) > 1 and after[1].start == named.end():
        # "recaptured the northern Kharkiv suburb of Derhachi": the suburb is what was taken
        first, partial = after[1], False
        after = after[1:]
    out.append((first, partial))
    prev = first
    for p in after[1:]:
        sep = CHAIN_SEP_RE.match(text[prev.end:p.start])
        if not sep:
            break
        # "parts of the towns of Rubizhne and Popasna": a part before the list covers all of it
        out.append((p, partial or bool(sep.group("part").strip()) or bool(PART_AFTER_RE.match(text, p.end, hi))))
        prev = p
    return out


def _event_date(doc: Document, clause_from: int, clause_to: int, trig: _Trigger, lo: int):
    text = doc.text
    for a, _b, d in dates_in(text[trig.end:clause_to], doc.published):
        if not _in_parens(text, trig.end, trig.end + a):
            return d
    # "Putin's November 27 claim of seizing Kupyansk"
    back = text[max(lo, trig.start - 40):trig.start]
    m = re.search(r"(\w+ \d{1,2})\s+(?:claim|report|statement|announcement)s?\s+(?:of|that)\s+(?:\w+\s+){0,2}$", back)
    if m:
        found = dates_in(m.group(1), doc.published)
        if found:
            return found[0][2]
    return None


def _change(kind: str, side: str, partial: bool, intent: bool) -> str | None:
    """What a trigger of `kind` with subject `side` says of its settlement (a vocab.Change, as stored)."""
    if kind == "contest" or kind in ("gain", "loss", "hold") and partial and not (intent and kind != "hold"):
        # "retreated from western Kupyansk", "retain positions on the outskirts of Kharkiv": fought over
        return str(CONTESTED)
    if kind == "fight":
        return str(FIGHTING)
    if kind == "hold" and intent:
        return str(CONTESTED)  # "unable to consolidate control of the city": fought over, not held
    gainer = side if kind in ("gain", "hold", "advance") else other(side)  # loss, repel: the other side moves
    if kind in ("gain", "loss"):
        # "That campaign aimed to ... seize Kyiv": with no side acting it says nothing of the ground.
        make = Change.advance_near if intent else Change.gain
        return str(make(gainer)) if gainer else None
    if kind == "hold":
        return str(Change.holds(side)) if side else None
    if kind in ("advance", "repel"):
        return str(Change.advance_near(gainer)) if gainer else str(FIGHTING)
    return None


def statements_in_sentence(doc: Document, sent: Sentence, places: list[PlaceMention],
                           reading: Reading | None = None, triggers: list[_Trigger] | None = None,
                           ) -> list[ControlStatement]:
    reading = reading or default_reading()
    text, lo, hi = doc.text, sent.start, sent.end
    settlements = [p for p in places if p.kind == "settlement"]
    if not settlements or furniture_at(doc, lo) in ("caption", "read_more", "footer", "byline", "credit"):
        return []  # a photo caption or a link to another story is not this story's news
    if is_news(doc):
        ref = reference_date(doc)
        years = [int(y) for y in PAST_YEAR_RE.findall(text, lo, hi)]
        if ref is not None and years and max(years) < ref.year:
            return []  # "In 2022, after the Russians abandoned Irpin, ...": a memory, not a current event
    trigs = triggers if triggers is not None else _triggers(text, lo, hi, reading.triggers)
    vs = voices(doc, lo, hi)
    # Each settlement takes the nearest trigger before it that governs it.
    governed: dict[int, tuple[_Trigger, bool]] = {}
    for t in trigs:
        if NOMINAL_LOSS_RE.match(t.text) and not _completed_before(text, lo, t):
            # "the withdrawal from X" is mostly foreseen, ordered or denied; only a completed one is a deed
            continue
        for p, partial in _objects(text, settlements, t, lo, hi, reading.list_kinds):
            governed[p.start] = (t, partial)
    out: list[ControlStatement] = []
    last_attacker = ""  # side of the last attack in the sentence, for "... and an attack on X"
    for p in settlements:
        if (DIRECTION_AFTER_RE.match(text, p.end, hi) or FACILITY_AFTER_RE.match(text, p.end, hi)
                or COMPOUND_AFTER_RE.match(text, p.end, hi)):
            # "in the Kupyansk direction" names an axis, "the Vuhledar Power Plant" a facility, "the
            # Svatove-Lyman road" a road and "Kupyansk-Uzlovaya station" another place
            continue
        hold_after = HOLD_AFTER_RE.match(text, p.end, hi)
        if hold_after and REFERENCE_RE.search(text, max(lo, p.start - 40), p.start):
            hold_after = None  # "..., northwest of Kyiv, remains contested" is about the place before Kyiv
        if p.start not in governed and hold_after:
            side = hold_after.group("s1") or hold_after.group("s2")
            change = "contested" if hold_after.group("contested") else (
                str(Change.holds("RU" if side.lower().startswith("r") else "UA")) if side else None)
            if change:
                v = voice_at(vs, p.start)
                out.append(_statement(doc, p, change, v, p.start, hold_after.end() + p.end, None, "",
                                      rule="hold.after"))
            continue
        if p.start not in governed:
            continue
        t, partial = governed[p.start]
        cues: list[str] = ["part"] if partial else []  # what changed the trigger's plain reading, by name
        if t.kind == "gain" and t.text.lower().startswith("enter") and (p.population or 0) >= BIG_TOWN:
            partial = True  # "entered the city of Kharkiv": an incursion into a city, not its capture
            cues.append("big_town_entry")
        v, claim_idx = _voice_of(doc, vs, t, lo, hi)
        kind = t.kind
        left = text[max(lo, t.start - 45):t.start]
        adjective = None
        if kind in ("gain", "hold") and re.match(r"(?:occupied|liberated|captured|controlled|held)$", t.text.split()[0], re.I):
            adjective = ADJ_BEFORE_RE.search(left)
        if adjective is not None and PERFECT_AUX_RE.search(left, 0, adjective.start()):
            adjective = None  # "have already captured X": a perfect tense, not "already captured settlements"
        if adjective is not None:
            if partial:
                continue  # "occupied settlements south of Kharkiv City" says nothing of Kharkiv itself
            side = (adjective.group("side") or "").lower()
            holder = "RU" if side.startswith("r") or t.text.lower() in ("occupied",) and not side else (
                "UA" if side.startswith("u") or t.text.lower() == "liberated" else "")
            if not holder:
                continue
            out.append(_statement(doc, p, str(Change.holds(holder)), v, t.start, p.end, None, holder, claim_idx,
                                  rule=f"hold.adjective+{t.rule}"))
            continue
        if kind == "loss" and CIVIL_SUBJECT_RE.search(left):
            continue
        side = _subject_side(text, lo, _governing_verb(text, lo, t), v)
        if kind == "gain" and _nominal(text, t):
            agent = _nominal_gain_side(text, lo, hi, t, p, side)
            if agent is None:
                continue  # "after the fall of Lyman": a fall with no side named
            if agent != side:
                side = agent
                cues.append("nominal_agent")
        if not side and v.side in ("UA", "RU") and OWN_FORCES_RE.search(text, _clause_start(text, lo, t.start), t.start):
            side = v.side  # "the Russian Defense Ministry said its forces captured X": the speaker's forces
            cues.append("own_forces")
        if kind == "advance" and REPELLED_NOUN_RE.search(left):
            side = lx.other(side)  # "Ukrainian forces repulsed attacks on X": the attacks are the other side's
            cues.append("repelled_noun")
        elif kind == "advance" and last_attacker and AND_NOUN_RE.search(left):
            side = last_attacker  # "repelled a Russian attempt on A and an attack on B": the same attacker
            cues.append("and_noun")
        if CONDITIONAL_RE.match(text, lo):
            continue  # "If the Russians abandon ..., Ukrainian forces would ... defending X": nothing happened
        cstart = _clause_start(text, lo, t.start)
        prevented = PREVENTED_RE.search(text, cstart, t.start)
        if prevented and lx.side_of(prevented.group(0).split(None, 1)[-1]):
            side = lx.side_of(prevented.group(0).split(None, 1)[-1])  # "prevented Russian troops from seizing X"
        intent = prevented is not None or _is_aim(text, lo, cstart, t, left)
        negated = bool(NEG_RE.search(left)) or bool(UNLIKELY_DONE_RE.search(left))
        cues += [c for c, on in (("prevented", prevented is not None), ("aim", intent), ("neg", negated)) if on]
        if kind in NEAR_KINDS and (p.population or 0) >= BIG_TOWN and PART_AFTER_RE.match(text, p.end, hi):
            continue  # "counterattacks in Kyiv's outskirts": fighting on a city's edge says nothing of the city
        if kind in NEAR_KINDS and _not_a_ground_action(text, lo, hi, t, p, negated):
            continue
        window = text[cstart:t.start]
        if kind in ("gain", "advance", "fight") and "repelled_noun" not in cues \
                and WEAPON_SUBJECT_RE.search(window) and not FORCE_NOUN_RE.search(window):
            continue  # "a Ukrainian drone reached the outskirts of Belgorod": a strike, not a ground action
        if kind in ("gain", "loss") and intent and FORECAST_RE.search(window) and not ATTEMPT_RE.search(window):
            continue  # "aim to capture Lyman by the end of September": nothing happened on the ground yet
        if kind == "hold" and intent and CONTINUE_RE.search(left):
            intent = False  # "Ukrainian forces continue to hold Bakhmut": a hold
            cues.remove("aim")
        if kind == "hold" and intent and not partial and not UNABLE_RE.search(text, cstart, t.start):
            continue  # "Objective: Defend Kherson", "seek to strengthen control of X": an aim, not news
        change = _change(kind, side, partial, intent)
        if kind == "hold" and FIGHT_FOR_RE.search(left):
            change = "contested"
            cues.append("fight_for")
        if change is None:
            continue
        status_v, why = _status_voice(text, lo, hi, t, p, v, negated=negated, intent=intent)
        cues += [why] if why else []
        actor = side if kind not in ("repel", "loss") else lx.other(side)
        if kind in ("advance", "repel") and actor:
            last_attacker = actor
        cend = _clause_end(text, t.end, hi)
        date = _event_date(doc, t.end, max(cend, p.end), t, lo)
        hedge, unconfirmed = lx.hedge_factor(text[cstart:p.end]), _unconfirmed_before(text, lo, t.start)
        cues += [c for c, on in (("hedge", hedge < 1), ("unconfirmed", unconfirmed < 1)) if on]
        st = _statement(doc, p, change, status_v, t.start, p.end, date, actor, claim_idx,
                        rule="+".join(dict.fromkeys([t.rule, *cues])))
        st.confidence *= min(hedge, unconfirmed)
        if kind in NEAR_KINDS or intent:
            st.confidence *= 0.9
        out.append(st)
    # A trigger with a generic object ("retaken ground in Luhansk Oblast") inside footage taken at one
    # settlement: the footage's place is the evidence's place.
    if not out:
        out.extend(_footage_place(doc, sent, settlements, trigs, vs))
    return out


# News forms (see ingest/news.py for the document side).
PERFECT_AUX_RE = re.compile(r"\b(?:have|has|had)\s+(?:\w+ly\s+)?$", re.I)
OWN_FORCES_RE = re.compile(r"\b(?:its|their|our)\s+(?:own\s+)?(?:forces|troops|units|army|fighters|soldiers|servicemen)\b"
                           r"(?:\s+\w+){0,3}\s*$", re.I)
PAST_YEAR_RE = re.compile(r"\b(?:[Ii]n|[Ss]ince|[Dd]uring|[Bb]y|[Bb]ack in|[Ee]arly|[Ll]ate)\s+(?:\w+\s+)?((?:19|20)\d\d)\b")

# A city this large "around" or "near" which fighting happens is a reference for the area, not the
# target: "ground attacks around Donetsk City" are launched from a city its attackers hold.
BIG_CITY = 300_000
BIG_TOWN = 50_000
AROUND_RE = re.compile(r"\b(?:around|near|in the vicinity of|in the area of)\s+(?:the\s+)?$", re.I)


def _unconfirmed_before(text: str, lo: int, pos: int) -> float:
    """"there is no official confirmation that Ukrainian forces liberated X": the hedge sits before "that"."""
    return 0.6 if UNCONFIRMED_BEFORE_RE.search(text, lo, pos) else 1.0


def _voice_of(doc: Document, vs: list[Voice], t: _Trigger, lo: int, hi: int) -> tuple[Voice, int | None]:
    """The voice in force at trigger `t`, and the index of the claim (claims stage) it belongs to."""
    v = voice_at(vs, t.start)
    if not doc.claims:
        return v, None
    claim_idx = claim_at(doc, t.start)
    own = v.start == lo and v.claimed_by == author_voice(doc)[1]  # the author's voice: ISW's, or a publisher's
    if claim_idx is not None and ((v.status == "claimed" and not own) or (
            own and doc.claims[claim_idx].source.kind != "think_tank")):
        # A claim the claims stage found around the verb: also "X seized Y, according to the Russian MoD"
        return voice_from_claim(doc.claims[claim_idx], v.start), claim_idx
    if claim_idx is None and own:
        trailing = _trailing_attribution(doc, t.start, hi)  # "..., the General Staff reported."
        if trailing is not None:
            return voice_from_claim(doc.claims[trailing], v.start), trailing
    return v, claim_idx


OBJECTIVES_RE = re.compile(r"\b(?:objectives?|goals?|aims?|tasks?|plans?|failed to achieve)\b[^.;]*\bincluding\b", re.I)


def _is_aim(text: str, lo: int, cstart: int, t: _Trigger, left: str) -> bool:
    """Whether the trigger names an aim rather than a deed (see `modality`): "seek to capture", "attempts to
    advance", "focused on taking", "unlikely to seize A or capture B"; but "managed to seize", "claimed to
    have taken", "attempts to advance into A and reportedly captured B", "since the capture of X"."""
    past = bool(PAST_TRIGGER_RE.match(t.text))
    coordinated_past = bool(COORDINATED_RE.search(left)) and past
    effort = bool(EFFORT_RE.search(text, cstart, t.start)) and not coordinated_past \
        and not (_nominal(text, t) and SINCE_RE.search(left))
    modal = bool(INTENT_RE.search(left)) and not PERFECT_MODAL_RE.search(left) and not coordinated_past
    if (modal or effort) and not MANAGED_RE.search(left) and not PERFECT_INFINITIVE_RE.search(left):
        return True
    if INFINITIVE_COORD_RE.search(left) and not past:
        return True
    if BASE_FORM_RE.fullmatch(t.text.split()[0]) and not _nominal(text, t) and not NOUN_BEFORE_RE.search(left) \
            and SENTENCE_INTENT_RE.search(text, lo, t.start):
        # A bare base form after an aim anywhere before it in the sentence shares that aim, however far the
        # coordination reaches: "intend to either pin Russian forces in Lyman so they cannot reinforce Izyum
        # or seize Lyman".
        return True
    if t.kind != "gain" or not t.text.split()[0].lower().endswith("ing") or GERUND_DONE_RE.search(left):
        return False
    # "focused on taking X"; "failed to achieve its objectives, including ..., capturing Kyiv"
    return bool(GERUND_AIM_RE.search(left)) or bool(OBJECTIVES_RE.search(text, lo, t.start))


def _analyst_denies(v: Voice) -> Voice:
    """The analyst (the profile's, e.g. ISW) says the statement is false."""
    _status, name, side, kind = analyst_voice()
    return Voice(v.start, "denied", name, side, kind)


def _status_voice(text: str, lo: int, hi: int, t: _Trigger, p: PlaceMention, v: Voice, *, negated: bool,
                  intent: bool) -> tuple[Voice, str]:
    """The voice behind the statement's status and the cue that set it: the analyst's denial ("... was
    false", "unsubstantiated claims of"), a claim the analyst cannot verify, or the voice in force ("")."""
    control_kind = t.kind in ("gain", "loss", "hold")
    if control_kind and RETRACTED_RE.search(text, lo, t.start):
        return Voice(v.start, "denied", v.claimed_by, v.side, v.kind), "retracted"
    discredited = DISCREDITED_RE.search(text, lo, t.start) if control_kind else None
    if control_kind and lx.FALSE_AFTER_RE.search(text[p.end:hi]):
        return _analyst_denies(v), "false_after"
    if UNVERIFIED_RE.search(text, max(lo, t.start - 60), t.start) or (
            control_kind and v.status == "assessed" and UNVERIFIED_AFTER_RE.search(text, t.end, hi)):
        # "ISW cannot independently verify Russian control of the settlement": still only the claim
        if v.status == "claimed":
            return Voice(v.start, "claimed", v.claimed_by, v.side, v.kind), "unverified"
        # the analyst's own voice saying it cannot verify: a report of nobody in particular, not an assessment
        return Voice(v.start, "claimed", "unverified claims", "unknown", "other"), "unverified"
    if discredited is not None and (discredited.group("how") or "-").lower().split()[0] in DENIED_HOW:
        return _analyst_denies(v), "discredited"
    if discredited is not None and v.status == "assessed":
        return Voice(v.start, "claimed", "unattributed claims", "unknown", "other"), "claims_of"
    if control_kind and v.status in ("assessed", "confirmed") and HEARSAY_RE.search(text, max(lo, t.start - 90), t.start):
        return Voice(v.start, "claimed", "unattributed claims", "unknown", "other"), "hearsay"
    if negated and control_kind and not intent:
        return Voice(v.start, "denied", v.claimed_by, v.side, v.kind), "neg"
    return v, ""


def _trailing_attribution(doc: Document, pos: int, hi: int) -> int | None:
    """Index of a claim that closes the sentence after `pos` behind a comma: "X attacked Y, the General Staff
    reported." (the claims stage spans the attribution; what it attributes comes before it)."""
    for i, c in enumerate(doc.claims):
        if pos < c.start < hi and c.end >= hi - 12 and doc.text[max(0, c.start - 2):c.start].startswith(","):
            return i
    return None


def _not_a_ground_action(text: str, lo: int, hi: int, t: _Trigger, p: PlaceMention, negated: bool) -> bool:
    """A fighting/attack trigger that reports no ground action at `p`: a strike, a denial, a forecast, or
    fighting around a big city."""
    if (p.population or 0) >= BIG_CITY and (AROUND_RE.search(text, max(lo, p.start - 25), p.start)
                                            or re.match(r"counter|offensive|pressure", t.text, re.I)):
        return True  # "counterattacks in Kharkiv", "the counteroffensive in Kharkiv": the area, not the city
    if MODAL_BETWEEN_RE.search(text, t.end, p.start):
        return True  # "the offensive will likely make gains in X": a forecast
    if t.kind == "repel":
        # "repelled Russian attacks": the attack happened, whatever precedes it; but in "Russian forces
        # halted their drive toward Odesa" the attackers stopped themselves
        # "stopped providing aid to X" stops something else than an attack
        return bool(re.match(r"\s+(?:their\b|its\b|\w+ing\b)", text[t.end:t.end + 24]))
    if negated:
        return True  # "did not conduct any confirmed ground attacks near Bakhmut"
    if t.kind == "advance" and re.match(r"(?:attack|strike)", t.text, re.I) and (
            STRIKE_BEFORE_RE.search(text, max(lo, t.start - 60), t.start) or STRIKE_AFTER_RE.match(text, t.end, hi)
            or FACILITY_RE.search(text, t.end, p.start)):
        return True
    if AIM_BEFORE_RE.search(text, max(lo, t.start - 50), t.start) or WOULD_AFTER_RE.match(text, p.end, hi):
        return True
    cstart = _clause_start(text, lo, t.start)
    return bool(HYPOTHETICAL_RE.search(text, max(cstart, t.start - 80), t.start))


def _footage_place(doc, sent, settlements, trigs, vs) -> list[ControlStatement]:
    text = doc.text
    for t in trigs:
        if t.kind not in ("gain", "loss") or not GENERIC_OBJ_RE.match(text, t.end, sent.end):
            continue
        v = voice_at(vs, t.start)
        if v.kind != "footage":
            continue
        inside = [p for p in settlements if p.start < t.start and text.find(p.text, 0) >= 0
                  and p.start >= sent.start and re.search(r"\b(?:in|from|of|at)\s+$", text[p.start - 8:p.start])]
        if len(inside) != 1:
            continue
        side = _subject_side(text, sent.start, t, v)
        change = _change(t.kind, side, False, False)
        if change:
            return [_statement(doc, inside[0], change, v, inside[0].start, t.end, None, side,
                               rule=f"footage.generic_object+{t.rule}")]
    return []


def _statement(doc: Document, p: PlaceMention, change: str, v: Voice, start: int, end: int, date,
               actor: str, claim_idx: int | None = None, *, rule: str) -> ControlStatement:
    start, end = min(start, p.start), max(end, p.end)
    return ControlStatement(
        start=start, end=end, text=doc.text[start:end], place=p, change=change, status=v.status,
        event_date=date, claimed_by=v.claimed_by, confidence=BASE_CONFIDENCE[v.status], claim=claim_idx,
        actor_side=actor, source_side=v.side, source_kind=v.kind, rule=rule,
    )


# Region-level statements ----------------------------------------------------------------------------------
# "captured Luhansk Oblast", "liberated nearly all of Kharkiv Oblast west of the Oskil River", "withdrew from the
# west (right) bank of the Dnipro River in Kherson Oblast", "liberated Lyman and the surrounding villages".

REGION_LEAD_RE = re.compile(
    r"\s*(?:the\s+)?(?:(?P<most>nearly all|almost all|almost the entirety|most|much|the bulk|the majority)\s+(?:of\s+)?)?"
    r"(?:(?:all|the entirety|the entire territory|the rest|the remainder|the remaining territory|the whole)\s+(?:of\s+)?)?"
    r"(?:the\s+)?(?:(?P<part>western|eastern|northern|southern)\s+(?:part|half|portion)\s+of\s+)?(?:the\s+)?$", re.I)
BANK_LEAD_RE = re.compile(
    r"\s*(?:(?:all|(?P<most>most|much|nearly all|almost all|the bulk)) of\s+)?the\s+(?:(?:entire|whole)\s+)?(?P<bank>west|east|right|left|western|eastern)"
    r"(?:\s+\((?P<bank2>right|left|west|east)\))?\s+bank\s+of\s+the\s*$", re.I)
RIVER_AFTER_OBLAST_RE = re.compile(
    r"(?:['’]s\s+(?:administrative\s+)?borders?)?\s*,?\s*(?:(?P<side>west|east|north|south)\s+of|"
    r"on\s+the\s+(?P<bank>west|east|right|left)(?:ern)?\s+bank\s+of)\s+the\s*$", re.I)
IN_OBLAST_RE = re.compile(r"\s*(?:River\s+)?(?:in|of)\s+(?:the\s+)?$", re.I)
# What may stand between a verb and the area it acts on, besides the area's own lead ("most of", "the west bank
# of the"): the settlements named before it in the same object list ("liberated Kherson City and most of the
# right bank"), marked \x00 in the gap, and the positions a side gives up ("abandoned their positions on").
_LISTED = r"\s*(?:the\s+(?:city|town|village|settlement)s?\s+of\s+)?\x00(?:\s+(?:City|city|Raion|raion))?(?:\s*\([^)]*\))?"
LISTED_BEFORE_RE = re.compile(rf"(?:{_LISTED}\s*,)*{_LISTED}\s*,?\s*and\s+")  # "A, B, and" (not "A, Kharkiv Oblast")
# "withdrew all of their troops from", "cleared the remaining Russian forces from", "the withdrawal of Russian
# troops to": the forces moved, then where from or to
FORCES_OBJECT_RE = re.compile(r"\s*(?:(?:of|from)\s+)?(?:all\s+(?:of\s+)?)?(?:(?:the|their|its|remaining|last|Russian|Ukrainian)\s+)*"
                              r"(?:forces|troops|units|personnel|servicemen|grouping|garrison)(?:\s+(?:from|out of))?(?=\s)",
                              re.I)
POSITIONS_RE = re.compile(r"\s*(?:(?:from|of|in|on|out of)\s+)?(?:(?:their|its|all|the|remaining|last)\s+)*"
                          r"positions?\s+(?:on|in|along|across)\s+", re.I)
# "withdrew to the east bank of the Dnipro": the side gave up the other bank
TO_BANK_RE = re.compile(r"\s*(?:back\s+)?(?:to|across\s+to|onto)\s+the\s+(?P<bank>west|east|right|left|western|eastern)"
                        r"(?:\s+\((?P<bank2>right|left|west|east)\))?\s+bank\s+of\s+the\s*$", re.I)
OPPOSITE_BANK = {"west": "east", "east": "west", "right": "left", "left": "right"}
# A bank with no river of its own ("the west bank of Kherson Oblast", "the right bank"): the river is the one
# the text named last.
BARE_BANK_RE = re.compile(
    r"\s*(?:(?:from|of|on|in)\s+)?(?:(?:all|(?P<most>most|much|the bulk|nearly all|almost all)) of\s+)?the\s+(?P<bank>west|east|right|left|western|eastern)"
    r"(?:\s+\((?P<bank2>right|left|west|east)\))?\s+bank\b(?!\s+of\s+the\s+[A-Z])", re.I)
# A nominal act counts for an area only once done: "completed their withdrawal from the west bank"
COMPLETED_NOMINAL_RE = re.compile(r"\b(?:completed|finished|concluded|completion of|conducted|carried out|executed|"
                                  r"following|after|since)\s+(?:(?:the|their|its|a|an)\s+)?"
                                  r"(?:[\w-]+\s+){0,2}$", re.I)
# "Ukrainian troops now control the entire west bank": a verb after its subject, not "anxiety over Russian control of"
REGION_HOLD_RE = re.compile(r"(?:control|controls|controlled)\b", re.I)
HOLD_SUBJECT_BEFORE_RE = re.compile(r"\b(?:forces|troops|units|military|army)\s+(?:(?:now|still|fully|firmly|effectively|"
                                    r"likely|reportedly|already|largely)\s+)*$", re.I)
BANK_WORD_RE = re.compile(r"\bbank\b", re.I)
NOMINAL_LOSS_RE = re.compile(r"(?:withdrawals?|retreats?)\b", re.I)
NOMINAL_TRIGGER_RE = re.compile(r"(?:withdrawal|retreat|liberation|seizure|capture)\b", re.I)
VICINITY_RE = re.compile(
    r"(?:\s+(?:City|city|town))?\s*(?:\([^)]*\))?,?\s+and\s+(?:its|the)\s+(?:(?:surrounding|nearby|adjacent|neighboring)\s+"
    r"(?:villages|settlements|areas?|territory|countryside)|(?:immediate\s+)?(?:outskirts|environs|vicinity|"
    r"surroundings|surrounding areas?))\b", re.I)
VICINITY_KM = 5.0
# Only a completed action about a whole area counts: past-tense verbs ("captured", "withdrew from"), and a
# participle only as a clause of its own (", recapturing almost all Kharkiv Oblast"). Not nouns ("the
# seizure of Luhansk Oblast", mostly about objectives), base forms ("Capture the entirety of Donetsk
# Oblast" is a stated objective) nor adjectives ("occupied Kherson Oblast").
REGION_VERB_RE = re.compile(
    r"(?:captured|seized|liberated|recaptured|retook|retaken|regained|cleared|secured|overran|took|"
    r"(?:took|seized|gained|regained|established|assumed|secured)\s+(?:full\s+|complete\s+)?control|"
    r"completed the (?:capture|seizure|liberation) of|withdrew|withdrawn|retreated|pulled out|pulled back|"
    r"abandoned|lost control of|lost)\b", re.I)
REGION_PARTICIPLE_RE = re.compile(r"(?:capturing|recapturing|liberating|seizing|retaking|clearing)\b", re.I)


def _side_word(w: str | None) -> str:
    w = (w or "").lower()
    return {"western": "west", "eastern": "east"}.get(w, w)


def _gap_without_listed(text: str, start: int, end: int, places: list[PlaceMention], hold: bool = False) -> str:
    """The text between a verb and an area, each settlement named in it marked \\x00, the object list
    before the area ("Kherson City and most of ...") and given-up positions ("their positions on") dropped."""
    gap, at = [], start
    for p in places:
        if p.kind == "settlement" and start <= p.start and p.end <= end:
            gap += [text[at:p.start], "\x00"]
            at = p.end
    gap.append(text[at:end])
    out = "".join(gap)
    if (m := LISTED_BEFORE_RE.match(out)) is not None:
        out = " " + out[m.end():]
    if (m := POSITIONS_RE.match(out)) is not None and hold is False:
        out = " " + out[m.end():]
    if (m := FORCES_OBJECT_RE.match(out)) is not None:
        out = " " + out[m.end():].lstrip()
    return out


def _river_name(p: PlaceMention) -> str:
    return re.sub(r"(?i)^the\s+", "", p.text)


def _bank_side(m: re.Match[str]) -> str:
    bank = (m.group("bank") or "").lower()
    return _side_word(m.group("bank2") if bank in ("west", "east") and m.group("bank2") else bank)


def region_statements(doc: Document, sent: Sentence, places: list[PlaceMention],
                      settlement_statements: list[ControlStatement], reading: Reading | None = None,
                      triggers: list[_Trigger] | None = None,
                      rivers: list[PlaceMention] | None = None) -> list[ControlStatement]:
    """Statements about areas: an oblast, a river bank, a town with its surroundings. `rivers` are the rivers
    the document named (a bank with no river of its own is on the last one named before it)."""
    text, lo, hi = doc.text, sent.start, sent.end
    out: list[ControlStatement] = []
    # A named settlement "and the surrounding villages": the same statement about the settlements around it.
    for st in settlement_statements:
        p = st.place
        if Change.parse(st.change).is_gain and p.geonameid is not None and VICINITY_RE.match(text, p.end, hi):
            extra = dataclasses.replace(st, region=f"near={p.geonameid};km={VICINITY_KM:g}",
                                        rule=f"region.vicinity+{st.rule}")
            out.append(extra)
    areas = [p for p in places if p.kind in ("oblast", "river") and p.geonameid is not None]
    last_river = [r for r in (rivers or []) if r.start < hi]
    if not areas and not last_river:
        return out
    vs = voices(doc, lo, hi)
    if triggers is None:
        triggers = _triggers(text, lo, hi, (reading or default_reading()).triggers)
    for t in triggers:
        if t.kind not in ("gain", "loss") and t.rule != "hold.control":
            continue
        left = text[max(lo, t.start - 45):t.start]
        done_nominal = bool(NOMINAL_TRIGGER_RE.match(t.text)) and _completed_before(text, lo, t) is not None
        if not (REGION_VERB_RE.match(t.text) or REGION_PARTICIPLE_RE.match(t.text) and re.search(r",\s*$", left)
                or done_nominal or t.kind == "hold" and REGION_HOLD_RE.match(t.text)
                and HOLD_SUBJECT_BEFORE_RE.search(left) and not re.match(r"\s+(?:of|over)\b", text[t.end:hi])):
            continue
        if not done_nominal and (ADJ_BEFORE_RE.search(left) or re.search(r"\b(?:newly|recently)[-‐]$", left)):
            continue  # "in liberated Kharkiv Oblast", "newly-liberated Kharkiv Oblast"
        river_before = [r for r in last_river if r.start < t.start]
        after = [p for p in areas if p.start >= t.end]
        keys: dict[str, str] = {}
        first: PlaceMention | None = after[0] if after else None
        anchor, end = first, first.end if first else t.end
        gap = _gap_without_listed(text, t.end, first.start, places, t.kind == "hold") if first else ""
        if first is not None and first.kind == "oblast" and re.search(r"\b(?:Oblast|region)\b", first.text, re.I) and (
                m := REGION_LEAD_RE.fullmatch(gap)):
            keys["oblast"] = first.oblast or first.name or ""
            if m.group("most"):
                keys["part"] = "most"
            elif m.group("part"):
                keys["part"] = _side_word(m.group("part"))
            river = after[1] if len(after) > 1 and after[1].kind == "river" else None
            q = RIVER_AFTER_OBLAST_RE.fullmatch(text, first.end, river.start) if river else None
            if river is not None and q:
                keys["river"], keys["side"] = _river_name(river), _side_word(q.group("side") or q.group("bank"))
                end = river.end
        elif first is not None and first.kind == "river" and (m := BANK_LEAD_RE.fullmatch(gap)):
            keys["river"] = _river_name(first)
            keys["side"] = _bank_side(m)
            if m.group("most"):
                keys["part"] = "most"
            nxt = after[1] if len(after) > 1 and after[1].kind == "oblast" else None
            if nxt is not None and IN_OBLAST_RE.fullmatch(text, first.end, nxt.start):
                keys["oblast"] = nxt.oblast or nxt.name or ""
                end = nxt.end
        elif first is not None and first.kind == "river" and t.kind == "loss" and (m := TO_BANK_RE.fullmatch(gap)):
            # "withdrew to the east bank of the Dnipro": the bank they left is the other one
            keys["river"], keys["side"] = _river_name(first), OPPOSITE_BANK[_bank_side(m)]
        elif river_before:
            # "the west bank of Kherson Oblast", "withdrew from the right bank.": the river named last
            bare = gap if first is not None and first.kind == "oblast" else text[t.end:_clause_end(text, t.end, hi)]
            m = BARE_BANK_RE.match(bare)
            if m is not None and (first is None or first.kind != "oblast"
                                  or re.fullmatch(r"\s+(?:of|in)\s+(?:the\s+)?", bare[m.end():])):
                keys["river"], keys["side"] = _river_name(river_before[-1]), _bank_side(m)
                if m.group("most"):
                    keys["part"] = "most"
                if first is not None and first.kind == "oblast":
                    keys["oblast"] = first.oblast or first.name or ""
                else:
                    anchor, end = river_before[-1], t.end + m.end()
        if anchor is None or not keys.get("oblast") and not keys.get("river"):
            continue
        if re.match(r"[^.;]{0,20}?\b(?:back to|to (?:its|their) (?:permanent|home|original))\b", text[end:hi]):
            continue  # a unit "withdrew from Kharkiv Oblast back to its permanent deployment point"
        intent = (bool(INTENT_RE.search(left)) and not PERFECT_MODAL_RE.search(left)
                  or bool(EFFORT_RE.search(text, _clause_start(text, lo, t.start), t.start)))
        if intent or NEG_RE.search(left) or PERFECT_MODAL_RE.search(left):
            continue  # "may withdraw from the west bank", "failed to capture Luhansk Oblast"
        v = voice_at(vs, t.start)
        side = _subject_side(text, lo, _governing_verb(text, lo, t), v)
        change = _change(t.kind, side, False, False)
        if change is None:
            continue
        st = _statement(doc, anchor, change, v, t.start, end, _event_date(doc, t.end, _clause_end(text, t.end, hi), t, lo),
                        side if t.kind in ("gain", "hold") else lx.other(side),
                        rule=f"region.{'bank' if keys.get('river') else 'oblast'}+{t.rule}")
        st.confidence *= lx.hedge_factor(text[_clause_start(text, lo, t.start):end])
        st.region = ";".join(f"{k}={v}" for k, v in keys.items())
        out.append(st)
    return out


# "repulsed attacks on X", "repelled two assaults near X": an attack noun governed by a repel verb, with no
# side word of its own ("repelled Russian attacks" takes the side word instead)
REPELLED_NOUN_RE = re.compile(r"\b(?:repelled|repulsed|repelling|repel|repels|beat back|thwarted|held off|held back|foiled|"
                              r"defeated)\s+(?:(?:an?|the|several|multiple|two|three|four|five|\d+|limited|small|"
                              r"unsuccessful|further)\s+){0,2}(?:(?-i:[a-z])[\w-]*\s+){0,2}$", re.I)

# "... and an attack on Berestove": an attack noun coordinated with the one before it
AND_NOUN_RE = re.compile(r"\band\s+(?:an?|the)?\s*(?:[\w-]+\s+)?$", re.I)

COMPASS_REF_RE = re.compile(rf"(?:{_COMPASS_OF})\s+(?:the\s+)?$", re.I)
ANAPHOR_RE = re.compile(r"\b(?:the|this) (?:settlement|village|town|city)\b(?! of\b)")


def _anaphors(doc: Document, places: list[PlaceMention], body_end: int) -> list[PlaceMention]:
    """"the settlement" as a mention of the last settlement named before it (outside parentheses, and not
    a reference point: in "shelling Brazhkivka, 16km southwest of Izyum, ... pulled back from this
    settlement" the settlement is Brazhkivka)."""
    text = doc.text
    out = []
    settlements = [p for p in places if p.kind == "settlement" and p.geonameid is not None]
    k = 0
    last: PlaceMention | None = None
    for m in ANAPHOR_RE.finditer(text, 0, body_end):
        while k < len(settlements) and settlements[k].end <= m.start():
            p = settlements[k]
            sent = doc.sentence_at(p.start)
            lead = text[max(sent.start if sent else 0, p.start - 40):p.start]
            if not (sent and _in_parens(text, sent.start, p.start)) and not COMPASS_REF_RE.search(lead):
                last = p
            k += 1
        if last is None or m.start() - last.end > 400:
            continue
        out.append(PlaceMention(
            start=m.start(), end=m.end(), text=m.group(0), kind="settlement", geonameid=last.geonameid,
            name=last.name, lat=last.lat, lon=last.lon, oblast=last.oblast, raion=last.raion,
            confidence=last.confidence * 0.8, resolved_by="anaphor"))
    return out


# A sentence of its own that disclaims the one before: "ISW has not observed confirmation of these claims."
DISCLAIMER_SENTENCE_RE = re.compile(
    r"\s*(?:\[\d+\]\s*)?(?:ISW|We)\s+(?:(?:has|have|had|could|can|is|are)\s+)?(?:not|cannot|yet to|unable to)\s+(?:yet\s+)?"
    r"(?:independently\s+)?(?:observed?|seen?|verif(?:y|ied)|confirm(?:ed)?)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:(?:this|these|that|those|the|such|either)\s+(?:[\w-]+\s+)?(?:claims?|reports?|statements?|assertions?)|them|it)\b",
    re.I)


def _unverified(st: ControlStatement) -> ControlStatement:
    """The analyst's own statement disclaimed by the next sentence: an unverified report, not an assessment."""
    if st.status != "assessed" or st.source_kind != "think_tank":
        return st
    return dataclasses.replace(st, status="claimed", claimed_by="unverified claims", source_side="unknown",
                               source_kind="other", confidence=st.confidence * BASE_CONFIDENCE["claimed"]
                               / BASE_CONFIDENCE["assessed"], rule=f"{st.rule}+unverified")


def extract_control(doc: Document, reading: Reading | None = None) -> list[ControlStatement]:
    """Every control statement of `doc`, read with `reading` (default: the packaged rules)."""
    reading = reading or default_reading()
    body_end = doc.body_end if doc.body_end is not None else len(doc.text)
    places = sorted((p for p in doc.places if p.start < body_end), key=lambda p: p.start)
    places = sorted(places + _anaphors(doc, places, body_end), key=lambda p: p.start)
    rivers = [p for p in places if p.kind == "river" and p.geonameid is not None]
    out: list[ControlStatement] = []
    i = 0
    for k, sent in enumerate(doc.sentences):
        if sent.start >= body_end:
            break
        while i < len(places) and places[i].start < sent.start:
            i += 1
        j = i
        inside = []
        while j < len(places) and places[j].start < sent.end:
            inside.append(places[j])
            j += 1
        # a bank named after a river was (a river inside the sentence is among `inside`)
        bank = bool(rivers) and rivers[0].start < sent.start and BANK_WORD_RE.search(doc.text, sent.start, sent.end)
        if inside or bank:
            # once for both readings, and only where one of them can use it
            wanted = any(p.kind in ("settlement", "oblast", "river") for p in inside) or bool(bank)
            trigs = _triggers(doc.text, sent.start, sent.end, reading.triggers) if wanted else []
            found = statements_in_sentence(doc, sent, inside, reading, trigs)
            if k + 1 < len(doc.sentences) and DISCLAIMER_SENTENCE_RE.match(
                    doc.text, doc.sentences[k + 1].start, doc.sentences[k + 1].end):
                found = [_unverified(st) for st in found]
            out.extend(found)
            out.extend(region_statements(doc, sent, inside, found, reading, trigs, rivers))
    return out
