"""Which sentences of the day's reports an analyst would lead with: a small fitted logistic model.

Every body sentence of the period's reports that carries a stored record (an attributed claim, a control
statement or an event), or that sits in the report's opening summary (the author's own assessment), is a
candidate. Its features describe where it sits (opening summary, first sentence of a paragraph or of a
section, relative position), what the store knows about it (kind and side of the claim's source, control
change and its status, whether the belief model holds that the place changed hands, ACLED event types,
figures, population of the places named), and which topic words it uses: a lexicon of word weights learned
from which words analysts put in their "Key Takeaways" lists more often than in the report body.

The weights are fitted by `benchmarks/fit_salience.py` on Feb–Jun 2022 ISW reports (their Key Takeaways
lists are the labels, stripped from the text before ingest) and shipped in `salience.json`; nothing here
reads report text at run time beyond the stored documents.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from frontscope.views.sentences import SentenceRecord, segmented
from frontscope.vocab import Change

MARKER = re.compile(r"\s*\[(?:\d+|[ivxlcdm]+)(?:[,-–]\s*(?:\d+|[ivxlcdm]+))*\]", re.I)
STOP = frozenset("""a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had has have having he her
here hers him his how i if in into is it its itself just me more most my no nor not now of off on once only or other
our ours out over own same she should so some such than that the their theirs them then there these they this those
through to too under until up very was we were what when where which while who whom why will with would you your
yours said also since per may might must shall us one two new""".split())
# A sentence opening with a pronoun or a bare back-reference cannot stand alone as a takeaway.
ANAPHOR = re.compile(r"^(He|She|They|It|This|These|That|Those|The (official|source|spokesperson|milblogger|"
                     r"statement|report|same)|Such|Both|Another|Also|However|Instead|Meanwhile)\b")
BOILERPLATE = re.compile(r"^(Click here|This map is updated|We do not report|Note:|Russian Offensive Campaign "
                         r"Assessment|Key Takeaways)|\b\d{1,2}(:\d\d)?\s*(am|pm)\s*ET\b", re.I)
FULL_STOP = re.compile(r"[.!?][\"”’)\]]*$")
NUMBER = re.compile(r"\b\d[\d,.]*\b")
AXIS = re.compile(r"\b(Ukrain\w*|Russian|Axis|Direction|Oblast|Efforts?|Activity|Operations?|Counteroffensives?|"
                  r"Line|Front|Areas?|Mobili[sz]ation|Eastern|Southern|Northern|Western)\b", re.I)
KINDS = ("military", "government", "milblogger", "footage", "international", "local_official", "media", "other")
EVENT_TYPES = {"Explosions/Remote violence": "ev_strike", "Battles": "ev_battle",
               "Violence against civilians": "ev_civilians", "Strategic developments": "ev_strategic"}


def words(text: str) -> list[str]:
    text = MARKER.sub(" ", text).replace("’", "'")
    return [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in STOP and len(w) > 1]


@dataclass
class Candidate:
    document_id: int
    published: str
    start: int
    end: int
    text: str  # the sentence, endnote markers removed
    index: int  # among the document's body sentences
    n_sentences: int
    lead: bool  # in the opening summary, before the first axis heading
    para_first: bool
    section_first: bool
    heading: str | None
    claims: list[dict] = field(default_factory=list)
    observations: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    believed: bool = False  # names a place the belief model holds changed hands in the period
    places: list[dict] = field(default_factory=list)  # settlements the sentence names, with coordinates

    @property
    def claim_ids(self) -> list[int]:
        return sorted({c["id"] for c in self.claims})


@lru_cache(maxsize=1)
def model() -> dict:
    """The fitted weights: {"weights": {feature: w}, "lexicon": {word: w}, "fitted_on": ...}."""
    return json.loads(resources.files("frontscope.brief").joinpath("salience.json").read_text(encoding="utf-8"))


def candidates(docs: list[dict], claims: list[dict], obs: list[dict], events: list[dict],
               believed: set[int] | frozenset[int] = frozenset(),
               sentences: dict[int, list[SentenceRecord]] | None = None) -> list[Candidate]:
    """Body sentences of each document with the stored records that overlap them. `sentences`: each
    document's sentences (`views.sentences`); a document missing there is segmented here."""
    def overlapping(rows: list[dict], doc_id: int, s: int, e: int) -> list[dict]:
        return [r for r in rows if r["document_id"] == doc_id and r["start"] < e and s < r["end"]]

    out = []
    for d in docs:
        sents = (sentences or {}).get(d["id"])
        if sents is None:
            sents = segmented(d["text"])
        body, seen_axis, last_heading, last_para = [], False, None, -1
        for sent in sents:
            raw = d["text"][sent.start:sent.end]
            is_heading = sent.is_heading or (sent.heading is not None and raw.strip() == sent.heading)
            if is_heading:
                if AXIS.search(raw) and not raw.lower().startswith(("key takeaways", "russian offensive")):
                    seen_axis = True
                continue
            text = " ".join(MARKER.sub("", raw).split())
            # Only whole sentences: a heading such as "Supporting Effort #1—Kharkiv City (objective: ...)" or a
            # list item ending in ";" would read as a takeaway cut short.
            if len(text) < 40 or BOILERPLATE.search(text) or not text[:1].isalnum() or not FULL_STOP.search(text):
                last_para = sent.paragraph
                continue
            body.append((sent, text, not seen_axis, sent.paragraph != last_para, sent.heading != last_heading))
            last_heading, last_para = sent.heading, sent.paragraph
        doc_claims = [c for c in claims if c["document_id"] == d["id"]]
        doc_obs = [o for o in obs if o["document_id"] == d["id"]]
        doc_events = [e for e in events if e["document_id"] == d["id"]]
        for i, (sent, text, lead, para_first, section_first) in enumerate(body):
            o = overlapping(doc_obs, d["id"], sent.start, sent.end)
            out.append(Candidate(
                d["id"], d["published"].isoformat() if hasattr(d["published"], "isoformat") else str(d["published"]),
                sent.start, sent.end, text, i, len(body), lead, para_first, section_first, sent.heading,
                overlapping(doc_claims, d["id"], sent.start, sent.end), o,
                overlapping(doc_events, d["id"], sent.start, sent.end),
                any(x["geonameid"] in believed for x in o)))
    return out


