"""Early-warning indicator: conflict intensity near populated places, per raion, with a 7/28-day trend.

Each event scores   type weight × confidence × people factor,
where the people factor grows with the population within `km` of the event (log scale, 1.0 at
50,000 people, capped at 1.5): shelling of a town weighs more than of an empty field. Per raion and
day, I7 and I28 are the sums over the last 7 and 28 days; the trend is the 7-day rate over the
28-day rate (1 = steady, up to 4 = all activity in the last week). A raion is flagged when I7 ≥
`min_score` and the trend ≥ `min_trend`.

This is a heuristic. What it is worth is what `benchmarks/backtest_warning.py` measures against
what followed (control changes, civilian harm) and against a persistence baseline — nothing more.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from frontscope.humanitarian.spatial import haversine_km, nearest_within

# ACLED event types (frontscope.model.Event.event_type) and control changes.
TYPE_WEIGHTS = {
    "Battles": 1.0,
    "Explosions/Remote violence": 0.7,
    "Violence against civilians": 1.0,
    "Strategic developments": 0.2,
    "Riots": 0.1,
    "Protests": 0.0,
    "control": 1.0,  # a ControlStatement (gain, contested, fighting ...)
}
POP_REF = 50_000


@dataclass
class ConflictEvent:
    date: dt.date
    lat: float
    lon: float
    event_type: str
    confidence: float = 0.5
    raion: str | None = None  # if None: the raion of the nearest settlement


@dataclass
class Settlement:
    lat: float
    lon: float
    population: int
    raion: str | None


@dataclass
class RaionSignal:
    raion: str
    date: dt.date
    i7: float
    i28: float
    trend: float
    events7: int
    alert: bool


class Indicator:
    """Scores events once against the settlements, then answers per-day, per-raion queries."""

    def __init__(self, events: Iterable[ConflictEvent], settlements: Sequence[Settlement], km: float = 10,
                 min_score: float = 1.0, min_trend: float = 1.5) -> None:
        self.km, self.min_score, self.min_trend = km, min_score, min_trend
        self.events = [e for e in events if e.lat is not None and e.lon is not None]
        slat = np.array([s.lat for s in settlements], float)
        slon = np.array([s.lon for s in settlements], float)
        spop = np.array([max(s.population, 0) for s in settlements], float)
        self.daily: dict[str, dict[dt.date, list[float]]] = defaultdict(lambda: defaultdict(list))
        if not self.events:
            return
        elat = np.array([e.lat for e in self.events])
        elon = np.array([e.lon for e in self.events])
        _, nearest = nearest_within(elat, elon, slat, slon, max(km, 50.0))
        for i, e in enumerate(self.events):
            d = haversine_km(e.lat, e.lon, slat, slon)
            people = float(spop[d <= km].sum())
            factor = min(1.5, math.log1p(people) / math.log1p(POP_REF))
            score = TYPE_WEIGHTS.get(e.event_type, 0.5) * e.confidence * factor
            raion = e.raion or (settlements[nearest[i]].raion if nearest[i] >= 0 else None) or "(no raion)"
            self.daily[raion][e.date].append(score)

    def raions(self) -> list[str]:
        return sorted(self.daily)

    def signal(self, raion: str, on: dt.date) -> RaionSignal:
        days = self.daily.get(raion, {})
        i7 = n7 = 0.0
        i28 = 0.0
        for k in range(28):
            scores = days.get(on - dt.timedelta(days=k))
            if not scores:
                continue
            i28 += sum(scores)
            if k < 7:
                i7 += sum(scores)
                n7 += len(scores)
        trend = (i7 / 7) / (i28 / 28) if i28 > 0 else 0.0
        return RaionSignal(raion, on, round(i7, 3), round(i28, 3), round(trend, 2), int(n7),
                           i7 >= self.min_score and trend >= self.min_trend)

    def signals(self, on: dt.date) -> list[RaionSignal]:
        """All raions with activity in the 28 days up to `on`, highest I7 first."""
        out = [self.signal(r, on) for r in self.raions()]
        return sorted((s for s in out if s.i28 > 0), key=lambda s: -s.i7)


@dataclass
class Score:
    alerts: int
    hits: int  # alerts followed by an outcome within the horizon
    positives: int  # raion-days followed by an outcome
    caught: int  # positives that were alerted

    @property
    def precision(self) -> float:
        return self.hits / self.alerts if self.alerts else 0.0

    @property
    def recall(self) -> float:
        return self.caught / self.positives if self.positives else 0.0


def backtest(indicator: Indicator, outcomes: dict[str, set[dt.date]], days: Sequence[dt.date],
             horizon: int = 14, raions: Iterable[str] | None = None) -> dict[str, Score]:
    """Alerts on each day vs outcomes (raion → dates of control changes / civilian harm) in the next
    `horizon` days, for the indicator and for persistence (alert where an outcome happened in the
    previous `horizon` days)."""
    raions = sorted(set(raions or ()) | set(indicator.raions()) | set(outcomes))
    res = {"indicator": Score(0, 0, 0, 0), "persistence": Score(0, 0, 0, 0)}
    for r in raions:
        dates = outcomes.get(r, set())
        for d in days:
            future = any(d + dt.timedelta(days=k) in dates for k in range(1, horizon + 1))
            past = any(d - dt.timedelta(days=k) in dates for k in range(0, horizon))
            alerts = {"indicator": indicator.signal(r, d).alert, "persistence": past}
            for name, alert in alerts.items():
                s = res[name]
                s.alerts += alert
                s.hits += alert and future
                s.positives += future
                s.caught += alert and future
    return res
