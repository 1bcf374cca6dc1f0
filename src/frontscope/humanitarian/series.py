"""Displacement time series for charts: one value per year (or date) per metric, from imported figures.

`chart_displacement` (frontscope.render.charts) plots what this returns. Stocks (refugees, IDPs) and
flows (new displacements, which count movements rather than people) are separate series and must
stay on separate axes or panels.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from frontscope.humanitarian.figures import Figure

# metric -> (label, kind, unit)
SERIES = {
    "refugees": ("Refugees from {c} (UNHCR, all countries of asylum)", "stock", "people"),
    "asylum_seekers": ("Asylum-seekers from {c} (UNHCR)", "stock", "people"),
    "idps": ("IDPs in {c}", "stock", "people"),
    "new_displacements": ("New internal displacements in {c} (IDMC, conflict)", "flow", "movements"),
    "returned_idps": ("IDP returns in {c} (UNHCR)", "flow", "people"),
}


@dataclass
class Series:
    metric: str
    label: str
    kind: str  # stock | flow
    unit: str  # people | movements
    source: str
    points: list[tuple[dt.date, float]] = field(default_factory=list)  # year-end dates for annual data

    def to_json(self) -> dict:
        return {**vars(self), "points": [(d.isoformat(), v) for d, v in self.points]}

    def line(self, last: int = 8) -> str:
        """One line: the label and the last `last` points by year."""
        return f"{self.label} ({self.kind}, {self.unit}): " + ", ".join(f"{d.year}: {v:,.0f}" for d, v in self.points[-last:])


def displacement_series(figures: Iterable[Figure], country: str = "UKR",
                        metrics: Iterable[str] = tuple(SERIES)) -> list[Series]:
    """Series for one country (ISO3): refugees/asylum-seekers *from* it summed over countries of asylum
    (UNHCR), IDPs *in* it (UNHCR and IDMC kept apart), new displacements (IDMC)."""
    wanted = set(metrics)
    sums: dict[tuple[str, str], dict[dt.date, float]] = defaultdict(lambda: defaultdict(float))
    seen: set[tuple] = set()  # the full table and its `_ukr` subset carry the same rows: count once
    for f in figures:
        if f.metric not in wanted or f.value is None or f.origin != country:
            continue
        if f.extra.get("table") not in (None, "population", "idmc"):
            continue  # demographics/solutions repeat population-table figures
        if f.metric in ("idps", "returned_idps", "new_displacements") and f.asylum not in (country, None):
            continue
        when = f.date or (dt.date(f.year, 12, 31) if f.year else None)
        if when is None:
            continue
        source = f.dataset if f.extra.get("table") != "idmc" else "idmc-via-unhcr"
        key = (f.metric, source, f.origin, f.asylum, when)
        if key in seen:
            continue
        seen.add(key)
        sums[(f.metric, source)][when] += f.value
    out = []
    for (metric, source), pts in sorted(sums.items()):
        label, kind, unit = SERIES.get(metric, (metric + " ({c})", "stock", "people"))
        out.append(Series(metric, label.format(c=country) + f" [{source}]", kind, unit, source,
                          sorted(pts.items())))
    return out
