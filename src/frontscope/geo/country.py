"""The country gate: a place the text puts in Russia or Belarus never becomes a Ukrainian namesake.

News about cross-border fighting names villages of Russia's Kursk region ("near Gordeyevka, west of
Korenevo") that share names with Ukrainian villages. The Ukrainian gazetteer would happily resolve them
to Zhytomyr or Sumy oblast. After resolution, `apply_country_gate` looks at what the text says about where
each small settlement is:

- a country cue before it in the same or the previous sentence ("Russia's Kursk region", "in Belarus's
  Gomel region", "across the border in Russia"; a Ukrainian cue such as "in eastern Ukraine" or a
  Ukrainian oblast after it cancels it), or
- a sibling in the same sentence already resolved to that country,

and then resolves the mention to the neighbouring country's GeoNames entry of the same name when one
is shipped (`data/neighbours_ru_by.tsv.gz`, built by benchmarks/build_neighbours.py), else leaves it
unresolved with the country set ("resolved_by": "country gate"). Ukrainian towns of 10,000 or more (Sumy,
Izyum) are not gated: a drone strike on Sumy reported after a paragraph on Kursk is still in Ukraine.
"""

from __future__ import annotations

import gzip
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from frontscope.geo.normalize import name_key
from frontscope.model import Document, PlaceMention

TOPIC_CHARS = 1200  # how far back a country cue keeps its hold on names that exist on both sides
GATE_MAX_POP = 10_000  # Ukrainian settlements at least this large keep their identity whatever the context

_RU_REGIONS = r"(?:Kursk|Belgorod|Bryansk|Voronezh|Rostov|Krasnodar|Smolensk|Oryol|Tula|Moscow)"
_UA_REGIONS = (r"(?:Donetsk|Luhansk|Kharkiv|Sumy|Chernihiv|Zaporizhzhia|Zaporizhia|Kherson|Mykolaiv|Dnipropetrovsk|"
               r"Kyiv|Odesa|Poltava|Zhytomyr)")
_CUES: list[tuple[str, re.Pattern[str]]] = [
    ("RU", re.compile(rf"\b(?:Russia['’]s\s+(?:\w+\s+){{0,2}}(?:region|oblast|territory|border\w*|province)|"
                      rf"(?:in|inside|into)\s+(?:western\s+|southern\s+)?Russia\b(?!['’])|Russian\s+(?:territory|soil|"
                      rf"border\s+(?:region|village|town)s?|villages?|towns?|regions?)\b|"
                      rf"{_RU_REGIONS}\s+(?:region|Oblast|oblast|province)\b)")),
    ("BY", re.compile(r"\b(?:Belarus['’]s\s+(?:\w+\s+){0,2}(?:region|oblast|territory|border\w*|province)|"
                      r"(?:in|inside|into)\s+Belarus\b(?!['’])|Belarusian\s+(?:territory|soil|villages?|towns?|regions?)\b|"
                      r"(?:Gomel|Homel|Brest|Mogilev|Vitebsk|Grodno|Minsk)\s+(?:region|Oblast|oblast)\b)")),
    ("UA", re.compile(rf"\b(?:(?:in|across|of)\s+(?:(?:eastern|western|southern|northern|central)\s+)?Ukraine\b(?!['’])|"
                      rf"Ukraine['’]s\s+(?:\w+\s+){{0,2}}(?:region|oblast|territory|east|south|north)|"
                      rf"{_UA_REGIONS}\s+(?:region|Oblast|oblast)s?\b)")),
]


@dataclass(frozen=True)
class Neighbour:
    geonameid: int
    name: str
    lat: float
    lon: float
    country: str
    population: int


@lru_cache(maxsize=1)
def neighbours() -> dict[str, list[Neighbour]]:
    """GeoNames towns of Russia's border regions and Belarus by matching key (name and Latin alternates)."""
    out: dict[str, list[Neighbour]] = {}
    path = resources.files("frontscope") / "data" / "neighbours_ru_by.tsv.gz"
    with gzip.open(str(path), "rt", encoding="utf-8") as f:
        next(f)
        for line in f:
            gid, name, alts, lat, lon, cc, _a1, pop = line.rstrip("\n").split("\t")
            n = Neighbour(int(gid), name, float(lat), float(lon), cc, int(pop))
            for a in {name, *filter(None, alts.split("|"))}:
                if a[:1].isupper() and not a.isupper():
                    out.setdefault(name_key(a), []).append(n)
    return out


def neighbour(key: str, country: str | None = None) -> Neighbour | None:
    """The most populous neighbouring-country town with this key (of `country` if given)."""
    cands = [n for n in neighbours().get(key, []) if country is None or n.country == country]
    return max(cands, key=lambda n: n.population) if cands else None


