"""Running the pipeline on documents already read, in whichever process does the work (this one, a pool
worker or a Dask worker): the unit of work, its result, and the per-process pipeline."""

from __future__ import annotations

from frontscope.ingest.base import IngestError
from frontscope.model import Document
from frontscope.pipeline import Pipeline

_worker_pipeline: Pipeline | None = None


def _init_worker(stages: list[str]) -> None:
    global _worker_pipeline
    _worker_pipeline = Pipeline(stages)
    _worker_pipeline.warm_up()


def annotate(doc: Document, pipeline: Pipeline | None = None) -> Document | IngestError:
    """Run the pipeline on one read document; a stage bug becomes an error against the document."""
    pipe = pipeline or _worker_pipeline
    assert pipe is not None, "annotate needs a pipeline (or a worker initialised with one)"
    try:
        return pipe(doc)
    except Exception as e:  # a stage bug must not lose the batch; report it against the file
        return IngestError(doc.path or "?", f"pipeline failed: {type(e).__name__}: {e}")


# A unit of work is (input file, document); results come back as (input file, document or error).
Work = tuple[str, Document]
Result = tuple[str, Document | IngestError]


def annotate_work(work: Work, pipeline: Pipeline | None = None) -> Result:
    return work[0], annotate(work[1], pipeline)
