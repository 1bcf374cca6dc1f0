"""Settlement control timelines: holder over time with the statements behind every change.

Per settlement, observations are replayed in date order. Each gives a vote (see `implied_holder`);
votes for the same holder within `WINDOW` days combine as independent evidence (noisy-OR, one vote per
source, so the same source repeating itself does not corroborate itself). The holder changes when a
strong statement (a gain, a hold, "contested") reaches `FLIP` support, or when any support exceeds
the confidence in the current holder, which fades over time without fresh evidence. Settlements never
mentioned keep their prior (baseline polygon), or "unknown" without one.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from frontscope.control.observations import Observation, implied_holder
from frontscope.control.priors import Settlement, classify, load_areas
from frontscope.geo.gazetteer import haversine_km

WINDOW = dt.timedelta(days=14)
FLIP = 0.35  # support a strong statement needs to change a known holder
PRIOR_CONFIDENCE = 0.9
HALF_LIFE_DAYS = 60.0  # confidence in a holder halves after this long without supporting evidence
STATUS_RANK = {"confirmed": 3, "assessed": 2, "claimed": 1, "denied": 0, "prior": -1}


@dataclass
class Change:
    geonameid: int
    date: dt.date
    holder: str  # UA | RU | contested
    previous: str  # holder before (unknown when none)
    confidence: float
    evidence: list[int | str] = field(default_factory=list)  # observation ids
    status: str = "claimed"  # best status among the evidence
    reported: dt.date | None = None  # report date of the statement that tipped the change (when it was known)


@dataclass
class SettlementState:
    geonameid: int
    name: str
    holder: str  # UA | RU | contested | unknown
    confidence: float
    since: dt.date | None
    evidence: list[int | str]
    status: str  # prior | confirmed | assessed | claimed | denied


def _noisy_or(weights: Iterable[float]) -> float:
    p = 1.0
    for w in weights:
        p *= 1.0 - max(0.0, min(w, 0.99))
    return 1.0 - p


def _faded(conf: float, last: dt.date | None, now: dt.date) -> float:
    if last is None:
        return conf
    days = max(0, (now - last).days)
    return conf * math.pow(0.5, days / HALF_LIFE_DAYS)


class Timelines:
    """Holder over time for every settlement seen in observations or in the baseline."""

    def __init__(self, changes: dict[int, list[Change]], prior: dict[int, str], prior_date: dt.date | None,
                 names: dict[int, str], *, coords: dict[int, tuple[float, float]] | None = None,
                 first_seen: dict[int, dt.date] | None = None, spread_km: float = 0.0) -> None:
        self._changes = changes
        self.prior = prior
        self.prior_date = prior_date
        self.names = names
        self.spread_km = spread_km
        self._coords = coords or {}
        seen = [(g, d) for g, d in (first_seen or {}).items() if g in self._coords]
        self._seen_ids = np.array([g for g, _ in seen], dtype=np.int64)
        self._seen_day = np.array([d.toordinal() for _, d in seen], dtype=np.int64)
        self._seen_lat = np.array([self._coords[g][0] for g, _ in seen])
        self._seen_lon = np.array([self._coords[g][1] for g, _ in seen])

    def settlements(self) -> list[int]:
        return sorted(set(self.prior) | set(self._changes))

    def history(self, geonameid: int) -> list[Change]:
        return list(self._changes.get(geonameid, []))

    def _last_change(self, geonameid: int, date: dt.date) -> Change | None:
        last = None
        for c in self._changes.get(geonameid, []):
            if c.date <= date:
                last = c
            else:
                break
        return last

    def holder_at(self, geonameid: int, date: dt.date) -> str:
        c = self._last_change(geonameid, date)
        if c is not None:
            return c.holder
        spread = self._spread(geonameid, date)
        if spread is not None:
            return spread.holder
        return self.prior.get(geonameid, "unknown")

    def _spread(self, geonameid: int, date: dt.date) -> Change | None:
        """A settlement nobody mentions follows its nearest mentioned neighbour within `spread_km` when that
        neighbour started with the same holder and has since changed hands: reports name the villages
        that matter, the front moves across the ones in between."""
        if self.spread_km <= 0 or geonameid not in self._coords or geonameid not in self.prior or not len(self._seen_ids):
            return None
        lat, lon = self._coords[geonameid]
        d = haversine_km(lat, lon, self._seen_lat, self._seen_lon)
        d = np.where((self._seen_day <= date.toordinal()) & (self._seen_ids != geonameid), d, np.inf)
        k = int(np.argmin(d))
        if not np.isfinite(d[k]) or d[k] > self.spread_km:
            return None
        v = int(self._seen_ids[k])
        c = self._last_change(v, date)
        mine = self.prior[geonameid]
        if c is None or c.holder == mine or self.prior.get(v, "unknown") != mine:
            return None
        return Change(geonameid, c.date, c.holder, mine, round(c.confidence * 0.7, 3), list(c.evidence), "inferred",
                      c.reported)

    def state_at(self, geonameid: int, date: dt.date) -> SettlementState:
        c = self._last_change(geonameid, date) or self._spread(geonameid, date)
        name = self.names.get(geonameid, "")
        if c is None:
            holder = self.prior.get(geonameid, "unknown")
            conf = PRIOR_CONFIDENCE if holder != "unknown" else 0.0
            return SettlementState(geonameid, name, holder, conf, self.prior_date if holder != "unknown" else None,
                                   [], "prior")
        return SettlementState(geonameid, name, c.holder, round(c.confidence, 3), c.date, list(c.evidence), c.status)

    def snapshot(self, as_of: dt.date) -> list[SettlementState]:
        return [self.state_at(g, as_of) for g in self.settlements()]

    def changes(self, since: dt.date, until: dt.date) -> list[Change]:
        """Every change of holder dated within [since, until], in date order."""
        out = [c for cs in self._changes.values() for c in cs if since <= c.date <= until]
        return sorted(out, key=lambda c: (c.date, c.geonameid))


def _replay(gid: int, obs: list[Observation], start_holder: str, start_date: dt.date | None,
            start_conf: float) -> list[Change]:
    holder, conf, last_support = start_holder, start_conf, start_date
    support: dict[str, list[tuple[dt.date, str, float, Observation]]] = defaultdict(list)
    changes: list[Change] = []
    for o in sorted(obs, key=lambda o: (o.date, o.report_date, str(o.id))):
        vote = implied_holder(o)
        if vote is None:
            continue
        h, w, strong = vote
        now = o.date
        support[h].append((now, o.source or str(o.id), w, o))
        recent = [x for x in support[h] if now - x[0] <= WINDOW]
        support[h] = recent
        per_source: dict[str, float] = {}
        for _, src, ww, _o in recent:
            per_source[src] = max(per_source.get(src, 0.0), ww)
        s = _noisy_or(per_source.values())
        if h == holder:
            conf = max(_faded(conf, last_support, now), s)
            last_support = now
            if changes and changes[-1].holder == h:
                changes[-1].evidence.append(o.id)
            continue
        current = _faded(conf, last_support, now) if holder != "unknown" else 0.0
        if (strong and s >= FLIP) or s > current:
            members = [x[3] for x in recent]
            best = max(members, key=lambda m: STATUS_RANK.get(m.status, 0))
            changes.append(Change(gid, now, h, holder, round(s, 3), [m.id for m in members], best.status,
                                  o.report_date))
            holder, conf, last_support = h, s, now
            for other in list(support):
                if other != h:
                    support[other] = []  # evidence for the old holder is spent
    return changes


def build_timelines(observations: Iterable[Observation | dict], *, baseline: object | None = None,
                    baseline_date: dt.date | None = None, settlements: Iterable[Settlement] | None = None,
                    spread_km: float = 0.0) -> Timelines:
    """Timelines from observations, optionally starting from an occupied-area polygon at `baseline_date`.

    `baseline` is anything `priors.load_areas` accepts; `settlements` are the settlements it is applied
    to (by default the observed ones that have coordinates). Observations dated before the baseline are
    ignored when a baseline is given: the polygon already reflects them. With `spread_km`, unmentioned
    settlements of the baseline follow their nearest mentioned neighbour's change (see `Timelines._spread`).
    """
    obs = [o if isinstance(o, Observation) else Observation.from_dict(o) for o in observations]
    names: dict[int, str] = {}
    by_gid: dict[int, list[Observation]] = defaultdict(list)
    for o in obs:
        if baseline is not None and baseline_date is not None and o.date < baseline_date:
            continue
        by_gid[o.geonameid].append(o)
        names.setdefault(o.geonameid, o.name)
    prior: dict[int, str] = {}
    coords: dict[int, tuple[float, float]] = {
        o.geonameid: (o.lat, o.lon) for o in obs if o.lat is not None and o.lon is not None}
    if baseline is not None:
        pool = list(settlements) if settlements is not None else _observed_settlements(obs)
        prior = classify(pool, load_areas(baseline))
        for s in pool:
            names.setdefault(s.geonameid, s.name)
            coords[s.geonameid] = (s.lat, s.lon)
    first_seen: dict[int, dt.date] = {}
    for gid, group in by_gid.items():
        first_seen[gid] = min(o.date for o in group)
    changes: dict[int, list[Change]] = {}
    for gid, group in by_gid.items():
        start = prior.get(gid, "unknown")
        cs = _replay(gid, group, start, baseline_date if gid in prior else None,
                     PRIOR_CONFIDENCE if gid in prior else 0.0)
        if cs:
            changes[gid] = cs
    return Timelines(changes, prior, baseline_date, names, coords=coords, first_seen=first_seen, spread_km=spread_km)


def _observed_settlements(obs: list[Observation]) -> list[Settlement]:
    seen: dict[int, Settlement] = {}
    for o in obs:
        if o.lat is not None and o.lon is not None and o.geonameid not in seen:
            seen[o.geonameid] = Settlement(o.geonameid, o.name, o.lat, o.lon)
    return list(seen.values())
