"""Time the daily brief (Markdown + HTML with the embedded map) on a database of the 247 ISW reports.

    frontscope ingest /work/shared/data/reports/isw --db /tmp/isw.db   # once, ~40 s
    python benchmarks/bench_brief.py --db /tmp/isw.db --date 2022-09-11 --since 2022-09-06

Budget: ≤ 5 s for one date. Baseline in the same run: the cost of merely reading the period's stored
rows (claims + control observations + events), which any brief has to pay.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

from frontscope.brief.daily import build_brief
from frontscope.render.products import render_brief_map
from frontscope.render.text import to_html, to_markdown
from frontscope.store import queries
from frontscope.store.db import Store

BUDGET_S = 5.0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default="/tmp/isw.db")
    ap.add_argument("--date", type=dt.date.fromisoformat, default=dt.date(2022, 9, 11))
    ap.add_argument("--since", type=dt.date.fromisoformat, default=dt.date(2022, 9, 6))
    args = ap.parse_args()
    if not Path(args.db).exists():
        print(f"no database at {args.db}: run `frontscope ingest /work/shared/data/reports/isw --db {args.db}`")
        return 2
    store = Store.open(args.db)

    t0 = time.perf_counter()
    queries.claims(store, since=args.since, until=args.date)
    queries.control_observations(store)
    queries.events(store, since=args.since, until=args.date)
    t_read = time.perf_counter() - t0

    t0 = time.perf_counter()
    brief = build_brief(store, args.date, args.since)
    t_build = time.perf_counter() - t0
    t0 = time.perf_counter()
    md = to_markdown(brief)
    t_md = time.perf_counter() - t0
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        png = Path(tmp) / "map.png"
        render_brief_map(store, brief, png)
        page = to_html(brief, png.read_bytes())
    t_html = time.perf_counter() - t0
    total = t_build + t_md + t_html

    print(f"brief {args.date} (since {args.since}): {brief.n_documents} reports, {len(brief.takeaways)} takeaways, "
          f"{len(brief.claims)}/{brief.n_claims_total} claims cited, md {len(md) / 1e3:.0f} kB, "
          f"html {len(page) / 1e3:.0f} kB")
    print(f"  baseline: read the period's rows      {t_read:6.2f} s")
    print(f"  build_brief (rank, headings, merge)   {t_build:6.2f} s")
    print(f"  markdown                              {t_md:6.2f} s")
    print(f"  html + map (control view + drawing)   {t_html:6.2f} s")
    print(f"  total md + html                       {total:6.2f} s  (budget {BUDGET_S:.0f} s, "
          f"{'OK' if total <= BUDGET_S else 'OVER'})")
    return 0 if total <= BUDGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
