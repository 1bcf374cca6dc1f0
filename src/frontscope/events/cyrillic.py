"""Control statements in Ukrainian and Russian: "ЗСУ звільнили Кисловку", "российские войска заняли ...",
"увійшли до", "взяли під контроль", "отбили атаку под Купянском", "бої за Бахмут", "в окупованих Пологах".

`extract_control_cyrillic(doc)` returns the same `ControlStatement`s as the English rules, with the same
belief rules:
* a trigger is a past-tense verb or a participle, never an infinitive or a noun ("намагаються захопити",
  "у разі захоплення Запоріжжя" are aims and hypotheses, not events);
* its objects are the settlements of its clause (after it for capture/hold verbs; anywhere in the clause for
  fighting: "Під Васильковом продовжується бій"); a named direction ("на Бахмутському напрямку") is never
  an object: it says where fighting is, not that the town changed hands;
* the acting side is the first side word of the clause before the trigger (ЗСУ, окупанти, ВС РФ ...); else
  the speaker's own side for "liberated"/"took" verbs (the Russian MoD's "освободили" is a Russian gain),
  and the enemy's for "occupied/seized" verbs in Ukrainian sources;
* status: "denied" under a denial or negation, "claimed" inside an attributed statement (its source is
  `claimed_by`, its side and kind `source_side`/`source_kind`), else "assessed" (the publisher's own words).
Wiring: the events stage calls this for documents whose `language` is "uk" or "ru" (see notes).
"""

from __future__ import annotations

import re

from frontscope.events.control_rules import BASE_CONFIDENCE  # one confidence per status, both languages
from frontscope.model import Claim, ControlStatement, Document
from frontscope.vocab import FIGHTING, Change, Side, other

_V = r"(?:в|ла|ло|ли|но|ні|на|ний|ного|ному|ним|ній|них|ні)"  # past-tense and participle endings (uk)
_R = r"(?:л|ла|ло|ли|но|н|на|ны|нный|нного|нном|нной|нных)"  # (ru)
# Participles only, never the nouns built on the same stem ("звільнення", "освобождение", "захоплення" name an
# aim or a process): the endings below are those of the full and short participle.
_PU = r"(?:ий|а|е|і|ого|ому|им|ій|ої|ою|их|ими)"  # Ukrainian participle endings (звільнен-ий, -а, -ого ...)
_PR = r"(?:н?ый|н?ая|н?ое|н?ые|н?ого|н?ой|н?ом|н?ым|н?ых|н?ыми|а|о|ы)?"  # Russian (освобожден-ный, -а, short form)
TRIGGERS: list[tuple[str, re.Pattern[str]]] = [
    ("gain", re.compile(
        rf"(?<![\w-])(?:звільни{_V}|звільнен{_PU}|деокупува{_V}|деокупован{_PU}|відвоюва{_V}|повернули|"
        rf"взяли під (?:повний )?контроль|взято під контроль|встановили (?:повний )?контроль над|"
        rf"увійшли (?:до|в|у)|зайшли (?:до|в|у)|зайняли|захопи{_V}|захоплен{_PU}|окупува{_V}|"
        rf"освободи{_R}|освобожден{_PR}|заня{_R}|заняты|взяли под (?:полный )?контроль|взят[оаы]? под контроль|"
        rf"установили (?:полный )?контроль над|вошли в|зашли в|захвати{_R}|захвачен{_PR}|отвоева{_R})(?![\w-])",
        re.I)),
    ("withdraw", re.compile(
        r"(?<![\w-])(?:відступили з|вийшли з|залишили|покинули|відійшли з|отступили из|вышли из|оставили|"
        r"покинули|отошли из)(?![\w-])", re.I)),
    ("hold", re.compile(
        r"(?<![\w-])(?:відбили (?:атак\w*|наступ\w*|штурм\w*)|відбито (?:атак\w*|наступ\w*)|"
        r"отбили (?:атак\w*|наступлени\w*|штурм\w*)|отразили (?:атак\w*|наступлени\w*)|"
        r"утримують|утримали|контролюють|удерживают|удержали|контролируют)(?![\w-])", re.I)),
    ("occupied", re.compile(r"(?<![\w-])(?:окупован\w*|оккупированн?\w*|тимчасово окупован\w*)(?![\w-])", re.I)),
    ("fighting", re.compile(
        r"(?<![\w-])(?:бі[йї]|бо[їий]|бое?в|бої|бои|бой|боях|бойові дії|боевые действия|штурм\w*|"
        r"наступа(?:ють|ли)|наступают|атакува(?:ли|ть)|атакуют|триває бій|идут бои)(?![\w-])", re.I)),
]
# Before a trigger: an aim, a condition or a forecast, not an event.
AIM_RE = re.compile(r"(?:у разі|в разі|в случае|якщо|если|намага\w+|пыта\w+|планую\w*|планиру\w*|хоч\w+|"
                    r"мета|цель|спроб\w+|можуть|могут|може|может)\s+(?:\w+\s+){0,2}$", re.I)
