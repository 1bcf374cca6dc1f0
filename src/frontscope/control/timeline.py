"""Settlement control timelines: the believed holder over time, with the statements behind every change.

Per settlement, statements are replayed in the order they were reported. At each report date the belief
model (`belief`) scores every candidate new holder over the statements of its window; the holder changes only
when that probability reaches the fitted threshold, and a side's own uncorroborated claim stays a claim
(`Timelines.claim_at`, shown as "claimed by"). Replaying by report date makes the state on any date D what the
reports up to D said, so `control`, `changes` and charts agree. Region statements become per-settlement
statements (`regions`); statements about part of an area flip nothing by themselves. With a prior (a baseline
polygon or holders), settlements nobody names follow a believed change only between it and the old line
(`spatial`, the sweep); without one, holders start unknown, named ones fade back to unknown without fresh
statements, and unnamed ones may take the holder their named neighbours point to.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from frontscope.control.belief import (
    FEATURES,
    BeliefParams,
    Momentum,
    corroborated,
    features,
    kind_of_support,
    load_params,
    supports,
)
from frontscope.control.observations import Observation, implied_holder
from frontscope.control.priors import Settlement, classify, load_areas
from frontscope.control.regions import expand, parse_spec
from frontscope.control.spatial import (
    CODES,
    NAMES,
    UNKNOWN,
    InferenceParams,
    bank_codes,
    infer_holders,
    project,
)
from frontscope.geo.gazetteer import get_gazetteer
from frontscope.geometry import nearest_distance
from frontscope.vocab import Change as Statement

WINDOW = dt.timedelta(days=14)
PRIOR_CONFIDENCE = 0.9
HALF_LIFE_DAYS = 60.0  # confidence in a holder halves after this long without supporting evidence
DEFAULT_INFERENCE = InferenceParams()
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
    last_support: dt.date | None = None  # date of the latest statement for this holder (the change's own at first)


@dataclass
class SettlementState:
    geonameid: int
    name: str
    holder: str  # UA | RU | contested | unknown
    confidence: float
    since: dt.date | None
    evidence: list[int | str]
    status: str  # prior | confirmed | assessed | claimed | denied | inferred | faded
    claimed_by: str = ""  # UA | RU: that side claims to have taken it, not (yet) believed
    claim_evidence: list[int | str] = field(default_factory=list)
    anchor: int | None = None  # status "inferred": the named settlement whose change it follows


@dataclass
class Fill:
    """Why a settlement no statement names follows a named one (`Timelines.fill`): the holder the sweep gives it,
    the anchor it follows and when that anchor was last restated. `overtaken`: a believed change the other way
    within `overtake_km` since then (settlement, date), so the settlement shows its prior instead."""

    holder: str
    anchor: int | None  # None only when no anchor is left to name (the support came from the sweep alone)
    anchor_name: str
    restated: dt.date | None
    overtaken: tuple[int, str, dt.date] | None = None
    support: float = 0.0


@dataclass
class Decision:
    """One scoring of a candidate change (`build_timelines(..., explain=True)`): why the holder did or did not
    change on a report date."""

    geonameid: int
    date: dt.date  # report date of the scoring
    holder: str  # the holder before
    candidate: str  # the side the statements say took or holds it
    probability: float  # the belief model's probability that the change is real
    threshold: float
    # changed | claim (the side's own claim, nobody else backs it) | not enough | superseded (a later area statement
    # undid a change nobody restated: `_superseded`)
    outcome: str
    contributions: dict[str, float]  # feature -> weight x value, the non-zero ones (the bias included)
    evidence: list[int | str]  # the statements saying `candidate` gained or holds it
    note: str = ""  # what else the scoring took into account, in words


def _faded(conf: float, last: dt.date | None, now: dt.date) -> float:
    if last is None:
        return conf
    days = max(0, (now - last).days)
    return conf * math.pow(0.5, days / HALF_LIFE_DAYS)


class Timelines:
    """Holder over time for every settlement seen in observations or in the baseline."""

    def __init__(self, changes: dict[int, list[Change]], prior: dict[int, str], prior_date: dt.date | None,
                 names: dict[int, str], *, coords: dict[int, tuple[float, float]] | None = None,
                 first_seen: dict[int, dt.date] | None = None, infer: InferenceParams | None = None,
                 claims: dict[int, list[Claim]] | None = None, fade_days: int = 0,
                 areas: list[AreaTaken] | None = None, decisions: dict[int, list[Decision]] | None = None) -> None:
        self._changes = changes
        self.areas = areas or []
        self._claims = claims or {}
        self.fade_days = fade_days
        self.prior = prior
        self.prior_date = prior_date
        self.names = names
        self._coords = coords or {}
        self._first_seen = dict(first_seen or {})
        self.infer = infer
        self._depth: dict[int, float] | None = None
        self.decisions = decisions or {}  # every scoring of a candidate change (build_timelines(..., explain=True))
        self._anchor_cache: dict[dt.date, tuple[np.ndarray, ...]] = {}
        self._bank_cache: dict[tuple, tuple[np.ndarray, np.ndarray]] = {}
        self._points: tuple[np.ndarray, ...] | None = None

    pool: list[int] | None = None  # every settlement the view covers (`control --all` without a baseline)

    def settlements(self) -> list[int]:
        return sorted(set(self.prior) | set(self._changes) | set(self._claims) | set(self.pool or ()))

    def history(self, geonameid: int) -> list[Change]:
        return list(self._changes.get(geonameid, []))

    def _last_change(self, geonameid: int, date: dt.date) -> Change | None:
        last = None
        for c in self._changes.get(geonameid, []):
            if c.date <= date:
                last = c
            else:
                break
        if last is not None and self.fade_days and (date - (last.last_support or last.date)).days > self.fade_days:
            # Without a prior, a holder nobody has restated for weeks is no longer known.
            return Change(geonameid, last.last_support or last.date, "unknown", last.holder, 0.0, [], "faded")
        return last

    def claim_at(self, geonameid: int, date: dt.date) -> Claim | None:
        """The latest unbelieved claim of a gain by a side that does not hold the place at `date`."""
        last = self._last_change(geonameid, date)
        holder = last.holder if last is not None else self.prior.get(geonameid, "unknown")
        since = last.date if last is not None else None
        out = None
        for c in self._claims.get(geonameid, []):
            if c.date > date:
                break
            if c.side != holder and (since is None or c.date >= since) and (date - c.date).days <= 28:
                out = c
        return out

    def holder_at(self, geonameid: int, date: dt.date) -> str:
        c = self._last_change(geonameid, date)
        if c is not None:
            return c.holder
        return self.holders_at([geonameid], date)[0]

    def holders_at(self, geonameids: Iterable[int], date: dt.date) -> list[str]:
        """Holder of each settlement at `date`; one vectorised spatial inference for the unnamed ones."""
        ids = [int(g) for g in geonameids]
        out: list[str] = []
        pending: list[int] = []  # positions in `out` left to spatial inference
        for k, g in enumerate(ids):
            c = self._last_change(g, date)
            if c is not None:
                out.append(c.holder)
                continue
            out.append(self.prior.get(g, "unknown"))
            if self._inferable(g, date):
                pending.append(k)
        for k, f in self._inferred(ids, pending, date).items():
            out[k] = f.holder
        return out

    def _inferable(self, geonameid: int, date: dt.date) -> bool:
        """Whether spatial inference may give a holder to a settlement with no change of its own."""
        return self.infer is not None and (bool(self.prior) or not self._is_anchor(geonameid, date))

    def _inferred(self, ids: list[int], pending: list[int], date: dt.date) -> dict[int, Fill]:
        """Per position in `ids` (of those `pending`) that inference moves and nothing has overtaken: its fill."""
        fills = self._fills([ids[k] for k in pending], date)
        return {k: f for k, f in zip(pending, fills, strict=True) if f is not None and f.overtaken is None}

    def _fills(self, targets: list[int], date: dt.date) -> list[Fill | None]:
        """The sweep's answer for each target, overtaken or not (None: inference does not move it)."""
        if not targets:
            return []
        codes, support, top = self._infer(targets, date)
        moved = [j for j in range(len(targets)) if support[j] > 0]
        restated = [self._restated(top[j], date) for j in moved]
        over = self._overtaken([targets[j] for j in moved], [int(codes[j]) for j in moved], restated, date)
        out: list[Fill | None] = [None] * len(targets)
        for j, r, o in zip(moved, restated, over, strict=True):
            anchor = top[j]
            out[j] = Fill(NAMES[int(codes[j])], anchor, self.names.get(anchor, "") if anchor is not None else "", r, o,
                          float(support[j]))
        return out

    def _restated(self, anchor: int | None, date: dt.date) -> dt.date | None:
        """When the anchor an inference rests on was last said to be held by its holder (None: the prior's)."""
        src = self._last_change(anchor, date) if anchor is not None else None
        return (src.last_support or src.date) if src is not None else self.prior_date

    def _change_points(self) -> tuple[np.ndarray, ...]:
        """Every believed change to UA or RU with a position: x, y (km), date ordinal, new holder code, settlement."""
        if self._points is None:
            rows = [(g, c.date.toordinal(), CODES[c.holder]) for g, cs in self._changes.items() if g in self._coords
                    for c in cs if c.holder in ("UA", "RU")]
            lat = np.array([self._coords[g][0] for g, _, _ in rows])
            lon = np.array([self._coords[g][1] for g, _, _ in rows])
            x, y = project(lat, lon)
            self._points = (x, y, np.array([d for _, d, _ in rows], dtype=np.int64),
                            np.array([h for _, _, h in rows], dtype=np.int8), np.array([g for g, _, _ in rows]))
        return self._points

    def _overtaken(self, targets: list[int], codes: list[int], since: list[dt.date | None],
                   date: dt.date) -> list[tuple[int, str, dt.date] | None]:
        """Per inferred target: the latest believed change *away* from its inferred holder within `overtake_km`,
        reported after its anchor was last restated and by `date` (None: the fill stands). A quiet rear keeps its
        fill however old; ground the front has come back over does not keep a holder nobody restated."""
        assert self.infer is not None
        out: list[tuple[int, str, dt.date] | None] = [None] * len(targets)
        km = self.infer.overtake_km
        if not targets or km <= 0:
            return out
        px, py, pdate, phold, pgid = self._change_points()
        if not len(px):
            return out
        coords = [self._coord(g) for g in targets]
        lat = np.array([c[0] if c else np.nan for c in coords])
        lon = np.array([c[1] if c else np.nan for c in coords])
        tx, ty = project(lat, lon)
        lo = np.array([s.toordinal() if s else dt.date.min.toordinal() for s in since], dtype=np.int64)
        code = np.array(codes, dtype=np.int8)
        for a in range(0, len(targets), 1024):
            b = min(len(targets), a + 1024)
            d2 = (tx[a:b, None] - px[None, :]) ** 2 + (ty[a:b, None] - py[None, :]) ** 2
            hit = (d2 <= km * km) & (pdate[None, :] > lo[a:b, None]) & (pdate[None, :] <= date.toordinal()) \
                & (phold[None, :] != code[a:b, None])
            for k in np.flatnonzero(hit.any(axis=1)):
                m = int(np.flatnonzero(hit[k])[np.argmax(pdate[hit[k]])])
                g = int(pgid[m])
                out[a + int(k)] = (g, self.names.get(g, ""), dt.date.fromordinal(int(pdate[m])))
        return out

    def _is_anchor(self, geonameid: int, date: dt.date) -> bool:
        seen = self._first_seen.get(geonameid)
        return seen is not None and seen <= date

    def _coord(self, geonameid: int) -> tuple[float, float] | None:
        c = self._coords.get(geonameid)
        if c is None:
            gaz = get_gazetteer()  # a settlement outside the pool: any gazetteer place
            row = gaz.row_of.get(geonameid)
            if row is None:
                return None
            c = (float(gaz.lat[row]), float(gaz.lon[row]))
            self._coords[geonameid] = c
        return c

    def _anchors(self, date: dt.date) -> tuple[np.ndarray, ...]:
        """Named settlements (seen by `date`): ids, x, y, holder, prior, confidence, text-only holder and confidence
        (the confidence 0 where the holder is older than the inference's `fresh_days`)."""
        cached = self._anchor_cache.get(date)
        if cached is not None:
            return cached
        ids, lat, lon, holder, prior, conf, text, tconf = [], [], [], [], [], [], [], []
        fresh = self.infer.fresh_days if self.infer is not None else 0
        for g, seen in self._first_seen.items():
            if seen > date or g not in self._coords:
                continue
            c = self._last_change(g, date)
            h = c.holder if c is not None else self.prior.get(g, "unknown")
            t = c
            if h not in ("UA", "RU") and (t is None or t.holder not in ("UA", "RU")):
                continue
            stale = fresh > 0 and t is not None and (date - (t.last_support or t.date)).days > fresh
            text.append(CODES[t.holder] if t is not None else UNKNOWN)
            tconf.append(t.confidence if t is not None and not stale else 0.0)
            ids.append(g)
            lat.append(self._coords[g][0])
            lon.append(self._coords[g][1])
            holder.append(CODES[h])
            prior.append(CODES.get(self.prior.get(g, "unknown"), UNKNOWN))
            conf.append(c.confidence if c is not None else PRIOR_CONFIDENCE)
        x, y = project(np.array(lat), np.array(lon))
        arrays = (np.array(ids, dtype=np.int64), x, y, np.array(holder, dtype=np.int8),
                  np.array(prior, dtype=np.int8), np.array(conf, dtype=float), np.array(text, dtype=np.int8),
                  np.array(tconf, dtype=float))
        if len(self._anchor_cache) > 64:
            self._anchor_cache.clear()
        self._anchor_cache[date] = arrays
        return arrays

    def _banks(self, date: dt.date, ax: np.ndarray, ay: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        assert self.infer is not None
        key = (date, self.infer.barriers, self.infer.barrier_km)
        if key not in self._bank_cache:
            if len(self._bank_cache) > 64:
                self._bank_cache.clear()
            self._bank_cache[key] = bank_codes(ax, ay, self.infer)
        return self._bank_cache[key]

    def _infer(self, ids: list[int], date: dt.date) -> tuple[np.ndarray, np.ndarray, list[int | None]]:
        """Inferred holder codes, their support, and per target the anchor that contributed most."""
        assert self.infer is not None
        aid, ax, ay, ah, ap, ac, at, atc = self._anchors(date)
        abank = self._banks(date, ax, ay)
        coords = [self._coord(g) for g in ids]
        has = np.array([c is not None for c in coords], dtype=bool)
        lat = np.array([c[0] if c else 0.0 for c in coords])
        lon = np.array([c[1] if c else 0.0 for c in coords])
        tprior = np.array([CODES.get(self.prior.get(g, "unknown"), UNKNOWN) for g in ids], dtype=np.int8)
        tx, ty = project(lat, lon)
        tdepth = adepth = None
        if self.infer.sweep_reach > 0 and self.prior:
            depth = self._prior_depth()
            tdepth = np.array([depth.get(g, np.inf) for g, h in zip(ids, has, strict=True) if h])
            adepth = np.array([depth.get(int(g), np.inf) for g in aid])
        tarea = aarea = None
        if tdepth is not None and self.areas:
            tarea, aarea = self._area_codes([g for g, h in zip(ids, has, strict=True) if h], date), \
                self._area_codes([int(g) for g in aid], date)
        codes, support = infer_holders(tx[has], ty[has], tprior[has], ax, ay, ah, ap, ac, self.infer, at, atc,
                                       bank_codes(tx[has], ty[has], self.infer), abank, tdepth=tdepth,
                                       adepth=adepth, tarea=tarea, aarea=aarea)
        out = tprior.copy()
        out[has] = codes
        sup = np.zeros(len(ids))
        sup[has] = support
        top: list[int | None] = [None] * len(ids)
        if len(aid):
            for k in np.flatnonzero(sup > 0):
                d2 = (ax - tx[k]) ** 2 + (ay - ty[k]) ** 2
                d2 = np.where((ah == out[k]) | (at == out[k]), d2, np.inf)
                top[k] = int(aid[int(np.argmin(d2))])
        return out, sup, top

    def _area_codes(self, gids: list[int], date: dt.date) -> np.ndarray:
        """Per settlement, a bit per area reported by `date` as taken for the most part (0: none)."""
        out = np.zeros(len(gids), dtype=np.int64)
        for bit, area in enumerate(self.areas[:62]):
            if area.reported <= date:
                out |= np.array([g in area.members for g in gids], dtype=np.int64) << bit
        return out

    def _prior_depth(self) -> dict[int, float]:
        """Per settlement of the prior: km to the nearest settlement the other side held in the prior."""
        if self._depth is None:
            gids = [g for g, h in self.prior.items() if h in ("UA", "RU") and g in self._coords]
            lat = np.array([self._coords[g][0] for g in gids])
            lon = np.array([self._coords[g][1] for g in gids])
            x, y = project(lat, lon)
            side = np.array([self.prior[g] == "UA" for g in gids])
            depth = np.full(len(gids), np.inf)
            for mine in (side, ~side):
                if mine.any() and (~mine).any():
                    depth[mine] = nearest_distance(x[mine], y[mine], x[~mine], y[~mine])
            self._depth = {g: float(d) for g, d in zip(gids, depth, strict=True)}
        return self._depth

    def state_at(self, geonameid: int, date: dt.date) -> SettlementState:
        return self.states_at([geonameid], date)[0]

    def states_at(self, geonameids: Iterable[int], date: dt.date) -> list[SettlementState]:
        """State of each settlement at `date`: its own statements, else its neighbours' (status "inferred"),
        else the prior. One vectorised inference for all the unnamed ones."""
        ids = [int(g) for g in geonameids]
        own: list[Change | None] = []
        pending: list[int] = []
        for k, g in enumerate(ids):
            c = self._last_change(g, date)
            own.append(c)
            if c is None and self._inferable(g, date):
                pending.append(k)
        inferred = self._inferred(ids, pending, date)
        out = []
        for k, g in enumerate(ids):
            name = self.names.get(g, "")
            c = own[k]
            claim = self.claim_at(g, date) if g in self._claims else None
            out.append(self._state(g, name, c, inferred.get(k), date))
            if claim is not None:
                out[-1].claimed_by, out[-1].claim_evidence = claim.side, list(claim.evidence)
        return out

    def fill(self, geonameid: int, date: dt.date) -> Fill | None:
        """The sweep's answer for a settlement no statement names, overtaken or not (None: it follows nobody)."""
        if self._last_change(geonameid, date) is not None or not self._inferable(geonameid, date):
            return None
        (f,) = self._fills([geonameid], date)
        return f if f is not None and f.anchor is not None else None

    def _state(self, g: int, name: str, c: Change | None, inferred: Fill | None,
               date: dt.date) -> SettlementState:
        if c is not None:
            # Confidence fades without fresh statements: a holder last reported months ago is shown paler.
            conf = _faded(c.confidence, c.last_support or c.date, date)
            return SettlementState(g, name, c.holder, round(conf, 3), c.date, list(c.evidence), c.status)
        if inferred is not None:
            # Inferred from the neighbours: the evidence is that of the named anchor nearest to it.
            holder, sup, anchor = inferred.holder, inferred.support, inferred.anchor
            src = self._last_change(anchor, date) if anchor is not None else None
            conf = src.confidence * 0.8 if src is not None and self.prior else min(0.9, sup) * 0.7
            return SettlementState(g, name, holder, round(conf, 3), src.date if src else self.prior_date,
                                   list(src.evidence) if src else [], "inferred", anchor=anchor)
        holder = self.prior.get(g, "unknown")
        conf = PRIOR_CONFIDENCE if holder != "unknown" else 0.0
        return SettlementState(g, name, holder, conf, self.prior_date if holder != "unknown" else None, [], "prior")

    def snapshot(self, as_of: dt.date, settlements: Iterable[int] | None = None) -> list[SettlementState]:
        """States of `settlements` (default: every settlement named, in a region statement or in the baseline)."""
        return self.states_at(self.settlements() if settlements is None else settlements, as_of)

    def changes(self, since: dt.date, until: dt.date) -> list[Change]:
        """Every change of holder dated within [since, until], in date order."""
        out = [c for cs in self._changes.values() for c in cs if since <= c.date <= until]
        return sorted(out, key=lambda c: (c.date, c.geonameid))


REFUTERS = {"think_tank", "footage", "osint"}  # whose denial refutes a claim (a side's denial only disputes it)


def refuted_claims(obs: list[Observation]) -> set[int | str]:
    """Ids of claimed statements that the analyst or geolocated evidence denies, in the same or a later
    report within `WINDOW` ("the Russian MoD claimed X was seized ... ISW assesses X has not been seized")."""
    denials = [d for d in obs if d.status == "denied" and d.source_kind in REFUTERS]
    out: set[int | str] = set()
    for o in obs:
        if o.status != "claimed":
            continue
        for d in denials:
            if d.change == o.change and o.report_date <= d.report_date <= o.date + WINDOW:
                out.add(o.id)
                break
    return out


@dataclass
class Claim:
    """A side's gain that statements support but that did not pass the belief bar: shown as "claimed by"."""

    geonameid: int
    date: dt.date  # report date of the latest supporting statement
    side: str  # UA | RU
    probability: float
    evidence: list[int | str]


@dataclass(frozen=True)
class AreaTaken:
    """"Ukrainian forces recaptured nearly all of Kharkiv Oblast west of the Oskil", said by someone other than
    the gaining side: no settlement of the area flips on it (almost all is not all), but inside it the sweep
    between a believed change and the old line is not held to `sweep_max_km`: a breakthrough, not a creep."""

    side: str
    reported: dt.date
    members: frozenset[int]
    statement: int | str = ""  # the observation id of the area statement
    status: str = "assessed"  # how it is known: confirmed | assessed (by the analyst) | admitted (by the loser)


def _areas_taken(obs: list[Observation], expanded: dict[int | str, list[Observation]] | None = None) -> list[AreaTaken]:
    """The areas said taken for the most part by someone other than the gaining side (`expanded`: each region
    statement's per-settlement observations, when the caller has them already)."""
    out = []
    for o in obs:
        side = Statement.parse(o.change).holder
        if not (o.region and parse_spec(o.region).get("part") == "most" and side in ("UA", "RU")
                and o.status != "denied"):
            continue
        kind = kind_of_support(o, side)
        if kind in ("confirmed", "assessed", "admitted"):
            members = expanded[o.id] if expanded is not None else expand(o)
            out.append(AreaTaken(side, o.report_date, frozenset(e.geonameid for e in members), o.id, kind))
    return out


SUPERSEDED_CONFIDENCE = 0.5  # "almost all of the oblast": for any one member village, as likely as not


def _superseded(changes: list[Change], start: str, areas: list[AreaTaken], gid: int,
                trace: list[Decision] | None = None) -> list[Change]:
    """`changes` of one settlement, undone where a later area statement overrides a stale one.

    A settlement whose own last change took it from its prior holder, and which nobody has restated since, lies
    in an area that its prior holder is later said (by someone other than itself) to have taken back for the most
    part ("recapturing almost all Kharkiv Oblast"). The area alone flips nobody (almost all is not all), but a
    months-old change nobody restated does not stand against it either: the settlement returns to its prior holder
    on the area statement's report date, with that statement as evidence (and, with `trace`, a decision
    "superseded" saying so)."""
    if start not in ("UA", "RU"):
        return changes
    out = list(changes)
    for area in sorted(areas, key=lambda a: a.reported):
        if area.side != start or gid not in area.members:
            continue
        k = sum(1 for c in out if c.date < area.reported)
        if not k or k < len(out) and out[k].date == area.reported:
            continue  # a change of its own on the area statement's date speaks for itself
        last = out[k - 1]
        if last.holder in (start, "unknown") or (last.last_support or last.date) >= area.reported:
            continue
        out.insert(k, Change(gid, area.reported, start, last.holder, SUPERSEDED_CONFIDENCE,
                             [area.statement], area.status, area.reported, area.reported))
        if k + 1 < len(out):  # the next change of its own now starts from the prior holder
            out[k + 1] = replace(out[k + 1], previous=start)
        if trace is not None:
            trace.append(Decision(gid, area.reported, last.holder, start, SUPERSEDED_CONFIDENCE, SUPERSEDED_CONFIDENCE,
                                  "superseded", {}, [area.statement]))
    if trace is not None:
        trace.sort(key=lambda d: d.date)
    return out


def _usable(o: Observation) -> bool:
    """Statements about part of an area ("almost all of Kharkiv Oblast") say nothing of one settlement."""
    return not (o.region and parse_spec(o.region).get("part"))


CORROBORATION_KM = 10.0  # a verified change this close, the same way, backs a side's own claim
FAR_KM = 60.0  # distance to the line when the prior has no settlement of that side nearby
TYPICAL_DEPTH_KM = 7.0  # about the median distance to the old line of the fit months' candidate changes


def _replay(gid: int, obs: list[Observation], start_holder: str, start_date: dt.date | None,
            start_conf: float, params: BeliefParams, depth: dict[str, float] | None,
            known_holder: BeliefParams | None = None, momentum: Momentum | None = None,
            coord: tuple[float, float] | None = None,
            area_depth: dict[str, dict[str, float]] | None = None,
            trace: list[Decision] | None = None,
            breakthroughs: Sequence[tuple[str, dt.date, float]] = ()) -> tuple[list[Change], list[Claim]]:
    """Replay one settlement's statements in the order they were reported.

    At each report date every candidate holder h (a side other than the current holder that some statement
    says gained or holds the place) is scored by the belief model over the statements of the last
    `window_days`; the holder changes when the probability reaches the threshold. Statements older than the
    last change are spent. Replaying by *report* date makes the state at D exactly what a run on the reports
    up to D says. Without a prior the first holder comes from the same model (or, for a place no statement
    places on a side, from weak votes: an attacked village is probably the defender's). `breakthroughs`: (side,
    report date, km) of the areas around it said taken by that side for the most part: from that date on, a
    change to that side counts as no deeper behind the line than the area's nearest edge.
    """
    holder, conf, last_support = start_holder, start_conf, start_date
    known_holder = known_holder or params
    changes: list[Change] = []
    claims: list[Claim] = []
    refuted = refuted_claims(obs)
    usable = [o for o in obs if o.id not in refuted and _usable(o)]
    usable.sort(key=lambda o: (o.report_date, o.date, str(o.id)))
    window = dt.timedelta(days=params.window_days)
    spent_until: dt.date | None = None  # statements dated before the last change no longer count
    k = 0
    while k < len(usable):
        now = usable[k].report_date
        while k < len(usable) and usable[k].report_date == now:
            k += 1
        seen = [o for o in usable[:k] if o.date > now - window and (spent_until is None or o.date >= spent_until)]
        best: tuple[float, str, list[float]] | None = None
        scored: list[tuple[str, float, bool, list[float]]] = []  # (candidate, probability, unbacked claim, x)
        notes: dict[str, str] = {}
        # Without a prior the first holder comes from the no-prior model; a change from a known holder is
        # judged like any change of hands, at a typical distance from the line since the line is unknown.
        model = params if holder == "unknown" or depth is not None else known_holder
        for h in ("UA", "RU"):
            dist = depth.get(h, FAR_KM) if depth is not None else (None if holder == "unknown" else TYPICAL_DEPTH_KM)
            backing = {str(o.id).split("@")[0] for o in seen if supports(o, h)}
            if dist is not None and area_depth and backing and all(a in area_depth for a in backing):
                # only area statements back it: the area's depth behind the line, not this settlement's
                dist = min(dist, min(area_depth[a].get(h, FAR_KM) for a in backing))
            for side, reported, edge in breakthroughs:
                if dist is not None and side == h and reported <= now and edge < dist:
                    dist = edge  # the line already moved past it: "recaptured almost all of the oblast"
                    notes[h] = (f"inside an area said on {reported} to be taken by {h} for the most part: counted as "
                                f"deep behind the old line as the area's nearest edge ({edge:.0f} km)")
            moving = momentum.count(gid, *(coord or (None, None)), h, now, model.window_days) if momentum else 0
            x = features(seen, h, now, depth_km=dist, window_days=model.window_days, neighbours=moving,
                         prior_date=start_date if depth is not None else None)
            if x is None:
                continue
            if h == holder:
                conf = max(_faded(conf, last_support, now), params.probability(x))
                last_support = now
                if changes and changes[-1].holder == h:
                    changes[-1].last_support = now
                    changes[-1].evidence.extend(o.id for o in seen if supports(o, h) and o.id not in changes[-1].evidence)
                continue
            p = raw = model.probability(x)
            unbacked = not corroborated(x) and not (momentum and momentum.count(
                gid, *(coord or (None, None)), h, now, model.window_days, verified=True, km=CORROBORATION_KM))
            if unbacked:
                # A side's own claim of its gain stays a claim until someone else backs it (the other side,
                # footage, the analyst), here or at a settlement next to it that moved the same way: the
                # seed's lesson, a head of state's claim of Kupyansk was false.
                p = min(p, model.threshold - 1e-6)
            scored.append((h, raw, unbacked, x))
            if best is None or p > best[0]:
                best = (p, h, x)
        if trace is not None:
            changed = best[1] if best is not None and best[0] >= model.threshold else None
            for h, p, unbacked, x in scored:
                trace.append(Decision(
                    gid, now, holder, h, round(p, 3), round(model.threshold, 3),
                    "changed" if h == changed else "claim" if unbacked else "not enough",
                    {f: round(w * v, 3) for f, w, v in zip(FEATURES, model.weights, x, strict=True) if w * v},
                    [o.id for o in seen if supports(o, h)], notes.get(h, "")))
        if best is not None and best[0] >= model.threshold:
            p, h, _ = best
            members = [o for o in seen if supports(o, h)]
            top = max(members, key=lambda m: STATUS_RANK.get(m.status, 0))
            changes.append(Change(gid, now, h, holder, round(p, 3), [m.id for m in members], top.status, now, now))
            holder, conf, last_support, spent_until = h, p, now, now
        elif best is not None and any(supports(o, best[1]) and kind_of_support(o, best[1]) == "self_claim"
                                      for o in seen):
            # A side says it took the place and that is not believed: shown as "claimed by" that side.
            p, h, _ = best
            members = [o.id for o in seen if supports(o, h)]
            claims.append(Claim(gid, now, h, round(p, 3), members))
        elif holder == "unknown":
            # No statement places it on a side: weak votes (attacked by one side) name a provisional holder.
            votes = [v for v in (implied_holder(o) for o in seen) if v is not None and not v[2]]
            if votes:
                tally: dict[str, float] = defaultdict(float)
                for h, w, _strong in votes:
                    tally[h] += w
                h = max(tally, key=lambda x: tally[x])
                if h != holder:
                    changes.append(Change(gid, now, h, holder, round(min(0.5, tally[h]), 3),
                                          [o.id for o in seen if implied_holder(o) is not None], "assessed", now, now))
                    holder, conf, last_support = h, min(0.5, tally[h]), now
    return changes, claims


def build_timelines(observations: Iterable[Observation | dict], *, baseline: object | None = None,
                    baseline_date: dt.date | None = None, settlements: Iterable[Settlement] | None = None,
                    prior: dict[int, str] | None = None,
                    infer: InferenceParams | None = None, params: BeliefParams | None = None,
                    explain: bool = False) -> Timelines:
    """Timelines from observations, optionally starting from an occupied-area polygon at `baseline_date`.

    `baseline` is anything `priors.load_areas` accepts (or pass `prior`, holders by geonameid, directly);
    `settlements` are the settlements it is applied to (by default the observed ones that have coordinates).
    Observations dated before the baseline are ignored when a baseline is given: the polygon already
    reflects them. Changes of holder pass the fitted belief model (`belief.toml`, or `params`). With a prior,
    settlements nobody names follow a believed change only between it and the old line (the sweep); without
    one they stay unknown, and a holder not restated for `fade_days` fades to unknown. (`infer`, e.g.
    DEFAULT_INFERENCE, lets them take the holder the named ones around them point to instead: on the fit months
    that colours 42 % of front settlements at 64 % right, against 7 % at 81 % without it.) With `explain`, every
    scoring of a candidate change is kept in `Timelines.decisions` (probability, threshold, outcome, features).
    """
    params = params or load_params()
    obs = [o if isinstance(o, Observation) else Observation.from_dict(o) for o in observations]
    has_prior = baseline is not None or prior is not None
    names: dict[int, str] = {}
    by_gid: dict[int, list[Observation]] = defaultdict(list)
    named: set[int] = set()  # settlements named by a statement (anchors of the spatial inference)
    for o in obs:
        if has_prior and baseline_date is not None and o.date < baseline_date:
            continue
        if o.region:
            continue
        by_gid[o.geonameid].append(o)
        named.add(o.geonameid)
        if o.name:  # an unnamed statement leaves the name to another one or to the settlement pool
            names.setdefault(o.geonameid, o.name)
    # Region statements: every settlement of the area gets an observation of its own.
    regions: list[Observation] = []
    expanded: dict[int | str, list[Observation]] = {}
    for o in (o for o in obs if o.region):
        if has_prior and baseline_date is not None and o.date < baseline_date:
            continue
        regions.append(o)
        expanded[o.id] = expand(o)
        for e in expanded[o.id]:
            by_gid[e.geonameid].append(e)
            if e.name:
                names.setdefault(e.geonameid, e.name)
    obs = [o for o in obs if not o.region] + [e for g, es in by_gid.items() if g not in named for e in es]
    start: dict[int, str] = {}
    coords: dict[int, tuple[float, float]] = {
        o.geonameid: (o.lat, o.lon) for o in obs if o.lat is not None and o.lon is not None}
    pool = list(settlements) if settlements is not None else _observed_settlements(obs)
    if baseline is not None:
        # ... and every settlement a statement reaches, also the members of an area far from the named places
        in_pool = {s.geonameid for s in pool}
        reached = [Settlement(g, names.get(g, ""), *coords[g]) for g in by_gid if g not in in_pool and g in coords]
        start = classify(pool + reached, load_areas(baseline))
    elif prior is not None:
        start = {s.geonameid: prior[s.geonameid] for s in pool if s.geonameid in prior}
        start.update({g: prior[g] for g in by_gid if g in prior})
    if has_prior:
        for s in pool:
            names.setdefault(s.geonameid, s.name)
            coords[s.geonameid] = (s.lat, s.lon)
    depth = _depths(start, coords, list(by_gid)) if has_prior else {}
    # A statement about a whole bounded area ("withdrew from the west bank of the Dnipro in Kherson Oblast",
    # "captured Luhansk Oblast") moves all of it at once: its settlements lie as far behind the line as the
    # area's nearest edge, not each as far as itself. A bank with no oblast is a 50 km band along the whole
    # river ("recaptured the eastern bank of the Inhulets" was a bridgehead, not the bank up to Kryvyi Rih):
    # its settlements keep their own depth.
    area_depth: dict[str, dict[str, float]] = {}
    for gid, group in by_gid.items():
        for o in group:
            if "@" in str(o.id) and parse_spec(o.region).get("oblast"):
                area = area_depth.setdefault(str(o.id).split("@")[0], {})
                for side, km in depth.get(gid, {}).items():
                    area[side] = min(area.get(side, km), km)
    first_seen: dict[int, dt.date] = {}
    for gid, group in by_gid.items():
        if gid in named:
            first_seen[gid] = min(o.report_date for o in group if not o.region)
    mode = params if has_prior else params.without_prior()
    areas = _areas_taken(regions, expanded) if has_prior else []
    edges = [(a, min((depth[g].get(a.side, FAR_KM) for g in a.members if g in depth), default=FAR_KM))
             for a in areas]
    momentum = Momentum(o for o in obs if _usable(o))
    changes: dict[int, list[Change]] = {}
    claims: dict[int, list[Claim]] = {}
    decisions: dict[int, list[Decision]] = {}
    for gid, group in by_gid.items():
        holder = start.get(gid, "unknown")
        trace: list[Decision] | None = [] if explain else None
        cs, cl = _replay(gid, group, holder, baseline_date if gid in start else None,
                         PRIOR_CONFIDENCE if gid in start else 0.0, mode, depth.get(gid) if has_prior else None,
                         known_holder=params, momentum=momentum, coord=coords.get(gid), area_depth=area_depth,
                         trace=trace, breakthroughs=[(a.side, a.reported, km) for a, km in edges if gid in a.members])
        if cs and areas:
            cs = _superseded(cs, holder, areas, gid, trace)
        if trace:
            decisions[gid] = trace
        if cs:
            changes[gid] = cs
        if cl:
            claims[gid] = cl
    sweep = params.sweep() if has_prior else None
    return Timelines(changes, start, baseline_date if has_prior else None, names, coords=coords,
                     first_seen=first_seen, infer=sweep if has_prior else infer,
                     claims=claims, fade_days=0 if has_prior else params.fade_days, areas=areas, decisions=decisions)


def _depths(prior: dict[int, str], coords: dict[int, tuple[float, float]],
            gids: list[int]) -> dict[int, dict[str, float]]:
    """Per settlement and side: km to the nearest settlement that side held in the prior."""
    out: dict[int, dict[str, float]] = {g: {} for g in gids}
    todo = [g for g in gids if g in coords]
    if not todo:
        return out
    tx, ty = project(np.array([coords[g][0] for g in todo]), np.array([coords[g][1] for g in todo]))
    for side in ("UA", "RU"):
        held = [g for g, h in prior.items() if h == side and g in coords]
        if not held:
            continue
        hx, hy = project(np.array([coords[g][0] for g in held]), np.array([coords[g][1] for g in held]))
        for g, d in zip(todo, nearest_distance(tx, ty, hx, hy), strict=True):
            out[g][side] = float(d)
    return out


def _observed_settlements(obs: list[Observation]) -> list[Settlement]:
    seen: dict[int, Settlement] = {}
    for o in obs:
        if o.lat is not None and o.lon is not None and o.geonameid not in seen:
            seen[o.geonameid] = Settlement(o.geonameid, o.name, o.lat, o.lon)
    return list(seen.values())
