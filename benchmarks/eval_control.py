"""Control: statements against the dev gold, timelines against DeepStateMap — fit and held-out months apart.

    python benchmarks/eval_control.py [--shared ../shared] [--every 7] [--refresh]

1. Control statements against eval/dev gold (change and status), with a keyword baseline.
2. Timelines with the last known polygon as prior: at each date D the prior is DeepState's polygon of D - lag
   (7 / 14 / 28 / 42 days, and the fixed 2022-04-03 polygon, 4-7 months old by August-October), and only the
   reports published since then move it. Scored on every settlement within 15 km of D's front line and every
   settlement named in a statement. Per period (fit = April-July 2022, where `benchmarks/fit_belief.py` learned the
   belief model; held out = August-October 2022), in the same run: agreement of frontscope and of keeping the prior,
   dates where frontscope is worse than the prior, flips (holder differs from the prior) and the share right
   (flip precision), settlements that truly changed hands and the share followed, and the share followed among
   those whose change a statement names ("stated"). Then the issue's targets on the held-out months, met or not.
3. The same without any prior (text only).
4. Nov-Dec 2025 (held out): the seed report with a 14-day-old prior.
5. Calibration of the belief model on fit and held-out candidates (reliability table, Brier score).
6. Each reading rule's record (events/control_rules.toml ids) against DeepState, fit and held-out apart.
7. Error classes a user found on 2022-09-15, each printed with today's answer.
DeepState data is read in place (cached per settlement under benchmarks/out/, git-ignored), never copied.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import time
from pathlib import Path

import numpy as np

from control_data import Truth, isw_observations, seed_observations, shared_dir, truth
from frontscope.control.belief import kind_of_support, load_params, supports
from frontscope.control.observations import Observation
from frontscope.control.priors import Settlement
from frontscope.control.regions import members, parse_spec
from frontscope.control.timeline import build_timelines
from frontscope.model import Document
from frontscope.vocab import Change

NAMES = {1: "UA", 2: "RU", 3: "contested"}
FIT = (dt.date(2022, 4, 10), dt.date(2022, 7, 31))
HELD = (dt.date(2022, 8, 1), dt.date(2022, 10, 31))
FIXED_PRIOR = dt.date(2022, 4, 3)


# Rolling-prior evaluation ----------------------------------------------------------------------------------------


class Scorer:
    """Scores one (date, prior) pair: frontscope against keeping the prior, on the front zone + named settlements."""

    def __init__(self, tr: Truth, obs: list[Observation]) -> None:
        from frontscope.geo.gazetteer import get_gazetteer

        self.tr, self.obs = tr, obs
        self.idx = {int(g): i for i, g in enumerate(tr.ids)}
        gaz = get_gazetteer()
        rows = np.flatnonzero(gaz.settlement_mask)
        self.names = [gaz.name[r] for r in rows]
        self._areas: dict[str, list[int]] = {}

    def settlements(self, sel: np.ndarray) -> list[Settlement]:
        tr = self.tr
        return [Settlement(int(tr.ids[i]), self.names[i], float(tr.lat[i]), float(tr.lon[i])) for i in sel]

    def replay(self, d: dt.date, prior_day: dt.date | None):
        """The scored settlements on `d` (front zone + named), their truth, their prior holder, the prior's date
        and the timeline the reports since then build (`explain_flips.py` lists its errors)."""
        tr = self.tr
        k = tr.on(d)
        known = [o for o in self.obs if o.report_date <= d]
        named = {o.geonameid for o in known if o.geonameid in self.idx and not o.region}
        sel = np.array(sorted(set(np.flatnonzero(tr.front[k]).tolist()) | {self.idx[g] for g in named}))
        t = np.array([NAMES[int(h)] for h in tr.holders[k][sel]], dtype=object)
        if prior_day is None:
            tl = build_timelines(known, settlements=self.settlements(sel))
            return sel, t, np.array(["unknown"] * len(sel), dtype=object), None, tl, known
        pk = tr.on(prior_day)
        since = tr.dates[pk]
        prior = np.array([NAMES[int(h)] for h in tr.holders[pk][sel]], dtype=object)
        pmap = {int(tr.ids[i]): p for i, p in zip(sel, prior, strict=True)}
        tl = build_timelines([o for o in known if o.date > since], prior=pmap, baseline_date=since,
                             settlements=self.settlements(sel))
        return sel, t, prior, since, tl, known

    def day(self, d: dt.date, prior_day: dt.date | None) -> np.ndarray:
        """[agree, agree prior, n, flips, flips right, changed, changed followed, stated, stated followed,
        flips right on D or by DeepState a week later (its map lags the reports by days)]."""
        tr = self.tr
        sel, t, prior, since, tl, known = self.replay(d, prior_day)
        pred = np.array(tl.holders_at(tr.ids[sel].tolist(), d), dtype=object)
        grey = t == "contested"
        ok = np.where(grey, pred != "unknown", pred == t)
        ok_prior = np.where(grey, prior != "unknown", prior == t)
        flips = (pred != prior) & np.isin(pred, ["UA", "RU"]) & ~grey
        later_day = min(d + dt.timedelta(days=7), tr.dates[-1])
        later = np.array([NAMES[int(h)] for h in tr.holders[tr.on(later_day)][sel]], dtype=object)
        changed = np.isin(t, ["UA", "RU"]) & np.isin(prior, ["UA", "RU"]) & (t != prior)
        stated = np.zeros(len(sel), dtype=bool)
        by_others = np.zeros(len(sel), dtype=bool)  # ... and not only in the gaining side's own claim
        if since is not None:
            pos = {int(tr.ids[i]): j for j, i in enumerate(sel)}
            for o in known:
                if o.date <= since:
                    continue
                for g in self.area(o):
                    j = pos.get(g)
                    if j is not None and changed[j] and supports(o, t[j]):
                        stated[j] = True
                        by_others[j] |= kind_of_support(o, t[j]) != "self_claim"
        return np.array([ok.sum(), ok_prior.sum(), len(sel), flips.sum(), (flips & ok).sum(), changed.sum(),
                         (changed & ok).sum(), stated.sum(), (stated & ok).sum(),
                         (flips & (ok | (pred == later))).sum(), by_others.sum(), (by_others & ok).sum()], dtype=float)

    def area(self, o: Observation) -> list[int]:
        """The settlements a statement names: its own, or every one of a whole area it names ("the west bank of
        the Dnipro in Kherson Oblast"; not "most of" an area, which names none of them)."""
        if not o.region:
            return [o.geonameid]
        if parse_spec(o.region).get("part"):
            return []
        if o.region not in self._areas:
            from frontscope.geo.gazetteer import get_gazetteer

            gaz = get_gazetteer()
            self._areas[o.region] = [int(gaz.ids[r]) for r in members(o.region, gaz)]
        return self._areas[o.region]


def pct(a: float, b: float) -> str:
    return f"{100 * a / b:5.1f}%" if b else "   n/a"


def dates_in(tr: Truth, span: tuple[dt.date, dt.date], every: int) -> list[dt.date]:
    return [d for d in tr.dates if span[0] <= d <= span[1]][::every]


def eval_rolling(sc: Scorer, every: int) -> None:
    print("\n== Last known polygon as prior (DeepState of D - lag), then the reports published since")
    print("   fit = Apr-Jul 2022 (the belief model was fitted there); held out = Aug-Oct 2022")
    head = (f"  {'prior':>9} {'period':8} {'dates':>5} {'n':>7} {'frontscope':>10} {'prior kept':>10} {'worse':>6} | "
            f"{'flips':>6} {'right':>6} {'+7d':>6} | {'changed':>7} {'followed':>8} | {'stated':>6} {'followed':>8} | "
            f"{'others':>6} {'followed':>8}")
    print(head)
    held: dict[str, tuple[np.ndarray, int]] = {}  # held-out totals and worse dates per prior, for the targets below
    for lag in (7, 14, 28, 42, None):
        for label, span in (("fit", FIT), ("held-out", HELD)):
            tot = np.zeros(12)
            worse = n = 0
            for d in dates_in(sc.tr, span, every):
                prior_day = FIXED_PRIOR if lag is None else d - dt.timedelta(days=lag)
                if prior_day < sc.tr.dates[0]:
                    continue
                r = sc.day(d, prior_day)
                tot += r
                worse += r[0] < r[1]
                n += 1
            name = "2022-04-03" if lag is None else f"{lag} d"
            print(f"  {name:>9} {label:8} {n:5d} {int(tot[2]):7d} {pct(tot[0], tot[2]):>10} {pct(tot[1], tot[2]):>10} "
                  f"{worse:3d}/{n:<2d} | {int(tot[3]):6d} {pct(tot[4], tot[3]):>6} {pct(tot[9], tot[3]):>6} | {int(tot[5]):7d} "
                  f"{pct(tot[6], tot[5]):>8} | {int(tot[7]):6d} {pct(tot[8], tot[7]):>8} | {int(tot[10]):6d} {pct(tot[11], tot[10]):>8}")
            if label == "held-out":
                held[name] = (tot, worse)
    print_targets(held)
    print("\n  by month, prior 14 days old:")
    for month in range(4, 11):
        span = (dt.date(2022, month, 1), dt.date(2022, month + 1, 1) - dt.timedelta(days=1))
        tot = np.zeros(12)
        for d in dates_in(sc.tr, span, every):
            if d - dt.timedelta(days=14) >= sc.tr.dates[0]:
                tot += sc.day(d, d - dt.timedelta(days=14))
        part = "fit" if month <= 7 else "held-out"
        print(f"  2022-{month:02d} {part:8} frontscope {pct(tot[0], tot[2])} prior kept {pct(tot[1], tot[2])} | flips "
              f"{int(tot[3]):4d} right {pct(tot[4], tot[3])} | changed {int(tot[5]):5d} followed {pct(tot[6], tot[5])} | "
              f"stated {int(tot[7]):4d} followed {pct(tot[8], tot[7])} | by others {int(tot[10]):4d} followed "
              f"{pct(tot[11], tot[10])}")
    print("  (worse: dates where frontscope agrees less than keeping the prior; flips: holder differs from the prior;"
          "\n   right: flips that agree with DeepState; +7d: or with DeepState a week later; stated: changed settlements a statement since the prior names"
          " (or a whole area it names)\n   with the new holder; others: stated by someone other than the gaining side"
          " (the analyst, footage, the losing side) — a side's own claim alone stays a claim until corroborated)")


def print_targets(held: dict[str, tuple[np.ndarray, int]]) -> None:
    """The issue's targets on the held-out months, met or not, per prior: never worse than keeping the prior, flips
    right >= 90 %, stated changes followed >= 80 % (all statements, and those not only the gaining side's claim)."""
    print("\n  targets, held out (met: +, missed: -). \"Stated\" is read as stated by someone other than the gaining "
          "side:\n  a side's own claim stays a claim until corroborated (issue item 1); the line with own claims "
          "is printed for comparison")
    for name, (tot, worse) in held.items():
        flips = tot[4] / tot[3] if tot[3] else 1.0
        stated = tot[8] / tot[7] if tot[7] else 1.0
        others = tot[11] / tot[10] if tot[10] else 1.0
        marks = [("never worse", worse == 0, f"{worse} dates worse"), ("flips >= 90 %", flips >= 0.9, f"{flips:.1%}"),
                 ("stated >= 80 %, own uncorroborated claims included", stated >= 0.8, f"{stated:.1%}"),
                 ("stated by others >= 80 %", others >= 0.8, f"{others:.1%}")]
        print(f"  {name:>10}: " + "; ".join(f"{'+' if ok else '-'} {what} ({v})" for what, ok, v in marks))


def eval_text_only(sc: Scorer, every: int) -> None:
    print("\n== Without any prior (text only): agreement, and holders known (not 'unknown')")
    for label, span in (("fit", FIT), ("held-out", HELD)):
        tot = np.zeros(12)
        for d in dates_in(sc.tr, span, every):
            tot += sc.day(d, None)
        print(f"  {label:8} n={int(tot[2])}: agreement {pct(tot[0], tot[2])}; holder given {pct(tot[3], tot[2])},"
              f" of which right {pct(tot[4], tot[3])}")


def eval_2025(shared: Path) -> None:
    tr = truth(shared, "2025")
    obs = seed_observations(shared)
    sc = Scorer(tr, obs)
    print("\n== Nov-Dec 2025 (held out): the seed report (published 2025-12-12), prior 14 days old")
    tot = np.zeros(12)
    worse = 0
    ds = [dt.date(2025, 12, d) for d in (12, 19, 26, 31)]
    for d in ds:
        r = sc.day(d, dt.date(2025, 11, 28))
        tot += r
        worse += r[0] < r[1]
    print(f"  {len(ds)} dates, n={int(tot[2])}: frontscope {pct(tot[0], tot[2])}, prior kept {pct(tot[1], tot[2])}, "
          f"worse on {worse}; flips {int(tot[3])} right {pct(tot[4], tot[3])} (+7d {pct(tot[9], tot[3])}); "
          f"changed {int(tot[5])} followed "
          f"{pct(tot[6], tot[5])}; stated {int(tot[7])} followed {pct(tot[8], tot[7])}; by others {int(tot[10])} "
          f"followed {pct(tot[11], tot[10])}")
    tl = build_timelines(obs, prior={int(g): NAMES[int(h)] for g, h in zip(tr.ids, tr.holders[tr.on(dt.date(2025, 11, 28))],
                                                                         strict=True)},
                         baseline_date=dt.date(2025, 11, 28), settlements=[])
    for name, g in {"Kupyansk": 703656, "Kindrashivka": 705175, "Radkivka": 813242, "Myrove": 700713}.items():
        st = tl.state_at(g, dt.date(2025, 12, 12))
        t = NAMES[int(tr.holders[tr.on(dt.date(2025, 12, 12))][sc.idx[g]])]
        nxt = NAMES[int(tr.holders[tr.on(dt.date(2025, 12, 13))][sc.idx[g]])]
        print(f"  {name:13} truth {t:9} (next day {nxt:9}) frontscope {st.holder:9} {st.status:9}"
              + (f" claimed by {st.claimed_by}" if st.claimed_by else ""))


def eval_calibration(shared: Path, obs: list[Observation], tr: Truth) -> None:
    from fit_belief import LAGS, Depth, brier, candidates, days_in, reliability

    params = load_params()
    print(f"\n== Belief model calibration (window {params.window_days} d, threshold {params.threshold:.3f}; "
          f"{params.source})")
    depth = Depth(tr)
    w = np.array(params.weights)
    for label, span in (("fit Apr-Jul", FIT), ("held-out Aug-Oct", HELD)):
        X, y, _ = candidates(obs, tr, depth, days_in(span, 2), LAGS, params.window_days, no_prior=False)
        p = 1.0 / (1.0 + np.exp(-(X @ w)))
        acc = p >= params.threshold
        print(f"  {label}: {len(y)} candidate changes, {y.mean():.2f} real; Brier {brier(p, y):.3f} "
              f"(constant base rate {brier(np.full(len(y), y.mean()), y):.3f}); accepted {int(acc.sum())} "
              f"of which real {y[acc].mean() if acc.any() else float('nan'):.2f}")
        print("\n".join(reliability(p, y)))


# Reading rules ---------------------------------------------------------------------------------------------------

def eval_rules(obs: list[Observation], tr: Truth) -> None:
    """Each reading rule's record against DeepState (distant supervision): for statements that a side gained or
    holds a settlement (not denied, not about an area), the share where DeepState shows that side holding it a
    week after the statement's date ("holds +7d"); for gains, also the share that were a real change (the other
    side held it 3 weeks before) — fit and held-out months apart. Baseline: all statements of that change kind."""
    idx = {int(g): i for i, g in enumerate(tr.ids)}
    first, last = tr.dates[0], tr.dates[-1]
    rows: dict[tuple[str, str, str], list[tuple[bool, bool]]] = {}
    for o in obs:
        change = Change.parse(o.change)
        side = change.holder  # the side said to gain or hold it (None for attacks, fighting)
        i = idx.get(o.geonameid)
        if side is None or i is None or o.region or o.status == "denied":
            continue
        d = o.date
        if not (first + dt.timedelta(days=21) <= d <= last - dt.timedelta(days=7)):
            continue
        period = "fit" if FIT[0] <= d <= FIT[1] else "held" if HELD[0] <= d <= HELD[1] else ""
        if not period:
            continue
        after = NAMES[int(tr.holders[tr.on(d + dt.timedelta(days=7)), i])]
        before = NAMES[int(tr.holders[tr.on(d - dt.timedelta(days=21)), i])]
        kind = str(change.kind)
        parts = (o.rule or "?").split("+")
        rule = "+".join(x for x in parts if "." in x) or parts[0]  # "hold.adjective+gain.capture"
        cues = [x for x in parts[1:] if "." not in x]
        hit = (after == side, before not in (side, "contested") and after == side)
        for key in (rule, "all " + kind, *("cue " + c for c in cues)):
            rows.setdefault((kind, key, period), []).append(hit)
    print("\n== Reading rules against DeepState (holds +7d: the side said to gain/hold it holds it a week later;"
          " real change: and the other side held it 3 weeks before)")
    print(f"  {'kind':5} {'rule':34} {'fit n':>6} {'holds':>6} {'change':>6} | {'held n':>6} {'holds':>6} {'change':>6}")
    keys = sorted({(k, r) for k, r, _ in rows}, key=lambda kr: (kr[0], not kr[1].startswith("all"), kr[1]))
    for kind, key in keys:
        cells = []
        for period in ("fit", "held"):
            hits = rows.get((kind, key, period), [])
            n = len(hits)
            cells.append(f"{n:6d} {pct(sum(h[0] for h in hits), n):>6} {pct(sum(h[1] for h in hits), n):>6}"
                         if n else f"{0:6d} {'-':>6} {'-':>6}")
        print(f"  {kind:5} {key:34} {cells[0]} | {cells[1]}")


# Error classes ---------------------------------------------------------------------------------------------------


CASES_0915 = [  # (place, oblast, what a user saw, what is right on 2022-09-15)
    ("Zaporizhzhia", "Zaporizhzhia", "RU from 'will liberate Zaporizhia'", "UA"),
    ("Okhtyrka", "Sumy", "RU from 'no evidence ... fully captured'", "UA"),
    ("Lozova", "Kharkiv", "RU (never occupied)", "UA"),
    ("Barvinkove", "Kharkiv", "RU (never occupied)", "UA"),
    ("Bucha", "Kyiv", "RU in September (text only)", "UA"),
    ("Hostomel", "Kyiv", "RU in September (text only)", "UA"),
    ("Borodianka", "Kyiv", "RU in September (text only)", "UA"),
]


def eval_cases(obs: list[Observation], tr: Truth) -> None:
    from frontscope.geo.gazetteer import get_gazetteer

    gaz = get_gazetteer()
    d = dt.date(2022, 9, 15)
    known = [o for o in obs if o.report_date <= d]
    text = build_timelines(known)
    fixed_k = tr.on(FIXED_PRIOR)
    prior = {int(g): NAMES[int(h)] for g, h in zip(tr.ids, tr.holders[fixed_k], strict=True)}
    idx = {int(g): i for i, g in enumerate(tr.ids)}
    rows = np.flatnonzero(gaz.settlement_mask)
    kharkiv = [i for i, r in enumerate(rows) if gaz.oblasts.get(gaz.admin1[r], "").startswith("Kharkiv")]
    k = tr.on(d)
    # Past the Oskil and Russian-held throughout (in the prior and on the day): must not be repainted Ukrainian.
    east = [i for i in kharkiv if tr.lon[i] > 37.75 and tr.holders[k][i] == 2 and tr.holders[fixed_k][i] == 2]
    cases = [(n, next(p.geonameid for p in gaz.lookup(n) if p.oblast == o), saw, right) for n, o, saw, right in CASES_0915]
    pool = [idx[g] for _, g, _, _ in cases if g in idx] + east
    sc_names = [gaz.name[rows[i]] for i in pool]
    settle = [Settlement(int(tr.ids[i]), nm, float(tr.lat[i]), float(tr.lon[i])) for i, nm in zip(pool, sc_names, strict=True)]
    base = build_timelines([o for o in known if o.date > FIXED_PRIOR], prior=prior, baseline_date=FIXED_PRIOR,
                           settlements=settle)
    print(f"\n== Error classes a user reported on {d} (text only | with the 2022-04-03 prior)")
    for name, g, saw, right in cases:
        a, b = text.holder_at(g, d), base.holder_at(g, d)
        print(f"  {name:13} was {saw:40} now {a:9} | {b:9} {'ok' if a in (right, 'unknown') and b == right else 'WRONG'}")
    lyman = next(p.geonameid for p in gaz.lookup("Lyman") if p.oblast == "Donetsk")
    hist = [(c.date.isoformat(), c.holder) for c in text.history(lyman) if dt.date(2022, 9, 1) <= c.date <= d]
    print(f"  Lyman (Donetsk) changes Sep 1-15, text only (was RU→UA→RU around Sep 9-10): {hist or 'none'}")
    for label, tl in (("text only", text), ("2022-04-03 prior", base)):
        got = tl.holders_at(tr.ids[east].tolist(), d)
        print(f"  Kharkiv Oblast past the Oskil, Russian-held throughout ({len(east)}): said UA on {d} for "
              f"{sum(h == 'UA' for h in got)} ({label}; 'recapturing almost all Kharkiv Oblast' used to repaint them)")


# Gold control records ----------------------------------------------------------------------------------------------


NAIVE = [(r"liberat|recaptur|retook|regain", "UA_gain"), (r"captur|seiz|took control|occup", "RU_gain"),
         (r"hold|retain|control", "RU_holds"), (r"fight|fought", "fighting"), (r"advanc|attack|assault", "RU_advance_near")]


def eval_gold(shared: Path) -> None:
    from control_data import _pipeline

    run = _pipeline()
    print("\n== Control statements vs eval/dev gold (inside windows)")
    n_gold = n_match = ch_ok = st_ok = nv_ch = nv_st = n_pred = 0
    for gf in sorted((shared / "eval/dev").glob("*.jsonl")):
        rows = [json.loads(line) for line in gf.open(encoding="utf-8")]
        win = next(r for r in rows if r["type"] == "window")
        report = win["report"]
        path = shared / ("eval/dev" if report.startswith("seed") else "data/reports/isw") / report
        pub = dt.date(2025, 12, 12) if report.startswith("seed") else dt.date.fromisoformat(report[:10])
        doc = run(Document(text=path.read_text(encoding="utf-8"), path=report, published=pub))
        preds = [s for s in doc.control if win["start"] <= s.start < win["end"]]
        n_pred += len(preds)
        for g in (r for r in rows if r["type"] == "control"):
            n_gold += 1
            cands = [s for s in preds if s.start < g["end"] and g["start"] < s.end
                     and (s.place.geonameid == g["geonameid"] or s.place.text == g["place_text"])]
            sentence = doc.text[g["start"]:g["end"]].lower()
            naive = next((c for rx, c in NAIVE if re.search(rx, sentence)), "fighting")
            nv_ch += naive == g["change"]
            nv_st += g["status"] == "claimed"
            if not cands:
                print(f"  MISSED {report} {g['place_text']} {g['change']} {g['status']}")
                continue
            s = cands[0]
            n_match += 1
            ch_ok += s.change == g["change"]
            st_ok += s.status == g["status"]
    print(f"  gold {n_gold}, matched {n_match}, predictions in windows {n_pred}; on matched: change "
          f"{pct(ch_ok, max(1, n_match))}, status {pct(st_ok, max(1, n_match))}")
    print(f"  keyword baseline on all gold: change {pct(nv_ch, n_gold)}, status {pct(nv_st, n_gold)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=None)
    ap.add_argument("--every", type=int, default=7, help="score every Nth DeepState day (default weekly)")
    ap.add_argument("--refresh", action="store_true", help="re-run the pipeline over the reports (else cached)")
    ap.add_argument("--only", default="", help="comma-separated parts: gold,rolling,text,2025,calibration,rules,cases")
    args = ap.parse_args()
    shared = shared_dir(args.shared)
    parts = set(args.only.split(",")) if args.only else {"gold", "rolling", "text", "2025", "calibration", "rules", "cases"}
    t0 = time.perf_counter()
    obs, secs = isw_observations(shared, args.refresh)
    print(f"{len(obs)} control observations with a GeoNames id from 247 reports"
          + (f" (pipeline {secs:.1f}s)" if secs else " (cached)"))
    tr = truth(shared, "2022")
    sc = Scorer(tr, obs)
    if "gold" in parts:
        eval_gold(shared)
    if "rolling" in parts:
        eval_rolling(sc, args.every)
    if "text" in parts:
        eval_text_only(sc, args.every)
    if "2025" in parts:
        eval_2025(shared)
    if "calibration" in parts:
        eval_calibration(shared, obs, tr)
    if "rules" in parts:
        eval_rules(obs, tr)
    if "cases" in parts:
        eval_cases(obs, tr)
    print(f"\n({time.perf_counter() - t0:.0f}s)")


if __name__ == "__main__":
    main()
