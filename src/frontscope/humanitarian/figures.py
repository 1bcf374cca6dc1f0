"""The tidy shapes every humanitarian importer produces: figures, validation issues, per-file reports.

`Figure` mirrors the `humanitarian_figures` table column for column (see `frontscope.store.schema`),
so a row is `dataclasses.asdict(figure)` minus nothing. Importers never fix data silently: anything
odd becomes an `Issue` with the file and line, and the figure is kept, skipped or dropped as the issue
says.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

DATASETS = ("unhcr", "idmc", "hxl", "text")
SEVERITIES = ("error", "warning", "info")  # error: the row/file was dropped; warning: kept but suspect


@dataclass
class Figure:
    dataset: str  # unhcr | idmc | hxl | text
    source_file: str
    source_line: int | None
    metric: str  # refugees, idps, new_displacements, inneed, population, killed ...
    value: float | None
    date: dt.date | None = None
    year: int | None = None
    origin: str | None = None  # ISO3 country of origin
    asylum: str | None = None  # ISO3 country of asylum
    admin1_pcode: str | None = None
    admin2_pcode: str | None = None
    admin_name: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def row(self) -> dict[str, Any]:
        """The dict to insert into `humanitarian_figures`."""
        return asdict(self)


@dataclass
class Issue:
    file: str
    line: int | None  # 1-based line (CSV) or row (XLSX) in the file; None: the whole file
    code: str  # e.g. unknown_pcode, kyiv_swap, na_value, starred_name, total_mismatch, method_break
    message: str
    severity: str = "warning"
    column: str | None = None
    value: str | None = None
    sheet: str | None = None

    def where(self) -> str:
        loc = self.file
        if self.sheet:
            loc += f"[{self.sheet}]"
        if self.line is not None:
            loc += f":{self.line}"
        return loc

    def __str__(self) -> str:
        return f"{self.where()}: {self.severity}: {self.message}"


@dataclass
class FileReport:
    path: str
    kind: str  # unhcr | idmc | hxl | pcodes | reference | unknown
    rows: int = 0  # data rows read
    figures: int = 0
    rows_dropped: int = 0
    cells_skipped: int = 0  # empty, zero-filled or n/a cells that produced no figure
    seconds: float = 0.0
    error: str | None = None  # the file could not be read at all (reason)
    note: str = ""

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class ImportResult:
    figures: list[Figure] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    files: list[FileReport] = field(default_factory=list)

    def extend(self, other: ImportResult) -> None:
        self.figures.extend(other.figures)
        self.issues.extend(other.issues)
        self.files.extend(other.files)

    def shown_issues(self, level: str) -> list[Issue]:
        """The issues at `level`: none, errors, warnings (errors and warnings) or all."""
        return [i for i in self.issues if i.severity in ISSUE_LEVELS[level]]

    def to_json(self, level: str, written: int) -> dict[str, Any]:
        return {"files": [vars(f) for f in self.files], "written": written,
                "issues": [vars(i) for i in self.shown_issues(level)]}

    def report_lines(self, level: str, written: int, dry_run: bool) -> list[str]:
        """The import as text: the issues at `level`, one line per file, then the totals."""
        lines = [str(i) for i in self.shown_issues(level)]
        for f in self.files:
            status = f"FAILED: {f.error}" if f.error else f"{f.figures:,} figures from {f.rows:,} rows"
            extra = f", {f.rows_dropped} rows dropped" if f.rows_dropped else ""
            lines.append(f"{f.path}  [{f.kind}]  {status}{extra}  ({f.seconds:.2f} s){'  ' + f.note if f.note else ''}")
        counts = Counter(i.severity for i in self.issues)
        lines.append(f"{len(self.figures):,} figures; issues: {dict(counts)}; "
                     + ("dry run, nothing written" if dry_run else f"{written:,} rows written"))
        return lines


ISSUE_LEVELS = {"none": set(), "errors": {"error"}, "warnings": {"error", "warning"},
                "all": {"error", "warning", "info"}}


# Cell parsing ---------------------------------------------------------------------------------------

# Written-out "no data" markers seen in humanitarian tables. They are reported, never read as zero.
NA_MARKERS = {"n/a", "na", "n.a.", "n.a", "-", "--", "—", "–", "..", "...", "x", "nd", "n/d", "none", "null",
              "nan", "#n/a", "#value!", "#ref!", "#div/0!", "?", "unknown", "not available"}
_NUM = re.compile(r"^[+-]?(\d{1,3}([ ,\u00a0\u202f]\d{3})+|\d+)(\.\d+)?$")


@dataclass
class Cell:
    value: float | None
    status: str  # "ok" | "empty" | "na" | "text"


def parse_number(raw: Any) -> Cell:
    """A table cell to a number, saying why when it is not one (thousands separators are accepted)."""
    if raw is None:
        return Cell(None, "empty")
    if isinstance(raw, bool):
        return Cell(None, "text")
    if isinstance(raw, int | float):
        if isinstance(raw, float) and math.isnan(raw):
            return Cell(None, "na")
        return Cell(float(raw), "ok")
    s = str(raw).strip()
    if not s:
        return Cell(None, "empty")
    if s.lower() in NA_MARKERS:
        return Cell(None, "na")
    if _NUM.match(s):
        return Cell(float(re.sub(r"[ ,\u00a0\u202f]", "", s)), "ok")
    return Cell(None, "text")


_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%Y/%m/%d", "%d-%m-%Y", "%Y-%m", "%b %Y", "%B %Y")


def parse_date(raw: Any) -> dt.date | None:
    if raw is None:
        return None
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    s = str(raw).strip()
    if not s:
        return None
    if "T" in s[:11]:
        s = s.split("T", 1)[0]
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(s, fmt).date()
        except ValueError:
            continue
    return None


def parse_year(raw: Any) -> int | None:
    cell = parse_number(raw)
    if cell.value is None or cell.value != int(cell.value) or not 1900 <= cell.value <= 2100:
        return None
    return int(cell.value)
