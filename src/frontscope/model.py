"""The document object every pipeline stage reads and annotates.

A `Document` holds the original text exactly as read; every annotation points into it with Python
`str` offsets (`start`, `end`), so `doc.text[a.start:a.end]` is always the annotated span. Stages add
annotations to the lists below and never rewrite the text (see `frontscope.pipeline`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

from frontscope.vocab import CHANGES, Side, SourceKind, Status

# Places ---------------------------------------------------------------------------------------------

PLACE_KINDS = ("settlement", "river", "water_body", "oblast", "raion", "country", "road", "other")


@dataclass
class Candidate:
    """A gazetteer entry considered for a mention, with the score the geocoder gave it."""

    geonameid: int
    name: str
    lat: float
    lon: float
    score: float
    oblast: str | None = None


@dataclass
class PlaceMention:
    start: int
    end: int
    text: str
    kind: str = "settlement"  # one of PLACE_KINDS
    geonameid: int | None = None
    name: str | None = None  # canonical gazetteer name
    lat: float | None = None
    lon: float | None = None
    oblast: str | None = None
    raion: str | None = None
    country: str | None = "UA"
    population: int | None = None
    confidence: float = 0.0
    resolved_by: str = ""  # which rule decided (context, history, population, ...)
    candidates: list[Candidate] = field(default_factory=list)  # runner-ups, best first


# Text structure -------------------------------------------------------------------------------------


@dataclass
class EndnoteMarker:
    """An inline citation such as `[12]`, `[12][13]` or `[xlii]`."""

    start: int
    end: int
    numbers: list[int]


@dataclass
class Heading:
    start: int
    end: int
    text: str


@dataclass
class Sentence:
    start: int
    end: int
    paragraph: int  # index of the paragraph (block of text between blank lines)
    heading: str | None = None  # text of the nearest heading above, e.g. "Kupyansk direction"
    citations: list[int] = field(default_factory=list)  # endnote numbers attached to this sentence


# Claims ---------------------------------------------------------------------------------------------

# The words themselves live in frontscope.vocab; these plain-string tuples stay for validation and messages.
SIDES = tuple(s.value for s in Side)
SOURCE_KINDS = tuple(k.value for k in SourceKind)


@dataclass
class SourceRef:
    text: str
    start: int
    end: int
    name: str  # normalised registry name, e.g. "Ukrainian General Staff"
    side: str = "unknown"
    kind: str = "other"


@dataclass
class Quantity:
    value: float
    unit: str  # "people", "personnel", "EUR", "USD", "civilians", ...
    counted: str = ""  # what is counted: "forcibly displaced", "killed", ...
    text: str = ""
    start: int = 0
    end: int = 0


@dataclass
class Claim:
    start: int
    end: int
    text: str
    source: SourceRef
    cue: str
    negated: bool = False
    said_on: dt.date | None = None
    citations: list[int] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    parent: int | None = None  # index in doc.claims of the claim that reports this one (nesting)
    quantities: list[Quantity] = field(default_factory=list)


# Events and control ---------------------------------------------------------------------------------

CONTROL_CHANGES = tuple(str(c) for c in CHANGES)  # "UA_gain", "RU_gain", ..., "fighting"
STATUSES = tuple(s.value for s in Status)


@dataclass
class ControlStatement:
    start: int
    end: int
    text: str
    place: PlaceMention
    change: str  # one of CONTROL_CHANGES
    status: str  # one of STATUSES
    event_date: dt.date | None = None
    claimed_by: str = ""
    confidence: float = 0.5
    claim: int | None = None  # index in doc.claims
    # Added by the events stage: the side whose forces act (took / hold / attack), and the speaking source.
    actor_side: str = ""  # UA | RU | "" (unknown)
    source_side: str = "unknown"  # one of SIDES
    source_kind: str = "other"  # one of SOURCE_KINDS
    # A statement about an area ("captured Luhansk Oblast", "the west bank of the Dnipro"): a spec that
    # control.regions turns into settlements; empty for a statement about one settlement.
    region: str = ""
    # The reading rule that produced it and the cues that fired, "+"-joined ("gain.capture+hedge.reportedly"):
    # rules are data with ids (events/rules), so every statement can be traced and each rule measured.
    rule: str = ""


@dataclass
class Event:
    """A non-control event in an ACLED-compatible typology."""

    start: int
    end: int
    text: str
    event_type: str  # ACLED event_type, e.g. "Explosions/Remote violence"
    sub_event_type: str  # e.g. "Air/drone strike"
    actor1: str = ""
    actor2: str = ""
    places: list[PlaceMention] = field(default_factory=list)
    event_date: dt.date | None = None
    status: str = "claimed"
    confidence: float = 0.5
    fatalities: int | None = None
    quantities: list[Quantity] = field(default_factory=list)
    claim: int | None = None


# The document ---------------------------------------------------------------------------------------


@dataclass
class Document:
    text: str
    path: str | None = None  # the path as given by the user (used as "doc" in JSONL output)
    url: str | None = None
    title: str | None = None
    publisher: str | None = None  # the outlet that published the text (given, or read by ingest/news.py)
    source: str | None = None  # feed or collection name (--source)
    published: dt.date | None = None
    published_from: str | None = None  # "argument" | "metadata" | "filename" | "text" | None
    encoding: str = "utf-8"
    encoding_confidence: float | None = None  # 1.0 for strict decodes (BOM, UTF-8); lower when detected
    warnings: list[str] = field(default_factory=list)  # reader's doubts (e.g. an uncertain encoding)
    fmt: str = "text"  # text | markdown | html | feed | jsonl | telegram
    language: str = ""  # ISO 639-1 ("en", "uk", "ru"), set by the pipeline (nlp/language.py) unless given
    external_id: str | None = None
    links: list[str] = field(default_factory=list)  # hrefs kept from HTML input
    # Annotations, filled by pipeline stages.
    body_end: int | None = None  # offset where the endnote list starts (None: no endnote list)
    endnote_markers: list[EndnoteMarker] = field(default_factory=list)
    endnotes: dict[int, list[str]] = field(default_factory=dict)  # endnote number -> URLs
    headings: list[Heading] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    control: list[ControlStatement] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    stages_run: list[str] = field(default_factory=list)
    # News page structure (frontscope.ingest.news.annotate_news): whose voice unattributed statements are
    # in (the publisher; "ISW" for ISW reports), the story's own dateline, and page furniture spans
    # (start, end, kind: caption | read_more | credit | footer | byline) that are not the story.
    voice: str = ""
    dateline: dt.date | None = None
    dateline_place: str | None = None
    furniture: list[tuple[int, int, str]] = field(default_factory=list)
    news_done: bool = False

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def body(self) -> str:
        """The text before the endnote list (what prose stages read)."""
        return self.text[: self.body_end] if self.body_end is not None else self.text

    def urls_for(self, numbers: list[int]) -> list[str]:
        urls: list[str] = []
        for n in numbers:
            for u in self.endnotes.get(n, []):
                if u not in urls:
                    urls.append(u)
        return urls

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence containing `offset` (binary search; sentences are sorted)."""
        lo, hi = 0, len(self.sentences)
        while lo < hi:
            mid = (lo + hi) // 2
            s = self.sentences[mid]
            if offset < s.start:
                hi = mid
            elif offset >= s.end:
                lo = mid + 1
            else:
                return s
        return None


def to_jsonable(value: Any) -> Any:
    """Dataclasses, dates and containers to plain JSON values."""
    if hasattr(value, "__dataclass_fields__"):
        return {k: to_jsonable(v) for k, v in asdict(value).items()}
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    return value
