"""Hostile inputs at the ingest boundary: each becomes one clear error naming file, line and field,
is recorded in ingest_failures, and the rest of the batch is stored; nothing malformed is stored."""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from pathlib import Path

import pytest

from frontscope.ingest.readers import IngestError, expand_paths, read_file
from frontscope.ingest.runner import ingest
from frontscope.store.db import Store

STAGES = ["segment"]
GOOD = {"id": "ok1", "published": "2022-09-11", "title": "Kupyansk", "text": "Russian forces shelled Kupyansk."}


def _stored(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT external_id, title, text, source, published, encoding FROM documents "
                            "ORDER BY id").fetchall()


def _failures(db: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT path, reason FROM ingest_failures ORDER BY id").fetchall()


BAD_RECORDS = [  # (record as JSON text, field named in the error, words of the reason)
    ('{"id": "t1", "text": 123}', "text", "must be a string, not int"),
    ('{"id": "t2", "text": {"nested": "object"}}', "text", "not dict"),
    ('{"id": "t3", "text": ["Russian", "forces"]}', "text", "not list"),
    ('{"id": "t4", "text": NaN}', "text", "not NaN"),
    ('{"id": "p1", "published": [2022, 9], "text": "Fighting near Bakhmut."}', "published", "must be a string"),
    ('{"id": "p2", "published": "yesterday", "text": "Fighting near Bakhmut."}', "published", "not a date"),
    ('{"id": "p3", "published": "2022-13-45", "text": "Fighting near Bakhmut."}', "published", "not a date"),
    ('{"id": "n1", "title": {"en": "x"}, "text": "Fighting near Bakhmut."}', "title", "must be a string"),
    ('{"id": "s1", "source": {"x": 1}, "text": "Fighting near Bakhmut."}', "source", "must be a string"),
    ('{"id": ' + "7" * 5000 + ', "text": "Fighting near Bakhmut."}', "id", "too long"),
    ('{"id": "u1", "text": "bad \\ud800 surrogate"}', "text", "unpaired surrogate"),
    ('{"id": "z1", "text": "nul \\u0000 inside"}', "text", "NUL"),
    ('{"id": "e1", "text": "   "}', None, 'neither "text" nor "html"'),
]


@pytest.mark.parametrize(("line", "field", "reason"), BAD_RECORDS)
def test_a_malformed_jsonl_record_is_one_error_naming_file_line_and_field(tmp_path, db_path, line, field, reason):
    f = tmp_path / "batch.jsonl"
    f.write_text(json.dumps(GOOD) + "\n" + line + "\n", encoding="utf-8")
    summary = ingest([f], Store.open(db_path), stages=STAGES, workers=1)
    assert (summary.stored, summary.failed) == (1, 1), summary.errors
    (err,) = summary.errors
    assert err.startswith(f"{f}:2: ") and "\n" not in err and len(err) < 300
    if field:
        assert f'field "{field}"' in err
    assert reason in err
    assert _failures(db_path) == [(f"{f}:2", err.split(":2: ", 1)[1])]
    assert [r[0] for r in _stored(db_path)] == ["ok1"]  # the bad record stored nothing


def test_deep_nesting_in_json_and_jsonl_is_an_error_not_a_crash(tmp_path, db_path):
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    (tmp_path / "deep.jsonl").write_text(json.dumps(GOOD) + "\n" + "[" * 100_000 + "\n", encoding="utf-8")
    summary = ingest([tmp_path], Store.open(db_path), stages=STAGES, workers=1)
    assert (summary.stored, summary.failed) == (1, 2), summary.errors
    assert any("deep.json:" in e and "nested too deeply" in e for e in summary.errors)
    assert any("deep.jsonl:2:" in e for e in summary.errors)


def test_a_json_list_reports_each_bad_record_and_keeps_the_good_ones(tmp_path, db_path):
    f = tmp_path / "list.json"
    f.write_text(json.dumps([GOOD, {"id": "b", "text": 5}, {"id": "c", "published": "2022-09-12T08:00:00Z",
                                                             "text": "Ukrainian forces advanced near Lyman."}]))
    summary = ingest([f], Store.open(db_path), stages=STAGES, workers=1)
    assert (summary.stored, summary.failed) == (2, 1)
    assert summary.errors == [f'{f}#2: field "text": must be a string, not int (5)']
    assert [(r[0], r[4]) for r in _stored(db_path)] == [("ok1", "2022-09-11"), ("c", "2022-09-12")]


def test_numeric_id_is_kept_as_its_digits_and_bom_is_not_part_of_title(tmp_path, db_path):
    f = tmp_path / "b.jsonl"
    f.write_text(json.dumps({"id": 42, "title": "\ufeffIzyum", "text": "\ufeffUkrainian forces entered Izyum."}),
                 encoding="utf-8")
    ingest([f], Store.open(db_path), stages=STAGES, workers=1)
    ((ext_id, title, text, *_),) = _stored(db_path)
    assert (ext_id, title) == ("42", "Izyum")


def test_utf8_bom_is_stripped_from_text_and_title(tmp_path, db_path):
    f = tmp_path / "bom.txt"
    f.write_bytes(b"\xef\xbb\xbfKupyansk update\n\nRussian forces shelled Kupyansk.\n")
    ingest([f], Store.open(db_path), stages=STAGES, workers=1)
    ((_, title, text, _, _, enc),) = _stored(db_path)
    assert title == "Kupyansk update" and text.startswith("Kupyansk") and enc == "utf-8"


# Encodings ------------------------------------------------------------------------------------------

FRENCH = "Les forces russes ont attaqué près de Kherson. Le général a déclaré que la ville était sûre.\n"
RUSSIAN = "Российские войска атаковали Купянск.\n"


@pytest.mark.parametrize(("text", "codec", "expect"), [
    (FRENCH, "latin-1", {"iso-8859-1", "cp1252"}),
    ("près de Bakhmut\n", "latin-1", {"iso-8859-1", "cp1252"}),
    (RUSSIAN, "koi8_r", {"koi8_r", "koi8_u"}),
    ("Обстрел Харькова\n", "koi8_r", {"koi8_r", "koi8_u"}),
    (RUSSIAN, "cp1251", {"cp1251"}),
    ("Українські сили звільнили Ізюм.\n", "cp1251", {"cp1251"}),
    ("Rosyjskie wojska zaatakowały miasto. Żołnierze się wycofali.\n", "cp1250", {"cp1250"}),
    ("Russian forces attacked Kupyansk. Російські війська.\n", "utf-16-le", {"utf-16-le"}),
    ("Russian forces attacked Kupyansk.\n", "utf-16-be", {"utf-16-be"}),
])
def test_legacy_and_bomless_encodings_decode_to_the_right_text(tmp_path, text, codec, expect):
    f = tmp_path / "report.txt"
    f.write_bytes(text.encode(codec))
    (doc,) = read_file(f)
    assert not isinstance(doc, IngestError), doc
    assert doc.text == text and doc.encoding in expect
    assert 0 < doc.encoding_confidence <= 1


def test_short_koi8_samples_never_become_shift_jis(tmp_path):
    words = ("Российские войска атаковали Купянск Харьков обстрел позиции украинские силы отступили город "
             "район область").split()
    wrong = []
    for i in range(40):
        text = f"{words[i % len(words)]} {words[(i * 7 + 3) % len(words)]}"
        f = tmp_path / f"k{i}.txt"
        f.write_bytes(text.encode("koi8_r"))
        (doc,) = read_file(f)
        if isinstance(doc, IngestError) or doc.text != text:
            wrong.append((text, getattr(doc, "encoding", doc)))
    assert wrong == []


def test_cesu8_is_joined_not_mojibake(tmp_path):
    text = "Strike on Kharkiv 😀 confirmed"
    units = text.encode("utf-16-le")
    halves = "".join(chr(int.from_bytes(units[i:i + 2], "little")) for i in range(0, len(units), 2))
    f = tmp_path / "cesu.txt"
    f.write_bytes(halves.encode("utf-8", "surrogatepass"))
    (doc,) = read_file(f)
    assert doc.text == text and doc.encoding == "cesu-8"


def test_binary_with_nuls_is_still_refused(tmp_path):
    f = tmp_path / "blob.txt"
    f.write_bytes(bytes(range(256)) * 8)
    (err,) = read_file(f)
    assert isinstance(err, IngestError) and "binary" in err.reason


def test_an_uncertain_decode_is_stored_with_a_warning(tmp_path):
    f = tmp_path / "short.txt"
    f.write_bytes("Kupyansk é è".encode("latin-1"))  # two accents alone say little about the code page
    (doc,) = read_file(f)
    assert doc.text in ("Kupyansk é è", "Kupyansk é č")
    assert doc.encoding_confidence < 1 and (doc.warnings or doc.encoding_confidence >= 0.6)


# HTML -----------------------------------------------------------------------------------------------


def test_html_with_an_empty_article_reads_the_body(tmp_path):
    f = tmp_path / "page.html"
    f.write_text("<html><head><title>Lyman</title></head><body><article></article>"
                 "<p>Ukrainian forces liberated Lyman on October 1, 2022.</p></body></html>", encoding="utf-8")
    (doc,) = read_file(f)
    assert not isinstance(doc, IngestError), doc
    assert doc.text == "Ukrainian forces liberated Lyman on October 1, 2022." and doc.title == "Lyman"


# Files that are not regular files ------------------------------------------------------------------


def test_a_fifo_is_refused_without_blocking(tmp_path, db_path, assessment_text):
    (tmp_path / "ok.txt").write_text(assessment_text, encoding="utf-8")
    os.mkfifo(tmp_path / "x.txt")
    result: dict = {}
    worker = threading.Thread(target=lambda: result.update(
        s=ingest([tmp_path], Store.open(db_path), stages=STAGES, workers=1)), daemon=True)
    worker.start()
    worker.join(60)
    assert not worker.is_alive(), "ingest blocked on a FIFO"
    s = result["s"]
    assert (s.stored, s.failed) == (1, 1)
    assert s.errors == [f"{tmp_path / 'x.txt'}: cannot read file: a named pipe (FIFO), not a regular file"]


def test_a_device_named_explicitly_is_refused(tmp_path):
    (err,) = read_file(Path("/dev/zero"))
    assert isinstance(err, IngestError) and "character device" in err.reason


def test_dangling_links_and_link_loops_in_a_folder_are_reported(tmp_path, db_path, assessment_text):
    (tmp_path / "ok.txt").write_text(assessment_text, encoding="utf-8")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to(tmp_path, target_is_directory=True)  # a loop through a folder
    s = ingest([tmp_path], Store.open(db_path), stages=STAGES, workers=1)
    assert (s.stored, s.failed) == (1, 2), s.errors
    assert any("gone.txt: cannot follow a dangling symbolic link" in e for e in s.errors)
    assert any("loop: cannot follow a symbolic link loop" in e for e in s.errors)
    assert [p for p, _ in _failures(db_path)] == [str(tmp_path / "gone.txt"), str(tmp_path / "loop")]


def test_a_file_name_with_a_newline_stays_on_one_error_line(tmp_path):
    f = tmp_path / "bad\nname.txt"
    f.write_bytes(b"")
    (err,) = read_file(f)
    assert "\n" not in str(err) and "bad\\nname.txt: empty file" in str(err)
    assert [p.name for p in expand_paths([tmp_path])] == ["bad\nname.txt"]


# Humanitarian imports --------------------------------------------------------------------------------


def test_a_negative_count_in_a_humanitarian_import_is_a_warning_with_file_and_line(tmp_path):
    from frontscope.humanitarian.importer import import_files

    f = tmp_path / "unhcr.csv"
    f.write_text("year,coo_name,coo,coo_iso,coa_name,coa,coa_iso,refugees,asylum_seekers,returned_refugees,idps,"
                 "returned_idps,stateless,ooc,oip,hst\n"
                 "2022,Ukraine,UKR,UKR,Poland,POL,POL,1563386,0,0,0,0,0,0,,0\n"
                 "2023,Ukraine,UKR,UKR,Germany,GFR,DEU,-5,0,0,0,0,0,0,,0\n", encoding="utf-8")
    res = import_files([f])
    neg = [i for i in res.issues if i.code == "negative_count"]
    assert [(i.file, i.line, i.column, i.value, i.severity) for i in neg] == [(str(f), 3, "refugees", "-5", "warning")]
    assert "refugees = -5" in neg[0].message
    assert any(fig.value == -5 for fig in res.figures)  # kept as published, flagged


# Segmentation of hostile text -----------------------------------------------------------------------


def test_a_line_without_full_stops_is_cut_into_bounded_sentences_at_clause_breaks():
    from frontscope.model import Document
    from frontscope.nlp.endnotes import annotate_endnotes
    from frontscope.nlp.segment import HARD_MAX, segment

    clause = "Russian forces attacked near Kupyansk and Ukrainian forces repelled them; "
    doc = Document(text=clause * 2000)  # 150 KB, one line, no full stop
    annotate_endnotes(doc)
    segment(doc)
    lengths = [s.end - s.start for s in doc.sentences]
    assert len(doc.sentences) > 100 and max(lengths) <= HARD_MAX
    assert all(doc.text[s.start:s.end].endswith(";") for s in doc.sentences)
    assert len({s.paragraph for s in doc.sentences}) > 10  # an endless block counts as many paragraphs
    # Without any break at all, pieces still stop at the hard cap.
    doc = Document(text="x" * 5000)
    segment(doc)
    assert [s.end - s.start for s in doc.sentences] == [HARD_MAX] * 5


def test_real_sized_sentences_and_paragraphs_are_untouched(assessment_text):
    from frontscope.model import Document
    from frontscope.nlp.endnotes import annotate_endnotes
    from frontscope.nlp.segment import segment

    long_sentence = "Ukrainian forces advanced " + "and cleared villages near Kupyansk, " * 20 + "officials said."
    doc = Document(text=assessment_text.replace("Donetsk direction", long_sentence + "\n\nDonetsk direction"))
    annotate_endnotes(doc)
    segment(doc)
    assert any(doc.text[s.start:s.end] == long_sentence for s in doc.sentences)  # 760 characters, one sentence


def test_ingest_reports_a_document_stored_with_a_doubt_as_a_warning_line(tmp_path):
    from click.testing import CliRunner

    from frontscope.cli.main import cli

    f = tmp_path / "garbled.txt"
    f.write_bytes(b"\xed\x82\xcf\x96\xfd\x9d \xb8\xc3\xef\xdf\xbb")  # a few bytes no code page reads with confidence
    res = CliRunner().invoke(cli, ["ingest", str(f), "--db", str(tmp_path / "d.db"), "--workers", "1"])
    assert res.exit_code == 0, res.output
    warn = [line for line in res.output.splitlines() if line.startswith("warning ")]
    assert len(warn) == 1 and "garbled.txt" in warn[0] and "encoding uncertain" in warn[0]
    assert "1 stored" in res.output
