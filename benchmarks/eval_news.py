"""News reading against the project's own news gold (eval/news), per publisher type, beside baselines.

    python benchmarks/eval_news.py [--split fit|heldout|all] [--verbose]

The gold (eval/news/*.jsonl, the ../shared/eval SPEC format, written by the project as paraphrased
fixtures; eval/news/index.csv gives each article's publisher, publisher type, date and split) is scored
per publisher type and per split (fit = the articles looked at while building; heldout = written and
annotated first and not looked at until the end). Figures, as in the ISW evals:
  places   mention P/R by span overlap (countries left out); exact GeoNames id over gold settlement
           mentions with an id (confidence low left out); "foreign→UA": gold settlements outside Ukraine
           that were given a Ukrainian id (must be 0)
  claims   claim and source-span F1, side and kind accuracy over matched sources, said_on accuracy
  control  precision: predicted statements whose place overlaps a gold statement's place with the same
           change; recall likewise over gold
Baselines in the same run: places — the same spans given their most populous namesake (gazetteer);
claims — a cue-verb regex (benchmarks/eval_claims.py).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from eval_claims import baseline as claims_baseline  # noqa: E402
from eval_claims import score as claims_score  # noqa: E402
from frontscope.geo.gazetteer import get_gazetteer  # noqa: E402
from frontscope.model import Document  # noqa: E402
from frontscope.pipeline import Pipeline  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "eval" / "news"


def _ov(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def load() -> list[dict]:
    arts = []
    with open(GOLD / "index.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            recs = [json.loads(x) for x in (GOLD / row["file"]).with_suffix(".jsonl").read_text("utf-8").splitlines()]
            row["gold"] = recs
            row["text"] = (GOLD / row["file"]).read_text(encoding="utf-8")
            arts.append(row)
    return arts


def run(art: dict) -> Document:
    doc = Document(text=art["text"], path=art["file"], publisher=art["publisher"],
                   published=dt.date.fromisoformat(art["published"]))
    return Pipeline()(doc)


def most_populous(doc: Document) -> list[tuple[int, int, str, int | None, str]]:
    gaz = get_gazetteer()
    out = []
    for m in doc.places:
        gid = m.geonameid
        if m.kind == "settlement":
            rows = [r for r in gaz.rows_for(m.text) if gaz.fclass[r] == "P"]
            gid = int(gaz.ids[max(rows, key=lambda r: int(gaz.population[r]))]) if rows else None
        out.append((m.start, m.end, m.kind, gid, m.country or ""))
    return out


def place_counts(gold: list[dict], pred: list[tuple[int, int, str, int | None, str]]) -> dict[str, int]:
    pred = [p for p in pred if p[2] != "country"]
    c = defaultdict(int)
    c["pred"] = len(pred)
    c["tp_pred"] = sum(any(_ov(p[0], p[1], g["start"], g["end"]) for g in gold) for p in pred)
    c["gold"] = len(gold)
    c["tp_gold"] = sum(any(_ov(p[0], p[1], g["start"], g["end"]) for p in pred) for g in gold)
    gaz = get_gazetteer()
    for g in gold:
        if g["kind"] != "settlement":
            continue
        hit = next((p for p in pred if _ov(p[0], p[1], g["start"], g["end"])), None)
        if g.get("country", "UA") != "UA":
            c["foreign"] += 1
            c["foreign_to_ua"] += bool(hit and hit[3] is not None and gaz.get(hit[3]) is not None)
        if g["confidence"] == "low" or g["geonameid"] is None:
            continue
        c["settlements"] += 1
        c["exact"] += bool(hit and hit[3] == g["geonameid"])
    return c


def control_counts(gold: list[dict], doc: Document) -> dict[str, int]:
    c = defaultdict(int)
    preds = [s for s in doc.control if not s.region]
    c["pred"], c["gold"] = len(preds), len(gold)
    c["tp_pred"] = sum(any(_ov(s.place.start, s.place.end, g["pstart"], g["pend"]) and s.change == g["change"]
                           for g in gold) for s in preds)
    c["tp_gold"] = sum(any(_ov(s.place.start, s.place.end, g["pstart"], g["pend"]) and s.change == g["change"]
                           for s in preds) for g in gold)
    return c


def _gold_control(art: dict) -> list[dict]:
    out = []
    for g in art["gold"]:
        if g["type"] != "control":
            continue
        i = art["text"].find(g["place_text"], g["start"])
        g = dict(g, pstart=i, pend=i + len(g["place_text"]))
        out.append(g)
    return out


def _claims_of(doc: Document) -> list[dict]:
    return [{"start": c.start, "end": c.end, "source_start": c.source.start, "source_end": c.source.end,
             "side": c.source.side, "kind": c.source.kind, "said_on": c.said_on.isoformat() if c.said_on else None,
             "citations": c.citations, "text": c.text, "source_text": c.source.text, "cue": c.cue}
            for c in doc.claims]


def _add_claims(acc: defaultdict, s: dict) -> None:
    match = s["gold"] - len(s["unmatched_gold"])
    acc["gold"] += s["gold"]
    acc["pred"] += s["pred"]
    acc["match"] += match
    acc["src"] += len(s["pairs"])
    acc["side"] += sum(g["source_side"] == p["side"] for g, p in s["pairs"])
    acc["kind"] += sum(g["source_kind"] == p["kind"] for g, p in s["pairs"])
    acc["said_on"] += round(s["said_on"] * match)


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:5.1f}%" if b else "   - "


def report(title: str, arts: list[dict], verbose: bool) -> None:
    pc, bc, cc = defaultdict(int), defaultdict(int), defaultdict(int)
    cl: dict[str, defaultdict] = {"frontscope": defaultdict(float), "cue regex": defaultdict(float)}
    for a in arts:
        doc, gold = a["doc"], a["gold"]
        gp = [g for g in gold if g["type"] == "place"]
        ours = [(m.start, m.end, m.kind, m.geonameid, m.country or "") for m in doc.places]
        for k, v in place_counts(gp, ours).items():
            pc[k] += v
        for k, v in place_counts(gp, most_populous(doc)).items():
            bc[k] += v
        for k, v in control_counts(_gold_control(a), doc).items():
            cc[k] += v
        gc = [g for g in gold if g["type"] == "claim"]
        for g in gc:
            g.setdefault("citations", [])
        for name, pred in (("frontscope", _claims_of(doc)), ("cue regex", claims_baseline(doc))):
            _add_claims(cl[name], claims_score(gc, pred))  # offsets are per article: score each, then pool
        if verbose:
            _show(a, doc, gp, gc)
    print(f"-- {title} ({len(arts)} articles)")
    for name, c in (("frontscope", pc), ("most populous", bc)):
        print(f"   places {name:<14} P {_pct(c['tp_pred'], c['pred'])} R {_pct(c['tp_gold'], c['gold'])}  exact id "
              f"{_pct(c['exact'], c['settlements'])} ({c['exact']}/{c['settlements']})  foreign→UA "
              f"{c['foreign_to_ua']}/{c['foreign']}")
    for name, k in cl.items():
        sp, sr = k["src"] / max(1, k["pred"]), k["src"] / max(1, k["gold"])
        cf = 2 * k["match"] / max(1, k["pred"] + k["gold"])
        print(f"   claims {name:<14} claim F1 {cf:.3f}  source P {sp:.3f} R {sr:.3f} "
              f"F1 {2 * sp * sr / (sp + sr) if sp + sr else 0:.3f}  side {k['side'] / max(1, k['src']):.3f} "
              f"kind {k['kind'] / max(1, k['src']):.3f} said_on {k['said_on'] / max(1, k['match']):.3f}  "
              f"(gold {k['gold']:.0f}, pred {k['pred']:.0f})")
    print(f"   control frontscope     P {_pct(cc['tp_pred'], cc['pred'])} ({cc['tp_pred']}/{cc['pred']})  "
          f"R {_pct(cc['tp_gold'], cc['gold'])} ({cc['tp_gold']}/{cc['gold']})")


def _show(a: dict, doc: Document, gp: list[dict], gc: list[dict]) -> None:
    print(f"## {a['file']} ({a['publisher']})")
    for g in gp:
        hit = next((m for m in doc.places if _ov(m.start, m.end, g["start"], g["end"])), None)
        if hit is None:
            print(f"   place MISSED {g['text']!r}")
        elif g["kind"] == "settlement" and g["geonameid"] and g["confidence"] != "low" and hit.geonameid != g["geonameid"]:
            print(f"   place WRONG  {g['text']!r} gold {g['geonameid']} got {hit.geonameid} {hit.name} ({hit.oblast}) "
                  f"{hit.resolved_by}")
    for m in doc.places:
        if m.kind != "country" and not any(_ov(m.start, m.end, g["start"], g["end"]) for g in gp):
            print(f"   place EXTRA  {m.text!r} {m.kind} {m.geonameid} {m.name}")
    s = claims_score(gc, _claims_of(doc))
    for x in s["unmatched_gold"]:
        print("   claim MISSED", x["source_text"], "|", x["cue"], "|", x["text"][:80])
    for x in s["unmatched_pred"]:
        print("   claim EXTRA ", x["source_text"], "|", x["cue"], "|", x["text"][:80])
    for g, p in s["pairs"]:
        bad = {k: (g[gk], p[k]) for k, gk in (("side", "source_side"), ("kind", "source_kind"), ("said_on", "said_on"))
               if g[gk] != p[k]}
        if bad:
            print("   claim DIFF  ", g["source_text"], "->", p["source_text"], bad)
    for s_ in doc.control:
        print(f"   control {s_.place.text!r} {s_.change} {s_.status} by {s_.claimed_by!r} | {s_.text[:70]}")
    for g in _gold_control(a):
        print(f"   gold    {g['place_text']!r} {g['change']} {g['status']}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", choices=("fit", "heldout", "all"), default="all")
    ap.add_argument("--verbose", action="store_true", help="print each article's misses (fit split only unless "
                    "--split heldout is asked for explicitly)")
    args = ap.parse_args(argv)
    arts = [a for a in load() if args.split == "all" or a["split"] == args.split]
    for a in arts:
        a["doc"] = run(a)
    for split in ("fit", "heldout"):
        sub = [a for a in arts if a["split"] == split]
        if not sub:
            continue
        show = args.verbose and (split == "fit" or args.split == "heldout")
        print(f"== {split}")
        by_type: dict[str, list[dict]] = defaultdict(list)
        for a in sub:
            by_type[a["publisher_type"]].append(a)
        for t, group in sorted(by_type.items()):
            report(t, group, show)
        report(f"all {split}", sub, False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
