"""Attributed statements in Ukrainian and Russian: "— повідомив голова ОВА", "Минобороны РФ: ...",
"Волинська ОВА підтвердила, що ...", "У Генштабі підтвердили ...", "за даними Генштабу", "Повідомляється, що".

News headlines and Telegram posts attribute in four shapes, tried in this order per sentence:
1. trailing: "<statement>, — <cue> <source>" or "<statement> — <source>" (a short speaker after the last dash);
2. leading: "<source>: <statement>" (a speaker before a colon at the sentence start);
3. subject: "<source> <cue> ..." / "У <source> <cue-plural> ..." (the phrase before a reporting verb);
4. phrase: "за даними <source>", "по словам <source>", "как сообщает <source>"; and impersonal cues
   ("Повідомляється", "сообщается") whose source is unknown.
A source phrase is normalised through the same registry as English (the profile's `sources.toml` holds Cyrillic
aliases in the nominative); each word is also tried in its nominative ("Генштабі" → "генштаб"), so the
registry needs no case forms. Phrases the registry lacks get side and kind from their own words (stems
below); a bare surname takes the side and kind of the earlier full mention of that person.
"""

from __future__ import annotations

import os
import re
import tomllib
from functools import lru_cache
from pathlib import Path

from frontscope.claims.sources import (
    ENV_VAR,
    Registry,
    SourceEntry,
    SourceInfo,
    canonical_name,
    load_registry,
)
from frontscope.model import SIDES, SOURCE_KINDS, Claim, Document, SourceRef
from frontscope.registry import builtin_path

_V = r"(?:в|ла|ло|ли)"  # past-tense endings: повідомив / повідомила / повідомило / повідомили
_CUE_UK = (rf"повідоми{_V}|повідомля(?:є|ють)|заяви{_V}|заявля(?:є|ють)|написа{_V}|напиш\w+|підтверди{_V}|"
           rf"підтверджу(?:є|ють)|стверджу(?:є|ють)|стверджува{_V}|виявив|виявила|виявили|розповів|розповіла|"
           rf"розповіли|зазначи{_V}|наголоси{_V}|поінформува{_V}|інформу(?:є|ють)|уточни{_V}|сказа{_V}|"
           rf"дода{_V}|спростува{_V}|спростову(?:є|ють)|переда(?:є|ють)|пише|пишуть|показа{_V}|опублікува{_V}|"
           rf"звітува{_V}|звітує|анонсува{_V}|назва{_V}|прокоментува{_V}|відпові{_V}|поясни{_V}|попереди{_V}|"
           rf"оголоси{_V}|визна{_V}|вважа(?:є|ють)")
_CUE_RU = (r"сообщил[аои]?|сообщает|сообщают|заявил[аои]?|заявляет|заявляют|написал[аои]?|подтвердил[аои]?|"
           r"подтверждает|подтверждают|утверждает|утверждают|рассказал[аои]?|отметил[аои]?|уточнил[аои]?|"
           r"сказал[аои]?|добавил[аои]?|опроверг(?:л[аои]?)?|опровергает|передает|передаёт|пишет|пишут|"
           r"показал[аои]?|опубликовал[аои]?|отчитал(?:ся|ась|ись)|обнаружил[аои]?|выявил[аои]?|назвал[аои]?|"
           r"прокомментировал[аои]?|ответил[аои]?|объяснил[аои]?|предупредил[аои]?|объявил[аои]?|признал[аои]?|"
           r"считает|считают")
CUE_RE = re.compile(rf"(?<![\w-])(?:{_CUE_UK}|{_CUE_RU})(?![\w-])", re.I)
DENY_RE = re.compile(r"(?<![\w-])(?:спростува\w*|спростову\w*|опроверг\w*|заперечу\w*|отрица\w*|не підтверди\w*|"
                     r"не подтверди\w*)", re.I)
IMPERSONAL_RE = re.compile(r"(?<![\w-])(?:повідомляється|стало відомо|як стверджується|сообщается|стало известно|"
                           r"как утверждается|как сообщается|утверждается|стверджується)(?![\w-])", re.I)
