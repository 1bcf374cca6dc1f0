"""The "places" pipeline stage: recognise place names in the body text and resolve them to the gazetteer.

`geocode(doc)` fills `doc.places` (sorted by start) for `doc.body` (the text before the endnote list):
1. exact recognition (`recognize`): gazetteer keys over capitalised runs, kind from the words around;
2. resolution (`resolve`): one candidate per mention from admin, proximity and history context;
3. misspellings (`fuzzy`): names that matched nothing but stand where a place would are matched at edit
   distance 1–2 to settlements near the places resolved around them, then everything is resolved again.
The gazetteer, its name index and the recogniser are built once per process on first use.
"""

from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache
from typing import TYPE_CHECKING

from frontscope.geo.anchors import apply_distance_anchors
from frontscope.geo.country import apply_country_gate, foreign_leftovers, neighbour
from frontscope.geo.entities import not_a_place, organisation_spans
from frontscope.geo.fuzzy import FuzzyIndex
from frontscope.geo.gazetteer import get_gazetteer
from frontscope.geo.recognize import Recognizer, Span
from frontscope.geo.resolve import Mention, Resolver
from frontscope.ingest.news import annotate_news
from frontscope.model import Document, PlaceMention
from frontscope.nlp.language import CYRILLIC_LANGUAGES, detect_language
from frontscope.stages import stage

if TYPE_CHECKING:
    from frontscope.geo.cyrillic import CyrillicRecognizer

FUZZY_CONTEXT_CHARS = 600  # resolved places this close (in the text) to a misspelling anchor its region


@lru_cache(maxsize=1)
def _engine() -> tuple[Recognizer, Resolver]:
    gaz = get_gazetteer()
    rec = Recognizer(gaz)
    return rec, Resolver(gaz, rec)


@lru_cache(maxsize=1)
def _fuzzy() -> FuzzyIndex:
    return FuzzyIndex(get_gazetteer())


def warm_up() -> None:
    """Build the gazetteer matcher and group the settlement keys for misspellings now, not on the first
    document."""
    _ = _engine()[1].raion_centres
    _fuzzy().warm()


def _fuzzy_spans(leftovers: list[Span], mentions: list[Mention]) -> list[Span]:
    starts = [m.span.start for m in mentions]
    out = []
    for sp in leftovers:
        lo = bisect_left(starts, sp.start - FUZZY_CONTEXT_CHARS)
        hi = bisect_left(starts, sp.start + FUZZY_CONTEXT_CHARS)
        anchors = [
            (m.best.lat, m.best.lon) for m in mentions[lo:hi]
            if m.best is not None and m.best.settlement and m.best.lat is not None and m.best.lon is not None
            and m.confidence >= 0.5
        ]
        rows, _ = _fuzzy().near_rows(sp.key, anchors)
        if rows:
            sp.rows = rows
            out.append(sp)
    return out


@lru_cache(maxsize=1)
def _cyrillic() -> CyrillicRecognizer:
    from frontscope.geo.cyrillic import CyrillicRecognizer

    return CyrillicRecognizer(get_gazetteer(), _engine()[0])


def geocode_text(doc: Document) -> list[PlaceMention]:
    """Place mentions of `doc.body`, resolved, without storing them on the document."""
    rec, res = _engine()
    end = doc.body_end if doc.body_end is not None else len(doc.text)
    lang = doc.language or detect_language(doc.text)
    if lang in CYRILLIC_LANGUAGES:  # Ukrainian/Russian: own recogniser
        from frontscope.geo.cyrillic import to_place_mentions

        crec = _cyrillic()
        return to_place_mentions(crec, doc, crec.find(doc.text, 0, end, lang), res)
    leftovers: list[Span] = []
    spans = rec.find(doc.text, 0, end, leftovers)
    spans += [sp for sp in leftovers if "unit" in sp.notes]  # foreign "X Oblast": kept without coordinates
    spans.sort(key=lambda s: s.start)
    rec.distribute_units(doc.text, spans)  # again: "Kherson and Zaporozhia Oblasts" ends on a unit span
    leftovers = [sp for sp in leftovers if "fuzzy" in sp.notes]
    mentions = res.resolve(doc, spans)
    # A name the Ukrainian gazetteer lacks that names a town across the border is that town, not a
    # Ukrainian near-spelling ("near Korenevo").
    foreign = [(sp.start, sp.out_end, sp.key) for sp in leftovers if neighbour(sp.key) is not None]
    taken = {a for a, _, _ in foreign}
    leftovers = [sp for sp in leftovers if sp.start not in taken]
    fixed = _fuzzy_spans(leftovers, mentions) if leftovers else []
    if fixed:
        mentions = res.resolve(doc, sorted(spans + fixed, key=lambda s: s.start), warm=mentions)
    places = res.to_place_mentions(doc, mentions) + foreign_leftovers(doc, foreign)
    places.sort(key=lambda p: p.start)
    annotate_news(doc)
    orgs = organisation_spans(doc.text, places)
    places = [p for p in places if not not_a_place(doc, p, orgs)]
    dateline = _dateline_place(doc, places)
    if dateline is not None:
        places.insert(0, dateline)
    apply_distance_anchors(doc, places)
    apply_country_gate(doc, places)
    return places


def _dateline_place(doc: Document, places: list[PlaceMention]) -> PlaceMention | None:
    """The city of a news dateline ("KYIV, Aug 14 (AFP) -"): capitals are not read as names elsewhere, and
    a dateline names the best-known place of that name."""
    if not doc.dateline_place:
        return None
    a = doc.text.find(doc.dateline_place)
    if a < 0 or any(p.start <= a < p.end for p in places):
        return None
    gaz = get_gazetteer()
    rows = [r for r in gaz.rows_for(doc.dateline_place) if gaz.fclass[r] == "P"]
    if not rows:
        return None
    pl = gaz.place(max(rows, key=lambda r: int(gaz.population[r])))
    return PlaceMention(a, a + len(doc.dateline_place), doc.dateline_place, "settlement", pl.geonameid, pl.name,
                        pl.lat, pl.lon, pl.oblast, pl.raion, "UA", pl.population, 0.9, "dateline")


@stage("places", requires=("sentences", "headings"), assigns=("places",))
def geocode(doc: Document) -> None:
    """Pipeline stage: fill `doc.places`."""
    doc.places = sorted(geocode_text(doc), key=lambda p: p.start)
