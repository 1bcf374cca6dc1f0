"""Numbers that a claim counts: "encircled roughly 200 Russian personnel", "210 billion euros", "killed 5
civilians", "110 million forcibly displaced".

A quantity is a number (digits, "1,200", "3.5 million", or a number word up to twenty) followed within a
few modifier words by a unit noun, or a currency amount. What is counted comes from the verb just before
the number ("encircled", "killed") or the participle just after it ("forcibly displaced").
"""

from __future__ import annotations

import re

from frontscope.model import Quantity
from frontscope.nlp.folded import FoldedPattern

_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20,
}
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_NUM = (r"(?P<num#>(?<![\w.,\[-])(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w\]])|\b(?:"
        + "|".join(_WORDS) + r")\b)(?:\s+(?P<scale#>thousand|million|billion|trillion)\b)?")
# unit noun (as written, lower case) -> unit name stored in Quantity.unit
_UNITS = {
    "people": "people", "persons": "people", "personnel": "personnel", "servicemembers": "personnel",
    "servicemen": "personnel", "soldiers": "personnel", "troops": "personnel", "fighters": "personnel",
    "civilians": "civilians", "children": "children", "residents": "civilians", "refugees": "refugees",
    "idps": "IDPs", "prisoners": "prisoners", "pows": "prisoners", "casualties": "casualties",
    "tanks": "tanks", "vehicles": "vehicles", "missiles": "missiles", "drones": "drones", "shaheds": "drones",
    "aircraft": "aircraft", "helicopters": "helicopters", "bombers": "aircraft", "guns": "artillery",
    "artillery": "artillery", "systems": "systems", "settlements": "settlements", "villages": "settlements",
    "towns": "settlements", "kilometers": "km", "km": "km", "square": "km2", "meters": "m", "miles": "miles",
    "euros": "EUR", "dollars": "USD", "rubles": "RUB", "hryvnias": "UAH", "points": "points", "strikes": "strikes",
    "attacks": "attacks", "assaults": "attacks", "buildings": "buildings", "homes": "buildings",
    "houses": "buildings", "brigades": "brigades", "battalions": "battalions", "regiments": "regiments",
}
_SINGULAR = {
    "person": "people", "soldier": "personnel", "serviceman": "personnel", "servicemember": "personnel",
    "civilian": "civilians", "child": "children", "tank": "tanks", "vehicle": "vehicles", "missile": "missiles",
    "drone": "drones", "kilometer": "km", "meter": "m", "mile": "miles", "euro": "EUR", "dollar": "USD",
    "ruble": "RUB", "brigade": "brigades", "battalion": "battalions", "settlement": "settlements",
}
_UNIT_RE = "|".join(sorted([*_UNITS, *_SINGULAR], key=len, reverse=True))
_QUANT_RE = FoldedPattern(
    rf"(?P<cur>US\$|\$|€|£)\s?{_NUM.replace('#', '1')}"
    rf"|{_NUM.replace('#', '2')}(?P<mods>(?:\s+(?!and\b|or\b|of\b|in\b|to\b)[A-Za-z][\w’'-]*){{0,3}}?)\s+(?P<unit>{_UNIT_RE})\b"
    rf"|{_NUM.replace('#', '3')}(?=\s+(?:forcibly|forced|internally)\s+displaced|\s+displaced|\s+killed|\s+wounded|\s+injured)",
)
# Every quantity holds a currency sign, a number word, or a digit that can open a number (not one inside a word
# or an endnote marker "[12]": the same look-behind as _NUM's): a window with none is passed over with three
# scans that skip ahead, instead of the full pattern (60 % of the reports' sentences hold no quantity).
_CURRENCY_SIGN_RE = re.compile(r"[$€£]")
_NUMBER_DIGIT_RE = re.compile(r"\d(?<![\w.,\[-]\d)")
_NUMBER_WORD_RE = FoldedPattern(r"\b(?:" + "|".join(_WORDS) + r")\b")
_CURRENCY = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP"}
_COUNT_VERB_BEFORE = re.compile(
    r"\b(\w+(?:ed|ung|ew|ot|ost|eld|ought))\s+(?:(?:roughly|about|over|up\s+to|at\s+least|more\s+than|nearly|almost|"
    r"approximately|around|some|an\s+additional|a\s+further|another|only|the)\s+)*$", re.I,
)
_COUNT_AFTER = re.compile(
    r"[^.;,]{0,40}?\b((?:forcibly\s+|forced\s+|internally\s+)?displaced|killed|wounded|injured|evacuated|"
    r"captured|detained|deported|missing|destroyed|shot\s+down|intercepted)\b", re.I,
)


def _value(num: str, scale: str | None) -> float:
    low = num.lower()
    v = float(_WORDS[low]) if low in _WORDS else float(num.replace(",", ""))
    return v * _SCALE[scale.lower()] if scale else v


def find_quantities(text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """Quantities in `text[start:end]`, offsets into `text`."""
    end = len(text) if end is None else end
    out: list[Quantity] = []
    if not (_NUMBER_DIGIT_RE.search(text, start, end) or _CURRENCY_SIGN_RE.search(text, start, end)
            or _NUMBER_WORD_RE.search(text, start, end)):
        return out
    for m in _QUANT_RE.finditer(text, start, end):
        groups = {k.rstrip("0123456789"): v for k, v in m.groupdict().items() if v}
        num = next(v for k, v in m.groupdict().items() if k.startswith("num") and v)
        scale = next((v for k, v in m.groupdict().items() if k.startswith("scale") and v), None)
        if num.isdigit() and len(num) == 4 and 1900 <= int(num) <= 2100 and not groups.get("cur"):
            if not groups.get("unit"):
                continue  # a year
        if groups.get("cur"):
            unit = _CURRENCY[groups["cur"].lower()]
        elif groups.get("unit"):
            u = groups["unit"].lower()
            unit = _UNITS.get(u) or _SINGULAR[u]
        else:
            unit = "people"
        counted = ""
        mods = groups.get("mods", "")
        after = _COUNT_AFTER.match(mods) if mods else None
        after = after or _COUNT_AFTER.match(text, m.end(), min(end, m.end() + 60))
        before = _COUNT_VERB_BEFORE.search(text, max(start, m.start() - 60), m.start())
        if after:
            counted = re.sub(r"\s+", " ", after.group(1).lower())
        elif before and before.group(1).lower() not in ("used", "reported", "stated", "claimed", "noted"):
            counted = before.group(1).lower()
        out.append(Quantity(_value(num, scale), unit, counted, m.group(0), m.start(), m.end()))
    return out
