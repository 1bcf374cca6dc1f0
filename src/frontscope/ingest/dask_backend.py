"""The pipeline on a Dask cluster: `frontscope ingest ... --dask local:4` or `--dask tcp://host:8786`.

The main process has already read, hashed and de-duplicated the documents; here each one goes to a Dask
worker, where a worker plugin has loaded the gazetteer and spaCy once, and the annotated document comes
back as soon as it is done (`as_completed`), to be stored by the single writer. A bounded number of
documents is in flight, so memory stays flat however large the batch. Remote workers need frontscope (and
its data files) installed in the same version: `pip install 'frontscope[dask]'` on every machine.
"""

from __future__ import annotations

from collections.abc import Iterator

from frontscope.ingest.annotate import Result, Work, annotate_work
from frontscope.pipeline import Config, Pipeline

try:  # Dask is an optional extra; without it only the error message below is reachable
    from distributed.diagnostics.plugin import WorkerPlugin
except ImportError:  # pragma: no cover
    WorkerPlugin = object  # type: ignore[assignment,misc]

PER_WORKER_IN_FLIGHT = 4


class ClusterError(Exception):
    """The Dask cluster cannot be used (not installed, scheduler unreachable); one line for the user."""


class PipelinePlugin(WorkerPlugin):
    """Dask worker plugin: one warmed-up pipeline per worker process, kept for every task it runs."""

    name = "frontscope-pipeline"

    def __init__(self, stages: list[str], config: Config | None = None) -> None:
        self.stages = list(stages)
        self.config = config

    def setup(self, worker: object) -> None:
        pipe = Pipeline(self.stages, self.config)
        pipe.warm_up()
        worker.frontscope_pipelines = {tuple(self.stages): pipe}  # type: ignore[attr-defined]

    def teardown(self, worker: object) -> None:
        worker.__dict__.pop("frontscope_pipelines", None)


def run_on_worker(work: Work, stages: tuple[str, ...], config: Config | None = None) -> Result:
    """The Dask task: annotate one document with the worker's pipeline (built if the plugin did not)."""
    from distributed import get_worker

    worker = get_worker()
    pipes = worker.__dict__.setdefault("frontscope_pipelines", {})
    pipe = pipes.get(stages) or pipes.setdefault(stages, Pipeline(list(stages), config))
    return annotate_work(work, pipe)


def parse_target(target: str) -> tuple[str, int | None]:
    """`local`, `local:N` → ("local", N); anything else is a scheduler address."""
    if target == "local" or target.startswith("local:"):
        n = target.partition(":")[2]
        if n and not (n.isdigit() and int(n) > 0):
            raise ValueError(f"--dask {target!r}: the number of local workers must be a positive integer")
        return "local", int(n) if n else None
    if "://" not in target:
        raise ValueError(f"--dask {target!r}: use local, local:N or a scheduler address such as tcp://host:8786")
    return target, None


def dask_results(works: Iterator[Work], stages: list[str], target: str,
                 config: Config | None = None) -> Iterator[Result]:
    """Annotate `works` on a Dask cluster, yielding (file, document or error) as each finishes."""
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise ClusterError("--dask needs Dask: pip install 'frontscope[dask]'") from None
    address, n_local = parse_target(target)
    first = next(works, None)
    if first is None:  # nothing to annotate: no cluster needed
        return
    cluster = None
    if address == "local":
        cluster = LocalCluster(n_workers=n_local or 1, threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=40)
        client = Client(cluster)
    else:
        try:
            client = Client(address, timeout="30s")
        except OSError as e:
            raise ClusterError(f"--dask {address}: cannot reach the Dask scheduler ({e})") from None
    try:
        client.register_plugin(PipelinePlugin(stages, config))
        n_workers = max(1, len(client.scheduler_info()["workers"]))
        window = n_workers * PER_WORKER_IN_FLIGHT
        key = tuple(stages)
        pending = as_completed()
        in_flight = 0
        for w in _prepend(first, works):
            pending.add(client.submit(run_on_worker, w, key, config, pure=False))
            in_flight += 1
            if in_flight >= window:
                fut = next(pending)
                in_flight -= 1
                yield fut.result()
                fut.release()
        for fut in pending:
            yield fut.result()
            fut.release()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _prepend(first: Work, rest: Iterator[Work]) -> Iterator[Work]:
    yield first
    yield from rest
