"""The places stage on short assessment-style fixtures, against the gazetteer shipped in the package."""

import pytest

from frontscope.geo.gazetteer import get_gazetteer
from frontscope.model import Document
from frontscope.pipeline import Pipeline

KUPYANSK = 703656
HOLUBIVKA_KHARKIV = 708531
DONETSK_OBLAST_CODE = "Donetsk"

REPORT = """Russian Offensive Campaign Assessment, March 3

Kupyansk direction

Ukrainian forces recently advanced in northern Kupyansk and near Holubivka (north of Kupyansk).[1] \
Russian milbloggers claimed that Russian forces attacked along the P-07 Kupyansk-Shevchenkove highway and \
reached the west bank of the Oskil River.[2][xlii] Kremlin Spokesperson Dmitry Peskov and Russian President \
Vladimir Putin repeated that the "Donetsk People's Republic" (DNR) will hold elections.[3]

Pokrovsk direction

Russian forces attacked near Oleksandrivka, Donetsk Oblast, and in Kharkiv Oblast on March 2.[4] Ukrainian \
President Volodymyr Zelensky visited Kharkiv City. Russian forces struck Belgorod Oblast targets from Kursk.[5]

[1] https://example.org/one
[2] https://example.org/two
[3] https://example.org/three
[4] https://example.org/four
[5] https://example.org/five
[xlii] https://example.org/roman
"""


@pytest.fixture(scope="module")
def doc():
    return Pipeline(["places"])(Document(text=REPORT, path="fixture.txt"))


def mentions(doc, text):
    return [p for p in doc.places if p.text == text]


def test_spans_are_names_in_body_text_sorted(doc):
    assert doc.places == sorted(doc.places, key=lambda p: p.start)
    for p in doc.places:
        assert doc.text[p.start : p.end] == p.text
        assert p.end <= doc.body_end  # nothing from the endnote list
        assert not p.text.lower().startswith(("near ", "in ", "the "))


def test_heading_and_neighbours_resolve_the_village(doc):
    assert {p.geonameid for p in mentions(doc, "Kupyansk")} == {KUPYANSK}
    (hol,) = mentions(doc, "Holubivka")
    assert hol.geonameid == HOLUBIVKA_KHARKIV and hol.oblast == "Kharkiv"
    assert hol.candidates, "runner-up Holubivkas are kept"
    assert all(c.geonameid != HOLUBIVKA_KHARKIV for c in hol.candidates)
    assert hol.confidence > 0.5


def test_people_and_organisations_are_not_places(doc):
    texts = {p.text for p in doc.places}
    assert not texts & {"Putin", "Peskov", "Dmitry", "Vladimir", "Volodymyr", "Zelensky", "Kremlin"}
    assert not any(p.text == "Donetsk" for p in doc.places), "Donetsk People's Republic is an organisation"


def test_kinds_from_the_surrounding_words(doc):
    (oskil,) = mentions(doc, "Oskil")
    assert oskil.kind == "river" and oskil.lat is not None
    (road,) = mentions(doc, "P-07")
    assert road.kind == "road" and road.geonameid is None
    (kh,) = mentions(doc, "Kharkiv Oblast")
    assert kh.kind == "oblast" and kh.geonameid == 706482
    (city,) = mentions(doc, "Kharkiv")
    assert city.kind == "settlement" and city.geonameid == 706483  # "Kharkiv City": the name only
    assert mentions(doc, "Shevchenkove")[0].oblast == "Kharkiv"


def test_oblast_named_beside_a_common_name(doc):
    (olek,) = mentions(doc, "Oleksandrivka")
    assert olek.oblast == DONETSK_OBLAST_CODE
    assert len(olek.candidates) >= 3


def test_places_outside_ukraine(doc):
    (bel,) = mentions(doc, "Belgorod Oblast")
    assert (bel.kind, bel.country, bel.geonameid) == ("oblast", "RU", None)
    (kursk,) = mentions(doc, "Kursk")
    assert kursk.country == "RU" and kursk.lat == pytest.approx(51.73, abs=0.1)


def test_similar_names_stay_apart():
    text = ("Russian forces attacked Radkivka and Kindrashivka north of Kupyansk. Separately, Russian forces "
            "attacked Rudkivka. Fighting continued near Pokrovsk and Myrove.")
    doc = Pipeline(["places"])(Document(text=text))
    names = {p.text: p.name for p in doc.places}
    assert names["Radkivka"] == "Radkivka" and names["Rudkivka"] == "Rudkivka"
    assert names["Pokrovsk"] == "Pokrovsk" and names["Myrove"] == "Myrove"


