"""Sentences and section headings are stored at ingest (revision 0007): the brief reads them instead of segmenting
the report again, and a database stored before them still briefs the same way (it segments)."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from frontscope.brief.daily import build_brief
from frontscope.model import Claim, Document, SourceRef
from frontscope.nlp.endnotes import annotate_endnotes
from frontscope.nlp.segment import segment
from frontscope.render.text import to_markdown
from frontscope.store import queries
from frontscope.store.db import Store
from frontscope.views import sentences as stored_sentences

MOBILIZATION = "Russian Mobilization and Force Generation Efforts"
TEXT = (
    "Russian Offensive Campaign Assessment, December 12\n\n"
    "Key Takeaways\n\n"
    "The Kremlin announced on December 12 that it would extend mobilization in occupied Zaporizhia Oblast.[1]\n\n"
    "Ukrainian Counteroffensives\n\n"
    "The Ukrainian General Staff reported on December 12 that Ukrainian forces repelled assaults near Kupiansk.[2] "
    "A Russian milblogger claimed that Russian forces attacked north of Kupiansk.[3]\n\n"
    f"{MOBILIZATION}\n\n"
    "The Russian Ministry of Defense announced on December 12 that reservists would be sent to training grounds "
    "in Belarus.[4] Sanctions against the Russian economy continued to limit the supply of drones.[5]\n\n"
    "[1] https://t.me/a/1\n[2] https://t.me/b/2\n[3] https://t.me/c/3\n[4] https://t.me/d/4\n[5] https://t.me/e/5\n"
)


def _claim(anchor: str, source: str, side: str, kind: str) -> Claim:
    s = TEXT.index(anchor)
    e = TEXT.index(".[", s) + 1
    return Claim(s, e, TEXT[s:e], SourceRef(anchor, s, s + len(anchor), source, side, kind), "announced",
                 said_on=dt.date(2025, 12, 12))


def _doc() -> Document:
    doc = Document(TEXT, path="headings.txt", published=dt.date(2025, 12, 12))
    annotate_endnotes(doc)  # the stages that find sentences and headings run for real
    segment(doc)
    doc.stages_run = ["endnotes", "segment"]
    doc.claims = [_claim("The Kremlin", "Kremlin", "RU", "government"),
                  _claim("The Ukrainian General Staff", "Ukrainian General Staff", "UA", "military"),
                  _claim("The Russian Ministry of Defense", "Russian Ministry of Defense", "RU", "government")]
    return doc


@pytest.fixture
def store(tmp_path) -> Store:
    store = Store.open(tmp_path / "s.db")
    assert store.save(_doc()).status == "stored"
    return store


def test_sentences_and_headings_are_stored_at_ingest(store):
    (doc_id,) = queries.sentences(store, [1]).keys()
    rows = queries.sentences(store, [doc_id])[doc_id]
    headings = [TEXT[r["start"]:r["end"]] for r in rows if r["is_heading"]]
    assert headings == ["Russian Offensive Campaign Assessment, December 12", "Key Takeaways",
                        "Ukrainian Counteroffensives", MOBILIZATION]
    mod = next(r for r in rows if TEXT[r["start"]:].startswith("The Russian Ministry of Defense"))
    assert mod["heading"] == MOBILIZATION and not mod["is_heading"]
    assert rows == [vars(s) for s in stored_sentences.segmented(TEXT)]  # what the segment stage finds


def test_the_brief_reads_stored_headings_without_segmenting(store, monkeypatch):
    def no_segmenting(doc: Document) -> None:
        raise AssertionError("the brief segmented a document whose sentences are stored")

    monkeypatch.setattr(stored_sentences, "segment", no_segmenting)
    brief = build_brief(store, dt.date(2025, 12, 12))
    # The ministry's claim sits under the report's own axis heading; the Kremlin's in the opening summary.
    assert [line.text for line in brief.sections[MOBILIZATION]][0].startswith("The Russian Ministry of Defense")
    assert any(line.text.startswith("The Kremlin") for line in brief.sections["Overview"])


def test_a_database_stored_before_sentences_briefs_the_same(store, tmp_path):
    stored = to_markdown(build_brief(store, dt.date(2025, 12, 12)))
    store.engine.dispose()
    with sqlite3.connect(tmp_path / "s.db") as conn:  # as a document ingested before revision 0007 looks
        conn.execute("DELETE FROM sentences")
    old = Store.open(tmp_path / "s.db")
    assert queries.sentences(old, [1]) == {}
    assert to_markdown(build_brief(old, dt.date(2025, 12, 12))) == stored
    assert MOBILIZATION in stored
