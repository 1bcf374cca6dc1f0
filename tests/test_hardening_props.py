"""Property-based tests: whatever bytes or JSON a reader is given, it returns documents or IngestErrors and
never raises; every document it returns is storable text. And the segmenter bounds what later stages see."""

from __future__ import annotations

import json
import sqlite3
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frontscope.ingest.readers import IngestError, read_file
from frontscope.ingest.runner import ingest
from frontscope.model import Document
from frontscope.nlp.endnotes import annotate_endnotes
from frontscope.nlp.segment import HARD_MAX, PARAGRAPH_MAX, segment
from frontscope.store.db import Store

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
RECORD_KEYS = st.sampled_from(["id", "published", "source", "publisher", "url", "title", "text", "html", "x"])
RECORDS = st.dictionaries(RECORD_KEYS, JSON_VALUES, max_size=7)


def _check(items: list) -> None:
    assert items, "a reader returns at least one document or error"
    for item in items:
        assert isinstance(item, Document | IngestError), type(item)
        if isinstance(item, Document):
            assert isinstance(item.text, str) and item.text.strip()
            item.text.encode("utf-8")  # storable: no unpaired surrogate
            assert "\x00" not in item.text
            assert item.title is None or isinstance(item.title, str)
            assert item.external_id is None or isinstance(item.external_id, str)
        else:
            assert "\n" not in str(item)


def _read(data: bytes, suffix: str) -> list:
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / f"input{suffix}"
        f.write_bytes(data)
        return read_file(f)


@SETTINGS
@given(data=st.binary(max_size=2048), suffix=st.sampled_from([".txt", ".html", ".json", ".jsonl", ".md", ".xml"]))
def test_arbitrary_bytes_never_raise(data, suffix):
    _check(_read(data, suffix))


@SETTINGS
@given(text=st.text(max_size=1024), suffix=st.sampled_from([".txt", ".html", ".jsonl"]),
       codec=st.sampled_from(["utf-8", "utf-16", "utf-16-le", "cp1251", "latin-1"]))
def test_arbitrary_text_in_any_encoding_never_raises(text, suffix, codec):
    try:
        data = text.encode(codec)
    except UnicodeEncodeError:
        data = text.encode("utf-8", "surrogatepass")
    _check(_read(data, suffix))


@SETTINGS
@given(value=JSON_VALUES | RECORDS)
def test_arbitrary_json_values_never_raise(value):
    line = json.dumps(value, allow_nan=True)
    _check(_read(line.encode("utf-8"), ".json"))
    _check(_read((line + "\n").encode("utf-8"), ".jsonl"))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records=st.lists(RECORDS, min_size=1, max_size=4))
def test_arbitrary_records_ingest_without_garbage(records):
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / "batch.jsonl"
        f.write_text("".join(json.dumps(r, allow_nan=True) + "\n" for r in records), encoding="utf-8")
        summary = ingest([f], Store.open(Path(tmp) / "t.db"), stages=["segment"], workers=1)
        with sqlite3.connect(Path(tmp) / "t.db") as conn:
            stored = conn.execute("SELECT text, format, title FROM documents").fetchall()
    assert summary.stored + summary.duplicates + summary.failed == len(records)
    assert all("\n" not in e for e in summary.errors)
    texts = {r["text"] for r in records if isinstance(r.get("text"), str)}
    candidates = sum(1 for r in records if isinstance(r.get("text"), str) or isinstance(r.get("html"), str))
    assert summary.stored <= candidates  # a record without string text/html is never stored
    for text, fmt, title in stored:  # plain-text records are stored exactly as given, never stringified
        assert fmt == "html" or text in texts
        assert title is None or isinstance(title, str)


@SETTINGS
@given(text=st.text(alphabet=st.sampled_from("abc ,;.:-—\nXY1"), min_size=0, max_size=12_000))
def test_segmenter_bounds_sentences_and_paragraphs(text):
    doc = Document(text=text)
    annotate_endnotes(doc)
    segment(doc)
    last_end = 0
    span: dict[int, tuple[int, int]] = {}
    for s in doc.sentences:
        assert 0 <= s.start < s.end <= len(text) and s.start >= last_end
        assert s.end - s.start <= HARD_MAX
        last_end = s.end
        a, _ = span.get(s.paragraph, (s.start, s.end))
        span[s.paragraph] = (a, s.end)
    assert all(b - a <= PARAGRAPH_MAX + HARD_MAX for a, b in span.values())


@SETTINGS
@given(body=st.text(max_size=300), title=st.text(max_size=40))
def test_arbitrary_text_inside_html_and_feeds_never_raises(body, title):
    html = f"<html><head><title>{title}</title></head><body><article>{body}</article><p>{body}</p></body></html>"
    _check(_read(html.encode("utf-8", "surrogatepass"), ".html"))
    rss = (f"<?xml version='1.0'?><rss version='2.0'><channel><title>{title}</title><item><title>{title}</title>"
           f"<description>{body}</description></item></channel></rss>")
    _check(_read(rss.encode("utf-8", "surrogatepass"), ".xml"))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab_'’-É1 \n\t\u00a0.,", max_size=70), st.data())
def test_the_word_before_a_place_is_what_its_regex_would_find(text, data):
    # `_word_before` reads backwards instead of trying every start of a 40-character window: same answer.
    from frontscope.geo.recognize import _WORD_BEFORE_RE, _word_before

    pos = data.draw(st.integers(0, len(text)))
    m = _WORD_BEFORE_RE.search(text, max(0, pos - 40), pos)
    assert _word_before(text, pos) == (m.group(1) if m else "")
