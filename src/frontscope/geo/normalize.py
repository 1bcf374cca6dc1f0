"""One matching key per place name, whatever the transliteration.

Reports spell the same town Kupyansk, Kupiansk, Kup'yansk, Купянськ or Купянск; GeoNames stores yet other
variants. Rather than listing every spelling we map each to a key under which they meet:

* Cyrillic is romanised with one table (Ukrainian and Russian letters alike; г → h, so Gulyaipole and
  Hulyaipole meet);
* diacritics, apostrophes and soft signs are dropped, hyphens become spaces;
* the letters that transliteration systems disagree on are folded: y/j → i, g → h, w → v, "ie" → "e";
* runs of one letter or digraph collapse (ii → i, zhzh → zh), so Velykyi/Velykiy/Velykyy and Zaporizhzhia/Zaporizhia meet;
* a й glide after "ia" is dropped (iai → ia): the press writes Гуляйполе as Huliapole as often as Huliaipole or
  Hulyaypole (only two gazetteer keys merge by it, both spellings of one name).

The folding is coarse on purpose; it never merges names that differ in a consonant (Radkivka/Rudkivka,
Pokrovsk/Pokrovske, Myrove/Myrne keep different keys). Russian forms that differ in more than spelling
(Konstantinovka, Artemovsk) are matched through GeoNames' alternate names and `ALIASES` below.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Bump when `name_key` changes: gazetteer files store keys and are re-keyed on load if versions differ.
KEY_VERSION = "2"

_CYR = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie", "ж": "zh", "з": "z",
    "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ь": "", "ю": "iu", "я": "ia", "ъ": "", "ы": "y", "э": "e", "ё": "e",
}
_CYR_TABLE = str.maketrans(_CYR)
_APOSTROPHES = str.maketrans("", "", "'’ʼ`‘\"“”ʹ′")
_SEPARATORS = re.compile(r"[\s\-‐‑–—_./,()]+")
_FOLD = str.maketrans({"y": "i", "j": "i", "g": "h", "w": "v"})
_RUNS = re.compile(r"(zh|sh|ch|ts|.)\1+")
_CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")


def has_cyrillic(s: str) -> bool:
    return bool(_CYRILLIC_RE.search(s))


def romanise(s: str) -> str:
    """Lower-case Latin form of `s` (Cyrillic transliterated, diacritics stripped)."""
    s = s.lower().translate(_CYR_TABLE)
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c))


@lru_cache(maxsize=1 << 17)  # the same names recur in every report, and several stages key them
def name_key(s: str) -> str:
    """The matching key of a place name: `name_key("Kup'yansk") == name_key("Купянськ") == "kupiansk"`."""
    s = romanise(s).translate(_APOSTROPHES)
    s = _SEPARATORS.sub(" ", s).strip()
    if s.startswith("the "):
        s = s[4:]
    s = s.replace("kh", "\x00")  # keep х (kh) apart from г (h) while folding g → h
    s = s.translate(_FOLD).replace("ie", "e")
    s = _RUNS.sub(r"\1", s).replace("iai", "ia")
    return s.replace("\x00", "kh")


# Press and Russian forms GeoNames does not list, mapped to the name GeoNames uses (keys on both sides).
ALIASES: dict[str, str] = {
    "kiev": "kyiv",
    "kharkov": "kharkiv",
    "nikolaev": "mykolaiv",
    "artemovsk": "bakhmut",
    "artyomovsk": "bakhmut",
    "dnepr": "dnipro",
    "dnepropetrovsk": "dnipro",
    "zaporozhye": "zaporizhzhia",
    "zaporozhia": "zaporizhzhia",  # early-war press spellings of Zaporizhzhia
    "zaprozhia": "zaporizhzhia",
    "zaprozhya": "zaporizhzhia",
    "zaporizhie": "zaporizhzhia",
    "lugansk": "luhansk",
    "severodonetsk": "sievierodonetsk",
    "dzerzhinsk": "toretsk",
    "krasnoarmeysk": "pokrovsk",
    "avdeevka": "avdiivka",
    "avdeyevka": "avdiivka",
}
ALIASES = {name_key(k): name_key(v) for k, v in ALIASES.items()}
