"""News page structure: who publishes a text, its dateline, and the page furniture around the story.

ISW reports speak in one analyst voice; a wire story, a broadcaster's page or a live blog speaks in its
publisher's voice, opens with a dateline ("KYIV, Aug 14, 2024 (AFP) -") and carries furniture that is
not the story: photo captions, "Read more:" links, contributor lines, site footers. `annotate_news(doc)`
sets on the document:

- `publisher`: kept when the reader or the user gave it; else read from the dateline "(AFP)", a byline
  "By CNN staff", a sign-off line "Ukrinform", or "the Institute for the Study of War" heading an ISW report;
- `voice`: the name unattributed statements are credited to — the publisher; "ISW" only for ISW's texts;
- `dateline` / `dateline_place`: the date and place of the story's own dateline (weekdays resolve
  against it, not against a re-publisher's file date);
- `furniture`: (start, end, kind) spans of captions, read-more links, credits, footers, bylines and
  the dateline itself.

It is idempotent and cheap, so each stage that needs it calls it (no pipeline stage of its own).
"""

from __future__ import annotations

import datetime as dt
import re

from frontscope.model import Document

# Outlets whose names appear in datelines, bylines and sign-offs: canonical name, aliases.
OUTLETS: dict[str, tuple[str, ...]] = {
    "AFP": ("AFP", "Agence France-Presse"),
    "Reuters": ("Reuters",),
    "AP": ("AP", "Associated Press"),
    "CNN": ("CNN",),
    "BBC": ("BBC", "BBC News"),
    "Al Jazeera": ("Al Jazeera",),
    "The Kyiv Independent": ("Kyiv Independent", "The Kyiv Independent"),
    "Kyiv Post": ("Kyiv Post",),
    "Ukrainska Pravda": ("Ukrainska Pravda",),
    "Euromaidan Press": ("Euromaidan Press",),
    "RBC-Ukraine": ("RBC-Ukraine",),
    "Ukrinform": ("Ukrinform",),
    "Interfax-Ukraine": ("Interfax-Ukraine",),
    "TASS": ("TASS",),
    "RIA Novosti": ("RIA Novosti",),
    "ISW": ("Institute for the Study of War", "ISW"),
}
_ALIAS = {a.lower(): name for name, aliases in OUTLETS.items() for a in aliases}
_OUTLET_ALT = "|".join(sorted((re.escape(a) for v in OUTLETS.values() for a in v), key=len, reverse=True))

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DATE_RE = re.compile(
    r"\b(?:(?P<m1>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?\s+(?P<d1>\d{1,2}),?\s+(?P<y1>\d{4})|"
    r"(?P<d2>\d{1,2})\s+(?P<m2>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?,?\s+(?P<y2>\d{4})|"
    r"(?P<d3>\d{2})\.(?P<m3>\d{2})\.(?P<y3>\d{4}))\b"
)
# "KYIV, Aug 14, 2024 (AFP) -", "Kyiv, Ukraine (CNN) —": a place in capitals or title case, then the outlet.
_DATELINE_RE = re.compile(
    rf"^(?P<place>[A-Z][A-Za-z’' -]{{1,40}}?)(?:,[^()\n]{{0,40}}?)?\s*\((?P<outlet>{_OUTLET_ALT})\)\s*[-—–]",
    re.M,
)
_BYLINE_RE = re.compile(rf"^(?:By|by)\s+(?:(?P<outlet>{_OUTLET_ALT})\s+staff|[^\n]*)$", re.M)
_SIGNOFF_RE = re.compile(rf"^(?P<outlet>{_OUTLET_ALT})(?:,[^\n]*)?\s*$", re.M)

# Page furniture: the line kinds that are not the story.
_FURNITURE: list[tuple[str, re.Pattern[str]]] = [
    ("caption", re.compile(r"^(?:Photo(?: caption)?|Caption|Image|Pictured|Video)\s*[:—–-][^\n]*$", re.M | re.I)),
    ("read_more", re.compile(r"^(?:Read more|Read also|Related|See also|Also read|READ MORE)\s*:[^\n]*$", re.M)),
    ("credit", re.compile(r"^[^\n]{0,80}\bcontributed (?:to this )?report(?:ing)?\.?\s*$", re.M)),
    ("footer", re.compile(r"^[^\n]*\b(?:Privacy Policy|Terms of (?:Use|Service)|Cookie(?:s| Policy)|All rights reserved|"
                          r"Subscribe|Sign up|newsletter|Support (?:us|our journalism))\b[^\n]*$", re.M | re.I)),
    ("byline", re.compile(r"^(?:By|by)\s+[^\n]{2,60}$|^(?:Updated|Published)(?: On)?\s[^\n]{0,60}$", re.M)),
]


