"""How close are the brief's key takeaways to the analyst's own, and are they true to their sources?

    python benchmarks/brief_corpus.py /tmp/frontscope-brief-eval      # ingest once (~1 min; Key Takeaways stripped)
    python benchmarks/eval_brief.py --cache /tmp/frontscope-brief-eval [--audit audit.md]

For each dev date D: the day's ISW report with its "Key Takeaways" list removed, and the three reports before
it, are ingested into a temporary SQLite database; `build_brief(store, D, since=D-1)` (what `frontscope brief
--date D --since D-1` prints) gives the takeaways. Score: ROUGE-1 recall (stop words dropped) against the removed
list. Baseline in the same run: lead-N, the report's own first N body sentences, N = the number of Key Takeaways;
"lead-k" uses as many sentences as the brief has takeaways (same length budget). Dates are split by time: the
salience model is fitted on Feb–Jun 2022 (benchmarks/fit_salience.py), Jul–Oct 2022 is held out.

Faithfulness: every takeaway goes through `frontscope.brief.faithful.problems`; --audit writes each takeaway with
the statements it rests on, for the hand check.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from statistics import mean

from brief_corpus import (
    EVAL_DATES,
    FIT_MONTHS,
    lead_sentences,
    report_path,
    rouge1_recall,
    split_takeaways,
    window_db,
)
from frontscope.brief.daily import build_brief
from frontscope.brief.faithful import problems
from frontscope.store.db import Store


def contested_scan(db: Path) -> None:
    store = Store.open(db)
    days = [dt.date(2022, 9, 1) + dt.timedelta(days=k) for k in range(61)]
    hits = 0
    for day in days:
        brief = build_brief(store, day, day - dt.timedelta(days=1))
        if brief.contested:
            hits += 1
            print(f"  contested {day}: " + "; ".join(
                f"{p.place} ({', '.join(sorted({x['favours'] + ' ← ' + (x['source'] or '?') for x in p.positions}))})"
                for p in brief.contested))
    print(f"contested section present in {hits}/{len(days)} daily briefs, Sep-Oct 2022")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache", type=Path, default=Path("/tmp/frontscope-brief-eval"))
    ap.add_argument("--audit", type=Path, help="write every takeaway with its cited statements here (Markdown)")
    ap.add_argument("--full-db", type=Path, help="a database of all 247 reports: list the contested places of each "
                                                 "day's brief (--since D-1), Sep-Oct 2022")
    args = ap.parse_args()
    rows, audit, n_lines, n_bad, n_templ, n_templ_bad = [], [], 0, 0, 0, 0
    print(f"{'date':10s} {'split':8s} {'KT':>3s} {'brief':>5s} {'lead-N':>6s} {'lead-k':>6s}  contested")
    for day in EVAL_DATES:
        text, bullets = split_takeaways(report_path(day).read_text(encoding="utf-8"))
        store = Store.open(window_db(day, args.cache, 3))
        brief = build_brief(store, day, day - dt.timedelta(days=1))
        store.engine.dispose()
        mine = [x.text for x in brief.takeaways]
        r_brief = rouge1_recall(mine, bullets)
        r_lead = rouge1_recall(lead_sentences(text, len(bullets)), bullets)
        r_lead_k = rouge1_recall(lead_sentences(text, len(mine)), bullets)
        split = "fit" if day.month in FIT_MONTHS else "held-out"
        rows.append((day, split, r_brief, r_lead, r_lead_k))
        print(f"{day} {split:8s} {len(bullets):3d} {r_brief:5.3f} {r_lead:6.3f} {r_lead_k:6.3f}  "
              f"{', '.join(p.place for p in brief.contested[:6]) or '-'}")
        audit.append(f"## {day} ({split})\n")
        for i, line in enumerate(brief.takeaways, 1):
            bad = problems(line)
            n_lines += 1
            n_bad += bool(bad)
            audit.append(f"{i}. [{line.kind}] {line.text}  — cites {line.claim_ids or 'the report'}"
                         + (f"\n   **CHECK FAILS: {'; '.join(bad)}**" if bad else ""))
            for s in line.sources[:3]:
                audit.append(f"   > {s}")
        for line in brief.changes + [x for xs in brief.sections.values() for x in xs if x.kind == "advance"]:
            bad = problems(line)
            n_templ += 1
            n_templ_bad += bool(bad)
            audit.append(f"- [templated {line.kind}] {line.text}" + (f" **CHECK FAILS: {bad}**" if bad else ""))
            for s in line.sources[:3]:
                audit.append(f"   > {s}")
        audit.append("")
    print()
    for split in ("fit", "held-out"):
        sel = [r for r in rows if r[1] == split]
        b, ln, lk = mean(r[2] for r in sel), mean(r[3] for r in sel), mean(r[4] for r in sel)
        print(f"{split:8s} ({len(sel)} dates): brief {b:.3f}  lead-N {ln:.3f}  lead-k {lk:.3f}  "
              f"brief - lead-N {b - ln:+.3f}")
    print(f"faithfulness (automatic check): {n_lines - n_bad}/{n_lines} takeaways pass "
          f"({100 * (n_lines - n_bad) / max(1, n_lines):.1f} %)")
    print(f"templated control lines (what changed, advances): {n_templ - n_templ_bad}/{n_templ} pass")
    if args.full_db:
        contested_scan(args.full_db)
    if args.audit:
        args.audit.write_text("\n".join(audit) + "\n", encoding="utf-8")
        print("audit list →", args.audit)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
