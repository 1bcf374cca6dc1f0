"""Exports a spreadsheet user can open safely: text that a spreadsheet would run as a formula reaches no
CSV cell live (claims CSV, ACLED, HXL), numbers stay numbers, and --bom writes UTF-8 with a BOM."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from frontscope.cli.main import cli
from frontscope.ingest.runner import ingest
from frontscope.render.exports import export_records, spreadsheet_safe
from frontscope.store.db import Store

# Paraphrased report sentences with spreadsheet payloads in front, as a scraped or hostile page carries.
HOSTILE = """Daily assessment (test fixture), September 11, 2022

Kharkiv direction

=HYPERLINK("http://evil.example/x","click") Russian forces withdrew from Kupyansk on September 10, a Russian \
milblogger claimed.

-2+3+cmd|' /C calc'!A0 Russian forces withdrew from Lyman on September 10, a Russian milblogger claimed.

@SUM(1+1) Russian forces withdrew from Izyum on September 10, a Russian milblogger claimed.

=HYPERLINK("http://evil.example/y") Russian forces struck Kharkiv City with missiles on September 10, the \
Ukrainian General Staff reported.
"""
PAYLOADS = ('=HYPERLINK("http://evil.example/', "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("hostile")
    (tmp / "2022-09-11_hostile.txt").write_text(HOSTILE, encoding="utf-8")
    db = tmp / "war.db"
    summary = ingest([tmp / "2022-09-11_hostile.txt"], Store.open(db), workers=1)
    assert summary.stored == 1, summary.errors
    return db


def _export(db: Path, out: Path, *args: str) -> list[list[str]]:
    res = CliRunner().invoke(cli, ["export", "--db", str(db), "--out", str(out), *args])
    assert res.exit_code == 0, res.output
    with out.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def _live_formulas(rows: list[list[str]]) -> list[str]:
    return [c for r in rows for c in r if c.startswith(FORMULA_START) and not _is_number(c)]


def _is_number(cell: str) -> bool:
    try:
        float(cell)
        return True
    except ValueError:
        return False


@pytest.mark.parametrize(("fmt", "what", "carries_text"), [
    ("csv", "claims", True), ("acled", "events", True), ("hxl", "events", True), ("hxl", "control", True),
    ("csv", "control", True), ("acled", "control", False)])
def test_no_live_formula_reaches_a_csv_cell(hostile_db, tmp_path, fmt, what, carries_text):
    rows = _export(hostile_db, tmp_path / "out.csv", "--format", fmt, "--what", what)
    cells = [c for r in rows for c in r]
    assert len(rows) >= 2 and _live_formulas(rows) == []
    if carries_text:  # the payloads are there, neutralised (a leading apostrophe) rather than dropped
        assert [c for c in cells if c.startswith("'") and c[1:].startswith(PAYLOADS)], "|".join(cells)


def test_claims_csv_neutralises_every_payload_in_text_and_source_text(hostile_db, tmp_path):
    rows = _export(hostile_db, tmp_path / "claims.csv", "--format", "csv", "--what", "claims")
    header, body = rows[0], rows[1:]
    texts = [r[header.index("text")] for r in body] + [r[header.index("source_text")] for r in body]
    for payload in PAYLOADS:
        assert any(t.startswith("'" + payload) for t in texts), (payload, texts)


def test_bom_option_writes_utf8_with_a_bom(hostile_db, tmp_path):
    _export(hostile_db, tmp_path / "bom.csv", "--format", "acled", "--what", "events", "--bom")
    _export(hostile_db, tmp_path / "plain.csv", "--format", "acled", "--what", "events")
    assert (tmp_path / "bom.csv").read_bytes().startswith(b"\xef\xbb\xbfevent_date,")
    assert (tmp_path / "plain.csv").read_bytes().startswith(b"event_date,")


@pytest.mark.parametrize(("value", "expected"), [
    ("=1+1", "'=1+1"), ("+cmd", "'+cmd"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"), ("＝1+1", "'＝1+1"), ("-5", "-5"), ("+3.25", "+3.25"), ("-1e-3", "-1e-3"),
    ("Kupyansk", "Kupyansk"), ("", ""), (-5, -5), (None, None),
])
def test_spreadsheet_safe_follows_owasp(value, expected):
    assert spreadsheet_safe(value) == expected


def test_negative_numbers_stay_numbers_in_acled_and_hxl(tmp_path):
    rec = {"id": "e1", "event_date": "2022-09-10", "event_type": "Battles", "sub_event_type": "Armed clash",
           "place": "Somewhere", "lat": -33.5, "lon": -70.25, "fatalities": 0, "notes": "-Kupyansk- was hit",
           "confidence": 0.5}
    for fmt in ("acled", "hxl", "csv"):
        out = export_records([rec], fmt, tmp_path / f"{fmt}.csv", "events")
        rows = list(csv.reader(out.open(encoding="utf-8", newline="")))
        cells = [c for r in rows for c in r]
        assert any(c in ("-33.50000", "-33.5") for c in cells), cells
        assert "'-Kupyansk- was hit" in cells and "-Kupyansk- was hit" not in cells


def test_the_export_registry_is_the_one_list_of_formats(tmp_path):
    import typing

    from frontscope.cli.products import export
    from frontscope.render.exports import FORMATS, WRITERS
    from frontscope.serve.api import ExportFormat

    choices = next(p for p in export.params if p.name == "fmt").type.choices
    assert list(choices) == list(FORMATS) and typing.get_args(ExportFormat) == FORMATS
    rec = {"id": 1, "event_date": "2022-09-10", "event_type": "Battles", "place": "Kupiansk", "lat": 49.71,
           "lon": 37.61, "notes": "Ukrainian forces liberated Kupiansk."}
    for w in WRITERS.values():
        assert "." + w.extension in w.suffixes  # what the API names the file is what the CLI accepts
        out = export_records([rec], w.name, tmp_path / f"events.{w.extension}", "events")
        assert out.stat().st_size > 0 and ("Kupiansk" in out.read_bytes().decode("utf-8", "replace")
                                           or w.name == "parquet")
