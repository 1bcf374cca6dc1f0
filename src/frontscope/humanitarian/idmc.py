"""IDMC Global Internal Displacement Database (GIDD), conflict and violence, country × year.

Two different things share a row and must never be added together:
- `new_displacement`: *movements* during the year. One person displaced three times counts three times,
  so it is not a number of people (metric `new_displacements`, kind "flow", unit "movements").
- `total_displacement`: *people* living in internal displacement at year end (metric `idps`, kind "stock").
Zeros are kept here (unlike UNHCR's zero-filled tables): IDMC writes 0 for "no new displacement recorded".
"""

from __future__ import annotations

from collections.abc import Iterator

from frontscope.humanitarian import validate
from frontscope.humanitarian.figures import Figure, FileReport, Issue, parse_number, parse_year

COLUMNS = {
    "new_displacement": ("new_displacements", "flow", "movements"),
    "total_displacement": ("idps", "stock", "people"),
}


def detect(header: list[str]) -> bool:
    cols = {h.strip().lower() for h in header}
    return {"iso3", "year"} <= cols and bool(cols & set(COLUMNS))


def read_rows(rows: Iterator[tuple[int, list[str]]], header: list[str], file: str,
              report: FileReport) -> tuple[list[Figure], list[Issue]]:
    figures: list[Figure] = []
    issues: list[Issue] = []
    h = [c.strip().lower() for c in header]
    for line, cells in rows:
        report.rows += 1
        if len(cells) < len(h):
            report.rows_dropped += 1
            issues.append(Issue(file=file, line=line, code="truncated_row", severity="error",
                                message=f"row has {len(cells)} of {len(h)} fields (cut short?); dropped"))
            continue
        rec = dict(zip(h, cells, strict=False))
        year = parse_year(rec.get("year"))
        iso3 = (rec.get("iso3") or "").strip().upper() or None
        if year is None or iso3 is None:
            report.rows_dropped += 1
            issues.append(Issue(file=file, line=line, code="bad_key", severity="error",
                                message=f"row without a usable year/iso3 ({rec.get('year')!r}, {rec.get('iso3')!r}); dropped"))
            continue
        for col, (metric, kind, unit) in COLUMNS.items():
            if col not in rec:
                continue
            cell = parse_number(rec[col])
            if cell.status in ("na", "text"):
                issues.append(Issue(file=file, line=line, code="na_value" if cell.status == "na" else "non_numeric",
                                    severity="info" if cell.status == "na" else "warning", column=col, value=rec[col],
                                    message=f"{col}: {rec[col]!r} is not a count; no figure (not read as 0)"))
            if cell.value is None:
                report.cells_skipped += 1
                continue
            extra = {"kind": kind, "unit": unit, "country_name": rec.get("country_name"), "cause": "conflict"}
            rounded = parse_number(rec.get(f"{col}_rounded")).value
            if rounded is not None:
                extra["rounded"] = rounded
            # IDPs live in their own country: origin and "asylum" are the same, as in UNHCR's IDP rows.
            figures.append(Figure(dataset="idmc", source_file=file, source_line=line, metric=metric,
                                  value=cell.value, year=year, origin=iso3, asylum=iso3, extra=extra))
    report.figures = len(figures)
    flows = {(f.origin, f.year): f.value or 0.0 for f in figures if f.metric == "new_displacements"}
    issues.extend(validate.check_step_changes(
        figures, file, "idps", flows=flows, key=lambda f: f.origin, flow_key=lambda f: (f.origin, f.year),
        severity="info"))  # annual stocks also move with returns, which GIDD does not give here
    return figures, issues
