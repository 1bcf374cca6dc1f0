"""Attributed statements: who said, claimed, reported, denied or showed what, when, citing what.

The stage `extract_claims(doc)` walks `doc.sentences` and, for each cue ("reported", "claimed", "did not
confirm", "according to", "footage shows", "ISW assesses" ...), finds the source phrase before it:

1. Rules first. The subject of an ISW attribution is almost always the noun phrase between the previous
   clause boundary (sentence start, "that", ", and", ";", "—") and the cue. It is accepted when it reads
   as a speaker (`sources.is_speaker`: a registry name, a speaker noun such as "milblogger" or "footage",
   or a proper name) and holds no verb.
2. Only when that phrase contains a verb or a relative clause is the sentence parsed with spaCy
   (`parse.subject_of`), so the parser runs on a small share of sentences.

A source phrase is then normalised (`sources.describe`): registry name, side and kind. Anaphors ("The
source", "the milblogger", "He", a bare surname) take the side and kind of the source they refer back
to. `said_on` is a date between the source and the start of the content ("reported on December 12
that"), else the date of the same source's statement in the sentence before, else the configured
default (none: ISW dates what it can date, and the gold data leaves the rest undated).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from frontscope.claims import parse
from frontscope.claims.quantities import find_quantities
from frontscope.claims.sources import (
    SPEAKER_WORDS,
    Registry,
    describe,
    guess_side,
    head_word,
    is_speaker,
    load_registry,
    strip_aside,
)
from frontscope.ingest.news import dateline_end, furniture_at, is_news, reference_date
from frontscope.model import Claim, Document, PlaceMention, Sentence, SourceRef
from frontscope.nlp.dates import DateMention, resolve_dates
from frontscope.nlp.folded import skip_ahead
from frontscope.nlp.language import CYRILLIC_LANGUAGES, detect_language
from frontscope.profile import Profile, profile
from frontscope.stages import stage

_PUBLISH_OBJECT = (r"(?:a\s+|an\s+|the\s+)?(?:\w+\s+){0,2}?(?:photos?|footage|videos?|images?|imagery|statements?|"
                   r"maps?|reports?|reports?|post|messages?|reading|readout|interview|address)")


@dataclass(frozen=True)
class _Cues:
    """The reporting verbs of a country profile (verbs.toml) and the regexes built from them."""

    form_lemma: dict[str, str]  # surface form -> lemma
    base_forms: frozenset[str]  # forms that only count after a negation, an auxiliary or a plural speaker
    publish: tuple[str, ...]  # "posted", "published" ...: they also take a document as object
    speech: frozenset[str]  # lemmas of speaking, worth a parse of a long subject
    cue_re: re.Pattern[str]
    cue_word_re: re.Pattern[str]


@lru_cache(maxsize=8)
def _cue_tables(prof: Profile) -> _Cues:
    verbs = prof.verbs
    form_lemma = {f: v.lemma for v in verbs.values() for f in v.forms}
    forms = "|".join(sorted(form_lemma, key=len, reverse=True))
    publish = verbs["publish"].forms
    # Every alternative opens with \b; said once more in front of them all, it turns away the positions inside a
    # word with one test instead of one per optional group (same matches, a quarter less scanning).
    cue_re = re.compile(
        r"\b(?:(?P<neg>\b(?:(?:did|does|do|has|have|had|could|can|would|will|is|are|was|were)\s+not|(?:did|does|do|has|have|"
        r"had|could|is|are|was|were)n[’']t|cannot|can't|has\s+yet\s+to|have\s+yet\s+to|never|neither)\s+"
        r"(?:(?:yet|independently|officially|publicly|explicitly|directly|been\s+able\s+to)\s+)*)?"
        r"(?P<aux>\b(?:has|have|had|did|does|do|would|will|can|could|may|might|also|reportedly|additionally)\s+)?"
        rf"\b(?P<cue>(?:{'|'.join(publish)})(?:\s+{_PUBLISH_OBJECT})?|"
        rf"(?:{forms}))\b"
        r"|(?P<acc>\b[Aa]ccording\s+to\s+))"
    )
    return _Cues(
        form_lemma=form_lemma,
        base_forms=frozenset(v.forms[-1] for v in verbs.values() if not v.forms[-1].endswith(("ed", "s"))),
        publish=publish,
        speech=frozenset(v.lemma for v in verbs.values() if v.speech),
        cue_re=cue_re,
        cue_word_re=skip_ahead(rf"\b(?:{forms}|[Aa]ccording)\b"),  # run over every sentence: skips ahead
    )


def _cues() -> _Cues:
    """The reporting verbs of the profile in force (FRONTSCOPE_PROFILE), compiled once per profile."""
    return _cue_tables(profile())


_BOUNDARY_RE = re.compile(
    r"(?:^|,\s+(?:and|but|while|whereas|as|although|though|since|because|after|before|when|so|yet)\s+|;\s+|\s[—–]\s*|"
    r",?\s+which\s+|"
    r"\bthat\s+|\bwhile\s+|\bwhereas\s+|\bbecause\s+|\balthough\s+|:\s+|"
    # "X claimed that A captured B but ISW has not observed ...": "but" opens a clause even without its comma
    # (when a subject follows; "... but noted that" shares the subject before it)
    r"(?<!\ball)\s+but\s+(?=(?-i:[A-Z])|(?:the|neither|it|they|he|she|we|this|these)\b))", re.I,
)
_INTRO_RE = re.compile(
    r"^(?:(?:on|in|as\s+of|by|since|during|after|before|meanwhile|however|additionally|separately|furthermore|"
    r"moreover|elsewhere|similarly|notably|later|earlier|also|then|still|instead|likewise|specifically)\b[^,]*,\s*)+",
    re.I,
)
_LEADING_WORDS = re.compile(r"^(?:(?:even|and|but|also|then|meanwhile|however|so|yet|still|both|that)\s+)+", re.I)
_TRAILING = re.compile(r"(?:[\s,]+(?:also|additionally|reportedly|recently|previously|explicitly|again|further|"
                       r"similarly|separately|notably|publicly|officially|later|then|have|has|had|did|does|do|both|"
                       r"all|likely|initially|first|subsequently|already|even|still|directly|specifically|\w+ly))+$",
                       re.I)
_ASIDE_RE = re.compile(r",\s*(?:for example|for instance|however|in turn|meanwhile|notably|in particular|"
                       r"moreover|though|too|meanwhile|separately|similarly)\s*,?\s*$", re.I)
_CUT_RE = re.compile(r",\s+(?:including|who|whose|which|citing|such as)\b|\s+who\s|\s+which\s|"
                     r"\s+(?:published|posted|released|shared|circulated)\s+(?:on|to|by|in|online)\b")
# Words that show a stretch of text is a clause, not a noun phrase. A participle inside a hyphenated compound
# ("Moscow-based", "Kremlin-backed") is an adjective.
_VERBISH = re.compile(
    r"\b(?:is|are|was|were|be|been|being|will|would|can|could|should|must|may|might|has|have|had|do|does|did|"
    r"not)\b|(?<![\w-])(?!(?:post|publish|releas|shar|circulat|film|record|geolocat|affiliat|coopt|co-opt|appoint|install|back|base|unspecifi|unnam|unidentifi|"
    r"self-proclaim|so-call|detain|occupi|unconfirm|confirm|recogniz|design|specializ|dedicat|embedd|annex|"
    r"us|united|limit|relat|sanction|exil|retir|wound|kill|captur|pro-kremlin|kremlin|associat|award|"
    r"disabl|frustrat|disgrac|dismiss|jail|imprison|wanted|bann|authoriz|accredit|region|print|pro)"
    r"\w*ed\b)[a-z][\w-]*ed\b"
)
_PRONOUNS = {"he", "she", "they", "it"}
_DOCUMENT_NOUNS = {"statement", "update", "report", "message", "communique", "bulletin", "post", "readout", "summary"}
_POSSESSOR_RE = re.compile(r"\b(?:the|this)\s+([a-z]+)['’]s?\s+(?:[a-z-]+\s+)?(?:spokes(?:person|man|woman)|head|chief|"
                           r"commander|press service|representative|director|deputy)\b")
_ANAPHOR_RE = re.compile(r"^(?:the|this|that|these|those)\s+(?:same\s+)?(?:[a-z-]+\s+){0,2}[a-z-]+$", re.I)
_PUBLISH_DATE_VERB = re.compile(r"\b(?:taken|filmed|recorded|shot|captured|dated)\b[^.]{0,60}$", re.I)
_COMPLEMENT_RE = re.compile(r"\b(?:that|whether|by)\b|[—–:]|,\s+\w+ing\b")
_DEFAULTS = ("auto", "none", "published", "day_before")
# "continued to claim", "refused to confirm": an infinitive cue that still has the subject before it as speaker.
_GO_ON_TO_RE = re.compile(r"\b(?:continued|continues|continue|began|begin|begins|refused|declined|failed)\s+to\s+$")
_NOUN_LIKE = {"claims", "reports", "states", "notes", "shows", "claim", "report", "state", "note", "show"}
_DEMONYM_WORDS = {"russian", "ukrainian", "american", "western", "british", "european", "other", "earlier", "false"}
_PREV_WORD = re.compile(r"\b([\w’']+)\s+$")
_NOT_BEFORE_CUE = {
    "any", "no", "the", "a", "an", "these", "those", "this", "its", "their", "his", "her", "our", "or", "of", "some",
    "newly", "widely", "unconfirmed", "being", "been", "be", "is", "are", "was", "were", "not", "as", "and",
}


_DOCUMENT_BY_RE = re.compile(
    r"(?:a|an|the|its|his|her|their)\s+(?:[\w-]+\s+){0,2}?(?:decree|statement|report|document|order|post|video|"
    r"readout|transcript|communiqu[eé]|resolution|bulletin|update|message|letter)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:published|issued|signed|released|posted|sent|circulated)\s+(?:on\s+\w+\s+)?by\s+", re.I)
# A quotation closes before a post-posed attribution: '"... — they pay for every meter," he said.'
_CLOSE_QUOTE_RE = re.compile(r"[,?!.]?[\"”]\s+")

# Patterns of the rules below, compiled once (each runs for most sentences or cues).
_ACCORDING_STOP_RE = re.compile(r"[,.;]|\s+(?:that|on|in|as|and)\s|\[\d")
_THAT_OR_TO_HAVE_RE = re.compile(r"\s+(?:that|to\s+(?:have|be))\b")
_DECLINED_TO_RE = re.compile(r"\b(?:declined|refused|declines|refuses)\s+to\s+$")
_THAT_NEXT_RE = re.compile(r"\s+that\b")
_NEXT_WORD_RE = re.compile(r"\s+([a-z]+)")
_OBJECT_NEXT_RE = re.compile(r"\s+(?:that|a|an|the|its|his|her|their)\b")
_ADDED_NEXT_RE = re.compile(r"\s+(?:that|on)\b|\s*(?:[.,;]|\[|$)")
_CALLED_NEXT_RE = re.compile(r"\s+(?:for|on)\b")
_COMMA_AND_RE = re.compile(r",\s+and\s+", re.I)
_AUX_BEFORE_CUE_RE = re.compile(
    r"(?:(?:^|\s+)(?:did|does|do|has|have|had|could|can|would|will|may|might|is|are|was|were|not|"
    r"cannot|yet|never|neither|independently|also|reportedly|additionally|to|been|able|n[’']t|"
    r"continued|continues|continue|began|begins|refused|declined|failed|attempted|sought|tried|"
    r"\w+ly)\b)+\s*$")
_AS_BEFORE_RE = re.compile(r"(?:^|,\s*|\s)as\s+$")
_CLAUSE_END_NEXT_RE = re.compile(r"\s*(?:[.,;]|\[|$)")
_ENDS_AND_BUT_RE = re.compile(r"\b(?:and|but)$", re.I)
_ENDS_CONJUNCTION_RE = re.compile(r"\b(?:and|but|or|nor)$", re.I)
_POSSESSIVE_END_RE = re.compile(r"[’']s?$")
_AND_RE = re.compile(r"\sand\s")
_LIST_SEP_RE = re.compile(r",\s+(?:and\s+)?|\s+and\s+")
_MARKERS_END_RE = re.compile(r"(?:\s?\[(?:\d{1,4}|[ivxlcdm]+)\]?)+\s*$")
_MARKER_RE = re.compile(r"\[(?:\d{1,4}|[ivxlcdm]+)\]")
_NON_WORDS_RE = re.compile(r"\W+")
_CLAIM_BOUNDARY_RE = re.compile(r"[,;]?\s*(?:and|but|while|whereas)?\s*$")


@dataclass
class _Cand:
    """A cue found in a sentence, before its source is settled."""

    cue_start: int
    cue_end: int
    cue: str
    negated: bool
    src_start: int
    src_end: int
    after_that: bool  # the source follows a "that" of an earlier cue (a nested report)
    according: bool = False
    coordinated: bool = False  # "X advanced ... and claimed": the claim starts at the cue


def _strip_span(text: str, a: int, b: int) -> tuple[int, int]:
    """Trim whitespace, intro phrases ("On June 24, "), leading and trailing adverbs from text[a:b]."""
    while a < b and text[a] in " \t\n,“\"'(":
        a += 1
    while b > a and text[b - 1] in " \t\n,":
        b -= 1
    chunk = text[a:b]
    m = _INTRO_RE.match(chunk)
    if m and m.end() < len(chunk):
        a += m.end()
    m = _LEADING_WORDS.match(text[a:b])
    if m:
        a += m.end()
    m = _TRAILING.search(text[a:b])
    if m and m.start() > 0:
        b = a + m.start()
    m = _CUT_RE.search(text, a, b)
    if m:
        b = m.start()
    m = _ASIDE_RE.search(text, a, b)
    if m:
        b = m.start()
    while b > a and text[b - 1] in " \t\n,":
        b -= 1
    return a, b


def _cue_matches(cue_re: re.Pattern[str], text: str, hits: list[int], lo: int, end: int) -> Iterator[re.Match[str]]:
    """`cue_re.finditer(text, max(lo, hits[0] - 60), end)`, stopped after the last cue word (`hits`): every match
    holds one, so none starts after the last, and the rest of the sentence need not be scanned."""
    pos, last = max(lo, hits[0] - 60), hits[-1]
    while pos <= last:
        m = cue_re.search(text, pos, end)
        if m is None:
            return
        yield m
        pos = m.end()


def _candidates(text: str, s: Sentence) -> list[_Cand]:
    out: list[_Cand] = []
    body_end = s.end
    k = _cues()
    hits = [h.start() for h in k.cue_word_re.finditer(text, s.start, body_end)]
    if not hits:
        return out
    # The full pattern (negation, auxiliaries, objects) is only run near a cue word.
    for m in _cue_matches(k.cue_re, text, hits, s.start, body_end):
        if m.group("acc"):
            # "according to X, ..." / "..., according to X." : the source follows the cue.
            a = m.end()
            # "according to a decree published by the Kremlin": the speaker is who published the document
            doc_by = _DOCUMENT_BY_RE.match(text, a, body_end)
            if doc_by:
                a = doc_by.end()
            stop = _ACCORDING_STOP_RE.search(text, a, body_end)
            b = stop.start() if stop else body_end
            out.append(_Cand(m.start("acc"), m.end("acc") - 1, "according to", False, a, b, False, True))
            continue
        cue = m.group("cue")
        first = cue.split()[0].lower()
        prev = _PREV_WORD.search(text, max(s.start, m.start() - 30), m.start())
        verb_and = bool(prev and prev.group(1).lower() == "and"
                        and _THAT_OR_TO_HAVE_RE.match(text[m.end():m.end() + 12]))
        if not m.group("neg") and not m.group("aux") and not verb_and and (
                text[m.start() - 1: m.start()] == "-" or (prev and prev.group(1).lower() in _NOT_BEFORE_CUE)):
            continue  # "any confirmed advances", "ISW-assessed", "claimed or assessed": adjectives
        negated = bool(m.group("neg"))
        aux = (m.group("aux") or "").strip().lower()
        nxt = text[m.end(): m.end() + 12]
        if nxt.lstrip().lower().startswith("by "):
            continue  # passive: "confirmed by NASA FIRMS data"
        declined = _DECLINED_TO_RE.search(text[max(s.start, m.start() - 20): m.start()])
        if first in k.base_forms and not declined and not (
                negated or aux in ("did", "does", "do", "can", "could", "will", "would")):
            # "Russian sources claim that", "social media posts show" are verbs; "a claim of", "the report" nouns.
            pw = prev.group(1).lower() if prev else ""
            if not _THAT_NEXT_RE.match(nxt) and not SPEAKER_WORDS.fullmatch(pw):
                continue
        infinitive = bool(_GO_ON_TO_RE.search(text, max(s.start, m.start() - 25), m.start()))
        after_comma = text[max(s.start, m.start() - 2):m.start()].rstrip().endswith(",")
        if first in _NOUN_LIKE and not negated and not aux and not infinitive and not after_comma:
            # "continued to claim that", "Satellite imagery of X, 15km north of Y, shows that": verbs
            pw = prev.group(1) if prev else ""
            if not (pw[:1].isupper() and pw.lower() not in _DEMONYM_WORDS) and not pw.lower().endswith("ly") \
                    and not pw.isdigit() \
                    and not SPEAKER_WORDS.fullmatch(pw.lower()) and pw.lower() not in ("also", "now", "still"):
                continue  # "repeated claims that", "Ukrainian reports": nouns
            nw = _NEXT_WORD_RE.match(nxt)
            if nw and (nw.group(1) in k.form_lemma or nw.group(1) in ("have", "has", "are", "were", "also")):
                continue  # "Regional reports noted": the noun is the subject of the next verb
        if first in k.base_forms and prev and prev.group(1).lower() == "to" and not infinitive:
            continue  # "too soon to assess": an infinitive with no speaker
        if first in k.publish and " " not in cue and not _OBJECT_NEXT_RE.match(nxt):
            continue  # "footage published on December 31 shows": a participle; the verb comes later
        if first == "added" and not _ADDED_NEXT_RE.match(nxt):
            continue  # "added" ends a post-posed attribution ("..., the statement added.") or opens "added that"
        if first == "called" and not _CALLED_NEXT_RE.match(nxt):
            continue
        out.append(_Cand(m.start("cue"), m.end("cue"), cue, negated, s.start, m.start(), False))
    return out


def _find_source(
    text: str, s: Sentence, c: _Cand, reg: Registry, place_spans: set[tuple[int, int]],
    parsed: tuple[int, int] | None | bool = False,
) -> bool | None:
    """Settle c.src_start/src_end; False when the cue has no speaker of its own, None when the rules
    need the dependency parse (call again with `parsed` = `parse.subject_in(...)`'s answer)."""
    if c.according:
        a, b = _strip_span(text, c.src_start, c.src_end)
        c.src_start, c.src_end = a, b
        return b > a and is_speaker(text[a:b], reg)
    region_start = s.start
    # Back from the cue to the nearest clause boundary.
    lo = region_start
    bounds = [bm for bm in _BOUNDARY_RE.finditer(text, region_start, c.cue_start)
              if bm.end() <= c.cue_start and bm.group(0)]
    if bounds:
        lo = bounds[-1].end()
        c.after_that = bounds[-1].group(0).strip().lower() == "that"
        if _COMMA_AND_RE.fullmatch(bounds[-1].group(0)):
            # "Putin, Peskov, and Lavrov stated": the ", and" closes a list of subjects, not a clause.
            seg_start = bounds[-2].end() if len(bounds) > 1 else region_start
            seg = text[seg_start:bounds[-1].start()]
            pieces = [p.strip() for p in seg.split(",")]
            if pieces and all(p[:1].isupper() and is_speaker(p, reg) and not _VERBISH.search(p) for p in pieces):
                lo = seg_start
                c.after_that = len(bounds) > 1 and bounds[-2].group(0).strip().lower() == "that"
    quotes = [q for q in _CLOSE_QUOTE_RE.finditer(text, lo, c.cue_start) if q.end() <= c.cue_start]
    if quotes and text.count('"', s.start, quotes[-1].end()) % 2 == 0:
        lo = quotes[-1].end()  # the speaker follows the closing quote
    chunk_end = c.cue_start
    # Drop the negation/auxiliary words in front of the cue from the subject.
    aux = _AUX_BEFORE_CUE_RE.search(text[lo:chunk_end])
    if aux:
        chunk_end = lo + aux.start()
    a, b = _strip_span(text, lo, chunk_end)
    chunk = text[a:b]
    if not chunk:
        return False
    if _AS_BEFORE_RE.search(text[max(s.start, a - 4):a]) and _CLAUSE_END_NEXT_RE.match(text[c.cue_end:]):
        return False  # "..., as ISW has previously assessed.": a back-reference, not a new statement
    # "Russian forces advanced near X and claimed to have seized Y": a cue coordinated with an earlier verb
    # speaks with that verb's subject (the parse finds it); the claim starts at the cue, not at the subject.
    coordinated = bool(_ENDS_AND_BUT_RE.search(chunk)) and _VERBISH.search(chunk) is not None
    if (_ENDS_CONJUNCTION_RE.search(chunk) or chunk.lower() in ("which", "that", "who")) \
            and not coordinated:
        return False  # "... and suggested that": the verb shares the subject before it
    if _POSSESSIVE_END_RE.search(chunk) or chunk.endswith("s’"):
        return False  # "the Russian MoD's claims": a noun, not a verb
    words = chunk.split()
    complex_ = coordinated or len(words) > 14 or _VERBISH.search(strip_aside(chunk)) is not None  # "though undated"
    if complex_:
        k = _cues()
        if k.form_lemma.get(c.cue.split()[0].lower()) not in k.speech:
            # An evidential cue after a clause ("... failure to advance indicates that") is the analyst's
            # inference, not an attribution: not worth a parse.
            return False
        if parsed is False:
            return None
        got = parsed
        if got is None or got is True:
            return False
        a, b = _strip_span(text, s.start + got[0], s.start + got[1])
        chunk = text[a:b]
        if not chunk or _VERBISH.search(chunk):
            return False
    if (a, b) in place_spans:
        return False  # a bare place name is not a speaker ("Kupyansk shows")
    if chunk.lower() in _PRONOUNS:
        c.src_start, c.src_end = a, b
        return True
    if not is_speaker(chunk, reg) and not _forces_report(text, chunk, c):
        return False
    c.src_start, c.src_end = a, b
    c.coordinated = coordinated and b <= c.cue_start
    return True


_FORCES_RE = re.compile(r"(?:the\s+)?[\w'’-]+\s+(?:forces|troops)", re.I)
_REPORTED_CLAUSE_RE = re.compile(r"\s+(?:that\b|to\s+(?:have|be)\b|(?:the\s+)?[A-Z][\w'’-]*\s+(?:[\w'’-]+\s+){0,3}?(?:forces|troops|units)\b)")


def _forces_report(text: str, chunk: str, c: _Cand) -> bool:
    """"Ukrainian forces reported (that) Russian troops attempted ...": a side's forces speak through their
    reports when a verb of speaking introduces a clause (not "Russian forces claimed Bakhmut")."""
    if not _FORCES_RE.fullmatch(chunk) or guess_side(chunk) not in ("UA", "RU"):
        return False
    k = _cues()
    return k.form_lemma.get(c.cue.split()[0].lower()) in k.speech and bool(_REPORTED_CLAUSE_RE.match(text, c.cue_end))


def _sources_for_all(
    items: list[tuple[Document, set[tuple[int, int]], set[int]]], reg: Registry,
) -> list[list[list[_Cand]]]:
    """For each (document, its place spans, its heading starts): the candidates with settled sources of every
    sentence. The sentences that need the parser, in all the documents, are parsed together in one batch
    (spaCy is about 1.5x faster per sentence on a batch of 16 than on a report's two or three)."""
    found: list[list[list[_Cand]]] = []
    pending: list[tuple[int, Sentence, _Cand]] = []  # (item, sentence, candidate) waiting for the parse
    for k, (doc, place_spans, heading_starts) in enumerate(items):
        text = doc.text
        out: list[list[_Cand]] = []
        dl_end = dateline_end(doc)
        sents = [dataclasses.replace(s, start=dl_end + len(text[dl_end:s.end]) - len(text[dl_end:s.end].lstrip()))
                 if s.start < dl_end < s.end else s for s in doc.sentences]
        for s in sents:
            kept: list[_Cand] = []
            if s.start not in heading_starts:
                for c in _candidates(text, s):
                    ok = _find_source(text, s, c, reg, place_spans)
                    if ok is None:
                        pending.append((k, s, c))
                        kept.append(c)
                    elif ok:
                        kept.append(c)
            out.append(kept)
        found.append(out)
    if pending:
        subjects = parse.subjects([items[k][0].text[s.start:s.end] for k, s, _ in pending],
                                  [c.cue_start - s.start for _, s, c in pending])
        for (k, s, c), got in zip(pending, subjects, strict=True):
            doc, place_spans, _ = items[k]
            if not _find_source(doc.text, s, c, reg, place_spans, got):
                c.src_start = c.src_end = 0  # rejected
    return found


def _split_sources(text: str, a: int, b: int, reg: Registry) -> list[tuple[int, int]]:
    """'Zelensky and Podolyak' -> two spans; 'Russian sources and milbloggers' stays one."""
    chunk = text[a:b]
    if "(" in chunk or not _AND_RE.search(chunk):
        return [(a, b)]  # "X, the deputy head of Y," is an apposition, not a list
    parts: list[tuple[int, int]] = []
    pos = 0
    for m in _LIST_SEP_RE.finditer(chunk):
        parts.append((pos, m.start()))
        pos = m.end()
    parts.append((pos, len(chunk)))
    if len(parts) < 2:
        return [(a, b)]
    for p0, p1 in parts:
        piece = chunk[p0:p1]
        first = piece.split()[0] if piece.split() else ""
        if not first or not (first[0].isupper() or first.lower() in ("the", "a", "an")):
            return [(a, b)]
        if not is_speaker(piece, reg) or len(piece.split()) == 1 and piece.lower() in _DEMONYMS:
            return [(a, b)]
    return [(a + p0, a + p1) for p0, p1 in parts]


_DEMONYMS = {"russian", "ukrainian", "american", "british", "european", "western", "belarusian", "other"}


def _said_on_window(text: str, src_start: int, cue_end: int, clause_end: int) -> tuple[int, int]:
    """Where a said-on date may sit: from the source to the start of the content."""
    m = _COMPLEMENT_RE.search(text, cue_end, clause_end)
    return src_start, (m.start() if m else clause_end)


def _pick_said_on(dates: list[DateMention], text: str, published: dt.date | None) -> dt.date | None:
    for d in dates:
        if d.granularity not in ("day", "days", "night") or d.qualifier in ("since", "until", "by", "before", "after"):
            continue
        if _PUBLISH_DATE_VERB.search(text[max(0, d.start - 70): d.start]):
            continue  # "footage taken ... on September 11": when it was filmed, not published
        day = d.end_date
        if published is not None and day > published:
            continue
        return day
    return None


def _strip_markers_end(text: str, a: int, b: int) -> int:
    """Sentence end without its trailing endnote markers."""
    m = _MARKERS_END_RE.search(text[a:b])
    return a + m.start() if m else b


@lru_cache(maxsize=4096)  # the claims stage and the voices of the events stage key the same sentences
def sentence_key(body: str) -> str:
    """A sentence's words without endnote markers, lower case: Key Takeaways repeat body sentences, and a
    repeat gets no claims of its own (the first occurrence holds them)."""
    if "[" in body:
        body = _MARKER_RE.sub("", body)
    return _NON_WORDS_RE.sub(" ", body).strip().lower()


def extract_claims_batch(
    docs: list[Document], *, registry: Registry | None = None, default_said_on: str = "auto",
) -> None:
    """`extract_claims` over several documents at once (the stage's batch function, see `Pipeline.pipe`): the
    same claims, with the sentences that need the dependency parse parsed in one batch across them."""
    if default_said_on not in _DEFAULTS:
        raise ValueError(f"default_said_on must be one of {_DEFAULTS}")
    reg = registry or load_registry()
    english: list[tuple[Document, set[tuple[int, int]], set[int]]] = []
    for doc in docs:
        if (doc.language or detect_language(doc.text)) in CYRILLIC_LANGUAGES:  # Ukrainian/Russian: own shapes
            from frontscope.claims.cyrillic import extract_claims_cyrillic

            doc.claims.extend(extract_claims_cyrillic(doc, registry))
            continue
        heading_starts = {h.start for h in doc.headings}
        # Captions, read-more links, credits and footers are page furniture, not statements of the story.
        heading_starts |= {s.start for s in doc.sentences if furniture_at(doc, s.start) not in ("", "dateline")}
        english.append((doc, {(p.start, p.end) for p in doc.places}, heading_starts))
    for (doc, _, heading_starts), found in zip(english, _sources_for_all(english, reg), strict=True):
        said_on = default_said_on
        if said_on == "auto":
            said_on = "published" if is_news(doc) else "none"
        _claims_from(doc, reg, found, heading_starts, said_on)


@stage("claims", requires=("sentences", "headings"), uses=("places",), assigns=("claims",),
       default_config={"default_said_on": "auto"}, choices={"default_said_on": _DEFAULTS},
       batch=extract_claims_batch)
def extract_claims(
    doc: Document, *, registry: Registry | None = None, default_said_on: str = "auto",
) -> None:
    """Fill `doc.claims` with one Claim per (statement, source).

    `default_said_on` dates statements whose sentence gives no date: "none" (leave undated),
    "published" (the report date) or "day_before" (the day before it); "auto" is "published" for a
    news story (a wire's "X said" / "X says" is that day's statement) and "none" for ISW's reports.
    """
    extract_claims_batch([doc], registry=registry, default_said_on=default_said_on)


def _claims_from(
    doc: Document, reg: Registry, found: list[list[_Cand]], heading_starts: set[int], default_said_on: str,
) -> None:
    """`doc.claims` from the settled candidates of each sentence."""
    text = doc.text
    ref_day = reference_date(doc)  # the story's dateline, else its publication date
    own = describe(doc.voice, reg) if is_news(doc) else None
    own_side = own.side if own is not None and own.known else "unknown"
    seen_sentences: set[str] = set()
    claims: list[Claim] = []
    paragraph_of: list[int] = []
    sentence_of: list[int] = []
    surnames: dict[str, SourceRef] = {}
    for si, s in enumerate(doc.sentences):
        if s.start in heading_starts:
            continue
        key = sentence_key(text[s.start:s.end])
        if key in seen_sentences:
            continue  # Key Takeaways repeat body sentences: one claim each, not two
        seen_sentences.add(key)
        cands = [c for c in found[si] if c.src_end > c.src_start]
        if not cands:
            continue
        # One claim per subject: a later cue of the same subject ("claimed ... and suggested") adds nothing.
        kept: list[_Cand] = []
        for c in cands:
            if kept and (c.src_start, c.src_end) == (kept[-1].src_start, kept[-1].src_end):
                continue
            if any(k.src_start <= c.src_start < k.cue_start for k in kept):
                continue
            kept.append(c)
        content_end = _strip_markers_end(text, s.start, s.end)
        sentence_claims: list[tuple[int, _Cand]] = []
        for ci, c in enumerate(kept):
            # The content runs to the next independent claim in the sentence, else to the sentence end.
            nxt = next((k for k in kept[ci + 1:] if not k.after_that), None)
            if c.according:
                start, end = s.start, content_end
            else:
                start = c.cue_start if c.coordinated else c.src_start
                end = content_end
                if nxt is not None and nxt.src_start > c.cue_end:
                    boundary = _CLAIM_BOUNDARY_RE.search(text[c.cue_end:nxt.src_start])
                    end = c.cue_end + (boundary.start() if boundary else nxt.src_start - c.cue_end)
            parent = None
            for pj, pc in reversed(sentence_claims):
                if c.after_that and pc.cue_end <= c.src_start and not pc.according:
                    parent = pj
                    break
            clause_end = end
            w0, w1 = _said_on_window(text, c.src_start if not c.according else s.start, c.cue_end, clause_end)
            if c.according:
                w0, w1 = c.cue_start, c.src_end
            elif c.src_start > s.start and _INTRO_RE.fullmatch(text[s.start:c.src_start]):
                w0 = s.start  # "On February 23, X stated": the opening date is the statement's
            dates = resolve_dates(text, w0, w1, ref_day)
            said_on = _pick_said_on(dates, text, ref_day)
            if said_on is None:
                # "... encircled 200 personnel as of December 12": a status as of a day is reported that day.
                as_of = [d for d in resolve_dates(text, w1, end, ref_day) if d.qualifier == "as of"]
                said_on = _pick_said_on([dataclasses.replace(d, qualifier="") for d in as_of], text, ref_day)
            for a, b in _split_sources(text, c.src_start, c.src_end, reg):
                src = _source_ref(text, a, b, reg, claims, paragraph_of, s.paragraph, surnames, doc.places)
                if src.side == "unknown" and src.kind == "military" and own_side in ("UA", "RU"):
                    src.side = own_side  # a national outlet's unmarked unit ("the Third Assault Brigade") is its own
                if src.text.lower() in _PRONOUNS and src.name == src.text:
                    continue  # a pronoun with no speaker before it in the paragraph
                if said_on is None:
                    said_on_i = _inherited_said_on(claims, sentence_of, paragraph_of, si, s.paragraph, src)
                else:
                    said_on_i = said_on
                if said_on_i is None and default_said_on != "none" and ref_day is not None:
                    said_on_i = ref_day - dt.timedelta(days=1 if default_said_on == "day_before" else 0)
                claim = Claim(
                    start=start, end=end, text=text[start:end], source=src, cue=c.cue.lower(),
                    negated=c.negated, said_on=said_on_i, citations=list(s.citations),
                    urls=doc.urls_for(s.citations), parent=parent,
                    quantities=find_quantities(text, max(start, c.cue_end), end),
                )
                claims.append(claim)
                paragraph_of.append(s.paragraph)
                sentence_of.append(si)
                sentence_claims.append((len(claims) - 1, c))
                last = src.text.split()[-1] if src.text.split() else ""
                if last[:1].isupper() and src.text.lower() not in _PRONOUNS:
                    surnames.setdefault(last.strip("’'s"), src)
    doc.claims = claims


def _source_ref(
    text: str, a: int, b: int, reg: Registry, claims: list[Claim], paragraph_of: list[int], paragraph: int,
    surnames: dict[str, SourceRef], places: list[PlaceMention] | None = None,
) -> SourceRef:
    phrase = text[a:b]
    info = describe(phrase, reg)
    ref = SourceRef(phrase, a, b, info.name, info.side, info.kind)
    if not info.known and places:
        # "The Ulyanovsk City Administration": a place inside the phrase tells the country.
        countries = {p.country for p in places if a <= p.start and p.end <= b and p.kind != "country"
                     and (p.geonameid is not None or p.country not in (None, "UA"))}
        if countries == {"RU"}:
            ref.side = "RU"
    low = phrase.lower()
    recent = [claims[i].source for i in range(len(claims) - 1, max(-1, len(claims) - 8), -1)
              if paragraph_of[i] == paragraph]
    owner = _POSSESSOR_RE.search(phrase)
    if owner and not info.known and info.side == "unknown":
        # "Andriy Demchenko, the service's spokesperson": the speaker belongs to an organisation named before
        noun = owner.group(1).lower()
        for c in reversed(claims[-12:]):
            if noun in c.source.text.lower().split() or noun == head_word(c.source.text).lower():
                ref.side, ref.kind = c.source.side, c.source.kind
                return ref
    if low in _PRONOUNS:
        if recent:
            prev = recent[0]
            ref.name, ref.side, ref.kind = prev.name, prev.side, prev.kind
        return ref
    proper = any(w[:1].isupper() and w.lower() not in _DEMONYMS for w in phrase.split()[1:])
    if not proper and (_ANAPHOR_RE.match(phrase) and not info.known or (low.startswith("the ") and info.side == "unknown")):
        head = head_word(phrase).lower().rstrip("s")
        for prev in recent:
            if head and head_word(prev.text).lower().rstrip("s") == head or (
                    info.kind != "other" and prev.kind == info.kind):
                ref.name, ref.side, ref.kind = prev.name, prev.side, prev.kind
                return ref
        if head and low.startswith("the "):
            # "the ministry said" a paragraph after "The Russian Defence Ministry said": the same head noun
            for c in reversed(claims[-8:]):
                if head_word(c.source.text).lower().rstrip("s") == head and c.source.text.lower() != low:
                    ref.name, ref.side, ref.kind = c.source.name, c.source.side, c.source.kind
                    return ref
        if head in _DOCUMENT_NOUNS and claims and low.startswith("the "):
            # "..., the statement added.": the document of the last named organisation that spoke
            prev = next((c.source for c in reversed(claims[-12:]) if c.source.text.lower() not in _PRONOUNS
                         and c.source.kind not in ("other", "footage")), None)
            if prev is not None:
                ref.name, ref.side, ref.kind = prev.name, prev.side, prev.kind
                return ref
    if not info.known and len(phrase.split()) == 1 and phrase[:1].isupper() and phrase in surnames:
        prev = surnames[phrase]
        ref.name, ref.side, ref.kind = prev.name, prev.side, prev.kind
    return ref


def _inherited_said_on(
    claims: list[Claim], sentence_of: list[int], paragraph_of: list[int], si: int, paragraph: int, src: SourceRef,
) -> dt.date | None:
    """A source's follow-up sentence ("Peskov claimed ...") carries the date of its previous one."""
    if not claims:
        return None
    prev = claims[-1]
    if paragraph_of[-1] != paragraph or sentence_of[-1] not in (si, si - 1):
        return None
    if prev.source.name == src.name and src.name:
        return prev.said_on
    return None


def content_dates(doc: Document, claim: Claim) -> list[DateMention]:
    """Dates inside a claim's content (after its cue), resolved against the report date."""
    cue_at = doc.text.find(claim.cue, claim.source.end, claim.end) if claim.cue != "according to" else -1
    start = cue_at + len(claim.cue) if cue_at >= 0 else claim.start
    return resolve_dates(doc.text, start, claim.end, doc.published)


def warm_up() -> None:
    """Load spaCy's parser now (it is otherwise loaded for the first sentence whose subject needs it)."""
    from frontscope.claims.parse import nlp

    nlp()