def country_cue(text: str, lo: int, pos: int) -> str | None:
    """The country the last cue in text[lo:pos] points to (RU, BY, UA), or None."""
    best: tuple[int, str] | None = None
    for cc, rx in _CUES:
        for m in rx.finditer(text, lo, pos):
            if best is None or m.start() > best[0]:
                best = (m.start(), cc)
    return best[1] if best else None


def _sentence_bounds(doc: Document, starts: list[int], pos: int) -> tuple[int, int, int]:
    """(start of the previous sentence, start, end) of the sentence holding `pos`."""
    i = bisect_right(starts, pos) - 1
    if i < 0:
        return 0, 0, len(doc.text)
    s = doc.sentences[i]
    prev = doc.sentences[i - 1].start if i > 0 and doc.sentences[i - 1].paragraph == s.paragraph else s.start
    return prev, s.start, s.end


def set_foreign(p: PlaceMention, cc: str, n: Neighbour | None) -> None:
    p.country = cc
    p.candidates = []
    p.oblast = p.raion = None
    p.resolved_by = "country gate"
    if n is not None:
        p.geonameid, p.name, p.lat, p.lon, p.population = n.geonameid, n.name, n.lat, n.lon, n.population
        p.confidence = 0.9
    else:
        p.geonameid, p.lat, p.lon, p.population = None, None, None, None
        p.name = p.text
        p.confidence = 0.5


def apply_country_gate(doc: Document, places: list[PlaceMention]) -> None:
    """Move settlements the context puts in Russia or Belarus off their Ukrainian namesakes (in place)."""
    text = doc.text
    starts = [s.start for s in doc.sentences]
    foreign = [q for q in places if q.kind == "settlement" and q.country in ("RU", "BY")]
    for p in places + places:  # twice: a sibling gated on the first pass gates its neighbours on the second
        if p.kind != "settlement":
            continue
        key = name_key(p.text)
        if p.country in ("RU", "BY") and p.geonameid is None:
            n = neighbour(key, p.country)  # a hand-listed foreign town: give it its GeoNames entry
            if n is not None:
                set_foreign(p, p.country, n)
                if p not in foreign:
                    foreign.append(p)
            continue
        if p.country not in (None, "UA") or (p.population or 0) >= GATE_MAX_POP:
            continue
        if text[p.end:p.end + 1] == "-" or text[p.start - 1:p.start] == "-":
            continue  # "the Izyum-Slovyansk axis": a compound of Ukrainian places
        prev, s0, s1 = _sentence_bounds(doc, starts, p.start)
        if neighbour(key) is not None:
            # a town of that name exists across the border: the story's latest cue decides (the topic of a
            # wire story's Kursk paragraphs carries over until a Ukrainian cue such as "in eastern Ukraine")
            cc = country_cue(text, max(0, p.start - TOPIC_CHARS), p.start)
        else:
            # none does: only a cue governing the name itself ("in Russia's Kursk region near X") abstains
            cc = country_cue(text, max(s0, p.start - 45), p.start)
            if cc and re.search(r"\b(?:from|to|toward|towards|into)\b|[.;]", text[max(s0, p.start - 45):p.start]):
                cc = None
        after = country_cue(text, p.end, min(s1, p.end + 30))  # "X, Sumy region": right after the name
        if cc in ("RU", "BY") and after == "UA" and not re.search(r"\bfrom\b", text[p.end:s1]):
            cc = None  # "... near X, Sumy region": the oblast after the name settles it
        if cc not in ("RU", "BY") and foreign:
            # listed beside small towns already placed across the border ("near X and Glushkovo, west of Korenevo")
            siblings = {q.country for q in foreign if q is not p and q.kind == "settlement" and s0 <= q.start < s1
                        and q.country in ("RU", "BY") and q.geonameid is not None and (q.population or 0) < 100_000
                        and abs(q.start - p.start) <= 60}
            cc = next(iter(siblings)) if len(siblings) == 1 else None
        if cc in ("RU", "BY"):
            set_foreign(p, cc, neighbour(key, cc))
            foreign.append(p)


def foreign_leftovers(doc: Document, spans: list[tuple[int, int, str]]) -> list[PlaceMention]:
    """Names the Ukrainian gazetteer lacks that stand where a place would and name a neighbouring town."""
    out = []
    for a, b, key in spans:
        n = neighbour(key)
        if n is None:
            continue
        p = PlaceMention(a, b, doc.text[a:b], kind="settlement")
        set_foreign(p, n.country, n)
        out.append(p)
    return out
