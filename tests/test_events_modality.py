"""Control statements that report no change of hands: fights over a place, discredited claims, conditions,
facilities named after a town, people (not forces) leaving, and adjectives after prepositions.

Sentences written for these tests in the style of a daily assessment; places are built by hand.
"""

from __future__ import annotations

import datetime as dt

from _support import doc_with_places
from frontscope.events.control_rules import extract_control

IDS = {
    "Bilohorivka": 712400, "Vrubivka": 689700, "Stohnii": 692300, "Udy": 690300, "Melitopol": 702320,
    "Shchurove": 693200, "Yarova": 688500, "Kharkiv City": 706483, "Kherson City": 706448, "Vuhledar": 689200,
    "Novoluhanske": 699300, "Bakhmut": 712979, "Severodonetsk": 700000, "Lysychansk": 702658,
    "Zelenyi Hai": 687900, "Avdiivka": 713174, "Velykyi Burluk": 689500, "Slovyansk": 692194,
}


POPULATION = {"Kharkiv City": 1_430_000, "Kherson City": 290_000, "Slovyansk": 106_000}


def control(text: str) -> list[tuple[str, str, str]]:
    doc = doc_with_places(text, IDS, dt.date(2022, 7, 10))
    for p in doc.places:
        p.population = POPULATION.get(p.text, 5_000)
    return [(s.place.text, s.change, s.status) for s in extract_control(doc)]


def test_fighting_for_control_of_a_place_is_contested_not_held():
    out = control("Russian troops were reportedly still fighting for control of Bilohorivka and Vrubivka on "
                  "July 9.[4]")
    assert [(p, c) for p, c, _ in out] == [("Bilohorivka", "contested"), ("Vrubivka", "contested")]
    out = control("Russian forces continued to battle for the control of Stohnii.[5]")
    assert [(p, c) for p, c, _ in out] == [("Stohnii", "contested")]


def test_plain_control_of_a_place_is_still_a_hold():
    out = control("Russian forces control Vrubivka as of July 9.[6]")
    assert [(p, c) for p, c, _ in out] == [("Vrubivka", "RU_holds")]


def test_unsubstantiated_claims_of_control_are_denied():
    out = control("Russian milbloggers repeated unsubstantiated claims of Russian control of Stohnii and Udy.[7]")
    assert [(p, s) for p, _, s in out] == [("Stohnii", "denied"), ("Udy", "denied")]


def test_unverified_claims_of_control_stay_claims():
    out = control("Russian outlets spread unverified claims that Russian forces took control of Udy.[8]")
    assert [(p, c, s) for p, c, s in out] == [("Udy", "RU_gain", "claimed")]


def test_falsely_claiming_a_hold_is_denied():
    out = control("The Ukrainian General Staff said occupation authorities are frightening residents by falsely "
                  "claiming that Russian forces control Kharkiv City.[9]")
    assert [(p, s) for p, _, s in out] == [("Kharkiv City", "denied")]


def test_adjective_after_a_preposition_names_the_holder():
    out = control("Partisans operate in and around occupied Melitopol.[10]")
    assert [(p, c) for p, c, _ in out] == [("Melitopol", "RU_holds")]
    out = control("Russian sources reported combat between liberated Shchurove and contested Yarova.[11]")
    assert ("Shchurove", "UA_holds") in [(p, c) for p, c, _ in out]
    assert ("Yarova", "contested") in [(p, c) for p, c, _ in out]


def test_and_before_occupied_is_a_verb_not_an_adjective():
    out = control("Russian troops reached the suburbs of Bakhmut and occupied positions in the industrial zone of "
                  "Bakhmut.[12]")
    assert ("Bakhmut", "RU_holds") not in [(p, c) for p, c, _ in out]
    assert ("Bakhmut", "contested") in [(p, c) for p, c, _ in out]


def test_occupied_places_near_a_city_say_nothing_of_the_city():
    assert control("Ukrainian forces struck Russian depots in occupied villages south of Kharkiv City.[13]") == []


