"""Find place-name spans in text, gazetteer first.

Place names in English (or Ukrainian/Russian) prose are capitalised, so we only look at runs of capitalised
tokens and try their n-grams, longest first, against the gazetteer's key index (`name_key`). A key lookup
instead of a literal automaton means spellings the gazetteer never saw (Kup'yansk, Kostyantynivka) still
match. Around each hit we read the words that fix its kind — "X Oblast", "X Raion", "X River", "X City",
"X direction" — and drop hits that are people or parts of organisation names ("Donetsk People's
Republic", "Volodymyr Zelensky", "Putin").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from frontscope.geo.extra import EXTRA, ExtraPlace
from frontscope.geo.gazetteer import Gazetteer
from frontscope.geo.normalize import name_key
from frontscope.profile import profile

_UPPER = "A-ZÀ-ÖØ-ÞА-ЯІЇЄҐЁ"
# A capital not preceded by a word character. The look-behind comes after the capital (two characters wide,
# the capital being the second): a pattern that opens with a character class lets the regex engine skip
# straight to the next capital instead of trying every position (3x faster on the reports, same matches).
TOKEN_RE = re.compile(rf"[{_UPPER}](?<![\w'’ʼ-].)[\w'’ʼ]*(?:-[\w'’ʼ]+)*")
MAX_TOKENS = 5  # pieces: "Rostov-on-Don" is three
# M-03, H-20, T-05-14, T0514, E40, M14, P67: the first letter is matched once (for the same skipping), each
# form then checks it with a one-character look-behind.
ROAD_RE = re.compile(
    r"[MHNPERTМНРТ](?<![\w-].)(?:(?<=[MHNPМНР])-\d{2}(?:-\d{2})?|(?<=[TТ])-?\d{2}-?\d{2}|(?<=[MHNPERМНР])\d{2,3}"
    r"|(?<=E)-\d{2,3})(?![\w-])"
)
_ROAD_CONTEXT = re.compile(r"\b(?:highway|road|route|motorway|roadway|artery)s?\b", re.I)
_URL_RE = re.compile(r"(?:https?://|www\.)\S+")
_LOWER_WORD_RE = re.compile(r"(?<![\w'’-])[a-zа-яіїєґ][\w'’]*")

# Words after a name that say what kind of place it is. The span stays the bare name except for admin
# units, whose annotated span includes the unit word ("Kharkiv Oblast").
SUFFIX_KIND = {
    "oblast": "oblast", "oblasts": "oblast", "region": "oblast", "regions": "oblast", "krai": "oblast",
    "raion": "raion", "raions": "raion", "rayon": "raion", "district": "raion",
    "river": "river", "river's": "river", "river’s": "river", "rivers": "river", "riverbank": "river",
    "riverbanks": "river", "reservoir": "water_body", "lake": "water_body",
    "estuary": "water_body", "bay": "water_body", "lagoon": "water_body",
    "city": "settlement", "direction": "settlement", "directions": "settlement", "axis": "settlement",
    "front": "settlement", "line": "settlement", "highway": "settlement", "airport": "settlement",
    "airfield": "settlement", "airbase": "settlement", "hromada": "settlement", "island": "other",
    "spit": "other", "peninsula": "other",
}
SPAN_INCLUDES_SUFFIX = {"oblast", "raion"}
# Suffix words that are part of a feature's own name in GeoNames ("Snake Island", "Kinburn Spit"): try the
# whole phrase first.
NAME_SUFFIXES = {"island", "spit", "peninsula", "reservoir", "lake", "bay", "estuary", "lagoon", "krai"}
# Capitalised words after an admin unit that make it part of an organisation's name.
_SHARED_ORG_RE = re.compile(r"\s+(?:and|or)\s+[A-Z][\w'’-]+\s+People['’]s\s+Republics?\b")
ORG_AFTER_UNIT = {"military", "administration", "administrations", "council", "prosecutor", "prosecutor's",
                  "police", "court", "department", "directorate", "state"}
# Capitalised words after a bare place name that make it part of an organisation's or unit's name.
# (Facilities named after their town — "Lysychansk Gelatin Factory" — are still mentions of the town.)
ORG_NEXT = {"people", "people's", "people’s", "peoples", "republic", "military", "administration", "council", "group",
            "grouping", "brigade", "battalion", "regiment", "division", "corps", "army", "guards", "territorial",
            "border", "police", "metropolitan", "eparchy", "diocese", "university", "institute", "academy",
            "npp", "hpp", "tpp", "nuclear", "thermal", "hydroelectric", "operational", "tactical",
            "operational-tactical", "operational-strategic", "separatist", "separatists", "national", "regional",
            "municipal", "state", "fleet", "flotilla"}
# Capitalised words after a bare place name that make it a given name if the place is a village ("Karolina
# Hird"), unless they are these: nationalities, or facilities named after their town ("Butivka Coal Mine").
ALLOW_NEXT = {"russian", "ukrainian", "russia", "ukraine", "russians", "ukrainians", "belarusian", "on", "in",
              "and", "or", "of", "from", "to"}
FACILITY_NEXT = {"power", "plant", "factory", "bridge", "dam", "airport", "airfield", "airbase", "air", "base",
                 "station", "railway", "highway", "road", "mine", "coal", "oil", "refinery", "port", "canal", "bay",
                 "cathedral", "monastery", "hospital", "prison", "penal", "colony", "gelatin", "chemical", "steel",
                 "metallurgical", "thermal", "shipyard", "depot", "checkpoint", "crossing", "sea"}
PERSON_NAME_MAX_POP = 20_000
# Nationality adjectives that may stand before a place ("Russian-occupied Kherson", "Ukrainian Kupyansk").
ALLOW_PREV = {"russian", "ukrainian", "belarusian", "occupied", "liberated", "greater", "eastern", "western",
              "northern", "southern", "central", "then", "in", "near"}
# Words after which a capitalised word is probably a place ("near Huliapole", "captured Soledar").
LOCATIVE = {"in", "near", "of", "toward", "towards", "around", "from", "to", "at", "outside", "into", "through",
            "via", "captured", "seized", "liberated", "took", "shelled", "struck", "entered", "and", "or",
            "recaptured", "retook", "across"}
FUNCTION_WORDS = {"and", "or", "in", "on", "to", "from", "by", "with", "at", "near", "into", "toward", "towards",
                  "as", "which", "that", "is", "was", "were", "are", "has", "have", "had", "will", "would", "remains",
                  "itself", "but", "since", "for", "of", "if", "when", "while", "after", "before", "until", "where",
                  "because", "so", "north", "south", "east", "west", "northeast", "northwest", "southeast",
                  "southwest", "upstream", "downstream"}
# Words before "the X" that make X a river whenever the gazetteer knows a river of that name: "across the
# Oskil", "the east bank of the Dnipro", "between the Dnipro and the Desna". A town is never crossed "the".
RIVER_BEFORE_RE = re.compile(
    r"(?:\b(?:across|along|over|on|between|cross|crosses|crossed|crossing|bank|banks|side|sides|shore|mouth|bend|length|"
    r"upstream|downstream|beyond|behind|up|down)(?:\s+of)?|\bbetween\s+the\s+[\w'’-]+(?:\s+[\w'’-]+)?\s+and)"
    r"\s+the\s$",
    re.I,
)
# Words right after an oblast's bare name that make it the oblast (or the front named after it), not the city:
# "the Zaporizhia direction", "the Kherson axis".
OBLAST_FRONT_NEXT = {"direction", "directions", "axis", "axes", "front"}
# Person names, adjectives and common words that are also village names (or alternate names) in GeoNames: the
# country profile's names.toml (its [side_names] and [not_places]), loaded once.
STOP_KEYS = {name_key(w) for w in profile().never_places()}


@dataclass
class Span:
    """A recognised place name: where it is, what it may be, and what kind the context says it is."""

    start: int
    end: int  # end of the name
    key: str
    rows: list[int]  # gazetteer rows whose names have `key`
    extras: list[ExtraPlace]
    kind_hint: str | None = None  # from a following word ("Oblast", "River", "direction" ...)
    out_end: int = 0  # end of the reported span ("Kharkiv Oblast" includes the unit word)
    the_before: bool = False  # "the Oskil": settlements rarely take an article
    road: bool = False
    notes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Tok:
    """One piece of a capitalised token: "Kupyansk-Vuzlovyi" gives Kupyansk and Vuzlovyi, joined by "-"."""

    start: int
    end: int
    joint: str  # what joins it to the previous piece of its run: "", " " or "-"
    upper: bool


def _tokens(text: str, start: int, end: int) -> list[list[Tok]]:
    """Runs of capitalised tokens split at hyphens ("Mykolaiv City-Kryvyi Rih" is one run of four pieces)."""
    runs: list[list[Tok]] = []
    prev_end = -2
    for m in TOKEN_RE.finditer(text, start, end):
        s, e = m.start(), m.end()
        while e > s and text[e - 1] in "'’ʼ":  # trailing apostrophe: "Donets'"
            e -= 1
        if text[e - 2 : e] in ("'s", "’s") and e - 2 > s:  # possessive "Russia's"
            e -= 2
        joint = " " if s - prev_end == 1 and text[s - 1] in " \u00a0" else ""
        if "-" not in text[s:e]:
            pieces = [Tok(s, e, joint, True)]
        else:
            pieces = []
            p = s
            for piece in text[s:e].split("-"):
                if piece:
                    pieces.append(Tok(p, p + len(piece), "-" if pieces else joint, piece[0].isupper()))
                p += len(piece) + 1
        if joint and runs:
            runs[-1].extend(pieces)
        else:
            runs.append(pieces)
        prev_end = e if text[e:m.end()] == "" else -2  # a stripped possessive ends the run
    return runs


_WORD_RE = re.compile(r"[\w'’]+")
_WORD_BEFORE_RE = re.compile(r"([\w'’-]+)\s$")  # what `_word_before` reads, by hand (a test compares them)
_INITIAL_BEFORE_RE = re.compile(r"\b[A-Z]\.\s$")
_LIST_GAP_RE = re.compile(r",?\s*(?:and|or)?\s*")
_CONJ_GAP_RE = re.compile(r",?\s+(?:and|or)\s+")


def _word_after(text: str, pos: int, limit: int) -> tuple[str, int, int]:
    """The word right after `pos` (one space or a hyphen between), lower-cased, with its offsets."""
    if pos < limit and text[pos] in " \u00a0-":
        m = _WORD_RE.match(text, pos + 1, limit)
        if m:
            return m.group().lower(), m.start(), m.end()
    return "", pos, pos


def w_end_after(text: str, pos: int) -> int:
    """End of the word right after `pos` ("Dnipro| and| the Desna" -> after "and")."""
    m = _WORD_RE.match(text, pos + 1) if pos < len(text) and text[pos] == " " else None
    return m.end() if m else pos


def _word_before(text: str, pos: int) -> str:
    """`_WORD_BEFORE_RE.search(text, max(0, pos - 40), pos)`'s word, read backwards from `pos` (the regex
    tries every start in the window). `$` also matches before a newline at `pos - 1`."""
    lo = max(0, pos - 40)
    end = pos - 1  # the whitespace before `pos`
    if end < lo or not text[end].isspace():
        return ""
    if end - 1 >= lo and text[end] == "\n" and text[end - 1].isspace() and not _is_word_char(text[end - 1]):
        end -= 1  # "word \n": the space before the closing newline
    i = end
    while i > lo and _is_word_char(text[i - 1]):
        i -= 1
    return text[i:end]


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c in "_'’-"


class Recognizer:
    """Finds place-name spans; one per process (holds caches), not thread-safe (keeps per-call state)."""

    def __init__(self, gaz: Gazetteer) -> None:
        self.gaz = gaz
        self.index = gaz.by_key
        self.oblast_keys, self.raion_keys = self._admin_keys()
        # Extra names written with lower-case words ("Sea of Azov") cannot come from capitalised runs.
        phrases = sorted({n for ps in EXTRA.values() for p in ps for n in (p.name, *p.alternates)
                          if "." in n or any(w.islower() for w in n.split())})
        self._lower_words: set[str] | None = None
        self._start, self._end = 0, 0
        self._keys: dict[str, str] = {}
        self._leftovers: list[Span] | None = None
        self.phrase_re = re.compile(r"\b(?:" + "|".join(map(re.escape, phrases)) + r")\b") if phrases else None

    def _admin_keys(self) -> tuple[dict[str, str], dict[str, str]]:
        """Matching keys of oblast and raion names without the unit word, adjectival forms included."""
        gaz = self.gaz
        oblasts = gaz.oblast_keys
        raions: dict[str, str] = {}
        for code, name in gaz.raions.items():
            base = name_key(re.sub(r"\b(?:Raion|Rayon|Miskrada)\b", "", name))
            raions[base] = code
            if base.endswith(("ski", "ska", "ske")):
                raions.setdefault(base[:-1], code)  # "Kupianskyi" -> "Kupiansk", "Pokrovskyi" -> "Pokrovsk"
                raions.setdefault(base[:-3], code)  # "Bakhmutskyi" -> "Bakhmut", "Izumskyi" -> "Izium"
        # A raion is named after its seat, whatever the adjective: "Svatove Raion" is Svativskyi. The most
        # populous seat (PPLA2) of each raion wins; older raion seats inside it map to it too.
        seats = [i for i in range(len(gaz)) if gaz.fcode[i] == "PPLA2" and gaz.admin2[i]]
        seats.sort(key=lambda i: -int(gaz.population[i]))
        for i in seats:
            code = f"{gaz.admin1[i]}.{gaz.admin2[i]}"
            if code in gaz.raions:
                raions.setdefault(gaz.keys_of(i)[0], code)
        return oblasts, raions

    def _key(self, s: str) -> str:
        """`name_key` with a cache: the same few thousand capitalised words recur in every report."""
        k = self._keys.get(s)
        if k is None:
            if len(self._keys) > 200_000:
                self._keys.clear()
            k = self._keys[s] = name_key(s)
        return k

    def _lookup(self, key: str) -> tuple[list[int], list[ExtraPlace]]:
        if key in STOP_KEYS:
            return [], []
        return self.index.get(key, []), EXTRA.get(key, [])

    def find(
        self, text: str, start: int = 0, end: int | None = None, leftovers: list[Span] | None = None
    ) -> list[Span]:
        """Place-name spans in `text[start:end]`, sorted. Capitalised names that matched nothing but stand where
        a place would ("near Huliapole") are appended to `leftovers` (for the fuzzy matcher), if given."""
        end = len(text) if end is None else end
        self._leftovers = leftovers
        spans: list[Span] = []
        self._lower_words, self._start, self._end = None, start, end
        for run in _tokens(text, start, end):
            spans.extend(self._match_run(text, run, end))

        if self.phrase_re is not None:
            taken = [(s.start, s.out_end) for s in spans]
            for m in self.phrase_re.finditer(text, start, end):
                if not any(a < m.end() and m.start() < b for a, b in taken):
                    key = name_key(m.group())
                    spans.append(Span(m.start(), m.end(), key, [], EXTRA.get(key, []), out_end=m.end()))
        spans.extend(self._roads(text, start, end, spans))
        spans.sort(key=lambda s: s.start)
        self.distribute_units(text, spans)
        return spans

    def distribute_units(self, text: str, spans: list[Span]) -> None:
        """Spread a unit word over the names it covers (`spans` sorted by start):
        * "Donetsk and Luhansk oblasts", "the Inhulets and Dnipro rivers": a plural unit covers the list;
        * "the Kherson-Dnipropetrovsk Oblast border": a unit covers the names hyphenated to it;
        * "occupied Kherson and Zaporizhia", "Kherson Oblast and Zaporizhia": an oblast's bare name joined by
          "and"/"or" to an oblast is the oblast too (only names that are oblast names, and only across a
          conjunction: "Kharkiv, Kharkiv Oblast" is a city in its oblast)."""
        for i in range(len(spans) - 1, -1, -1):  # right to left: a unit word ends its list
            sp = spans[i]
            if sp.kind_hint is None:
                continue
            plural = "plural" in sp.notes
            j = i - 1
            while j >= 0 and spans[j].kind_hint is None:
                gap = text[spans[j].out_end : spans[j + 1].start]
                if not (gap == "-" or (plural and _LIST_GAP_RE.fullmatch(gap))):
                    break
                if sp.kind_hint == "oblast" and not self._oblast_name(spans[j].key):
                    break  # "the Russia-Kharkiv Oblast border": Russia stays a country; "between Izyum and Donetsk
                    # and Luhansk oblasts": Izyum stays a town
                spans[j].kind_hint = sp.kind_hint
                j -= 1
            if sp.kind_hint != "oblast":
                continue
            for j in (i - 1, i + 1):
                if 0 <= j < len(spans) and spans[j].kind_hint is None and spans[j].key in self.oblast_keys:
                    a, b = (spans[j], sp) if j < i else (sp, spans[j])
                    if _CONJ_GAP_RE.fullmatch(text, a.out_end, b.start) and text[b.end : b.end + 5] != " City":
                        spans[j].kind_hint = "oblast"
                        spans[j].notes.append("elliptic")

    def _roads(self, text: str, start: int, end: int, taken: list[Span]) -> list[Span]:
        out = []
        for m in ROAD_RE.finditer(text, start, end):
            code = m.group()
            needs_context = (code[0] in "ER" or "-" not in code) and code[0] not in "TТ"
            if needs_context and not _ROAD_CONTEXT.search(text, max(0, m.start() - 40), min(end, m.end() + 40)):
                continue  # "M14", "E40" are roads only when the text says so (M14 is also a rifle)
            if any(s.start < m.end() and m.start() < s.out_end for s in taken):
                continue
            out.append(Span(m.start(), m.end(), code, [], [], kind_hint="road", out_end=m.end(), road=True))
        return out

    def _common_word(self, text: str, s: int, e: int) -> bool:
        """A one-word hit that is an ordinary word here: an acronym ("EW"), or a word this same document also
        writes in lower case ("War" in "Institute for the Study of War" when the text says "war")."""
        word = text[s:e]
        if len(word) > 1 and word.isupper():
            return True
        if self._lower_words is None:
            # Prose words only: URLs and handles are full of lower-cased place names ("/mariupol-siege").
            prose = _URL_RE.sub(" ", text[self._start : self._end])
            self._lower_words = set(_LOWER_WORD_RE.findall(prose))
        return word.lower() in self._lower_words

    def _match_run(self, text: str, run: list[Tok], limit: int) -> list[Span]:
        """Longest gazetteer match at each piece of a run; matches start and end on capitalised pieces."""
        out: list[Span] = []
        i = 0
        while i < len(run):
            hit, n = None, 0
            if run[i].upper:
                for n in range(min(MAX_TOKENS, len(run) - i), 0, -1):
                    last = run[i + n - 1]
                    if not last.upper:
                        continue
                    s, e = run[i].start, last.end
                    word = text[last.start : e].lower()
                    if n > 1 and word in SUFFIX_KIND and word not in NAME_SUFFIXES:
                        continue  # "Kharkiv Oblast": match the name, the unit word is read as a suffix
                    key = self._key(text[s:e])
                    rows, extras = self._lookup(key)
                    if n == 1 and not extras and rows and self._common_word(text, s, e):
                        _, w, _ = _word_after(text, e, limit)
                        if w not in SUFFIX_KIND:
                            rows = []
                    if rows or extras:
                        hit = Span(s, e, key, rows, extras, out_end=e)
                        break
            if hit is None:
                if self._leftovers is not None and run[i].upper:
                    self._leftover(text, run, i)
                i += 1
                continue
            if run[i].joint == "-" or (i + n < len(run) and run[i + n].joint == "-"):
                hit.notes.append("hyphenated")  # "Svatove-Kreminna line", "Kupyansk-Shevchenkove highway"
            nxt = run[i + n] if i + n < len(run) and run[i + n].joint == " " else None
            i += n
            span = self._with_context(text, hit, limit, next_tok=nxt)
            if span is not None:
                while i < len(run) and run[i].start < span.out_end:  # the suffix word was consumed
                    i += 1
                if span.kind_hint and i < len(run) and text[run[i].start : run[i].end].lower() in SUFFIX_KIND:
                    i += 1  # "Zelenodolsk Hromada", "Kupyansk Direction": the suffix is not a place itself
                out.append(span)
        return out

    def _leftover(self, text: str, run: list[Tok], i: int) -> None:
        """Record the unmatched name starting at piece `i` if it stands where a place name would."""
        t = run[i]
        if t.joint == " " or (i > 0 and run[i - 1].upper):
            return  # not the start of a name: the previous piece is capitalised and joined to it
        j = i
        while (j + 1 < len(run) and run[j + 1].upper and j - i < 2
               and text[run[j + 1].start : run[j + 1].end].lower() not in SUFFIX_KIND):
            j += 1
        s, e = t.start, run[j].end
        word = text[s:e]
        key = self._key(word)
        if key in STOP_KEYS or word.isupper():
            return
        assert self._leftovers is not None
        unit, _, unit_end = _word_after(text, e, self._end)
        unit_keys = self.oblast_keys if unit == "oblast" else self.raion_keys
        if unit in ("raion", "rayon", "oblast") and key in unit_keys:
            # "Kupianskyi Raion", "Donetska Oblast": adjectival unit names no place is called by.
            hint = "oblast" if unit == "oblast" else "raion"
            self._leftovers.append(Span(s, e, key, [], [], kind_hint=hint, out_end=unit_end, notes=["unit"]))
            return
        if unit in ("oblast", "krai") and text[e + 1].isupper():
            # "Orenburg Oblast", "Stavropol Krai": an admin unit the gazetteers lack (in Russia, as a rule).
            self._leftovers.append(Span(s, e, key, [], [], kind_hint="oblast", out_end=unit_end, notes=["unit"]))
            return
        if len(key) < 6 or self._common_word(text, s, run[i].end):
            return
        prev = _word_before(text, s).lower()
        before = text[max(0, s - 2) : s]
        if prev in LOCATIVE or before.endswith(", ") or t.joint == "-":
            self._leftovers.append(Span(s, e, key, [], [], out_end=e, notes=["fuzzy"]))

    def _with_context(self, text: str, span: Span, limit: int, next_tok: Tok | None) -> Span | None:
        """Read the words around a hit: set its kind, extend admin units, drop people and organisations."""
        if _SHARED_ORG_RE.match(text, span.end, limit):
            return None  # "the Donetsk and Luhansk People's Republics": both names belong to organisations
        word, w_start, w_end = _word_after(text, span.end, limit)
        kind = SUFFIX_KIND.get(word)
        if kind is not None:
            span.kind_hint = kind
            if word in ("rivers", "regions"):
                span.notes.append("plural")  # "the Inhulets and Dnipro rivers", "Donetsk and Kherson regions"
            if kind == "settlement" and word in OBLAST_FRONT_NEXT and span.key in self.oblast_keys \
                    and _word_before(text, span.start).lower() == "the":
                span.kind_hint = "oblast"  # "the Zaporizhia direction": the oblast's front, not the city
                return span
            if word in SPAN_INCLUDES_SUFFIX or word in ("oblasts", "raions"):
                span.out_end = w_end
                if word.endswith("s"):
                    span.notes.append("plural")
                # "Kharkiv Oblast Military Administration" is an organisation.
                after, _, _ = _word_after(text, w_end, limit)
                if after in ORG_AFTER_UNIT:
                    return None
            return span
        if next_tok is not None:
            nxt = text[next_tok.start : next_tok.end]
            low_next = nxt.lower()
            if low_next in ORG_NEXT:
                return None  # "Donetsk People's Republic", "Kupyansk Tactical Group", "Zaporizhzhia NPP"
            if (
                "hyphenated" not in span.notes
                and not span.extras
                and low_next not in ALLOW_NEXT
                and low_next not in FACILITY_NEXT
                and self._key(nxt) not in self.index
                and max((int(self.gaz.population[r]) for r in span.rows), default=0) < PERSON_NAME_MAX_POP
            ):
                return None  # "Karolina Hird", "Sasha Kots": a given name that is also a village
        if _INITIAL_BEFORE_RE.search(text, max(0, span.start - 4), span.start):
            return None  # "Frederick W. Kagan": a surname after an initial
        prev = _word_before(text, span.start)
        if prev[:1].isupper() and "hyphenated" not in span.notes:
            low = prev.lower()
            if (
                low not in ALLOW_PREV
                and not low.endswith(("-occupied", "-controlled", "-held"))
                and not self._sentence_initial(text, span.start - 1 - len(prev))
                and (self._key(prev) in STOP_KEYS or not self.index.get(self._key(prev)))
            ):
                return None  # "Serhiy Haidai", "Governor Syniehubov"
        after, _, _ = _word_after(text, span.out_end, limit)
        # "the Oskil", "the Donbas." read as a river or region; "the Izyum area" is a town used as an adjective.
        span.the_before = prev.lower() == "the" and (after == "" or after in FUNCTION_WORDS)
        if span.the_before and RIVER_BEFORE_RE.search(text, max(0, span.start - 60), span.start) \
                and self._has_river(span) and not (after in ("and", "or") and self._town(span)
                                                   and not text.startswith(" the ", w_end_after(text, span.out_end))):
            # "along the Bakhmut and Avdiivka frontlines" lists towns; "between the Dnipro and the Desna" rivers.
            span.kind_hint = "river"
        elif span.key in self.oblast_keys and after != "city" and any(self.gaz.fclass[r] == "P" for r in span.rows) and (
                prev.lower() == "occupied" or prev.lower().endswith("-occupied") or span.the_before):
            # "occupied Kherson and Zaporizhia", "near the Zaporizhia [Oblast border]": the oblast. A city
            # named after its oblast takes no article and is not "occupied" as a whole in these reports.
            span.kind_hint = "oblast"
            span.notes.append("elliptic")
        return span

    def _oblast_name(self, key: str) -> bool:
        """Whether `key` names an oblast: a Ukrainian one, or a Russian one we list ("Voronezh")."""
        return key in self.oblast_keys or f"{key} oblast" in EXTRA

    def _town(self, span: Span) -> bool:
        return any(int(self.gaz.population[r]) >= 10_000 for r in span.rows if self.gaz.fclass[r] == "P")

    def _has_river(self, span: Span) -> bool:
        """Whether a river bears this name as its main name (not Mokryy Izyumets, once called "Izyum")."""
        gaz = self.gaz
        return any(gaz.fcode[r] in ("STM", "STMX", "CNL") and gaz.is_primary(r, span.key) for r in span.rows) or any(
            x.kind == "river" for x in span.extras + EXTRA.get(f"{span.key} river", []))

    @staticmethod
    def _sentence_initial(text: str, word_start: int) -> bool:
        """Whether the word at `word_start` opens a sentence (capitalised for grammar, not as a name)."""
        k = word_start - 1
        while k >= 0 and text[k] in " \t\u00a0":
            k -= 1
        return k < 0 or text[k] in ".!?\n:;\"“‘(—–]"
