"""News documents: publisher, author voice, dateline, page furniture and the dates they anchor."""

from __future__ import annotations

import datetime as dt

from frontscope.ingest.news import annotate_news, find_publisher, furniture_at, reference_date
from frontscope.model import Document
from frontscope.pipeline import Pipeline

WIRE = (
    "Ukraine reports gains near the border\n\n"
    "KYIV, March 4, 2025 (AFP) - Ukrainian troops recaptured positions near Robotyne on Monday, officials said.\n\n"
    "Photo: soldiers walk past a ruined school in Robotyne, Zaporizhzhia region, on March 2, 2025.\n\n"
    "Read more: Russia says it captured Robotyne\n"
)


def test_publisher_from_dateline_byline_and_signoff():
    assert find_publisher(WIRE) == "AFP"
    assert find_publisher("Headline\n\nBy CNN staff\nUpdated 9:00 AM\n\nText.") == "CNN"
    assert find_publisher("Headline\n\n12.02.2024 08:30\n\nText of the update.\n\nUkrinform\n") == "Ukrinform"
    assert find_publisher("Russian forces attacked near Kreminna.") is None


def test_dateline_and_furniture():
    doc = Document(text=WIRE, published=dt.date(2025, 3, 9))  # a re-publisher's file date
    annotate_news(doc)
    assert doc.voice == "AFP" and doc.dateline == dt.date(2025, 3, 4) and doc.dateline_place == "KYIV"
    assert reference_date(doc) == dt.date(2025, 3, 4)
    assert furniture_at(doc, WIRE.index("Photo:")) == "caption"
    assert furniture_at(doc, WIRE.index("Read more")) == "read_more"
    assert furniture_at(doc, WIRE.index("Ukrainian troops")) == ""


def test_unattributed_news_statement_is_the_publishers_not_isw():
    doc = Pipeline()(Document(text="By CNN staff\n\nRussian forces captured Robotyne on Sunday.",
                              published=dt.date(2025, 3, 4)))
    assert [(s.place.text, s.change, s.status, s.claimed_by) for s in doc.control] == [
        ("Robotyne", "RU_gain", "claimed", "CNN")]
    isw = Pipeline()(Document(text="Russian forces captured Robotyne on March 2.", published=dt.date(2025, 3, 4)))
    assert [(s.status, s.claimed_by) for s in isw.control] == [("assessed", "ISW")]


def test_caption_and_read_more_give_no_claims_or_control():
    doc = Pipeline()(Document(text=WIRE, published=dt.date(2025, 3, 4)))
    assert all(furniture_at(doc, c.start) == "" for c in doc.claims)
    assert all(furniture_at(doc, s.start) == "" for s in doc.control)


def test_weekday_and_present_tense_dates_count_from_the_dateline():
    text = ("KYIV, Wednesday, January 22, 2025 (Reuters) - The General Staff said on Monday that Russian troops "
            "attacked near Terny. The Third Assault Brigade says its units hold positions near Terny. "
            "On January 20, Russian milblogger Yuriy Podolyaka stated that Russian troops entered Terny.")
    doc = Pipeline()(Document(text=text, published=dt.date(2025, 2, 1)))
    said = {c.source.text: c.said_on for c in doc.claims}
    assert said["The General Staff"] == dt.date(2025, 1, 20)
    assert said["The Third Assault Brigade"] == dt.date(2025, 1, 22)
    assert said["Russian milblogger Yuriy Podolyaka"] == dt.date(2025, 1, 20)
