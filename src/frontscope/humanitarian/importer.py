"""`import_files(paths)`: UNHCR, IDMC and HXL-tagged files → figures, issues and a report per file.

Every file is read on its own inside a guard: a file that cannot be read yields a `FileReport` with
the reason and an error `Issue`, and the next file is read as if nothing happened. Within a file, a
bad row is reported with its line and dropped; good rows are kept.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import time
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from frontscope.humanitarian import hxl, idmc, unhcr, validate
from frontscope.humanitarian.figures import Figure, FileReport, ImportResult, Issue

KINDS = ("auto", "unhcr", "idmc", "hxl")
MAX_BYTES = 200 * 1024 * 1024  # refuse anything larger: these are tables, not dumps


class ImportFailed(Exception):
    """A whole file could not be read; the message is the reason shown to the user."""


def import_files(paths: Iterable[str | Path], kind: str = "auto") -> ImportResult:
    """Read each file (CSV, CSV.GZ, XLSX, JSON) as `kind` (auto: detect from the header)."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    result = ImportResult()
    for p in paths:
        result.extend(import_file(p, kind))
    return result


def import_file(path: str | Path, kind: str = "auto") -> ImportResult:
    path = Path(path)
    name = str(path)
    report = FileReport(path=name, kind=kind)
    res = ImportResult(files=[report])
    t0 = time.perf_counter()
    try:
        if not path.is_file():
            raise ImportFailed("no such file")
        if path.stat().st_size > MAX_BYTES:
            raise ImportFailed(f"file is larger than {MAX_BYTES // 2**20} MiB")
        figures, issues = _read(path, kind, report)
        res.figures, res.issues = figures, issues + validate.check_negative(figures, name)
    except ImportFailed as e:
        report.error = str(e)
    except (OSError, UnicodeDecodeError, csv.Error, ValueError, KeyError, zipfile.BadZipFile) as e:
        # ValueError covers json.JSONDecodeError; anything else is a bug and should surface.
        report.error = f"{type(e).__name__}: {e}"
    if report.error:
        res.figures = []
        res.issues.append(Issue(file=name, line=None, code="file_failed", severity="error",
                                message=f"not imported: {report.error}"))
    report.figures = len(res.figures)
    report.seconds = time.perf_counter() - t0
    return res


def _suffix(path: Path) -> str:
    s = "".join(path.suffixes[-2:]).lower()
    return s if s.endswith(".gz") else path.suffix.lower()


def _read(path: Path, kind: str, report: FileReport) -> tuple[list[Figure], list[Issue]]:
    suffix = _suffix(path)
    if suffix in (".csv", ".csv.gz", ".tsv", ".txt"):
        return _read_csv(path, kind, report)
    if suffix in (".xlsx", ".xlsm"):
        _need_hxl(kind, "an XLSX workbook")
        return _read_xlsx(path, report)
    if suffix in (".json", ".geojson"):
        _need_hxl(kind, "a JSON file")
        return _read_json(path, report)
    if suffix in (".html", ".htm"):
        raise ImportFailed("an HTML page, not a data table (the HXL hashtag dictionary is documentation)")
    if suffix == ".xls":
        raise ImportFailed("old binary .xls workbooks are not supported; save as .xlsx or .csv")
    raise ImportFailed(f"unsupported file type {suffix or '(none)'}; expected .csv, .csv.gz, .xlsx or .json")


def _need_hxl(kind: str, what: str) -> None:
    if kind in ("unhcr", "idmc"):
        raise ImportFailed(f"--kind {kind} expects a CSV table, but this is {what}")


# CSV ------------------------------------------------------------------------------------------------


def _open_text(path: Path) -> io.TextIOBase:
    raw = gzip.open(path, "rb").read() if path.suffix.lower() == ".gz" else path.read_bytes()
    for enc in ("utf-8-sig", "cp1251", "latin-1"):
        try:
            return io.StringIO(raw.decode(enc), newline="")
        except UnicodeDecodeError:
            continue
    raise ImportFailed("cannot decode the file as UTF-8, CP1251 or Latin-1")  # pragma: no cover


def _csv_rows(fh: io.TextIOBase) -> Iterator[tuple[int, list[str]]]:
    sample = fh.read(8192)
    fh.seek(0)
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(fh, dialect)
    for row in reader:
        yield reader.line_num, row


def _read_csv(path: Path, kind: str, report: FileReport) -> tuple[list[Figure], list[Issue]]:
    name = str(path)
    rows = _csv_rows(_open_text(path))
    first = next(rows, None)
    if first is None:
        raise ImportFailed("empty file")
    header = first[1]
    table = unhcr.detect_table(header)
    if kind in ("auto", "unhcr") and table:
        report.kind = "unhcr"
        return unhcr.read_rows(table, rows, header, name, report)
    if kind in ("auto", "idmc") and idmc.detect(header):
        report.kind = "idmc"
        return idmc.read_rows(rows, header, name, report)
    if kind in ("unhcr", "idmc"):
        raise ImportFailed(f"--kind {kind}: the header ({', '.join(header[:6])}…) is not a "
                           f"{'UNHCR Refugee Data Finder' if kind == 'unhcr' else 'IDMC GIDD'} table")
    all_rows = [first, *rows]
    return _hxl_table(all_rows, name, None, report, check_width=True)


