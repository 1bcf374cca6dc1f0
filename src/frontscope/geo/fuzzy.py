"""Typo-tolerant settlement look-up, kept on a short leash.

Reports misspell villages ("Huliapole", "Nova Kakhkovka", "Henichensk"). A name that matched nothing
exactly, in a place-like position, may match a settlement key at edit distance 1 (2 for names of nine or more
letters) — but only a settlement within `REGION_KM` of places already resolved around it. Exact matches
always win, so Radkivka never becomes Rudkivka, Pokrovsk never Pokrovske, Myrove never Myrne.

A candidate shares the name's first letter and is at most one deletion away from a string that is at most
one deletion away from the name (a substitution, an insertion, a deletion, a swap of neighbours, or an
insertion plus a deletion; not two substitutions). rapidfuzz scans the settlement keys of that first letter
and length (Levenshtein distance with a cut-off, in C); nothing is built beyond grouping the keys.
"""

from __future__ import annotations

import math

from rapidfuzz import process
from rapidfuzz.distance import LCSseq, Levenshtein

from frontscope.geo.gazetteer import Gazetteer
from frontscope.geometry import km_xy

MIN_LEN = 6
REGION_KM = 60.0
CITY_POPULATION = 50_000  # cities are named far from their region ("strikes on Zaporizhie"): no leash


def max_distance(key: str) -> int:
    return 2 if len(key) >= 9 else 1


def one_deletion_each(a: str, b: str) -> bool:
    """Whether deleting at most one letter from each of `a` and `b` makes them equal."""
    return LCSseq.similarity(a, b) >= max(len(a), len(b)) - 1


class FuzzyIndex:
    def __init__(self, gaz: Gazetteer) -> None:
        self.gaz = gaz
        self._groups: dict[tuple[str, int], list[str]] | None = None
        self._pools: dict[tuple[str, int, int], list[str]] = {}
        self._similar: dict[str, list[tuple[str, int]]] = {}  # the same misspellings recur across reports

    @property
    def groups(self) -> dict[tuple[str, int], list[str]]:
        """Settlement keys of at least MIN_LEN letters by (first letter, length), each group in key order."""
        if self._groups is None:
            g = self.gaz
            out: dict[tuple[str, int], list[str]] = {}
            for key in sorted(g.by_key):
                if len(key) >= MIN_LEN and any(g.fclass[r] == "P" for r in g.by_key[key]):
                    out.setdefault((key[0], len(key)), []).append(key)
            self._groups = out
        return self._groups

    def warm(self) -> int:
        """Group the keys now (e.g. in a worker's warm-up); returns how many keys can be matched."""
        return sum(len(v) for v in self.groups.values())

    def similar_keys(self, key: str) -> list[tuple[str, int]]:
        """Settlement keys within the allowed edit distance of `key` (never `key` itself), nearest first, then
        in key order."""
        if len(key) < MIN_LEN:
            return []
        hit = self._similar.get(key)
        if hit is None:
            if len(self._similar) > 100_000:
                self._similar.clear()
            hit = self._similar[key] = self._similar_keys(key)
        return hit

    def _similar_keys(self, key: str) -> list[tuple[str, int]]:
        limit = max_distance(key)
        pk = (key[0], len(key), limit)
        pool = self._pools.get(pk)
        if pool is None:  # the keys that can be within `limit` edits: same first letter, length within `limit`
            groups = self.groups
            pool = self._pools[pk] = [k for n in range(len(key) - limit, len(key) + limit + 1)
                                      for k in groups.get((key[0], n), ())]
        hits = process.extract(key, pool, scorer=Levenshtein.distance, score_cutoff=limit, limit=None)
        out = [(k, int(d)) for k, d, _ in hits if k != key and (d < 2 or one_deletion_each(key, k))]
        return sorted(out, key=lambda kd: (kd[1], kd[0]))

    def near_rows(self, key: str, anchors: list[tuple[float, float]]) -> tuple[list[int], int]:
        """Settlement rows of the closest similar keys that lie within REGION_KM of an anchor (or are cities)."""
        g = self.gaz
        best: list[int] = []
        best_d = 99
        for k, d in self.similar_keys(key):
            if d > best_d:
                break
            for r in g.by_key.get(k, []):
                if g.fclass[r] != "P":
                    continue
                lat, lon = float(g.lat[r]), float(g.lon[r])
                if g.population[r] >= CITY_POPULATION or any(math.hypot(*km_xy(lat - a, lon - b, lat)) <= REGION_KM for a, b in anchors):
                    best.append(r)
                    best_d = d
        return best, best_d