def test_misspelling_is_matched_only_near_its_context():
    text = "Russian forces shelled Velykyi Burluk, Kupyansk, and Kindrashivka and attacked near Kindrashvka."
    doc = Pipeline(["places"])(Document(text=text))
    (typo,) = [p for p in doc.places if p.text == "Kindrashvka"]
    assert typo.geonameid == 705175 and typo.resolved_by == "fuzzy" and typo.confidence < 0.95
    far = Pipeline(["places"])(Document(text="Officials in Lviv and Uzhhorod met near Kindrashvka."))
    assert not [p for p in far.places if p.text == "Kindrashvka"]


def test_transliteration_variants_resolve_to_one_place():
    text = "Russian forces attacked Kupiansk, Kup'yansk and Купянськ and shelled Huliaipole and Gulyaipole."
    doc = Pipeline(["places"])(Document(text=text))
    ids = {p.text: p.geonameid for p in doc.places}
    assert ids["Kupiansk"] == ids["Kup'yansk"] == ids["Купянськ"] == KUPYANSK
    assert ids["Huliaipole"] == ids["Gulyaipole"] == 707898


def test_gazetteer_api_for_other_stages():
    g = get_gazetteer()
    kup = g.get(KUPYANSK)
    assert kup.oblast == "Kharkiv" and kup.raion == "Kupianskyi Raion" and kup.katottg.startswith("UA6308")
    near = g.places_within(kup.lat, kup.lon, 6)
    assert near[0][0].geonameid == KUPYANSK and all(d <= 6 for _, d in near)
    assert HOLUBIVKA_KHARKIV in {p.geonameid for p, _ in near}
    assert [p.geonameid for p, _ in g.nearest(49.751, 37.631, k=1)] == [HOLUBIVKA_KHARKIV]


@pytest.mark.parametrize(
    "where, expected",
    [("30km northeast of Kupyansk", 813291), ("28km southeast of Kupyansk", 712411), ("northeast of Kupyansk", 813291)],
)
def test_relative_statement_picks_the_namesake_in_that_direction(where, expected):
    # Two villages called Berestove lie ~28 km from Kupyansk: one to the northeast, one to the southeast.
    doc = Pipeline(["places"])(Document(text=f"Ukrainian forces advanced towards Berestove ({where})."))
    (ber,) = [p for p in doc.places if p.text == "Berestove"]
    assert ber.geonameid == expected
    assert expected not in {c.geonameid for c in ber.candidates}


def test_plural_unit_word_covers_the_list():
    text = "Russian forces attacked in Kharkiv, Donetsk, and Luhansk oblasts and near Izyum on May 3."
    doc = Pipeline(["places"])(Document(text=text))
    got = [(p.text, p.kind, p.geonameid) for p in doc.places]
    assert got == [("Kharkiv", "oblast", 706482), ("Donetsk", "oblast", 709716),
                   ("Luhansk oblasts", "oblast", 702657), ("Izyum", "settlement", 707292)]


def test_stage_runs_on_a_document_without_sentences():
    from frontscope.geo.geocoder import geocode

    doc = Document(text="Russian forces attacked Holubivka and Kindrashivka north of Kupyansk.")
    geocode(doc)  # no segment stage: neighbours are taken from the text window
    assert {p.text: p.geonameid for p in doc.places}["Holubivka"] == HOLUBIVKA_KHARKIV


def test_raions_by_seat_name_or_adjective():
    text = "Officials evacuated civilians from Kupyansk Raion, Kupianskyi Raion and Svatove Raion."
    doc = Pipeline(["places"])(Document(text=text))
    got = [(p.text, p.kind, p.raion, p.oblast) for p in doc.places]
    assert got == [("Kupyansk Raion", "raion", "Kupianskyi Raion", "Kharkiv"),
                   ("Kupianskyi Raion", "raion", "Kupianskyi Raion", "Kharkiv"),
                   ("Svatove Raion", "raion", "Svativskyi Raion", "Luhansk")]
    assert all(p.lat is not None for p in doc.places)


@pytest.mark.parametrize("name", ["Kharkivska oblast", "Харківська область", "Kharkiv Oblast", "Kharkiv region"])
def test_find_oblast_by_any_spelling(name):
    assert get_gazetteer().find_oblast(name) == ("07", "Kharkiv", 706482)


def test_find_oblast_unknown_name():
    assert get_gazetteer().find_oblast("Belgorod Oblast") is None