def _hxl_table(rows: list[tuple[int, list[Any]]], name: str, sheet: str | None, report: FileReport,
               check_width: bool) -> tuple[list[Figure], list[Issue]]:
    issues: list[Issue] = []
    if hxl.find_hashtag_row([r for _, r in rows]) is None:
        guessed = hxl.guess_hashtags(rows[0][1]) if rows else None
        if guessed is None:
            raise ImportFailed("no HXL hashtag row in the first 25 rows, and the header is not a UNHCR, "
                               "IDMC or P-coded population table")
        issues.append(Issue(file=name, sheet=sheet, line=rows[0][0], code="no_hashtags", severity="info",
                            message="no HXL hashtag row; columns read from their headers as "
                                    + ", ".join(f"{h}={t}" for h, t in zip(rows[0][1], guessed, strict=False) if t)))
        rows = [rows[0], (rows[0][0], guessed), *rows[1:]]
    res = hxl.parse_table(rows, name, sheet=sheet, check_width=check_width)
    report.kind = "hxl"
    if res.is_pcode_list:
        report.kind = "pcodes"
        report.rows += len(rows) - 2
        report.note = "P-code reference list (admin units, no figures)"
        return [], issues + res.issues
    report.rows += res.rows
    report.rows_dropped += res.rows_dropped
    report.cells_skipped += res.cells_skipped
    figs = res.figures
    issues += res.issues
    issues += validate.check_kyiv(figs, name)
    issues += validate.check_method_breaks(figs, name)
    for metric in ("idps", "refugees", "returnees"):
        issues += validate.check_step_changes([f for f in figs if f.date], name, metric)
    return figs, issues


# XLSX -----------------------------------------------------------------------------------------------


def _read_xlsx(path: Path, report: FileReport) -> tuple[list[Figure], list[Issue]]:
    import openpyxl

    name = str(path)
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    figures: list[Figure] = []
    issues: list[Issue] = []
    read, skipped = [], []
    try:
        for ws in wb.worksheets:
            rows = [(i, list(r)) for i, r in enumerate(ws.iter_rows(values_only=True), start=1)]
            if hxl.find_hashtag_row([r for _, r in rows]) is None:
                skipped.append(ws.title)
                continue
            f, i = _hxl_table(rows, name, ws.title, report, check_width=False)
            figures += f
            issues += i
            read.append(ws.title)
    finally:
        wb.close()
    if not read:
        raise ImportFailed(f"no sheet has an HXL hashtag row (sheets: {', '.join(skipped)})")
    report.kind = "hxl"
    report.note = f"sheets read: {', '.join(read)}" + (f"; without hashtags, skipped: {', '.join(skipped)}"
                                                       if skipped else "")
    return figures, issues


# JSON -----------------------------------------------------------------------------------------------


def _read_json(path: Path, report: FileReport) -> tuple[list[Figure], list[Issue]]:
    name = str(path)
    data = json.loads(path.read_text(encoding="utf-8-sig"))
    if isinstance(data, dict) and data.get("type") == "FeatureCollection":
        props = sorted({k for f in data.get("features", []) for k in (f.get("properties") or {})})
        tables = {"features": [f.get("properties") or {} for f in data.get("features", [])]}
        if not any(str(k).startswith("#") for k in props):
            raise ImportFailed(f"GeoJSON with {len(tables['features'])} features whose properties "
                               f"({', '.join(props[:6])}…) carry no HXL hashtags: no figures to read")
    elif isinstance(data, dict):
        tables = {k: v for k, v in data.items() if isinstance(v, list)}
    elif isinstance(data, list):
        tables = {"": data}
    else:
        raise ImportFailed("JSON is neither an object of record lists nor a list")
    figures: list[Figure] = []
    issues: list[Issue] = []
    read = []
    for key, records in tables.items():
        rows = _json_rows(records)
        if not rows or hxl.find_hashtag_row([r for _, r in rows]) is None:
            continue
        f, i = _hxl_table(rows, name, key or None, report, check_width=False)
        figures += f
        issues += i
        read.append(key or "(list)")
    if not read:
        raise ImportFailed("no HXL hashtags in the JSON keys or first rows")
    report.note = f"record lists read: {', '.join(read)}; line = record number within its list"
    return figures, issues


def _json_rows(records: list[Any]) -> list[tuple[int, list[Any]]]:
    """HXL JSON comes as a list of objects keyed by hashtag, or as a list of rows (hashtag row first)."""
    if records and all(isinstance(r, dict) for r in records):
        keys: list[str] = []
        for r in records:
            keys += [k for k in r if k not in keys]
        return [(0, list(keys)), *((i, [r.get(k) for k in keys]) for i, r in enumerate(records, start=1))]
    if records and all(isinstance(r, list) for r in records):
        return list(enumerate(records, start=1))
    return []
