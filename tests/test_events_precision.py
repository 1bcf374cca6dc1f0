"""Precision rules of the control extractor: reference points, withdrawals, strikes, unreal attacks.

Sentences written for these tests in the style of a daily assessment; places are built by hand.
"""

from __future__ import annotations

import datetime as dt

from _support import doc_with_places
from frontscope.events import control_rules
from frontscope.events.control_rules import extract_control
from frontscope.model import Document

IDS = {
    "Opytne": 698944, "Pisky": 697852, "Donetsk City": 709717, "Mariinka": 702184, "Avdiivka": 713174,
    "Ichnya": 707390, "Kyiv": 703448, "Kupyansk": 703656, "Zaporizhia City": 687700, "Bakhmut": 712979,
    "Siversk": 692145, "Odesa": 698740, "Novomykhailivka": 699370, "Vodiane": 689000, "Nevelske": 699100,
    "Pervomaiske": 697900, "Zolote": 687400, "Hirske": 707600, "Popasna": 697500, "Lysychansk": 702658,
    "Kurakhove": 704200, "Kharkiv City": 706483, "Dnipro City": 709930,
}


def control(text: str, reading: control_rules.Reading | None = None) -> list[tuple[str, str]]:
    doc = doc_with_places(text, IDS, dt.date(2022, 8, 20))
    return [(s.place.text, s.change) for s in extract_control(doc, reading)]


# 1. Reference points -------------------------------------------------------------------------------------


def test_both_on_the_outskirts_of_is_a_reference():
    first_only = control_rules.reading_from(list_kinds="")  # the events stage's `list_kinds` setting, off
    out = control("Russian forces fought around Opytne and Pisky, both on the northwestern outskirts of "
                  "Donetsk City, on August 19.[1]", first_only)
    assert out == [("Opytne", "fighting")]  # Pisky only with list reading on (the default, next test)


def test_list_reading_takes_every_listed_place_but_not_the_reference():
    out = control("Russian forces fought around Opytne and Pisky, both on the northwestern outskirts of "
                  "Donetsk City, on August 19.[1]")
    assert out == [("Opytne", "fighting"), ("Pisky", "fighting")]
    out = control("Ukrainian officials stated that Russian forces are fighting in Zolote, Hirske, and Popasna, "
                  "all settlements along the eastern arc of Lysychansk.[3]")
    assert [p for p, _ in out] == ["Zolote", "Hirske", "Popasna"]
    out = control("Ukrainian forces repelled Russian attacks near Avdiivka, Vodiane and Pervomaiske.[4]")
    assert [p for p, _ in out] == ["Avdiivka", "Vodiane", "Pervomaiske"]


def test_directly_on_the_outskirts_of_is_a_reference():
    out = control("A Russian milblogger claimed that Russian forces are fighting in Mariinka, directly on the "
                  "outskirts of Donetsk City.[2]")
    assert out == [("Mariinka", "fighting")]


def test_all_settlements_along_arc_of_is_a_reference():
    out = control("Ukrainian officials stated that Russian forces are fighting in Zolote, Hirske, and Popasna, "
                  "all settlements along the eastern arc of Lysychansk.[3]", control_rules.reading_from(list_kinds=""))
    assert [p for p, _ in out] == ["Zolote"]  # the list's own places; Lysychansk, the reference, never


def test_direction_after_the_attacked_settlement_is_a_reference():
    out = control("Russian forces attacked Ichnya in the direction of Kyiv on February 27.[4]")
    assert out == [("Ichnya", "RU_advance_near")]


def test_direction_as_only_object_stays_an_advance_near():
    # "southwest of Donetsk City" locates the attacks; the direction is where they head.
    out = control("Russian forces conducted ground attacks southwest of Donetsk City in the direction of "
                  "Novomykhailivka on August 19.[5]")
    assert out == [("Novomykhailivka", "RU_advance_near")]


def test_km_reference_and_coordinated_second_place_kept():
    out = control("Russian forces attacked near Vodiane, 10km northwest of Donetsk City, and near Nevelske "
                  "on August 19.[6]")
    assert out == [("Vodiane", "RU_advance_near"), ("Nevelske", "RU_advance_near")]


def test_fresh_locative_after_reference_is_kept():
    out = control("Ukrainian forces repelled Russian ground attacks on Avdiivka, west of Avdiivka near "
                  "Pervomaiske, and near Nevelske on August 19.[7]")
    assert [p for p, _ in out] == ["Avdiivka", "Pervomaiske", "Nevelske"]
    assert {c for _, c in out} == {"RU_advance_near"}


# 2. Withdrawals ------------------------------------------------------------------------------------------


def test_retreat_from_part_of_a_town_is_contested_not_a_gain():
    assert control("Russian sources reported that Ukrainian forces retreated from western Kupyansk on "
                   "August 19.[8]") == [("Kupyansk", "contested")]
    assert control("Russian sources reported that Russian forces retreated from western Kupyansk to the "
                   "east bank of the Oskil River.[9]") == [("Kupyansk", "contested")]


def test_withdrawal_from_a_whole_town_is_the_other_sides_gain():
    assert control("The Ukrainian General Staff announced that Ukrainian forces withdrew from Lysychansk "
                   "on July 2.[10]") == [("Lysychansk", "RU_gain")]
    assert control("Geolocated footage shows that Russian forces withdrew from Kupyansk.[11]") == [
        ("Kupyansk", "UA_gain")]


# 3. Strikes are not ground attacks -----------------------------------------------------------------------


