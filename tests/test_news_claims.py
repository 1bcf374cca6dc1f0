"""News attribution forms and the speaker's side and kind from who the speaker is."""

from __future__ import annotations

import datetime as dt

from frontscope.model import Document
from frontscope.pipeline import Pipeline


def claims(text: str, publisher: str = "Reuters") -> list[tuple[str, str, str, str]]:
    doc = Pipeline(["claims"])(Document(text=text, publisher=publisher, published=dt.date(2025, 3, 5)))
    return [(c.source.text, c.cue, c.source.side, c.source.kind) for c in doc.claims]


def test_post_posed_quote_with_a_dash_and_pronoun_speaker():
    out = claims('Commander Oleh Petrenko said the line held. "We stay — they pay for every metre," he said.')
    assert out[0][:2] == ("Commander Oleh Petrenko", "said")
    assert out[1] == ("he", "said", out[0][2], out[0][3])


def test_the_statement_added_refers_to_the_last_organisation():
    out = claims("The General Staff of the Armed Forces of Ukraine reported 80 clashes.\n\n"
                 "The enemy fired at settlements in Sumy region, the statement added.")
    assert out[1][:2] == ("the statement", "added") and out[1][2:] == ("UA", "military")


def test_told_outlet_declined_to_say_and_decree_published_by():
    out = claims("A soldier near the town told the BBC that the unit had pulled back. Kremlin spokesman Dmitry Peskov "
                 "declined to say whether talks would resume. According to a decree published by the Kremlin on "
                 "Tuesday, the reservists will serve another year.")
    assert [(s, c) for s, c, _, _ in out] == [("A soldier near the town", "told"),
                                              ("Kremlin spokesman Dmitry Peskov", "say"),
                                              ("the Kremlin", "according to")]
    assert out[2][2:] == ("RU", "government")


def test_side_and_kind_come_from_the_speakers_identity():
    out = claims("Jane Doe, a senior fellow in the Russia and Eurasia Programme at Chatham House, said the offensive "
                 "had stalled. Russian state media TASS reported that the attack was repelled. The U.N. human rights "
                 "monitoring mission in Ukraine says casualties rose. Ivan Petrov, a former separatist leader, said "
                 "the regions would never return.")
    assert [(s, k) for _, _, s, k in out] == [("other", "think_tank"), ("RU", "media"), ("other", "international"),
                                             ("RU", "other")]


def test_possessive_anaphor_takes_the_organisations_side():
    out = claims("The State Border Guard Service of Ukraine said troops were moving.\n\n"
                 '"We are watching," Andriy Demchenko, the service\'s spokesperson, said.')
    assert out[1][2:] == ("UA", "military")