PHRASE_RE = re.compile(r"(?<![\w-])(?:за даними|за словами|за інформацією|за повідомленням|як повідоми\w*|"
                       r"як заяви\w*|як пише|як передає|по данным|по словам|по информации|по сообщению|"
                       r"как сообщил\w*|как сообщает|как заявил\w*|как пишет|как передает|согласно)\s+", re.I)
_DASH_RE = re.compile(r"\s[—–-]\s|,\s*[—–-]\s*")
_WORD_RE = re.compile(r"[\w'’ʼ«»“”\"-]+")
MAX_SOURCE_WORDS = 7

# Stems that make a phrase a speaker, with the kind they give (first match wins), and side stems.
_KIND_STEMS: list[tuple[str, tuple[str, ...]]] = [
    ("other", ("експерт", "эксперт", "аналітик", "аналитик", "джерел", "источник", "адвокат", "прокурор",
               "обвинител", "обвинувач", "слідч", "следовател", "детектив", "суд", "лікар", "врач", "рятувальник",
               "спасател", "мешкан", "жител", "свідк", "свидетел", "представник", "представител", "прес-служб",
               "пресс-служб")),  # "військовий експерт" is an expert first
    ("local_official", ("ова", "ода", "вца", "мва", "ова.", "голова", "глава", "губернатор", "мер ", "мэр",
                        "адміністрац", "администрац", "влада", "власти", "власть", "очільник", "начальник ова")),
    ("military", ("генштаб", "генеральн", "штаб", "міноборони", "минобороны", "міністерство оборони",
                  "министерство обороны", "зсу", "всу", "повітряні сили", "воздушн", "командуван", "командован",
                  "армі", "арми", "військов", "военн", "гур", "сбу", "нацгвард", "росгвард", "угрупован",
                  "группировк", "мо рф", "конашенков")),
    ("milblogger", ("блогер", "військкор", "воєнкор", "военкор", "z-канал")),
    ("osint", ("спільнота", "сообщество", "соцмереж", "соцсет", "соціальн", "социальн", "osint", "користувач",
               "пользовател", "очевид")),
    ("media", ("змі", "сми", "агентств", "видання", "издание", "телеканал", "журналіст", "журналист", "газет",
               "ріа", "риа", "тасс", "уніан", "уніан", "медіа", "медиа", "кореспондент", "корреспондент", "канал")),
    ("government", ("президент", "офіс", "офис", "кабмін", "уряд", "правительств", "мзс", "мид", "міністр",
                    "министр", "кремл", "радник", "советник", "речник", "пресс-секретар", "прес-секретар",
                    "посол", "депутат", "рада", "дума", "песков", "захаров")),
]
_NOT_SPEAKER = r"(?:операц|війн|войн|новин|новост|відео|видео|фото|онлайн|хроні|хрони|головне|главное)"
_RU_STEMS = ("рос", "рф", "кремл", "окупац", "оккупац", "лнр", "днр", "москв", "путін", "путин", "минобороны")
_UA_STEMS = ("україн", "украин", "зсу", "всу", "ова", "ода", "вца", "київ", "киев", "генштаб")


def cyrillic_registry(user: str | None = None) -> Registry:
    """The registry with the `[[cyrillic]]` tables of `sources.toml` (and of the user file) merged in."""
    return _cyrillic_registry(builtin_path(), user)


@lru_cache(maxsize=4)
def _cyrillic_registry(builtin: Path, user: str | None) -> Registry:
    base = load_registry(user)
    merged = {e.name: SourceEntry(e.name, e.side, e.kind, list(e.aliases)) for e in base.entries}
    for path in [builtin, *([Path(user)] if user else [])]:
        with open(path, "rb") as f:
            rows = tomllib.load(f).get("cyrillic", [])
        for row in rows:
            side, kind = row.get("side", "unknown"), row.get("kind", "other")
            if side not in SIDES or kind not in SOURCE_KINDS:
                raise ValueError(f"{path}: source {row.get('name')!r} has side {side!r} / kind {kind!r}")
            old = merged.get(row["name"])
            aliases = list(dict.fromkeys([*(old.aliases if old else []), *row.get("aliases", [])]))
            merged[row["name"]] = SourceEntry(row["name"], side, kind, aliases)
    return Registry(list(merged.values()))


