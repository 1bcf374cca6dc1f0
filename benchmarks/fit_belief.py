"""Fit the belief model (src/frontscope/control/belief.toml) on DeepStateMap truth of April–July 2022.

    python benchmarks/fit_belief.py [--shared ../shared] [--write]

Candidates: at every second day D of the fit months and each prior age L in 7/14/28/42 days, every settlement
with a statement saying a side h gained or holds it, where h is not the holder in DeepState's polygon of D - L
(the prior an analyst has); plus the same without any prior. Features: `frontscope.control.belief.features`
over the statements of the window reported by D. Label: DeepState at D says h (grey-zone truth left out).
A logistic regression (L2, Newton steps) learns the weights; the threshold is the lowest probability whose
flips on the fit months are ≥ 90 % right; the window and the sweep radius are chosen the same way.
August–October 2022 is held out and only scored here (calibration) and in eval_control.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tomllib
from collections import defaultdict
from pathlib import Path

import numpy as np
import shapely

from control_data import Truth, isw_observations, shared_dir, truth
from frontscope.control.belief import FEATURES, Momentum, features, supports
from frontscope.control.observations import Observation
from frontscope.control.regions import expand, parse_spec
from frontscope.control.spatial import project

FIT = (dt.date(2022, 4, 10), dt.date(2022, 7, 31))
HELD = (dt.date(2022, 8, 1), dt.date(2022, 10, 31))
LAGS = (7, 14, 28, 42)
HOLDER = {1: "UA", 2: "RU", 3: "contested"}


def expanded(obs: list[Observation]) -> list[Observation]:
    """Region statements as per-settlement ones; those about part of an area are left out, as in the timeline."""
    out = []
    for o in obs:
        if o.region and parse_spec(o.region).get("part"):
            continue
        out.extend(expand(o) if o.region else [o])
    return out


class Depth:
    """km from a settlement to the nearest settlement a side held in a prior (truth row)."""

    def __init__(self, tr: Truth) -> None:
        self.tr = tr
        self.x, self.y = project(tr.lat, tr.lon)
        self.pts = shapely.points(self.x, self.y)
        self.idx = {int(g): i for i, g in enumerate(tr.ids)}
        self._trees: dict[tuple[int, str], shapely.STRtree] = {}

    def __call__(self, row: int, side: str, gids: list[int]) -> np.ndarray:
        key = (row, side)
        if key not in self._trees:
            code = 1 if side == "UA" else 2
            self._trees[key] = shapely.STRtree(self.pts[self.tr.holders[row] == code])
        tree = self._trees[key]
        pts = self.pts[[self.idx[g] for g in gids]]
        _, dist = tree.query_nearest(pts, return_distance=True, all_matches=False)
        return dist


def candidates(obs: list[Observation], tr: Truth, depth: Depth, days: list[dt.date], lags: tuple[int, ...],
               window: int, no_prior: bool = True):
    """Rows (x, label, date, lag, gid, h, prior) of every candidate change."""
    idx = depth.idx
    by_gid: dict[int, list[Observation]] = defaultdict(list)
    for o in expanded(obs):
        if o.geonameid in idx:
            by_gid[o.geonameid].append(o)
    lat = {g: float(depth.tr.lat[i]) for g, i in idx.items() if g in by_gid}
    lon = {g: float(depth.tr.lon[i]) for g, i in idx.items() if g in by_gid}
    X, y, meta = [], [], []
    for d in days:
        k = tr.on(d)
        truth_now = tr.holders[k]
        for lag in (*lags, *((0,) if no_prior else ())):
            if lag and d - dt.timedelta(days=lag) < tr.dates[0]:
                continue
            row = tr.on(d - dt.timedelta(days=lag)) if lag else None
            since = tr.dates[row] if row is not None else None
            lo = d - dt.timedelta(days=window)
            pend: list[tuple[int, str, list[Observation]]] = []
            momentum = Momentum(o for o in obs if o.report_date <= d and (since is None or o.date > since))
            for g, os in by_gid.items():
                win = [o for o in os if o.report_date <= d and lo < o.date <= d and (since is None or o.date > since)]
                if not win:
                    continue
                prior = HOLDER[int(tr.holders[row][idx[g]])] if row is not None else "unknown"
                for h in ("UA", "RU"):
                    if h != prior and any(supports(o, h) for o in win):
                        pend.append((g, h, win))
            if not pend:
                continue
            deps: dict[tuple[int, str], float] = {}
            if row is not None:
                for h in ("UA", "RU"):
                    gs = [g for g, hh, _ in pend if hh == h]
                    if gs:
                        deps.update({(g, h): float(v) for g, v in zip(gs, depth(row, h, gs), strict=True)})
            for g, h, win in pend:
                t = int(truth_now[idx[g]])
                if t == 3:
                    continue
                x = features(win, h, d, depth_km=deps.get((g, h)) if row is not None else None, window_days=window,
                             neighbours=momentum.count(g, lat[g], lon[g], h, d, window), prior_date=since)
                if x is None:
                    continue
                X.append(x)
                y.append(1.0 if HOLDER[t] == h else 0.0)
                prior = HOLDER[int(tr.holders[row][idx[g]])] if row is not None else "unknown"
                meta.append((d, lag, g, h, prior))
    return np.array(X), np.array(y), meta


def fit_logistic(X: np.ndarray, y: np.ndarray, l2: float = 1.0, iters: int = 50) -> np.ndarray:
    """Logistic regression by Newton's method with an L2 penalty (bias not penalised)."""
    w = np.zeros(X.shape[1])
    pen = np.full(X.shape[1], l2)
    pen[0] = 0.0
    for _ in range(iters):
        p = 1.0 / (1.0 + np.exp(-np.clip(X @ w, -50, 50)))
        g = X.T @ (p - y) + pen * w
        H = (X * (p * (1 - p))[:, None]).T @ X + np.diag(pen + 1e-9)
        step = np.linalg.solve(H, g)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def fit_extension(X: np.ndarray, y: np.ndarray, w: np.ndarray, new: list[int], l2: float = 1.0,
                  iters: int = 50) -> np.ndarray:
    """`w` with the weights of the features `new` (column indices) fitted and every other weight held as it is:
    logistic regression on the new columns with the fixed part of the score as an offset (L2 as above)."""
    w = w.copy()
    fixed = [i for i in range(X.shape[1]) if i not in new]
    offset = X[:, fixed] @ w[fixed]
    Z = X[:, new]
    v = np.zeros(len(new))
    for _ in range(iters):
        p = 1.0 / (1.0 + np.exp(-np.clip(offset + Z @ v, -50, 50)))
        g = Z.T @ (p - y) + l2 * v
        H = (Z * (p * (1 - p))[:, None]).T @ Z + np.diag(np.full(len(new), l2))
        step = np.linalg.solve(H, g)
        v -= step
        if np.abs(step).max() < 1e-8:
            break
    w[new] = v
    return w


