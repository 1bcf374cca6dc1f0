"""The same schema and migrations on PostgreSQL.

Opt-in: set FRONTSCOPE_TEST_PG to a SQLAlchemy URL of an empty database you can drop tables in, e.g.
`postgresql+psycopg://user:pass@127.0.0.1/frontscope_test` (needs `pip install -e ".[pg]"`).
"""

from __future__ import annotations

import datetime as dt
import os

import pytest

PG_URL = os.environ.get("FRONTSCOPE_TEST_PG")
pytestmark = pytest.mark.skipif(not PG_URL, reason="set FRONTSCOPE_TEST_PG to run against PostgreSQL")


def test_demo_corpus_round_trips_through_postgres():
    from sqlalchemy import create_engine, text

    from frontscope.control.store_view import change_rows, control_view
    from frontscope.demo import sample_dir
    from frontscope.ingest.runner import ingest
    from frontscope.store.db import Store
    from frontscope.store.schema import metadata

    engine = create_engine(PG_URL)
    with engine.begin() as conn:  # start from an empty database
        metadata.drop_all(conn)
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    store = Store.open(PG_URL)
    summary = ingest([sample_dir()], store, workers=1)
    assert (summary.stored, summary.failed) == (3, 0)
    assert ingest([sample_dir()], store, workers=1).duplicates == 3
    stats = store.stats()
    assert stats["claims"] > 0 and stats["control_observations"] > 0
    view = control_view(store, dt.date(2025, 12, 13))
    flips = {(c["name"], c["to"]) for c in change_rows(view, dt.date(2025, 12, 1), dt.date(2025, 12, 13))}
    assert ("Radkivka", "UA") in flips