def _phrase_words(phrase: str) -> list[str]:
    return [w.strip("«»“”\"") for w in _WORD_RE.findall(phrase)]


def _nominative_phrase(phrase: str) -> str:
    """Each Cyrillic word in its first nominative candidate; acronyms kept as written."""
    from frontscope.geo.morph import nominatives  # deferred: loads the dictionaries

    out = []
    for w in _phrase_words(phrase):
        if w.isupper() or not re.search(r"[а-яіїєґё]", w, re.I):
            out.append(w)
        else:
            forms = nominatives(w)
            out.append(forms[1] if len(forms) > 1 else forms[0])
    return " ".join(out)


def _rule_info(phrase: str) -> SourceInfo | None:
    low = " " + phrase.lower() + " "
    if re.search(r"(?<![\w-])" + _NOT_SPEAKER, low):
        return None  # a rubric or a topic after a dash ("— Специальная военная операция"), not a speaker
    kind = None
    for k, stems in _KIND_STEMS:
        if any(re.search(r"(?<![\w-])" + re.escape(s.strip()), low) for s in stems):
            kind = k
            break
    words = [w for w in _phrase_words(phrase) if w]
    if kind is None:
        # A proper name ("Арестович", "Вілкул"): capitalised words only, up to three.
        if not words or len(words) > 3 or not all(w[:1].isupper() for w in words):
            return None
        from frontscope.geo.morph import word_info

        if any(word_info(w)[0] and not w.isupper() for w in words):
            return None  # "Как сообщил", "Он заявил": a capitalised common word or pronoun, not a name
        kind = "other"
    ru = any(re.search(r"(?<![\w-])" + s, low) for s in _RU_STEMS)
    ua = any(re.search(r"(?<![\w-])" + s, low) for s in _UA_STEMS)
    side = "other" if ru and ua else "RU" if ru else "UA" if ua else "unknown"
    if kind == "local_official" and side == "unknown":
        side = "UA"  # an unmarked oblast head is Ukrainian; occupation officials say so ("окупаційна влада")
    return SourceInfo(canonical_name(phrase), side, kind, False)


def describe_cyrillic(phrase: str, reg: Registry, people: dict[str, SourceInfo]) -> SourceInfo | None:
    """Registry entry (as written, then in the nominative), else the phrase's own words, else an earlier
    mention of the same surname; None when the phrase does not read as a speaker."""
    for p in (phrase, _nominative_phrase(phrase)):
        hit = reg.find(p)
        if hit is not None:
            e = hit[0]
            return SourceInfo(e.name, e.side, e.kind, True)
    words = _phrase_words(phrase)
    if words and words[-1] in people:
        return people[words[-1]]
    return _rule_info(phrase)


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    """Without surrounding spaces, punctuation and Markdown emphasis ("**")."""
    while a < b and text[a] in " ,.:;—–-«»\"“”'\n*_\u00a0":
        a += 1
    while b > a and text[b - 1] in " ,.:;—–-\n*_\u00a0":
        b -= 1
    return a, b


def _n_words(s: str) -> int:
    return len(_WORD_RE.findall(s))


class _Found:
    def __init__(self, start: int, end: int, src: tuple[int, int], cue: str, info: SourceInfo) -> None:
        self.start, self.end, self.src, self.cue, self.info = start, end, src, cue, info


# Pieces of a sentence read separately: glued headlines ("||"), lines, and sentences the segmenter left joined
# ("... Кім. «Ситуація ...»").
_PIECE_SPLIT_RE = re.compile(r"\s\|\|\s|\n+|\s{2,}|(?<=[.!?*])\s+(?=[«\"“*A-ZА-ЯІЇЄҐЁ])")
_ABOUT_RE = re.compile(r":\s+((?:[«\"“]?[\w'’ʼ-]+[»\"”]?\s+){0,3}?[«\"“]?[A-ZА-ЯІЇЄҐЁ][\w'’ʼ-]+[»\"”]?)\s+(про|о|об)\s")
_COLON_RE = re.compile(r":(?=\s)")  # a colon that opens a statement, not the one in "https://"
# A reference back to the sentence before: "Про це повідомляють росЗМІ", "Об этом сообщил губернатор".
_BACKREF_RE = re.compile(r"(?:про це|про це також|об этом|об этом также|це|это)\s*$", re.I)
# Where a subject phrase can start: a clause boundary, or a capitalised preposition after a lower-case word
# (headlines glued together without a full stop: "... операция России В российском Минобороны сообщили").
_SUBJECT_CUT_RE = re.compile(r",|»,|\sщо\s|\sчто\s|\.|\s[—–-]\s|:|\s(?=[ВУ]\s)|\|\|")