def prob(X: np.ndarray, w: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(X @ w, -50, 50)))


def threshold_for(p: np.ndarray, y: np.ndarray, precision: float = 0.9, min_n: int = 20) -> float:
    """Lowest probability whose candidates at or above it are right at least `precision` of the time."""
    order = np.argsort(-p)
    hits = np.cumsum(y[order])
    n = np.arange(1, len(p) + 1)
    ok = (hits / n >= precision) & (n >= min_n)
    if not ok.any():
        return 1.0
    last = int(np.flatnonzero(ok).max())
    return float(p[order][last])


def reliability(p: np.ndarray, y: np.ndarray, bins=(0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0001)) -> list[str]:
    out = []
    for lo, hi in zip(bins, bins[1:], strict=False):
        m = (p >= lo) & (p < hi)
        if m.any():
            out.append(f"    [{lo:.1f}, {min(hi, 1):.1f}) n={int(m.sum()):5d}  mean p {p[m].mean():.2f}  observed {y[m].mean():.2f}")
    return out


def brier(p: np.ndarray, y: np.ndarray) -> float:
    return float(np.mean((p - y) ** 2)) if len(p) else float("nan")


def days_in(span: tuple[dt.date, dt.date], step: int) -> list[dt.date]:
    n = (span[1] - span[0]).days
    return [span[0] + dt.timedelta(days=i) for i in range(0, n + 1, step)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=None)
    ap.add_argument("--write", action="store_true", help="write src/frontscope/control/belief.toml")
    ap.add_argument("--extend", nargs="+", metavar="FEATURE", default=None,
                    help="fit only these features' weights, every other weight kept as belief.toml has it "
                         "(then the threshold again): a feature added later does not refit the whole model")
    args = ap.parse_args()
    shared = shared_dir(args.shared)
    obs, _ = isw_observations(shared)
    tr = truth(shared, "2022")
    depth = Depth(tr)
    fit_days, held_days = days_in(FIT, 2), days_in(HELD, 2)
    shipped = tomllib.loads(PARAMS.read_text(encoding="utf-8")) if args.extend else None
    if args.extend and (unknown := [f for f in args.extend if f not in FEATURES]):
        ap.error(f"--extend: no feature named {', '.join(unknown)} (features: {', '.join(FEATURES)})")
    models = {}
    for mode, lags, no_prior in (("prior", LAGS, False), ("no_prior", (), True)):
        if shipped is not None:
            table = shipped if mode == "prior" else {**shipped, **shipped["no_prior"]}
            window = int(table["window_days"])
            X, y, meta = candidates(obs, tr, depth, fit_days, lags, window, no_prior=no_prior)
            old = np.array([float(table["weights"].get(f, 0.0)) for f in FEATURES])
            w = fit_extension(X, y, old, [FEATURES.index(f) for f in args.extend])
        else:
            best = None
            for window in (14, 28, 42):
                X, y, _ = candidates(obs, tr, depth, fit_days, lags, window, no_prior=no_prior)
                w = fit_logistic(X, y)
                p = prob(X, w)
                ll = -float(np.mean(y * np.log(p + 1e-9) + (1 - y) * np.log(1 - p + 1e-9)))
                print(f"[{mode}] window {window:2d} d: {len(y)} fit candidates, {y.mean():.2f} real; log-loss {ll:.3f}")
                if best is None or ll < best[0]:
                    best = (ll, window, w)
            _, window, w = best
            X, y, meta = candidates(obs, tr, depth, fit_days, lags, window, no_prior=no_prior)
        p = prob(X, w)
        thr = threshold_for(p, y)
        if shipped is not None and np.allclose(w, old):
            thr = float(table["threshold"])  # the extension changed nothing here (the feature is never set): keep it
        Xh, yh, meta_h = candidates(obs, tr, depth, held_days, lags, window, no_prior=no_prior)
        ph = prob(Xh, w)
        print(f"\n[{mode}] window {window} d; weights:")
        for f, v in zip(FEATURES, w, strict=True):
            print(f"  {f:16} {v:+.3f}" + ("  (fitted now)" if args.extend and f in args.extend else ""))
        print(f"threshold (fit flips >= 90 % right): {thr:.3f}")
        for f in args.extend or ():
            k = FEATURES.index(f)
            for label, XX, yy in (("fit", X, y), ("held-out", Xh, yh)):
                on = XX[:, k] != 0
                print(f"  {f} {label}: set on {int(on.sum())} candidates, real {yy[on].mean() if on.any() else float('nan'):.2f}; "
                      f"the other {int((~on).sum())}, real {yy[~on].mean() if (~on).any() else float('nan'):.2f}")
        for label, pp, yy, mm in (("fit Apr-Jul", p, y, meta), ("held-out Aug-Oct", ph, yh, meta_h)):
            sel = pp >= thr
            print(f"\n[{mode}] {label}: {len(yy)} candidates ({yy.mean():.2f} real); Brier {brier(pp, yy):.3f} "
                  f"(base rate {brier(np.full(len(yy), y.mean()), yy):.3f}); accepted {int(sel.sum())}, "
                  f"right {yy[sel].mean() if sel.any() else float('nan'):.2f}; real ones accepted {yy[sel].sum() / max(1, yy.sum()):.2f}; "
                  f"accept-all right {yy.mean():.2f}")
            for lag in lags:
                m = np.array([x[1] == lag for x in mm])
                s2 = m & sel
                print(f"    prior {lag:2d} d old: {int(m.sum()):6d} candidates, accepted {int(s2.sum()):6d}, right "
                      f"{yy[s2].mean() if s2.any() else float('nan'):.2f} (accept-all {yy[m].mean() if m.any() else float('nan'):.2f})")
            print("  reliability (probability bin, candidates, mean predicted, observed share real):")
            print("\n".join(reliability(pp, yy)))
        models[mode] = (window, thr, w, len(y), brier(p, y), len(yh), brier(ph, yh))
    if args.write:
        source = f"DeepStateMap 2022-04-10..2022-07-31 vs ISW reports (fit {dt.date.today()})"
        if shipped is not None:
            base = str(shipped["source"]).split("; ")[0]  # the full fit; an earlier extension is replaced
            source = f"{base}; {', '.join(args.extend)} fitted {dt.date.today()}, the other weights kept"
        write_params(PARAMS, models, source)
        print(f"\nwrote {PARAMS}")


