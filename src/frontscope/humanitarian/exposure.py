"""Who lives where the front moved: population of settlements that changed hands, are contested, or lie
within N km of contested settlements or of the control boundary on a date.

Input is plain settlement states (`SettlementState`: id, name, coordinates, holder, population), so
this works from any control source. The control boundary is taken, unless a geometry is given, as
halfway between a settlement and the nearest settlement held by the other side: a settlement is
"near the boundary" when that half-distance is ≤ km. This is coarse where settlements are sparse,
and says so in `Exposure.method`.

Populations: see `frontscope.humanitarian.population` — missing (0) GeoNames populations are replaced
by marked medians, and totals report how much of each figure is estimated.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from frontscope.geometry import KM_PER_DEG, has_neighbour_within, nearest_within
from frontscope.humanitarian import pcodes
from frontscope.humanitarian.population import VINTAGE, fill, gazetteer_medians, kind_medians

HOLDERS = ("UA", "RU", "contested")
ISOLATED_KM = 15.0  # see _boundary_distance
MIN_FOR_OUTLIERS = 5
REASONS = ("changed_hands", "contested", "near_contested", "near_boundary")


@dataclass
class SettlementState:
    geonameid: int
    name: str
    lat: float
    lon: float
    holder: str | None  # "UA" | "RU" | "contested" | None (unknown)
    population: int | None = None
    oblast: str | None = None
    raion: str | None = None
    admin2: str | None = None  # GeoNames admin2 = KATOTTG raion digits ("6308"), for P-codes
    kind: str | None = None  # KATOTTG category (M/T/C/X) or GeoNames feature code (PPLA2 ...)


@dataclass
class ExposedSettlement:
    geonameid: int
    name: str
    lat: float
    lon: float
    holder: str | None
    previous_holder: str | None
    oblast: str | None
    raion: str | None
    admin1_pcode: str | None
    admin2_pcode: str | None
    population: int
    population_estimated: bool
    population_basis: str
    reasons: list[str] = field(default_factory=list)
    km_to_contested: float | None = None
    km_to_boundary: float | None = None


@dataclass
class Total:
    settlements: int = 0
    population: int = 0
    population_estimated: int = 0  # the part of `population` that is median-filled

    def add(self, s: ExposedSettlement) -> None:
        self.settlements += 1
        self.population += s.population
        if s.population_estimated:
            self.population_estimated += s.population


@dataclass
class Exposure:
    date: dt.date | None
    previous_date: dt.date | None
    km: float
    settlements: list[ExposedSettlement]
    overall: dict[str, Total]  # reason (and "any") -> total
    by_oblast: dict[str, dict[str, Total]]
    by_raion: dict[str, dict[str, Total]]
    gaps: dict[str, Any]
    method: str
    # Settlements a side claims to have taken that the timeline does not believe (yet): counted apart, never
    # in "changed_hands". Rows: geonameid, name, holder, claimed_by, population, oblast.
    claimed: list[dict[str, Any]] = field(default_factory=list)

    # Renderings -------------------------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        def tot(d: dict[str, Total]) -> dict[str, Any]:
            return {k: vars(v).copy() for k, v in d.items()}

        return {
            "date": self.date.isoformat() if self.date else None,
            "previous_date": self.previous_date.isoformat() if self.previous_date else None,
            "km": self.km,
            "method": self.method,
            "population_vintage": VINTAGE,
            "gaps": self.gaps,
            "totals": tot(self.overall),
            "by_oblast": {k: tot(v) for k, v in sorted(self.by_oblast.items())},
            "by_raion": {k: tot(v) for k, v in sorted(self.by_raion.items())},
            "settlements": [vars(s).copy() for s in self.settlements],
            "claimed_not_believed": {"settlements": len(self.claimed),
                                     "population": sum(c["population"] or 0 for c in self.claimed),
                                     "rows": self.claimed},
        }

    def to_table(self) -> str:
        """Plain-text summary: totals per reason, then per oblast and raion."""
        lines = [f"Exposure on {self.date or '?'} (previous {self.previous_date or '-'}), within {self.km:g} km",
                 f"{'':36}{'settlements':>12}{'population':>13}{'of which est.':>15}"]
        for reason, t in self.overall.items():
            lines.append(f"{reason:36}{t.settlements:>12,}{t.population:>13,}{t.population_estimated:>15,}")
        if self.claimed:
            pop = sum(c["population"] or 0 for c in self.claimed)
            lines.append(f"{'claimed, not believed (apart)':36}{len(self.claimed):>12,}{pop:>13,}{'':>15}")
        for title, groups in (("oblast", self.by_oblast), ("raion", self.by_raion)):
            lines.append(f"\nby {title} (any reason)")
            for name, d in sorted(groups.items(), key=lambda kv: -kv[1]["any"].population):
                t = d["any"]
                lines.append(f"  {name[:34]:34}{t.settlements:>12,}{t.population:>13,}{t.population_estimated:>15,}")
        lines.append(f"\n{self.gaps['estimated']} of {len(self.settlements)} settlements have an estimated "
                     f"population (GeoNames gives 0). {VINTAGE}.")
        return "\n".join(lines)

    _COLUMNS = (("geonameid", "#loc+code+geonames"), ("name", "#loc+name"), ("oblast", "#adm1+name"),
                ("admin1_pcode", "#adm1+code"), ("raion", "#adm2+name"), ("admin2_pcode", "#adm2+code"),
                ("lat", "#geo+lat"), ("lon", "#geo+lon"), ("holder", "#status+control"),
                ("previous_holder", "#status+control+previous"), ("population", "#population"),
                ("population_estimated", "#population+estimated"), ("reasons", "#indicator+reason"),
                ("km_to_contested", "#indicator+km+contested"), ("km_to_boundary", "#indicator+km+boundary"))

    def to_csv(self, hxl: bool = False) -> str:
        out = io.StringIO()
        w = csv.writer(out, lineterminator="\n")
        w.writerow([c for c, _ in self._COLUMNS])
        if hxl:
            w.writerow([t for _, t in self._COLUMNS])
        for s in self.settlements:
            row = vars(s)
            w.writerow(["|".join(row[c]) if c == "reasons" else
                        (f"{row[c]:.2f}" if isinstance(row[c], float) else ("" if row[c] is None else row[c]))
                        for c, _ in self._COLUMNS])
        return out.getvalue()

    def to_hxl(self) -> str:
        return self.to_csv(hxl=True)

    def as_text(self, fmt: str) -> str:
        """The exposure as `fmt`: table, csv, hxl or json."""
        if fmt == "json":
            import json

            return json.dumps(self.to_json(), ensure_ascii=False, indent=1)
        return {"table": self.to_table, "csv": self.to_csv, "hxl": self.to_hxl}[fmt]()


def exposure(states_on_date: Iterable[SettlementState], previous_states: Iterable[SettlementState] | None = None,
             km: float = 10, date: dt.date | None = None, previous_date: dt.date | None = None,
             boundary: Any = None, medians: dict[str, tuple[float, int]] | None = None) -> Exposure:
    """Exposed settlements and population totals.

    `boundary`: optional shapely geometry (lon/lat) of the line or area whose edge is the control
    boundary; distances to it replace the halfway approximation. `medians`: fallback populations per
    settlement kind (default: from the shipped gazetteer, else from the states given).
    """
    states = [s for s in states_on_date if s.lat is not None and s.lon is not None]
    prev = {s.geonameid: s.holder for s in previous_states or ()}
    if medians is None:
        medians = gazetteer_medians() or kind_medians((s.kind, s.population) for s in states)
    lat = np.array([s.lat for s in states], float)
    lon = np.array([s.lon for s in states], float)
    holder = np.array([s.holder or "" for s in states])

    contested = holder == "contested"
    d_cont, _ = nearest_within(lat, lon, lat[contested], lon[contested], km)
    d_bound = _boundary_distance(lat, lon, holder, km, boundary)

    out: list[ExposedSettlement] = []
    for i, s in enumerate(states):
        reasons = []
        before = prev.get(s.geonameid)
        if before in HOLDERS and s.holder in HOLDERS and before != s.holder:
            reasons.append("changed_hands")
        if s.holder == "contested":
            reasons.append("contested")
        elif np.isfinite(d_cont[i]):
            reasons.append("near_contested")
        if np.isfinite(d_bound[i]):
            reasons.append("near_boundary")
        if not reasons:
            continue
        pop = fill(s.population, s.kind, medians)
        adm1, adm2 = pcodes.from_geonames_admin2(s.admin2) if s.admin2 else (None, None)
        out.append(ExposedSettlement(
            geonameid=s.geonameid, name=s.name, lat=s.lat, lon=s.lon, holder=s.holder, previous_holder=before,
            oblast=s.oblast or (pcodes.oblast_name(adm1) if adm1 else None),
            raion=s.raion or (pcodes.lookup(adm2)[0] if adm2 and pcodes.lookup(adm2) else None),
            admin1_pcode=adm1, admin2_pcode=adm2, population=pop.value, population_estimated=pop.estimated,
            population_basis=pop.basis, reasons=reasons,
            km_to_contested=None if not np.isfinite(d_cont[i]) else round(float(d_cont[i]), 2),
            km_to_boundary=None if not np.isfinite(d_bound[i]) else round(float(d_bound[i]), 2)))
    out.sort(key=lambda e: (-e.population, e.name))
    return _summarise(out, km, date, previous_date, boundary is not None, len(states))


def _boundary_distance(lat: np.ndarray, lon: np.ndarray, holder: np.ndarray, km: float, boundary: Any) -> np.ndarray:
    d = np.full(len(lat), np.inf)
    if boundary is not None:
        import shapely

        # Local equirectangular km frame at the points' mean latitude: over Ukraine (44–52°N) the E–W
        # scale is off by at most ~8 % at the edges, well under the 5/10/25 km steps users choose.
        lat0 = float(np.radians(lat.mean())) if len(lat) else 0.84
        kx, ky = KM_PER_DEG * np.cos(lat0), KM_PER_DEG

        def to_km(xy: np.ndarray) -> np.ndarray:
            return xy * np.array([kx, ky])

        edge = boundary.boundary if boundary.geom_type.endswith("Polygon") else boundary
        kmd = shapely.distance(shapely.points(lon * kx, lat * ky), shapely.transform(edge, to_km))
        return np.where(kmd <= km, kmd, np.inf)
    # A lone settlement with no other of its holder within ISOLATED_KM is more likely a misplaced name
    # than an enclave: it does not draw a control boundary around itself.
    lone = np.zeros(len(lat), dtype=bool)
    if np.isin(holder, ["UA", "RU"]).sum() > MIN_FOR_OUTLIERS:  # a handful of places has no pattern to break
        for side in ("UA", "RU"):
            mine = np.flatnonzero(holder == side)
            lone[mine] = ~has_neighbour_within(lat[mine], lon[mine], ISOLATED_KM)
    for side, other in (("UA", "RU"), ("RU", "UA")):
        mine, theirs = (holder == side) & ~lone, (holder == other) & ~lone
        if not mine.any() or not theirs.any():
            continue
        dist, _ = nearest_within(lat[mine], lon[mine], lat[theirs], lon[theirs], 2 * km)
        d[mine] = dist / 2  # the boundary runs (roughly) halfway between opposing settlements
    return d


def _summarise(out: list[ExposedSettlement], km: float, date: dt.date | None, previous_date: dt.date | None,
               has_geometry: bool, n_states: int) -> Exposure:
    overall: dict[str, Total] = {r: Total() for r in ("any", *REASONS)}
    by_oblast: dict[str, dict[str, Total]] = defaultdict(lambda: {r: Total() for r in ("any", *REASONS)})
    by_raion: dict[str, dict[str, Total]] = defaultdict(lambda: {r: Total() for r in ("any", *REASONS)})
    for s in out:
        ob = s.oblast or "(unknown oblast)"
        ra = f"{s.raion or '(unknown raion)'} ({ob})"
        for r in ("any", *s.reasons):
            overall[r].add(s)
            by_oblast[ob][r].add(s)
            by_raion[ra][r].add(s)
    n_est = sum(1 for s in out if s.population_estimated)
    gaps = {"settlements_considered": n_states, "estimated": n_est,
            "estimated_share_of_population": round(overall["any"].population_estimated / overall["any"].population, 3)
            if overall["any"].population else 0.0,
            "note": "estimated populations are medians of same-kind settlements with a GeoNames population, "
                    "which skews them upwards; GeoNames does not reflect wartime displacement"}
    method = ("distance to the given boundary geometry" if has_geometry else
              "boundary ≈ halfway to the nearest settlement held by the other side (coarse where sparse)")
    return Exposure(date, previous_date, km, out, overall, dict(by_oblast), dict(by_raion), gaps, method)


def states_from_gazetteer(holders: dict[int, str | None]) -> list[SettlementState]:
    """SettlementStates for the given geonameids using the shipped gazetteer (population, raion, kind)."""
    from frontscope.geo.gazetteer import get_gazetteer

    gaz = get_gazetteer()
    out = []
    for gid, h in holders.items():
        p = gaz.get(gid)
        if p is None:
            continue
        out.append(SettlementState(p.geonameid, p.name, p.lat, p.lon, h, p.population, p.oblast, p.raion,
                                   p.admin2 or None, p.fcode))
    return out


def read_holders(path: str) -> dict[int, str | None]:
    """geonameid → holder from a CSV (geonameid,holder) or JSON/JSONL ({"geonameid","holder"}) file;
    ValueError naming the file and the problem for anything else."""
    import json
    from pathlib import Path

    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
        if p.suffix.lower() in (".json", ".jsonl"):
            items = (json.loads(text) if text.lstrip().startswith("[")
                     else [json.loads(x) for x in text.splitlines() if x.strip()])
        else:
            items = list(csv.DictReader(text.splitlines()))
        return {int(it["geonameid"]): (it.get("holder") or None) for it in items}
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as e:
        problem = f"no {e} column/key" if isinstance(e, KeyError) else f"{type(e).__name__}: {e}"
        raise ValueError(f"{path}: not a geonameid,holder table ({problem})") from None


def exposure_from_files(states: str, previous: str | None = None, *, km: float = 10,
                        date: dt.date | None = None, previous_date: dt.date | None = None) -> Exposure:
    """Exposure from holder files (`read_holders`) instead of the store's control timelines."""
    now = states_from_gazetteer(read_holders(states))
    before = states_from_gazetteer(read_holders(previous)) if previous else None
    return exposure(now, before, km=km, date=date, previous_date=previous_date)
