"""Bytes → text, preferring a decode that is provably right over a statistical guess.

Order: a byte-order mark (UTF-8/16/32), strict UTF-8, CESU-8 (UTF-8 with surrogate pairs encoded one
half at a time, as Java and some databases write it), UTF-16 without a BOM (recognised by where its
NUL bytes fall), then the legacy single-byte code pages of the script the bytes look like (Cyrillic:
cp1251, KOI8-R/U, cp866, ISO-8859-5, Mac; Latin: cp1252/latin-1, cp1250, ISO-8859-2/15) scored by
how word-like the decoded text is, and only then charset-normalizer. Statistical detectors alone pick
cp1250 for short French latin-1 and shift_jis for short KOI8-R; the script hint prevents that.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

SURE = 1.0  # a strict decode under a BOM or a self-validating encoding (UTF-8, CESU-8)
UNSURE_BELOW = 0.6  # below this the text is stored with a warning


class DecodeError(ValueError):
    """The bytes are not text in any encoding frontscope accepts (binary, empty...)."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    confidence: float  # 0..1; SURE for strict decodes

    @property
    def unsure(self) -> bool:
        return self.confidence < UNSURE_BELOW


_BOMS = (  # longest first: the UTF-32LE mark begins with the UTF-16LE one
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)

CYRILLIC_PAGES = ("cp1251", "koi8_r", "koi8_u", "cp866", "iso8859_5", "mac_cyrillic")
LATIN_PAGES = ("cp1252", "cp1250", "iso8859_2", "iso8859_15")

# Letters by how often they occur in running text of the languages each page serves (rough per-mille
# weights; only their order matters). Decodings that produce frequent letters in word-like case
# patterns win.
_CYRILLIC_FREQ = dict(zip("оеаинтсрвлкмдпуяыьгзбчйхжшюцщэфъёіїєґ",
                          (11, 8, 8, 7, 7, 6, 5, 5, 5, 4, 3, 3, 3, 3, 3, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1,
                           1, 1, 1, 1, 1, 2, 1, 1, 1), strict=True))
_LATIN_FREQ = {
    **dict.fromkeys("é", 10), **dict.fromkeys("èàäöüßç", 5), **dict.fromkeys("êáíóñúãâôøåłąęśćżčšžřě", 3),
    **dict.fromkeys("îûëïœæõőűůňťďĺľźńășțşţ", 1),
}
_WORD_RE = re.compile(r"[^\W\d_]+")


def _strict(raw: bytes, codec: str) -> str | None:
    try:
        return raw.decode(codec)
    except UnicodeDecodeError:
        return None


def _cesu8(raw: bytes) -> str | None:
    """UTF-8 whose only irregularity is surrogate halves encoded separately → the joined text."""
    try:
        halves = raw.decode("utf-8", "surrogatepass")
        return halves.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
    except UnicodeError:  # unpaired halves or other invalid bytes: not CESU-8
        return None


def _printable_share(text: str) -> float:
    if not text:
        return 0.0
    ok = sum(1 for ch in text if ch.isprintable() or ch in "\n\r\t\f")
    return ok / len(text)


def _utf16_without_bom(raw: bytes) -> Decoded | None:
    """UTF-16 text of mostly Latin/Cyrillic letters has a NUL in every other byte (high byte of ASCII)."""
    sample = raw[:65536]
    even, odd = sample[0::2], sample[1::2]
    if not even or not odd:
        return None
    nul_even, nul_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if nul_odd >= 0.3 and nul_even < 0.05:
        codec = "utf-16-le"
    elif nul_even >= 0.3 and nul_odd < 0.05:
        codec = "utf-16-be"
    else:
        return None
    text = _strict(raw[: len(raw) - len(raw) % 2], codec)
    if text is None or _printable_share(text) < 0.95:
        return None
    return Decoded(text, codec, 0.9)