PARAMS = Path(__file__).resolve().parents[1] / "src/frontscope/control/belief.toml"


def write_params(out: Path, models: dict, source: str) -> None:
    window, thr, w, n, b, nh, bh = models["prior"]
    window0, thr0, w0, *_ = models["no_prior"]
    lines = [
        "# Belief model of frontscope.control.belief, written by benchmarks/fit_belief.py --write.",
        "# Fitted on DeepStateMap truth of 2022-04-10 … 2022-07-31 (every 2nd day, priors 7/14/28/42 days old,",
        "# and without a prior) over the statements of the 247 ISW reports; Aug-Oct 2022 held out.",
        "# Only these numbers come from the truth data: no truth geometry is stored anywhere in the package.",
        f'source = "{source}"',
        f"window_days = {window}",
        f"threshold = {thr:.4f}",
        f"sweep_km = {SWEEP_KM}",
        f"sweep_margin_km = {SWEEP_MARGIN_KM}",
        f"sweep_min_probability = {SWEEP_MIN_PROBABILITY}",
        f"fade_days = {FADE_DAYS}",
        f"overtake_km = {OVERTAKE_KM}",
        "",
        "[weights]",
        *[f"{f} = {v:.4f}" for f, v in zip(FEATURES, w, strict=True)],
        "",
        "[no_prior]  # the same model for settlements without a prior holder (no baseline polygon)",
        f"window_days = {window0}",
        f"threshold = {thr0:.4f}",
        "",
        "[no_prior.weights]",
        *[f"{f} = {v:.4f}" for f, v in zip(FEATURES, w0, strict=True)],
        "",
        "[metrics]",
        f"fit_candidates = {n}",
        f"fit_brier = {b:.4f}",
        f"heldout_candidates = {nh}",
        f"heldout_brier = {bh:.4f}",
        "",
    ]
    out.write_text("\n".join(lines), encoding="utf-8")


# Chosen on the fit months by benchmarks/eval_control.py runs (sweep radius 0/5/10/20 km, anchor probability
# 0.9/0.97/0.99): the most agreement whose flips on the fit months stay >= 90 % right.
SWEEP_KM = 10.0
SWEEP_MARGIN_KM = 0.0
SWEEP_MIN_PROBABILITY = 0.97
FADE_DAYS = 42
# Not fitted: a fill yields to a believed change the other way within the sweep's own radius (a change that close
# would have swept it). On the fit months it changes nothing (no front came back there); see README.
OVERTAKE_KM = SWEEP_KM

if __name__ == "__main__":
    main()
