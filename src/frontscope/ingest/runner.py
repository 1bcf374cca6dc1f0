"""Batch ingestion: read and hash in the main process, run the pipeline on workers, store from one writer.

The main process reads each file and hashes its documents, asks the store which hashes it already holds
(with which stages), and sends only the new or incomplete documents to the pipeline, so a re-run over
stored files costs a read and a hash per file, no NLP. The pipeline runs in local worker processes
(`workers`, a few documents per unit of work: see `chunked`) or on a Dask cluster (`dask`, see
`ingest.dask_backend`); annotated documents stream back as they finish and the main process, the only
writer, stores each unit's documents in one transaction (each alone if that fails, see `Store.save_many`).
Every failure is reported through `on_error` the moment it is found, and recorded in `ingest_failures`.
"""

from __future__ import annotations

import datetime as dt
import gc
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from frontscope.ingest.annotate import (  # noqa: F401
    GC_YOUNG,
    Annotated,
    Result,
    Work,
    _init_worker,
    annotate,
    annotate_chunk,
    annotate_work,
)
from frontscope.ingest.readers import IngestError, expand_paths, printable, read_file
from frontscope.model import Document
from frontscope.pipeline import Config, Pipeline, default_stages, merge_config, resolve
from frontscope.store.db import Store

READ_CHUNK = 64  # files read and hash-checked per store query
T = TypeVar("T")
R = TypeVar("R")


@dataclass
class IngestSummary:
    stored: int = 0
    duplicates: int = 0
    completed: int = 0  # stored earlier with fewer stages, now annotated by the full pipeline
    failed: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # stored, but with a doubt (e.g. an uncertain encoding)
    document_ids: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.failed == 0

    def line(self) -> str:
        done = f", {self.completed} completed with more stages" if self.completed else ""
        return f"{self.stored} stored{done}, {self.duplicates} skipped as duplicates, {self.failed} failed"


def process_file(path: str, published: dt.date | None, source: str | None,
                 pipeline: Pipeline | None = None) -> list[Document | IngestError]:
    """Read one file and run the pipeline on each of its documents (no store involved)."""
    return [item if isinstance(item, IngestError) else annotate(item, pipeline)
            for item in read_file(Path(path), display=path, published=published, source=source)]


def extract(paths: Iterable[str], *, published: dt.date | None = None, source: str | None = None,
            stages: Iterable[str] | None = None, config: Config | None = None,
            on_error: Callable[[str], None] | None = None,
            on_warning: Callable[[str], None] | None = None) -> Iterator[tuple[str, Document]]:
    """Read and annotate files without a store (`frontscope extract`): yields (path as given, document) for
    each document read, in input order. A file that cannot be read or a document a stage fails on goes to
    `on_error` as one line, and the other files go on, as in `ingest`."""
    pipe = Pipeline(stages, config)
    for path in paths:
        for item in process_file(path, published, source, pipe):
            if isinstance(item, IngestError):
                if on_error:
                    on_error(str(item))
                continue
            for w in item.warnings:
                if on_warning:
                    on_warning(f"{printable(item.path or path)}: {w}")
            yield path, item


# Backends: map documents through the pipeline, yielding each unit of work's results as it finishes ------


def _inline(works: Iterator[Work], stages: list[str], config: Config | None = None) -> Iterator[list[Result]]:
    pipe = None
    for chunk in chunked(works):
        if pipe is None:  # models load once, before the first document's time budget starts
            pipe = Pipeline(stages, config)
            pipe.warm_up()
        yield annotate_chunk(chunk, pipe)