def _pieces(text: str, a: int, b: int) -> list[tuple[int, int]]:
    out, p = [], a
    for m in _PIECE_SPLIT_RE.finditer(text, a, b):
        out.append((p, m.start()))
        p = m.end()
    out.append((p, b))
    return [(x, y) for x, y in (_trim(text, x, y) for x, y in out) if x < y]


_OPENERS = {"однако", "но", "а", "и", "также", "затем", "позже", "позднее", "ранее", "спустя", "тогда", "проте",
            "але", "і", "й", "та", "також", "потім", "згодом", "раніше", "вчора", "вчера", "сегодня", "сьогодні",
            "утром", "вечером", "ночью", "уранці", "увечері", "вночі", "впоследствии", "кроме", "крім", "того"}
# Where a speaker phrase ends: "Олег Кипер в своем телеграм-канале", "Washington Post, ссылаясь на источники".
_SOURCE_TAIL_RE = re.compile(r"\s(?:в|во|на|у|із|из|через|со ссылкой|ссылаясь|з посиланням|посилаючись)\s|,|\s\(|"
                             r"\s(?:і|и|та|й)\s(?=[а-яіїєґё])")
_SPEAKER_STEMS = tuple(st.strip() for _, stems in _KIND_STEMS for st in stems)


def _clean_source(text: str, s0: int, s1: int) -> tuple[int, int]:
    """The speaker inside a phrase: markup, emoji and quotes off the ends, leading connectives and time
    adverbials off ("Спустя полчаса Воздушные силы Украины", "Однако в среду МИД страны"), trailing
    "в телеграме" / "со ссылкой на ..." off."""
    while s0 < s1 and not (text[s0].isalnum() or text[s0] in "«“\""):
        s0 += 1
    m = _SOURCE_TAIL_RE.search(text, s0 + 1, s1)
    if m and m.start() > s0:
        s1 = m.start()
    while s1 > s0 and not (text[s1 - 1].isalnum() or text[s1 - 1] in "»”\""):
        s1 -= 1
    # The first word that can start a speaker (capitalised and no connective, or a speaker/side stem), with the
    # adjectives right before it ("місцеві ЗМІ", "российское Министерство обороны").
    words = list(_WORD_RE.finditer(text, s0, s1))
    anchor = None
    for k, w in enumerate(words):
        low = w.group().lower().strip("«»“”\"")
        if low in _OPENERS or low in ("в", "у", "во"):
            continue
        if w.group()[:1].isupper() or w.group()[:1] in "«“\"" or low.startswith(_SPEAKER_STEMS + _RU_STEMS + _UA_STEMS):
            anchor = k
            break
    if anchor is None:
        return s0, s0
    while anchor > 0 and _is_adjective_word(words[anchor - 1].group()):
        anchor -= 1
    s0 = words[anchor].start()
    return s0, s1


def _is_adjective_word(word: str) -> bool:
    from frontscope.geo.morph import analyzer  # deferred: loads the dictionaries

    low = word.lower()
    if not word[:1].islower() or low in _OPENERS:
        return False
    return any(p.tag.POS in ("ADJF", "PRTF") and p.is_known for lg in ("uk", "ru") for p in analyzer(lg).parse(low)[:2])


def _nominative(word: str) -> bool:
    from frontscope.geo.morph import analyzer

    return any("nomn" in p.tag for lg in ("uk", "ru") for p in analyzer(lg).parse(word.lower())[:3])


