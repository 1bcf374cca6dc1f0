"""Who is speaking at each point of a sentence: the analyst, a named source, or footage.

ISW sentences nest voices: "A Russian milblogger claimed that Ukrainian forces began infiltrating ...
from Myrove, indicating that Ukrainian forces also liberated Myrove" is the milblogger's claim up to
"indicating that", then the analyst's assessment. A control statement takes the voice in force at its
verb.

There is one attribution engine, the claims stage (`frontscope.claims.attribution`): the voices of a sentence
are its claims (who, with the source's registry side and kind, from the reporting verb of the country profile),
each speaking from the start of its reported clause, plus the author's own voice and the analyst's ("indicating
that", "ISW assesses"). The author is the document's publisher, looked up in the source registry; the profile's
`analyst` (ISW) speaks in assessments. This module only decides where a voice starts and its status
(claimed, confirmed, assessed, denied).
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from dataclasses import dataclass
from functools import lru_cache

from frontscope.claims.sources import describe
from frontscope.events import lexicon as lx
from frontscope.ingest.news import annotate_news
from frontscope.model import Claim, Document
from frontscope.nlp.folded import FoldedPattern
from frontscope.profile import Profile, profile

# "claimed the Russian forces recaptured X": a reported clause without "that".
DIRECT_CLAUSE_RE = re.compile(rf"\s+(?:that\s+)?(?:the\s+)?(?:{lx.RU_MARKER}|{lx.UA_MARKER})[\w’'-]*\s+(?:[\w’'-]+\s+){{0,3}}?"
                              r"(?:forces|troops|units|soldiers|servicemen|fighters|militia)\b")
# Verbs whose content is their object, with no "that": "footage shows Russian forces in X".
NO_THAT_CUES = {"shows", "show", "showed", "depicts", "depicted", "confirmed", "confirms", "indicates", "indicated"}


@dataclass
class Voice:
    start: int  # absolute offset from which this voice speaks
    status: str  # claimed | confirmed | assessed | denied
    claimed_by: str
    side: str  # UA | RU | other | unknown
    kind: str  # SOURCE_KINDS


def analyst_voice() -> tuple[str, str, str, str]:
    """The analyst's voice (the profile's `analyst`, e.g. ISW): assessments, with its registry side and kind."""
    return _analyst(profile())


@lru_cache(maxsize=8)
def _analyst(prof: Profile) -> tuple[str, str, str, str]:
    info = describe(prof.analyst)
    return ("assessed", info.name, info.side, info.kind)


def author_voice(doc: Document) -> tuple[str, str, str, str]:
    """The voice of the document's own (unattributed) statements: its publisher's.

    The analyst's reports speak as the analyst ("assessed"); a news outlet's own sentences are that outlet's
    reporting ("claimed" by AFP, CNN, Ukrinform ...), with the outlet's side from the source registry, so
    that a CNN story never adds to or takes from the analyst's track record.
    """
    annotate_news(doc)
    if doc.voice in ("", profile().analyst):
        return analyst_voice()
    info = describe(doc.voice)
    side = info.side if info.known else "unknown"
    return ("claimed", doc.voice, side, "media")


def _sentence_claims(doc: Document, lo: int, hi: int) -> list[Claim]:
    """The claims whose source sits in `doc.text[lo:hi]`, in text order (by bisection on the claim index)."""
    claim_at(doc, lo)  # builds the index
    _, order, starts, longest = doc.__dict__["_claim_index"]
    k0 = bisect.bisect_left(starts, lo - longest)
    k1 = bisect.bisect_left(starts, hi)
    got = [doc.claims[order[k]] for k in range(k0, k1)]
    return sorted((c for c in got if lo <= c.source.start < hi and c.cue != "according to"),
                  key=lambda c: (c.source.start, c.source.end))


def _repeated_claims(doc: Document, lo: int, hi: int) -> list[Claim]:
    """The claims of a sentence the claims stage skipped as a repeat of an earlier one (Key Takeaways repeat
    body sentences), moved onto this occurrence: each source found again in this sentence's text."""
    from frontscope.claims.attribution import sentence_key

    cached = doc.__dict__.get("_first_sentence")
    if cached is None:
        first_of: dict[str, tuple[int, int]] = {}
        key_at: dict[tuple[int, int], str] = {}
        for s in doc.sentences:
            key = key_at[(s.start, s.end)] = sentence_key(doc.text[s.start:s.end])
            first_of.setdefault(key, (s.start, s.end))
        cached = doc.__dict__["_first_sentence"] = (first_of, key_at)
    first_of, key_at = cached
    key = key_at.get((lo, hi))
    first = first_of.get(key if key is not None else sentence_key(doc.text[lo:hi]))
    if first is None or first[0] == lo:
        return []
    out: list[Claim] = []
    pos = lo
    for c in _sentence_claims(doc, *first):
        at = doc.text.find(c.source.text, pos, hi)
        if at < 0:
            continue
        d = at - c.source.start
        src = dataclasses.replace(c.source, start=c.source.start + d, end=c.source.end + d)
        out.append(dataclasses.replace(c, start=c.start + d, end=min(hi, c.end + d), source=src))
        pos = at
    return out


