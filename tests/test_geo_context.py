"""Context rules of the places stage: rivers without "River", oblasts named without "Oblast", press spellings,
and the prominent town beating its homonymous villages. Sentences written for these tests."""

import pytest

from frontscope.geo.normalize import name_key
from frontscope.model import Document
from frontscope.pipeline import Pipeline

ZAPORIZHZHIA_CITY = 687700
ZAPORIZHZHIA_OBLAST = 687699
KHERSON_OBLAST = 706442
HULIAIPOLE_ZAPORIZHZHIA = 707898
LYMAN_DONETSK = 704204
DNIPRO_CITY = 709930
DNIEPER_RIVER = 565896


def places(text: str) -> list:
    return Pipeline(["places"])(Document(text=text)).places


def at(text: str, name: str, nth: int = 0):
    """The mention whose text is `name`, the nth occurrence."""
    hits = [p for p in places(text) if p.text == name]
    assert len(hits) > nth, (name, [p.text for p in places(text)])
    return hits[nth]


def test_crossing_phrase_reads_the_river_not_the_village():
    text = "Ukrainian forces may push across the Oskil if Russian defenses near Kupyansk weaken.[1]"
    p = at(text, "Oskil")
    assert p.kind == "river"
    assert p.name == "Oskil"


@pytest.mark.parametrize("text", [
    "Russian forces withdrew to the east bank of the Dnipro after Ukrainian strikes on bridges.[2]",
    "Ukrainian troops struck Russian ferries between the Dnipro and the Desna on March 4.[3]",
    "Russian forces shelled pontoon bridges over the Inhulets and Dnipro rivers overnight.[4]",
    "Russian units retreated to the Dnipro River’s east bank near Nova Kakhovka.[5]",
])
def test_dnipro_in_river_context_is_the_river(text):
    p = at(text, "Dnipro")
    assert (p.kind, p.geonameid) == ("river", DNIEPER_RIVER)


def test_dnipro_city_stays_a_city():
    p = at("Russian forces struck Dnipro City and Kryvyi Rih with missiles on March 6.[6]", "Dnipro")
    assert (p.kind, p.geonameid) == ("settlement", DNIPRO_CITY)


def test_town_used_as_adjective_after_the_stays_the_town():
    p = at("Russian forces attacked along the Bakhmut and Avdiivka frontlines on May 2.[7]", "Bakhmut")
    assert p.kind == "settlement"


def test_occupied_oblast_names_are_the_oblasts():
    text = "Moscow intends to merge occupied Kherson and Zaporizhia into one federal district.[8]"
    ps = [p for p in places(text) if p.text != "Moscow"]
    assert [(p.text, p.kind, p.geonameid) for p in ps] == [
        ("Kherson", "oblast", KHERSON_OBLAST), ("Zaporizhia", "oblast", ZAPORIZHZHIA_OBLAST)]


def test_oblast_named_in_a_list_with_an_oblast():
    p = at("Russian forces regrouped in Kherson Oblast and Zaporizhia on June 3.[9]", "Zaporizhia")
    assert (p.kind, p.geonameid) == ("oblast", ZAPORIZHZHIA_OBLAST)


def test_direction_and_border_phrases_name_the_oblast():
    text = ("Russian forces attacked in the Zaporizhia direction near Orikhiv and southwest of Donetsk City near "
            "the Zaporizhia-Donetsk Oblast border.[10]")
    ps = [p for p in places(text) if p.text == "Zaporizhia"]
    assert [(p.kind, p.geonameid) for p in ps] == [("oblast", ZAPORIZHZHIA_OBLAST)] * 2


def test_hyphenated_border_keeps_a_country_a_country():
    p = at("Russian forces shelled settlements near the Russia-Kharkiv Oblast border.[11]", "Russia")
    assert p.kind == "country"


@pytest.mark.parametrize("text", [
    "Russian forces struck Zaporizhzhia City with S-300 missiles on October 9.[12]",
    "Local officials in Zaporizhzhia reported explosions on October 10.[13]",
])
def test_the_city_stays_the_city(text):
    p = next(p for p in places(text) if p.text == "Zaporizhzhia")
    assert (p.kind, p.geonameid) == ("settlement", ZAPORIZHZHIA_CITY)


@pytest.mark.parametrize("spelling", ["Huliapole", "Huliaipole", "Hulyaipole", "Hulyaypole", "Гуляйполе"])
def test_huliaipole_spellings_meet(spelling):
    assert name_key(spelling) == name_key("Huliaipole")
    p = at(f"Russian forces shelled {spelling} and Orikhiv in Zaporizhia Oblast on November 2.[14]", spelling)
    assert p.geonameid == HULIAIPOLE_ZAPORIZHZHIA


def test_prominent_town_wins_without_context():
    p = at("Russian forces shelled Lyman and the surrounding villages on October 3.[15]", "Lyman")
    assert p.geonameid == LYMAN_DONETSK
    assert p.confidence > 0.5


def test_coordinated_oblast_is_not_a_container():
    p = at("The Russian defeats in Kharkiv Oblast and Lyman angered milbloggers.[16]", "Lyman")
    assert p.geonameid == LYMAN_DONETSK


def test_two_names_sharing_one_organisation_are_not_places():
    from frontscope.model import Document
    from frontscope.pipeline import Pipeline

    text = ("Russian officials said the Donetsk and Luhansk People's Republics will hold referenda. "
            "Russian forces shelled Donetsk City.")
    doc = Pipeline(["places"])(Document(text))
    found = [(m.text, m.start) for m in doc.places]
    assert ("Donetsk", text.index("Donetsk City")) in found
    assert all(start >= text.index("Russian forces") for _, start in found)
