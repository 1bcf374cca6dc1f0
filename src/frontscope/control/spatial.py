"""Spatial inference: the holder of a settlement nobody names, from the named settlements around it.

Reports name the villages where something happens; the front moves across the ones in between. At a
date, every named settlement with a known holder is an anchor; an unnamed settlement takes a vote of
the anchors within `radius_km`, weighted by a Gaussian distance kernel and the anchor's confidence.

- Without a prior (text only) the settlement takes the holder with most support, if the support
  reaches `min_support`; else it stays unknown.
- With a prior (baseline polygon) only anchors that say something about *change* count: an anchor
  that started with the same holder and has changed hands votes for the change; an anchor now held by
  the settlement's prior holder votes against it, and so does the prior itself (`prior_weight`). An
  anchor that started on the other side and did not change says nothing about this side of the line.
  Independently, when the anchors' text-only holders (what the reports alone say, weak votes
  included) support the other holder by `override_margin` more than the prior's, the settlement flips:
  a coarse baseline polygon is overruled where the reports clearly say otherwise.

All of it is one distance matrix per date (targets x anchors, chunked), no per-pair Python loops.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from frontscope.basemap import all_rivers_km, river_km
from frontscope.geometry import KM_PER_DEG_LAT, KM_PER_DEG_LON_48, project, side_of_line  # noqa: F401

UNKNOWN, UA, RU, CONTESTED = 0, 1, 2, 3
CODES = {"unknown": UNKNOWN, "UA": UA, "RU": RU, "contested": CONTESTED}
NAMES = {v: k for k, v in CODES.items()}


@dataclass(frozen=True)
class InferenceParams:
    # Defaults chosen on the even-numbered weekly dates of the 2022 evaluation (benchmarks/eval_control.py
    # --tune); the odd dates are reported as held out.
    scale_km: float = 12.0  # kernel width: an anchor this far away counts exp(-1) ≈ 0.37
    radius_km: float = 30.0  # anchors further away are ignored
    min_support: float = 0.05  # text only: least kernel-weighted support for a holder
    prior_weight: float = 0.4  # baseline: the prior's own vote against a change
    min_change: float = 0.8  # baseline: least support for a change
    # baseline: text-only support for the other holder beating the prior's by this (0.85 chosen on the even dates
    # of the rolling "last known polygon" check: changed +2-5 pt at 7-28 d lags, overall within 0.01 pt)
    override_margin: float = 0.85
    # Rivers no change vote crosses (within `barrier_km` of them): a village on the left bank of the Dnipro
    # does not follow the liberation of the right bank (a holder vote for a place without prior still does).
    barriers: tuple[str, ...] = ("Dnipro",)
    barrier_km: float = 30.0
    # Baseline: an advance sweeps the ground behind it. A settlement of the prior side flips when a named
    # settlement at least as deep behind the old line (depth = distance to the nearest settlement the other
    # side held in the prior) changed hands within `sweep_reach` × that depth + `sweep_km` of it.
    sweep_reach: float = 1.0  # 0 switches the sweep off
    sweep_km: float = 3.0
    sweep_min_conf: float = 0.75  # only well-attested changes sweep (chosen on the even dates)
    sweep_max_km: float = float("inf")  # and never further than this from the change
    # An inferred holder stands until a believed change the other way happens within this many km of it after its
    # anchor was last restated: then the front has come back over it, unnamed, and it falls back to its prior
    # (or unknown). A quiet rear keeps its fill. 0: fills never yield. With a prior the belief model sets it.
    overtake_km: float = 0.0
    # A settlement with no known prior holder (the prior's grey zone) follows the holders around it only while they
    # are fresh: an anchor whose holder nobody restated for this many days does not colour it (0: any age). The grey
    # zone is where the line ran; a months-old holder next to it says nothing of where it runs now. With a prior the
    # belief model sets it to `fade_days`, the age at which a holder without a prior fades to unknown.
    fresh_days: int = 0



def infer_holders(tx: np.ndarray, ty: np.ndarray, tprior: np.ndarray, ax: np.ndarray, ay: np.ndarray,
                  aholder: np.ndarray, aprior: np.ndarray, aconf: np.ndarray,
                  params: InferenceParams = InferenceParams(), atext: np.ndarray | None = None,
                  atconf: np.ndarray | None = None, tbank: tuple[np.ndarray, np.ndarray] | None = None,
                  abank: tuple[np.ndarray, np.ndarray] | None = None,
                  chunk: int = 2048, tdepth: np.ndarray | None = None,
                  adepth: np.ndarray | None = None, tarea: np.ndarray | None = None,
                  aarea: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(holder codes, support) for targets at (tx, ty) with prior codes `tprior`, from anchors.

    `aholder`/`aconf` are the anchors' holders as the timelines say (baseline included), `atext`/`atconf`
    what the text alone says (default: the same). Targets whose prior is UA/RU keep it unless the change
    votes or the text override win; targets with no prior (or a contested one) take the best-supported
    text holder, or keep their prior code when support is too low. `tarea`/`aarea` are bit sets of areas
    reported taken for the most part: inside one (target and anchor both), the sweep is not capped at
    `sweep_max_km`, only by the anchor's depth.
    """
    n = len(tx)
    out = np.asarray(tprior, dtype=np.int8).copy()
    support = np.zeros(n)
    if atext is None or atconf is None:
        atext, atconf = aholder, aconf
    usable = (aholder == UA) | (aholder == RU) | (atext == UA) | (atext == RU)
    if n == 0 or not usable.any():
        return out, support
    ax, ay, ah, ap, ac = ax[usable], ay[usable], aholder[usable], aprior[usable], aconf[usable]
    sweeping = params.sweep_reach > 0 and tdepth is not None and adepth is not None
    if sweeping:
        adepth = np.asarray(adepth, dtype=float)[usable]
        strong = ac >= params.sweep_min_conf
        swept_ru = (ap == RU) & (ah == UA) & strong  # anchors Ukraine took from the prior's Russian side
        swept_ua = (ap == UA) & (ah == RU) & strong
        open_reach = adepth * params.sweep_reach + params.sweep_km
        reach = np.minimum(open_reach, params.sweep_max_km)
        if tarea is not None and aarea is not None:
            aarea = np.asarray(aarea)[usable]
    at, atc = atext[usable], atconf[usable]
    if abank is not None:
        abank = (abank[0][usable], abank[1][usable])
    inv = 1.0 / (params.scale_km ** 2)
    r2 = params.radius_km ** 2
    for lo in range(0, n, chunk):
        hi = min(n, lo + chunk)
        d2 = (tx[lo:hi, None] - ax[None, :]) ** 2 + (ty[lo:hi, None] - ay[None, :]) ** 2
        kern = np.where(d2 <= r2, np.exp(-d2 * inv), 0.0)
        # Who holds an unnamed place: every anchor around votes (Kyiv's left-bank suburbs follow Kyiv).
        kt = kern * atc[None, :]
        free_ua = (kt * (at == UA)[None, :]).sum(axis=1)
        free_ru = (kt * (at == RU)[None, :]).sum(axis=1)
        # Whether it changed hands: a change on the other bank of a barrier river says nothing.
        across = None
        if tbank is not None and abank is not None:
            near = tbank[0][lo:hi, None] & abank[0][None, :]
            across = (near & (tbank[1][lo:hi, None] ^ abank[1][None, :])) != 0
            kern = np.where(across, 0.0, kern)
            kt = kern * atc[None, :]
        k = kern * ac[None, :]
        ua = (k * (ah == UA)[None, :]).sum(axis=1)
        ru = (k * (ah == RU)[None, :]).sum(axis=1)
        ua_t = (kt * (at == UA)[None, :]).sum(axis=1)
        ru_t = (kt * (at == RU)[None, :]).sum(axis=1)
        p = out[lo:hi]
        # Baseline: change votes come only from anchors that started on the same side.
        same_ua = (ap == UA)[None, :]
        same_ru = (ap == RU)[None, :]
        to_ru = (k * (same_ua & (ah == RU)[None, :])).sum(axis=1)  # UA-prior anchors now Russian
        to_ua = (k * (same_ru & (ah == UA)[None, :])).sum(axis=1)
        change = np.where(p == UA, to_ru, np.where(p == RU, to_ua, 0.0))
        stay = np.where(p == UA, ua, np.where(p == RU, ru, 0.0)) + params.prior_weight
        lead = np.where(p == UA, ru_t - ua_t, np.where(p == RU, ua_t - ru_t, 0.0))
        prior_known = (p == UA) | (p == RU)
        voted = prior_known & (change >= params.min_change) & (change > stay)
        overruled = prior_known & (lead >= params.override_margin)
        flip = voted | overruled
        if sweeping:
            td = np.asarray(tdepth, dtype=float)[lo:hi, None]
            within = d2 <= reach[None, :] ** 2
            by_ru, by_ua = swept_ru[None, :], swept_ua[None, :]
            if tarea is not None and aarea is not None:
                # inside an area reported taken for the most part: any believed change sweeps, as deep as it lies,
                # but not across a river ("almost all of the oblast" stopped at the Oskil for weeks)
                shared = (np.asarray(tarea)[lo:hi, None] & aarea[None, :]) != 0
                beyond = shared & ~within & (d2 <= open_reach[None, :] ** 2)
                within = within | _same_bank(beyond, tx[lo:hi], ty[lo:hi], ax, ay)
                by_ru = np.where(shared, (ap == RU) & (ah == UA), by_ru)
                by_ua = np.where(shared, (ap == UA) & (ah == RU), by_ua)
            inside = within & (td <= adepth[None, :] + params.sweep_km)
            if across is not None:
                inside &= ~across  # not across a barrier river
            swept = np.where(p == RU, (inside & by_ru).any(axis=1),
                             np.where(p == UA, (inside & by_ua).any(axis=1), False))
            swept = prior_known & swept
            flip = flip | swept
        else:
            swept = np.zeros(hi - lo, dtype=bool)
        free = (p == UNKNOWN) | (p == CONTESTED)
        best = np.where(free_ua >= free_ru, UA, RU).astype(np.int8)
        take = free & (np.maximum(free_ua, free_ru) >= params.min_support)
        new = p.copy()
        new[flip] = np.where(p[flip] == UA, RU, UA)
        new[take] = best[take]
        out[lo:hi] = new
        support[lo:hi] = np.where(voted, change, np.where(overruled, lead, np.where(
            take, np.maximum(free_ua, free_ru), np.where(swept, 1.0, 0.0))))
    return out, support


