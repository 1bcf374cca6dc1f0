"""Batch ingestion: read files, run the pipeline in worker processes, store from one writer.

Workers load the pipeline's models once (process initializer) and send annotated documents back;
the main process is the only writer, storing each document in its own transaction.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from frontscope.ingest.readers import IngestError, expand_paths, read_file
from frontscope.model import Document
from frontscope.pipeline import Pipeline
from frontscope.store.db import Store


@dataclass
class IngestSummary:
    stored: int = 0
    duplicates: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)
    document_ids: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.failed == 0

    def line(self) -> str:
        return f"{self.stored} stored, {self.duplicates} skipped as duplicates, {self.failed} failed"


_worker_pipeline: Pipeline | None = None


def _init_worker(stages: list[str]) -> None:
    global _worker_pipeline
    _worker_pipeline = Pipeline(stages)
    _worker_pipeline.warm_up()


def process_file(path: str, published: dt.date | None, source: str | None,
                 pipeline: Pipeline | None = None) -> list[Document | IngestError]:
    """Read one file and run the pipeline on each of its documents."""
    pipe = pipeline or _worker_pipeline
    assert pipe is not None, "process_file needs a pipeline (or a worker initialised with one)"
    out: list[Document | IngestError] = []
    for item in read_file(Path(path), display=path, published=published, source=source):
        if isinstance(item, IngestError):
            out.append(item)
            continue
        try:
            out.append(pipe(item))
        except Exception as e:  # a stage bug must not lose the batch; report it against the file
            out.append(IngestError(item.path or path, f"pipeline failed: {type(e).__name__}: {e}"))
    return out


def _results(files: list[str], published: dt.date | None, source: str | None, stages: list[str],
             workers: int) -> Iterator[list[Document | IngestError]]:
    if workers <= 1 or len(files) <= 1:
        pipe = Pipeline(stages)
        for f in files:
            yield process_file(f, published, source, pipe)
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(stages,)) as pool:
        # Bounded look-ahead keeps memory flat on large batches while both workers stay busy.
        pending = []
        it = iter(files)
        for f in it:
            pending.append(pool.submit(process_file, f, published, source))
            if len(pending) >= workers * 4:
                break
        while pending:
            fut = pending.pop(0)
            yield fut.result()
            nxt = next(it, None)
            if nxt is not None:
                pending.append(pool.submit(process_file, nxt, published, source))


def ingest(paths: Iterable[str | Path], store: Store, *, published: dt.date | None = None,
           source: str | None = None, stages: Iterable[str] | None = None, workers: int | None = None,
           on_progress: Callable[[str, str], None] | None = None) -> IngestSummary:
    """Ingest files and folders into `store`; returns counts and one error line per failure.

    `on_progress(path, outcome)` is called once per input file (for progress bars).
    """
    files = [str(p) for p in expand_paths(list(paths))]
    stage_names = list(stages) if stages is not None else list(Pipeline().names)
    n_workers = workers if workers is not None else (os.cpu_count() or 1)
    summary = IngestSummary()
    for path, results in zip(files, _results(files, published, source, stage_names, n_workers), strict=True):
        outcome = "ok"
        for item in results:
            if isinstance(item, IngestError):
                summary.failed += 1
                summary.errors.append(str(item))
                store.record_failure(item.path if item.line is None else f"{item.path}:{item.line}", item.reason)
                outcome = "failed"
                continue
            res = store.save(item)
            if res.status == "stored":
                summary.stored += 1
                summary.document_ids.append(res.document_id)
            else:
                summary.duplicates += 1
        if on_progress:
            on_progress(path, outcome)
    return summary
