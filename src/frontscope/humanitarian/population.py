"""Settlement population with honest gaps: GeoNames where it has a number, a marked estimate where not.

GeoNames gives 0 for most Ukrainian villages (about 23,000 of 33,000 settlements in the shipped
gazetteer). Treating 0 as "nobody lives here" would make exposure figures far too low, so a settlement
without a population gets the median population of settlements of the same kind (KATOTTG category
M/T/C/X when known, else the GeoNames feature code: PPLA oblast centre, PPLA2 raion centre, PPLA3
hromada centre, PPL other) and is flagged `population_estimated`. The medians come from settlements
that *do* have a GeoNames population, which skews them upwards (the larger villages are the ones with
numbers): the estimate is an upper-side guess, and every output says how much of its total it is.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

VINTAGE = ("GeoNames UA dump 2026-07 via the frontscope gazetteer: populations of mixed years "
           "(mostly census 2001 and later estimates), not adjusted for wartime displacement")
FALLBACK_KIND = "PPL"
MIN_SAMPLES = 5  # fewer known populations than this: use the fallback kind's median instead


@dataclass
class PopulationFill:
    value: int
    estimated: bool
    basis: str  # "gazetteer" or "median of <kind> (n=...)"


def kind_medians(items: Iterable[tuple[str | None, int | None]]) -> dict[str, tuple[float, int]]:
    """Median population and sample size per settlement kind, from (kind, population) pairs with a
    population above zero."""
    by_kind: dict[str, list[int]] = defaultdict(list)
    for kind, pop in items:
        if pop and pop > 0:
            by_kind[kind or FALLBACK_KIND].append(pop)
    return {k: (statistics.median(v), len(v)) for k, v in by_kind.items()}


def fill(population: int | None, kind: str | None, medians: dict[str, tuple[float, int]]) -> PopulationFill:
    if population and population > 0:
        return PopulationFill(int(population), False, "gazetteer")
    k = kind or FALLBACK_KIND
    med = medians.get(k)
    if med is None or med[1] < MIN_SAMPLES:
        k = FALLBACK_KIND
        med = medians.get(k)
    if med is None:
        return PopulationFill(0, True, "no population and no median to fall back on")
    return PopulationFill(int(round(med[0])), True, f"median of {k} settlements with a known population (n={med[1]})")


_GAZ_MEDIANS: dict[str, tuple[float, int]] | None = None


def gazetteer_medians() -> dict[str, tuple[float, int]]:
    """Medians over the whole shipped gazetteer (computed once), or {} when it is not available."""
    global _GAZ_MEDIANS
    if _GAZ_MEDIANS is None:
        try:
            from frontscope.geo.gazetteer import get_gazetteer

            gaz = get_gazetteer()
            places = (gaz.place(r) for r in range(len(gaz)))
            _GAZ_MEDIANS = kind_medians((p.fcode, p.population) for p in places if p.fclass == "P")
        except (ImportError, OSError, AttributeError):  # gazetteer not built: callers use their own data
            _GAZ_MEDIANS = {}
    return _GAZ_MEDIANS
