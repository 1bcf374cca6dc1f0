"""Belief: whether the statements about a settlement are enough to believe it changed hands.

Statements stay what they are (a claim, an assessment, a denial, by whom). A change of holder is a
*decision* over them: for a settlement held by `current` and a candidate new holder `h`, the statements of
the last `window_days` become a feature vector (who says h gained it and how: the analyst's assessment, the
losing side's admission, the winning side's own claim; what contradicts it; how deep behind the prior front
line the place lies; how old and how hedged the evidence is) and a logistic model turns it into the
probability that the change is real. The holder changes only when that probability reaches `threshold`.

The weights and the threshold are *fitted*, not hand-set: `benchmarks/fit_belief.py` learns them from
DeepStateMap truth of April–July 2022 (rolling priors of 7–42 days over the 247 ISW reports), chooses the
threshold there for flip precision ≥ 0.9, and writes `belief.toml`; August–October 2022 and Nov–Dec 2025
are held out (`benchmarks/eval_control.py`). Only those numbers ship, never truth geometry.
"""

from __future__ import annotations

import datetime as dt
import math
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from frontscope.control.observations import Observation
from frontscope.control.spatial import InferenceParams
from frontscope.events.control_rules import BASE_CONFIDENCE
from frontscope.geometry import KM_PER_DEG_LAT, KM_PER_DEG_LON_EQUATOR
from frontscope.vocab import Change, ChangeKind, other

VERIFIERS = {"think_tank", "footage", "osint"}  # whose word is evidence rather than a side's claim
# Whose word commits a side: an official admitting a loss pays for it; a milblogger or a side's media does not
# (Russian milbloggers reported Ukrainian advances in September 2022 that had not happened).
OFFICIAL = {"government", "military", "local_official"}

# The features, in the order of the weight vector. Counts enter as log(1 + n).
FEATURES = (
    "bias",
    "confirmed",  # h gained / holds it, confirmed (geolocated footage, imagery, a stated confirmation)
    "assessed",  # h gained / holds it in the analyst's own assessment
    "admitted",  # h gained / holds it, claimed by the other side (the loser admits it)
    "self_claim",  # h gained / holds it, claimed by h's own side
    "third_claim",  # h gained / holds it, claimed by someone of no side
    "against",  # the current holder holds / gained it, or h's gain is denied
    "still_attacking",  # h's forces attack or advance *near* it: not taken yet
    "fighting",  # fighting / contested statements
    "sources",  # distinct sources saying h gained / holds it
    "region_only",  # every supporting statement is about a whole area ("all of Luhansk Oblast")
    "neighbours",  # other settlements within NEIGHBOUR_KM that statements of the window say h gained or holds
    "depth",  # log(1 + km) behind the prior line: distance to the nearest settlement h held in the prior
    "no_prior",  # the current holder is unknown (no baseline)
    "age",  # days since the latest supporting statement / window
    "hedge",  # how much hedged wording ("likely", "reportedly") lowered the best supporting statement's confidence
    "hold_only",  # every supporting statement says h *holds* it (a state, no event), within the window of the prior
)

# What each feature means to a reader (`frontscope control --explain`).
LABELS = {
    "bias": "base rate", "confirmed": "footage or imagery shows it", "assessed": "the analyst assesses it",
    "admitted": "the losing side admits it", "self_claim": "the gaining side's own claim",
    "third_claim": "a party of neither side says it", "against": "statements against it",
    "still_attacking": "still attacking near it", "fighting": "fighting reported there", "sources": "distinct sources",
    "region_only": "only a statement about a whole area", "neighbours": "places around it moved the same way",
    "depth": "distance behind the old line", "no_prior": "no prior holder", "age": "days since the last statement",
    "hedge": "hedged wording", "hold_only": "only 'holds it', said at the time of the prior",
}


