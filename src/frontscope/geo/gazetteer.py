"""The gazetteer other stages query: places by GeoNames id, by name key, and by distance.

`get_gazetteer()` loads the Ukraine gazetteer shipped in `frontscope/data/` once per process. Coordinates
are numpy arrays so radius and nearest-neighbour queries are one vectorised haversine over ~36k points
(about a millisecond), which is all the control, humanitarian and map stages need.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from frontscope.geo.normalize import ALIASES, KEY_VERSION, name_key
from frontscope.geometry import EARTH_KM, haversine_km  # noqa: F401 (imported from here by callers)

DEFAULT_FILE = "gazetteer_ua.tsv.gz"

KIND_BY_CODE = {
    "ADM1": "oblast", "ADM2": "raion", "STM": "river", "STMX": "river", "CNL": "river", "RGN": "other",
    "ISL": "other", "PEN": "other", "SPIT": "other",
}
KIND_BY_CLASS = {"P": "settlement", "H": "water_body", "A": "other", "L": "other", "T": "other"}


def kind_of(fclass: str, fcode: str) -> str:
    return KIND_BY_CODE.get(fcode) or KIND_BY_CLASS.get(fclass, "other")


@dataclass(frozen=True)
class Place:
    geonameid: int
    name: str
    fclass: str
    fcode: str
    lat: float
    lon: float
    admin1: str
    admin2: str
    oblast: str | None
    raion: str | None
    population: int
    katottg: str | None
    names: tuple[str, ...]

    @property
    def kind(self) -> str:
        return kind_of(self.fclass, self.fcode)


class Gazetteer:
    """Rows of one gazetteer file, indexed by id and by `name_key` of every name variant."""

    def __init__(self, path: str | Path | None = None) -> None:
        if path is None:
            raw = resources.files("frontscope").joinpath("data", DEFAULT_FILE).read_bytes()
        else:
            raw = Path(path).read_bytes()
        lines = gzip.decompress(raw).decode("utf-8").split("\n")
        header = lines[0].split("\t")
        if not header or header[0] != "#frontscope-gazetteer":
            raise ValueError(f"{path or DEFAULT_FILE}: not a frontscope gazetteer file")
        self.country = header[2] if len(header) > 2 else ""
        stale_keys = len(header) < 5 or header[4] != KEY_VERSION
        self.oblasts: dict[str, str] = {}  # admin1 code -> short name ("Donetsk")
        self.oblast_ids: dict[str, int] = {}
        self.raions: dict[str, str] = {}  # "admin1.admin2" -> name
        self.raion_ids: dict[str, int] = {}
        ids, fcls, fcodes, names_, lats, lons, a1s, a2s, pops, kats, variants, keys = ([] for _ in range(12))
        for line in lines[1:]:
            if not line:
                continue
            c = line.split("\t")
            if c[0] == "A1":
                self.oblasts[c[1]] = c[2]
                self.oblast_ids[c[1]] = int(c[3])
                continue
            if c[0] == "A2":
                self.raions[c[1]] = c[2]
                self.raion_ids[c[1]] = int(c[3])
                continue
            fcls.append(c[0])
            ids.append(int(c[1]))
            names_.append(c[2])
            fcodes.append(c[3])
            lats.append(float(c[4]))
            lons.append(float(c[5]))
            a1s.append(c[6])
            a2s.append(c[7])
            pops.append(int(c[8]) if c[8] else 0)
            kats.append(c[9])
            variants.append(c[10])
            keys.append("" if stale_keys or len(c) < 12 else c[11])
        self.ids = np.array(ids, dtype=np.int64)
        self.lat = np.array(lats)
        self.lon = np.array(lons)
        self.population = np.array(pops, dtype=np.int64)
        self.fclass, self.fcode, self.name = fcls, fcodes, names_
        self.admin1, self.admin2, self.katottg, self._variants = a1s, a2s, kats, variants
        self._keys = keys
        self.row_of: dict[int, int] = {g: i for i, g in enumerate(ids)}
        self.settlement_mask = np.array([f == "P" for f in fcls])  # populated places (feature class P)
        self._settlement = self.settlement_mask  # older name, kept for callers that used it
        self._by_key: dict[str, list[int]] | None = None
        self._oblast_keys: dict[str, str] | None = None

    def __len__(self) -> int:
        return len(self.ids)

    # Name index (built on first use: the geocoder needs it, id/distance look-ups do not) ---------------

    def keys_of(self, row: int) -> list[str]:
        """Distinct matching keys of a row's names, the main name's key first."""
        if self._keys[row]:
            return self._keys[row].split("|")
        var = self._variants[row]
        names = (self.name[row], *var.split("|")) if var else (self.name[row],)
        return list(dict.fromkeys(k for k in map(name_key, names) if k))

    def is_primary(self, row: int, key: str) -> bool:
        """Whether `key` is the key of the row's main name (not of an old or foreign alternate name)."""
        keys = self._keys[row]
        if keys:
            return keys.startswith(key) and (len(keys) == len(key) or keys[len(key)] == "|")
        return self.keys_of(row)[0] == key

    @property
    def by_key(self) -> dict[str, list[int]]:
        if self._by_key is None:
            index: dict[str, list[int]] = {}
            for i in range(len(self.name)):
                for k in self.keys_of(i):
                    index.setdefault(k, []).append(i)
            for alias, target in ALIASES.items():
                if target in index:
                    index.setdefault(alias, [])
                    index[alias] = sorted(set(index[alias]) | set(index[target]))
            self._by_key = index
        return self._by_key

    def rows_for(self, name: str) -> list[int]:
        """Row indices of every place one of whose names has the key of `name`."""
        return self.by_key.get(name_key(name), [])

    def lookup(self, name: str, fclass: str | None = None) -> list[Place]:
        """Places named `name` (any spelling): those whose main name it is first, then by population."""
        key = name_key(name)
        rows = [r for r in self.by_key.get(key, []) if fclass is None or self.fclass[r] == fclass]
        rows.sort(key=lambda r: (not self.is_primary(r, key), -int(self.population[r])))
        return [self.place(r) for r in rows]

    # Records --------------------------------------------------------------------------------------------

    def place(self, row: int) -> Place:
        a1, a2 = self.admin1[row], self.admin2[row]
        var = self._variants[row]
        return Place(
            geonameid=int(self.ids[row]), name=self.name[row], fclass=self.fclass[row], fcode=self.fcode[row],
            lat=float(self.lat[row]), lon=float(self.lon[row]), admin1=a1, admin2=a2,
            oblast=self.oblasts.get(a1), raion=self.raions.get(f"{a1}.{a2}"),
            population=int(self.population[row]), katottg=self.katottg[row] or None,
            names=(self.name[row], *var.split("|")) if var else (self.name[row],),
        )

    def get(self, geonameid: int) -> Place | None:
        row = self.row_of.get(int(geonameid))
        return None if row is None else self.place(row)

    @property
    def oblast_keys(self) -> dict[str, str]:
        """Matching key -> admin1 code for every spelling of every oblast ("Donetska", "Донецька", "Donetsk")."""
        if self._oblast_keys is None:
            keys: dict[str, str] = {}
            for code, short in self.oblasts.items():
                keys[name_key(short)] = code
                row = self.row_of.get(self.oblast_ids.get(code, -1))
                for k in self.keys_of(row) if row is not None else []:
                    base = k.removesuffix(" oblast").removesuffix(" oblasti").strip()
                    keys.setdefault(base, code)
                    if base.endswith("ska"):  # "Donetska" -> "Donetsk"
                        keys.setdefault(base[:-1], code)
            for alias, target in ALIASES.items():  # "Zaporozhia Oblast" like "Zaporizhzhia Oblast"
                if target in keys:
                    keys.setdefault(alias, keys[target])
            self._oblast_keys = keys
        return self._oblast_keys

    def find_oblast(self, name: str) -> tuple[str, str, int] | None:
        """(admin1 code, short name, GeoNames id) of an oblast named in any spelling, with or without "Oblast"
        ("Kharkivska oblast", "Харківська область", "Kharkiv")."""
        key = name_key(name)
        for unit in ("oblast", "oblasti", "region", "obl"):
            key = key.removesuffix(" " + name_key(unit))
        code = self.oblast_keys.get(key)
        return None if code is None else (code, self.oblasts[code], self.oblast_ids.get(code, 0))

    def oblast_of(self, geonameid: int) -> str | None:
        row = self.row_of.get(int(geonameid))
        return None if row is None else self.oblasts.get(self.admin1[row])

    # Distance queries -----------------------------------------------------------------------------------

    def distances_km(self, lat: float, lon: float) -> np.ndarray:
        return haversine_km(lat, lon, self.lat, self.lon)

    def places_within(
        self, lat: float, lon: float, km: float, settlements_only: bool = True
    ) -> list[tuple[Place, float]]:
        """Places within `km` of a point, nearest first, with their distance in km."""
        d = self.distances_km(lat, lon)
        mask = d <= km
        if settlements_only:
            mask &= self.settlement_mask
        rows = np.flatnonzero(mask)
        rows = rows[np.argsort(d[rows], kind="stable")]
        return [(self.place(int(r)), float(d[r])) for r in rows]

    def nearest(self, lat: float, lon: float, k: int = 1, settlements_only: bool = True) -> list[tuple[Place, float]]:
        """The `k` places nearest a point, with their distance in km."""
        d = self.distances_km(lat, lon)
        if settlements_only:
            d = np.where(self.settlement_mask, d, np.inf)
        k = min(k, len(d))
        rows = np.argpartition(d, k - 1)[:k] if k < len(d) else np.arange(len(d))
        rows = rows[np.argsort(d[rows], kind="stable")]
        return [(self.place(int(r)), float(d[r])) for r in rows if np.isfinite(d[r])]


@lru_cache(maxsize=4)
def get_gazetteer(path: str | None = None) -> Gazetteer:
    """The gazetteer, loaded once per process (the shipped Ukraine file unless `path` is given)."""
    return Gazetteer(path)
