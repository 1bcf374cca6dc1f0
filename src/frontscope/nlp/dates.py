"""Date expressions in war-reporting prose, resolved against the report's publication date.

`resolve_dates(text, start, end, published)` finds "on December 12", "December 11-12", "the night of
December 11 to 12", "as of December 12", "since mid to late July 2025", "in early June", "in 2016",
"yesterday", "recently" ... and returns `DateMention`s whose `date`/`end_date` bound the period meant,
with a granularity. Rules only: the month name anchors every calendar pattern, so endnote numbers
(`[12]`), ordinals ("2nd Corps") and bare counts are never dates.

Year-less dates take the year that puts them on or before the publication date (a "December 28" in a
January report is last December); reports narrate the past, and a date after publication is almost
always a year-rollover error. `allow_future=True` lets a date that follows an explicit future cue
("will", "plans to", "scheduled") stay in the coming weeks instead.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from frontscope.nlp.folded import FoldedPattern

GRANULARITIES = ("day", "night", "days", "part_month", "month", "year", "relative")


@dataclass
class DateMention:
    start: int
    end: int
    text: str
    date: dt.date  # first day of the period
    end_date: dt.date  # last day (== date for a single day)
    granularity: str  # one of GRANULARITIES
    qualifier: str = ""  # the word before it that changes its meaning: "on", "as of", "since", "by", "until", "from"

    @property
    def is_range(self) -> bool:
        return self.end_date != self.date


_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dec": 12,
}
# Case-sensitive on purpose: "march"/"may" in lower case are a verb and a modal.
_M = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
      r"|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)")
_D = r"(?<![\d.,])(?:[0-3]?\d)(?:st|nd|rd|th)?(?![\d:])"
_Y = r"(?<!\d)(?:19|20)\d\d(?!\d)"
_SEP = r"\s*(?:-|–|—|to|and|through|into|until)\s*"
_PART = r"(?:early|mid|late|the\s+end\s+of|end\s+of|the\s+beginning\s+of|beginning\s+of|the\s+middle\s+of)"
_PART_RANGE = rf"{_PART}(?:\s*(?:-|to|–)\s*{_PART}|-)?"
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_PATTERNS: list[tuple[str, str]] = [
    # "the night of December 11 to 12", "overnight on December 11-12", "night of 11 to 12 December"
    ("night", rf"(?:(?:the\s+)?night\s+of|overnight\s+(?:on\s+)?)\s*(?P<m1>{_M})\s+(?P<d1>{_D})"
              rf"(?:{_SEP}(?:(?P<m2>{_M})\s+)?(?P<d2>{_D}))?(?:,?\s+(?P<y>{_Y}))?"),
    ("night", rf"(?:(?:the\s+)?night\s+of|overnight\s+(?:on\s+)?)\s*(?P<d1>{_D})(?:{_SEP}(?P<d2>{_D}))?"
              rf"\s+(?P<m1>{_M})(?:,?\s+(?P<y>{_Y}))?"),
    ("iso", r"(?P<iso>(?:19|20)\d\d-[01]\d-[0-3]\d)(?!\d)"),
    # "December 11-12", "December 30 to January 2, 2025"
    ("days", rf"(?P<m1>{_M})\s+(?P<d1>{_D}){_SEP}(?:(?P<m2>{_M})\s+)?(?P<d2>{_D})(?:,?\s+(?P<y>{_Y}))?"),
    ("days", rf"(?P<d1>{_D}){_SEP}(?P<d2>{_D})\s+(?P<m1>{_M})(?:,?\s+(?P<y>{_Y}))?"),
    ("day", rf"(?P<m1>{_M})\s+(?P<d1>{_D})(?:,?\s+(?P<y>{_Y}))?"),
    ("day", rf"(?P<d1>{_D})\s+(?P<m1>{_M})(?:,?\s+(?P<y>{_Y}))?"),
    # "mid to late July 2025", "early June"
    ("part_month", rf"(?P<part>{_PART_RANGE})\s*(?P<m1>{_M})(?:,?\s+(?P<y>{_Y}))?"),
    ("month", rf"(?P<m1>{_M})(?:,?\s+(?P<y>{_Y}))"),
    # A bare month needs a preposition so "May" the modal and "March" the noun stay out.
    ("month", rf"(?P<pre>\b(?:in|since|by|until|from|through|during|of)\s+)(?P<m1>{_M})(?!\s+\d)"),
    ("year", rf"(?P<pre>\b(?:in|since|by|until|from|through|during)\s+)(?P<y>{_Y})"),
    ("relative", r"(?P<rel>\b(?:today|yesterday|the\s+day\s+before|tonight|last\s+night|this\s+morning|"
                 r"earlier\s+today|this\s+week|last\s+week|earlier\s+this\s+week|in\s+recent\s+days|"
                 r"in\s+recent\s+weeks|in\s+recent\s+months|in\s+the\s+past\s+(?:day|24\s+hours|week|few\s+days)|"
                 r"recently|overnight)\b)"),
    ("weekday", r"(?P<pre>\bon\s+)(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"),
]
# Python's re wants unique group names: suffix each alternative's groups with its index.
_GROUP_NAME_RE = re.compile(r"\(\?P<(\w+)>")


def _suffixed(i: int, pattern: str) -> str:
    return _GROUP_NAME_RE.sub(lambda g: f"(?P<{g.group(1)}__{i}>", pattern)


_RE = re.compile("|".join(f"(?P<_{i}>{_suffixed(i, p)})" for i, (_, p) in enumerate(_PATTERNS)))
_KINDS = [k for k, _ in _PATTERNS]
# Every pattern contains one of these (in any case). Scanned folded: a case-insensitive alternation is tried at
# every position, the lower-case one over lower-cased text skips ahead (nlp/folded.py; 5x faster, same spans).
_ANCHOR = (rf"{_M}|\d{{4}}-\d|(?:19|20)\d\d|today|yesterday|tonight|night|morning|week|recent|past|Monday|Tuesday|"
           r"Wednesday|Thursday|Friday|Saturday|Sunday|day\s+before")
_ANCHOR_RE = FoldedPattern(_ANCHOR)
# The same anchors in two scans that both skip ahead: the words (each alternative opens with a letter, so re jumps
# between possible first letters) and the numbers (only from the first digit). The earlier start of the two is
# where the one alternation would first match.
_ANCHOR_WORDS_RE = FoldedPattern(rf"{_M}|today|yesterday|tonight|night|morning|week|recent|past|Monday|Tuesday|"
                                 r"Wednesday|Thursday|Friday|Saturday|Sunday|day\s+before")
_ANCHOR_NUMBERS_RE = re.compile(r"\d{4}-\d|(?:19|20)\d\d")
_DIGIT_RE = re.compile(r"\d")
_QUALIFIER_RE = re.compile(r"(?:\b(as\s+of|since|by|until|from|through|on|in|before|after))\s+(?:the\s+)?$", re.I)
_FUTURE_RE = re.compile(r"\b(?:will|plans?\s+to|planned|scheduled|expected\s+to|intends?\s+to|upcoming|next)\b[^.;]*$")
# How far back a vague relative expression reaches.
_RELATIVE_DAYS = {
    "today": (0, 0), "tonight": (0, 0), "this morning": (0, 0), "earlier today": (0, 0),
    "yesterday": (1, 1), "the day before": (1, 1), "last night": (1, 0), "overnight": (1, 0),
    "this week": (6, 0), "earlier this week": (6, 0), "last week": (13, 7),
    "in recent days": (7, 0), "in the past day": (1, 0), "in the past 24 hours": (1, 0),
    "in the past few days": (7, 0), "in the past week": (7, 0), "recently": (14, 0),
    "in recent weeks": (28, 0), "in recent months": (120, 0),
}
_PART_DAYS = {"early": (1, 10), "beginning": (1, 10), "mid": (11, 20), "middle": (11, 20), "late": (21, 31), "end": (21, 31)}


def _month(token: str) -> int:
    return _MONTHS[token.rstrip(".").lower()]


def _day(token: str) -> int:
    return int(re.match(r"\d+", token).group(0))  # type: ignore[union-attr]


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


NEAR_FUTURE_DAYS = 31


def _pick_year(month: int, day: int, ref: dt.date, future_ok: bool) -> int | None:
    """The year putting (month, day) on or before `ref`; with `future_ok`, within the next ~2 months.

    None for a date just after `ref` when the future is not allowed: "will likely resume operations on
    February 28" in a February 27 report is a forecast, not February 28 of the year before."""
    year = ref.year
    try:
        cand = dt.date(year, month, min(day, _last_day(year, month)))
    except ValueError:
        return year
    if cand > ref and not (future_ok and (cand - ref).days <= 62):
        if (cand - ref).days <= NEAR_FUTURE_DAYS:
            return None
        return year - 1
    if future_ok and (ref - cand).days > 300:  # "on January 3" said in late December as a plan
        return year + 1
    return year


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    if not 1 <= day <= _last_day(year, month):
        return None
    return dt.date(year, month, day)


