"""Helpers shared by the test modules (not a test module itself)."""

from __future__ import annotations

import datetime as dt
import re

from frontscope.model import Document, PlaceMention
from frontscope.nlp.endnotes import annotate_endnotes
from frontscope.nlp.segment import segment


def doc_with_places(text: str, ids: dict[str, int], published: dt.date) -> Document:
    """A segmented document whose place mentions are every whole-word occurrence of the names in `ids`
    (so events tests do not depend on the geocoder's choices)."""
    doc = Document(text=text, published=published)
    annotate_endnotes(doc)
    segment(doc)
    for name, gid in ids.items():
        for m in re.finditer(rf"\b{re.escape(name)}\b", text):
            doc.places.append(PlaceMention(m.start(), m.end(), name, geonameid=gid, name=name))
    doc.places.sort(key=lambda p: p.start)
    return doc