NEG_RE = re.compile(r"(?<![\w-])(?:не|ні|нет)\s+(?:\w+\s+)?$", re.I)
DENY_RE = re.compile(r"(?<![\w-])(?:спростува\w*|спростову\w*|опроверг\w*|фейк\w*|неправд\w*|неправда)", re.I)
DIRECTION_AFTER_RE = re.compile(r"\s+(?:напрям\w*|направлени\w*|фронт\w*)", re.I)
UA_RE = re.compile(r"(?<![\w-])(?:ЗСУ|ВСУ|ЗС України|ВС Украины|українськ\w+|украинск\w+|наші|наших|"
                   r"Сили оборони|силы обороны|захисник\w*|нацгвард\w*|ТрО|СБУ|ГУР)(?![\w-])", re.I)
RU_RE = re.compile(r"(?<![\w-])(?:ВС РФ|окупант\w*|оккупант\w*|росіян\w*|россиян\w*|російськ\w+|российск\w+|"
                   r"рашист\w*|ворог\w*|противник\w*|ЛНР|ДНР|союзн\w+ сил\w*|вагнер\w*|кадиров\w*|"
                   r"ЧВК|армі[яї] РФ|армия РФ|ВКС)(?![\w-])", re.I)
# Verbs whose actor, when the clause names none, is the speaker's side ("освободили" in a Russian MoD post)
# or, in Ukrainian sources, the enemy ("захопили", "окупували").
_SPEAKER_VERB_RE = re.compile(r"^(?:звільн|деокуп|відвою|поверн|освобо|взял|взят|встанов|установ|увійш|зайш|"
                              r"зайня|заня|вошл|зашл|отвоев)", re.I)
_ENEMY_VERB_RE = re.compile(r"^(?:захоп|окупув|захват|оккупир)", re.I)
_CLAUSE_RE = re.compile(r"[;.!?]|\s[—–-]\s|,\s+(?:а|але|но|однак|однако)\s|\|\|")


# Between a capture verb and its object only settlement words may stand ("освободили населенный пункт
# Ильинка"); a locative ("заняли высотки в Курахово") makes the place the scene, not the thing taken.
_OBJECT_GAP_RE = re.compile(
    r"[\s*«\"]*(?:(?:населенн\w+|населен\w+)\s+пункт\w*|н\.\s?п\.|сел[оаіуеи]\w*|селищ\w*|поселок|посёлок|"
    r"поселк\w*|город\w*|місто|міста|смт|пгт|хутор\w*|с\.)?[\s*«\"]*", re.I)
_OBJECT_LIST_RE = re.compile(r"[\s*»\"]*(?:,|\s(?:и|та|і|й)\s)[\s*«\"]*", re.I)


def _direct_objects(text: str, places: list, pos: int) -> list:
    out = []
    for p in places:
        gap_re = _OBJECT_LIST_RE if out else _OBJECT_GAP_RE
        if not gap_re.fullmatch(text, out[-1].end if out else pos, p.start):
            break
        out.append(p)
    return out


def _side_of(text: str) -> str:
    m_ua, m_ru = UA_RE.search(text), RU_RE.search(text)
    if m_ua and (not m_ru or m_ua.start() < m_ru.start()):
        return "UA"
    if m_ru:
        return "RU"
    return ""


