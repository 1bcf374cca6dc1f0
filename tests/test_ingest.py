"""Ingestion: every input kind, every bad-input case, idempotency, versions, and resume."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from frontscope.ingest.readers import IngestError, read_file
from frontscope.ingest.runner import CHUNK_DOCS, ingest
from frontscope.store.db import Store

STAGES = ["segment"]  # the ingestion tests do not need the heavier stages


def _docs(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT path, title, published, published_from, encoding, format FROM documents "
                            "ORDER BY id").fetchall()


def test_plain_text_keeps_text_endnotes_and_markers(tmp_path, db_path, assessment_text):
    f = tmp_path / "2022-09-11_report.txt"
    f.write_text(assessment_text, encoding="utf-8")
    store = Store.open(db_path)
    summary = ingest([f], store, stages=STAGES, workers=1)
    assert (summary.stored, summary.failed) == (1, 0)
    with sqlite3.connect(db_path) as conn:
        text, published, origin = conn.execute("SELECT text, published, published_from FROM documents").fetchone()
        assert text == assessment_text  # the original text exactly as read
        assert (published, origin) == ("2022-09-11", "filename")
        notes = dict(conn.execute("SELECT number, urls FROM endnotes").fetchall())
        assert json.loads(notes[2]) == ["https://www.facebook.com/example.generalstaff/posts/2",
                                        "https://t.me/example_gs/22"]
        markers = conn.execute("SELECT start, end, numbers FROM endnote_markers ORDER BY start").fetchall()
    assert len(notes) == 5
    # "[2][3]" is one citation group with two numbers, and the offsets point at it.
    group = [m for m in markers if json.loads(m[2]) == [2, 3]][0]
    assert assessment_text[group[0]:group[1]] == "[2][3]"


def test_markdown_html_feed_and_jsonl(tmp_path, db_path):
    (tmp_path / "note.md").write_text("# Kupyansk update\n\nRussian forces attacked Kupyansk on May 3, 2024.[1]\n\n"
                                      "[1] https://t.me/example/9\n", encoding="utf-8")
    (tmp_path / "page.html").write_text(
        "<html><head><title>Izyum falls</title></head><body><nav>menu</nav><article><h1>Izyum</h1>"
        "<p>Ukrainian forces entered <a href='https://example.org/izyum'>Izyum</a> on September 10, 2022.</p>"
        "</article></body></html>", encoding="utf-8")
    (tmp_path / "feed.xml").write_text(
        "<?xml version='1.0'?><rss version='2.0'><channel><title>Example wire</title>"
        "<item><title>Strike on Kharkiv</title><link>https://example.org/1</link>"
        "<pubDate>Tue, 20 Sep 2022 08:00:00 GMT</pubDate><description>Russian forces struck Kharkiv.</description></item>"
        "<item><title>Second</title><link>https://example.org/2</link>"
        "<pubDate>Wed, 21 Sep 2022 08:00:00 GMT</pubDate><description>Fighting continued near Bakhmut.</description>"
        "</item></channel></rss>", encoding="utf-8")
    (tmp_path / "batch.jsonl").write_text(
        json.dumps({"id": "a1", "published": "2022-06-25", "source": "wire", "url": "https://example.org/a1",
                    "title": "Sievierodonetsk", "text": "Russian forces captured Sievierodonetsk."}) + "\n"
        + json.dumps({"id": "a2", "url": "https://example.org/a2", "html": "<p>Lysychansk is under attack.</p>"})
        + "\n", encoding="utf-8")
    store = Store.open(db_path)
    summary = ingest([tmp_path], store, stages=STAGES, workers=1)
    assert (summary.stored, summary.failed) == (6, 0), summary.errors
    rows = {r[1]: r for r in _docs(db_path)}
    assert rows["Izyum falls"][5] == "html"
    assert rows["Strike on Kharkiv"][2:4] == ("2022-09-20", "metadata")
    assert rows["Sievierodonetsk"][2:4] == ("2022-06-25", "metadata")
    assert rows["Kupyansk update"][2:4] == ("2024-05-03", "text")
    with sqlite3.connect(db_path) as conn:
        html_text = conn.execute("SELECT text FROM documents WHERE format='html' AND title='Izyum falls'").fetchone()[0]
    assert "menu" not in html_text and "entered Izyum on September 10" in html_text


def test_html_links_are_kept():
    from frontscope.ingest.readers import html_to_text

    text, title, links = html_to_text("<html><body><p>See <a href='https://t.me/x/1'>this</a>.</p></body></html>",
                                      "x.html")
    assert text == "See this ." or text.startswith("See this")
    assert links == ["https://t.me/x/1"]


def test_bad_inputs_are_reported_and_the_batch_goes_on(tmp_path, db_path, assessment_text):
    good = tmp_path / "2022-09-11_good.txt"
    good.write_text(assessment_text, encoding="utf-8")
    store = Store.open(db_path)
    assert ingest([good], store, stages=STAGES, workers=1).stored == 1
    before = _docs(db_path)

    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (bad / "nobody.html").write_text("<html><head><title>x</title></head></html>", encoding="utf-8")
    (bad / "cut.jsonl").write_text(json.dumps({"id": 1, "text": "Russian forces attacked Avdiivka."}) + "\n"
                                   + '{"id": 2, "text": "Ukrainian forces held Vuhle', encoding="utf-8")
    latin1 = ("Russian forces attacked near Kupyansk — the café owner’s report. " * 20).encode("cp1252")
    (bad / "2022-10-01_cp1252.txt").write_bytes(latin1)
    huge = bad / "huge.txt"
    with huge.open("wb") as fh:
        fh.truncate(21 * 1024 * 1024)  # sparse: over the limit without writing 21 MB
    second_good = bad / "2022-09-12_more.txt"
    second_good.write_text("Ukrainian forces liberated Kupyansk on September 10.\n", encoding="utf-8")

    summary = ingest([bad], store, stages=STAGES, workers=1)
    errors = "\n".join(summary.errors)
    assert "empty.txt: empty file" in errors
    assert "binary.txt: binary file" in errors
    assert "nobody.html: HTML without a body" in errors
    assert "cut.jsonl:2: invalid or truncated JSON line" in errors
    assert "huge.txt: file too large" in errors and "limit is 20 MiB" in errors
    assert summary.failed == 5
    # Good files in the same batch were stored: the cp1252 file (decoded and recorded), the good jsonl line,
    # the second good text.
    assert summary.stored == 3
    after = _docs(db_path)
    assert after[: len(before)] == before  # what was stored before the batch is intact
    enc = {r[0].rsplit("/", 1)[-1]: r[4] for r in after}
    assert enc["2022-10-01_cp1252.txt"] != "utf-8"  # detected, and recorded
    with sqlite3.connect(db_path) as conn:
        decoded = conn.execute("SELECT text FROM documents WHERE path LIKE '%cp1252.txt'").fetchone()[0]
    assert "café owner’s report" in decoded
    with sqlite3.connect(db_path) as conn:
        failures = conn.execute("SELECT path, reason FROM ingest_failures").fetchall()
    assert len(failures) == 5 and any(p.endswith("cut.jsonl:2") for p, _ in failures)


def test_unreadable_file_is_an_error(tmp_path):
    f = tmp_path / "secret.txt"
    f.write_text("Russian forces attacked.", encoding="utf-8")
    f.chmod(0)
    try:
        if os.access(f, os.R_OK):  # root reads anything: use a directory-shaped path instead
            f.chmod(0o644)
            f = tmp_path / "dir.txt"
            f.mkdir()
        result = read_file(f)
    finally:
        if f.is_file():
            f.chmod(0o644)
    assert isinstance(result[0], IngestError) and "cannot read file" in str(result[0])


def test_reingest_is_idempotent_and_changed_url_is_a_new_version(tmp_path, db_path):
    f = tmp_path / "batch.jsonl"
    f.write_text(json.dumps({"id": "x", "url": "https://example.org/r", "published": "2022-09-11",
                             "text": "Ukrainian forces advanced near Kupyansk."}) + "\n", encoding="utf-8")
    store = Store.open(db_path)
    assert ingest([f], store, stages=STAGES, workers=1).stored == 1
    again = ingest([f], store, stages=STAGES, workers=1)
    assert (again.stored, again.duplicates) == (0, 1)
    f.write_text(json.dumps({"id": "x", "url": "https://example.org/r", "published": "2022-09-11",
                             "text": "Ukrainian forces liberated Kupyansk."}) + "\n", encoding="utf-8")
    assert ingest([f], store, stages=STAGES, workers=1).stored == 1
    with sqlite3.connect(db_path) as conn:
        rows = conn.execute("SELECT id, version, previous_id, text FROM documents ORDER BY id").fetchall()
    assert [(r[1], r[2]) for r in rows] == [(1, None), (2, rows[0][0])]
    assert "advanced" in rows[0][3]  # the old version is kept


def test_published_argument_wins(tmp_path, db_path):
    f = tmp_path / "2022-01-01_x.txt"
    f.write_text("September 11, 2022\n\nRussian forces attacked.", encoding="utf-8")
    store = Store.open(db_path)
    ingest([f], store, stages=STAGES, workers=1, published=dt.date(2022, 9, 12))
    assert _docs(db_path)[0][2:4] == ("2022-09-12", "argument")


def test_parallel_workers_store_everything(tmp_path, db_path, assessment_text):
    for i in range(6):
        (tmp_path / f"2022-09-{10 + i:02d}_r.txt").write_text(f"Copy {i}.\n\n" + assessment_text, encoding="utf-8")
    summary = ingest([tmp_path], Store.open(db_path), stages=STAGES, workers=2)
    assert (summary.stored, summary.failed) == (6, 0)


def test_interrupted_run_resumes_without_duplicates(tmp_path, db_path, monkeypatch, assessment_text):
    # More files than one unit of work (whose documents are committed together), so that the interrupt lands
    # with some stored and some not.
    n = CHUNK_DOCS + 4
    for i in range(n):
        (tmp_path / f"2022-09-{1 + i:02d}_r.txt").write_text(f"Copy {i}.\n\n" + assessment_text, encoding="utf-8")
    store = Store.open(db_path)
    calls = {"n": 0}

    def interrupt_after_two(path: str, outcome: str) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ingest([tmp_path], store, stages=STAGES, workers=1, on_progress=interrupt_after_two)
    first = len(_docs(db_path))
    assert 2 <= first < n
    summary = ingest([tmp_path], store, stages=STAGES, workers=1)
    assert (summary.stored, summary.duplicates) == (n - first, first)
    assert len(_docs(db_path)) == n


def test_kill_9_leaves_a_consistent_database(tmp_path, db_path, assessment_text):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(40):
        (corpus / f"2022-{1 + i % 12:02d}-{1 + i % 28:02d}_{i}.txt").write_text(
            f"Copy {i}.\n\n" + assessment_text * 20, encoding="utf-8")
    cmd = [sys.executable, "-m", "frontscope.cli.main", "ingest", str(corpus), "--db", str(db_path),
           "--workers", "1", "--stages", "segment"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if db_path.exists():
            try:
                with sqlite3.connect(db_path) as conn:
                    if conn.execute("SELECT count(*) FROM documents").fetchone()[0] >= 3:
                        break
            except sqlite3.OperationalError:
                pass  # tables not created yet
        time.sleep(0.02)
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # Every stored document has all its endnotes: no half-written document.
        partial = conn.execute("SELECT count(*) FROM documents d WHERE (SELECT count(*) FROM endnotes e "
                               "WHERE e.document_id = d.id) != 5").fetchone()[0]
        assert partial == 0
    summary = ingest([corpus], Store.open(db_path), stages=STAGES, workers=1)
    assert summary.failed == 0
    assert summary.stored + summary.duplicates == 40
    assert len(_docs(db_path)) == 40


def test_cli_ingest_exit_status_and_summary(tmp_path, db_path, assessment_text):
    from click.testing import CliRunner

    from frontscope.cli.main import cli

    (tmp_path / "ok.txt").write_text(assessment_text, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    res = CliRunner().invoke(cli, ["ingest", str(tmp_path), "--db", str(db_path), "--stages", "segment",
                                   "--workers", "1"])
    assert res.exit_code == 1
    assert "1 stored, 0 skipped as duplicates, 1 failed" in res.output
    res = CliRunner().invoke(cli, ["docs", "--db", str(db_path), "--json"])
    assert res.exit_code == 0 and json.loads(res.output)[0]["endnotes"] == 5


def test_json_file_of_records_and_a_json_file_that_is_not(tmp_path, db_path):
    (tmp_path / "batch.json").write_text(json.dumps([
        {"id": "r1", "published": "2022-07-03", "title": "Lysychansk", "text": "Russian forces captured Lysychansk."},
        {"id": "r2", "url": "https://example.org/r2", "html": "<p>Ukrainian forces withdrew from Lysychansk.</p>"},
    ]), encoding="utf-8")
    (tmp_path / "area.json").write_text('{"type": "Point", "coordinates": [37.6, 49.7]}', encoding="utf-8")
    summary = ingest([tmp_path], Store.open(db_path), stages=STAGES, workers=1)
    assert (summary.stored, summary.failed) == (2, 1)
    assert any("area.json" in e and "neither a record" in e for e in summary.errors)


def test_a_baseline_that_is_not_geojson_is_one_clear_error(tmp_path, db_path):
    from click.testing import CliRunner

    from frontscope.cli.main import cli

    bad = tmp_path / "occupied.geojson"
    bad.write_text('{"type": "Point"}', encoding="utf-8")
    res = CliRunner().invoke(cli, ["control", "--db", str(db_path), "--as-of", "2022-09-10", "--baseline", str(bad),
                                   "--baseline-date", "2022-09-01"])
    assert res.exit_code == 2
    assert "occupied.geojson: not a GeoJSON polygon" in res.output