def _has_verb(phrase: str) -> bool:
    """Whether a lower-case word of the phrase is a finite verb: a speaker is a noun phrase ("Губернатор
    Севастополя объяснил взрывы" is a statement, not its speaker)."""
    from frontscope.geo.morph import analyzer

    for w in _phrase_words(phrase):
        if not w[:1].islower():
            continue
        for lg in ("uk", "ru"):
            parses = analyzer(lg).parse(w.lower())
            if parses and parses[0].is_known and parses[0].tag.POS == "VERB" and "indc" in parses[0].tag:
                return True  # indicative only: "оборони" reads as an imperative too
    return False


def _speaker_shaped(phrase: str) -> bool:
    return not (_n_words(phrase) > MAX_SOURCE_WORDS or "](" in phrase or CUE_RE.search(phrase)
                or re.search(r"(?<![\w-])" + _NOT_SPEAKER, phrase.lower()) or _has_verb(phrase))


def _registry_start(phrase: str, reg: Registry) -> int | None:
    """Offset in `phrase` where the last registry name in it starts (the speaker after a glued rubric)."""
    hit = reg.find(phrase)
    if hit is None:
        return None
    entry = hit[0]
    best = None
    for alias in [entry.name, *entry.aliases]:
        for m in re.finditer(r"(?<![\w-])" + re.escape(alias) + r"(?![\w-])", phrase, re.I):
            if best is None or m.start() > best:
                best = m.start()
    return best if best else None


def _speaker(text: str, s0: int, s1: int, reg: Registry,
             people: dict[str, SourceInfo]) -> tuple[tuple[int, int], SourceInfo] | None:
    s0, s1 = _clean_source(text, s0, s1)
    if s0 < s1 and not _speaker_shaped(text[s0:s1]):
        # "Специальная военная операция России Минобороны России": a rubric glued to a known speaker; the
        # speaker starts at the registry name.
        m = _registry_start(text[s0:s1], reg)
        if m is None:
            return None
        s0 += m
    phrase = text[s0:s1]
    if s0 >= s1 or not _speaker_shaped(phrase):
        return None
    info = describe_cyrillic(text[s0:s1], reg, people)
    return None if info is None else ((s0, s1), info)


def _trailing(text: str, a: int, b: int, reg: Registry, people: dict[str, SourceInfo]) -> _Found | None:
    """"..., — повідомив X" / "... — X" / "... - голова ОДА"."""
    dashes = list(_DASH_RE.finditer(text, a, b))
    if not dashes:
        return None
    d = dashes[-1]
    if d.start() <= a:
        return None
    cue = CUE_RE.match(text, d.end())
    s0, s1 = _trim(text, cue.end() if cue else d.end(), b)
    m = re.search(r"[,;:.]", text[s0:s1])  # "— написав Кулеба, додавши ...": the source ends at the comma
    if m:
        s1 = s0 + m.start()
    hit = _speaker(text, s0, s1, reg, people)
    if hit is None:
        return None
    (h0, h1), info = hit
    if cue is None and not info.known and info.kind == "other" and not _nominative(_phrase_words(text[h0:h1])[-1]):
        return None  # "... — Уинстона Черчилля": without a verb, only a subject (nominative) is a speaker
    return _Found(a, b, hit[0], cue.group() if cue else d.group().strip(" ,"), info)


