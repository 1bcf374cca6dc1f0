"""Control statements from hand-written assessment-style sentences (places built by hand, no geocoder)."""

from __future__ import annotations

import datetime as dt

from _support import doc_with_places
from frontscope.events.control_rules import extract_control
from frontscope.model import Document

IDS = {
    "Kupyansk": 703656, "Kindrashivka": 705175, "Radkivka": 813242, "Myrove": 700713, "Holubivka": 708531,
    "Lyman": 704204, "Izyum": 707292, "Siversk": 692145, "Bakhmut": 712979, "Soledar": 693079,
    "Avdiivka": 713174, "Vuhledar": 689564, "Kreminna": 704956, "Bilohorivka": 712588, "Pokrovsk": 708581,
    "Huliaipole": 707753, "Velyka Novosilka": 690120,
}


def make_doc(text: str, published: dt.date = dt.date(2025, 12, 12)) -> Document:
    return doc_with_places(text, IDS, published)


def control(text: str, **kw) -> list[tuple[str, str, str, str]]:
    doc = make_doc(text, **kw)
    return [(s.place.text, s.change, s.status, s.claimed_by) for s in extract_control(doc)]


def test_unit_subject_liberated_list_excludes_parenthetical_reference():
    out = control("Ukrainian 2nd Khartiya Corps reported on December 12 that Ukrainian forces liberated "
                  "Kindrashivka and Radkivka (both north of Kupyansk).[1]")
    assert out == [
        ("Kindrashivka", "UA_gain", "claimed", "Ukrainian 2nd Khartiya Corps"),
        ("Radkivka", "UA_gain", "claimed", "Ukrainian 2nd Khartiya Corps"),
    ]


def test_geolocated_footage_is_confirmed_with_event_date():
    doc = make_doc("Geolocated footage published on September 11 shows that Ukrainian forces took control of "
                   "Izyum on September 10.[3]", published=dt.date(2022, 9, 11))
    (s,) = extract_control(doc)
    assert (s.place.text, s.change, s.status, s.event_date) == ("Izyum", "UA_gain", "confirmed", dt.date(2022, 9, 10))
    assert s.source_kind == "footage"


def test_analyst_inference_after_claim_is_assessed():
    out = control("A Russian milblogger claimed that Ukrainian forces began infiltrating Kupyansk from Myrove, "
                  "indicating that Ukrainian forces also liberated Myrove.[7]")
    assert ("Myrove", "UA_gain", "assessed", "ISW") in out
    # The milblogger's own statement is an advance, not a capture.
    assert ("Kupyansk", "UA_advance_near", "claimed", "A Russian milblogger") in out


def test_still_hold_is_holds_claimed_by_the_source():
    out = control("The source indicated that Russian forces still hold Holubivka (north of Kupyansk).")
    assert out == [("Holubivka", "RU_holds", "claimed", "The source")]


def test_false_claim_of_seizing_is_denied_with_claim_date():
    doc = make_doc("Milbloggers admitted as much, recognizing that Putin’s November 27 claim of seizing Kupyansk "
                   "was false.[14]")
    (s,) = extract_control(doc)
    assert (s.change, s.status, s.claimed_by, s.event_date) == ("RU_gain", "denied", "ISW", dt.date(2025, 11, 27))


def test_source_denial_scopes_over_reported_claim():
    out = control("Luhansk Oblast Head Serhiy Haidai denied Kadyrov’s claims that Russian forces have seized "
                  "Siversk.", published=dt.date(2022, 6, 1))
    assert out == [("Siversk", "RU_gain", "denied", "Luhansk Oblast Head Serhiy Haidai")]


def test_withdrawal_means_the_other_side_gains():
    out = control("Russian forces withdrew from Lyman on October 1.", published=dt.date(2022, 10, 2))
    assert out == [("Lyman", "UA_gain", "assessed", "ISW")]


def test_repelled_assaults_near_list_skips_reference_points():
    out = control("The Ukrainian General Staff reported that Ukrainian forces repelled Russian assaults northeast "
                  "of Bakhmut near Soledar and near Siversk (about 30km north of Bakhmut).")
    assert [(p, c) for p, c, _, _ in out] == [("Soledar", "RU_advance_near"), ("Siversk", "RU_advance_near")]
    assert {st for _, _, st, _ in out} == {"claimed"}