def _part_bounds(part: str) -> tuple[int, int]:
    words = re.findall(r"early|beginning|mid|middle|late|end", part.lower())
    if not words:
        return 1, 31
    return _PART_DAYS[words[0]][0], _PART_DAYS[words[-1]][1]


def resolve_dates(
    text: str, start: int = 0, end: int | None = None, published: dt.date | None = None,
    *, allow_future: bool = False,
) -> list[DateMention]:
    """Date expressions in `text[start:end]`, offsets into `text`, resolved against `published`.

    Without `published` the year-less dates are resolved against today. Never returns a date after
    `published` unless `allow_future` is set and a future cue precedes the date in its clause.
    """
    end = len(text) if end is None else end
    ref = published or dt.date.today()
    out: list[DateMention] = []
    anchor = _anchor_start(text, start, end)
    if anchor is None:
        return out  # most spans hold no date at all: cheap scans instead of the full alternation
    for m in _date_matches(text, max(start, anchor - 40), end):
        kind = _KINDS[int(m.lastgroup[1:])] if m.lastgroup else ""  # type: ignore[index]
        # Named groups repeat across alternatives; read the ones of the alternative that matched.
        g = {k.split("__")[0]: v for k, v in _groups(m).items()}
        pre = [k for k in m.groupdict() if k.startswith("pre__") and m.group(k) is not None]
        m_start = m.end(pre[0]) if pre else m.start()
        before = text[max(start, m_start - 40): m_start]
        q = _QUALIFIER_RE.search(before)
        qualifier = re.sub(r"\s+", " ", q.group(1).lower()) if q else ""
        future_ok = allow_future and bool(_FUTURE_RE.search(text[max(start, m_start - 120): m_start]))
        span = _resolve(kind, g, ref, future_ok)
        if span is None:
            continue
        d0, d1, gran = span
        if qualifier == "since":
            d1 = max(d1, ref)
        if not future_ok and d0 > ref:
            continue
        if not future_ok:
            d1 = min(d1, ref) if gran in ("month", "part_month", "year", "relative") else d1
        out.append(DateMention(m_start, m.end(), text[m_start:m.end()], d0, d1, gran, qualifier))
    return out


