import datetime as dt

import pytest

from frontscope.nlp.dates import resolve_dates

DEC12 = dt.date(2025, 12, 12)


def one(text: str, published: dt.date = DEC12, **kw):
    found = resolve_dates(text, published=published, **kw)
    assert len(found) == 1, found
    return found[0]


def test_on_day_with_offsets_and_qualifier():
    text = "Ukrainian 2nd Khartiya Corps reported on December 12 that Ukrainian forces advanced.[1]"
    d = one(text)
    assert text[d.start:d.end] == "December 12"
    assert (d.date, d.end_date, d.granularity, d.qualifier) == (DEC12, DEC12, "day", "on")


def test_as_of_is_a_qualifier():
    d = one("The 2nd Corps stated that it encircled roughly 200 personnel as of December 12.[2]")
    assert d.qualifier == "as of" and d.date == DEC12


def test_year_rollover_never_in_the_future():
    # A late-December date in an early-January report is last year's.
    d = one("Russian forces struck Kharkiv on December 28.", published=dt.date(2026, 1, 5))
    assert d.date == dt.date(2025, 12, 28)
    # The same date in a mid-December report is neither two weeks ahead nor a year earlier: no date.
    assert resolve_dates("Russian forces struck Kharkiv on December 28.", published=DEC12) == []
    for m in resolve_dates("on January 3, December 30, November 27 and March 8", published=dt.date(2026, 1, 5)):
        assert m.end_date <= dt.date(2026, 1, 5)


def test_allow_future_only_after_a_future_cue():
    text = "The European Council plans to finalize the details on December 18.[32]"
    assert resolve_dates(text, published=DEC12) == []  # a forecast: no past date is made up for it
    assert one(text, allow_future=True).date == dt.date(2025, 12, 18)
    # Without a future cue the strict rule holds even when future dates are allowed.
    assert resolve_dates("Russian forces attacked on December 18.", published=DEC12, allow_future=True) == []


def test_night_of_x_to_y_is_a_two_day_range():
    d = one("Russian forces launched 40 Shahed drones on the night of December 11 to 12.")
    assert (d.date, d.end_date, d.granularity) == (dt.date(2025, 12, 11), DEC12, "night")
    d = one("overnight on November 30 to December 1 strikes hit Odesa")
    assert (d.date, d.end_date) == (dt.date(2025, 11, 30), dt.date(2025, 12, 1))


def test_day_ranges():
    d = one("Ukrainian forces advanced near Pokrovsk on December 10-11.")
    assert (d.date, d.end_date, d.granularity) == (dt.date(2025, 12, 10), dt.date(2025, 12, 11), "days")
    d = one("fighting between December 30 and January 2", published=dt.date(2026, 1, 10))
    assert (d.date, d.end_date) == (dt.date(2025, 12, 30), dt.date(2026, 1, 2))


@pytest.mark.parametrize("text", [
    "The Ukrainian 2nd Corps and the 3rd Assault Brigade reported advances.[12]",
    "Russian forces attacked Siversk.[3][4] Ukrainian forces repelled 12 assaults.[xlii]",
    "The EU agreed to implement Article 122 of the Treaty.[30]",
    "Russian forces may attack Kostyantynivka in the coming days and march on Druzhkivka.",
])
def test_no_false_dates(text):
    assert resolve_dates(text, published=DEC12) == []


def test_since_part_of_month_runs_to_publication():
    d = one("The seizure of Kupyansk has been a Russian priority since mid to late July 2025.")
    assert (d.date, d.end_date, d.granularity, d.qualifier) == (dt.date(2025, 7, 11), DEC12, "part_month", "since")


def test_months_years_and_relative_expressions():
    found = resolve_dates(
        "Putin created Rosgvardia in 2016, proposed it in December 2023 and in early June; "
        "Ukrainian forces recently advanced and Russian forces attacked yesterday.", published=DEC12)
    got = {m.text: (m.date, m.end_date, m.granularity) for m in found}
    assert got["2016"] == (dt.date(2016, 1, 1), dt.date(2016, 12, 31), "year")
    assert got["December 2023"] == (dt.date(2023, 12, 1), dt.date(2023, 12, 31), "month")
    assert got["early June"] == (dt.date(2025, 6, 1), dt.date(2025, 6, 10), "part_month")
    assert got["recently"][1] == DEC12 and got["recently"][0] < DEC12 and got["recently"][2] == "relative"
    assert got["yesterday"] == (dt.date(2025, 12, 11), dt.date(2025, 12, 11), "day")


