"""Choose one gazetteer entry per recognised name, from the context of the document.

Each candidate gets a score made of
  * a prior: population (log), administrative rank, and whether the name is the place's main name or only an
    old/foreign alternate (Donetsk was once "Oleksandrivka" too);
  * admin context: an oblast or raion named in the same sentence or paragraph ("Oleksandrivka, Donetsk
    Oblast" counts most);
  * proximity: front-line villages named together are close, so a candidate near the other places of the
    sentence, paragraph, section heading ("Kupyansk direction") and neighbouring paragraphs scores higher;
  * stated geometry: "Berestove (30km northeast of Kupyansk)" rewards the namesake at that distance and
    bearing, "north of X" the ones in that direction;
  * history: one sense per discourse — a name leans to what it resolves to elsewhere in the document
    (earlier mentions count fully, later ones half).
Proximity depends on the other mentions' choices, so choices are refined over a few rounds, starting from
prior + admin context. The softmax of the final scores gives the confidence; runner-ups are kept.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from dataclasses import dataclass, field

import numpy as np

from frontscope.geo.extra import EXTRA, ExtraPlace
from frontscope.geo.gazetteer import Gazetteer, kind_of
from frontscope.geo.normalize import name_key
from frontscope.geo.recognize import Recognizer, Span
from frontscope.geometry import KM_PER_DEG, destination, km_xy
from frontscope.model import Candidate, Document, PlaceMention

FCODE_BONUS = {"PPLC": 1.0, "PPLA": 0.8, "PPLA2": 0.5, "PPLA3": 0.2, "PPLX": -0.7}
# A town (city, raion seat) is named far more often than a homonymous village: without context, "Lyman" is the
# Donetsk Oblast town of 20,000, not one of the ten Lyman villages. Log-population alone leaves them too close.
TOWN_POP, TOWN_BONUS = 10_000, 0.6
ALT_NAME_PENALTY = 0.6  # matched only an alternate name
ALT_BESIDE_PRIMARY_PENALTY = 2.5  # ... while other places carry the name as their main name
EXTRA_PRIOR = {"country": 3.0, "oblast": 2.5, "other": 2.0, "settlement": 1.9, "water_body": 2.0, "river": 2.0}
W_ADMIN = 1.5
W_PROX = 4.0
W_HISTORY = 1.2
W_RELATIVE = 2.0
W_DOCUMENT = 0.8
PROX_KM = 25.0
ROUNDS = 3
DEG_PER_PROX = KM_PER_DEG / PROX_KM  # km per degree over the proximity scale
FAR_DEG = 1.5  # latitude degrees beyond which an anchor cannot matter (exp(-170 km / PROX_KM) ~ 0)
SOFTMAX_T = 0.5  # temperature turning score gaps into confidence
FUZZY_FACTOR = 0.7  # a misspelling resolved is never as sure as an exact name
WINDOW = 12  # mentions either side of a mention that can serve as its anchors
HISTORY_WINDOW = 50  # same-name mentions each side that inform "one sense per discourse"
# Weights of the other mentions as anchors, by where they are relative to the mention.
A_SENTENCE, A_LINKED, A_PARAGRAPH, A_HEADING, A_NEAR_PARAGRAPH = 1.0, 1.5, 0.6, 0.6, 0.25
_DIRS = "northeast|northwest|southeast|southwest|north-east|north-west|south-east|south-west|north|south|east|west"
# "Holubivka (5 km north of Kupyansk", "Zaitseve, about 8km southeast of Bakhmut": the whole gap between two names.
RELATIVE_RE = re.compile(
    r"[\s,(—–-]*(?P<shared>(?:both|all|each)\s+(?:(?:of\s+)?(?:which|them)\s+)?(?:(?:are|lie|lying|located|situated)\s+)?)?"
    r"(?:(?:about|around|roughly|approximately|approx\.|some|over|nearly|up to|within|just|less than|"
    r"more than|only)\s+)*(?:(?P<km>\d+(?:\.\d+)?)\s*(?:-\s*\d+\s*)?(?P<unit>km|kilometers|kilometres|miles|mi)\s+)?"
    rf"(?:(?:directly|due|just)\s+)?(?:(?P<dir>{_DIRS})(?:ern)?\s+)?(?:of|from|outside|near|toward|towards)\s+"
    r"(?:the\s+)?(?:(?:city|town|village|settlement)\s+of\s+)?",
    re.I,
)
_LIST_GAP_RE = re.compile(r",?\s*(?:and|or)?\s*")
# RELATIVE_RE always ends in one of these words; most gaps (", ", " and ") hold none and skip the regex. "ı", "İ"
# and "ſ" are letters re.IGNORECASE reads as i/s and lower() does not.
_RELATION_WORDS = ("of", "from", "near", "toward", "outside")
_ODD_FOLDS = ("ı", "İ", "ſ")


def _may_relate(gap: str) -> bool:
    low = gap.lower()
    return any(w in low for w in _RELATION_WORDS) or any(c in gap for c in _ODD_FOLDS)


_CONJ_RE = re.compile(r",?\s+(?:and|or)\s+")
BEARING = {"north": 0, "northeast": 45, "east": 90, "southeast": 135, "south": 180, "southwest": 225, "west": 270,
           "northwest": 315}


@dataclass
class Cand:
    row: int | None  # gazetteer row, or None for an extra place / synthetic admin unit
    extra: ExtraPlace | None
    lat: float | None
    lon: float | None
    prior: float
    kind: str
    name: str
    settlement: bool  # usable as a proximity anchor


@dataclass
class Mention:
    span: Span
    kind: str
    cands: list[Cand]
    idx: int = -1  # position in the document's mention list
    sent: int = -1
    para: int = -1
    heading: int = -1
    admin1: set[str] = field(default_factory=set)  # oblast this mention names (oblast mentions only)
    admin2: set[str] = field(default_factory=set)
    scores: list[float] | None = None
    points: list[tuple[float, float, float]] | None = None  # candidates' (lat, lon, cos lat), on first use
    row_pos: dict[int, int] | None = None  # gazetteer row -> candidate index, on first use
    choice: int = 0
    confidence: float = 0.0
    resolved_by: str = ""

    @property
    def best(self) -> Cand | None:
        return self.cands[self.choice] if self.cands else None


class Resolver:
    def __init__(self, gaz: Gazetteer, rec: Recognizer) -> None:
        self.gaz = gaz
        self.rec = rec
        self._raion_centres: dict[str, tuple[float, float]] | None = None
        # Candidate lists depend only on (key, kind hint, article): shared read-only between mentions.
        self._cache: dict[tuple[str, str | None, bool, bool], tuple[str, list[Cand], set[str], set[str]]] = {}

    def candidates(self, span: Span) -> tuple[str, list[Cand], set[str], set[str]]:
        """The kind of a mention, its candidates, and the oblast/raion codes it names."""
        if "fuzzy" in span.notes:  # rows were chosen for this one span
            return self._candidates(span)
        ck = (span.key, span.kind_hint, span.the_before, span.road)
        hit = self._cache.get(ck)
        if hit is None:
            if len(self._cache) > 50_000:
                self._cache.clear()
            hit = self._cache[ck] = self._candidates(span)
        return hit

    # Candidates ---------------------------------------------------------------------------------------

    def _row_cand(self, row: int, key: str) -> Cand:
        g = self.gaz
        fclass, fcode = g.fclass[row], g.fcode[row]
        prior = 0.0
        if fclass == "P":
            pop = int(g.population[row])
            prior = 0.25 * math.log10(pop + 1) + FCODE_BONUS.get(fcode, 0.0) + (TOWN_BONUS if pop >= TOWN_POP else 0.0)
        elif fcode == "ADM1":
            prior = 1.0
        if not g.is_primary(row, key):
            prior -= ALT_NAME_PENALTY
        # Settlements anchor their neighbours; so do small point features (islands, spits: "Kinburn Spit"),
        # but not rivers, regions or admin units, whose single point says little about where the text is.
        return Cand(row, None, float(g.lat[row]), float(g.lon[row]), prior, kind_of(fclass, fcode), g.name[row],
                    fclass == "P" or fclass == "T")

    @staticmethod
    def _extra_cand(x: ExtraPlace) -> Cand:
        return Cand(None, x, x.lat, x.lon, EXTRA_PRIOR.get(x.kind, 1.5), x.kind, x.name, x.kind == "settlement")

    @property
    def raion_centres(self) -> dict[str, tuple[float, float]]:
        """Raion code -> the mean point of its settlements (all raions in one pass over the rows, on first use)."""
        if self._raion_centres is None:
            g = self.gaz
            rows: dict[str, list[int]] = {}
            for i in range(len(g)):
                if g.fclass[i] == "P":
                    rows.setdefault(f"{g.admin1[i]}.{g.admin2[i]}", []).append(i)
            self._raion_centres = {c: (float(np.mean(g.lat[rs])), float(np.mean(g.lon[rs]))) for c, rs in rows.items()}
        return self._raion_centres

    def _candidates(self, span: Span) -> tuple[str, list[Cand], set[str], set[str]]:
        g, hint, key = self.gaz, span.kind_hint, span.key
        if span.road:
            return "road", [], set(), set()
        if hint == "oblast":
            code = self.rec.oblast_keys.get(key)
            if code is not None:
                row = g.row_of.get(g.oblast_ids.get(code, -1))
                if row is not None:
                    c = self._row_cand(row, g.keys_of(row)[0])
                    c.kind = "oblast"
                    return "oblast", [c], {code}, set()
            xs = [x for x in EXTRA.get(f"{key} oblast", []) + EXTRA.get(key, []) if x.kind == "oblast"]
            return "oblast", [self._extra_cand(x) for x in xs[:1]], set(), set()
        if hint == "raion":
            code = self.rec.raion_keys.get(key)
            if code is None:
                return "raion", [], set(), set()
            # The raion itself: its 2020 name, the centre of its settlements; a GeoNames id only when GeoNames has
            # an ADM2 row of that name (many ADM2 rows are pre-2020 raions or city councils).
            gid = g.raion_ids.get(code, 0)
            row = g.row_of.get(gid) if gid else None
            centre = self.raion_centres.get(code)
            c = Cand(None, None, centre[0] if centre else None, centre[1] if centre else None, 0.0, "raion",
                     g.raions[code], False)
            if row is not None and g.keys_of(row)[0] == name_key(g.raions[code]):
                c.row = row
            c.kind = "raion"
            return "raion", [c], set(), {code}
        rows, extras = span.rows, span.extras
        if hint in ("river", "water_body"):
            want = {"river"} if hint == "river" else {"water_body"}
            cands = [self._row_cand(r, key) for r in rows if kind_of(g.fclass[r], g.fcode[r]) in want]
            cands += [self._extra_cand(x) for x in extras if x.kind in want]
            if not cands:  # a river GeoNames lacks: still a river mention, without coordinates
                cands = [Cand(None, None, None, None, 0.0, hint, span.key, False)]
            return hint, cands, set(), set()
        settlements = [self._row_cand(r, key) for r in rows if g.fclass[r] == "P"]
        primary = [g.is_primary(c.row, key) for c in settlements if c.row is not None]
        if any(primary):
            # "Oleksandrivka" is an old name of Donetsk too, but a hundred villages bear it today.
            for c, p in zip(settlements, primary, strict=True):
                if not p:
                    c.prior -= ALT_BESIDE_PRIMARY_PENALTY - ALT_NAME_PENALTY
        xs = [self._extra_cand(x) for x in extras]
        if hint == "settlement" and (settlements or any(x.kind == "settlement" for x in xs)):
            return "settlement", settlements + [x for x in xs if x.kind == "settlement"], set(), set()
        others = [self._row_cand(r, key) for r in rows if g.fclass[r] != "P"]
        for c in others:
            if c.kind == "oblast":  # a bare "Crimea" names the region, not the admin unit
                c.kind = "other"
        if span.the_before:
            # "the Oskil", "the Donbas": English puts no article before a town's name.
            for c in others + xs:
                c.prior += 2.0
            for c in settlements:
                # ... but a town's name does, as an adjective: "along the Bakhmut and Avdiivka frontlines".
                if c.row is None or int(g.population[c.row]) < TOWN_POP:
                    c.prior -= 1.0
        cands = settlements + xs + (others if not settlements or span.the_before else [])
        return (cands[0].kind if cands else "settlement"), cands, set(), set()

    # Resolution ---------------------------------------------------------------------------------------

    def resolve(self, doc: Document, spans: list[Span], warm: list[Mention] | None = None) -> list[Mention]:
        """Resolve every span. With `warm` (an earlier resolution of most of the same spans), start from its
        choices and revisit only the new mentions and their neighbours."""
        mentions: list[Mention] = []
        heading_starts = [h.start for h in doc.headings]
        sentence_starts = [s.start for s in doc.sentences]
        for sp in spans:
            kind, cands, a1, a2 = self.candidates(sp)
            m = Mention(sp, kind, cands, admin1=a1, admin2=a2)
            si = bisect_right(sentence_starts, sp.start) - 1
            if si >= 0 and sp.start < doc.sentences[si].end:
                m.sent, m.para = si, doc.sentences[si].paragraph
            m.heading = bisect_right(heading_starts, sp.start) - 1
            m.idx = len(mentions)
            mentions.append(m)
        self._admin_context(doc, mentions)
        ambiguous = [m for m in mentions if len(m.cands) > 1]
        for m in mentions:
            bonus = m.scores or [0.0] * len(m.cands)
            m.scores = [c.prior + b for c, b in zip(m.cands, bonus, strict=True)]
            m.choice = m.scores.index(max(m.scores)) if m.cands else 0
        self._document_prior(ambiguous, mentions)
        base = {m.idx: list(m.scores) for m in ambiguous}
        links, rel = self._links(doc, mentions)
        heading_mentions = self._heading_mentions(doc, mentions)
        by_key: dict[str, list[Mention]] = {}
        under_heading: dict[int, list[Mention]] = {}
        for m in mentions:
            by_key.setdefault(m.span.key, []).append(m)
            under_heading.setdefault(m.heading, []).append(m)
        in_heading = {n.idx: hi for hi, ns in heading_mentions.items() for n in ns}

        key_pos = {m.idx: i for ms in by_key.values() for i, m in enumerate(ms)}

        def same_name(n: Mention) -> list[Mention]:
            # The nearest same-name mentions only: all of them is quadratic when a name repeats
            # thousands of times (a scraped page, a hostile file).
            ms, k = by_key[n.span.key], key_pos[n.idx]
            return ms[max(0, k - HISTORY_WINDOW):k + HISTORY_WINDOW + 1]

        def affected_by(n: Mention) -> list[Mention]:
            out = same_name(n) + mentions[max(0, n.idx - WINDOW) : n.idx + WINDOW + 1]
            hi = in_heading.get(n.idx)
            return out + under_heading.get(hi, []) if hi is not None else out

        for m in mentions:
            self._confidence(m)
        todo = ambiguous
        if warm:
            old = {w.span.start: w for w in warm}
            fresh: dict[int, Mention] = {}
            for m in mentions:
                w = old.get(m.span.start)
                if w is not None and w.span.key == m.span.key and w.scores is not None:
                    m.scores, m.choice, m.confidence, m.resolved_by = w.scores, w.choice, w.confidence, w.resolved_by
                else:
                    for n in affected_by(m):
                        if len(n.cands) > 1:
                            fresh[n.idx] = n
            todo = sorted(fresh.values(), key=lambda m: m.idx)
        for _ in range(ROUNDS):
            # Anchors are read from the previous round's choices (a snapshot), so the order of updates within a
            # round does not matter.
            state = [self._anchor_state(m) for m in mentions]
            before = {m.idx: (m.choice, m.confidence) for m in todo}
            for m in todo:
                tiers = self._anchors(m, mentions, state, heading_mentions.get(m.heading, ()), links)
                prox = self._proximity(m, tiers)
                hist = self._history(m, same_name(m))
                m.scores = [b + W_PROX * p + W_HISTORY * h for b, p, h in zip(base[m.idx], prox, hist, strict=True)]
                if m.idx in rel:
                    fit = self._relative(m, rel[m.idx], state)
                    m.scores = [x + W_RELATIVE * f for x, f in zip(m.scores, fit, strict=True)]
            for m in todo:
                self._confidence(m)  # also sets m.choice
            # Only mentions near one whose reading changed need another look.
            changed = [m for m in todo if before[m.idx][0] != m.choice or abs(before[m.idx][1] - m.confidence) > 0.1]
            if not changed:
                break
            nxt: dict[int, Mention] = {}
            for n in changed:
                for m in affected_by(n):
                    if len(m.cands) > 1:
                        nxt[m.idx] = m
            todo = sorted(nxt.values(), key=lambda m: m.idx)
        return mentions

    @staticmethod
    def _document_prior(ambiguous: list[Mention], mentions: list[Mention]) -> None:
        """Bonus for candidates in the part of the country the document is about: near (same or adjacent
        half-degree cell as) a settlement the document names unambiguously. A village in Volyn rarely turns up
        in a paragraph about Donetsk Oblast fighting, even when it has the most inhabitants."""
        cells: set[tuple[int, int]] = set()
        for m in mentions:
            if len(m.cands) == 1 and m.cands[0].settlement and m.cands[0].lat is not None:
                c = m.cands[0]
                cells.add((round(c.lat * 2), round(c.lon * 2)))
        if len(cells) < 2:
            return
        near = {(a + da, b + db) for a, b in cells for da in (-1, 0, 1) for db in (-1, 0, 1)}
        for m in ambiguous:
            for i, c in enumerate(m.cands):
                if c.lat is not None and (round(c.lat * 2), round(c.lon * 2)) in near:
                    m.scores[i] += W_DOCUMENT

    def _admin_context(self, doc: Document, mentions: list[Mention]) -> None:
        """Bonus for candidates inside an oblast/raion the text names nearby."""
        named = [m for m in mentions if m.admin1 or m.admin2]
        if not named:
            return
        for m in mentions:
            if len(m.cands) < 2:
                continue
            bonus = [0.0] * len(m.cands)
            for n in named:
                if n is m:
                    continue
                if n.sent == m.sent and m.sent != -1:
                    w = 1.0
                    between = doc.text[m.span.out_end : n.span.start]
                    if n.span.start > m.span.start and re.fullmatch(r"\s*(?:\(|,)?\s*(?:in\s+)?(?:the\s+)?", between):
                        w = 2.0  # "Oleksandrivka, Donetsk Oblast" / "Oleksandrivka (Donetsk Oblast)"
                    gap = between if n.span.start > m.span.start else doc.text[n.span.out_end : m.span.start]
                    if _CONJ_RE.fullmatch(gap):
                        continue  # "in Kharkiv Oblast and Lyman": a sibling of the oblast, not inside it
                elif n.para == m.para:
                    w = 0.5
                else:
                    continue
                for i, c in enumerate(m.cands):
                    if c.row is None:
                        continue
                    a1, a2 = self.gaz.admin1[c.row], self.gaz.admin2[c.row]
                    if a1 in n.admin1 or f"{a1}.{a2}" in n.admin2:
                        bonus[i] = max(bonus[i], W_ADMIN * w)
            m.scores = bonus

    @staticmethod
    def _links(
        doc: Document, mentions: list[Mention]
    ) -> tuple[dict[int, set[int]], dict[int, list[tuple[int, float | None, float | None, bool]]]]:
        """Pairs joined by a relative location ("Holubivka, north of Kupyansk", "5 km southwest of X").

        Returns the links (both ways) and, per mention, the geometric constraints they state:
        (other mention, km or None, bearing from the other mention or None, whether `other` is the reference).
        """
        links: dict[int, set[int]] = {}
        rel: dict[int, list[tuple[int, float | None, float | None, bool]]] = {}
        for a, b in zip(mentions, mentions[1:], strict=False):
            if a.sent != b.sent or b.span.start - a.span.out_end > 80:
                continue
            gap = doc.text[a.span.out_end:b.span.start]
            if not _may_relate(gap):
                continue
            m = RELATIVE_RE.fullmatch(doc.text, a.span.out_end, b.span.start)
            if m is None:
                continue
            links.setdefault(a.idx, set()).add(b.idx)
            links.setdefault(b.idx, set()).add(a.idx)
            km = float(m["km"]) * (1.609 if m["unit"] and m["unit"].lower().startswith("mi") else 1.0) if m["km"] else None
            bearing = BEARING.get(m["dir"].lower().replace("-", "")) if m["dir"] else None
            if km is not None or bearing is not None:
                described = [a]
                if m["shared"]:  # "X, Y, and Z, all 10km south of W": every member of the list
                    j = a.idx - 1
                    while j >= 0 and mentions[j].sent == a.sent and _LIST_GAP_RE.fullmatch(
                            doc.text, mentions[j].span.out_end, mentions[j + 1].span.start):
                        described.append(mentions[j])
                        j -= 1
                for d in described:
                    rel.setdefault(d.idx, []).append((b.idx, km, bearing, True))  # d lies `km` `bearing` of b
                    rel.setdefault(b.idx, []).append((d.idx, km, bearing, False))
        return links, rel

    @staticmethod
    def _relative(
        m: Mention, constraints: list[tuple[int, float | None, float | None, bool]],
        state: list[tuple[float, float, float] | None],
    ) -> list[float]:
        """How well each candidate fits stated geometry ("8km southeast of Bakhmut"), 0..1 per constraint."""
        fit = [0.0] * len(m.cands)
        for other, km, bearing, other_is_ref in constraints:
            st = state[other]
            if st is None:
                continue
            olat, olon, _ = st
            for i, c in enumerate(m.cands):
                if c.lat is None or c.lon is None:
                    continue
                # Vector from the reference place to the described one.
                rlat, rlon, tlat, tlon = (olat, olon, c.lat, c.lon) if other_is_ref else (c.lat, c.lon, olat, olon)
                dx, dy = km_xy(tlat - rlat, tlon - rlon, rlat)
                dist = math.hypot(dx, dy)
                if km is not None and bearing is not None:
                    ey, ex = destination(rlat, rlon, km, bearing)
                    off_x, off_y = km_xy(tlat - ey, tlon - ex, rlat)
                    err = math.hypot(off_y, off_x)
                    score = math.exp(-err / max(5.0, 0.3 * km))
                elif km is not None:
                    score = math.exp(-abs(dist - km) / max(5.0, 0.3 * km))
                else:
                    ang = (math.degrees(math.atan2(dx, dy)) - (bearing or 0.0) + 540.0) % 360.0 - 180.0
                    score = (1.0 if abs(ang) <= 50 else 0.0) * math.exp(-dist / 60.0)
                fit[i] += score
        return fit

    @staticmethod
    def _heading_mentions(doc: Document, mentions: list[Mention]) -> dict[int, list[Mention]]:
        out: dict[int, list[Mention]] = {}
        for hi, h in enumerate(doc.headings):
            out[hi] = [m for m in mentions if h.start <= m.span.start < h.end]
        return out

    @staticmethod
    def _anchor_state(m: Mention) -> tuple[float, float, float] | None:
        c = m.best
        if c is None or not c.settlement or c.lat is None:
            return None
        return (c.lat, c.lon, m.confidence)

    @staticmethod
    def _anchors(
        m: Mention, mentions: list[Mention], state: list[tuple[float, float, float] | None],
        heading: list[Mention] | tuple, links: dict[int, set[int]],
    ) -> dict[float, list[tuple[float, float, float]]]:
        """(lat, lon, confidence) of the settlements around `m` as currently resolved, by tier weight.

        Neighbours are the mentions within WINDOW places of `m` in the text (same sentence, same paragraph,
        adjacent paragraphs) plus the section heading's places: a bounded window keeps long paragraphs linear.
        """
        tiers: dict[float, list[tuple[float, float, float]]] = {}
        linked = links.get(m.idx, ())
        key = m.span.key
        for n in mentions[max(0, m.idx - WINDOW) : m.idx + WINDOW + 1]:
            st = state[n.idx]
            if st is None or n is m or n.span.key == key:
                continue
            if n.idx in linked:
                w = A_LINKED
            elif m.para == -1 or n.para == -1:
                w = A_PARAGRAPH if abs(n.idx - m.idx) <= 3 else A_NEAR_PARAGRAPH
            elif n.sent == m.sent:
                w = A_SENTENCE
            elif n.para == m.para:
                w = A_PARAGRAPH
            elif abs(n.para - m.para) == 1:
                w = A_NEAR_PARAGRAPH
            else:
                continue
            tiers.setdefault(w, []).append(st)
        for n in heading:
            st = state[n.idx]
            if st is not None and n.para != m.para and n.span.key != key:
                tiers.setdefault(A_HEADING, []).append(st)
        return tiers

    def _proximity(self, m: Mention, tiers: dict[float, list[tuple[float, float, float]]]) -> list[float]:
        """Per tier, how close each candidate is to its nearest two anchors (robust to an anchor resolved
        wrongly); tiers add up, so a sentence's neighbours count more than a long paragraph's.

        Plain Python: candidate and anchor lists are short, and numpy's per-call cost dominated here.
        """
        prox = [0.0] * len(m.cands)
        if not tiers:
            return prox
        if m.points is None:
            # Candidates without a point sit at (0, 0), thousands of km from any anchor.
            m.points = [(c.lat or 0.0, c.lon or 0.0, math.cos(math.radians(c.lat or 0.0))) for c in m.cands]
        exp, sqrt, scale, far, near = math.exp, math.sqrt, -DEG_PER_PROX, FAR_DEG, -FAR_DEG  # locals: the hot loop
        for w, anchors in tiers.items():
            single = len(anchors) == 1
            weighted = [(alat, alon, 0.5 + 0.5 * aconf) for alat, alon, aconf in anchors]
            for i, (lat, lon, coslat) in enumerate(m.points):
                b1 = b2 = 0.0
                for alat, alon, trust in weighted:
                    dy = lat - alat
                    if dy > far or dy < near:
                        continue  # beyond ~170 km closeness is nil
                    dx = (lon - alon) * coslat
                    if dx > far or dx < near:
                        continue
                    # Equirectangular distance: exact enough at front-line scale.
                    c = exp(scale * sqrt(dy * dy + dx * dx)) * trust
                    if c > b1:
                        b1, b2 = c, b1
                    elif c > b2:
                        b2 = c
                prox[i] += w * (b1 if single else (b1 + b2) / 2)
        return prox

    @staticmethod
    def _history(m: Mention, same_name: list[Mention]) -> list[float]:
        """Lean towards what the same name resolves to elsewhere in the document (one sense per discourse:
        a report rarely means two different Lymans), earlier mentions counting fully, later ones half."""
        hist = [0.0] * len(m.cands)
        if len(same_name) < 2:
            return hist
        if m.row_pos is None:
            m.row_pos = {c.row: i for i, c in enumerate(m.cands) if c.row is not None}
        for n in same_name:
            if n is m or n.confidence < 0.3:
                continue
            b = n.best
            i = m.row_pos.get(b.row) if b is not None and b.row is not None else None
            if i is not None:
                w = n.confidence * (1.0 if n.span.start < m.span.start else 0.5)
                if w > hist[i]:
                    hist[i] = w
        return hist

    @staticmethod
    def _confidence(m: Mention) -> None:
        Resolver._confidence_raw(m)
        if "fuzzy" in m.span.notes:  # a misspelling resolved: never as sure as an exact name
            m.confidence *= FUZZY_FACTOR
            m.resolved_by = "fuzzy"

    @staticmethod
    def _confidence_raw(m: Mention) -> None:
        if not m.cands:
            m.confidence, m.resolved_by = (0.9 if m.kind == "road" else 0.3), "pattern"
            return
        if len(m.cands) == 1:
            c = m.cands[0]
            m.confidence = 0.95 if c.prior > -0.3 else 0.6
            m.resolved_by = "unique"
            return
        s = m.scores if m.scores is not None else [0.0] * len(m.cands)
        top = max(s)
        m.choice = s.index(top)
        m.confidence = 1.0 / sum(math.exp((x - top) / SOFTMAX_T) for x in s)
        by_prior = max(range(len(m.cands)), key=lambda i: m.cands[i].prior)
        m.resolved_by = "context" if by_prior != m.choice else "population"

    # Output -------------------------------------------------------------------------------------------

    def to_place_mentions(self, doc: Document, mentions: list[Mention]) -> list[PlaceMention]:
        g = self.gaz
        out: list[PlaceMention] = []
        for m in mentions:
            sp = m.span
            pm = PlaceMention(sp.start, sp.out_end, doc.text[sp.start : sp.out_end], kind=m.kind,
                              confidence=m.confidence, resolved_by=m.resolved_by, country=None)
            c = m.best
            if c is not None:
                pm.name, pm.lat, pm.lon = c.name, c.lat, c.lon
                if c.kind in ("other", "oblast", "raion", "river", "water_body", "settlement", "country"):
                    pm.kind = c.kind
                if c.row is not None:
                    pm.geonameid = int(g.ids[c.row])
                    pm.oblast = g.oblasts.get(g.admin1[c.row])
                    pm.raion = g.raions.get(f"{g.admin1[c.row]}.{g.admin2[c.row]}")
                    pm.population = int(g.population[c.row])
                    pm.country = g.country or None
                elif c.extra is not None:
                    pm.country = c.extra.country or None
                elif m.kind == "raion":
                    pm.country = g.country or None
                if m.kind == "raion" and m.admin2:
                    code = next(iter(m.admin2))
                    pm.oblast, pm.raion = g.oblasts.get(code.partition(".")[0]), g.raions.get(code)
                sc = m.scores
                order = sorted(range(len(sc)), key=lambda i: -sc[i]) if sc is not None and len(sc) > 1 else [m.choice]
                for i in order[:6]:
                    cc = m.cands[i]
                    if i == m.choice or cc.row is None:  # runner-ups are gazetteer entries (they have an id)
                        continue
                    pm.candidates.append(Candidate(
                        geonameid=int(g.ids[cc.row]), name=cc.name, lat=float(g.lat[cc.row]), lon=float(g.lon[cc.row]),
                        score=round(sc[i], 3) if sc is not None else 0.0, oblast=g.oblasts.get(g.admin1[cc.row]),
                    ))
            elif m.kind == "road":
                pm.country = g.country or None
            out.append(pm)
        return out
