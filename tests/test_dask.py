"""`ingest --dask local:N` stores exactly what a local `--workers` run stores (one Dask worker here, to keep
the test short: the path is the same for any N; benchmarks/bench_scale.py runs local:2)."""

from __future__ import annotations

import datetime as dt

import pytest

from frontscope.demo import sample_dir
from frontscope.ingest.dask_backend import parse_target
from frontscope.ingest.runner import ingest
from frontscope.store import queries
from frontscope.store.db import Store

pytest.importorskip("distributed")


def _content(store: Store) -> tuple[dict, list, list, list]:
    return (store.stats(), sorted(c["text"] for c in queries.claims(store)),
            sorted((o["place_text"], o["change"], o["status"]) for o in queries.control_observations(store)),
            sorted((e["event_type"], e["text"]) for e in queries.events(store)))


def test_dask_ingest_matches_a_local_workers_run(tmp_path):
    local = Store.open(tmp_path / "local.db")
    assert ingest([sample_dir()], local, workers=1).stored == 3
    on_dask = Store.open(tmp_path / "dask.db")
    summary = ingest([sample_dir()], on_dask, dask="local:1")  # bench_scale runs local:2
    assert (summary.stored, summary.failed) == (3, 0)
    assert _content(on_dask) == _content(local)
    assert _content(local)[0]["claims"] > 0
    # Stored texts are skipped before any work is sent to a cluster (none is even started).
    again = ingest([sample_dir()], on_dask, dask="tcp://127.0.0.1:1")
    assert (again.stored, again.duplicates) == (0, 3)


def test_dask_targets_are_checked():
    assert parse_target("local") == ("local", None)
    assert parse_target("local:3") == ("local", 3)
    assert parse_target("tcp://10.0.0.5:8786") == ("tcp://10.0.0.5:8786", None)
    for bad in ("local:0", "local:x", "10.0.0.5:8786"):
        with pytest.raises(ValueError):
            parse_target(bad)


def test_stage_settings_reach_dask_workers(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text("The Ukrainian General Staff reported that Russian forces conducted a ground assault near "
                      "Bakhmut.[1]\n\n[1] https://t.me/example_gs/1\n", encoding="utf-8")
    store = Store.open(tmp_path / "d.db")
    summary = ingest([report], store, dask="local:1", stages=["claims"], published=dt.date(2022, 9, 11),
                     config={"claims": {"default_said_on": "day_before"}})
    assert (summary.stored, summary.failed) == (1, 0)
    assert [c["said_on"] for c in queries.claims(store)] == ["2022-09-10"]
