"""Place names in Ukrainian and Russian text, in any grammatical case.

"у Сватовому", "возле Купянска", "в Кисловке под Купянском", "на Бердянському аеродромі", "на Полтавщині",
"Луганської області", "на Бахмутському напрямку": the English recogniser's key lookup sees only the inflected
forms, which no gazetteer lists. Here each capitalised Cyrillic word (or run of two or three: "Новій Каховці")
is taken back to its nominative candidates (`morph.nominatives`: dictionaries plus declension rules) and those
are looked up under the gazetteer's transliteration-proof key, so the Ukrainian and Russian spellings of one
place (Куп'янськ / Купянск) meet at one id. The words around a name then fix what it is:

* an adjective before a unit word is the unit: "Луганської області" the oblast, "Полтавському районі" the
  raion, "Васильківської громади" the hromada, "Курської області"/"Краснодарському краї" a Russian region;
* an oblast's colloquial name is the oblast ("на Полтавщині", "Харьковщина");
* an adjective before a facility or a front word names the town: "Бердянському аеродромі", "Лисичанського
  НПЗ", "на Бахмутському напрямку" (a direction: a mention of Bakhmut, never its capture);
* a capitalised common word that is also a village ("Пожежа" fire, "Перемога" victory) is a place only after
  a preposition or settlement word ("у селі Перемога"); given names and the words next to them are people;
* a village named in a sentence about a Russian region and no Ukrainian oblast is in Russia: it keeps no
  Ukrainian id (the country gate).
The spans this module returns are the English recogniser's `Span`s, so the same resolver chooses among
namesakes (admin context, proximity, population).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from frontscope.geo.country import neighbour, set_foreign
from frontscope.geo.extra import EXTRA
from frontscope.geo.gazetteer import Gazetteer
from frontscope.geo.morph import adjective_before_noun, is_known_place_ru, nominatives, word_info
from frontscope.geo.normalize import ALIASES, name_key
from frontscope.geo.recognize import STOP_KEYS, Recognizer, Span
from frontscope.geo.resolve import Resolver
from frontscope.model import Document, PlaceMention

_UP = "А-ЯІЇЄҐЁ"
TOKEN_RE = re.compile(rf"(?<![\w'’ʼ-])[{_UP}][\w'’ʼ]*(?:-[\w'’ʼ]+)*")
_NEXT_WORD_RE = re.compile(r"[\s\u00a0]+([\w'’ʼ.-]+)")
_PREV_WORDS_RE = re.compile(r"([\w'’ʼ.]+)[\s\u00a0]+(?:([\w'’ʼ.]+)[\s\u00a0]+)?$")
MAX_TOKENS = 3

OBLAST_UNIT = {"область", "області", "областю", "областей", "обл", "обл.", "области", "областью", "областях"}
RAION_UNIT = {"район", "району", "районі", "районом", "районе", "района", "р-н", "р-ні", "р-не"}
HROMADA_UNIT = {"громада", "громади", "громаді", "громадою", "громаду", "тг", "отг"}
KRAI_UNIT = {"край", "краї", "краю", "крае", "краем", "края"}
# Nouns after an adjective that make it name its town: facilities named after the town, and fronts.
FACILITY_PREFIXES = (
    "аеродром", "аэродром", "аеропорт", "аэропорт", "авіабаз", "авиабаз", "нпз", "нафтобаз", "нефтебаз",
    "нафтопереробн", "нефтеперерабатыва", "завод", "тец", "тэц", "вокзал", "залізничн", "железнодорожн",
    "морпорт", "порт", "міст", "мост", "комбінат", "комбинат", "склад", "полігон", "полигон",
)
DIRECTION_PREFIXES = ("напрямк", "напрямок", "напрямі", "направлени", "направлению", "фронт", "плацдарм")
# Adjectives of countries and peoples: never a town's ("Російські військові", "Украинская армия").
NOT_TOWN_ADJ = ("російськ", "русск", "російск", "українськ", "украинск", "білоруськ", "белорусск",
                "американськ", "американск", "британськ", "британск", "кримськ", "крымск", "донбаськ")
# Words before a capitalised common word that make it a place name ("у селі Перемога", "біля Пожежі").
PLACE_BEFORE = {
    "в", "у", "во", "під", "под", "біля", "возле", "около", "поблизу", "неподалік", "неподалеку", "близ", "із",
    "з", "зі", "до", "от", "від", "через", "на", "над", "за", "між", "между", "поруч", "рядом", "районі",
    "районе", "по", "село", "селі", "села", "селу", "селом", "селище", "селищі", "селища", "поселок", "поселке",
    "поселка", "посёлок", "посёлке", "місто", "місті", "міста", "містом", "город", "городе", "города",
    "м.", "с.", "смт", "пгт", "пос.", "сел.", "міста-", "деревня", "деревне", "пункт", "пункта", "пункте",
    "пункті", "н.п.", "нп", "посёлка", "селения", "селение", "хутор", "хутора", "хуторе",
}
# The English recogniser's stop keys (people, units, media), less the ones that are English-only: "Dnepr" is a
# Russian group of forces in English text but the city of Dnipro in Russian; "Nova", "Novaya" start names.
STOP = STOP_KEYS - {name_key(w) for w in "Dnepr Nova Novaya Port Many Hromada Kh Su Mi Ka Tu Il Mir Star Sun".split()}
_SPEAKER_BEFORE_RE = re.compile(
    r"(?<![\w-])(?:сообщил[аи]?|заявил[аи]?|рассказал[аи]?|отметил[аи]?|написал[аи]?|сказал[аи]?|уточнил[аи]?|"
    r"повідомив|повідомила|заявив|заявила|розповів|розповіла|зазначив|зазначила|написав|написала|сказав|сказала|"
    r"синоптик|иеромонах|митрополит|депутат|сенатор|политолог|политик|экономист|економіст|аналитик|аналітик|"
    r"эксперт|експерт|блогер|журналист|журналіст|корреспондент|кореспондент)"
    r"(?:\s+(?:РИА|ТАСС|RT|ИА|агентству|изданию|виданню|телеканалу|Новости|Новостям|\"[^\"]{1,30}\"|«[^»]{1,30}»)){0,3}\s+$")
# Cities abroad whose names Ukrainian villages share: no Ukrainian id unless a settlement word says so.
FOREIGN_CITIES = {name_key(w) for w in """
Париж Берлін Берлин Лондон Вашингтон Нью-Йорк Рим Мадрид Варшава Прага Відень Вена Будапешт Бухарест Кишинів
Кишинев Мінськ Минск Вільнюс Вильнюс Рига Таллінн Таллин Гельсінкі Хельсинки Стокгольм Осло Копенгаген Брюссель
Амстердам Женева Цюрих Анкара Стамбул Тбілісі Тбилиси Єреван Ереван Баку Астана Ташкент Пекін Пекин Токіо Токио
Сеул Пхеньян Делі Дели Тегеран Дамаск Бейрут Багдад Каїр Каир Ер-Ріяд Эр-Рияд Доха Дубай Тель-Авів Тель-Авив
Єрусалим Иерусалим Газа Афіни Афины Белград Нови-Сад Софія София Братислава Познань Краків Краков Гданськ Гданьск
Плоцьк Плоцк Жешув Люблін Люблин Вроцлав Мюнхен Гамбург Франкфурт Кельн Мілан Милан Неаполь Барселона Лісабон
Лиссабон Дублін Дублин Оттава Торонто Монреаль Чикаго Мехіко Мехико Гавана Каракас Сідней Сидней Москва
Петербург Санкт-Петербург Новосибірськ Новосибирск Єкатеринбург Екатеринбург Казань Челябінськ Челябинск Самара
Омськ Омск Уфа Красноярськ Красноярск Перм Пермь Воронеж Волгоград Краснодар Саратов Тюмень Тольятті Тольятти
Іжевськ Ижевск Барнаул Ульяновськ Ульяновск Іркутськ Иркутск Хабаровськ Хабаровск Ярославль Владивосток Махачкала
Томськ Томск Оренбург Кемерово Рязань Астрахань Пенза Липецьк Липецк Тула Чебоксари Чебоксары Калінінград
Калининград Брянськ Брянск Курськ Курск Бєлгород Белгород Орел Орёл Смоленськ Смоленск Твер Тверь Калуга Рибінськ
Рыбинск Благовєщенськ Благовещенск Мурманськ Мурманск Архангельськ Архангельск Сочі Сочи Новоросійськ Новороссийск
Таганрог Грозний Грозный Владикавказ Нальчик Ставрополь Псков Петрозаводськ Петрозаводск Якутськ Якутск Чита
Енгельс Энгельс Моздок Міллерово Миллерово Єйськ Ейск Анапа Геленджик Туапсе Вязьма Кострома Іваново Иваново
""".split()}
CITY_WORDS = {"місто", "міста", "місті", "містом", "город", "городе", "города", "городом", "м.", "г."}
_UNIT_PREFIXES = ("област", "район", "громад", "кра", "обл")
RIVER_BEFORE = {"річка", "річки", "річку", "річці", "річкою", "река", "реки", "реку", "реке", "рекой", "р."}
SETTLEMENT_WORDS = {"село", "селі", "села", "селу", "селом", "селище", "селищі", "селища", "поселок", "поселке",
                    "поселка", "посёлок", "посёлке", "посёлка", "пункт", "пункта", "пункте", "пункті", "н.п.", "с.",
                    "смт", "пгт", "хутор", "хутора", "хуторе"}
# Countries and bodies that GeoNames also lists as villages or alternate names.
NOT_PLACES = {name_key(w) for w in """
Україна України Україні Україну Украина Украины Украине Украину Росія Росії Росію Россия России Россию
Білорусь Беларусь Білорусі Беларуси Польща Польша США Європа Европа Молдова Грузія Грузия Туреччина Турция
Генштаб Генштабі Генштабу Генштаба Міноборони Минобороны Кремль Кремля Бог Господь Слава Перемога Победа
Мир Свобода Воля Надія Надежда Правда Новини Новости Известия Телеграм Telegram Алтай Урал Кавказ Ангола Нігерія
Нигерия Судан Сомалі Сомали Ефіопія Эфиопия Кенія Кения Марокко Алжир Туніс Тунис Палестина Ліван Ливан Йорданія
Иордания Кувейт Оман Бахрейн Малайзія Малайзия Індонезія Индонезия Філіппіни Филиппины Камбоджа Лаос Непал
Китай Корея Японія Япония Індія Индия Німеччина Германия ФРН ФРГ Франція Франция Італія Италия Іспанія Испания
Туреччина Турция Ізраїль Израиль Іран Иран Сирія Сирия Ірак Ирак Єгипет Египет Вірменія Армения Азербайджан
Казахстан Узбекистан Таджикистан Киргизія Киргизия Молдавія Молдавия Румунія Румыния Угорщина Венгрия
Словаччина Словакия Чехія Чехия Британія Британия Великобританія Великобритания Англія Англия Америка Канада
Мексика Бразилія Бразилия Аргентина Чилі Чили Колумбія Колумбия Куба Венесуела Венесуэла Фінляндія Финляндия
Швеція Швеция Норвегія Норвегия Данія Дания Естонія Эстония Латвія Латвия Литва Австрія Австрия Швейцарія
Швейцария Бельгія Бельгия Нідерланди Нидерланды Голландія Голландия Греція Греция Кіпр Кипр Болгарія Болгария
Сербія Сербия Хорватія Хорватия Словенія Словения Албанія Албания Македонія Македония Португалія Португалия
Ірландія Ирландия Ісландія Исландия Таїланд Таиланд В'єтнам Вьетнам Монголія Монголия КНДР Афганістан
Афганистан Пакистан Саудівська Аравія Саудовская Аравия Катар Ємен Йемен Лівія Ливия Африка Азія Азия Австралія
Австралия Абхазія Абхазия Осетія Осетия Чечня Дагестан Татарстан Башкирія Башкирия Сибір Сибирь
""".split()} | {name_key(w) for w in ("Південна Корея", "Южная Корея", "Північна Корея", "Северная Корея",
                                     "Саудівська Аравія", "Саудовская Аравия", "Сполучені Штати", "Соединенные Штаты",
                                     "Євросоюз", "Евросоюз", "Європейський Союз", "Европейский союз",
                                     "Республіка Корея", "Республика Корея", "Чеська Республіка", "Чешская Республика")}

# Colloquial names of oblasts (and Crimea), nominative, Ukrainian and Russian; value: the oblast's short name.
COLLOQUIAL = {
    "полтавщина": "Poltava", "херсонщина": "Kherson", "харківщина": "Kharkiv", "харьковщина": "Kharkiv",
    "луганщина": "Luhansk", "донеччина": "Donetsk", "донетчина": "Donetsk", "рівненщина": "Rivne",
    "ровенщина": "Rivne", "київщина": "Kyiv", "киевщина": "Kyiv", "житомирщина": "Zhytomyr",
    "чернігівщина": "Chernihiv", "черниговщина": "Chernihiv", "сумщина": "Sumy", "миколаївщина": "Mykolaiv",
    "николаевщина": "Mykolaiv", "одещина": "Odesa", "одесчина": "Odesa", "дніпропетровщина": "Dnipropetrovsk",
    "днепропетровщина": "Dnipropetrovsk", "дніпровщина": "Dnipropetrovsk", "кіровоградщина": "Kirovohrad",
    "кировоградщина": "Kirovohrad", "черкащина": "Cherkasy", "вінниччина": "Vinnytsia", "винничина": "Vinnytsia",
    "хмельниччина": "Khmelnytskyi", "хмельнитчина": "Khmelnytskyi", "тернопільщина": "Ternopil",
    "тернопольщина": "Ternopil", "львівщина": "Lviv", "львовщина": "Lviv", "волинь": "Volyn", "волынь": "Volyn",
    "закарпаття": "Zakarpattia", "закарпатье": "Zakarpattia", "прикарпаття": "Ivano-Frankivsk",
    "буковина": "Chernivtsi", "запоріжжя": "", "крим": "Crimea", "крым": "Crimea",
}
RUSSIAN_REGION_KEYS = {k.removesuffix(" oblast").removesuffix(" krai") for k, xs in EXTRA.items()
                       if any(x.kind == "oblast" and x.country == "RU" for x in xs)}
FOREIGN_GATE_MAX_POP = 50_000  # a town this big is meant even in a sentence about a Russian region
# A town this big is in the dictionaries as a place; a capitalised dictionary word naming only smaller places
# ("Пожежа", "Перемога") needs place-like context.
TOWN_POP = 10_000
# Acronyms after an adjective that make it part of an administration's name.
ORG_NEXT_PREFIXES = ("округ", "угрупован", "группировк", "флот", "командуван", "командован", "армі", "арми")
# Plants named after a town but not in it (the Zaporizhzhia NPP is at Enerhodar) count the same way.
ORG_NEXT = {"ова", "ода", "вца", "мва", "рва", "рда", "ога", "гвса", "ову", "ові", "оду", "оді", "ови", "оди",
            "аес", "аэс", "тес", "тэс", "гес", "гэс"}
# "Брянской, Белгородской и Ростовской областями": adjectives in a list before a plural unit word.
_LIST_UNIT_RE = re.compile(
    rf"(?:\s*,\s*|\s+(?:и|і|та|й)\s+)(?:[{_UP}][\w'’ʼ-]+(?:\s*,\s*|\s+(?:и|і|та|й)\s+))*[{_UP}][\w'’ʼ-]+\s+"
    r"(област(?:ями|ях|ей|і|и)|краями|краях|районами|районах|районів|районов)(?![\w-])")


@dataclass(slots=True)
class _Tok:
    start: int
    end: int
    word: str


def _runs(text: str, start: int, end: int) -> list[list[_Tok]]:
    """Runs of capitalised Cyrillic words separated by single spaces ("Новій Каховці")."""
    runs: list[list[_Tok]] = []
    prev_end = -2
    for m in TOKEN_RE.finditer(text, start, end):
        s, e = m.start(), m.end()
        while e > s and text[e - 1] in "'’ʼ":
            e -= 1
        tok = _Tok(s, e, text[s:e])
        if runs and s - prev_end == 1 and text[prev_end] in " \u00a0":
            runs[-1].append(tok)
        else:
            runs.append([tok])
        prev_end = e
    return runs


def _next_word(text: str, pos: int, limit: int) -> tuple[str, int]:
    m = _NEXT_WORD_RE.match(text, pos, limit)
    if not m:
        return "", pos
    w = m.group(1)
    end = m.end(1)
    if w.endswith(".") and w.lower() not in ("обл.",):
        w, end = w[:-1], end - 1
    return w.lower(), end


def _prev_words(text: str, pos: int) -> tuple[str, str]:
    """The one or two words right before `pos` (lower case, nearest first)."""
    m = _PREV_WORDS_RE.search(text, max(0, pos - 60), pos)
    if not m:
        return "", ""
    if m.group(2):
        return m.group(2).lower(), m.group(1).lower()
    return m.group(1).lower(), ""


_ABBREV_BEFORE_RE = re.compile(r"(?<![\w])(?:с|м|смт|пгт|пос|сел|г|н\.п)\.\s*$")


def _facility_before(text: str, pos: int) -> bool:
    """"аеродромі Чорнобаївка", "аэродром «Бельбек»": a facility noun before a name (at `pos`, or at the quote
    opening it) makes it a place's name."""
    if pos > 0 and text[pos - 1] in "\"«“„'":
        pos -= 1
    return _prev_words(text, pos)[0].startswith(FACILITY_PREFIXES)