def _word_score(text: str, freq: dict[str, int]) -> float:
    """How much `text` reads like words of the alphabet in `freq`: frequent letters in words of a plain
    case pattern (lower, Title, UPPER) count for; words mixing in symbols or odd case count against."""
    score = 0.0
    for m in _WORD_RE.finditer(text):
        w = m.group(0)
        foreign = [c for c in w if ord(c) >= 128]
        if not foreign:
            continue  # plain ASCII words read the same in every page
        plain_case = w.islower() or w.isupper() or (w[0].isupper() and w[1:].islower())
        letters = sum(freq.get(c.lower(), 0) for c in foreign)
        unknown = sum(1 for c in foreign if c.lower() not in freq)
        score += letters - 6 * unknown if plain_case else -4 * len(foreign)
    # Non-ASCII characters outside words (box drawing, ³, ¤ ...) are what a wrong page produces.
    stray = sum(1 for c in text if ord(c) >= 128 and not c.isalpha() and not c.isspace() and c not in "«»„“”‘’–—…№€°•")
    return score - 4 * stray


def _looks_cyrillic(raw: bytes) -> bool:
    """In Cyrillic text whole words are high bytes; in Latin text high bytes are single accents."""
    high = [i for i, b in enumerate(raw[:65536]) if b >= 0x80]
    if not high:
        return False
    high_set = set(high)
    neighboured = sum(1 for i in high if i - 1 in high_set or i + 1 in high_set)
    return neighboured / len(high) > 0.5


def _single_byte(raw: bytes) -> Decoded | None:
    pages, freq = (CYRILLIC_PAGES, _CYRILLIC_FREQ) if _looks_cyrillic(raw) else (LATIN_PAGES, _LATIN_FREQ)
    scored = []
    for page in pages:
        text = _strict(raw, page)
        if text is not None and _printable_share(text) >= 0.98:
            scored.append((_word_score(text[:200_000], freq), page, text))
    if not scored:
        return None
    scored.sort(key=lambda s: -s[0])
    best, page, text = scored[0]
    if best <= 0:
        return None
    # Confidence: the winner's margin over the best decoding that reads differently (pages that agree on
    # every byte present are one answer, not rivals).
    second = max((max(s, 0.0) for s, _, t in scored[1:] if t != text), default=0.0)
    confidence = round(0.5 + 0.5 * (best - second) / best, 2)
    if page == "cp1252" and not any(0x80 <= b <= 0x9F for b in raw):
        page = "iso-8859-1"  # identical decode; latin-1 is the weaker claim
    return Decoded(text, page, confidence)


def _detector(raw: bytes) -> Decoded | None:
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None:
        return None
    text = str(best)
    if _printable_share(text) < 0.95:
        return None
    return Decoded(text, best.encoding, round(max(0.0, 1.0 - best.chaos) * 0.7, 2))


def decode_bytes(raw: bytes) -> Decoded:
    """Decode `raw`; raises DecodeError for empty or binary input. A leading BOM is not part of the text."""
    if not raw.strip():
        raise DecodeError("empty file")
    found = _decode(raw)
    if not found.text.strip():  # a BOM alone, or only Unicode spaces
        raise DecodeError("empty file (only a byte-order mark or white space)")
    return found


def _decode(raw: bytes) -> Decoded:
    for bom, codec, name in _BOMS:
        if raw.startswith(bom):
            text = _strict(raw[len(bom):], codec)
            if text is None:
                raise DecodeError(f"not valid {name} although it starts with a {name} byte-order mark")
            if "\x00" in text:
                raise DecodeError("binary file (NUL characters), not text")
            return Decoded(text, name, SURE)
    if b"\x00" in raw:  # checked before UTF-8: UTF-16 of ASCII letters is valid (NUL-riddled) UTF-8
        found = _utf16_without_bom(raw)
        if found is None or "\x00" in found.text:
            raise DecodeError("binary file (NUL bytes), not text")
        return found
    text = _strict(raw, "utf-8")
    if text is not None:
        return Decoded(text, "utf-8", SURE)
    text = _cesu8(raw)
    if text is not None:
        return Decoded(text, "cesu-8", SURE)
    found = _single_byte(raw) or _detector(raw)
    if found is None:
        raise DecodeError("not text: no character encoding fits its bytes")
    return found