def _date(m: re.Match[str]) -> dt.date | None:
    try:
        if m.group("y3"):
            return dt.date(int(m.group("y3")), int(m.group("m3")), int(m.group("d3")))
        mon, day, year = (m.group("m1"), m.group("d1"), m.group("y1")) if m.group("m1") else (
            m.group("m2"), m.group("d2"), m.group("y2"))
        return dt.date(int(year), _MONTHS.index(mon[:3].lower()) + 1, int(day))
    except ValueError:
        return None


def find_publisher(text: str) -> str | None:
    """The outlet named by the story's own dateline, byline or sign-off line (None when none does)."""
    head = text[:1500]
    for rx in (_DATELINE_RE, _BYLINE_RE):
        m = rx.search(head)
        if m and m.group("outlet"):
            return _ALIAS[m.group("outlet").lower()]
    if re.search(r"Russian Offensive Campaign Assessment|Institute for the Study of War and (?:AEI|the American)",
                 head):
        return "ISW"
    tail_lines = [ln for ln in text[-400:].splitlines() if ln.strip()]
    for ln in tail_lines[-2:] + [ln for ln in text[:400].splitlines() if ln.strip()][:3]:
        m = _SIGNOFF_RE.match(ln.strip())
        if m:
            return _ALIAS[m.group("outlet").lower()]
    return None


def find_furniture(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of furniture lines; only short lines can be furniture (and only they are read)."""
    out = []
    pos = 0
    for line in text.split("\n"):
        if 0 < len(line) <= 300:
            for kind, rx in _FURNITURE:
                m = rx.match(line)
                if m:
                    out.append((pos + m.start(), pos + m.end(), kind))
                    break
        pos += len(line) + 1
    return out


def annotate_news(doc: Document) -> None:
    """Set publisher, voice, dateline and furniture on `doc` (once)."""
    if doc.news_done:
        return
    doc.news_done = True
    if not doc.publisher:
        doc.publisher = find_publisher(doc.text) or (_ALIAS.get((doc.source or "").lower()))
    doc.voice = "ISW" if doc.publisher in (None, "ISW") else doc.publisher
    head = doc.text[:600]
    m = _DATELINE_RE.search(head)
    if m:
        doc.dateline_place = m.group("place").strip()
    for dm in _DATE_RE.finditer(head):
        d = _date(dm)
        if d is not None:
            doc.dateline = d
            break
    doc.furniture = find_furniture(doc.text)
    if m:  # the dateline itself ("KYIV, Aug 14, 2024 (AFP) -") is no part of the first sentence's subject
        doc.furniture = sorted([*doc.furniture, (m.start(), m.end(), "dateline")])


def is_news(doc: Document) -> bool:
    """A text in a news publisher's voice (not an ISW report)."""
    annotate_news(doc)
    return doc.voice != "ISW"


def reference_date(doc: Document) -> dt.date | None:
    """The day relative dates ("on Tuesday") count from: the story's own dateline, else its publication date."""
    annotate_news(doc)
    if doc.voice == "ISW":
        return doc.published  # ISW's header dates are the report's own; the file date stays the reference
    return doc.dateline or doc.published


def dateline_end(doc: Document) -> int:
    """Where the story's first sentence really starts (after "KYIV, Aug 14, 2024 (AFP) -"); 0 without one."""
    annotate_news(doc)
    return next((b for _a, b, kind in doc.furniture if kind == "dateline"), 0)


def furniture_at(doc: Document, pos: int) -> str:
    """The furniture kind covering `pos` ("" when `pos` is in the story)."""
    annotate_news(doc)
    for a, b, kind in doc.furniture:
        if a <= pos < b:
            return kind
    return ""
