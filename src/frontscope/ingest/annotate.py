"""Running the pipeline on documents already read, in whichever process does the work (this one, a pool
worker or a Dask worker): the unit of work, its result, and the per-process pipeline."""

from __future__ import annotations

import copy
import dataclasses
import gc
import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from frontscope.ingest.base import IngestError
from frontscope.model import Document
from frontscope.pipeline import Config, Pipeline
from frontscope.records import Rows, compact_rows

# Seconds one document may take through the pipeline before it is recorded as a failure instead of holding
# up the batch. Every stage is linear (~12-14 CPU s per MB of dense prose; a daily report takes well under a
# second), so this admits texts of several MB and stops a hostile 20 MiB one well before three minutes.
# FRONTSCOPE_DOC_BUDGET overrides it; 0 switches it off.
DOC_BUDGET_S = 120.0


class DocumentTimeout(BaseException):
    """Raised by the timer in the middle of a stage; a BaseException, so that no stage's `except Exception`
    (a lenient date parser, an optional reader) can swallow it."""


def _budget() -> float:
    try:
        return float(os.environ.get("FRONTSCOPE_DOC_BUDGET", DOC_BUDGET_S))
    except ValueError:
        return DOC_BUDGET_S


def _on_alarm(signum: int, frame: object) -> None:
    raise DocumentTimeout

# Allocations between two young-generation collections in a batch (Python's default is 700). A document allocates
# a few hundred thousand short-lived objects and hardly any cycles: at 700 the collector walked the young objects
# several hundred times per report (~2% of the pipeline's CPU, and half the main process's time to unpickle a
# result). Memory stays flat: a collection still runs every few documents.
GC_YOUNG = 10_000
_worker_pipeline: Pipeline | None = None


def _init_worker(stages: list[str], config: Config | None = None) -> None:
    global _worker_pipeline
    gc.set_threshold(GC_YOUNG, *gc.get_threshold()[1:])
    _worker_pipeline = Pipeline(stages, config)
    _worker_pipeline.warm_up()


def annotate(doc: Document, pipeline: Pipeline | None = None) -> Document | IngestError:
    """Run the pipeline on one read document; a stage bug becomes an error against the document."""
    pipe = pipeline or _worker_pipeline
    assert pipe is not None, "annotate needs a pipeline (or a worker initialised with one)"
    budget = _budget()
    try:
        return _annotate(doc, pipe, budget)
    except DocumentTimeout:  # a repeat alarm that landed while the first one was being handled
        return _timed_out(doc, budget)


def _timed_out(doc: Document, budget: float) -> IngestError:
    return IngestError(doc.path or "?", f"took longer than {budget:g} s to read ({len(doc.text):,} characters); "
                                        "skipped (FRONTSCOPE_DOC_BUDGET sets the limit)")


def _annotate(doc: Document, pipe: Pipeline, budget: float) -> Document | IngestError:
    try:
        with _time_limit(budget):
            return pipe(doc)
    except DocumentTimeout:
        return _timed_out(doc, budget)
    except Exception as e:  # a stage bug must not lose the batch; report it against the file
        return IngestError(doc.path or "?", f"pipeline failed: {type(e).__name__}: {e}")


@contextmanager
def _time_limit(budget: float) -> Iterator[None]:
    """Raise DocumentTimeout in the block after `budget` seconds (0: no limit). A timer signal can only
    interrupt the main thread (process-pool workers and inline runs; Dask worker threads run without one)."""
    timed = budget > 0 and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGALRM, _on_alarm) if timed else None
    try:
        if timed:
            # Repeating: an alarm that lands in a finaliser or a weakref callback (the garbage collector's) is
            # reported and dropped by Python ("Exception ignored in ..."); the next one stops the document.
            signal.setitimer(signal.ITIMER_REAL, budget, budget)
        yield
    finally:
        if timed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


@dataclass
class Annotated:
    """A document the pipeline has annotated, as it goes back to the writer: the document without its annotation
    objects, and their rows (`records.compact_rows`), which are what the store writes and pickle in half the time."""

    doc: Document
    rows: dict[str, Rows]


# A unit of work is (input file, document); results come back as (input file, annotated document or error).
Work = tuple[str, Document]
Result = tuple[str, Annotated | IngestError]


def annotate_work(work: Work, pipeline: Pipeline | None = None) -> Result:
    """Annotate one unit of work for sending back to the writer (see `Annotated`); the stages' per-document
    caches (attributes outside the Document's fields, such as the voices of each sentence) stay behind."""
    item = annotate(work[1], pipeline)
    if isinstance(item, IngestError):
        return work[0], item
    return work[0], _annotated(item)


def _annotated(doc: Document) -> Annotated:
    rows = compact_rows(doc)
    for key in [k for k in doc.__dict__ if k not in _DOCUMENT_FIELDS]:
        del doc.__dict__[key]
    doc.places, doc.claims, doc.control, doc.events = [], [], [], []
    return Annotated(doc, rows)


def annotate_chunk(works: list[Work], pipeline: Pipeline | None = None) -> list[Result]:
    """Annotate several units of work together (`Pipeline.pipe`: the claims stage parses all their sentences
    in one batch), with the same results as `annotate_work` on each. If any document fails, or the chunk
    outlasts one document's time budget, each is annotated again alone from a clean copy, so that the failure
    is reported against its own file and the others are stored as usual."""
    pipe = pipeline or _worker_pipeline
    assert pipe is not None, "annotate_chunk needs a pipeline (or a worker initialised with one)"
    if len(works) == 1:
        return [annotate_work(works[0], pipe)]
    docs = [copy.deepcopy(doc) for _, doc in works]  # the originals stay clean for a retry
    try:
        with _time_limit(_budget()):
            pipe.pipe(docs)
    except (DocumentTimeout, Exception):
        return [annotate_work(w, pipe) for w in works]
    return [(path, _annotated(doc)) for (path, _), doc in zip(works, docs, strict=True)]


_DOCUMENT_FIELDS = frozenset(f.name for f in dataclasses.fields(Document))