def features(c: Candidate, lexicon: dict[str, float]) -> dict[str, float]:
    ws = words(c.text)
    lex = [lexicon.get(w, 0.0) for w in ws]
    f: dict[str, float] = {
        "lead": float(c.lead), "pos": c.index / max(1, c.n_sentences - 1), "first3": float(c.index < 3),
        "first": float(c.index == 0), "old_month": float(_old_month(c.text, c.published)),
        "para_first": float(c.para_first), "section_first": float(c.section_first),
        "lead_para_first": float(c.lead and c.para_first),
        "lex_mean": sum(lex) / max(1, len(lex)), "lex_max": max(lex, default=0.0),
        "anaphor": float(bool(ANAPHOR.match(c.text))), "number": float(bool(NUMBER.search(c.text))),
        "length": math.log(1 + len(ws)) / 4, "long": float(len(ws) > 45),
        "claim": float(bool(c.claims)), "believed_change": float(c.believed),
    }
    for k in KINDS:
        f[f"kind_{k}"] = float(any(x["kind"] == k for x in c.claims))
    f["side_UA"] = float(any(x["side"] == "UA" for x in c.claims))
    f["side_RU"] = float(any(x["side"] == "RU" for x in c.claims))
    live = [o for o in c.observations if o["status"] != "denied"]
    f["obs_gain"] = float(any(Change.parse(o["change"]).is_gain for o in live))
    f["obs_gain_assessed"] = float(any(Change.parse(o["change"]).is_gain and o["status"] in ("assessed", "confirmed")
                                       for o in live))
    f["obs_advance"] = float(any(Change.parse(o["change"]).is_advance_near for o in live))
    f["obs_denied"] = float(any(o["status"] == "denied" for o in c.observations))
    f["obs_many"] = min(1.0, len({o["geonameid"] for o in c.observations}) / 4)
    pops = [o.get("population") or 0 for o in c.observations]
    f["population"] = math.log10(1 + max(pops, default=0)) / 6
    for etype, name in EVENT_TYPES.items():
        f[name] = float(any(e["event_type"] == etype for e in c.events))
    f["fatalities"] = math.log10(1 + max([e.get("fatalities") or 0 for e in c.events] or [0])) / 2
    return f


MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
MONTH_DAY = re.compile(r"\b(" + "|".join(m.capitalize() for m in MONTHS) + r")\s+\d{1,2}\b")


def _old_month(text: str, published: str) -> bool:
    """The sentence dates something to an earlier month ("took Severodonetsk on June 24" in a September
    report): background, not the day's news."""
    try:
        month = int(published[5:7])
    except ValueError:
        return False
    named = [MONTHS.index(m.group(1).lower()) + 1 for m in MONTH_DAY.finditer(text)]
    return bool(named) and all(n != month and n != month - 1 for n in named)


def score(c: Candidate, fitted: dict | None = None) -> float:
    """Probability that an analyst would lead with this sentence (logistic model)."""
    m = fitted or model()
    f = features(c, m["lexicon"])
    z = m["bias"] + sum(m["weights"].get(k, 0.0) * v for k, v in f.items())
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))
