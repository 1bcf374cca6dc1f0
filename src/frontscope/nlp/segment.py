"""Paragraphs, headings and sentences, with the endnote numbers each sentence cites.

Rules, not a parser: ISW-style prose is regular enough, and this runs over every character of every
document. Sentence ends survive endnote markers (`... Kupyansk.[1] The ...` ends after `[1]`), common
abbreviations (Lt. Gen., U.S., e.g.) and initials, closing quotes and parentheses.
"""

from __future__ import annotations

import re

from frontscope.model import Document, Heading, Sentence
from frontscope.stages import stage

# Lookaheads use horizontal whitespace only ([^\S\n]): `\s*\n` there would rescan a run of blank lines
# from every newline in it (quadratic on "x \n \n \n ...").
PARAGRAPH_RE = re.compile(r"[^\n]+(?:\n(?![^\S\n]*\n)(?![^\S\n]*(?:\d{1,2}[.)]|[-•*])\s)[^\n]+)*")
LIST_MARK_RE = re.compile(r"\s*(?:\d{1,2}[.)]|[-•*])\s+")
# Candidate sentence end: terminal punctuation, optional closing quotes/brackets, optional endnote
# markers, then whitespace.
# Only at the start of a run of terminal punctuation, and possessive (Python 3.11): otherwise a long run
# not followed by white space ("....x", "!?!?...x") is retried from every position in it — quadratic.
# (The endnote markers may backtrack: "Ukraine.[73] [74]A" ends after [73]; that is linear per match.)
# (Each look-behind follows the first character it guards: a pattern that opens with a literal or a class lets
# the regex engine jump to the next candidate instead of trying every position; same matches, 3x faster.)
END_RE = re.compile(r"[.!?…](?<![.!?…].)[.!?…]*+[\"'”’)\]]*+(?:\s?\[(?:\d{1,4}|[ivxlcdm]+)\])*(?=\s|$)")
ABBREVIATIONS = {
    "lt", "gen", "col", "maj", "capt", "cpt", "sgt", "adm", "mr", "mrs", "ms", "dr", "st", "no", "vs", "etc",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "approx", "est",
    "e.g", "i.e", "u.s", "u.k", "u.n", "a.m", "p.m", "gov", "sen", "rep", "pres", "prof", "jr", "sr", "inc",
    "corp", "co", "ltd", "mt", "ft", "km", "fig", "vol", "op", "cf", "al",
}
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
_WORD_WINDOW = 40


def _is_heading(line: str) -> bool:
    s = line.strip()
    if not s or len(s) > 90 or s[-1] in ".!?;,\"”’]" or s.startswith(("[", "http", "-", "•", "*")):
        return False
    words = s.split()
    if s[-1] in ":)":  # "Eastern Ukraine: (Vovchansk-Kupyansk-Izyum-Lyman Line)", "Bakhmut:" - short ones only
        return 1 <= len(words) <= 8 and s[0].isupper()
    return 1 <= len(words) <= 12 and s[0].isupper()


# "...is false.The contours ...": a missing space after a full stop still ends the sentence.
GLUED_END_RE = re.compile(r"\.(?<=[a-z]{3}\.)(?=[A-Z][a-z])")


def _sentence_ends(text: str, start: int, end: int) -> list[int]:
    ends = [m.end() for m in GLUED_END_RE.finditer(text, start, end)
            if not text[max(start, m.start() - 30):m.start()].rsplit(" ", 1)[-1].startswith(("http", "www"))]
    for m in END_RE.finditer(text, start, end):
        stop = m.end()
        punct_at = m.start()
        has_marker = "[" in m.group(0)  # "3.5 km.[3] Ukrainian ..." ends even after an abbreviation
        if text[punct_at] == "." and not has_marker:
            # Look back a bounded window only: searching from the paragraph start at every full stop
            # is quadratic in the paragraph's length. A word longer than the window is no abbreviation.
            w0 = max(start, punct_at - _WORD_WINDOW)
            w = _WORD_BEFORE.search(text, w0, punct_at)
            word = w.group(1).lower().rstrip(".") if w and (w.start() > w0 or w0 == start) else ""
            if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
                continue  # "Lt. Gen.", "U.S.", initials "W. Kagan"
            if punct_at > start and text[punct_at - 1].isdigit() and punct_at + 1 < end and text[punct_at + 1].isdigit():
                continue  # 3.5
        # The next sentence must start like one (capital, digit, quote, bracket).
        nxt = stop
        while nxt < end and text[nxt].isspace():
            nxt += 1
        if nxt < end and not (text[nxt].isupper() or text[nxt].isdigit() or text[nxt] in "\"“‘'([—–-•"):
            continue
        ends.append(stop)
    ends = sorted(set(ends))
    if not ends or ends[-1] < end:
        ends.append(end)
    return ends