def test_fighting_within_and_contested():
    out = control("Russian forces are fighting within Avdiivka itself. Vuhledar remains contested.")
    assert out == [("Avdiivka", "fighting", "assessed", "ISW"), ("Vuhledar", "contested", "assessed", "ISW")]


def test_hedge_lowers_confidence():
    plain = extract_control(make_doc("Russian forces captured Soledar."))[0]
    hedged = extract_control(make_doc("Russian forces likely captured Soledar."))[0]
    maybe = extract_control(make_doc("Russian forces may have captured Soledar."))[0]
    assert plain.change == hedged.change == maybe.change == "RU_gain"
    assert plain.confidence > hedged.confidence > maybe.confidence


def test_intent_is_not_a_capture():
    out = control("Russian forces are attempting to seize Pokrovsk and failed to capture Huliaipole.")
    assert [(p, c) for p, c, _, _ in out] == [("Pokrovsk", "RU_advance_near"), ("Huliaipole", "RU_advance_near")]


def test_negated_capture_is_denied():
    out = control("Russian forces have not captured Siversk.")
    assert out == [("Siversk", "RU_gain", "denied", "ISW")]


def test_the_enemy_takes_the_opposite_side_of_the_speaker():
    out = control("The Ukrainian General Staff stated that the enemy captured Kreminna.")
    assert out == [("Kreminna", "RU_gain", "claimed", "The Ukrainian General Staff")]


def test_occupied_adjective_is_a_hold_not_a_capture():
    out = control("Ukrainian forces struck a Russian ammunition depot in Russian-occupied Izyum.")
    assert ("Izyum", "RU_holds", "assessed", "ISW") in out
    assert all(c != "RU_gain" for _, c, _, _ in out)


def test_partial_capture_is_contested_and_anaphor_resolves():
    out = control("Russian forces captured eastern Velyka Novosilka. Ukrainian forces still hold the settlement.")
    assert out[0][:2] == ("Velyka Novosilka", "contested")
    assert out[1][:2] == ("the settlement", "UA_holds")


def test_direction_mention_is_not_the_town():
    assert control("Russian forces advanced in the Pokrovsk direction.") == []


def test_perfect_infinitive_claim_is_a_capture_claim_not_an_intention():
    # "claimed to have taken control of" reports a done deed; "aim to capture" is an aim (no statement) and
    # "attempted to capture" fighting near the place.
    out = control("Forces of the Luhansk People's Republic (LNR) claimed to have taken control of Kreminna "
                  "and Bilohorivka on May 3.[2] The Ukrainian General Staff stated that Russian forces aim to "
                  "capture Siversk, and attempted to capture Soledar.[3]", published=dt.date(2022, 5, 4))
    changes = {(p, c) for p, c, _st, _src in out}
    assert ("Kreminna", "RU_gain") in changes
    assert ("Bilohorivka", "RU_gain") in changes
    assert not any(p == "Siversk" for p, _ in changes)
    assert ("Soledar", "RU_advance_near") in changes


def test_prevented_from_seizing_is_a_thwarted_attempt_not_a_capture():
    out = control("Ukrainian forces prevented Russian troops from encircling and seizing Lyman on May 20.[4] "
                  "Ukrainian defenders stopped Russian forces from taking control of Avdiivka.[5]",
                  published=dt.date(2022, 5, 21))
    assert [(p, c) for p, c, _, _ in out] == [("Lyman", "RU_advance_near"), ("Avdiivka", "RU_advance_near")]


def test_objective_and_positions_on_outskirts_are_not_holding_the_city():
    # A stated objective of holding positions on a city's outskirts says the city is fought over, not held.
    out = control("Russian objective: retain positions on the outskirts of Kupyansk.[6] Russian forces still "
                  "hold positions in Kreminna.[7]")
    assert [(p, c) for p, c, _, _ in out] == [("Kupyansk", "contested"), ("Kreminna", "RU_holds")]