def _settlement_word_before(text: str, pos: int) -> bool:
    """"в селі X", "у с.X", "поселок X", "населенный пункт X": the name is a settlement's."""
    return _prev_words(text, pos)[0] in SETTLEMENT_WORDS or bool(_ABBREV_BEFORE_RE.search(text, max(0, pos - 8), pos))


def _sentence_initial(text: str, pos: int) -> bool:
    k = pos - 1
    while k >= 0 and text[k] in " \t\u00a0«\"“„'(":
        k -= 1
    return k < 0 or text[k] in ".!?\n…:;—–-"


def _adjective_stems(word: str) -> list[str]:
    """Stems of an adjective's nominative forms: "Бердянському" → "бердянськ"."""
    out = []
    for f in nominatives(word):
        for end in ("ий", "ій", "ый", "ой", "ая", "а", "ое", "е", "є", "і", "ые", "ие"):
            if f.endswith(end) and len(f) > len(end) + 3:
                out.append(f[: -len(end)])
                break
    return list(dict.fromkeys(out))


def town_names_of_adjective(word: str) -> list[str]:
    """Nominatives of the towns an adjective may be formed from: "Кременчуцького" → "кременчук",
    "Бахмутському" → "бахмут", "Лисичанского" → "лисичанск", "Запорізькому" → "запоріжжя"."""
    out: list[str] = []
    for stem in _adjective_stems(word):
        if stem.startswith(NOT_TOWN_ADJ):
            return []
        out.append(stem)  # Лисичанськ, Донецьк, Луцьк
        for suf, adds in (("ськ", ("", "а", "и", "ь", "е", "о", "я", "са", "ськ")), ("ск", ("", "а", "ы", "ь", "е", "о", "са")),
                          ("цьк", ("к", "ці", "ця", "цьк")), ("цк", ("к", "цы", "ца")), ("зьк", ("жжя", "г", "жжє")),
                          ("зк", ("жье", "г"))):
            if stem.endswith(suf):
                base = stem[: -len(suf)]
                out += [base + a for a in adds]
                if base.endswith("ов"):
                    out.append(base[:-2] + "о")  # Дніпровський → Дніпро
                if base.endswith("ів"):
                    out.append(base)  # Харківський → Харків
                break
    return list(dict.fromkeys(out))