def _cue_end(text: str, c: Claim, hi: int) -> int | None:
    """Where the claim's reporting verb ends: its first occurrence after the source."""
    m = _cue_re(c.cue).search(text, c.source.end, hi)
    return m.end() if m else None


@lru_cache(maxsize=512)
def _cue_re(cue: str) -> re.Pattern[str]:
    return re.compile(rf"\b{re.escape(cue)}\b", re.I)


def ensure_claims(doc: Document) -> None:
    """Run the claims stage on a document that has not been through it (the events stage reads its claims;
    the pipeline runs it first, a direct call of the event rules may not have)."""
    if "claims" in doc.stages_run or doc.claims or doc.__dict__.get("_claims_for_voices"):
        return
    # deferred: the claims stage loads its vocabulary
    from frontscope.claims.attribution import extract_claims

    doc.__dict__["_claims_for_voices"] = True
    extract_claims(doc)


@lru_cache(maxsize=8)
def _deny_forms(prof: Profile) -> frozenset[str]:
    """Forms of the profile's denial verbs (verbs.toml `denial = true`): a claim under one is "denied"."""
    return frozenset(prof.deny_forms())


@lru_cache(maxsize=8)
def _deny_participles(prof: Profile) -> frozenset[str]:
    return frozenset(prof.speech_participles(denials=True))


@lru_cache(maxsize=8)
def _participle_re(prof: Profile) -> re.Pattern[str]:
    """", saying (that)", ", insisting that": a speech verb's participle after a comma opens the speaker's own
    assertion ("Ukraine's command denied the claim, saying its units still held the town": the hold is claimed,
    not denied)."""
    forms = "|".join(sorted(prof.speech_participles(), key=len, reverse=True))
    return re.compile(rf",\s+(?:and\s+)?(?P<cue>{forms})\b(?:\s+that\b)?", re.I)


@lru_cache(maxsize=8)
def _assess_re(prof: Profile) -> FoldedPattern:
    """Where the writer's own judgement starts: the analyst's ("ISW assesses that", "we assess"), or an inference
    verb of the profile (verbs.toml `inference = true`) as a participle ("indicating that", "inadvertently
    confirming that", "suggesting Russian ...", not "not confirming that") or in "which suggests that": the writer
    concludes, whoever said what it is concluded from ("The MoD said it struck X, confirming that Ukraine holds X")."""
    ing = "|".join(sorted(prof.inference_participles(), key=len, reverse=True))
    third = "|".join(sorted((f for f in prof.inference_forms() if f.endswith("s")), key=len, reverse=True))
    analyst = re.escape(prof.analyst)
    return FoldedPattern(
        rf"\b(?<!\bnot )(?:(?:{ing}) that|which (?:likely )?(?:{third}) that|{analyst} (?:assesses|has assessed|"
        rf"previously assessed|assessed)(?: that)?|we assess(?: that)?|{analyst} has (?:observed|confirmed)|"
        rf"(?:{ing})(?= (?:Russian|Ukrainian)))")


@lru_cache(maxsize=8)
def _falsely_re(prof: Profile) -> FoldedPattern:
    """"falsely claiming that", "erroneously reported": the author denies what follows, whoever the speaker."""
    forms = "|".join(sorted({f for v in prof.verbs.values() for f in v.forms}, key=len, reverse=True))
    return FoldedPattern(rf"{lx.FALSELY_RE.pattern[:-1]}(?P<cue>{forms})\b")


def voices(doc: Document, lo: int, hi: int) -> list[Voice]:
    """The voices of the sentence `doc.text[lo:hi]`, in order; the first is the author's (worked out once per
    sentence and document: the control, area and ACLED rules all ask for the same sentences)."""
    cache = doc.__dict__.setdefault("_voices", {})
    got = cache.get((lo, hi))
    if got is None:
        got = cache[(lo, hi)] = _voices(doc, lo, hi)
    return got


