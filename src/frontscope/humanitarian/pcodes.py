"""Ukrainian P-codes: lookup, the crosswalk to KATOTTG/GeoNames admin codes, and code/name checks.

An OCHA P-code is the KATOTTG code cut short: `UA63` is Kharkivska oblast (KATOTTG `UA63000000000041885`),
`UA6308` is Kupianskyi raion (GeoNames admin2 `6308`). The checks here only *report*: a figure keeps the
code its publisher gave it, because guessing which of two swapped codes was meant would invent data.
"""

from __future__ import annotations

import re
import unicodedata

from frontscope.humanitarian._pcodes_ukr import PCODES

KYIV_CITY, KYIV_OBLAST = "UA80", "UA32"
_PCODE = re.compile(r"^UA\d{2}(\d{2})?$")

# Spellings a publisher may use besides OCHA's English and the KATOTTG Ukrainian name.
_EXTRA_ALIASES: dict[str, tuple[str, ...]] = {
    "UA01": ("Avtonomna Respublika Krym", "Crimea", "Krym", "АР Крим", "Республіка Крим"),
    "UA80": ("Kyiv City", "Kyiv Misto", "Misto Kyiv", "м. Київ", "місто Київ", "Kiev", "Kiev City"),
    "UA85": ("Sevastopilska", "Sevastopol City", "м. Севастополь", "Севастопільська"),
    "UA32": ("Kyiv Oblast", "Kiev Oblast", "Kyivska oblast"),
    "UA26": ("Ivano Frankivska",),
    "UA8500": ("Sevastopilska", "Севастопільська", "м. Севастополь"),
    "UA8000": ("Kyiv City", "м. Київ", "місто Київ"),
    "UA3200": ("Chornobylska zona vidchuzhennia",),
}
# Raion names before the 2024 renamings (still used by 2022-2023 publications): accepted, but noted.
FORMER_NAMES: dict[str, tuple[str, ...]] = {
    "UA0702": ("Volodymyr-Volynskyi", "Володимир-Волинський"),
    "UA1210": ("Novomoskovskyi", "Новомосковський"),
    "UA1808": ("Novohrad-Volynskyi", "Новоград-Волинський"),
    "UA4412": ("Sievierodonetskyi", "Сєвєродонецький"),
    "UA4612": ("Chervonohradskyi", "Червоноградський"),
    "UA6306": ("Krasnohradskyi", "Красноградський"),
}
_SUFFIXES = re.compile(r"\b(raion|rayon|district|city|район)\b\.?")
# "oblast" only goes after an adjectival name ("Kyivska oblast" = "Kyivska"); after a city name it is
# part of what distinguishes "Kyiv Oblast" from "Kyiv".
_OBLAST = re.compile(r"(ska|ька|ська|ka)\s+(oblast'?|область|обл\.?)(?=\s|$)")


def name_key(name: str) -> str:
    """Compare-key for admin names: lower case, no accents, footnote stars, spaces or punctuation."""
    s = unicodedata.normalize("NFKD", name.replace("*", "")).lower()
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("’", "'").replace("ʼ", "'")
    s = _SUFFIXES.sub(" ", s)
    s = _OBLAST.sub(r"\1", s.strip())
    return re.sub(r"[\W_]+", "", s)


def _aliases() -> dict[str, set[str]]:
    """name key -> P-codes that may carry this name (one name can fit an oblast and its raion)."""
    out: dict[str, set[str]] = {}
    for code, (en, uk, _parent) in PCODES.items():
        for n in (en, uk, *_EXTRA_ALIASES.get(code, ()), *FORMER_NAMES.get(code, ())):
            if n:
                out.setdefault(name_key(n), set()).add(code)
    return out


_BY_NAME = _aliases()


def is_ukrainian(code: str) -> bool:
    return bool(_PCODE.match(code.strip().upper()))


def lookup(code: str) -> tuple[str, str, str] | None:
    """(English name, Ukrainian name, parent code) of a P-code, or None if unknown."""
    return PCODES.get(code.strip().upper())


def codes_named(name: str, level: int | None = None) -> set[str]:
    """P-codes whose English/Ukrainian name (or a known alias) matches `name`."""
    codes = _BY_NAME.get(name_key(name), set())
    if level is not None:
        codes = {c for c in codes if len(c) == (4 if level == 1 else 6)}
    return codes