def test_a_facility_named_after_a_town_is_not_the_town():
    out = control("Russian forces seized Novoluhanske and the Vuhledar Power Plant in late July.[14]")
    assert [(p, c) for p, c, _ in out] == [("Novoluhanske", "RU_gain")]


def test_officials_fleeing_is_not_a_loss_of_ground():
    assert control("Other reporting suggests that the Kremlin authorities fled Kherson City, fearing a counteroffensive.[15]") == []
    out = control("Ukrainian forces withdrew from Lysychansk on July 2.[16]")
    assert [(p, c) for p, c, _ in out] == [("Lysychansk", "RU_gain")]


def test_a_condition_reports_nothing():
    assert control("If Russian forces stop attacking from Izyum, Ukrainian forces could concentrate on defending "
                   "Severodonetsk.[17]") == []


def test_capability_and_before_capturing_are_intentions_not_gains():
    # a forecast: nothing happened on the ground yet, not even fighting near it
    assert control("Ukrainian forces may prove capable of capturing Velykyi Burluk within days.[18]") == []
    out = control("The offensive will likely culminate before capturing Bakhmut or Slovyansk.[19]")
    assert all(c != "RU_gain" for _, c, _ in out)


def test_dnr_territorial_defense_is_a_russian_subject():
    out = control("Territorial defense forces of the Donetsk People's Republic (DNR) reportedly pushed Ukrainian "
                  "forces away from Avdiivka and took control of Zelenyi Hai.[20]")
    assert ("Zelenyi Hai", "RU_gain") in [(p, c) for p, c, _ in out]


def test_the_area_of_a_town_is_not_the_town():
    out = control("A Russian source claimed that Ukrainian forces are losing positions in the Avdiivka area.[21]")
    assert out == []


def test_a_compound_name_is_not_its_first_part():
    assert control("Ukrainian forces are seeking to take control of the Slovyansk-Bakhmut road.[22]") == []


def test_bare_compass_of_a_town_is_outside_it():
    assert control("Russian sources are escalating claims of territorial control south of Bakhmut.[23]") == []
    out = control("Russian forces captured the southern part of Bakhmut.[24]")
    assert [(p, c) for p, c, _ in out] == [("Bakhmut", "contested")]


def test_attacks_launched_from_a_towns_outskirts_say_nothing_of_the_town():
    assert control("Russian forces continued ground attacks to push north from the outskirts of Avdiivka.[25]") == []


def test_claims_on_control_are_claims_not_the_analysts_view():
    out = control("Russian milbloggers amplified claims of Russian control of Bakhmut.[26]")
    assert [(p, s) for p, _, s in out] == [("Bakhmut", "claimed")]
    # claims their own sources contradict are rejected by a source: denied
    out = control("Russian sources contradicted their own claims on control of Bakhmut.[26]")
    assert [(p, s) for p, _, s in out] == [("Bakhmut", "denied")]


def test_clashed_in_a_month_is_not_fighting_in_a_place():
    assert control("The two proxies clashed in May over who will control the port of Bakhmut.[27]") == []


def test_a_gerund_after_a_preposition_is_an_aim():
    out = control("Russian efforts remain focused on taking Bakhmut and Slovyansk.[28]")
    assert [c for _, c, _ in out] == ["RU_advance_near", "RU_advance_near"]
    out = control("Russian progress in capturing Lysychansk remains slow.[29]")
    assert [c for _, c, _ in out] == ["RU_advance_near"]


def test_a_gerund_reporting_the_deed_is_a_gain():
    out = control("Geolocated footage showed Ukrainian forces entering Velykyi Burluk.[30]")
    assert [(p, c, s) for p, c, s in out] == [("Velykyi Burluk", "UA_gain", "confirmed")]
    out = control("Putin's claim of seizing Bakhmut was false.[31]")
    assert [(p, c, s) for p, c, s in out] == [("Bakhmut", "RU_gain", "denied")]


def test_a_part_before_a_list_covers_the_whole_list():
    out = control("Russian forces made gains on July 9, taking parts of the frontline towns of Bakhmut and "
                  "Lysychansk.[32]")
    assert [(p, c) for p, c, _ in out] == [("Bakhmut", "contested"), ("Lysychansk", "contested")]


