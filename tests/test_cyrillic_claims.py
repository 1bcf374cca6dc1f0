"""Attribution in Ukrainian and Russian headlines (fixtures written for these tests)."""

from __future__ import annotations

import datetime as dt

from frontscope.events.cyrillic import extract_control_cyrillic
from frontscope.model import Document
from frontscope.nlp.language import detect_language
from frontscope.pipeline import Pipeline


def run(text: str) -> Document:
    return Pipeline()(Document(text=text, published=dt.date(2022, 9, 12)))


def test_language_detection() -> None:
    assert detect_language("Russian forces attacked near Kupyansk.") == "en"
    assert detect_language("Окупанти обстріляли Харків, повідомили в ОВА.") == "uk"
    assert detect_language("Войска заняли позиции возле Купянска, сообщили в штабе.") == "ru"
    assert detect_language("12 3") == ""


def test_trailing_dash_source_is_the_speaker() -> None:
    doc = run("Вночі ворог обстріляв Харків, — повідомив голова Харківської ОВА Олег Синєгубов")
    assert len(doc.claims) == 1
    c = doc.claims[0]
    assert c.source.text == "голова Харківської ОВА Олег Синєгубов"
    assert (c.source.name, c.source.side, c.source.kind) == ("Kharkiv Oblast Military Administration", "UA",
                                                            "local_official")
    assert c.said_on == dt.date(2022, 9, 12)


def test_leading_colon_and_subject_cues_with_registry_in_nominative() -> None:
    doc = run("Минобороны РФ: уничтожен склад под Одессой. У Генштабі підтвердили удар по складу.")
    got = {(c.source.text, c.source.side, c.source.kind) for c in doc.claims}
    assert ("Минобороны РФ", "RU", "military") in got
    assert ("Генштабі", "UA", "military") in got


def test_back_reference_takes_the_source_after_the_verb() -> None:
    doc = run("Над містом збили два дрони. Про це повідомляють місцеві ЗМІ.")
    assert len(doc.claims) == 1
    c = doc.claims[0]
    assert c.source.text == "місцеві ЗМІ" and c.source.kind == "media"
    assert c.start == 0  # the statement is the sentence before


def test_bare_surname_takes_the_earlier_full_mention() -> None:
    doc = run("Бої тривають, — заявив голова ОВА Віталій Кім. «Ситуація під контролем», — написав Кім")
    assert [c.source.kind for c in doc.claims] == ["local_official", "local_official"]


def test_rubric_after_dash_and_pronouns_are_not_sources() -> None:
    doc = run("Удар по аэродрому Днепр — Специальная военная операция. Как сообщается, пожар потушен.")
    assert all(c.source.text != "Специальная военная операция" for c in doc.claims)
    assert all(c.source.text != "Как" for c in doc.claims)


def test_control_verbs_side_and_status() -> None:
    doc = run("ЗСУ звільнили Куп'янськ, повідомили в Генштабі.")
    st = extract_control_cyrillic(doc)
    assert [(s.place.text, s.change, s.status) for s in st] == [("Куп'янськ", "UA_gain", "claimed")]
    assert st[0].source_side == "UA" and st[0].claimed_by == "Генштабі"


def test_russian_mod_liberated_is_a_russian_gain() -> None:
    doc = run("Минобороны России сообщило, что освободили населенный пункт Кисловка.")
    st = extract_control_cyrillic(doc)
    assert [(s.place.text, s.change, s.status) for s in st] == [("Кисловка", "RU_gain", "claimed")]


def test_aims_hypotheses_and_directions_are_not_captures() -> None:
    doc = run("У разі захоплення Запоріжжя ворог піде далі. Тривають бої на Бахмутському напрямку.")
    assert extract_control_cyrillic(doc) == []


def test_occupied_adjective_and_fighting() -> None:
    doc = run("В окупованих Пологах лунали вибухи. Під Васильковом триває бій за аеропорт.")
    got = {(s.place.text, s.change, s.status) for s in extract_control_cyrillic(doc)}
    assert got == {("Пологах", "RU_holds", "assessed"), ("Васильковом", "fighting", "assessed")}


def test_denied_capture() -> None:
    doc = run("Генштаб спростував, що окупанти захопили Куп'янськ.")
    st = extract_control_cyrillic(doc)
    assert [(s.change, s.status) for s in st] == [("RU_gain", "denied")]
