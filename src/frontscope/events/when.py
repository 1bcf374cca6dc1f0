"""Event dates in a clause: "on September 11", "from May 5-6", "Putin's November 27 claim".

A year-less date is placed in the year that puts it on or before the report's date (ISW reports look
back, not ahead). Only the last day of a range is kept: the statement holds from then on.
"""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    m: i + 1 for i, m in enumerate(
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
         "november", "december"])
}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
_MON = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
DATE_RE = re.compile(
    rf"\b(?P<mon>{_MON})\s+(?P<d1>\d{{1,2}})(?:\s*[-–]\s*(?:(?P<mon2>{_MON})\s+)?(?P<d2>\d{{1,2}}))?"
    rf"(?:,?\s+(?P<year>20\d\d))?\b"
)


def resolve(mon: str, day: int, year: int | None, published: dt.date | None) -> dt.date | None:
    month = MONTHS.get(mon.lower().rstrip("."))
    if month is None:
        return None
    if year is None:
        if published is None:
            return None
        year = published.year
        try:
            d = dt.date(year, month, day)
        except ValueError:
            return None
        if d > published + dt.timedelta(days=2):
            year -= 1
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def dates_in(text: str, published: dt.date | None) -> list[tuple[int, int, dt.date]]:
    """(start, end, date) of every date in `text`; a range gives its last day."""
    out = []
    for m in DATE_RE.finditer(text):
        year = int(m.group("year")) if m.group("year") else None
        if m.group("d2"):
            d = resolve(m.group("mon2") or m.group("mon"), int(m.group("d2")), year, published)
        else:
            d = resolve(m.group("mon"), int(m.group("d1")), year, published)
        if d is not None:
            out.append((m.start(), m.end(), d))
    return out
