"""The sentences of stored documents, with paragraph and section heading, as the segment stage found them.

Stored at ingest since revision 0007; a document stored before that is segmented again here (the same stages
the pipeline runs: endnotes, then segment), so old databases brief the same way as new ones.
"""

from __future__ import annotations

from dataclasses import dataclass

from frontscope.model import Document
from frontscope.nlp.endnotes import annotate_endnotes
from frontscope.nlp.segment import segment
from frontscope.store import queries
from frontscope.store.db import Store


@dataclass(frozen=True)
class SentenceRecord:
    start: int
    end: int
    paragraph: int
    heading: str | None  # the nearest section heading above (the heading itself for a heading line)
    is_heading: bool  # the line is a section heading, not a sentence of prose


def segmented(text: str) -> list[SentenceRecord]:
    """Sentences of `text` as the pipeline's segment stage finds them (for documents without stored ones)."""
    doc = Document(text)
    annotate_endnotes(doc)
    segment(doc)
    heads = {h.start for h in doc.headings}
    return [SentenceRecord(s.start, s.end, s.paragraph, s.heading, s.start in heads) for s in doc.sentences]


def document_sentences(store: Store, docs: list[dict]) -> dict[int, list[SentenceRecord]]:
    """Document id → its sentences in reading order, for documents given as {"id", "text"} rows."""
    stored = queries.sentences(store, [d["id"] for d in docs])
    out = {}
    for d in docs:
        rows = stored.get(d["id"])
        out[d["id"]] = [SentenceRecord(**r) for r in rows] if rows else segmented(d["text"])
    return out
