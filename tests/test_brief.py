"""The daily brief from a store filled with hand-annotated documents (no extraction stages involved)."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3

from frontscope.brief.daily import build_brief
from frontscope.brief.faithful import problems
from frontscope.model import Claim, ControlStatement, Document, Event, PlaceMention, Quantity, SourceRef
from frontscope.render.text import to_html, to_markdown
from frontscope.store.db import Store

TEXT = (
    "The Ukrainian 2nd Khartiya Corps reported on December 12 that Ukrainian forces liberated Kindrashivka.[1] "
    "A Russian milblogger denied that Ukrainian forces liberated Kindrashivka.[2] "
    "Geolocated footage published on December 11 shows Ukrainian forces in Radkivka.[3] "
    "The Kharkiv Oblast head reported that a strike killed 3 civilians in Kharkiv.[4]\n\n"
    "[1] https://t.me/a/1\n[2] https://t.me/b/2\n[3] https://t.me/c/3\n[4] https://t.me/d/4\n"
)


def _place(name: str, gid: int, lat: float, lon: float, pop: int = 500) -> PlaceMention:
    start = TEXT.index(name)
    return PlaceMention(start, start + len(name), name, "settlement", gid, name, lat, lon, "Kharkiv Oblast",
                        "Kupianskyi", "UA", pop, 0.95)


def _claim(source: str, side: str, kind: str, anchor: str, cue: str, quantities=None) -> Claim:
    s = TEXT.index(anchor)
    e = TEXT.index(".", s) + 1
    return Claim(s, e, TEXT[s:e], SourceRef(source, s, s + len(source), source, side, kind), cue,
                 said_on=dt.date(2025, 12, 12), citations=[1], urls=["https://t.me/a/1"], quantities=quantities or [])


def _doc() -> Document:
    doc = Document(TEXT, path="brief.txt", published=dt.date(2025, 12, 12))
    doc.endnotes = {1: ["https://t.me/a/1"], 2: ["https://t.me/b/2"], 3: ["https://t.me/c/3"], 4: ["https://t.me/d/4"]}
    doc.body_end = TEXT.index("[1] https")
    kin = _place("Kindrashivka", 705175, 49.766, 37.583)
    rad = _place("Radkivka", 813242, 49.750, 37.590)
    doc.places = [kin, rad]
    doc.claims = [
        _claim("2nd Khartiya Corps", "UA", "military", "The Ukrainian 2nd", "reported"),
        _claim("Russian milblogger", "RU", "milblogger", "A Russian milblogger", "denied"),
        _claim("Geolocated footage", "unknown", "footage", "Geolocated footage", "shows"),
        _claim("Kharkiv Oblast head", "UA", "local_official", "The Kharkiv Oblast head", "reported",
               [Quantity(3, "civilians", "killed")]),
    ]
    doc.control = [
        ControlStatement(doc.claims[0].start, doc.claims[0].end, doc.claims[0].text, kin, "UA_gain", "claimed",
                         dt.date(2025, 12, 12), "2nd Khartiya Corps", 0.6, claim=0),
        ControlStatement(doc.claims[1].start, doc.claims[1].end, doc.claims[1].text, kin, "UA_gain", "denied",
                         dt.date(2025, 12, 12), "Russian milblogger", 0.3, claim=1),
        ControlStatement(doc.claims[2].start, doc.claims[2].end, doc.claims[2].text, rad, "UA_gain", "confirmed",
                         dt.date(2025, 12, 11), "Geolocated footage", 0.9, claim=2),
    ]
    doc.events = [Event(doc.claims[3].start, doc.claims[3].end, doc.claims[3].text, "Explosions/Remote violence",
                        "Air/drone strike", "Russian forces", "Civilians (Ukraine)", [], dt.date(2025, 12, 12),
                        fatalities=3, claim=3)]
    return doc


def test_brief_takeaways_cite_stored_claims(tmp_path):
    db = tmp_path / "b.db"
    store = Store.open(db)
    assert store.save(_doc()).status == "stored"
    brief = build_brief(store, dt.date(2025, 12, 12))
    with sqlite3.connect(db) as conn:
        claim_ids = {r[0] for r in conn.execute("SELECT id FROM claims")}
    assert 3 <= len(brief.takeaways) <= 10
    for line in brief.takeaways:  # a sentence with no claim in it is the report's own assessment, and says so
        assert set(line.claim_ids) <= claim_ids
        assert line.claim_ids or line.text.endswith("(the report's assessment)")
        assert problems(line) == [] and "…" not in line.text
    # Takeaways are the sources' own sentences, attributed: the denial stays a denial.
    texts = " ".join(t.text for t in brief.takeaways)
    assert "A Russian milblogger denied that Ukrainian forces liberated Kindrashivka." in texts
    changes = " ".join(t.text for t in brief.changes)
    assert "Ukrainian forces liberated" in changes and "geolocated evidence confirms Radkivka" in changes
    # The denial makes Kindrashivka contested, with both sides' sources side by side.
    assert [p.place for p in brief.contested] == ["Kindrashivka"]
    assert {x["side"] for x in brief.contested[0].positions} == {"UA", "RU"}
    md = to_markdown(brief)
    cited = {int(x) for x in re.findall(r"\[c(\d+)\]", md)}
    assert cited and cited <= claim_ids
    assert "## Key takeaways" in md and "| c1 |" in md


def test_brief_html_is_self_contained(tmp_path):
    store = Store.open(tmp_path / "b.db")
    store.save(_doc())
    brief = build_brief(store, dt.date(2025, 12, 12))
    page = to_html(brief, map_png=b"\x89PNG\r\n\x1a\nfake")
    assert page.startswith("<!doctype html>") and "data:image/png;base64," in page
    assert not re.search(r"<(script|link)[^>]+(src|href)=", page)  # no external assets
    assert "name='viewport'" in page
    assert 'href="#c1"' in page and "id='c1'" in page


def test_brief_for_a_day_without_reports_says_so(tmp_path):
    store = Store.open(tmp_path / "b.db")
    store.save(_doc())
    brief = build_brief(store, dt.date(2025, 12, 20))
    assert brief.takeaways == [] and "No cited control changes" in to_markdown(brief)


def test_brief_counts_people_in_places_that_changed_hands(tmp_path):
    store = Store.open(tmp_path / "b.db")
    doc = _doc()
    # An earlier report establishes Russian control of Radkivka, so the December statements are a change.
    earlier = Document("Russian forces seized Radkivka.", path="earlier.txt", published=dt.date(2025, 11, 20))
    rad = PlaceMention(23, 31, "Radkivka", "settlement", 813242, "Radkivka", 49.75, 37.59, "Kharkiv Oblast",
                       "Kupianskyi", "UA", 500, 0.95)
    earlier.places = [rad]
    earlier.claims = [Claim(0, 31, earlier.text, SourceRef("Russian MoD", 0, 11, "Russian Ministry of Defense", "RU",
                                                           "military"), "claimed")]
    earlier.control = [ControlStatement(0, 31, earlier.text, rad, "RU_gain", "confirmed", dt.date(2025, 11, 20),
                                        "Geolocated footage", 0.9, claim=0)]
    store.save(earlier)
    store.save(doc)
    brief = build_brief(store, dt.date(2025, 12, 12), dt.date(2025, 12, 1))
    assert brief.exposure, "a settlement that changed hands with a claim behind it is counted"
    line = brief.exposure[0]
    assert "Radkivka (→UA)" in line.text and line.claim_ids
    md = to_markdown(brief)
    assert "## People in places that changed hands" in md


def test_a_claim_cut_by_the_claim_inside_it_is_shown_as_its_whole_sentence():
    from frontscope.brief.daily import _claim_lines

    text = ("Chechen leader Ramzan Kadyrov published a long statement on October 1 in which he accused the Russian "
            "military command of failing to respond around Lyman and called for the use of nuclear weapons.[1] Other news.")
    cut = text.index(" he accused")
    claim = {"id": 7, "document_id": 1, "start": 0, "end": cut, "text": text[:cut], "published": "2022-10-02",
             "negated": False, "source": "Ramzan Kadyrov", "source_text": "Ramzan Kadyrov", "kind": "government",
             "side": "RU", "quantities": []}
    sentence_end = text.index("Other")
    spans = {1: [(0, sentence_end, None, True), (sentence_end, len(text), None, True)]}
    (line,) = _claim_lines([claim], [], spans, set(), dt.date(2022, 10, 2), {1: text})
    assert line.text.endswith("called for the use of nuclear weapons.") and "[1]" not in line.text
    # Judged on its own cut span, the claim says nothing worth a line: the sentence is what carries it.
    assert _claim_lines([claim], [], spans, set(), dt.date(2022, 10, 2)) == []
