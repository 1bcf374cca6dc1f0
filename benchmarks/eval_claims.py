"""Claims stage against the dev gold, beside a naive cue-verb regex baseline; corpus volume and speed.

    python benchmarks/eval_claims.py [--shared /work/shared] [--sample 12] [--spacy-subset 300]

Scores (gold inside each file's window only; a prediction matches a gold claim when their clause spans
overlap, the best source overlap first):
  claim P/R/F1        clause-span overlap
  source P/R/F1       source-span overlap of matched claims
  side / kind acc     over claims matched with overlapping sources
  said_on acc         over matched claims (null == null counts); for each default ("none", "published",
                      "day_before") so the convention can be chosen on evidence
  citations acc       exact list equality over matched claims
Then the stage runs over every ISW report (published date from the file name) for volume, a random sample
is printed for hand checking, and the stage's time is compared with running spaCy's full pipeline over
every sentence (measured on a subset of sentences and extrapolated, as printed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

from frontscope.claims import parse
from frontscope.claims.attribution import extract_claims
from frontscope.claims.sources import guess_side
from frontscope.model import Document
from frontscope.nlp.dates import resolve_dates
from frontscope.pipeline import Pipeline


def load_doc(path: Path) -> Document:
    m = re.search(r"(\d{4}-\d{2}-\d{2})", path.name)
    published = dt.date.fromisoformat(m.group(1)) if m else None
    doc = Document(text=path.read_text(encoding="utf-8"), path=str(path), published=published)
    Pipeline(["segment"])(doc)
    return doc


# The baseline: any cue verb; the source is everything before it in the sentence ------------------------
_BASE_CUE = re.compile(r"\b(reported|claimed|stated|said|noted|announced|denied|rejected|showed|shows|indicated|"
                       r"confirmed|according to)\b")


def baseline(doc: Document) -> list[dict]:
    out = []
    for s in doc.sentences:
        m = _BASE_CUE.search(doc.text, s.start, s.end)
        if not m or m.start() == s.start:
            continue
        src = doc.text[s.start:m.start()].strip()
        dates = resolve_dates(doc.text, s.start, s.end, doc.published)
        out.append({
            "start": s.start, "end": s.end, "source_start": s.start, "source_end": s.start + len(src),
            "side": guess_side(src), "kind": "other", "said_on": dates[0].date.isoformat() if dates else None,
            "citations": list(s.citations),
        })
    return out


def ours(doc: Document, default: str) -> list[dict]:
    extract_claims(doc, default_said_on=default)
    return [{
        "start": c.start, "end": c.end, "source_start": c.source.start, "source_end": c.source.end,
        "side": c.source.side, "kind": c.source.kind, "said_on": c.said_on.isoformat() if c.said_on else None,
        "citations": c.citations, "text": c.text, "source_text": c.source.text, "cue": c.cue,
    } for c in doc.claims]


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def score(gold: list[dict], pred: list[dict]) -> dict:
    used: set[int] = set()
    pairs = []
    for g in gold:
        best, best_key = None, (0, 0)
        for i, p in enumerate(pred):
            if i in used:
                continue
            ov = _overlap(g["start"], g["end"], p["start"], p["end"])
            if not ov:
                continue
            key = (_overlap(g["source_start"], g["source_end"], p["source_start"], p["source_end"]), ov)
            if key > best_key:
                best, best_key = i, key
        if best is not None:
            used.add(best)
            pairs.append((g, pred[best]))
    src_pairs = [(g, p) for g, p in pairs
                 if _overlap(g["source_start"], g["source_end"], p["source_start"], p["source_end"])]
    n_g, n_p, n_m, n_s = len(gold), len(pred), len(pairs), len(src_pairs)

    def f1(m: int) -> tuple[float, float, float]:
        p = m / n_p if n_p else 0.0
        r = m / n_g if n_g else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    return {
        "gold": n_g, "pred": n_p, "claim": f1(n_m), "source": f1(n_s),
        "side": sum(g["source_side"] == p["side"] for g, p in src_pairs) / max(1, n_s),
        "kind": sum(g["source_kind"] == p["kind"] for g, p in src_pairs) / max(1, n_s),
        "said_on": sum(g["said_on"] == p["said_on"] for g, p in pairs) / max(1, n_m),
        "citations": sum(sorted(g["citations"]) == sorted(p["citations"]) for g, p in pairs) / max(1, n_m),
        "pairs": src_pairs, "unmatched_gold": [g for g in gold if all(g is not x for x, _ in pairs)],
        "unmatched_pred": [p for i, p in enumerate(pred) if i not in used],
    }


def _fmt(name: str, s: dict) -> str:
    c, so = s["claim"], s["source"]
    return (f"{name:<22} claims P {c[0]:.3f} R {c[1]:.3f} F1 {c[2]:.3f} | source P {so[0]:.3f} R {so[1]:.3f} "
            f"F1 {so[2]:.3f} | side {s['side']:.3f} kind {s['kind']:.3f} | said_on {s['said_on']:.3f} | "
            f"citations {s['citations']:.3f}  (gold {s['gold']}, pred {s['pred']})")


def evaluate(shared: Path, verbose: bool) -> None:
    golds: dict[str, list[dict]] = {}
    windows: dict[str, tuple[int, int]] = {}
    for f in sorted((shared / "eval" / "dev").glob("*.jsonl")):
        for line in f.read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            if r["type"] == "window":
                windows[r["report"]] = (r["start"], r["end"])
            elif r["type"] == "claim":
                golds.setdefault(r["report"], []).append(r)
    systems: dict[str, tuple[list[dict], list[dict]]] = {}
    for report, (w0, w1) in windows.items():
        path = shared / "eval" / "dev" / report
        if not path.exists():
            path = shared / "data" / "reports" / "isw" / report
        gold = golds.get(report, [])
        runs = {"baseline (cue regex)": lambda d: baseline(d)}
        for default in ("none", "published", "day_before"):
            runs[f"frontscope said_on={default}"] = lambda d, default=default: ours(d, default)
        for name, fn in runs.items():
            pred = [p for p in fn(load_doc(path)) if _overlap(p["start"], p["end"], w0, w1)]
            g_all, p_all = systems.setdefault(name, ([], []))
            g_all.extend(gold)
            p_all.extend(pred)
    print(f"== dev gold: {len(windows)} windows, {sum(len(g) for g in golds.values())} gold claims")
    for name, (g, p) in systems.items():
        s = score(g, p)
        print(_fmt(name, s))
        if verbose and name == "frontscope said_on=none":
            for x in s["unmatched_gold"]:
                print("   MISSED  ", x["source_text"], "|", x["cue"], "|", x["text"][:90])
            for x in s["unmatched_pred"]:
                print("   EXTRA   ", x["source_text"], "|", x["cue"], "|", x["text"][:90])
            for gg, pp in s["pairs"]:
                bad = [k for k, gk in (("side", "source_side"), ("kind", "source_kind"), ("said_on", "said_on"))
                       if gg[gk] != pp[k]]
                if bad or gg["citations"] != pp["citations"]:
                    print("   DIFF    ", gg["source_text"], "->", pp["source_text"], {
                        k: (gg.get("source_" + k, gg.get(k)), pp[k]) for k in [*bad, "citations"]})


def corpus(shared: Path, sample: int, spacy_subset: int) -> None:
    files = sorted((shared / "data" / "reports" / "isw").glob("*_isw.txt"))
    docs = [load_doc(f) for f in files]
    n_sent = sum(len(d.sentences) for d in docs)
    parse.nlp()  # load the model outside the timed region (both sides need it loaded once)
    calls0 = parse.calls
    t0 = time.perf_counter()
    for d in docs:
        extract_claims(d)
    t_stage = time.perf_counter() - t0
    parsed = parse.calls - calls0
    claims = [(d, c) for d in docs for c in d.claims]
    print(f"\n== corpus: {len(docs)} reports, {n_sent} sentences, {len(claims)} claims "
          f"({len(claims) / len(docs):.1f} per report)")
    print("   sides:", dict(Counter(c.source.side for _, c in claims)))
    print("   kinds:", dict(Counter(c.source.kind for _, c in claims)))
    print("   top sources:", Counter(c.source.name for _, c in claims).most_common(12))
    print(f"   negated {sum(c.negated for _, c in claims)}, nested {sum(c.parent is not None for _, c in claims)}, "
          f"with said_on {sum(c.said_on is not None for _, c in claims)}, with citations "
          f"{sum(bool(c.citations) for _, c in claims)}, with quantities {sum(bool(c.quantities) for _, c in claims)}")
    future = sum(1 for d, c in claims if c.said_on and d.published and c.said_on > d.published)
    print(f"   said_on after the report date: {future}")
    # spaCy's full pipeline over every sentence: time a random subset, extrapolate.
    sents = [d.text[s.start:s.end] for d in docs for s in d.sentences]
    rng = random.Random(7)
    subset = rng.sample(sents, min(spacy_subset, len(sents)))
    import spacy

    full = spacy.load(parse.MODEL)
    t1 = time.perf_counter()
    for _ in full.pipe(subset, batch_size=64):
        pass
    t_sub = time.perf_counter() - t1
    t_full = t_sub * len(sents) / len(subset)
    print(f"\n== speed: claims stage {t_stage:.2f} s over {n_sent} sentences "
          f"({n_sent / t_stage:,.0f} sentences/s; spaCy parse on {parsed} sentences = {parsed / n_sent:.1%})")
    print(f"   spaCy full pipeline: {t_sub:.2f} s on {len(subset)} random sentences -> "
          f"~{t_full:.1f} s extrapolated to all {n_sent}; the stage is {t_full / t_stage:.1f}x faster")
    print(f"\n== random sample of {sample} claims for hand checking")
    for d, c in rng.sample(claims, min(sample, len(claims))):
        print(f"-- {Path(d.path or '').name}  source={c.source.text!r} -> {c.source.name} [{c.source.side}/"
              f"{c.source.kind}] cue={c.cue!r} neg={c.negated} said_on={c.said_on} cites={c.citations}"
              f"{' parent=' + str(c.parent) if c.parent is not None else ''}")
        print("   ", c.text[:220].replace("\n", " "))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    ap.add_argument("--sample", type=int, default=12)
    ap.add_argument("--spacy-subset", type=int, default=400)
    ap.add_argument("--no-corpus", action="store_true")
    ap.add_argument("-v", "--verbose", action="store_true", help="list misses, extras and attribute errors")
    args = ap.parse_args()
    if not (args.shared / "eval" / "dev").exists():
        sys.exit(f"no gold at {args.shared}/eval/dev (use --shared)")
    evaluate(args.shared, args.verbose)
    if not args.no_corpus:
        corpus(args.shared, args.sample, args.spacy_subset)


if __name__ == "__main__":
    main()