def _anchored(text: str, a: int, b: int, prev: int, reg: Registry, people: dict[str, SourceInfo]) -> list[_Found]:
    """Leading "X: ...", subjects before reporting verbs, "за даними X", impersonal cues; each claim runs to
    the next one."""
    found: list[_Found] = []
    colon = _COLON_RE.search(text, a, b)
    if colon and colon.start() > a and _n_words(text[a : colon.start()]) <= 5 and not CUE_RE.search(text, a, colon.start()):
        hit = _speaker(text, a, colon.start(), reg, people)
        if hit is not None and (hit[1].known or hit[1].kind != "other"):
            found.append(_Found(a, b, hit[0], ":", hit[1]))
    m = _ABOUT_RE.search(text, a, b)
    if m and not found:
        # "Аеродром знищено: Поліщук про обстріл Луцька" — a headline naming who spoke about what.
        hit = _speaker(text, m.start(1), m.end(1), reg, people)
        if hit is not None:
            found.append(_Found(a, b, hit[0], m.group(2), hit[1]))
    for cue in CUE_RE.finditer(text, a, b):
        left = text[a : cue.start()]
        if _BACKREF_RE.fullmatch(left.strip(" *")) or (not left.strip(" *") and prev < a):
            # "Про це повідомляють росЗМІ": the source follows the verb, the statement is the sentence before.
            hit = _speaker(text, cue.end(), b, reg, people)
            if hit is not None:
                found.append(_Found(prev, b, hit[0], cue.group(), hit[1]))
            continue
        cuts = [m.end() for m in _SUBJECT_CUT_RE.finditer(left)]
        s0 = a + cuts[-1] if cuts else a
        s0, s1 = _trim(text, s0, cue.start())
        if s0 >= s1 and left.rstrip(" *").endswith(","):
            # "ЗСУ звільнили Куп'янськ, повідомили в Генштабі": the speaker follows the verb.
            hit = _speaker(text, cue.end(), b, reg, people)
            if hit is not None:
                found.append(_Found(a, b, hit[0], cue.group(), hit[1]))
            continue
        if s0 >= s1 or any(f.src[0] <= s0 < f.src[1] or s0 <= f.src[0] < s1 for f in found):
            continue
        hit = _speaker(text, s0, s1, reg, people)  # "У Генштабі", "В российском Минобороны": preposition off
        if hit is not None and re.match(r"(?:у|в|во)\s", text[s0:s1], re.I) and not hit[1].known \
                and hit[1].kind == "other":
            hit = None  # "В Киеве объявили тревогу": a place, not a body that speaks
        if hit is not None:
            found.append(_Found(s0 if found else min(s0, a), b, hit[0], cue.group(), hit[1]))
    if not found:
        m = PHRASE_RE.search(text, a, b)
        if m:
            stop = re.search(r"[,.;:!?]|\s[—–-]\s", text[m.end() : b])
            hit = _speaker(text, m.end(), m.end() + stop.start() if stop else b, reg, people)
            if hit is not None:
                found.append(_Found(a, b, hit[0], m.group().strip(), hit[1]))
    if not found:
        m = IMPERSONAL_RE.search(text, a, b)
        if m:
            found.append(_Found(a, b, (m.start(), m.end()), m.group(),
                                SourceInfo("unattributed", "unknown", "other", False)))
    found.sort(key=lambda f: f.start)
    for f, nxt in zip(found, found[1:], strict=False):
        if nxt.start > f.start:
            f.end = _trim(text, f.start, nxt.start)[1]
    return found


def _sentence_claims(text: str, a: int, b: int, prev: int, reg: Registry,
                     people: dict[str, SourceInfo]) -> list[_Found]:
    out: list[_Found] = []
    for x, y in _pieces(text, a, b):
        t = _trailing(text, x, y, reg, people)
        out += [t] if t is not None else _anchored(text, x, y, prev if x == a else x, reg, people)
    return out


def extract_claims_cyrillic(doc: Document, registry: Registry | None = None) -> list[Claim]:
    """One Claim per attributed sentence of a Ukrainian/Russian document (see the module doc)."""
    reg = registry or cyrillic_registry(os.environ.get(ENV_VAR) or None)
    text = doc.body
    people: dict[str, SourceInfo] = {}
    claims: list[Claim] = []
    spans = [(s.start, s.end) for s in doc.sentences] or [(0, len(text))]
    prev = 0
    for a, b in spans:
        b = min(b, len(text))
        for f in _sentence_claims(text, a, b, prev, reg, people):
            s0, s1 = f.src
            words = _phrase_words(text[s0:s1])
            if words and words[-1][:1].isupper() and f.info.kind != "other" or (words and f.info.known):
                people.setdefault(words[-1], f.info)  # "Олексій Кулеба" ... later "— написав Кулеба"
            src = SourceRef(text[s0:s1], s0, s1, f.info.name, f.info.side, f.info.kind)
            negated = bool(DENY_RE.search(text, f.start, f.end))
            claims.append(Claim(f.start, f.end, text[f.start:f.end], src, f.cue, negated=negated,
                                said_on=doc.published, urls=[doc.url] if doc.url else []))
        prev = a
    return claims
