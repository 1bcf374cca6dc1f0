"""One attribution engine: the events stage's voices are the claims stage's claims. Each case is a sentence
shape the events stage used to read with its own subject finder; the claims stage now finds the speaker, and
the control statement takes its status, side and kind from that claim (paraphrased, ISW-shaped sentences)."""

from __future__ import annotations

import datetime as dt

import pytest

from frontscope.model import Document
from frontscope.pipeline import Pipeline


def _run(text: str) -> Document:
    return Pipeline(["events"])(Document(text=text + "\n", path="x_isw.txt", published=dt.date(2022, 9, 27)))


def _statement(doc: Document, place: str):
    (st,) = [s for s in doc.control if s.place.text == place]
    return st


@pytest.mark.parametrize(("text", "place", "expected"), [
    # an infinitive after "continued to": a verb, with the subject before it
    ("Russian milbloggers continued to claim that Russian forces captured Kodema.", "Kodema",
     ("RU_gain", "claimed", "RU", "milblogger")),
    # a side's forces speak through their reports when a speech verb introduces a clause
    ("Ukrainian forces reported Russian troops attempted to advance on Vysokopillya on September 26.",
     "Vysokopillya", ("RU_advance_near", "claimed", "UA", "military")),
    # a participle after a comma speaks with the subject of its clause
    ("Putin ordered Shoigu to halt the assault on the plant, claiming Russian forces have already captured Mariupol.",
     "Mariupol", ("RU_gain", "claimed", "RU", "government")),
    # a cue coordinated with an earlier verb speaks with that verb's subject
    ("Russian forces recently advanced near Kupyansk and claimed to have seized Radkivka.", "Radkivka",
     ("RU_gain", "claimed", "RU", "military")),
    # a hyphenated participle is an adjective, not a clause
    ("A Moscow-based milblogger claimed that Russian forces captured Kodema.", "Kodema",
     ("RU_gain", "claimed", "RU", "milblogger")),
    # "miblogger", a frequent typo
    ("A Russian miblogger claimed that Russian forces captured Kodema.", "Kodema",
     ("RU_gain", "claimed", "RU", "milblogger")),
    # a cue after an apposition's closing comma is a verb; footage shows the side its clause is about
    ("Satellite imagery of Russian positions in Kyselivka, 15km northwest of Kherson City, shows that Russian "
     "troops have abandoned Kyselivka.", "Kyselivka", ("UA_gain", "confirmed", "RU", "footage")),
    # footage a source posted is evidence ...
    ("Local Telegram channels published footage of Ukrainian forces raising a flag in Blahodativka, confirming "
     "earlier reports that Ukrainian forces advanced to the settlement.", "the settlement",
     ("UA_advance_near", "confirmed", "unknown", "footage")),
    # ... unless it only claims to show
    ("Several Russian sources posted footage claiming to show Russian troops consolidating positions in Marinka.",
     "Marinka", ("RU_holds", "claimed", "RU", "other")),
    # an adjective "confirmed" is no reporting verb: the analyst's own statement
    ("Russian forces did not make any confirmed ground attacks toward Slovyansk on July 16.", "Slovyansk",
     (None, "assessed", "other", "think_tank")),
])
def test_the_events_stage_takes_its_voices_from_the_claims(text: str, place: str, expected: tuple):
    doc = _run(text)
    st = _statement(doc, place) if expected[0] else None
    if st is None:
        assert all(s.status == "assessed" and s.claimed_by == "ISW" for s in doc.control if s.place.text == place)
        return
    assert (st.change, st.status, st.source_side, st.source_kind) == expected


def test_a_coordinated_claim_starts_at_its_cue():
    doc = _run("Russian forces recently advanced near Kupyansk and claimed to have seized Radkivka.")
    (c,) = doc.claims
    assert (c.source.text, c.cue) == ("Russian forces", "claimed") and doc.text[c.start:].startswith("claimed")
    assert _statement(doc, "Kupyansk").status == "assessed"  # the advance is the analyst's, not the claim's


def test_a_key_takeaway_repeat_speaks_with_the_voices_of_its_first_occurrence():
    doc = _run("Key Takeaways\n\nRussian milbloggers claimed that Russian forces captured Kodema.\n\nOther text "
               "here.\n\nRussian milbloggers claimed that Russian forces captured Kodema.[4]\n\n[4] https://t.me/a")
    assert len(doc.claims) == 1  # the claims stage counts the statement once
    both = [s for s in doc.control if s.place.text == "Kodema"]
    assert len(both) == 2 and {(s.status, s.source_side) for s in both} == {("claimed", "RU")}


def test_ensure_claims_runs_the_claims_stage_for_a_direct_call():
    from frontscope.events.control_rules import extract_control
    from frontscope.model import PlaceMention
    from frontscope.nlp.endnotes import annotate_endnotes
    from frontscope.nlp.segment import segment

    text = "Russian milbloggers claimed that Russian forces captured Kodema."
    doc = Document(text=text, published=dt.date(2022, 9, 27))
    annotate_endnotes(doc)
    segment(doc)
    at = text.index("Kodema")
    doc.places.append(PlaceMention(at, at + 6, "Kodema", geonameid=1, name="Kodema"))
    (st,) = extract_control(doc)
    assert doc.claims and (st.status, st.source_side, st.claim) == ("claimed", "RU", 0)


def test_the_cue_scan_stops_after_the_last_cue_word_and_finds_what_a_full_scan_finds():
    import random
    import re

    from frontscope.claims.attribution import _cue_matches, _cues

    k = _cues()
    words = sorted({w for w in re.findall(r"[A-Za-z]{3,}", k.cue_re.pattern)}) + ["Russian", "forces", "that", "not"]
    rnd = random.Random(5)
    with_cues = 0
    for _ in range(500):
        text = " ".join(rnd.choice(words) for _ in range(rnd.randint(1, 25)))
        a, b = sorted(rnd.randint(0, len(text)) for _ in range(2))
        hits = [h.start() for h in k.cue_word_re.finditer(text, a, b)]
        if not hits:
            continue
        with_cues += 1
        want = [(m.span(), m.groupdict()) for m in k.cue_re.finditer(text, max(a, hits[0] - 60), b)]
        assert [(m.span(), m.groupdict()) for m in _cue_matches(k.cue_re, text, hits, a, b)] == want, text[a:b]
    assert with_cues > 200
