"""Figures quoted in prose ("110 million forcibly displaced", "killed 5 civilians") → `Figure` rows.

The claims stage puts `Quantity` objects on each claim; this keeps those that count people or their
displacement, with the claim's source and the quantity's wording as scope. Military personnel, money,
equipment and distances are not humanitarian figures and are left out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

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


def _figure(q: Quantity, window: str, before: str, *, source: str, side: str, claim_text: str,
            date, where: str, line: int, extra: dict) -> Figure | None:
    """One humanitarian figure from a quantity: `window` is the text around it, `before` just before it."""
    metric = metric_of(q)
    if metric is None:
        return None
    extra = {"text": q.text, "unit": q.unit, "counted": q.counted, "start": q.start, "end": q.end,
             "claim": claim_text[:300], "source": source, "source_side": side, **extra}
    rate = _RATE.search(window)
    if _CHANGE.search(before) or rate:
        extra["change"] = True  # "growing by 10 million": an increment, not a stock
        metric += "_change"
    if rate:
        extra["per"] = rate.group(1).lower()
    return Figure(dataset="text", source_file=where, source_line=line, metric=metric, value=q.value, date=date,
                  year=date.year if date else None, extra=extra)


def figures_from_claim(claim: Claim, doc: Document, index: int | None = None) -> list[Figure]:
    out = []
    for q in claim.quantities:
        window = doc.text[max(0, q.start - 40): q.end + 40] if q.end else q.text
        extra: dict = {"claim_index": index} if index is not None else {}
        if doc.url:
            extra["url"] = doc.url
        f = _figure(q, window, doc.text[max(0, q.start - 25): q.start], source=claim.source.name,
                    side=claim.source.side, claim_text=claim.text, date=claim.said_on or doc.published,
                    where=doc.path or doc.url or "", line=doc.text.count("\n", 0, q.start) + 1, extra=extra)
        if f is not None:
            out.append(f)
    return out


def figures_from_document(doc: Document) -> list[Figure]:
    """Every people-counting quantity of every claim in the document."""
    out: list[Figure] = []
    for i, claim in enumerate(doc.claims):
        out.extend(figures_from_claim(claim, doc, i))
    return out


def figures_from_stored_claims(rows: Iterable[dict[str, Any]]) -> list[Figure]:
    """The same figures from stored claims (`store.queries.claims(..., spans=True)` rows): the claim's own text
    is the window around each quantity, and the figure cites the stored claim by id."""
    out: list[Figure] = []
    for r in rows:
        text, start = r.get("text") or "", r.get("start") or 0
        for raw in r.get("quantities") or []:
            q = Quantity(**{k: raw[k] for k in Quantity.__dataclass_fields__ if k in raw})
            a, b = q.start - start, q.end - start
            date = r.get("said_on") or r.get("published")
            date = dt.date.fromisoformat(str(date)[:10]) if date else None
            f = _figure(q, text[max(0, a - 40): b + 40], text[max(0, a - 25): max(0, a)], source=r.get("source") or "",
                        side=r.get("side") or "unknown", claim_text=text, date=date,
                        where=f"document {r.get('document_id')}", line=0, extra={"claim_id": r.get("id")})
            if f is not None:
                out.append(f)
    return out
