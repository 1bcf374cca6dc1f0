"""ACLED-typed events from assessment-style sentences."""

from __future__ import annotations

import datetime as dt

from frontscope.events.acled import extract_acled
from frontscope.model import Document
from frontscope.nlp.endnotes import annotate_endnotes
from frontscope.nlp.segment import segment


def events(text: str):
    doc = Document(text=text, published=dt.date(2025, 12, 12))
    annotate_endnotes(doc)
    segment(doc)
    return extract_acled(doc)


def test_encirclement_is_a_battle_with_quantity():
    (e,) = events("The Ukrainian 2nd Corps stated that Ukrainian forces have encircled roughly 200 Russian "
                  "personnel in Kupyansk as of December 12.[2]")
    assert (e.event_type, e.sub_event_type, e.actor1, e.actor2) == ("Battles", "Armed clash", "UA forces", "RU forces")
    assert e.event_date == dt.date(2025, 12, 12)
    (q,) = e.quantities
    assert (q.value, q.unit, q.counted) == (200.0, "personnel", "encircled")


def test_drone_strike_with_fatalities():
    (e,) = events("Russian forces conducted a drone strike on Kharkiv City, which killed 3 civilians.")
    assert e.fatalities == 3
    assert (e.event_type, e.sub_event_type, e.actor1) == ("Explosions/Remote violence", "Air/drone strike", "RU forces")


def test_missile_attack_and_casualties_count():
    (e,) = events("Russian forces launched a missile strike against Odesa, and 12 people were killed.")
    assert e.sub_event_type == "Shelling/artillery/missile attack"
    assert e.fatalities == 12


def test_peace_proposal_is_strategic_development_other():
    (e,) = events("Ukraine gave the United States an updated peace proposal framework containing 20 key points.")
    assert (e.event_type, e.sub_event_type) == ("Strategic developments", "Other")


def test_deportation_is_violence_against_civilians():
    (e,) = events("Russian occupation authorities forcibly deported 46 children from Kherson Oblast.")
    assert (e.event_type, e.sub_event_type) == ("Violence against civilians", "Abduction/forced disappearance")
    assert e.quantities[0].value == 46


def test_no_event_in_plain_analysis():
    assert events("The Kremlin continues to pursue its maximalist objectives.") == []


def test_strike_counts_and_the_claim_behind_an_event():
    from frontscope.model import Document
    from frontscope.pipeline import Pipeline

    text = ("Russian forces launched 6 missiles and 48 drones against Kharkiv City on the night of November 19 "
            "to 20.[1] Kharkiv Oblast Military Administration Head Oleh Synyehubov reported that the strike "
            "killed 2 civilians.[2]\n\n[1] https://t.me/a/1\n[2] https://t.me/b/2\n")
    doc = Pipeline(["events"])(Document(text, published=__import__("datetime").date(2025, 11, 20)))
    launched, killed = doc.events
    assert launched.event_type == "Explosions/Remote violence" and launched.claim is None  # the analyst's own text
    assert killed.event_type == "Explosions/Remote violence" and killed.fatalities == 2
    assert killed.claim is not None and doc.claims[killed.claim].source.kind == "local_official"


def test_a_forecast_is_not_an_event():
    assert events("Russian forces will likely resume major offensive operations on February 28.") == []
    assert events("Russian forces are preparing to launch missile strikes against Odesa.") == []
    (e,) = events("Russian forces resumed offensive operations near Bakhmut on February 28.")
    assert e.event_type == "Battles"


def test_notes_on_coverage_are_not_events():
    assert events("We do not report in detail on Russian war crimes because those activities are well-covered "
                  "in Western media.") == []


def test_the_one_scan_over_all_rules_matches_where_some_rule_does():
    # ANY_RULE rules a sentence out before the rules run one by one: it must never miss a sentence a rule takes.
    from frontscope.events.acled import ANY_RULE, RULES

    sentences = [
        "Russian forces conducted a drone strike on a fuel depot.", "Officials said nothing new on Tuesday.",
        "The sides SIGNED a memorandum on grain.", "Ukrainian troops repelled assaults near the village.",
        "Geolocated footage shows a column moving west.", "Authorities ARRESTED two men for sabotage.",
        "Russian forces struck the town with drones overnight.", "A car bomb exploded in the city centre.",
        "The shelling continued", "Unshelled positions remain.", "Kh-101 missiles hit the plant.",
    ]
    for text in sentences:
        for a in range(0, len(text), 7):
            want = any(rx.search(text, a) for _, _, rx in RULES)
            assert (ANY_RULE.search(text, a) is not None) == want, (text, a)
