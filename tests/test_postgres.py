"""The same schema, migrations, ingest and control timeline on PostgreSQL.

Runs against the server `.ci/run` starts (FRONTSCOPE_TEST_PG, see tests/_pg.py): a fresh database per test.
"""

from __future__ import annotations

import datetime as dt

from _pg import fresh_pg_database
from frontscope.demo import sample_dir
from frontscope.ingest.runner import ingest
from frontscope.store.db import Store
from frontscope.views.control import change_rows, control_view


def test_demo_corpus_round_trips_through_postgres_and_matches_sqlite(tmp_path):
    with fresh_pg_database() as url:
        store = Store.open(url)
        summary = ingest([sample_dir()], store, workers=1)
        assert (summary.stored, summary.failed) == (3, 0)
        assert ingest([sample_dir()], store, workers=1).duplicates == 3
        stats = store.stats()
        assert stats["claims"] > 0 and stats["control_observations"] > 0
        view = control_view(Store.open(url, write=False), dt.date(2025, 12, 13))
        flips = {(c["name"], c["to"]) for c in change_rows(view, dt.date(2025, 12, 1), dt.date(2025, 12, 13))}
        assert ("Radkivka", "UA") in flips
        # The same corpus into SQLite: the same row count in every table.
        lite = Store.open(tmp_path / "same.db")
        ingest([sample_dir()], lite, workers=1)
        assert lite.stats() == stats
        store.engine.dispose()
