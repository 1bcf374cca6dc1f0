"""Figures quoted in prose ("110 million forcibly displaced", "killed 5 civilians") → `Figure` rows.

The claims stage puts `Quantity` objects on each claim; this keeps those that count people or their
displacement, with the claim's source and the quantity's wording as scope. Military personnel, money,
equipment and distances are not humanitarian figures and are left out.
"""

from __future__ import annotations

import re

from frontscope.humanitarian.figures import Figure
from frontscope.model import Claim, Document, Quantity

PEOPLE_UNITS = {"people", "civilians", "children", "refugees", "IDPs", "casualties", "prisoners"}
# What is counted (Quantity.counted, lower case) → metric.
COUNTED = [
    (re.compile(r"internally displaced"), "idps"),
    (re.compile(r"displaced"), "displaced"),
    (re.compile(r"evacuated"), "evacuated"),
    (re.compile(r"deported|forcibly transferred|abducted"), "deported"),
    (re.compile(r"killed|died|dead"), "killed"),
    (re.compile(r"wounded|injured"), "injured"),
    (re.compile(r"missing"), "missing"),
    (re.compile(r"detained|captured"), "detained"),
]
UNIT_METRIC = {"refugees": "refugees", "IDPs": "idps", "casualties": "casualties"}
_RATE = re.compile(r"\b(?:each|every|per|a)\s+(year|month|week|day)\b", re.I)
_CHANGE = re.compile(r"\b(growing|grew|rising|rose|increas\w*|up)\s+by\b", re.I)


def metric_of(q: Quantity) -> str | None:
    """The humanitarian metric a quantity counts, or None when it is not about people."""
    if q.unit not in PEOPLE_UNITS:
        return None
    counted = (q.counted or "").lower()
    for pat, metric in COUNTED:
        if pat.search(counted):
            return "civilians_killed" if metric == "killed" and q.unit == "civilians" else metric
    if q.unit in UNIT_METRIC:
        return UNIT_METRIC[q.unit]
    if q.unit == "prisoners":
        return None  # POW exchanges: military, not a humanitarian count
    return None  # "5,000 people" with nothing counted: too vague to file


def figures_from_claim(claim: Claim, doc: Document, index: int | None = None) -> list[Figure]:
    out = []
    for q in claim.quantities:
        metric = metric_of(q)
        if metric is None:
            continue
        window = doc.text[max(0, q.start - 40): q.end + 40] if q.end else q.text
        extra: dict = {"text": q.text, "unit": q.unit, "counted": q.counted, "start": q.start, "end": q.end,
                       "claim": claim.text[:300], "source": claim.source.name, "source_side": claim.source.side}
        if index is not None:
            extra["claim_index"] = index
        rate = _RATE.search(window)
        if _CHANGE.search(doc.text[max(0, q.start - 25): q.start]) or rate:
            extra["change"] = True  # "growing by 10 million": an increment, not a stock
            metric += "_change"
        if rate:
            extra["per"] = rate.group(1).lower()
        if doc.url:
            extra["url"] = doc.url
        date = claim.said_on or doc.published
        out.append(Figure(
            dataset="text", source_file=doc.path or doc.url or "", source_line=doc.text.count("\n", 0, q.start) + 1,
            metric=metric, value=q.value, date=date, year=date.year if date else None, extra=extra))
    return out


def figures_from_document(doc: Document) -> list[Figure]:
    """Every people-counting quantity of every claim in the document."""
    out: list[Figure] = []
    for i, claim in enumerate(doc.claims):
        out.extend(figures_from_claim(claim, doc, i))
    return out