class CyrillicRecognizer:
    """Place-name spans in Ukrainian/Russian text (see the module doc). One per process."""

    def __init__(self, gaz: Gazetteer, rec: Recognizer) -> None:
        self.gaz = gaz
        self.rec = rec
        self.index = gaz.by_key
        self.lang = ""

    # Look-ups ------------------------------------------------------------------------------------------

    def _rows(self, forms: list[str]) -> tuple[str, list[int], list]:
        """Rows and extras named by any of `forms`; the key is that of the form under which the most populous
        settlement hit is the main name (so the resolver's main-name prior stays meaningful)."""
        rows: list[int] = []
        extras: list = []
        best_key, best_rank = "", (-1, -1, -1)
        for f in forms:
            k = name_key(f)
            if not k or k in STOP or k in NOT_PLACES:
                continue
            rs = self.index.get(k, [])
            xs = EXTRA.get(k, [])
            if not rs and not xs:
                continue
            for r in rs:
                if r not in rows:
                    rows.append(r)
                # Main names first, then population: reading the word as written first was tried and lost more
                # (inflected forms are alternate names of odd places: "Миргороді", "Луганске") than it won.
                rank = (int(self.gaz.fclass[r] == "P"), int(self.gaz.is_primary(r, k)), int(self.gaz.population[r]))
                if rank > best_rank:
                    best_key, best_rank = k, rank
            for x in xs:
                if x not in extras:
                    extras.append(x)
                if not best_key:
                    best_key = k
        return best_key, rows, extras

    def _oblast(self, words: list[str]) -> tuple[str, str] | None:
        """("ua", key) or ("ru", key) for an oblast/krai named by adjective(s): "Луганської", "Курской"."""
        *head, last = words
        prefix = " ".join(w.lower() for w in head)
        for f in nominatives(last):
            name = f"{prefix} {f}".strip()
            hit = self.gaz.find_oblast(name)
            if hit is not None:
                return "ua", name_key(hit[1])
        for t in town_names_of_adjective(last):
            k = name_key(f"{prefix} {t}".strip())
            if k in RUSSIAN_REGION_KEYS:
                return "ru", k
        return None

    def _raion(self, word: str) -> str | None:
        keys = self.rec.raion_keys
        for f in nominatives(word):
            k = name_key(f)
            if k in keys:
                return k
        for t in town_names_of_adjective(word):
            k = name_key(t)
            k = ALIASES.get(k, k)  # "Харьковском районе": the Russian town name GeoNames lacks
            if k in keys:
                return k
        return None

    # Recognition ---------------------------------------------------------------------------------------

    def find(self, text: str, start: int = 0, end: int | None = None, lang: str = "") -> list[Span]:
        """Place spans of `text[start:end]`; `lang` ("uk"/"ru") picks the dictionary that judges whether a
        capitalised word is a common word or a surname."""
        end = len(text) if end is None else end
        self.lang = lang
        self._people: set[str] = set()  # words this document uses in people's names ("Дэвид Ли Коут")
        self._last_end = -1  # end of the last place span found (a list continues it)
        spans: list[Span] = []
        for run in _runs(text, start, end):
            spans.extend(self._match_run(text, run, end))
        spans.sort(key=lambda s: s.start)
        self._foreign_gate(text, spans)
        self._document_gate(text, spans)
        return spans

    def _match_run(self, text: str, run: list[_Tok], limit: int) -> list[Span]:
        out: list[Span] = []
        i = 0
        while i < len(run):
            tok = run[i]
            if (tok.word.isupper() and len(tok.word) > 1) or len(tok.word) < 3 or tok.word in self._people:
                i += 1  # ЗСУ, ЛНР, НПЗ; "Ко" (a two-letter word is no name here); a person named before
                continue
            if i == 0 and tok.start > 0 and text[tok.start - 1] in "\"«“„'" and not _facility_before(text, tok.start):
                # "Мен Тревел", «Солар»: a name in quotes is a firm's, a ship's, an operation's (but "аеродром
                # «Гвардійське»" is a place's)
                i += len(run)
                continue
            common, given, surname = word_info(tok.word, self.lang)
            if given and i + 1 < len(run) and not run[i + 1].word.isupper():
                # "Олексій Кулеба", "Дэвид Ли Коут": a given name and the capitalised words after it are a person.
                self._people.update(t.word for t in run[i + 1 :])
                i = len(run)
                continue
            skip = self._not_place(run, i)
            if skip:
                i += skip
                continue
            span, n = None, 1
            for n in range(min(MAX_TOKENS, len(run) - i), 0, -1):
                if n == 1 and i + 1 < len(run) and adjective_before_noun(tok.word, run[i + 1].word, self.lang,
                                                                         capitalised=True):
                    break  # "Великой Отечественной", "Высшего Совета": an adjective inside a longer non-place name
                span = self._match(text, run[i : i + n], limit, common if n == 1 else False,
                                   surname if n == 1 else False, given if n == 1 else False)
                if span is not None:
                    break
            if span is None and _settlement_word_before(text, tok.start):
                # "в селі Крячки", "населенный пункт Новая Ильинка": a settlement the gazetteer lacks is still a
                # settlement mention (no id); its name is the whole capitalised run.
                n = 1
                while (n < min(MAX_TOKENS, len(run) - i) and not _ADJ_UNIT_RE.search(run[i + n].word)
                       and not _next_word(text, run[i + n].end, limit)[0].startswith(_UNIT_PREFIXES)):
                    n += 1  # "Новая Ильинка"; not "Крячки Васильківської [громади]"
                last = run[i + n - 1]
                span = Span(tok.start, last.end, name_key(text[tok.start : last.end]), [], [], out_end=last.end,
                            notes=["unknown_settlement"])
            if span is None:
                i += 1
                continue
            out.append(span)
            self._last_end = span.out_end
            i += n
        return out

    def _not_place(self, run: list[_Tok], i: int) -> int:
        """How many words from `i` name a country or another non-place ("Южная Корея", "Китая"); 0 if none."""
        for n in range(min(MAX_TOKENS, len(run) - i), 0, -1):
            lists = [nominatives(t.word)[:4] for t in run[i : i + n]]
            keys = {name_key(" ".join(c)) for c in itertools.product(*lists)}
            if keys & NOT_PLACES or (n == 1 and keys & STOP):
                return n  # "Китая", "Южная Корея"; a person's name in any case ("Залужным")
            if n > 1 and {name_key(f) for f in lists[-1]} & NOT_PLACES and all(
                    adjective_before_noun(t.word, run[i + n - 1].word, self.lang, capitalised=True)
                    for t in run[i : i + n - 1]):
                return n  # "Восточной Азии", "Северной Кореи": a qualified country or continent
        return 0

    def _match(self, text: str, toks: list[_Tok], limit: int, common: bool, surname: bool = False,
               given: bool = False) -> Span | None:
        s, e = toks[0].start, toks[-1].end
        words = [t.word for t in toks]
        nxt, nxt_end = _next_word(text, e, limit)
        listed = _LIST_UNIT_RE.match(text, e, limit) if len(toks) == 1 and _ADJ_UNIT_RE.search(words[0]) else None
        if listed is not None:
            nxt, nxt_end = listed.group(1).lower(), e  # the unit word is shared; the span is the adjective
        # 1. An adjective before a unit word: oblast, krai, raion, hromada.
        if nxt in OBLAST_UNIT or nxt in KRAI_UNIT or nxt.startswith(("област", "краями", "краях")):
            krai = nxt in KRAI_UNIT or nxt.startswith("кра")
            hit = self._oblast(words)
            if hit is not None and (not krai or hit[0] == "ru"):
                side, key = hit
                sp = Span(s, e, key, [], [], kind_hint="oblast", out_end=nxt_end)
                if side == "ru":
                    sp.notes.append("foreign_region")
                    if krai and f"{key} krai" in EXTRA:
                        sp.key = f"{key} krai"
                return sp
        if len(toks) == 1 and (nxt in RAION_UNIT or nxt.startswith("район")):
            key = self._raion(words[0])
            if key is not None:
                return Span(s, e, key, [], [], kind_hint="raion", out_end=nxt_end)
        if len(toks) == 1 and nxt in HROMADA_UNIT:
            return Span(s, e, name_key(words[0]), [], [], kind_hint="hromada", out_end=nxt_end, notes=["hromada"])
        if len(toks) == 1 and _ADJ_UNIT_RE.search(words[0]):
            # "над Брянской, Калужской и Курской": a Russian region's adjective standing for the region.
            hit = self._oblast(words)
            if hit is not None and hit[0] == "ru":
                return Span(s, e, hit[1], [], [], kind_hint="oblast", out_end=e, notes=["foreign_region"])
        forms_lists = [nominatives(w) for w in words]
        # 2. An oblast's colloquial name.
        if len(toks) == 1:
            for f in forms_lists[0]:
                short = COLLOQUIAL.get(f)
                if short:
                    key = name_key(short)
                    sp = Span(s, e, key, [], [], kind_hint="oblast", out_end=e)
                    if short == "Crimea":
                        sp.notes.append("region")
                    return sp
        # 3. The name itself, in any case.
        cap = 8 if len(toks) <= 2 else 4
        combos = [" ".join(c) for c in itertools.product(*(fl[:cap] for fl in forms_lists))]
        key, rows, extras = self._rows(combos)
        if ({name_key(c) for c in combos} & FOREIGN_CITIES) and _prev_words(text, s)[0] not in SETTLEMENT_WORDS:
            return Span(s, e, key, [], [], out_end=e, notes=["abroad"])  # "в Париже": not Paryzh, Zhytomyr Oblast
        if nxt in ORG_NEXT or nxt.startswith(ORG_NEXT_PREFIXES) or _next_word(text, nxt_end, limit)[0].startswith("округ"):
            return None  # "Волинська ОВА", "Південного військового округу": an administration or a command
        if len(toks) == 1 and nxt.startswith(FACILITY_PREFIXES + DIRECTION_PREFIXES):
            sp = self._adjective_town(text, s, e, words[0], nxt)
            if sp is not None:
                return sp
        if rows or extras:
            # Only villages, or a town only through an alternate name ("Сумма" is not Sumy).
            small = not extras and all(int(self.gaz.population[r]) < TOWN_POP or not self.gaz.is_primary(r, key)
                                       for r in rows)
            # A dictionary word naming only villages, or a nationality adjective ("Українські" is also
            # Ukrainsk), is a place only where a place name would stand.
            nationality = any(f.startswith(NOT_TOWN_ADJ) for f in forms_lists[0][:3])
            # A surname that is also a village's name ("Рогов", "Белоусов" in a Russian post) likewise; and an
            # adjective before the noun it qualifies ("Украинский пленный", "Высшего госсовета", "Северный
            # флот") is an attribute, not a name.
            if len(toks) == 1 and adjective_before_noun(words[0], nxt, self.lang):
                return None  # "в Белом доме", "на Крымском мосту": context does not make these places
            if (((common or surname or given) and small) or nationality or self._after_reporting_verb(text, s)) \
                    and not self._place_context(text, s, e):
                return None
            if _prev_words(text, s)[0] in CITY_WORDS and any(int(self.gaz.population[r]) >= TOWN_POP for r in rows):
                # "в городе Васильков", "місто Ізюм": a town, not the village of a similar name
                rows = [r for r in rows if int(self.gaz.population[r]) >= TOWN_POP]
            sp = Span(s, e, key, rows, extras, out_end=e)
            if _prev_words(text, s)[0] in RIVER_BEFORE:
                sp.kind_hint = "river"  # "форсировали реку Оскол", "на річці Інгулець"
            if nxt.startswith(DIRECTION_PREFIXES):
                sp.notes.append("direction")
            return sp
        return None

    def _adjective_town(self, text: str, s: int, e: int, word: str, nxt: str) -> Span | None:
        """An adjective before a facility or front word names the town ("Бердянському аеродромі",
        "Бахмутському напрямку"), if the town derived from it exists."""
        key, rows, extras = self._rows(town_names_of_adjective(word))
        rows = [r for r in rows if self.gaz.fclass[r] == "P"]
        xs = [x for x in extras if x.kind == "settlement"]
        if not rows and not xs:
            return None
        sp = Span(s, e, key, rows, xs, kind_hint="settlement", out_end=e, notes=["adjective"])
        if nxt.startswith(DIRECTION_PREFIXES):
            sp.notes.append("direction")
        return sp

    @staticmethod
    def _after_reporting_verb(text: str, s: int) -> bool:
        """"сообщил РИА Новости Рогов", "заявив Гайдай": the word after a reporting verb is its speaker."""
        return bool(_SPEAKER_BEFORE_RE.search(text, max(0, s - 60), s))

    def _place_context(self, text: str, s: int, e: int) -> bool:
        """Whether a capitalised common word stands where a place name would: after a preposition or a
        settlement word, or glossed with its region ("Майское (Крым)")."""
        gloss = re.match(r" \(([\w'’ʼ-]+)", text[e : e + 40])
        if gloss and not gloss.group(1).isupper():
            return True  # "Майское (Крым)"; not "Гаврилов (КПРФ)"
        p1, p2 = _prev_words(text, s)
        if p1 in PLACE_BEFORE or _settlement_word_before(text, s) or _facility_before(text, s):
            return True
        if self._last_end >= 0 and _LIST_GAP_RE.fullmatch(text, self._last_end, s):
            return True  # "у Житомирі та Черняхові": a member of a list of places
        # "в окупованих Пологах": one adjective or participle between the preposition and the name.
        if p2 in PLACE_BEFORE and p2 not in ("на", "за") and p1.endswith(("их", "ому", "ій", "ом", "ых", "ой", "ім", "ем")):
            return True
        return False

    def _foreign_gate(self, text: str, spans: list[Span]) -> None:
        """Villages in a sentence that names a Russian region and no Ukrainian oblast lose their Ukrainian rows."""
        foreign = [sp for sp in spans if "foreign_region" in sp.notes]
        if not foreign:
            return
        ua_oblasts = [sp for sp in spans if sp.kind_hint == "oblast" and "foreign_region" not in sp.notes]
        for sp in spans:
            raion = sp.kind_hint == "raion"
            if not (raion or (sp.kind_hint is None and sp.rows)):
                continue
            a, b = _sentence_bounds(text, sp.start)
            if not any(a <= f.start < b for f in foreign) or any(a <= o.start < b for o in ua_oblasts):
                continue
            # "в Каменском районе Ростовской области", "Суджа (Курская область)": the region right after the name
            # places it, however big its Ukrainian namesake; a town merely in the same sentence keeps its id.
            attached = any(_ATTACHED_RE.fullmatch(text, sp.out_end, f.start) for f in foreign if f.start >= sp.out_end)
            if not raion and not attached and max(int(self.gaz.population[r]) for r in sp.rows) >= FOREIGN_GATE_MAX_POP:
                continue
            sp.rows, sp.extras, sp.kind_hint = [], [], None
            sp.notes.append("foreign_raion" if raion else "foreign")


    def _document_gate(self, text: str, spans: list[Span]) -> None:
        """In a text that places nothing in Ukraine (no Ukrainian oblast or raion, no ДНР/ЛНР/Донбас/Крим, no
        Ukrainian town of 10,000), a village-only match is no Ukrainian village when the text names a Russian
        region or the Russian dictionary knows the word as a place ("Коренево", "Мали", "Волге")."""
        def ukrainian(sp: Span) -> bool:
            if any(n in sp.notes for n in ("foreign_region", "foreign_raion", "foreign", "abroad")):
                return False
            return sp.kind_hint in ("oblast", "raion") or any(
                int(self.gaz.population[r]) >= TOWN_POP and self.gaz.fclass[r] == "P" for r in sp.rows)
        if any(ukrainian(sp) for sp in spans) or _UA_REGION_RE.search(text):
            return
        russian_region = any("foreign_region" in sp.notes for sp in spans)
        for sp in spans:
            if sp.kind_hint is not None or not sp.rows or "unknown_settlement" in sp.notes:
                continue
            if max(int(self.gaz.population[r]) for r in sp.rows) >= TOWN_POP:
                continue
            if russian_region or is_known_place_ru(text[sp.start : sp.end]):
                sp.rows, sp.extras = [], []
                sp.notes.append("abroad")