def _claim_over(doc: Document, a: int, b: int) -> tuple[int | None, Claim | None]:
    for i, c in enumerate(doc.claims):
        if c.start <= a and b <= c.end + 1:
            return i, c
    return None, None


def _clause(text: str, lo: int, hi: int, pos: int) -> tuple[int, int]:
    a = lo
    for m in _CLAUSE_RE.finditer(text, lo, pos):
        a = m.end()
    m = _CLAUSE_RE.search(text, pos, hi)
    return a, (m.start() if m else hi)


def _change(kind: str, actor: str) -> str | None:
    """The stored change string for a trigger kind and the clause's actor ("" when not known)."""
    if kind == "gain":
        return str(Change.gain(actor)) if actor else None
    if kind == "withdraw":  # the actor withdrew: the other side gained
        gainer = other(actor)
        return str(Change.gain(gainer)) if gainer else None
    if kind == "hold":
        return str(Change.holds(actor)) if actor else None
    if kind == "occupied":
        return str(Change.holds(Side.RU))
    return str(FIGHTING)


def extract_control_cyrillic(doc: Document) -> list[ControlStatement]:
    """Control statements of a Ukrainian/Russian document (`doc.places` and `doc.claims` filled)."""
    text = doc.text
    body_end = doc.body_end if doc.body_end is not None else len(text)
    settlements = [p for p in doc.places if p.kind == "settlement" and p.start < body_end
                   and not DIRECTION_AFTER_RE.match(text, p.end)]
    out: list[ControlStatement] = []
    sentences = [(s.start, s.end) for s in doc.sentences] or [(0, body_end)]
    taken: set[int] = set()
    for lo, hi in sentences:
        inside = [p for p in settlements if lo <= p.start < hi]
        if not inside:
            continue
        for kind, rx in TRIGGERS:
            for t in rx.finditer(text, lo, hi):
                left = text[max(lo, t.start() - 40) : t.start()]
                if AIM_RE.search(left):
                    continue
                ca, cb = _clause(text, lo, hi, t.start())
                if kind == "occupied":
                    objs = [p for p in inside if 0 <= p.start - t.end() <= 3]  # "окупованих Пологах"
                elif kind == "fighting":
                    objs = [p for p in inside if ca <= p.start < cb]
                else:
                    objs = _direct_objects(text, [p for p in inside if t.end() <= p.start < cb], t.end())
                objs = [p for p in objs if p.start not in taken]
                if not objs:
                    continue
                ci, claim = _claim_over(doc, ca, cb)
                verb = t.group().lower()
                actor = _side_of(text[ca : t.start()])
                if not actor and kind in ("gain", "hold", "withdraw"):
                    speaker = claim.source.side if claim is not None and claim.source.side in ("UA", "RU") else ""
                    if _ENEMY_VERB_RE.match(verb):
                        actor = "RU" if speaker != "RU" else ""
                    elif _SPEAKER_VERB_RE.match(verb) or kind == "hold":
                        actor = speaker or ("UA" if doc.language == "uk" else "")
                change = _change(kind, actor)
                if change is None:
                    continue
                negated = bool(NEG_RE.search(text[max(lo, t.start() - 12) : t.start()]))
                denied = negated or bool(DENY_RE.search(text, ca, cb)) or (claim is not None and claim.negated)
                status = "denied" if denied else "claimed" if claim is not None else "assessed"
                for p in objs:
                    taken.add(p.start)
                    a, b = min(ca, p.start), max(cb, p.end)
                    a, b = _trim(text, a, b)
                    out.append(ControlStatement(
                        start=a, end=b, text=text[a:b], place=p, change=change, status=status,
                        event_date=doc.published, claimed_by=claim.source.text if claim is not None else "",
                        confidence=BASE_CONFIDENCE[status], claim=ci, actor_side=actor,
                        source_side=claim.source.side if claim is not None else "unknown",
                        source_kind=claim.source.kind if claim is not None else "other",
                        rule=f"cyrillic.{kind}" + ("+neg" if negated else "+denied" if denied else ""),
                    ))
    out.sort(key=lambda s: s.start)
    return out


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in " ,;:—–-«»\"\n":
        a += 1
    while b > a and text[b - 1] in " ,;:—–-\n":
        b -= 1
    return a, b

