"""Who is speaking at each point of a sentence: the analyst, a named source, or footage.

ISW sentences nest voices: "A Russian milblogger claimed that Ukrainian forces began infiltrating ...
from Myrove, indicating that Ukrainian forces also liberated Myrove" is the milblogger's claim up to
"indicating that", then the analyst's assessment. A control statement takes the voice in force at its
verb. When the claims stage has run, its `Claim` covering the verb gives the source's registry name,
side and kind (see `claim_at`); these rules still decide denial, confirmation and the analyst's voice.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from frontscope.claims.sources import describe
from frontscope.events import lexicon as lx
from frontscope.ingest.news import annotate_news
from frontscope.model import Claim, Document

# Where a clause (and so a subject) starts inside a sentence.
CLAUSE_START_RE = re.compile(
    r";|:|—|–|\bthat\b|,\s+(?:but|while|although|whereas|as)\b|,\s+and(?=\s+(?:the\s+)?(?:"
    + lx.RU_MARKER + "|" + lx.UA_MARKER + r"))"
)
_TRAILING_ADVERBS = re.compile(
    r"(?:\s+(?:also|additionally|reportedly|previously|recently|later|separately|further|likely|then|"
    r"explicitly|notably|similarly|again|itself|even|falsely|erroneously|prematurely|already|indirectly|"
    r"on \w+ \d{1,2}(?:[-–]\d{1,2})?|on \w+|in a (?:\w+ ){0,4}(?:post|statement|interview|briefing)))+$",
    re.I,
)
NO_THAT_CUES = {"shows", "show", "showed", "depicts", "depicted", "confirmed", "confirms", "indicates", "indicated"}
NOUN_CUES = {"claim", "claims", "report", "reports", "show", "shows"}
NOUN_BEFORE = re.compile(r"(?:['’]s|\bthe|\bthese|\bthose|\bsuch|\bhis|\bher|\btheir|\bits|\bof|\bsimilar|\ba|"
                         r"\bthis|\bthat)\s+(?:[\w-]+\s+){0,2}$", re.I)


# "claimed the Russian forces recaptured X": a reported clause without "that".
DIRECT_CLAUSE_RE = re.compile(rf"\s+(?:that\s+)?(?:the\s+)?(?:{lx.RU_MARKER}|{lx.UA_MARKER})[\w’'-]*\s+(?:[\w’'-]+\s+){{0,3}}?"
                              r"(?:forces|troops|units|soldiers|servicemen|fighters|militia)\b")


@dataclass
class Voice:
    start: int  # absolute offset from which this voice speaks
    status: str  # claimed | confirmed | assessed | denied
    claimed_by: str
    side: str  # UA | RU | other | unknown
    kind: str  # SOURCE_KINDS


ANALYST = ("assessed", "ISW", "other", "think_tank")


def author_voice(doc: Document) -> tuple[str, str, str, str]:
    """The voice of the document's own (unattributed) statements: its publisher's.

    ISW's reports speak as the analyst ("assessed"); a news outlet's own sentences are that outlet's
    reporting ("claimed" by AFP, CNN, Ukrinform ...), with the outlet's side from the source registry, so
    that a CNN story never adds to or takes from ISW's track record.
    """
    annotate_news(doc)
    if doc.voice in ("", "ISW"):
        return ANALYST
    info = describe(doc.voice)
    side = info.side if info.known else "unknown"
    return ("claimed", doc.voice, side, "media")


def source_kind(subject: str) -> str:
    s = subject.lower()
    if lx.FOOTAGE_RE.search(subject):
        return "footage"
    if re.search(r"milblogger|telegram|channel|rybar|war correspondent|voenkor|blogger", s):
        return "milblogger"
    if re.search(r"mayor|governor|oblast head|military administration|oblast council|regional|city council|"
                 r"occupation head|occupation official", s):
        return "local_official"
    if re.search(r"general staff|forces|corps|brigade|command|ministry of defen[cs]e|\bmod\b|military|spokesperson|"
                 r"commander|army|guard|battalion|intelligence|\bhur\b|\bgur\b|regiment|division|unit|grouping", s):
        return "military"
    if re.search(r"president|minister|kremlin|government|presidential|advisor|official|deputy|ambassador|"
                 r"head of|putin|zelensk|peskov|pushilin|lavrov", s):
        return "government"
    if re.search(r"outlet|media|tass|ria|news|newspaper|agency|journalist|reporter|times|post\b", s):
        return "media"
    if re.search(r"\bisw\b|institute|we\b", s):
        return "think_tank"
    return "other"


def subject_before(text: str, lo: int, cue_start: int) -> tuple[int, str]:
    """(absolute start, text) of the subject of the cue at `cue_start`; `text` is the whole document."""
    start = lo
    for m in CLAUSE_START_RE.finditer(text, lo, cue_start):
        start = m.end()
    subj = text[start:cue_start]
    lead = len(subj) - len(subj.lstrip(" ,"))
    subj = subj.strip(" ,")
    subj = re.sub(r"^(?:and|but|while|as|also|additionally|meanwhile|separately)\s+", "", subj, flags=re.I)
    subj = _TRAILING_ADVERBS.sub("", subj).strip(" ,")
    return start + lead, subj


def voices(doc: Document, lo: int, hi: int) -> list[Voice]:
    """The voices of the sentence `doc.text[lo:hi]`, in order; the first is the analyst's."""
    text = doc.text
    own = author_voice(doc)
    out = [Voice(lo, *own)]
    for m in lx.CUE_RE.finditer(text, lo, hi):
        cue = m.group("cue").lower()
        if m.group("cue")[0].isupper():
            continue  # "Reports of ..." at sentence start is a noun
        if cue in NOUN_CUES and NOUN_BEFORE.search(text, max(lo, m.start() - 40), m.start()):
            continue  # "Kadyrov's claims that ...": the speaker is whoever speaks around it
        after = text[m.end(): min(hi, m.end() + 90)]
        that = re.match(r"[^.;]*?\bthat\b", after)
        if that and not re.search(r"\b(?:Russian|Ukrainian) (?:forces|troops)\b", after[: that.end()]):
            voice_start = m.end() + that.end()
        elif cue in NO_THAT_CUES or cue in lx.DENY_CUES or DIRECT_CLAUSE_RE.match(after) or re.match(
                r"\s+to\s+(?:have|be)\b", after):  # "claimed to have liberated X"
            voice_start = m.end()
        else:
            continue
        s_start, subj = subject_before(text, lo, m.start())
        prev = out[-1]
        if prev.claimed_by != own[1] and re.search(r"\band\s+(?:\w+ly\s+)?$", text[max(lo, m.start() - 20):m.start()]):
            subj = prev.claimed_by  # "X stated that ... and suggested that ...": same speaker
        if not subj:
            continue
        kind = source_kind(subj)
        side = lx.side_of(subj) or ("other" if kind == "think_tank" else "unknown")
        if kind == "footage":
            status = "confirmed" if cue not in lx.DENY_CUES else "denied"
        elif cue in lx.DENY_CUES:
            status = "denied"
        elif kind == "think_tank":
            status = "assessed"
        else:
            status = "claimed"
        if lx.FALSELY_RE.search(text, max(lo, m.start() - 30), m.start()):
            out.append(Voice(voice_start, "denied", own[1], own[2], own[3]))
            continue
        out.append(Voice(voice_start, status, subj, side, kind))
    for m in lx.ASSESS_RE.finditer(text, lo, hi):
        # "indicating that" is the author's inference; "ISW assesses" is ISW's, whoever quotes it
        out.append(Voice(m.end(), *(ANALYST if "ISW" in m.group(0) else own)))
    out.sort(key=lambda v: v.start)
    return out