def test_a_second_finite_predicate_is_not_under_attempts_to():
    out = control("Russian forces continued attempts to advance into Bakhmut and reportedly captured industrial "
                  "sectors of Lysychansk.[33]")
    assert ("Lysychansk", "contested") in [(p, c) for p, c, _ in out]


def test_a_reported_clause_without_that_is_the_sources_claim():
    out = control("Russian Telegram channels claimed the Russian forces recaptured Vrubivka on July 8.[34]")
    assert [(p, c, s) for p, c, s in out] == [("Vrubivka", "RU_gain", "claimed")]


def test_preventing_advances_and_firing_on_positions_is_no_advance_on_the_city():
    assert control("Russian forces acted to prevent further Ukrainian advances toward the border and fired on "
                   "Ukrainian positions in and around Kharkiv City.[35]") == []


def test_fighting_around_a_big_city_is_a_reference_not_a_target():
    assert control("Russian forces conducted limited ground attacks around Kharkiv City on July 9.[36]") == []
    out = control("Russian forces conducted limited ground attacks around Udy on July 9.[37]")
    assert [(p, c) for p, c, _ in out] == [("Udy", "RU_advance_near")]
    out = control("Russian forces attacked Kharkiv City.[38]")
    assert [(p, c) for p, c, _ in out] == [("Kharkiv City", "RU_advance_near")]


def test_an_offensive_that_will_make_gains_is_a_forecast():
    assert control("The Russian offensive will likely make marginal gains near Udy before culminating.[39]") == []


def test_since_the_capture_of_reports_a_capture():
    out = control("Russian troops have been attempting to take Slovyansk since the capture of Lysychansk on "
                  "July 3.[40]")
    assert ("Lysychansk", "RU_gain") in [(p, c) for p, c, _ in out]


def test_attacks_spoken_of_are_not_attacks():
    assert control("Russian forces are prioritizing the highways over launching offensive operations on "
                   "Bakhmut.[41]") == []
    assert control("Russian forces are massing troops for the assault on Lysychansk.[42]") == []
    assert control("An offensive on Slovyansk would help Russian forces cut Ukrainian supply lines.[43]") == []
    out = control("Russian forces launched an assault on Bakhmut on July 9.[44]")
    assert [(p, c) for p, c, _ in out] == [("Bakhmut", "RU_advance_near")]


def test_a_hold_as_an_aim_is_no_statement_but_continuing_to_hold_is_a_hold():
    assert control("Supporting effort (Objective: Defend Kherson City against Ukrainian counterattacks)") == []
    out = control("Ukrainian forces continue to hold Bakhmut.[45]")
    assert [(p, c) for p, c, _ in out] == [("Bakhmut", "UA_holds")]
    out = control("Russian forces were unable to consolidate control of Lysychansk.[46]")
    assert [(p, c) for p, c, _ in out] == [("Lysychansk", "contested")]


def test_a_participle_clause_takes_the_main_clauses_subject():
    out = control("Ukrainian officials reported that Russian troops clashed with Ukrainian defenders in the south "
                  "while attempting to advance towards Udy.[47]")
    assert [(p, c) for p, c, _ in out] == [("Udy", "RU_advance_near")]


def test_unconfirmed_before_that_lowers_confidence():
    hedged = doc_with_places("Local sources stated that there is no official confirmation that Ukrainian forces "
                             "have liberated Udy.[48]", IDS, dt.date(2022, 7, 10))
    plain = doc_with_places("Local sources stated that Ukrainian forces have liberated Udy.[49]", IDS,
                            dt.date(2022, 7, 10))
    (h,), (p,) = extract_control(hedged), extract_control(plain)
    assert h.change == p.change == "UA_gain"
    assert h.confidence < p.confidence


def test_a_control_center_is_not_control():
    assert control("Ukrainian forces struck a drone control center in Udy.[50]") == []


def test_fighting_in_a_part_of_a_town_is_fighting_in_the_town():
    out = control("Russian sources claimed that Wagner fighters fought in eastern Bakhmut.[51]")
    assert [(p, c) for p, c, _ in out] == [("Bakhmut", "fighting")]


