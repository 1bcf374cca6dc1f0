"""How ingest scales: N× the dev reports through `--workers` and `--dask local:N`, then query times.

    python benchmarks/bench_scale.py ../shared/data/reports/isw --multiple 10 --workers 2
    python benchmarks/bench_scale.py ../shared/data/reports/isw --limit 40 --multiple 3   # a quick run

The larger corpus is built in a temporary folder (never in the repository) from date-shifted copies: copy k
of every report has each year 20xx in its text and file name moved k×4 years later (and "(copy k)" after its
first line), so every copy is a new text with new dates. For each backend it ingests the 1× corpus and the
N× corpus into fresh SQLite files and prints documents/s, the start-up overhead (time to the first stored document), the largest resident set
of a worker and the throughput ratio N× / 1× (1.0 = linear). Then it times `control --as-of` and the daily
brief on the N× database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import shutil
import tempfile
import threading
import time
from pathlib import Path

import psutil

from frontscope.ingest.readers import expand_paths
from frontscope.ingest.runner import ingest
from frontscope.store.db import Store

YEAR = re.compile(r"\b(20[12]\d)\b")


def build_corpus(src: Path, out: Path, multiple: int, limit: int | None) -> list[Path]:
    files = expand_paths([src])[:limit]  # the reports (index files and the like are not inputs)
    out.mkdir(parents=True)
    made = []
    for k in range(multiple):
        for f in files:
            def shift(m: re.Match, k: int = k) -> str:
                return str(int(m.group(1)) + 4 * k)
            target = out / YEAR.sub(shift, f.name).replace(".", f"-copy{k}.", 1)
            body = YEAR.sub(shift, f.read_text(encoding="utf-8", errors="replace"))
            if k:  # a report that names no year would otherwise be the same text (a duplicate) in every copy
                body = body.replace("\n", f" (copy {k})\n", 1)
            target.write_text(body, encoding="utf-8")
            made.append(target)
    return made


class WorkerMemory:
    """Samples the resident set of every child process (pool or Dask workers) while a run goes on."""

    def __init__(self) -> None:
        self.peak: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            for p in me.children(recursive=True):
                try:
                    self.peak[p.pid] = max(self.peak.get(p.pid, 0), p.memory_info().rss)
                except psutil.Error:
                    pass
            self._stop.wait(0.5)

    def __enter__(self) -> WorkerMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def largest_mb(self) -> float:
        # Worker processes hold the models (hundreds of MB); helper processes (semaphore trackers,
        # the Dask nanny) stay small, so the largest is the per-worker figure.
        return max(self.peak.values(), default=0) / 2**20


def run(files: list[Path], db: Path, backend: dict) -> dict:
    store = Store.open(db)
    first: list[float] = []
    t0 = time.perf_counter()
    with WorkerMemory() as mem:
        summary = ingest(files, store, on_progress=lambda p, o: first or first.append(time.perf_counter()),
                         **backend)
    wall = time.perf_counter() - t0
    store.engine.dispose()
    overhead = (first[0] - t0) if first else wall
    steady = max(wall - overhead, 1e-9)
    return {"docs": summary.stored, "failed": summary.failed, "wall": wall, "overhead": overhead,
            "docs_per_s": summary.stored / wall, "steady_docs_per_s": max(summary.stored - 1, 0) / steady,
            "worker_mb": mem.largest_mb()}


def query_times(db: Path) -> dict:
    """Wall and CPU seconds of what `control --as-of` and `brief` compute, on the last stored date."""
    from frontscope.brief.daily import build_brief
    from frontscope.views.control import control_view

    store = Store.open(db, write=False)
    last = max(dt.date.fromisoformat(d["published"]) for d in store.documents() if d["published"])
    out = {}
    for name, fn in (("control --as-of", lambda: control_view(store, last)), ("brief", lambda: build_brief(store, last))):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        out[name] = (time.perf_counter() - t0, time.process_time() - c0)
    return out


def print_query_times(db: Path) -> None:
    n = Store.open(db, write=False).stats()["documents"]
    for k, (wall, cpu) in query_times(db).items():
        print(f"on the {n}-document database: {k} {wall:.2f} s wall, {cpu:.2f} s CPU")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", nargs="?", default="../shared/data/reports/isw")
    ap.add_argument("--multiple", type=int, default=10)
    ap.add_argument("--limit", type=int, default=None, help="use only the first N reports")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--backends", default="workers,dask", help="workers, dask or both")
    ap.add_argument("--keep-db", default=None, help="copy the N× database here (outside the repository)")
    ap.add_argument("--queries", default=None, metavar="DB", help="only time the queries on this database")
    args = ap.parse_args()
    if args.queries:
        print_query_times(Path(args.queries))
        return
    backends = {"workers": {"workers": args.workers}, "dask": {"dask": f"local:{args.workers}"}}
    with tempfile.TemporaryDirectory() as tmp:
        base = build_corpus(Path(args.folder), Path(tmp) / "x1", 1, args.limit)
        big = build_corpus(Path(args.folder), Path(tmp) / f"x{args.multiple}", args.multiple, args.limit)
        print(f"corpus: {len(base)} documents (1x) and {len(big)} ({args.multiple}x), built in {tmp}")
        big_db = None
        for name in args.backends.split(","):
            r1 = run(base, Path(tmp) / f"{name}-1.db", backends[name])
            rn = run(big, Path(tmp) / f"{name}-n.db", backends[name])
            big_db = big_db or Path(tmp) / f"{name}-n.db"
            label = f"--workers {args.workers}" if name == "workers" else f"--dask local:{args.workers}"
            for tag, r in (("1x", r1), (f"{args.multiple}x", rn)):
                print(f"{label:16} {tag:>4}: {r['docs']} docs in {r['wall']:.1f} s = {r['docs_per_s']:.2f} docs/s "
                      f"(steady {r['steady_docs_per_s']:.2f}), start-up {r['overhead']:.1f} s, "
                      f"largest worker {r['worker_mb']:.0f} MB, failed {r['failed']}")
            print(f"{label:16} throughput ratio {args.multiple}x/1x: "
                  f"{rn['steady_docs_per_s'] / max(r1['steady_docs_per_s'], 1e-9):.2f} (steady), "
                  f"{rn['docs_per_s'] / max(r1['docs_per_s'], 1e-9):.2f} (overall)")
            per_worker = rn["steady_docs_per_s"] / args.workers
            print(f"{label:16} per worker {per_worker:.2f} docs/s → 16 workers ≈ {16 * per_worker:.1f} docs/s "
                  f"≈ {16 * per_worker * 3600:.0f} docs/hour (if the single writer keeps up)")
        if big_db is not None and args.keep_db:
            shutil.copyfile(big_db, args.keep_db)
        if big_db is not None:
            print_query_times(big_db)

if __name__ == "__main__":
    main()