def voice_at(vs: list[Voice], pos: int) -> Voice:
    best = vs[0]
    for v in vs:
        if v.start <= pos:
            best = v
    return best


def claim_at(doc: Document, pos: int) -> int | None:
    """Index of the innermost claim of the claims stage whose span covers `pos`.

    Claims sorted by start (kept on the document while its claims do not change): only those starting
    within the longest claim's length before `pos` can cover it, so a call costs the same in any document."""
    index = doc.__dict__.get("_claim_index")
    if index is None or index[0] != len(doc.claims):
        order = sorted(range(len(doc.claims)), key=lambda i: doc.claims[i].start)
        longest = max((c.end - c.start for c in doc.claims), default=0)
        index = (len(doc.claims), order, [doc.claims[i].start for i in order], longest)
        doc.__dict__["_claim_index"] = index
    _, order, starts, longest = index
    best: int | None = None
    best_len = 1 << 30
    k = bisect.bisect_right(starts, pos) - 1
    while k >= 0 and starts[k] >= pos - longest:
        c = doc.claims[order[k]]
        if c.start <= pos < c.end and c.end - c.start < best_len:
            best, best_len = order[k], c.end - c.start
        k -= 1
    return best


def voice_from_claim(c: Claim, pos: int) -> Voice:
    src = c.source
    kind = src.kind or "other"
    if kind == "footage":
        status = "confirmed"
    elif kind == "think_tank":
        status = "assessed"
    elif c.negated or c.cue.lower() in lx.DENY_CUES:
        status = "denied"
    else:
        status = "claimed"
    return Voice(pos, status, src.text or src.name, src.side or "unknown", kind)