@dataclass(frozen=True)
class BeliefParams:
    weights: tuple[float, ...]
    threshold: float = 0.5  # probability a change needs before the holder changes
    window_days: int = 28  # statements older than this no longer count for a change
    sweep_km: float = 0.0  # unnamed settlements this close to a believed change, between it and the old line
    sweep_margin_km: float = 0.0  # ... and no deeper behind the old line than the change + this
    # a holder not restated for this long fades to unknown without a prior, and no longer colours the prior's grey
    # zone with one (0: never)
    fade_days: int = 0
    source: str = ""  # where the numbers came from
    metrics: dict[str, float] = field(default_factory=dict)
    no_prior: BeliefParams | None = None  # the model for settlements without a prior holder
    sweep_min_probability: float = 0.0  # believed changes below this do not sweep their neighbours
    overtake_km: float = 0.0  # a swept settlement yields to a later believed change the other way this close to it

    def without_prior(self) -> BeliefParams:
        return self.no_prior or self

    def sweep(self) -> InferenceParams | None:
        """Spatial parameters with a prior: only the sweep between a believed change and the old line."""
        if self.sweep_km <= 0:
            return None
        return InferenceParams(radius_km=max(self.sweep_km, 1.0), min_change=1e9, override_margin=1e9,
                               prior_weight=0.0, sweep_reach=1.0, sweep_km=self.sweep_margin_km,
                               sweep_min_conf=max(self.threshold, self.sweep_min_probability), sweep_max_km=self.sweep_km,
                               overtake_km=self.overtake_km, fresh_days=self.fade_days)

    def probability(self, x: Sequence[float]) -> float:
        z = sum(w * v for w, v in zip(self.weights, x, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


PARAMS_FILE = Path(__file__).with_name("belief.toml")


@lru_cache(maxsize=4)
def load_params(path: Path = PARAMS_FILE) -> BeliefParams:
    return params_from_dict(tomllib.loads(path.read_text(encoding="utf-8")), str(path))


def params_from_dict(data: dict, where: str = "belief parameters") -> BeliefParams:
    w = data["weights"]
    missing = [f for f in FEATURES if f not in w]
    if missing:
        raise ValueError(f"{where}: weights missing for {', '.join(missing)}")
    sub = data.get("no_prior")
    return BeliefParams(
        weights=tuple(float(w[f]) for f in FEATURES), threshold=float(data["threshold"]),
        window_days=int(data["window_days"]), sweep_km=float(data.get("sweep_km", 0.0)),
        sweep_margin_km=float(data.get("sweep_margin_km", 0.0)), fade_days=int(data.get("fade_days", 0)),
        source=str(data.get("source", "")), metrics={k: float(v) for k, v in data.get("metrics", {}).items()},
        no_prior=params_from_dict({**data, **sub, "no_prior": None}, where) if sub else None,
        sweep_min_probability=float(data.get("sweep_min_probability", 0.0)),
        overtake_km=float(data.get("overtake_km", 0.0)))


def supports(o: Observation, h: str) -> bool:
    """The statement says `h` gained or holds the place (and is not a denial)."""
    return o.status != "denied" and Change.parse(o.change).holder == h


def contradicts(o: Observation, h: str) -> bool:
    """The statement says the other side holds or gained it, or denies h's gain."""
    holder = Change.parse(o.change).holder
    if o.status == "denied":
        return holder == h
    return holder is not None and holder == other(h)


def kind_of_support(o: Observation, h: str) -> str:
    if o.status == "confirmed" or o.source_kind in ("footage", "osint"):
        return "confirmed"
    if o.status == "assessed" or o.source_kind in VERIFIERS:
        return "assessed"
    if o.source_side == other(h) and o.source_kind in OFFICIAL:
        return "admitted"
    if o.source_side == h:
        return "self_claim"
    return "third_claim"


def corroborated(x: Sequence[float]) -> bool:
    """Someone other than the gaining side says it: the analyst or footage, the other side, a neutral party."""
    return any(x[FEATURES.index(f)] > 0 for f in ("confirmed", "assessed", "admitted", "third_claim"))


NEIGHBOUR_KM = 25.0  # a front moving: how far other settlements' changes count as momentum


def features(window: Iterable[Observation], h: str, now: dt.date, *, depth_km: float | None,
             window_days: int, neighbours: int = 0, prior_date: dt.date | None = None) -> list[float] | None:
    """Feature vector for "the place is now `h`'s" from the statements of the window; None without support.

    `prior_date`: the date of the prior polygon. A statement that h *holds* the place, made within `window_days`
    of it, describes the same moment as the polygon and contradicts it ("hold_only"); months later, the place
    may well have changed hands in between unreported, and the statement counts as any other."""
    counts = dict.fromkeys(FEATURES, 0.0)
    sources: set[str] = set()
    latest: dt.date | None = None
    best_conf = 0.0
    regional = named = 0
    gains = 0  # supporting statements that report h taking it (the rest say h holds it)
    window = list(window)
    # Only what is said from the first report of h's gain on speaks against it: the attacks that led up to a
    # capture ("Russian forces attacked Popasna" the week before they took it) and the old holder's hold
    # before it are the story of the change, not evidence that it did not happen.
    first = min((o.date for o in window if supports(o, h)), default=None)
    for o in window:
        if first is not None and o.date < first and not supports(o, h):
            continue
        if supports(o, h):
            counts[kind_of_support(o, h)] += 1
            sources.add(o.source or str(o.id))
            latest = o.date if latest is None or o.date > latest else latest
            # The reader's confidence starts from a base per status; what is left below it is hedging.
            best_conf = max(best_conf, o.confidence / BASE_CONFIDENCE.get(o.status, 0.75))
            if Change.parse(o.change).kind != ChangeKind.HOLDS:
                gains += 1
            if "@" in str(o.id):
                regional += 1
            else:
                named += 1
        elif contradicts(o, h):
            counts["against"] += 1
        elif (change := Change.parse(o.change)).attacker == h:
            counts["still_attacking"] += 1
        elif change.kind in (ChangeKind.FIGHTING, ChangeKind.CONTESTED):
            counts["fighting"] += 1
    if latest is None:
        return None
    x = [1.0]
    for f in FEATURES[1:10]:
        x.append(math.log1p(len(sources)) if f == "sources" else math.log1p(counts[f]))
    x.append(1.0 if regional and not named else 0.0)
    x.append(math.log1p(neighbours))
    x.append(math.log1p(depth_km) if depth_km is not None else 0.0)
    x.append(1.0 if depth_km is None else 0.0)
    x.append(max(0, (now - latest).days) / max(1, window_days))
    x.append(1.0 - min(1.0, best_conf))
    same_moment = prior_date is not None and (latest - prior_date).days <= window_days
    x.append(1.0 if same_moment and not gains else 0.0)
    return x


class Momentum:
    """Where statements say each side gained or holds ground, and when: a candidate change is likelier when
    the places around it move the same way (a breakthrough) than when it stands alone behind a static line."""

    def __init__(self, observations: Iterable[Observation]) -> None:
        import numpy as np

        # "Verified" is a change of hands that the analyst, footage or the other side reports, not a hold: in a
        # static front every place near a claim is held by someone, and "held" would back any claim.
        rows = [(o.geonameid, side, o.report_date.toordinal(), o.date.toordinal(), o.lat, o.lon,
                 kind_of_support(o, side) in ("confirmed", "assessed", "admitted") and Change.parse(o.change).is_gain)
                for o in observations
                if not o.region and "@" not in str(o.id) and o.lat is not None and o.lon is not None
                for side in ("UA", "RU") if supports(o, side)]
        self._np = np
        self.gid = np.array([r[0] for r in rows], dtype=np.int64)
        self.side = np.array([r[1] == "UA" for r in rows], dtype=bool)
        self.reported = np.array([r[2] for r in rows], dtype=np.int64)
        self.day = np.array([r[3] for r in rows], dtype=np.int64)
        self.lat = np.array([r[4] for r in rows], dtype=float)
        self.lon = np.array([r[5] for r in rows], dtype=float)
        self.verified = np.array([r[6] for r in rows], dtype=bool)  # a gain the analyst, footage or the other side reports
        self._near: dict[int, tuple] = {}

    def count(self, gid: int, lat: float | None, lon: float | None, side: str, now: dt.date, window_days: int,
              *, verified: bool = False, km: float = NEIGHBOUR_KM) -> int:
        """Other settlements within `km` that statements reported by `now` (about the last `window_days`) say
        `side` gained or holds (with `verified`: only gains reported by the analyst, footage or the other side)."""
        np = self._np
        if lat is None or lon is None or not len(self.gid):
            return 0
        cached = self._near.get(gid)
        if cached is None:
            dy = (self.lat - lat) * KM_PER_DEG_LAT
            dx = (self.lon - lon) * KM_PER_DEG_LON_EQUATOR * math.cos(math.radians(lat))
            d2 = dx * dx + dy * dy
            near = np.flatnonzero((d2 <= NEIGHBOUR_KM ** 2) & (self.gid != gid))
            cached = self._near[gid] = (near, d2[near])
        near, d2 = cached
        if not len(near):
            return 0
        t = now.toordinal()
        ok = (self.side[near] == (side == "UA")) & (self.reported[near] <= t) & (self.day[near] > t - window_days)
        if verified:
            ok &= self.verified[near]
        if km < NEIGHBOUR_KM:
            ok &= d2 <= km * km
        m = near[ok]
        return int(len(np.unique(self.gid[m])))
