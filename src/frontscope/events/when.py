"""Event dates in a clause: "on September 11", "from May 5-6", "on the night of May 5 to 6".

A thin view over `frontscope.nlp.dates` (the one date resolver): only dates precise to the day count
for an event, a year-less date lies on or before the report's date, and a range gives its last day
(the statement holds from then on).
"""

from __future__ import annotations

import datetime as dt

from frontscope.nlp.dates import resolve_dates

DAY_PRECISE = ("day", "night", "days")


def dates_in(text: str, published: dt.date | None) -> list[tuple[int, int, dt.date]]:
    """(start, end, date) of every day-precise date in `text`; a range gives its last day."""
    if published is None:
        return []
    return [(m.start, m.end, m.end_date) for m in resolve_dates(text, published=published)
            if m.granularity in DAY_PRECISE]