def test_a_drone_attempting_an_attack_is_a_strike():
    assert control("Ukrainian forces shot down a Russian Shahed drone attempting an attack in Udy.[52]") == []


def test_a_named_suburb_is_what_was_taken():
    ids = {**IDS, "Derhachi": 710098}
    doc = doc_with_places("Ukrainian forces recaptured the northern Kharkiv City suburb of Derhachi on March 10.[53]",
                          ids, dt.date(2022, 3, 10))
    assert [(s.place.text, s.change) for s in extract_control(doc)] == [("Derhachi", "UA_gain")]


def test_a_side_word_that_is_an_object_is_not_the_subject():
    out = control("Ukrainian forces inflicted another defeat on Russia and liberated Udy on July 9.[54]")
    assert [(p, c) for p, c, _ in out] == [("Udy", "UA_gain")]


def test_claimed_to_have_taken_is_the_sources_claim():
    out = control("The Russian MoD claimed to have taken Vrubivka.[55]")
    assert [(p, c, s) for p, c, s in out] == [("Vrubivka", "RU_gain", "claimed")]


def test_unverifiable_control_stays_a_claim():
    out = control("Russian sources reported that Russian forces control Udy, although ISW cannot independently "
                  "verify Russian control of Udy.[56]")
    assert [s for _, _, s in out] == ["claimed", "claimed"]


def test_a_capture_that_will_be_celebrated_or_is_tasked_has_not_happened():
    assert control("Russia will likely make much of its final capture of Lysychansk once it happens.[57]") == []
    assert control("Haidai cited intercepted orders that Russian forces have been tasked with completing the "
                   "capture of Lysychansk by July 10.[58]") == []


def test_a_town_and_its_immediate_surroundings_is_an_area():
    doc = doc_with_places("Russian forces captured Udy and its immediate surroundings on July 9.[59]", IDS,
                          dt.date(2022, 7, 10))
    regions = [s.region for s in extract_control(doc) if getattr(s, "region", "")]
    assert regions == [f"near={IDS['Udy']};km=5"]


def test_a_mistaken_earlier_report_is_denied():
    out = control("CORRECTION: ISW mistakenly reported on July 8 that Russian troops seized Udy.[60]")
    assert [(p, c, s) for p, c, s in out] == [("Udy", "RU_gain", "denied")]


def test_unlikely_to_have_seized_is_denied():
    out = control("Russian forces are unlikely to have seized Udy as of July 9.[61]")
    assert [(p, c, s) for p, c, s in out] == [("Udy", "RU_gain", "denied")]


def test_a_claim_to_have_captured_is_a_claim():
    out = control("The occupation authorities want to boost the Kremlin's claim to have fully captured Lysychansk.[62]")
    assert [(p, s) for p, _, s in out] == [("Lysychansk", "claimed")]


def test_the_prevented_side_is_the_actor():
    out = control("Ukrainian forces prevented Russian troops from encircling, let alone seizing Kharkiv City.[63]")
    assert [(p, c) for p, c, _ in out] == [("Kharkiv City", "RU_advance_near")]


def test_an_anaphor_skips_reference_points():
    ids = {**IDS, "Brazhkivka": 712010}
    doc = doc_with_places("Footage shows Russian forces shelling Brazhkivka, 16km southwest of Slovyansk, indicating "
                          "that Russian forces have pulled back from this settlement.[64]", ids, dt.date(2022, 8, 29))
    assert [(s.place.name, s.change) for s in extract_control(doc)] == [("Brazhkivka", "UA_gain")]


def test_a_pronoun_subject_without_a_sided_voice_gives_no_side():
    assert control("They pressed on the flanks of Ukrainian defensive positions until they had secured "
                   "Lysychansk.[65]") == []


def test_operations_for_control_are_a_fight_not_a_hold():
    out = control("Russian units suffered losses during operations for control of Lysychansk.[66]")
    assert [(p, c) for p, c, _ in out] == [("Lysychansk", "contested")]