def _process_pool(works: Iterator[Work], stages: list[str], workers: int,
                  config: Config | None = None) -> Iterator[list[Result]]:
    first = next(works, None)
    if first is None:  # nothing to annotate: do not start workers (and load models) for nothing
        return
    ctx = _fork_context()
    if ctx is None:  # every worker loads the models itself
        pool = ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(stages, config))
    else:
        # Load the models once, here, and fork the workers from this process: they inherit the gazetteer,
        # the matchers and spaCy instead of each building them (a worker's start-up costs several CPU
        # seconds). Freezing moves the loaded objects out of the collector's reach, so neither process
        # walks them again and their memory pages stay shared between the workers.
        _init_worker(stages, config)
        gc.freeze()
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx)
    try:
        with pool:
            yield from bounded(lambda c: pool.submit(annotate_chunk, c), chunked(prepend(first, works)), workers * 2)
    finally:
        if ctx is not None:
            gc.unfreeze()


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect the young generation every GC_YOUNG allocations instead of every 700 while the block runs
    (workers forked inside it inherit the setting; `_init_worker` sets it in spawned ones)."""
    old = gc.get_threshold()
    gc.set_threshold(GC_YOUNG, old[1], old[2])
    try:
        yield
    finally:
        gc.set_threshold(*old)


def _fork_context() -> multiprocessing.context.BaseContext | None:
    """The "fork" start method where it is safe: on Linux, from a process with no other thread running (a
    fork copies only the calling thread; a lock another thread holds would stay locked in the child).
    macOS lacks a safe fork (system libraries), Windows any fork."""
    if not sys.platform.startswith("linux") or "fork" not in multiprocessing.get_all_start_methods():
        return None
    if threading.current_thread() is not threading.main_thread() or threading.active_count() > 1:
        return None
    return multiprocessing.get_context("fork")


def prepend(first: Work, rest: Iterator[Work]) -> Iterator[Work]:
    yield first
    yield from rest


# A unit of work sent to a worker is a few documents: together, the claims stage parses the sentences that need
# the parser in one batch (a report has two or three; over the 247 ISW reports, chunks of 8 cut the parser's
# CPU from 1.8 to 1.5 s, chunks of 16 to 1.4 s), and the writer commits them in one transaction. Small
# enough that both workers stay busy to the end of a batch, where the small files are.
CHUNK_DOCS = 8
CHUNK_CHARS = 150_000


def chunked(works: Iterator[Work], max_docs: int = CHUNK_DOCS, max_chars: int = CHUNK_CHARS) -> Iterator[list[Work]]:
    """Consecutive units of work in lists of at most `max_docs` documents and `max_chars` characters (a
    longer document goes alone)."""
    chunk: list[Work] = []
    size = 0
    for w in works:
        n = len(w[1].text)
        if chunk and (len(chunk) >= max_docs or size + n > max_chars):
            yield chunk
            chunk, size = [], 0
        chunk.append(w)
        size += n
    if chunk:
        yield chunk


def bounded(submit: Callable[[T], Future[R]], works: Iterator[T], window: int) -> Iterator[R]:
    """Keep at most `window` units in flight (flat memory on large batches), yield in finishing order."""
    pending: set[Future] = set()
    for w in works:
        pending.add(submit(w))
        if len(pending) >= window:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                yield fut.result()
    while pending:
        done, pending = wait(pending, return_when=FIRST_COMPLETED)
        for fut in done:
            yield fut.result()


# The batch --------------------------------------------------------------------------------------------


@dataclass
class _Batch:
    """Bookkeeping of one ingest run in the main process."""

    store: Store
    summary: IngestSummary
    stages: set[str]
    on_progress: Callable[[str, str], None] | None
    on_error: Callable[[str], None] | None
    on_warning: Callable[[str], None] | None = None
    open_docs: dict[str, int] = field(default_factory=dict)  # file → documents still in the pipeline
    outcome: dict[str, str] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)  # hashes met in this run
    failed_before: set[str] = field(default_factory=set)  # paths with rows in ingest_failures

    def error(self, path: str, err: IngestError) -> None:
        self.summary.failed += 1
        self.summary.errors.append(str(err))
        if self.on_error:
            self.on_error(str(err))
        self.store.record_failure(err.path if err.line is None else f"{err.path}:{err.line}", err.reason)
        self.outcome[path] = "failed"

    def file_done(self, path: str) -> None:
        if self.outcome.get(path, "ok") == "ok" and path in self.failed_before:
            self.store.clear_failures([path])
            self.failed_before.discard(path)
        if self.on_progress:
            self.on_progress(path, self.outcome.get(path, "ok"))

    def read(self, files: list[str], published: dt.date | None, source: str | None) -> Iterator[Work]:
        """Read and hash every file; yield only documents the store lacks (or holds with fewer stages)."""
        for i in range(0, len(files), READ_CHUNK):
            chunk = files[i:i + READ_CHUNK]
            items = {f: read_file(Path(f), display=f, published=published, source=source) for f in chunk}
            known = self.store.known(it.content_hash for its in items.values() for it in its
                                     if isinstance(it, Document))
            for f, its in items.items():
                todo = []
                for it in its:
                    if isinstance(it, IngestError):
                        self.error(f, it)
                        continue
                    h = it.content_hash
                    if h in self.seen or (h in known and self.stages <= known[h][1]):
                        self.summary.duplicates += 1
                        continue
                    self.seen.add(h)
                    it.path = it.path or f
                    todo.append(it)
                if not todo:
                    self.file_done(f)
                    continue
                self.open_docs[f] = len(todo)
                for it in todo:
                    yield f, it

    def store_results(self, results: list[Result]) -> None:
        """Store the documents of one unit of work in one transaction; report its failures one by one."""
        annotated = [(path, item) for path, item in results if isinstance(item, Annotated)]
        for path, item in annotated:
            for w in item.doc.warnings:  # stored all the same: say so once, the moment it is known
                line = f"{printable(path)}: {w}"
                self.summary.warnings.append(line)
                if self.on_warning:
                    self.on_warning(line)
        saved = iter(self.store.save_many([(item.doc, item.rows) for _, item in annotated]))
        for path, item in results:
            if isinstance(item, IngestError):
                self.error(path, item)
            else:
                res = next(saved)
                if res.status == "stored":
                    self.summary.stored += 1
                    self.summary.document_ids.append(res.document_id)
                elif res.status == "completed":
                    self.summary.completed += 1
                else:
                    self.summary.duplicates += 1
            self.open_docs[path] -= 1
            if self.open_docs[path] == 0:
                del self.open_docs[path]
                self.file_done(path)


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0  # reported when read


def ingest(paths: Iterable[str | Path], store: Store, *, published: dt.date | None = None,
           source: str | None = None, stages: Iterable[str] | None = None, workers: int | None = None,
           dask: str | None = None, on_progress: Callable[[str, str], None] | None = None,
           on_error: Callable[[str], None] | None = None,
           on_warning: Callable[[str], None] | None = None, config: Config | None = None) -> IngestSummary:
    """Ingest files and folders into `store`; returns counts and one error line per failure.

    `dask` is `local`, `local:N` or a scheduler address (`tcp://host:8786`); otherwise `workers` local
    processes (default: number of cores). `on_progress(path, outcome)` is called once per input file,
    `on_error(line)` once per failure as soon as it is found, `on_warning(line)` once per document stored
    with a doubt (an uncertain encoding). `config` sets stages' settings ({"claims": {"default_said_on": ...}});
    the stages and the config are checked (StageError) before any file is read.
    """
    files = [str(p) for p in expand_paths(list(paths))]
    # Checked here, not by building a Pipeline: the main process only reads, hashes and stores.
    stage_names = resolve(stages) if stages is not None else resolve(default_stages())
    merge_config(stage_names, config)
    n_workers = workers if workers is not None else (os.cpu_count() or 1)
    if n_workers > 1 and not dask:
        # Largest files first: the last documents in flight then are small, and no worker is left alone on a
        # long report at the end of the batch (results are stored in finishing order in any case).
        files.sort(key=_size, reverse=True)
    batch = _Batch(store, IngestSummary(), set(stage_names), on_progress, on_error, on_warning,
                   failed_before={f["path"] for f in store.failures()})
    works = batch.read(files, published, source)
    results: Iterator[list[Result]]
    if dask:
        from frontscope.ingest.dask_backend import dask_results

        results = ([r] for r in dask_results(works, stage_names, dask, config))
    elif n_workers <= 1:
        results = _inline(works, stage_names, config)
    else:
        results = _process_pool(works, stage_names, n_workers, config)
    with fewer_collections():
        for group in results:
            batch.store_results(group)
    return batch.summary
