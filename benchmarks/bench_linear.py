"""Is the whole pipeline linear in input size on hostile text? One line, no newline, no full stop.

    python benchmarks/bench_linear.py              # 1, 2, 4, 8 MB
    python benchmarks/bench_linear.py --mb 1 2     # other sizes
    python benchmarks/bench_linear.py --stages places,claims   # the stages up to these only

Prints wall and CPU time per size (wall per stage), the longest sentence the segmenter let through, and
the ratio of CPU time per MB between the largest and the smallest size (1.0 = perfectly linear; a
quadratic stage would show ~8 at 8 MB vs 1 MB). CPU time is the figure to compare on a shared machine.
"""

from __future__ import annotations

import argparse
import time

from frontscope.model import Document
from frontscope.pipeline import Pipeline, load_stage

# Prose-like words with place names, sources and clause punctuation but never a sentence end.
WORDS = ("Russian forces attacked near Kupyansk and Ukrainian forces repelled them while the General Staff "
         "reported that artillery struck Izyum, Balakliia and Lyman on September 9 according to a milblogger "
         "who claimed that units advanced toward Bakhmut; ").split(" ")


SHAPES = {"'.'": ".", "'!?'": "!?", "' \\n'": " \n", "'Word. '": "Word. ", "'.[1]'": ".[1]"}


def one_line(n_bytes: int) -> str:
    parts, size, i = [], 0, 0
    while size < n_bytes:
        w = WORDS[i % len(WORDS)]
        parts.append(w)
        size += len(w) + 1
        i += 1
    return " ".join(parts)[:n_bytes]


def run(mb: float, pipe: Pipeline) -> tuple[float, float, dict[str, float], int]:
    """(wall s, CPU s, wall s per stage, longest sentence) for `mb` MB of one-line text."""
    doc = Document(text=one_line(int(mb * 1_000_000)))
    per_stage: dict[str, float] = {}
    t0, c0 = time.perf_counter(), time.process_time()
    for name in pipe.names:
        fn = load_stage(name)
        s = time.perf_counter()
        fn(doc)
        per_stage[name] = time.perf_counter() - s
    longest = max((s.end - s.start for s in doc.sentences), default=0)
    return time.perf_counter() - t0, time.process_time() - c0, per_stage, longest


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, nargs="+", default=[1, 2, 4, 8])
    ap.add_argument("--stages", default=None, help="comma-separated stages (default: all), e.g. places,claims")
    args = ap.parse_args()
    pipe = Pipeline(args.stages.split(",") if args.stages else None)
    pipe.warm_up()
    times = []
    for mb in args.mb:
        wall, cpu, stages, longest = run(mb, pipe)
        times.append((mb, wall, cpu))
        detail = "  ".join(f"{k} {v:.1f}s" for k, v in stages.items())
        print(f"{mb:g} MB: wall {wall:.1f} s, CPU {cpu:.1f} s ({cpu / mb:.1f} CPU s/MB); longest sentence "
              f"{longest} chars   {detail}", flush=True)
    (m0, _, c0), (m1, _, c1) = times[0], times[-1]
    print(f"CPU time per MB at {m1:g} MB / at {m0:g} MB: {(c1 / m1) / (c0 / m0):.2f} (1.0 = linear)")
    # Shapes that made the segmenter's regular expressions rescan (quadratic before the fix).
    for name, unit in SHAPES.items():
        doc = Document(text=(unit * (1_000_000 // len(unit)))[:1_000_000] + "x")
        c = time.process_time()
        for stage in ("endnotes", "segment"):
            load_stage(stage)(doc)
        print(f"segmenter, 1 MB of {name}: {time.process_time() - c:.2f} CPU s, {len(doc.sentences)} sentences")


if __name__ == "__main__":
    main()
