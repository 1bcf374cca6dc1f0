"""Typo-tolerant settlement look-up, kept on a short leash.

Reports misspell villages ("Huliapole", "Nova Kakhkovka", "Henichensk"). A name that matched nothing
exactly, in a place-like position, may match a settlement key at edit distance 1 (2 for names of nine or more
letters) — but only a settlement within `REGION_KM` of places already resolved around it. Exact matches
always win, so Radkivka never becomes Rudkivka, Pokrovsk never Pokrovske, Myrove never Myrne.

Candidates come from a delete-neighbourhood index (SymSpell): every key and every key with one letter
deleted, so a query needs only len(query) + 1 dictionary probes. It is built on first use only.
"""

from __future__ import annotations

import math
from collections import defaultdict

from frontscope.geo.gazetteer import Gazetteer
from frontscope.geometry import km_xy

MIN_LEN = 6
REGION_KM = 60.0
CITY_POPULATION = 50_000  # cities are named far from their region ("strikes on Zaporizhie"): no leash


def max_distance(key: str) -> int:
    return 2 if len(key) >= 9 else 1


def levenshtein(a: str, b: str, limit: int) -> int:
    """Edit distance of `a` and `b`, or `limit + 1` as soon as it must exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        best = i
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            best = min(best, cur[j])
        if best > limit:
            return limit + 1
        prev = cur
    return prev[-1]


def _deletes(key: str) -> set[str]:
    return {key[:i] + key[i + 1 :] for i in range(len(key))}


class FuzzyIndex:
    def __init__(self, gaz: Gazetteer) -> None:
        self.gaz = gaz
        self._index: dict[str, list[str]] | None = None

    @property
    def index(self) -> dict[str, list[str]]:
        """Every settlement key and each of its one-letter deletions → the keys they come from (a key may repeat:
        the look-up takes a set). Lists, not sets: a third faster to build (1.1 s instead of 1.6 s per process)."""
        if self._index is None:
            idx: dict[str, list[str]] = defaultdict(list)
            g = self.gaz
            for key, rows in g.by_key.items():
                if len(key) < MIN_LEN or not any(g.fclass[r] == "P" for r in rows):
                    continue
                idx[key].append(key)
                for i in range(len(key)):
                    idx[key[:i] + key[i + 1:]].append(key)
            self._index = dict(idx)
        return self._index

    def warm(self) -> int:
        """Build the index now (e.g. in a worker's warm-up); returns its number of entries."""
        return len(self.index)

    def similar_keys(self, key: str) -> list[tuple[str, int]]:
        """Settlement keys within the allowed edit distance of `key` (never `key` itself), nearest first."""
        if len(key) < MIN_LEN:
            return []
        limit = max_distance(key)
        found: set[str] = set()
        for probe in (key, *_deletes(key)):
            found.update(self.index.get(probe, ()))
        found.discard(key)
        out = [(k, d) for k in found if k[0] == key[0] and (d := levenshtein(key, k, limit)) <= limit]
        return sorted(out, key=lambda kd: kd[1])

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