def test_a_verb_sharing_an_infinitive_is_an_aim_but_a_past_tense_after_and_is_a_deed():
    assert control("Russian forces are unlikely to seize Udy or capture Kharkiv City soon.[67]") == []
    out = control("Russian forces attempted to seize Udy or capture Kharkiv City.[67]")  # an attempt: fought near
    assert [(p, c) for p, c, _ in out] == [("Udy", "RU_advance_near"), ("Kharkiv City", "RU_advance_near")]
    out = control("Ukrainian forces advanced to Lysychansk and captured Bilohorivka.[68]")
    assert ("Bilohorivka", "UA_gain") in [(p, c) for p, c, _ in out]


def test_entering_a_city_is_an_incursion_entering_a_village_a_capture():
    out = control("Russian forces entered Slovyansk for the first time on July 9.[69]")
    assert [(p, c) for p, c, _ in out] == [("Slovyansk", "contested")]
    out = control("Russian forces entered Udy on July 9.[70]")
    assert [(p, c) for p, c, _ in out] == [("Udy", "RU_gain")]


def test_the_city_after_withdrew_from_x_is_x():
    out = control("Ukrainian sources reported that Ukrainian forces withdrew from Lysychansk, confirming that Russian "
                  "forces established full control of the city.[71]")
    doc = doc_with_places("Ukrainian sources reported that Ukrainian forces withdrew from Lysychansk, confirming that "
                          "Russian forces established full control of the city.[71]", IDS, dt.date(2022, 7, 3))
    assert [(s.place.name, s.change) for s in extract_control(doc)] == [("Lysychansk", "RU_gain")] * 2
    # the withdrawal is the Ukrainian sources' word; "confirming that ..." is the writer's conclusion from it
    assert [s for _, _, s in out] == ["claimed", "assessed"]


def test_an_effort_that_remains_seizing_a_city_is_an_aim():
    out = control("The Russian military's main effort remains seizing Kharkiv City.[72]")
    assert [(p, c) for p, c, _ in out] == [("Kharkiv City", "RU_advance_near")]


def test_attackers_halting_their_own_drive_is_no_repulse():
    assert control("Russian forces halted their drive westward toward Udy.[73]") == []
    out = control("Ukrainian forces halted the Russian advance on Udy.[74]")
    assert [(p, c) for p, c, _ in out] == [("Udy", "RU_advance_near")]


def test_a_unit_allocated_to_an_advance_has_not_advanced():
    assert control("One Russian battalion is allocated to an advance on Udy at some point.[75]") == []


def test_attacks_repulsed_are_the_other_sides_and_adjectives_keep_the_side_word():
    out = control("Ukrainian forces also repulsed attacks on Udy on July 9.[76]")
    assert [(p, c) for p, c, _ in out] == [("Udy", "RU_advance_near")]
    out = control("Ukrainian forces reported they halted Russian armored advances on Udy.[77]")
    assert [(p, c) for p, c, _ in out] == [("Udy", "RU_advance_near")]
    out = control("Ukrainian officials reported Russian troops attempted to infiltrate Ukrainian lines in Udy.[78]")
    assert [(p, c) for p, c, _ in out] == [("Udy", "RU_advance_near")]


def test_remains_contested_after_an_apposition_is_about_the_first_town():
    ids = {**IDS, "Hostomel": 707292, "Kyiv": 703448}
    doc = doc_with_places("Hostomel, the town near the airfield northwest of Kyiv, remains contested.[79]", ids,
                          dt.date(2022, 3, 5))
    assert [(s.place.text, s.change) for s in extract_control(doc)] == [("Hostomel", "contested")]


def test_an_air_force_attack_is_a_strike_and_central_x_a_reference():
    assert control("The Ukrainian Air Force attacked Russian elements near Udy, 25 kilometers northeast of central "
                   "Kharkiv City.[80]") == []


def test_positions_in_a_citys_outskirts_are_not_the_city():
    out = control("Russian forces could attack from the positions Russian forces maintain in Kharkiv City's "
                  "northwestern outskirts.[81]")
    assert [(p, c) for p, c, _ in out] == [("Kharkiv City", "contested")]
    assert control("Russian forces sought to outflank Ukrainian counterattacks in Kharkiv City's outskirts.[82]") == []