def _date_matches(text: str, pos: int, end: int) -> Iterator[re.Match[str]]:
    """`_RE.finditer(text, pos, end)`, stopping once no anchor is left after the last match: every date
    expression holds an anchor, so the scan of the rest of the span (usually most of it) would find nothing."""
    while (m := _RE.search(text, pos, end)) is not None:
        yield m
        pos = m.end()
        if _anchor_start(text, pos, end) is None:
            return


def _anchor_start(text: str, start: int, end: int) -> int | None:
    """Where `_ANCHOR_RE.search(text, start, end)` would start (None: no anchor in the span)."""
    word = _ANCHOR_WORDS_RE.search(text, start, end)
    first = word.start() if word is not None else None
    digit = _DIGIT_RE.search(text, start, end if first is None else first)
    if digit is not None:
        number = _ANCHOR_NUMBERS_RE.search(text, digit.start(), end)
        if number is not None and (first is None or number.start() < first):
            first = number.start()
    return first


def _groups(m: re.Match[str]) -> dict[str, str]:
    """The named groups of the matched alternative (group names are shared between alternatives)."""
    return {k: v for k, v in m.groupdict().items() if v is not None and not k.startswith("_")}


def _resolve(kind: str, g: dict[str, str], ref: dt.date, future_ok: bool) -> tuple[dt.date, dt.date, str] | None:
    if kind == "iso":
        try:
            d = dt.date.fromisoformat(g["iso"])
        except ValueError:
            return None
        return d, d, "day"
    if kind == "relative":
        rel = re.sub(r"\s+", " ", g["rel"].lower())
        back, fwd = _RELATIVE_DAYS[rel]
        gran = "day" if back == fwd else "relative"
        return ref - dt.timedelta(days=back), ref - dt.timedelta(days=fwd), gran
    if kind == "weekday":
        back = (ref.weekday() - _WEEKDAYS.index(g["wd"].lower())) % 7
        d = ref - dt.timedelta(days=back)
        return d, d, "day"
    if kind == "year":
        y = int(g["y"])
        return dt.date(y, 1, 1), dt.date(y, 12, 31), "year"
    m1 = _month(g["m1"])
    if kind in ("month", "part_month"):
        y = int(g["y"]) if g.get("y") else _pick_year(m1, 1, ref, future_ok)
        if y is None:
            return None
        lo, hi = _part_bounds(g["part"]) if kind == "part_month" else (1, 31)
        last = _last_day(y, m1)
        return dt.date(y, m1, min(lo, last)), dt.date(y, m1, min(hi, last)), kind
    d1 = _day(g["d1"])
    m2 = _month(g["m2"]) if g.get("m2") else m1
    d2 = _day(g["d2"]) if g.get("d2") else None
    if g.get("y"):
        y2 = int(g["y"])
        y1 = y2 - 1 if m2 < m1 else y2
    else:
        y2 = _pick_year(m2, d2 if d2 is not None else d1, ref, future_ok)
        if y2 is None:
            return None
        y1 = y2 - 1 if m2 < m1 else y2
    first = _safe_date(y1, m1, d1)
    if first is None:
        return None
    if kind == "night":
        last = _safe_date(y2, m2, d2) if d2 is not None else first + dt.timedelta(days=1)
        if last is None or last < first:
            return None
        return first, last, "night"
    if kind == "days":
        last = _safe_date(y2, m2, d2) if d2 is not None else None
        if last is None or last < first or (last - first).days > 62:
            return None
        return first, last, "days"
    return first, first, "day"


def latest(mentions: list[DateMention]) -> dt.date | None:
    """The last day any mention points to (for "as of" style summaries)."""
    return max((m.end_date for m in mentions), default=None)
