"""UNHCR Refugee Data Finder tables (population, flows, solutions, demographics, IDMC-via-UNHCR).

One tidy figure per non-zero cell. UNHCR fills categories that do not apply with 0, so zero and
empty cells make no figure (they are counted in `FileReport.cells_skipped`). UNHCR also rounds
counts below 5 up to 5 for privacy; values of exactly 5 carry `extra["rounded_small"] = True`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from frontscope.humanitarian.figures import Figure, FileReport, Issue, parse_number, parse_year

KEY_COLUMNS = {"year", "coo_name", "coo", "coo_iso", "coa_name", "coa", "coa_iso"}

# table -> {column: (metric, kind)}; kind "stock" (people at year end) or "flow" (during the year).
TABLES: dict[str, dict[str, tuple[str, str]]] = {
    "population": {
        "refugees": ("refugees", "stock"), "asylum_seekers": ("asylum_seekers", "stock"),
        "returned_refugees": ("returned_refugees", "flow"), "idps": ("idps", "stock"),
        "returned_idps": ("returned_idps", "flow"), "stateless": ("stateless", "stock"),
        "ooc": ("others_of_concern", "stock"), "oip": ("oip", "stock"), "hst": ("host_community", "stock"),
    },
    "flows": {
        "refugees": ("new_refugees", "flow"), "asylum_seekers": ("new_asylum_seekers", "flow"),
        "refugee_like": ("new_refugee_like", "flow"), "oip": ("new_oip", "flow"),
    },
    "solutions": {
        "returned_refugees": ("returned_refugees", "flow"), "resettlement": ("resettlement", "flow"),
        "naturalisation": ("naturalisation", "flow"), "returned_idps": ("returned_idps", "flow"),
    },
    "idmc": {"total": ("idps", "stock")},
}
POP_TYPES = {
    "REF": "refugees", "ASY": "asylum_seekers", "IDP": "idps", "OOC": "others_of_concern",
    "STA": "stateless", "OIP": "oip", "HST": "host_community", "RET": "returned_refugees",
    "RDP": "returned_idps", "ROC": "refugee_like", "VDA": "venezuelans_displaced_abroad",
}
AGE_BANDS = ("0_4", "5_11", "12_17", "18_59", "60", "other")


def detect_table(header: list[str]) -> str | None:
    """Which UNHCR table a CSV header belongs to (None: not a UNHCR figures table)."""
    cols = {h.strip().lower() for h in header}
    if {"iso_code", "unhcr_code", "unhcr_region"} <= cols:
        return "countries"
    if not {"year", "coo_iso", "coa_iso"} <= cols:
        return None
    if "pop_type" in cols and "total" in cols:
        return "demographics"
    if "resettlement" in cols or "naturalisation" in cols:
        return "solutions"
    if "refugee_like" in cols:
        return "flows"
    if "returned_idps" in cols and "stateless" in cols:
        return "population"
    if cols - KEY_COLUMNS == {"total"}:
        return "idmc"
    return None


def read_rows(table: str, rows: Iterator[tuple[int, list[str]]], header: list[str], file: str,
              report: FileReport) -> tuple[list[Figure], list[Issue]]:
    """Figures from the data rows of one UNHCR table (the header already read)."""
    figures: list[Figure] = []
    issues: list[Issue] = []
    h = [c.strip().lower() for c in header]
    if table == "countries":
        report.kind, report.note = "reference", "UNHCR country list (codes and regions): reference, no figures"
        report.rows = sum(1 for _ in rows)
        return figures, issues
    for line, cells in rows:
        report.rows += 1
        if len(cells) != len(h):
            report.rows_dropped += 1
            issues.append(Issue(file=file, line=line, code="truncated_row" if len(cells) < len(h) else "extra_fields",
                                severity="error", message=f"row has {len(cells)} of {len(h)} fields; dropped"))
            continue
        rec = dict(zip(h, cells, strict=True))
        year = parse_year(rec.get("year"))
        if year is None:
            report.rows_dropped += 1
            issues.append(Issue(file=file, line=line, code="bad_year", severity="error", value=rec.get("year"),
                                message=f"year {rec.get('year')!r} not understood; row dropped"))
            continue
        base = {"dataset": "unhcr", "source_file": file, "source_line": line, "year": year,
                "origin": rec["coo_iso"] or None, "asylum": rec["coa_iso"] or None}
        if table == "demographics":
            fig = _demographics(rec, base, issues, file, line, report)
            if fig:
                figures.append(fig)
            continue
        for col, (metric, kind) in TABLES[table].items():
            cell = parse_number(rec.get(col))
            if cell.status == "na" or cell.status == "text":
                issues.append(Issue(file=file, line=line, code="na_value" if cell.status == "na" else "non_numeric",
                                    severity="info" if cell.status == "na" else "warning", column=col,
                                    value=rec.get(col), message=f"{col}: {rec.get(col)!r} is not a count; no figure"))
            if not cell.value:
                report.cells_skipped += 1
                continue
            extra: dict[str, Any] = {"table": table, "kind": kind}
            if table == "idmc":
                extra["source"] = "IDMC via UNHCR"
            if cell.value == 5:
                extra["rounded_small"] = True
            figures.append(Figure(metric=metric, value=cell.value, extra=extra, **base))
    report.figures = len(figures)
    return figures, issues


def _demographics(rec: dict[str, str], base: dict[str, Any], issues: list[Issue], file: str, line: int,
                  report: FileReport) -> Figure | None:
    total = parse_number(rec.get("total")).value
    if not total:
        report.cells_skipped += 1
        return None
    pop_type = rec.get("pop_type", "").strip().upper()
    metric = POP_TYPES.get(pop_type)
    if metric is None:
        metric = pop_type.lower() or "unknown"
        issues.append(Issue(file=file, line=line, code="unknown_pop_type", value=pop_type, severity="info",
                            message=f"population type {pop_type!r} is not one UNHCR documents; kept as {metric!r}"))
    breakdown = {k: parse_number(rec.get(k)).value or 0.0 for k in rec if k[:2] in ("f_", "m_")}
    for sex in ("f", "m"):
        parts = sum(breakdown.get(f"{sex}_{b}", 0.0) for b in AGE_BANDS)
        stated = breakdown.get(f"{sex}_total", 0.0)
        if abs(parts - stated) > 1:
            issues.append(Issue(file=file, line=line, code="total_mismatch", column=f"{sex}_total",
                                value=f"{stated:g}", message=f"{sex}_total is {stated:,.0f} but its age bands add "
                                f"up to {parts:,.0f}; both kept"))
    sexes = breakdown.get("f_total", 0.0) + breakdown.get("m_total", 0.0)
    if sexes and abs(sexes - total) > 1:
        # Common and legitimate when only part of a population has a sex/age breakdown: noted, not judged.
        issues.append(Issue(file=file, line=line, code="partial_breakdown", severity="info", value=f"{total:g}",
                            message=f"total {total:,.0f} but f_total + m_total = {sexes:,.0f}: "
                                    "breakdown covers part of the population"))
    extra: dict[str, Any] = {"table": "demographics", "kind": "stock", "location": rec.get("location"),
                             "loc_type": rec.get("loc_type"), "acc_type": rec.get("acc_type")}
    if sexes:
        extra["breakdown"] = {k: v for k, v in breakdown.items() if v}
    return Figure(metric=metric, value=total, extra=extra, **base)
