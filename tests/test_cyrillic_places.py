"""Ukrainian and Russian place names in any case, resolved to the gazetteer (fixtures written for these tests)."""

from __future__ import annotations

import datetime as dt

import pytest

from frontscope.model import Document
from frontscope.pipeline import Pipeline

KUPIANSK, SVATOVE, BERDIANSK, BAKHMUT, NOVA_KAKHOVKA = 703656, 692118, 712451, 713174, 699839
KYIV_CITY, VASYLKIV_KYIV = 703448, 690412


def places(text: str) -> list:
    doc = Pipeline(["places"])(Document(text=text, published=dt.date(2022, 9, 12)))
    return doc.places


def by_text(text: str) -> dict[str, object]:
    return {p.text: p for p in places(text)}


@pytest.mark.parametrize("text, word, gid", [
    ("Вибухи пролунали у Сватовому вночі.", "Сватовому", SVATOVE),
    ("Бои идут возле Купянска.", "Купянска", KUPIANSK),
    ("Окупанти обстріляли Куп'янськ з артилерії.", "Куп'янськ", KUPIANSK),
    ("Пожежа на нафтобазі поблизу Василькова після удару.", "Василькова", VASYLKIV_KYIV),
    ("У Києві пролунала повітряна тривога.", "Києві", KYIV_CITY),
    ("Вибухи у Новій Каховці чули мешканці.", "Новій Каховці", NOVA_KAKHOVKA),
])
def test_inflected_names_resolve_to_one_id(text: str, word: str, gid: int) -> None:
    got = by_text(text)
    assert word in got, got
    assert got[word].geonameid == gid
    assert got[word].kind == "settlement"


def test_russian_and_ukrainian_spellings_meet_at_one_id() -> None:
    ua = by_text("Бої тривають під Куп'янськом.")
    ru = by_text("Бои продолжаются под Купянском.")
    assert ua["Куп'янськом"].geonameid == ru["Купянском"].geonameid == KUPIANSK


def test_oblast_by_adjective_and_colloquial_name() -> None:
    got = by_text("Обстріли на Полтавщині та в Луганській області тривають.")
    assert got["Полтавщині"].kind == "oblast" and got["Полтавщині"].oblast == "Poltava"
    assert got["Луганській області"].kind == "oblast" and got["Луганській області"].geonameid == 702657


def test_facility_and_direction_adjectives_name_the_town() -> None:
    got = by_text("Вибухи на Бердянському аеродромі. Бої на Бахмутському напрямку.")
    assert got["Бердянському"].geonameid == BERDIANSK
    assert got["Бахмутському"].geonameid == BAKHMUT


def test_common_words_that_are_village_names_need_place_context() -> None:
    assert not places("Пожежа охопила склад.")  # "fire", sentence-initial: no village
    got = by_text("Ворог обстріляв село Пожежа.")
    assert "Пожежа" in got and got["Пожежа"].geonameid is not None


def test_countries_and_people_are_not_villages() -> None:
    got = by_text("Україна отримала допомогу. Заявив голова ОВА Олексій Кулеба. Президент Китая прибыл в Москву.")
    assert not any(p.geonameid for p in got.values()), got


def test_places_in_russia_keep_no_ukrainian_id() -> None:
    got = by_text("Беспилотник упал в Каменском районе Ростовской области.")
    assert got["Ростовской области"].country == "RU" and got["Ростовской области"].geonameid is None
    assert got["Каменском"].geonameid is None and got["Каменском"].country == "RU"


def test_unknown_village_after_settlement_word_is_kept_without_id() -> None:
    got = by_text("Ракета влучила в нафтобазу в селі Крячки.")
    assert got["Крячки"].kind == "settlement" and got["Крячки"].geonameid is None


def test_english_documents_do_not_take_the_cyrillic_path() -> None:
    doc = Pipeline(["places"])(Document(text="Russian forces attacked near Kupyansk and Svatove."))
    assert doc.language == "en"
    assert [p.geonameid for p in doc.places] == [KUPIANSK, SVATOVE]


def test_village_names_in_a_text_about_russia_keep_no_ukrainian_id() -> None:
    got = by_text("Бои идут у села Коренево в Курской области. Туристы отдыхали в Мали.")
    # Korenevo of Kursk oblast (GeoNames 544906), never Koreneve of Sumy oblast — whatever was read before
    assert (got["Коренево"].geonameid, got["Коренево"].country, got["Коренево"].oblast) == (544906, "RU", None)
    assert got["Мали"].geonameid is None
    # the same kind of name in a text that places it in Ukraine keeps its id
    assert by_text("Российские войска освободили населенный пункт Ильинка в ДНР.")["Ильинка"].geonameid is not None
