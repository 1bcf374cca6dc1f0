"""Names that are not places although a place bears them: people, organisations, outlets, capitals as actors.

The recogniser reads capitalised runs; news prose puts many non-places there. These rules read the
structure around a candidate span rather than a longer stop-list:

- organisation names: a span inside a registered source name of an organisation (outlets such as "Kyiv
  Post", think tanks such as "the Institute for the Study of War", "U.N."), or followed by "group of forces";
- people: a title before a name ("MP Ilya Kiva", "analyst Fabian Hoffmann") or an apposition after it
  ("Pavel Gubarev, a former separatist leader");
- capitals as actors (metonymy): "Kyiv said", "Moscow's forces", "claimed by Moscow";
- one-letter fragments ("N" of "U.N.") and page furniture that is navigation, not story (footers, bylines).
"""

from __future__ import annotations

import re
from functools import lru_cache

from frontscope.model import Document, PlaceMention

_ORG_KINDS = ("media", "think_tank", "international")
_TITLE_BEFORE = re.compile(
    r"(?:\b(?:MP|MPs|President|Governor|Mayor|Minister|General|Gen\.|Colonel|Col\.|Commander|spokes(?:person|man|woman)|"
    r"analyst|leader|blogger|milblogger|lawmaker|deputy|official|journalist|correspondent|Mr\.?|Ms\.?|Mrs\.?|Dr\.?|"
    r"activist|chief|director|ambassador|envoy|fellow|expert|researcher|commentator|politician|businessman|oligarch)"
    r"\s+)(?:[A-Z][\w'’-]+\s+)?$")
_APPOSITION_AFTER = re.compile(
    r"^,\s+(?:a|an|the|who|whose)\s+(?:[\w'’-]+\s+){0,4}?(?:leader|spokes(?:person|man|woman)|analyst|official|MP|"
    r"lawmaker|commander|blogger|milblogger|fellow|expert|politician|deputy|minister|head|chief|director|founder|"
    r"businessman|journalist|correspondent|activist|representative|adviser|advisor|was|is|has|had)\b")
_CAPITALS = {"Kyiv", "Kiev", "Moscow", "Minsk", "Washington", "Beijing", "London", "Paris", "Berlin", "Brussels"}
_METONYM_AFTER = re.compile(
    r"^(?:['’]s\s+(?:forces|troops|army|military|claims?|offensive|invasion|war|aggression|demands?|position|"
    r"proposals?|allies|officials|response|plans?|strikes?|attacks?|decision|refusal|narratives?|drones?|missiles?)\b|"
    r"\s+(?:said|says|claimed|claims|denied|denies|insisted|insists|announced|warned|wants|demanded|refused|"
    r"rejected|accused|responded|has\s+(?:said|claimed|denied))\b)")
_METONYM_BEFORE = re.compile(r"\b(?:claimed|annexed|controlled|backed|occupied|recognised|recognized)\s+by\s+$")
_GROUP_AFTER = re.compile(r"^\s+(?:operational[- ]strategic\s+)?group\s+of\s+forces\b|^\s+(?:OSG|OTG)\b", re.I)
_NAV_FURNITURE = ("footer", "byline", "credit")


@lru_cache(maxsize=1)
def _org_alias_re() -> re.Pattern[str] | None:
    from frontscope.registry import load_registry

    aliases = sorted({a for e in load_registry().entries if e.kind in _ORG_KINDS for a in (e.name, *e.aliases)
                      if len(a) > 3 and any(ch.isupper() for ch in a)}, key=len, reverse=True)
    if not aliases:
        return None
    return re.compile(r"(?:" + "|".join(map(_guarded, aliases)) + r")(?![\w-])")


def _guarded(alias: str) -> str:
    """`alias` not preceded by a word character or hyphen. The check follows the first letter (a look-behind
    over it and the character before) so that every alternative opens with a literal and the regex engine
    jumps between possible first letters instead of trying hundreds of aliases at every position."""
    first = re.escape(alias[0])
    return rf"{first}(?<![\w-]{first}){re.escape(alias[1:])}"


def organisation_spans(text: str, places: list[PlaceMention]) -> list[tuple[int, int]]:
    """Registered organisation names around the place mentions (only there: scanning whole reports for
    hundreds of aliases would cost more than the geocoder itself)."""
    rx = _org_alias_re()
    if rx is None:
        return []
    out: set[tuple[int, int]] = set()
    for p in places:
        for m in rx.finditer(text, max(0, p.start - 60), min(len(text), p.end + 60)):
            out.add((m.start(), m.end()))
    return sorted(out)


def not_a_place(doc: Document, p: PlaceMention, orgs: list[tuple[int, int]]) -> str:
    """Why the mention `p` is not a place ("" when nothing says so)."""
    text = doc.text
    if len(p.text.strip(".")) <= 1:
        return "fragment"
    if any(a <= p.start and p.end <= b for a, b in orgs):
        return "organisation"
    after = text[p.end:p.end + 60]
    before = text[max(0, p.start - 60):p.start]
    if _GROUP_AFTER.match(after):
        return "organisation"
    if p.kind == "settlement":
        if _TITLE_BEFORE.search(before) and re.match(r"^[\s,.;]", after or "."):
            return "person"
        if re.search(r"[A-Z][\w'’-]+\s+$", before) and _APPOSITION_AFTER.match(after):
            return "person"  # "Pavel Gubarev, a former separatist leader"
        if p.text in _CAPITALS and (_METONYM_AFTER.match(after) or _METONYM_BEFORE.search(before)):
            return "metonym"
    for a, b, kind in doc.furniture:
        if a <= p.start < b and kind in _NAV_FURNITURE:
            return "furniture"
    return ""