def test_possessive_date_and_window():
    text = "These claims are false, and Putin's November 27 claim of seizing Kupyansk was false."
    start = text.index("Putin")
    d = one(text[start:])
    assert d.date == dt.date(2025, 11, 27) and d.granularity == "day"
    # Offsets stay those of the full text when a window is given.
    (w,) = resolve_dates(text, start, len(text), DEC12)
    assert text[w.start:w.end] == "November 27"


def test_day_first_and_abbreviated_months():
    got = [(m.text, m.date) for m in resolve_dates("on 3 December 2024 and on Dec. 5", published=DEC12)]
    assert got == [("3 December 2024", dt.date(2024, 12, 3)), ("Dec. 5", dt.date(2025, 12, 5))]


def test_a_date_just_after_the_report_is_a_forecast_not_last_year():
    import datetime as dt

    from frontscope.nlp.dates import resolve_dates

    text = "Russian forces will likely resume major offensive operations on February 28."
    assert resolve_dates(text, published=dt.date(2022, 2, 27)) == []
    # Far enough ahead, the month belongs to the previous year (December named in a January report).
    (m,) = resolve_dates("Russian forces struck Kharkiv on December 30.", published=dt.date(2023, 1, 5))
    assert m.date == dt.date(2022, 12, 30)


def test_anchor_scan_finds_what_the_case_insensitive_pattern_finds():
    # The fast scan reads lower-cased text; any case, the letters re.IGNORECASE folds apart from str.lower()
    # (dotted/dotless i, long s) and offsets inside a window must give the same first anchor.
    import random
    import re

    from frontscope.nlp.dates import _ANCHOR, _ANCHOR_RE

    ci = re.compile(_ANCHOR, re.I)
    pieces = ["Russian forces ", "DECEMBER", "sePtember", "Jan.", "2022-03", "1999", "TONIGHT", "ſept.", "İ",
              "ı", "yesterday", "Day  Before", "WEEKS", "no date here ", "Kupyansk", " ", ",", "Ünterweg", "ẞ"]
    rnd = random.Random(5)
    for _ in range(3000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 8)))
        a, b = sorted(rnd.randint(0, len(text)) for _ in range(2))
        m, fast = ci.search(text, a, b), _ANCHOR_RE.search(text, a, b)
        assert (fast.span() if fast else None) == (m.span() if m else None), (text, a, b)
    # Dates are still found next to text whose lower case is longer ("İ" lower-cases to two characters).
    (d,) = resolve_dates("İzmir reported on December 11 that", published=DEC12)
    assert d.text == "December 11"


def test_the_split_anchor_scans_start_where_the_one_alternation_would():
    # resolve_dates finds its first anchor with two scans that skip ahead (words, numbers); their earlier start
    # must be the one alternation's, in every window.
    import random

    from frontscope.nlp.dates import _ANCHOR_RE, _anchor_start

    pieces = ["On ", "December 12", ", 2024", " Russian forces ", "attacked ", "yesterday", " the night of ", "5 May",
              "2025-01-03", "1999", "[12]", " in recent weeks", "Sept. 3", "Monday", " day  before", "12:30", "march",
              "past", "MAY", "20", "19th"]
    rnd = random.Random(6)
    for _ in range(800):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 8)))
        a, b = sorted(rnd.randint(0, len(text)) for _ in range(2))
        m = _ANCHOR_RE.search(text, a, b)
        assert _anchor_start(text, a, b) == (m.start() if m else None), (text, a, b)


def test_the_date_scan_stops_only_where_no_date_is_left():
    # After each date, the scan goes on only if an anchor is left: it must find every date the full scan finds.
    import random

    from frontscope.nlp.dates import _RE, _anchor_start, _date_matches

    pieces = ["On ", "December 12", " to 14", ", 2024", " forces ", "yesterday", " the night of ", "5 May", " and ",
              "2025-01-03", " in 1999", "[12]", " in recent weeks", "Sept. 3", " on Monday", " the day before",
              " mid to late ", "July", " since ", "March", " through ", "early June 2023", " overnight"]
    rnd = random.Random(9)
    for _ in range(800):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 10)))
        a, b = sorted(rnd.randint(0, len(text)) for _ in range(2))
        anchor = _anchor_start(text, a, b)
        if anchor is None:
            assert _RE.search(text, a, b) is None, (text, a, b)
            continue
        lo = max(a, anchor - 40)
        want = [(m.span(), m.lastgroup) for m in _RE.finditer(text, lo, b)]
        assert [(m.span(), m.lastgroup) for m in _date_matches(text, lo, b)] == want, (text, a, b)