def name_matches(code: str, name: str) -> bool:
    return code in codes_named(name)


# Crosswalk to the gazetteer ------------------------------------------------------------------------


def from_katottg(katottg: str) -> tuple[str | None, str | None]:
    """KATOTTG code → (oblast P-code, raion P-code); Kyiv and Sevastopol have no raion level."""
    k = katottg.strip().upper()
    if not re.match(r"^UA\d{17}$", k):
        return None, None
    adm1, adm2 = k[:4], k[:6]
    return (adm1 if adm1 in PCODES else None), (adm2 if adm2 in PCODES else None)


def from_geonames_admin2(admin2: str) -> tuple[str | None, str | None]:
    """GeoNames admin2 of a Ukrainian place (the KATOTTG raion digits, e.g. `6308`) → P-codes."""
    a = admin2.strip()
    if not re.match(r"^\d{4}$", a):
        return None, None
    adm1, adm2 = "UA" + a[:2], "UA" + a
    return (adm1 if adm1 in PCODES else None), (adm2 if adm2 in PCODES else None)


def oblast_name(code: str) -> str | None:
    entry = PCODES.get(code[:4]) if code else None
    return entry[0] if entry else None


# Checks ---------------------------------------------------------------------------------------------


def check_code_name(code: str, names: list[str], level: int) -> list[tuple[str, str]]:
    """Problems with one admin code and the names given beside it, as (issue code, message) pairs.

    Only Ukrainian codes are checked (other countries' codes pass through unjudged).
    """
    code = code.strip().upper()
    if not is_ukrainian(code):
        return []
    if len(code) != (4 if level == 1 else 6):
        return [("wrong_level", f"{code} is not an admin-{level} P-code (expected UA + {2 * level} digits)")]
    if code not in PCODES:
        return [("unknown_pcode", f"unknown P-code {code} (not in OCHA's 2024 list of "
                 f"{'27 oblasts' if level == 1 else '139 raions'})")]
    out: list[tuple[str, str]] = []
    en = PCODES[code][0]
    for name in names:
        if not name or not name.strip():
            continue
        if name_matches(code, name):
            if any(name_key(name) == name_key(f) for f in FORMER_NAMES.get(code, ())):
                out.append(("former_name", f"{code} is now {en}; {name!r} is its name before the 2024 renaming"))
            continue
        others = sorted(codes_named(name, level))
        anywhere = codes_named(name)
        if code[:4] == KYIV_CITY and KYIV_OBLAST in anywhere:
            out.append(("kyiv_swap", f"{code} is Kyiv city ({en}) but is named {name!r}, the name of Kyiv oblast "
                        f"({KYIV_OBLAST}); publishers swap or conflate the two — kept as coded, check the source"))
        elif code[:4] == KYIV_OBLAST and KYIV_CITY in anywhere:
            out.append(("kyiv_swap", f"{code} is Kyiv oblast ({en}) but is named {name!r}, the name of Kyiv city "
                        f"({KYIV_CITY}); publishers swap or conflate the two — kept as coded, check the source"))
        elif others:
            out.append(("code_name_mismatch", f"{code} is {en} but is named {name!r}, which is the name of "
                        f"{', '.join(others)}: code or name may be swapped — kept as coded"))
        else:
            out.append(("unknown_name", f"{code} is {en}; the name {name!r} given beside it is not a known "
                        f"spelling — kept as coded"))
    return out


def check_parent(adm1: str, adm2: str) -> tuple[str, str] | None:
    """An admin-2 code must sit inside the admin-1 code given on the same row."""
    adm1, adm2 = adm1.strip().upper(), adm2.strip().upper()
    if not (is_ukrainian(adm1) and is_ukrainian(adm2)) or len(adm2) != 6 or len(adm1) != 4:
        return None
    if adm2[:4] != adm1:
        return ("parent_mismatch", f"raion {adm2} lies in {adm2[:4]} ({oblast_name(adm2) or '?'}), "
                f"not in {adm1} ({oblast_name(adm1) or '?'}) as the row says")
    return None