def test_rocket_attacks_struck_a_factory_give_no_statement():
    assert control("A Russian milblogger claimed that Russian rocket attacks struck a Ukrainian military "
                   "enlistment office and a factory in Zaporizhia City on August 19.[12]") == []


def test_attacks_on_facilities_give_no_statement():
    assert control("Partisans conducted attacks on recruitment centers in Kharkiv City and Dnipro City on "
                   "August 18.[13]") == []
    assert control("Russian forces conducted artillery, rocket, and mortar attacks against Siversk.[14]") == []


def test_ground_attack_near_a_city_still_counts():
    assert control("Russian forces conducted ground attacks near Bakhmut on August 19.[15]") == [
        ("Bakhmut", "RU_advance_near")]


# 4. Attacks that did not happen --------------------------------------------------------------------------


def test_negated_attack_gives_no_statement():
    assert control("Russian forces did not conduct any confirmed ground attacks near Bakhmut on August "
                   "19.[16]") == []


def test_forecast_or_capability_attack_gives_no_statement():
    assert control("Russian forces will likely resume offensive operations near Siversk in the coming "
                   "weeks.[17]") == []
    assert control("The Russian grouping in Transnistria is not sufficient to mount a credible attack on "
                   "Odesa.[18]") == []
    assert control("Russian forces may be preparing to attack Kurakhove.[19]") == []


def test_attempts_and_hedged_attacks_still_count():
    assert control("Russian forces unsuccessfully attempted to advance toward Novomykhailivka on May 19.[20]") == [
        ("Novomykhailivka", "RU_advance_near")]
    assert control("Russian forces may have attacked near Bakhmut on August 19.[21]") == [
        ("Bakhmut", "RU_advance_near")]


# Remaining classes from the hand-checked sample ----------------------------------------------------------


def test_entering_a_named_part_of_the_city_is_contested():
    assert control("Russian forces entered the Kupyansk city center on August 19.[22]") == [("Kupyansk", "contested")]
    assert control("Russian forces captured Bakhmut's industrial zone on August 19.[23]") == [("Bakhmut", "contested")]


def test_aim_to_seize_without_an_acting_side_gives_no_statement():
    assert control("That campaign aimed to conduct airborne operations to seize Kyiv and Kharkiv City.[24]") == []


def test_because_clause_does_not_inherit_the_attack():
    # Without the clause break "operations" governs Lysychansk through "seizures of".
    assert control("Russian offensive operations in this area will likely culminate because commanders did "
                   "not rest units exhausted by the seizures of Lysychansk.[25]") == []


def test_route_reference_after_an_unlisted_second_object():
    out = control("Russian forces conducted assaults on Opytne and Pisky, on the route to Avdiivka, on "
                  "August 19.[26]")
    assert ("Avdiivka", "RU_advance_near") not in out
    assert ("Opytne", "RU_advance_near") in out


def test_heading_after_a_reference_point_is_the_attacks_own():
    out = control("A Russian source claimed that Russian forces conducted ground attacks near Mariinka and "
                  "southwest of Avdiivka towards Nevelske.[27]")
    assert out == [("Mariinka", "RU_advance_near"), ("Nevelske", "RU_advance_near")]


def test_refusing_to_fight_is_no_fighting():
    assert control("The GUR reported that a Russian unit refused to continue fighting in Bakhmut after heavy "
                   "losses.[28]") == []


def test_being_able_to_capture_is_not_a_capture():
    import datetime as dt

    from frontscope.events.control_rules import extract_control
    from frontscope.pipeline import Pipeline

    def gains(sentence: str) -> list[str]:
        doc = Pipeline(["places", "claims"])(Document(sentence, published=dt.date(2022, 6, 4)))
        return [s.change for s in extract_control(doc) if s.change.endswith("_gain")]

    assert gains("While Russian forces may still be able to capture Severodonetsk, they are exhausted.") == []
    assert gains("Russian forces are unlikely to be able to capture Bakhmut quickly.") == []
    assert gains("Russian forces managed to capture Lyman on May 26.") == ["RU_gain"]


def test_city_axis_is_a_direction_not_the_city():
    import datetime as dt

    from frontscope.events.control_rules import extract_control
    from frontscope.pipeline import Pipeline

    doc = Pipeline(["places", "claims"])(Document(
        "Ukrainian officials reported that some Russian troops withdrawn from the Kharkiv City axis have "
        "redeployed to western Donetsk Oblast.", published=dt.date(2022, 5, 19)))
    assert [s for s in extract_control(doc) if s.place.text == "Kharkiv"] == []


def test_a_hypothetical_seizure_is_not_a_capture():
    import datetime as dt

    from frontscope.events.control_rules import extract_control
    from frontscope.pipeline import Pipeline

    def changes(sentence: str) -> list[str]:
        doc = Pipeline(["places", "claims"])(Document(sentence, published=dt.date(2022, 9, 11)))
        return [s.change for s in extract_control(doc)]

    assert "RU_gain" not in changes("Even the Russian seizure of Bakhmut, which is unlikely to occur, would no "
                                    "longer support any larger effort.")
    assert changes("The Russian MoD announced the capture of Lyman on May 26.") == ["RU_gain"]


def test_unable_to_consolidate_control_is_not_holding():
    import datetime as dt

    from frontscope.events.control_rules import extract_control
    from frontscope.pipeline import Pipeline

    doc = Pipeline(["places", "claims"])(Document(
        "Russian forces are increasingly unable to consolidate control of Sievierodonetsk, even with artillery "
        "superiority.", published=dt.date(2022, 6, 19)))
    assert [s.change for s in extract_control(doc)] in ([], ["contested"])