def _same_bank(pairs: np.ndarray, tx: np.ndarray, ty: np.ndarray, ax: np.ndarray, ay: np.ndarray) -> np.ndarray:
    """`pairs` (targets x anchors) left where the straight line from the anchor to the target crosses no river of
    the basemap."""
    out = np.zeros_like(pairs)
    ti, ai = np.nonzero(pairs)
    if not len(ti):
        return out
    lines = shapely.linestrings(np.stack([np.column_stack([ax[ai], ay[ai]]), np.column_stack([tx[ti], ty[ti]])], axis=1))
    out[ti, ai] = ~shapely.intersects(all_rivers_km(), lines)
    return out


def bank_codes(x: np.ndarray, y: np.ndarray, params: InferenceParams) -> tuple[np.ndarray, np.ndarray]:
    """Per point two bit masks over `params.barriers`: near the river (bit set), and on its west bank."""
    near = np.zeros(len(x), dtype=np.int64)
    west = np.zeros(len(x), dtype=np.int64)
    if not len(x):
        return near, west
    for bit, name in enumerate(params.barriers):
        river = river_km(name)
        if river is None:
            continue
        close = shapely.distance(river, shapely.points(x, y)) <= params.barrier_km
        idx = np.flatnonzero(close)
        near[idx] |= 1 << bit
        if len(idx):
            west[idx[side_of_line(river, x[idx], y[idx], "west")]] |= 1 << bit
    return near, west