# Sentence length cap. The claims and events stages cost more than linearly in a sentence's length, so
# a page-long "sentence" (scraped text without full stops, a 5 MB line) would take hours. Sentences
# longer than HARD_MAX are split at the last clause break (; : , dash) in their window, else at the
# last space, and never exceed HARD_MAX characters. Real sentences in war reporting rarely pass 600.
SOFT_MAX = 500
HARD_MAX = 1000
# Paragraph length cap: stages compare each sentence with the rest of its paragraph (context, sources,
# anchors), quadratic in a paragraph's length. A block between blank lines longer than this (real ones
# stay under 3,000 characters) counts as several paragraphs, cut at sentence ends.
PARAGRAPH_MAX = 5000
_CLAUSE_BREAK_RE = re.compile(r"[;:,](?=\s)|(?<=\s)[—–-](?=\s)")  # the piece ends with the mark


def _capped(text: str, start: int, end: int) -> list[int]:
    """Ends of pieces of text[start:end] no longer than HARD_MAX, cut at clause breaks where possible."""
    ends: list[int] = []
    pos = start
    while end - pos > HARD_MAX:
        window_end = pos + HARD_MAX
        cut = None
        # The last clause break after SOFT_MAX characters (pieces stay long enough to hold a claim).
        for m in _CLAUSE_BREAK_RE.finditer(text, pos + SOFT_MAX, window_end):
            cut = m.end()
        if cut is None:
            space = text.rfind(" ", pos + SOFT_MAX, window_end)
            cut = space + 1 if space > pos else window_end
        ends.append(cut)
        pos = cut
    ends.append(end)
    return ends


@stage("segment", requires=("body_end", "endnote_markers"), assigns=("headings", "sentences"))
def segment(doc: Document) -> None:
    text = doc.text
    limit = doc.body_end if doc.body_end is not None else len(text)
    markers = doc.endnote_markers
    mi = 0
    heading: str | None = None
    headings: list[Heading] = []
    sentences: list[Sentence] = []
    extra = 0  # paragraphs added by splitting over-long ones
    for n, para in enumerate(PARAGRAPH_RE.finditer(text, 0, limit)):
        pi = n + extra
        p_start, p_end = para.start(), para.end()
        # Strip surrounding whitespace.
        while p_start < p_end and text[p_start].isspace():
            p_start += 1
        while p_end > p_start and text[p_end - 1].isspace():
            p_end -= 1
        if p_start >= p_end:
            continue
        block = text[p_start:p_end]
        mark = LIST_MARK_RE.match(text, p_start, p_end)
        if mark:  # "  2. Russian forces ..." : the item number is not a sentence
            p_start = mark.end()
        if "\n" not in block and _is_heading(block):
            heading = block.strip()
            headings.append(Heading(p_start, p_end, heading))
            sentences.append(Sentence(p_start, p_end, pi, heading))
            continue
        s_start = piece_start = p_start
        ends: list[int] = []
        for e in _sentence_ends(text, p_start, p_end):
            ends.extend(_capped(text, ends[-1] if ends else p_start, e))
        for s_end in ends:
            while s_start < s_end and text[s_start].isspace():
                s_start += 1
            if s_start >= s_end:
                continue
            cites: list[int] = []
            while mi < len(markers) and markers[mi].start < s_end:
                if markers[mi].start >= s_start:
                    cites.extend(markers[mi].numbers)
                mi += 1
            if s_start - piece_start >= PARAGRAPH_MAX:  # a new paragraph at this sentence
                extra += 1
                pi += 1
                piece_start = s_start
            sentences.append(Sentence(s_start, s_end, pi, heading, cites))
            s_start = s_end
    doc.headings = headings
    doc.sentences = sentences