# An adjective that can name an oblast or raion ("Київській", "Харьковской"); "Києві", "Львові" cannot.
_ADJ_UNIT_RE = re.compile(r"(?:ськ|цьк|зьк|ск|цк|зк|ськ)(?:а|ая|ої|ой|ій|ою|ую|у|і|ий|ый|ого|ому|им|ім|ом|ым|их|ых|ими|ыми|ие|ые|ей)$",
                          re.I)
_UA_REGION_RE = re.compile(r"(?<![\w-])(?:ДНР|ЛНР|Донбас\w*|Донбасс\w*|Крим\w*|Крым\w*|Слобожанщин\w*|Приазов\w*)")
_LIST_GAP_RE = re.compile(r"\s*(?:,\s*|\s(?:та|і|й|и|або|или)\s+)(?:(?:у|в|під|под|біля|возле)\s+)?")
_ATTACHED_RE = re.compile(r"\s*[,(]?\s*(?:(?:в|у|во|району|районі|районе|района|р-н|р-не)\s+)?")


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    a = max(text.rfind(c, 0, pos) for c in ".!?\n") + 1
    ends = [i for i in (text.find(c, pos) for c in ".!?\n") if i != -1]
    return a, (min(ends) if ends else len(text))


def to_place_mentions(rec: CyrillicRecognizer, doc: Document, spans: list[Span], resolver: Resolver) -> list[PlaceMention]:
    """Resolve Cyrillic spans with the shared resolver, then set what only this path knows: hromadas (no
    GeoNames unit), Russian regions and the villages in them (no Ukrainian id), Crimea as a region."""
    mentions = resolver.resolve(doc, spans)
    out = resolver.to_place_mentions(doc, mentions)
    for pm, sp in zip(out, spans, strict=True):
        if "hromada" in sp.notes:
            pm.kind, pm.geonameid, pm.lat, pm.lon, pm.name = "other", None, None, None, None
            pm.country = rec.gaz.country or None
        elif "unknown_settlement" in sp.notes:
            pm.kind, pm.country, pm.resolved_by = "settlement", rec.gaz.country or None, "settlement word"
        elif "abroad" in sp.notes:
            pm.country, pm.resolved_by, pm.confidence = None, "abroad", 0.5
        elif "foreign" in sp.notes or "foreign_raion" in sp.notes:
            # Across the border: never the Ukrainian namesake the resolver may have found (its candidates depend
            # on what the process read before), but the Russian town of that name when one is shipped.
            pm.kind = "raion" if "foreign_raion" in sp.notes else "settlement"
            town = neighbour(name_key(pm.text), "RU") if pm.kind == "settlement" else None
            set_foreign(pm, "RU", town)
        elif "foreign_region" in sp.notes:
            pm.country = "RU"
        elif "region" in sp.notes:
            pm.kind = "other"
    return out
