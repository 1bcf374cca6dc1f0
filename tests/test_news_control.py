"""Control statements in news: strikes, memories, captions, and the statement forms of ministries."""

from __future__ import annotations

import datetime as dt

from frontscope.model import Document
from frontscope.pipeline import Pipeline


def control(text: str, publisher: str = "AFP") -> list[tuple[str, str, str, str]]:
    doc = Pipeline()(Document(text=text, publisher=publisher, published=dt.date(2025, 1, 22)))
    return [(s.place.text, s.change, s.status, s.claimed_by) for s in doc.control]


def test_ministry_said_its_forces_captured_the_villages_of_a_and_b():
    out = control("The Russian Ministry of Defence said its forces captured the Ukrainian villages of Terny and "
                  "Yampolivka in Donetsk Oblast.")
    assert out == [("Terny", "RU_gain", "claimed", "The Russian Ministry of Defence"),
                   ("Yampolivka", "RU_gain", "claimed", "The Russian Ministry of Defence")]


def test_have_already_captured_with_trailing_attribution():
    assert control("Russian troops have already captured Robotyne, the ministry said.") == [
        ("Robotyne", "RU_gain", "claimed", "the ministry")]


def test_strikes_on_a_city_are_not_advances():
    assert control("Russia launched a combined missile and drone attack on the city of Kharkiv, killing 11 people, "
                   "the governor said.") == []
    assert control("A Russian drone attack on the city of Kherson killed two people.") == []


def test_memories_and_captions_are_not_current_events():
    assert control("In 2022, after the Russians abandoned Bucha, residents returned to their homes.") == []
    assert control("Photo: Ukrainian troops enter Robotyne, Zaporizhzhia region, on January 20, 2025.") == []


def test_repelled_attacks_in_a_relay_are_the_attackers_advance():
    out = control("Ukrainian defenders repelled 5 attacks near Synkivka, the General Staff said.", "Ukrinform")
    assert out == [("Synkivka", "RU_advance_near", "claimed", "the General Staff")]
