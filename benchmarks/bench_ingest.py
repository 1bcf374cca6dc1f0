"""Ingest a folder of reports into a fresh database and print time, peak memory and endnote figures.

    python benchmarks/bench_ingest.py ../shared/data/reports/isw [--stages segment] [--workers 2]

Peak memory is the largest resident set of this process and of its worker processes (ru_maxrss).
"""

from __future__ import annotations

import argparse
import json
import resource
import sqlite3
import tempfile
import time
from pathlib import Path

from frontscope.ingest.runner import ingest
from frontscope.store.db import Store


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", nargs="?", default="../shared/data/reports/isw")
    ap.add_argument("--stages", default=None, help="comma-separated stages (default: all)")
    ap.add_argument("--workers", type=int, default=None)
    args = ap.parse_args()
    stages = args.stages.split(",") if args.stages else None

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        store = Store.open(db)
        t0, c0 = time.perf_counter(), time.process_time()
        summary = ingest([args.folder], store, stages=stages, workers=args.workers)
        wall, cpu_main = time.perf_counter() - t0, time.process_time() - c0
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        peak_child = children.ru_maxrss / 1024
        with sqlite3.connect(db) as conn:
            n_docs = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
            n_notes = conn.execute("SELECT count(*) FROM endnotes").fetchone()[0]
            n_urls = sum(len(json.loads(u)) for (u,) in conn.execute("SELECT urls FROM endnotes"))
            n_groups = conn.execute("SELECT count(*) FROM endnote_markers").fetchone()[0]
            cited: list[tuple[int, int]] = []
            for doc_id, nums in conn.execute("SELECT document_id, numbers FROM endnote_markers"):
                cited += [(doc_id, n) for n in json.loads(nums)]
            listed = set(conn.execute("SELECT document_id, number FROM endnotes").fetchall())
            counts = dict(conn.execute("SELECT 'claims', count(*) FROM claims UNION ALL "
                                       "SELECT 'mentions', count(*) FROM mentions UNION ALL "
                                       "SELECT 'control', count(*) FROM control_observations UNION ALL "
                                       "SELECT 'events', count(*) FROM events").fetchall())
    missing = [c for c in cited if c not in listed]
    print(f"documents stored        {n_docs} ({summary.line()})")
    print(f"endnote markers         {len(cited)} numbers in {n_groups} marker groups")
    print(f"endnotes listed         {n_notes} with {n_urls} URLs")
    print(f"markers with no endnote {len(missing)} ({len(missing) / max(len(cited), 1):.1%})")
    print(f"annotations             {counts}")
    print(f"wall time               {wall:.1f} s (main-process CPU {cpu_main:.1f} s, workers' CPU "
          f"{children.ru_utime + children.ru_stime:.1f} s)")
    print(f"peak RSS                main {peak_self:.0f} MB, largest worker {peak_child:.0f} MB")


if __name__ == "__main__":
    main()
