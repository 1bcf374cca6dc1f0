"""Places in news prose: the country gate, regions, people and organisations, distance anchors."""

from __future__ import annotations

from frontscope.model import Document
from frontscope.pipeline import Pipeline


def places(text: str, publisher: str = "Reuters") -> list[tuple[str, str, int | None, str | None]]:
    doc = Pipeline(["places"])(Document(text=text, publisher=publisher))
    return [(p.text, p.kind, p.geonameid, p.country) for p in doc.places if p.kind != "country"]


def test_towns_across_the_border_get_their_own_geonames_entry():
    out = places("Ukrainian troops advanced in Russia's Kursk region, near Glushkovo and west of Korenevo, "
                 "the governor of the region said.")
    got = {t: (gid, cc) for t, _k, gid, cc in out}
    assert got["Korenevo"] == (544906, "RU") and got["Glushkovo"] == (560995, "RU")
    assert got["Kursk"][1] == "RU"  # the oblast of "Russia's Kursk region"


def test_country_context_never_gives_a_ukrainian_namesake():
    # Martynivka is a common Ukrainian village name; here the text puts it in Russia
    out = places("Fighting continued in Russia's Kursk region near Martynovka, Russian officials said.")
    m = [x for x in out if x[0] == "Martynovka"]
    assert m and m[0][3] == "RU"
    assert m[0][2] is None or m[0][2] not in {p[2] for p in places("Ukrainian troops held Martynovka.")}


def test_sumy_stays_in_ukraine_after_a_kursk_paragraph():
    out = places("Ukrainian forces pushed into Russia's Kursk region. A Russian drone attack on the city of Sumy "
                 "killed two people.")
    assert ("Sumy", "settlement", 692194, "UA") in out


def test_belarus_context():
    out = places("Belarus moved units towards the border near Mozyr, in Belarus's Gomel region.")
    assert ("Mozyr", "settlement", 625324, "BY") in out


def test_list_followed_by_regions_is_oblasts():
    out = places("Russia shelled settlements in Kharkiv, Donetsk, Zaporizhzhia and Kherson regions.")
    assert [k for _t, k, _g, _c in out] == ["oblast"] * 4


def test_people_and_organisations_are_not_places():
    text = ("Former MP Ilya Kiva was found dead. Pavel Gubarev, a former separatist leader, spoke. "
            "The Institute for the Study of War and the U.N. mission said so, analyst Fabian Hoffmann told Kyiv "
            "Post. Kyiv said Moscow's forces attacked.")
    assert places(text) == []


def test_distance_anchor_picks_the_namesake_in_reach_or_none():
    near = places("Ukrainian troops are fighting near Dibrova, about 9km southwest of Kreminna.")
    assert ("Dibrova", "settlement", 710592, "UA") in near
    # no Dibrova lies anywhere near Uzhhorod: a far namesake is no answer
    far = places("Volunteers trained near Dibrova, about 7km south of Uzhhorod.")
    assert [x for x in far if x[0] == "Dibrova"][0][2] is None
