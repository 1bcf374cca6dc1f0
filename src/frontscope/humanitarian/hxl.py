"""HXL-tagged tables (CSV, XLSX sheets, HXL-keyed JSON) → tidy `Figure` rows.

HXL (hxlstandard.org) puts a row of hashtags such as `#adm1+code` or `#affected+idps` under (or instead
of) the human header. Real files are loose about it: `#admin1 +code` (HXL 1.0 name, stray space),
`#adm1+Name`, a trailing space that turns `#affected ` into a second "total" column, or a plain
`admin1Pcode` header left untagged in the hashtag row. Each looseness is read as meant *and reported*,
so a user can see every reading the importer made.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from frontscope.humanitarian import pcodes
from frontscope.humanitarian.figures import Figure, Issue, parse_date, parse_number, parse_year

# HXL 1.0 names and common misspellings → HXL 1.1 names.
TAG_ALIASES = {"admin1": "adm1", "admin2": "adm2", "admin3": "adm3", "admin4": "adm4", "adm0": "country"}
# Tags whose cells are numbers to keep as figures.
VALUE_TAGS = {"affected", "inneed", "population", "targeted", "reached", "severity", "value", "capacity",
              "output", "indicator", "idps", "refugees", "returnees", "household", "beneficiary"}
# Attributes that make any tag a count (e.g. `#loc+count+health`, `#org+count+num`).
VALUE_ATTRS = {"num", "count", "total", "ind", "pct", "usd"}
# Attributes that name a text column even under a value tag (`#indicator+name`).
TEXT_ATTRS = {"name", "names", "code", "type", "label", "text", "url", "id"}
# A short metric name for common tags (keys: tag + sorted attributes).
CANONICAL = {
    "affected+idps": "idps",
    "affected+refugees": "refugees",
    "affected+returnees": "returnees",
    "affected+killed": "killed",
    "affected+injured": "injured",
    "affected+inneed+total": "inneed",
    "affected+inneed+idps": "inneed+idps",
    "affected+inneed+returnees": "inneed+returnees",
    "affected+inneed+nondisplaced": "inneed+nondisplaced",
}
POP_GROUPS = {"idps", "returnees", "refugees", "nondisplaced", "non_displaced", "hostcommunity", "host"}
_TOTAL_LABEL = re.compile(r"\b(total|overall|intersectoral|all)\b", re.I)
_NONDISPLACED_LABEL = re.compile(r"non[\s-]*displaced", re.I)
# Untagged headers sometimes left in a hashtag row (e.g. `admin1Pcode`, `admin2Name_en`).
_UNTAGGED_ADMIN = re.compile(r"^adm(?:in)?([12])[_ ]?(p?code|name)", re.I)


@dataclass
class Hashtag:
    tag: str
    attrs: tuple[str, ...]
    raw: str

    @property
    def text(self) -> str:
        return "#" + "+".join((self.tag, *self.attrs))

    @property
    def key(self) -> str:
        return "+".join((self.tag, *self.attrs))


def normalize_hashtag(raw: Any) -> Hashtag | None:
    """`'#Admin1 +Code'` → `#adm1+code`: lower case, no spaces, HXL 1.1 names, attributes sorted (HXL
    attributes are unordered, so `+f+children` and `+children+f` are the same column kind)."""
    if raw is None:
        return None
    s = str(raw).strip()
    if not s.startswith("#"):
        return None
    s = re.sub(r"\s+", "", s.lower())
    parts = s[1:].split("+")
    tag = TAG_ALIASES.get(parts[0], parts[0])
    if not re.match(r"^[a-z][a-z0-9_]*$", tag):
        return None
    attrs = tuple(sorted({a for a in parts[1:] if re.match(r"^[a-z0-9_]+$", a)}))
    return Hashtag(tag, attrs, str(raw))


def is_hashtag_row(row: list[Any]) -> bool:
    cells = [str(c).strip() for c in row if c is not None and str(c).strip()]
    tagged = sum(1 for c in cells if normalize_hashtag(c))
    # Untagged admin headers (`admin1Pcode`) left in a hashtag row still mark it as one.
    looks = tagged + sum(1 for c in cells if _UNTAGGED_ADMIN.match(c))
    return tagged >= 1 and looks * 2 >= len(cells)


def find_hashtag_row(rows: list[list[Any]], scan: int = 25) -> int | None:
    for i, row in enumerate(rows[:scan]):
        if is_hashtag_row(row):
            return i
    return None


@dataclass(eq=False)  # hashed by identity: two columns may carry the same hashtag
class Column:
    index: int
    label: str  # the human header above the hashtag (may be "")
    hashtag: Hashtag
    role: str  # adm1_code | adm2_code | adm1_name | adm2_name | date | year | country | value | text | skip
    metric: str = ""


@dataclass
class TableResult:
    figures: list[Figure] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    rows: int = 0
    rows_dropped: int = 0
    cells_skipped: int = 0
    is_pcode_list: bool = False


def _role(h: Hashtag) -> str:
    a = set(h.attrs)
    if h.tag in ("adm1", "adm2"):
        return f"{h.tag}_code" if "code" in a else f"{h.tag}_name"
    if h.tag == "date":
        return "year" if "year" in a else "date"
    if "date" in a:
        return "date"
    if h.tag == "country":
        return "country" if "code" in a else "text"
    if a & TEXT_ATTRS and not a & VALUE_ATTRS:
        return "text"
    if h.tag in VALUE_TAGS or a & VALUE_ATTRS:
        return "value"
    return "text"


def _slug(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")


def build_columns(tags: list[Any], labels: list[Any], where: dict[str, Any]) -> tuple[list[Column], list[Issue]]:
    """Columns with roles and metric names; reports every non-standard hashtag it had to read."""
    issues: list[Issue] = []
    cols: list[Column] = []
    for i, raw in enumerate(tags):
        label = re.sub(r"\s+", " ", str(labels[i])).strip() if i < len(labels) and labels[i] is not None else ""
        h = normalize_hashtag(raw)
        if h is None:
            m = _UNTAGGED_ADMIN.match(str(raw).strip()) if raw is not None else None
            if m:
                kind = "code" if "code" in m.group(2).lower() else "name"
                h = Hashtag(f"adm{m.group(1)}", (kind,), str(raw))
                issues.append(Issue(line=where["line"], code="untagged_column", column=str(raw),
                                    message=f"column {i + 1} header {raw!r} has no hashtag; read as {h.text}",
                                    severity="info", **_loc(where)))
            else:
                continue
        else:
            if re.search(r"\s", h.raw) or h.raw != h.raw.lower():
                issues.append(Issue(line=where["line"], code="hashtag_spacing", column=h.raw,
                                    message=f"hashtag {h.raw!r} (column {i + 1}) has spaces or capitals; "
                                            f"read as {h.text}", severity="info", **_loc(where)))
            if h.raw.strip().lower().lstrip("#").split("+")[0].strip() in TAG_ALIASES:
                issues.append(Issue(line=where["line"], code="hashtag_old_name", column=h.raw,
                                    message=f"hashtag {h.raw!r} uses the HXL 1.0 name; read as {h.text}",
                                    severity="info", **_loc(where)))
        role = _role(h)
        cols.append(Column(i, label, h, role, CANONICAL.get(h.key, h.key) if role == "value" else ""))
    _name_duplicates(cols, issues, where)
    return cols, issues


def _name_duplicates(cols: list[Column], issues: list[Issue], where: dict[str, Any]) -> None:
    """Give repeated value hashtags distinct metric names from their headers, and say so."""
    by_metric: dict[str, list[Column]] = {}
    for c in cols:
        if c.role == "value":
            by_metric.setdefault(c.metric, []).append(c)
    for metric, group in by_metric.items():
        if len(group) < 2:
            continue
        totals = [c for c in group if _TOTAL_LABEL.search(c.label)]
        for c in group:
            if len(totals) == 1 and c is totals[0]:
                continue
            if _NONDISPLACED_LABEL.search(c.label):
                c.metric = f"{metric}+nondisplaced"
            elif c.label:
                c.metric = f"{metric}+{_slug(c.label)}"
            else:
                c.metric = f"{metric}+col{c.index + 1}"
        issues.append(Issue(line=where["line"], code="duplicate_hashtag", column=f"#{metric}",
                            message=f"hashtag #{metric} heads {len(group)} columns; told apart by their headers as "
                                    + ", ".join(c.metric for c in group),
                            severity="info", **_loc(where)))


def _loc(where: dict[str, Any]) -> dict[str, Any]:
    return {"file": where["file"], "sheet": where.get("sheet")}


def _text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def parse_table(rows: Iterable[tuple[int, list[Any]]], file: str, sheet: str | None = None,
                dataset: str = "hxl", check_width: bool = True) -> TableResult:
    """Rows as (line number, cells) → figures. The hashtag row is searched in the first 25 rows; the row
    above it gives the column labels. `check_width`: a data row shorter than the hashtag row was cut
    (CSV only: spreadsheets drop trailing empty cells legitimately)."""
    res = TableResult()
    rows = list(rows)
    idx = find_hashtag_row([r for _, r in rows])
    if idx is None:
        res.issues.append(Issue(file=file, sheet=sheet, line=None, code="no_hashtags", severity="info",
                                message="no HXL hashtag row in the first 25 rows; nothing read"))
        return res
    tag_line, tag_row = rows[idx]
    labels = rows[idx - 1][1] if idx > 0 else []
    where = {"file": file, "sheet": sheet, "line": tag_line}
    cols, issues = build_columns(tag_row, labels, where)
    res.issues.extend(issues)
    if any(c.hashtag.tag == "adm" and "code" in c.hashtag.attrs for c in cols):
        res.is_pcode_list = True
        return res
    width = max((c.index for c in cols), default=-1) + 1
    data = rows[idx + 1:]
    for line, cells in data:
        if not any(c is not None and str(c).strip() for c in cells):
            continue
        res.rows += 1
        if check_width and len(cells) < width:
            res.rows_dropped += 1
            res.issues.append(Issue(file=file, sheet=sheet, line=line, code="truncated_row", severity="error",
                                    message=f"row has {len(cells)} of {width} fields (cut short?); dropped — "
                                            "its last value may be partial"))
            continue
        _row_figures(cols, cells, line, file, sheet, dataset, res)
    return res


def _row_figures(cols: list[Column], cells: list[Any], line: int, file: str, sheet: str | None,
                 dataset: str, res: TableResult) -> None:
    def cell(c: Column) -> Any:
        return cells[c.index] if c.index < len(cells) else None

    def issue(code: str, message: str, severity: str = "warning", column: str | None = None,
              value: str | None = None) -> None:
        res.issues.append(Issue(file=file, sheet=sheet, line=line, code=code, message=message,
                                severity=severity, column=column, value=value))

    adm: dict[str, str] = {}
    names: dict[str, list[str]] = {"adm1": [], "adm2": []}
    date = year = None
    extra: dict[str, Any] = {}
    for c in cols:
        v = _text(cell(c))
        if c.role in ("adm1_code", "adm2_code") and v:
            adm[c.role[:4]] = v
        elif c.role in ("adm1_name", "adm2_name") and v:
            names[c.role[:4]].append(v)
            if "*" in v:
                issue("starred_name", f"admin name {v!r} carries a '*' (a footnote mark whose meaning the file "
                      "does not give); name kept as written", column=c.hashtag.text, value=v)
        elif c.role == "date" and v:
            date = parse_date(cell(c))
            if date is None:
                if parse_year(v):
                    year = parse_year(v)
                else:
                    issue("bad_date", f"date {v!r} not understood; figures kept without a date",
                          column=c.hashtag.text, value=v)
        elif c.role == "year" and v:
            year = parse_year(v)
        elif c.role == "country" and v:
            extra["country"] = v.upper()
        elif c.role == "text" and v:
            extra[c.hashtag.key] = v
    for level in ("adm1", "adm2"):
        code = adm.get(level)
        if code:
            for kind, msg in pcodes.check_code_name(code, names[level], int(level[-1])):
                issue(kind, msg, severity="info" if kind == "former_name" else "warning",
                      column=f"#{level}+code", value=code)
    if "adm1" in adm and "adm2" in adm:
        bad = pcodes.check_parent(adm["adm1"], adm["adm2"])
        if bad:
            issue(bad[0], bad[1], value=adm["adm2"])
    admin_name = (names["adm2"] or names["adm1"] or [None])[0]
    if date is not None:
        year = year or date.year
    values: dict[Column, float] = {}
    for c in cols:
        if c.role != "value":
            continue
        raw = cell(c)
        parsed = parse_number(raw)
        if parsed.status == "ok":
            values[c] = parsed.value  # type: ignore[assignment]
            res.figures.append(Figure(
                dataset=dataset, source_file=file, source_line=line, metric=c.metric, value=parsed.value,
                date=date, year=year, admin1_pcode=adm.get("adm1"), admin2_pcode=adm.get("adm2"),
                admin_name=admin_name,
                extra={**extra, **({"column": c.label} if c.label else {}), **({"sheet": sheet} if sheet else {})},
            ))
        elif parsed.status == "na":
            res.cells_skipped += 1
            issue("na_value", f"{c.metric}: {_text(raw)!r} means no data; no figure made (not read as 0)",
                  severity="info", column=c.hashtag.text, value=_text(raw))
        elif parsed.status == "text":
            res.cells_skipped += 1
            issue("non_numeric", f"{c.metric}: {_text(raw)!r} is not a number; no figure made",
                  column=c.hashtag.text, value=_text(raw))
        else:
            res.cells_skipped += 1
    _check_totals(cols, values, issue)


def _check_totals(cols: list[Column], values: dict[Column, float], issue: Any) -> None:
    """Population groups (IDPs + non-displaced + returnees) and sexes (f + m) must add up to the total
    column of the same hashtag. A mismatch is reported; both the parts and the total are kept."""
    by_tag: dict[str, list[Column]] = {}
    for c in values:
        by_tag.setdefault(c.hashtag.tag, []).append(c)
    for tag, group in by_tag.items():
        plain = [c for c in group if not set(c.hashtag.attrs) - {"total"}]
        totals = [c for c in plain if _TOTAL_LABEL.search(c.label)] if len(plain) > 1 else plain
        if len(totals) != 1:
            continue
        total = totals[0]
        parts_pop = [c for c in group if set(c.hashtag.attrs) & POP_GROUPS and len(c.hashtag.attrs) == 1
                     or (c in plain and c is not total and _NONDISPLACED_LABEL.search(c.label))]
        parts_sex = [c for c in group if c.hashtag.attrs in (("f",), ("m",))]
        for kind, parts in (("population groups", parts_pop), ("sexes", parts_sex)):
            if len(parts) < 2:
                continue
            s, t = sum(values[c] for c in parts), values[total]
            if abs(s - t) > max(1.0, 0.005 * abs(t)):
                issue("total_mismatch", f"#{tag}: {kind} ({' + '.join(c.metric for c in parts)}) add up to "
                      f"{s:,.0f} but the total column says {t:,.0f} (difference {s - t:+,.0f}); both kept",
                      column=total.hashtag.text, value=f"{t:g}")


# Tables without a hashtag row whose headers still say what they hold (OCHA COD-PS style) -------------

_HEADER_GUESSES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^adm([12])_?pcode$", re.I), "#adm{0}+code"),
    (re.compile(r"^adm([12])_?(ref|name|en|name_en)$", re.I), "#adm{0}+name"),
    (re.compile(r"^(alpha_3|iso3|iso_3)$", re.I), "#country+code"),
    (re.compile(r"^(population|pop|total_pop(ulation)?)$", re.I), "#population"),
    (re.compile(r"^(date|reference_date)$", re.I), "#date"),
    (re.compile(r"^year$", re.I), "#date+year"),
]


def guess_hashtags(header: list[Any]) -> list[str | None] | None:
    """Hashtags for a plain header when it names P-codes and at least one count, else None."""
    out: list[str | None] = []
    for h in header:
        s = str(h or "").strip()
        tag = None
        for pat, template in _HEADER_GUESSES:
            m = pat.match(s)
            if m:
                tag = template.format(*(m.groups() or ("",)))
                break
        out.append(tag)
    has_code = any(t and t.endswith("+code") and t.startswith("#adm") for t in out)
    has_value = any(t == "#population" for t in out)
    return out if has_code and has_value else None
