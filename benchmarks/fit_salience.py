"""Fit the brief's salience model (src/frontscope/brief/salience.json) on Feb–Jun 2022 ISW reports only.

    python benchmarks/brief_corpus.py /tmp/frontscope-brief-eval        # ingest (Key Takeaways stripped), once
    python benchmarks/fit_salience.py --cache /tmp/frontscope-brief-eval

Labels: a candidate sentence is positive when it covers >= 40 % of the content words of one of the report's
own Key Takeaways (which were cut out of the text before ingest). Lexicon: smoothed log-odds of a word in the
Key Takeaways lists against the report bodies of every Feb–Jun report. Model: L2-regularised logistic
regression (numpy, full-batch gradient descent). Held-out months (Jul–Oct) are never read here.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
from collections import Counter
from pathlib import Path

import numpy as np

from brief_corpus import FIT_MONTHS, ISW, TRAIN_DATES, report_path, split_takeaways, window_db
from frontscope.brief.daily import salient_candidates
from frontscope.brief.salience import features, words
from frontscope.store.db import Store

OUT = Path(__file__).resolve().parents[1] / "src" / "frontscope" / "brief" / "salience.json"


def fit_lexicon(min_count: int = 4, size: int = 600) -> dict[str, float]:
    kt, body = Counter(), Counter()
    for p in sorted(ISW.glob("2022-*_isw.txt")):
        if int(p.name[5:7]) not in FIT_MONTHS:
            continue
        text, bullets = split_takeaways(p.read_text(encoding="utf-8"))
        if not bullets:
            continue
        kt.update(w for b in bullets for w in set(words(b)))
        body.update(words(text))
    nk, nb = sum(kt.values()), sum(body.values())
    lex = {}
    for w, n in kt.items():
        if n >= min_count:
            lex[w] = math.log((n + 1) / nk) - math.log((body[w] + 1) / nb)
    keep = sorted(lex, key=lambda w: -abs(lex[w]) * math.log(1 + kt[w]))[:size]
    return {w: round(max(-3.0, min(3.0, lex[w])), 3) for w in sorted(keep)}


def label(text: str, bullets: list[str]) -> float:
    mine = set(words(text))
    best = 0.0
    for b in bullets:
        ref = set(words(b))
        if ref:
            best = max(best, len(mine & ref) / len(ref))
    return 1.0 if best >= 0.4 else 0.0


def dataset(cache: Path, lexicon: dict[str, float]) -> tuple[list[str], np.ndarray, np.ndarray]:
    rows, ys, names = [], [], None
    for day in TRAIN_DATES:
        _, bullets = split_takeaways(report_path(day).read_text(encoding="utf-8"))
        if not bullets:
            continue
        store = Store.open(window_db(day, cache, 0))
        for c in salient_candidates(store, day, day):
            f = features(c, lexicon)
            names = names or sorted(f)
            rows.append([f[k] for k in names])
            ys.append(label(c.text, bullets))
        store.engine.dispose()
    return names or [], np.array(rows), np.array(ys)


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1e-2, steps: int = 4000, lr: float = 0.5) -> tuple[np.ndarray, float]:
    w, b = np.zeros(x.shape[1]), 0.0
    pos = y.mean()
    sw = np.where(y > 0, 0.5 / pos, 0.5 / (1 - pos))  # balanced classes: rare positives still count
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(x @ w + b)))
        g = (p - y) * sw
        w -= lr * (x.T @ g / len(y) + l2 * w)
        b -= lr * g.mean()
    return w, b


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache", type=Path, default=Path("/tmp/frontscope-brief-eval"))
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    lexicon = fit_lexicon()
    names, x, y = dataset(args.cache, lexicon)
    w, b = fit(x, y)
    p = 1 / (1 + np.exp(-(x @ w + b)))
    print(f"{len(y)} candidate sentences from {len(TRAIN_DATES)} fit-month reports, {int(y.sum())} positive; "
          f"train accuracy (balanced) {((p > .5) == y)[y > 0].mean() / 2 + ((p > .5) == y)[y == 0].mean() / 2:.3f}")
    for k, v in sorted(zip(names, w, strict=True), key=lambda kv: -abs(kv[1])):
        print(f"  {k:22s} {v:+.3f}")
    args.out.write_text(json.dumps({
        "fitted_on": f"ISW Russian Offensive Campaign Assessments, {len(TRAIN_DATES)} report dates "
                     f"{TRAIN_DATES[0]}..{TRAIN_DATES[-1]} (Feb–Jun 2022); labels: each report's own Key Takeaways, "
                     "stripped before ingest; lexicon: word log-odds Key Takeaways vs body, Feb–Jun 2022 reports. "
                     "Refit: benchmarks/fit_salience.py",
        "fitted": dt.date.today().isoformat(),
        "bias": round(float(b), 4), "weights": {k: round(float(v), 4) for k, v in zip(names, w, strict=True)},
        "lexicon": lexicon}, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    print("wrote", args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
