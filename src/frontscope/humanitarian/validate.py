"""Checks that look across the rows of one file: Kyiv city/oblast confusion and method breaks in series.

Row-level checks (codes, names, `n/a`, `*`, totals, truncated rows) live with the readers; these need
the whole file. Both only report — figures stay as published.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Hashable

from frontscope.humanitarian import pcodes
from frontscope.humanitarian.figures import Figure, Issue

# Columns whose change between two survey rounds means the numbers are not comparable across it.
METHOD_KEYS = ("method", "methodology", "source", "sampling")


def check_kyiv(figures: list[Figure], file: str) -> list[Issue]:
    """Kyiv city (UA80) and Kyiv oblast (UA32) under one name, or under each other's names."""
    names: dict[str, set[str]] = defaultdict(set)
    for f in figures:
        if f.admin1_pcode in (pcodes.KYIV_CITY, pcodes.KYIV_OBLAST) and f.admin_name and not f.admin2_pcode:
            names[f.admin1_pcode].add(f.admin_name)
    city, oblast = names.get(pcodes.KYIV_CITY, set()), names.get(pcodes.KYIV_OBLAST, set())
    if not city or not oblast:
        return []
    city_keys = {pcodes.name_key(n) for n in city}
    oblast_keys = {pcodes.name_key(n) for n in oblast}
    if city_keys & oblast_keys:
        shared = sorted(n for n in city | oblast if pcodes.name_key(n) in city_keys & oblast_keys)
        return [Issue(file=file, line=None, code="kyiv_same_name", severity="warning",
                      message=f"Kyiv city (UA80) and Kyiv oblast (UA32) are both named {shared[0]!r}; figures "
                              "are kept under their codes, but a reader matching by name would merge them")]
    if all(pcodes.name_matches(pcodes.KYIV_OBLAST, n) for n in city) and all(
            pcodes.name_matches(pcodes.KYIV_CITY, n) for n in oblast):
        return [Issue(file=file, line=None, code="kyiv_swap", severity="warning",
                      message="UA80 carries Kyiv oblast's name and UA32 Kyiv city's: the codes look swapped; "
                              "kept as coded — check the publisher's documentation")]
    return []


# Metrics that may legitimately fall below zero (differences, not counts).
SIGNED_METRIC_WORDS = ("change", "net", "diff", "balance", "delta")


def check_negative(figures: list[Figure], file: str) -> list[Issue]:
    """A count of people (refugees, IDPs, killed ...) below zero: a sign error or a net figure in the wrong
    column. Reported with file and line; the figure is kept as published."""
    issues: list[Issue] = []
    for f in figures:
        if f.value is not None and f.value < 0 and not any(w in f.metric for w in SIGNED_METRIC_WORDS):
            issues.append(Issue(
                file=file, line=f.source_line, code="negative_count", severity="warning", column=f.metric,
                value=f"{f.value:g}", sheet=f.extra.get("sheet"),
                message=f"{f.metric} = {f.value:g}{_place(f)}: a count of people cannot be negative "
                        "(sign error or a net change in a count column?); kept as published — check the source"))
    return issues


def _series(figures: list[Figure], key: Callable[[Figure], Hashable]) -> dict[Hashable, list[Figure]]:
    out: dict[Hashable, list[Figure]] = defaultdict(list)
    for f in figures:
        if f.value is not None and (f.date or f.year):
            out[key(f)].append(f)
    for s in out.values():
        s.sort(key=lambda f: (f.date.toordinal() if f.date else f.year * 366))  # type: ignore[operator]
    return out


def _series_key(f: Figure) -> Hashable:
    return (f.metric, f.origin, f.asylum, f.admin1_pcode, f.admin2_pcode, f.extra.get("country"),
            f.extra.get("sheet"), f.extra.get("column"))


def _when(f: Figure) -> str:
    return f.date.isoformat() if f.date else str(f.year)


def check_method_breaks(figures: list[Figure], file: str) -> list[Issue]:
    """A method/source column that changes value between consecutive rounds of the same series."""
    issues: list[Issue] = []
    for series in _series(figures, _series_key).values():
        for a, b in zip(series, series[1:], strict=False):
            for k in a.extra.keys() & b.extra.keys():
                if any(m in k for m in METHOD_KEYS) and a.extra[k] != b.extra[k]:
                    issues.append(Issue(
                        file=file, line=b.source_line, code="method_break", severity="warning", column=k,
                        message=f"{b.metric}{_place(b)}: {k} changes from {a.extra[k]!r} ({_when(a)}) to "
                                f"{b.extra[k]!r} ({_when(b)}); the two rounds are not directly comparable"))
    return issues


def _place(f: Figure) -> str:
    where = f.admin2_pcode or f.admin1_pcode or f.extra.get("country") or f.origin
    return f" in {where}" if where else ""


def check_step_changes(figures: list[Figure], file: str, metric: str, factor: float = 2.0,
                       min_value: float = 10_000, flows: dict[Hashable, float] | None = None,
                       key: Callable[[Figure], Hashable] = _series_key,
                       flow_key: Callable[[Figure], Hashable] | None = None,
                       severity: str = "warning") -> list[Issue]:
    """A stock that halves or more than doubles between consecutive periods, unless the period's
    reported new displacements (`flows`, by `flow_key(figure)`) can explain the rise. Such jumps are
    often a change of source or method (e.g. a new survey round's coverage) rather than movement;
    reported as possible breaks for a person to judge."""
    issues: list[Issue] = []
    chosen = [f for f in figures if f.metric == metric]
    for series in _series(chosen, key).values():
        for a, b in zip(series, series[1:], strict=False):
            va, vb = a.value or 0.0, b.value or 0.0
            if max(va, vb) < min_value or min(va, vb) <= 0:
                continue
            ratio = vb / va
            if abs(math.log(ratio)) < math.log(factor):
                continue
            if ratio > 1 and flows is not None and flow_key is not None:
                new = flows.get(flow_key(b))
                if new is not None and vb - va <= new:
                    continue  # the rise is within that year's new displacements
            why = ("more than the period's reported new displacements explain" if ratio > 1 and flows is not None
                   else "a rise this steep" if ratio > 1 else "a fall this steep")
            issues.append(Issue(
                file=file, line=b.source_line, code="possible_method_break", severity=severity,
                value=f"{vb:g}",
                message=f"{metric}{_place(b)} goes from {va:,.0f} ({_when(a)}) to {vb:,.0f} ({_when(b)}), "
                        f"×{ratio:.2f}: {why} is often a change of source, coverage or method rather than "
                        "movement — check before comparing the two"))
    return issues
