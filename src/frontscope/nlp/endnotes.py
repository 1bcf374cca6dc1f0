"""Endnotes: inline markers (`[12]`, `[12][13]`, `[xlii]`) and the endnote list at the end of a report.

ISW-style reports end with lines such as `[12] https://t.me/...; https://...`. The list is found as the
trailing block of lines that start with a marker; everything before it is the body. Markers are only
looked for in the body, and only marker-shaped brackets count (`[the DNR]` or `[sic]` are text).
"""

from __future__ import annotations

import re

from frontscope.model import Document, EndnoteMarker
from frontscope.stages import stage

_ROMAN = r"(?=[ivxlcdm]+\])m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})"
_NUM = rf"(?:\d{{1,4}}|{_ROMAN})"
MARKER_RE = re.compile(rf"\[({_NUM})\]")
# A run of adjacent markers, e.g. "[3][4]" or "[3], [4]", is one citation group.
MARKER_RUN_RE = re.compile(rf"\[{_NUM}\](?:,?\s?\[{_NUM}\])*")
ENDNOTE_LINE_RE = re.compile(rf"^\s*(?:[-•*]\s*)?\[({_NUM})\][.:]?\s?(.*)$")
# Some reports defang links as "https://t dot me/...": the " dot " pieces belong to the URL.
_URL_CHARS = r"[^\s;,<>\"]+"
URL_RE = re.compile(rf"(?:https?://|\bwww\.){_URL_CHARS}(?: dot {_URL_CHARS})*")

_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}


def marker_number(token: str) -> int:
    """'12' -> 12, 'xlii' -> 42."""
    if token.isdigit():
        return int(token)
    total = 0
    for a, b in zip(token, token[1:] + " ", strict=True):
        va, vb = _ROMAN_VALUES[a], _ROMAN_VALUES.get(b, 0)
        total += -va if va < vb else va
    return total


def find_endnote_list(text: str) -> tuple[int | None, dict[int, list[str]]]:
    """Return (offset where the endnote list starts, number -> URLs)."""
    lines = text.splitlines(keepends=True)
    offsets = []
    pos = 0
    for line in lines:
        offsets.append(pos)
        pos += len(line)
    # Walk back from the end over endnote lines and blank lines.
    first = None
    i = len(lines) - 1
    while i >= 0:
        line = lines[i]
        if not line.strip() or ENDNOTE_LINE_RE.match(line):
            if line.strip():
                first = i
            i -= 1
            continue
        # A line of URLs with little else continues the endnote above it (", https://...", "2https://...").
        if URL_RE.search(line) and len(URL_RE.sub("", line).strip()) < 40:
            i -= 1
            continue
        break
    if first is None:
        return None, {}
    notes: dict[int, list[str]] = {}
    current: int | None = None
    for line in lines[first:]:
        m = ENDNOTE_LINE_RE.match(line)
        if m:
            current = marker_number(m.group(1))
            rest = m.group(2)
        else:
            rest = line
        if current is None:
            continue
        urls = notes.setdefault(current, [])
        for u in URL_RE.findall(rest):
            u = u.rstrip(".)").replace(" dot ", ".")
            if u not in urls:
                urls.append(u)
    return offsets[first], notes


@stage("endnotes", assigns=("body_end", "endnote_markers", "endnotes"))
def annotate_endnotes(doc: Document) -> None:
    body_end, notes = find_endnote_list(doc.text)
    # A "list" of one or two lines is more likely a bracketed sentence than endnotes.
    if body_end is not None and len(notes) >= 1:
        doc.body_end, doc.endnotes = body_end, notes
    limit = doc.body_end if doc.body_end is not None else len(doc.text)
    markers = []
    for run in MARKER_RUN_RE.finditer(doc.text, 0, limit):
        nums = [marker_number(m.group(1)) for m in MARKER_RE.finditer(run.group(0))]
        markers.append(EndnoteMarker(run.start(), run.end(), nums))
    doc.endnote_markers = markers