def test_an_attribution_after_the_statement_is_its_source():
    from frontscope.model import Document
    from frontscope.pipeline import Pipeline

    doc = Pipeline(["places", "claims"])(Document(
        "Russian forces advanced. The enemy attacked our positions near Myrove, the Ukrainian General Staff "
        "reported. The 25th Airborne Division seized Kupyansk, according to the Russian MoD.[10]",
        published=dt.date(2025, 12, 12)))
    out = [(s.place.text, s.change, s.status) for s in extract_control(doc)]
    assert out == [("Myrove", "RU_advance_near", "claimed"), ("Kupyansk", "RU_gain", "claimed")]


def test_a_counteroffensive_in_a_big_city_names_the_area():
    assert control("Ukrainian counterattacks in Kharkiv City are unlikely to develop into a major "
                   "counteroffensive.[83]") == []
    out = control("Ukrainian counterattacks in Udy continued.[84]")
    assert [(p, c) for p, c, _ in out] == [("Udy", "UA_advance_near")]


def test_a_coordinated_attack_noun_keeps_the_attacker():
    out = control("Ukrainian forces repelled a Russian reconnaissance-in-force attempt on Udy (about 16 km north of "
                  "Kharkiv City) and an attack on Vrubivka.[85]")
    assert [(p, c) for p, c, _ in out] == [("Udy", "RU_advance_near"), ("Vrubivka", "RU_advance_near")]


def test_stopped_providing_is_no_repulse():
    assert control("Russian forces stopped providing humanitarian assistance to residents of Udy.[86]") == []


def test_more_attack_sides_and_non_attacks():
    out = control("Ukrainian forces repelled ground assaults near Udy and near Vrubivka.[87]")
    assert [(p, c) for p, c, _ in out] == [("Udy", "RU_advance_near"), ("Vrubivka", "RU_advance_near")]
    out = control("Ukrainian forces halted a Russian attempt to advance toward Udy.[88]")
    assert [(p, c) for p, c, _ in out] == [("Udy", "RU_advance_near")]
    assert control("Partisans tried to kill a collaborator in an improvised explosive device attack in Udy.[89]") == []
    assert control("Milbloggers discussed the likelihood of a Ukrainian counteroffensive on Udy.[90]") == []
    assert control("The counteroffensive is unlikely to affect Russian ground lines of communication to Udy.[91]") == []
    assert control("Ukrainian forces counterattacked to relieve pressure on Kharkiv City.[92]") == []


def test_while_advancing_takes_the_main_subject_and_continued_fire_is_a_new_predicate():
    out = control("Russian sources stated that Ukrainian forces exploited gaps in the Russian front line while "
                  "advancing on Udy.[93]")
    assert [(p, c) for p, c, _ in out] == [("Udy", "UA_advance_near")]
    assert control("Russian forces conducted an assault north of Udy and continued routine fire on Udy.[94]") == []
    assert control("Russian forces moved pontoon equipment to begin an assault on Lysychansk.[95]") == []


def test_a_reversed_claim_is_denied():
    out = control("A milblogger's map showed fighting in Udy, reversing a prior claim of Russian control of Udy.[96]")
    assert ("Udy", "RU_holds", "denied") in out


def test_objectives_including_capturing_are_aims_and_incorrect_or_rebutted_claims_denied():
    out = control("Russia has failed to achieve its objectives, including destroying the Ukrainian army and "
                  "capturing Kharkiv City.[97]")
    assert [(p, c) for p, c, _ in out] == [("Kharkiv City", "RU_advance_near")]
    out = control("Russian forces made advances, including capturing the towns of Udy and Vrubivka on July 9.[98]")
    assert [(p, c) for p, c, _ in out] == [("Udy", "RU_gain"), ("Vrubivka", "RU_gain")]
    out = control("A milblogger claimed that Russian forces seized Udy, but this claim is likely incorrect.[99]")
    assert [(p, s) for p, _, s in out] == [("Udy", "denied")]
    out = control("Prigozhin rebutted the claim that Russian forces have taken Udy.[100]")
    assert [(p, s) for p, _, s in out] == [("Udy", "denied")]
