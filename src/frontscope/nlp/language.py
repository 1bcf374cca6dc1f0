"""Which language a document is written in: English, Ukrainian or Russian (or "other"/"" when unsure).

Letters settle it cheaply: a text whose letters are mostly Cyrillic is Ukrainian or Russian; the letters
only one of the two alphabets has (і ї є ґ versus ы э ъ ё) and a few frequent function words tell which.
No model, no download, and it runs in microseconds, so every document gets it.
"""

from __future__ import annotations

import re

_LATIN_RE = re.compile(r"[A-Za-z]")
_CYR_RE = re.compile(r"[\u0400-\u04ff]")
_UK_RE = re.compile(r"[іїєґІЇЄҐ]|\b(?:що|який|яка|які|та|від|біля|області|повідомив|повідомили)\b", re.I)
_RU_RE = re.compile(r"[ыэъёЫЭЪЁ]|\b(?:что|который|которая|около|области|сообщил|сообщили|возле)\b", re.I)
SAMPLE_CHARS = 5_000  # enough letters to decide; long reports are not scanned whole
CYRILLIC_LANGUAGES = ("uk", "ru")  # languages the Cyrillic paths (geo/claims/events cyrillic.py) read
CYRILLIC_SHARE = 0.3  # share of Cyrillic among letters above which a text is read as Cyrillic


def cyrillic_share(text: str) -> float:
    """Share of Cyrillic letters among the Latin and Cyrillic letters of `text` (0 when it has none).

    Counted in C (`subn`, `translate`) rather than by listing matches: it runs on every document, English ones
    included, and must cost next to nothing there."""
    sample = text[:SAMPLE_CHARS]
    if not _CYR_RE.search(sample):
        return 0.0
    cyr = _CYR_RE.subn("", sample)[1]
    lat = _LATIN_RE.subn("", sample)[1]
    return cyr / (cyr + lat) if cyr + lat else 0.0


def is_cyrillic(text: str) -> bool:
    """Whether `text` should be read by the Ukrainian/Russian path."""
    return cyrillic_share(text) >= CYRILLIC_SHARE


def detect_language(text: str) -> str:
    """"uk", "ru", "en", or "" when the text has too few letters to tell. ISO 639-1 codes."""
    sample = text[:SAMPLE_CHARS]
    if not _CYR_RE.search(sample):
        return "en" if _LATIN_RE.subn("", sample[:200])[1] >= 3 or _LATIN_RE.subn("", sample)[1] >= 3 else ""
    cyr = _CYR_RE.subn("", sample)[1]
    if cyr < 0.1 * len(sample):
        return "en"  # a few Russian names in an English report (a tenth of the characters is far below the share)
    lat = _LATIN_RE.subn("", sample)[1]
    if cyr + lat < 3:
        return ""
    if cyr / (cyr + lat) < CYRILLIC_SHARE:
        return "en"
    uk = _UK_RE.subn("", sample)[1]
    ru = _RU_RE.subn("", sample)[1]
    if uk == ru:
        return "uk" if "ї" in sample or "і" in sample else "ru"
    return "uk" if uk > ru else "ru"
