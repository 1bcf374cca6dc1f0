"""Case forms of Ukrainian and Russian words: from "Сватовому", "Купянска", "Новій Каховці" back to the
nominative a gazetteer lists.

Two sources of nominatives, both kept because each misses what the other finds:
* pymorphy3 with its Ukrainian and Russian dictionaries (PyPI packages, no download at run time): the form
  inflected to the nominative, keeping gender and number ("Новій" → "нова", not "новий"; "Пологах" →
  "пологи"), and the dictionary lemma. It knows the big cities and guesses unknown words by their endings.
* declension rules for place names: the endings of the noun and adjectival declensions, with the vowel
  alternations Ukrainian place names show (Васильків → Василькова, Тернопіль → Тернополя, Каховка →
  Каховці). Gazetteer villages are mostly unknown to the dictionaries, and a guess by analogy is often
  another word's lemma; the rules give every plausible nominative and the gazetteer decides which exists.
The analysers load once per process, on the first Cyrillic word (English documents never pay for them).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

# (ending of the inflected form, nominative endings to try). Longest ending first wins the first slot, but
# every matching ending contributes (a word may be the genitive of a noun or the locative of an adjective).
_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    # Adjectival names (Сватове/Сватово, Рубіжне/Рубежное, Кривий Ріг, Нова Каховка, Велика Новосілка).
    ("ого", ("е", "ий", "ое", "ый", "ой", "о")), ("ому", ("е", "ий", "ое", "ый", "ой", "о")),
    ("ім", ("е", "ий", "ій")), ("им", ("е", "ий", "ый", "ое")), ("ом", ("е", "ое", "", "о")),
    ("ої", ("а",)), ("ій", ("а", "ий", "ій")), ("ою", ("а", "")), ("ой", ("ая", "а", "ой", "ый")),
    ("ую", ("ая",)), ("ей", ("ая", "ь", "я")), ("ем", ("е", "ь", "")), ("ого", ("ое",)),
    ("ьому", ("ій", "є")), ("ього", ("ій", "є")), ("ім", ("ій",)),
    # Nouns: Купянськ(а/у/ом/е), Херсон(а/і/ом), Донецьк(у), Луцьк(у).
    ("а", ("", "о", "е", "ь")), ("у", ("", "а", "о")), ("і", ("", "а", "ь", "я", "е", "и")),
    ("е", ("", "а", "о", "ь")), ("и", ("а", "", "ь", "я")), ("ю", ("ь", "я")), ("я", ("ь", "я", "й")),
    ("ом", ("",)), ("ем", ("ь",)), ("єм", ("й",)), ("ю", ("я",)),
    # Feminine -ка / -га with the Ukrainian dative/locative alternation (Каховці, Кисловці, Макіївці).
    ("ці", ("ка", "ця")), ("зі", ("га",)), ("ке", ("ка",)), ("ки", ("ка",)), ("ку", ("ка",)),
    ("кой", ("ка",)), ("кою", ("ка",)), ("ге", ("га",)),
    # Plural names (Ровеньки, Саки, Пологи): -ах/-ам/-ами/-ів.
    ("ах", ("и", "ы", "а")), ("ях", ("і", "и", "я")), ("ам", ("и", "ы")), ("ами", ("и", "ы")),
    ("ів", ("и",)), ("ок", ("ки",)),
)
# Ukrainian і/о alternation in a closed final syllable: Васильків → Василькова, Харків → Харкова,
# Тернопіль → Тернополя, Ріг → Рогу; and Київ → Києва.
_ALTERNATIONS: tuple[tuple[str, str], ...] = (("ов", "ів"), ("оль", "іль"), ("ол", "іл"), ("єв", "їв"),
                                              ("ор", "ір"), ("он", "ін"), ("ог", "іг"))
MAX_FORMS = 24


@lru_cache(maxsize=2)
def analyzer(lang: str) -> Any:
    """The pymorphy3 analyser for "uk" or "ru", loaded once per process."""
    import pymorphy3  # deferred: only documents with Cyrillic text need it

    return pymorphy3.MorphAnalyzer(lang=lang)


def _rule_forms(w: str) -> list[str]:
    out: list[str] = []
    for ending, repl in _RULES:
        if len(w) > len(ending) + 2 and w.endswith(ending):
            stem = w[: -len(ending)]
            for r in repl:
                out.append(stem + r)
                form = stem + r
                for a, b in _ALTERNATIONS:
                    if form.endswith(a):
                        out.append(form[: -len(a)] + b)
    return out


@lru_cache(maxsize=100_000)
def nominatives(word: str) -> tuple[str, ...]:
    """Lower-case nominative candidates for one word, most likely first (the word itself first).

    A hyphenated word keeps its first parts ("Івано-Франківській" → "івано-франківська")."""
    w = word.lower().replace("’", "'").replace("ʼ", "'")
    head, sep, last = w.rpartition("-")
    if sep and len(last) > 2:
        return tuple(dict.fromkeys([w] + [head + "-" + f for f in nominatives(last)[1:]]))[:MAX_FORMS]
    out: list[str] = [w]
    for lang in ("uk", "ru"):
        for p in analyzer(lang).parse(w)[:6]:
            pos = p.tag.POS
            if pos not in (None, "NOUN", "ADJF"):
                continue
            inf = p.inflect({"nomn"})
            if inf is not None:
                out.append(inf.word)
            out.append(p.normal_form)
    out += _rule_forms(w)
    return tuple(dict.fromkeys(f.replace("ё", "е") for f in out if f))[:MAX_FORMS]


@lru_cache(maxsize=100_000)
def word_info(word: str, lang: str = "") -> tuple[bool, bool, bool]:
    """(known common word, given name, surname or patronymic) by the dictionaries' best parses. Names are
    read in the document's language ("uk"/"ru") when given (a Ukrainian town's genitive can be a Russian
    surname: "Старокостянтинова"), else in both.

    A known common word is one the dictionary holds as an ordinary noun/adjective/verb... and not as a
    place: "Пожежа" (fire), "Перемога" (victory). Capitalised at a sentence start, such words are no place
    unless the context says so."""
    w = word.lower()
    common = name = surname = False
    for lg in ("uk", "ru"):
        parses = analyzer(lg).parse(w)
        if not parses:
            continue
        top = max(p.score for p in parses)
        best = [p for p in parses if p.score >= top * 0.5 and p.is_known]
        tags = {g for p in best for g in p.tag.grammemes}
        if not best:
            continue
        # A surname or given name stays one even when a place shares it ("Воронов"); a common word does not.
        # Names are judged in the document's language only; a common word in either (short texts are often
        # too short to tell the language).
        if "Name" in tags and lg == (lang or lg):
            name = True
        if tags & {"Surn", "Patr"} and lg == (lang or lg):
            surname = True
        if "Geox" not in tags and not tags & {"Name", "Surn", "Patr", "Orgn", "Abbr", "UNKN", "LATN"}:
            common = True
    return common, name, surname


_CASE = {"loc2": "loct", "gen2": "gent", "acc2": "accs", "gen1": "gent", "loc1": "loct"}  # "на мосту" is loct


def adjective_before_noun(word: str, next_word: str, lang: str = "", capitalised: bool = False) -> bool:
    """Whether `word` reads as an adjective agreeing with the lower-case noun after it ("Северный флот",
    "в Белом доме"; not "у Кропивницькому влучання", where case and gender differ). With `capitalised`, the
    next word is a capitalised noun or adjective of a longer name ("Великой Отечественной", "Высшего Совета";
    not "в Луцьку Росія")."""
    if not next_word or (not capitalised and not next_word[:1].islower()) or next_word.isupper():
        return False
    langs = (lang,) if lang in ("uk", "ru") else ("uk", "ru")
    for lg in langs:
        a = analyzer(lg)
        # Unknown adjectives count too ("на Кондратьевском проспекте"), when the noun after them is known.
        adjs = [p for p in a.parse(word.lower()) if p.tag.POS == "ADJF" and (p.is_known or p.score >= 0.3)]
        pos = ("NOUN", "ADJF")  # "Центральная избирательная комиссия": adjectives chain before their noun
        nouns = [p for p in a.parse(next_word.lower()) if p.tag.POS in pos and p.is_known]
        for x in adjs:
            for y in nouns:
                if _CASE.get(x.tag.case, x.tag.case) != _CASE.get(y.tag.case, y.tag.case) or x.tag.number != y.tag.number:
                    continue
                if x.tag.number == "plur" or x.tag.gender is None or y.tag.gender is None or x.tag.gender == y.tag.gender:
                    return True
    return False


@lru_cache(maxsize=100_000)
def is_adjective(word: str, lang: str = "") -> bool:
    """Whether the dictionary's best reading of `word` is a known adjective ("Великой", "Высшего")."""
    for lg in (lang,) if lang in ("uk", "ru") else ("uk", "ru"):
        parses = analyzer(lg).parse(word.lower())
        if parses and parses[0].is_known and parses[0].tag.POS == "ADJF" and "Geox" not in parses[0].tag:
            return True
    return False


@lru_cache(maxsize=100_000)
def is_known_place_ru(word: str) -> bool:
    """Whether the Russian dictionary holds `word` as a place name (Geox): big Ukrainian and Russian towns and
    places abroad; Ukrainian villages mostly are not in it."""
    return any("Geox" in p.tag for p in analyzer("ru").parse(word.lower())[:3] if p.is_known)