def _voices(doc: Document, lo: int, hi: int) -> list[Voice]:
    ensure_claims(doc)
    text = doc.text
    own = author_voice(doc)
    out = [Voice(lo, *own)]
    prof = profile()  # once per sentence: it reads the environment
    deny = _deny_forms(prof)
    seen: set[int] = set()
    for c in _sentence_claims(doc, lo, hi) or _repeated_claims(doc, lo, hi):
        cue = c.cue.lower()
        end = _cue_end(text, c, hi)
        if end is None:
            continue
        after = text[end: min(hi, end + 90)]
        that = re.match(r"[^.;]*?\bthat\b", after)
        if that and not re.search(r"\b(?:Russian|Ukrainian) (?:forces|troops)\b", after[: that.end()]):
            voice_start = end + that.end()
        elif cue.split()[0] in NO_THAT_CUES or cue in deny or DIRECT_CLAUSE_RE.match(after) or re.match(
                r"\s+to\s+(?:have|be)\b", after):  # "claimed to have liberated X"
            voice_start = end
        else:
            continue  # "reported clashes near X": no reported clause; the claim still covers it (`claim_at`)
        if voice_start in seen:
            continue  # "Zelensky and Podolyak stated that": one voice
        seen.add(voice_start)
        src = c.source
        kind = _kind(c, text, end)
        if kind == "footage":
            status = "confirmed" if cue not in deny else "denied"
        elif cue in deny:
            status = _after_denial(text, end, voice_start, prof)  # "rejected the claim, adding that ...": claimed
        elif kind == "think_tank":
            status = "assessed"
        else:
            status = "claimed"
        if lx.FALSELY_RE.search(text, max(lo, end - len(c.cue) - 30), end - len(c.cue)):
            continue  # "X falsely claimed that": the author's denial (below)
        side = src.side or "unknown"
        if kind == "footage" and side not in ("UA", "RU"):
            # Footage has no side of its own: it shows the side its clause is about ("Ukrainian forces advanced
            # ..., and geolocated footage showed that they liberated X", "imagery of Russian positions shows")
            side = lx.side_of(text[lo:end]) or side
        out.append(Voice(voice_start, status, src.text or src.name, side, kind))
        if status == "denied":
            # "X denied A, saying B": B is X's own assertion (a denial again only under a denial verb)
            after = _participle_re(prof).search(text, voice_start, hi)
            if after is not None:
                out.append(Voice(after.end(), _participle_status(after, prof), src.text or src.name, side, kind))
    for m in _falsely_re(prof).finditer(text, lo, hi):
        after = text[m.end(): min(hi, m.end() + 90)]
        that = re.match(r"[^.;]*?\bthat\b", after)
        # after any claim voice starting at the same place, so that it wins there ("X said ... falsely claiming that")
        out.append(Voice(m.end() + (that.end() if that else 0), "denied", own[1], own[2], own[3]))
    analyst = _analyst(prof)
    for m in _assess_re(prof).finditer(text, lo, hi):
        # "indicating that" is the author's inference; "ISW assesses" is the analyst's, whoever quotes it
        out.append(Voice(m.end(), *(analyst if prof.analyst in m.group(0) else own)))
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


# "posted footage claiming to show ...", "shared purported footage": footage that only claims to show
_HEDGED_FOOTAGE_RE = re.compile(r"\s*(?:\S+\s+){0,3}?(?:claim\w*|purport\w*|alleged\w*|reportedly)\b", re.I)


def _kind(c: Claim, text: str, cue_end: int) -> str:
    """The kind of a claim's voice: its source's, except that footage a source posted is evidence ("Local
    Telegram channels published footage of Ukrainian forces raising a flag in X"), unless the text says it
    only claims to show it."""
    if " " in c.cue and lx.FOOTAGE_RE.search(c.cue) and not _HEDGED_FOOTAGE_RE.match(text, cue_end) \
            and not re.search(r"purport\w*|alleged\w*", c.cue, re.I):
        return "footage"
    return c.source.kind or "other"


def voice_from_claim(c: Claim, pos: int) -> Voice:
    src = c.source
    cue = _cue_re(c.cue).search(c.text, max(0, src.end - c.start)) if c.cue != "according to" else None
    kind = _kind(c, c.text, cue.end()) if cue else (src.kind or "other")
    if kind == "footage":
        status = "confirmed"
    elif kind == "think_tank":
        status = "assessed"
    elif c.negated:
        status = "denied"
    elif c.cue.lower() in _deny_forms(profile()):
        status = _after_denial(c.text, cue.end() if cue else 0, pos - c.start, profile())
    else:
        status = "claimed"
    return Voice(pos, status, src.text or src.name, src.side or "unknown", kind)


def _after_denial(text: str, start: int, pos: int, prof: Profile) -> str:
    """Status at `pos` of a denial's text: "denied", unless a speech participle between the verb and `pos` opened
    the speaker's own assertion ("denied the claim, saying its units still held the town": "claimed")."""
    last = None
    for m in _participle_re(prof).finditer(text, start, max(start, pos)):
        last = m
    return "denied" if last is None else _participle_status(last, prof)


def _participle_status(m: re.Match[str], prof: Profile) -> str:
    return "denied" if m.group("cue").lower() in _deny_participles(prof) else "claimed"
