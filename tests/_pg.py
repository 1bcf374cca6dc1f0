"""PostgreSQL for the tests: a fresh database per test on the server named by FRONTSCOPE_TEST_PG.

`.ci/run` starts a throw-away server (`.ci/start-postgres.sh`) and exports the URL; locally, source that
script once. Without it the PostgreSQL variants skip, except in CI (CI=true), where they fail: CI must
test PostgreSQL for real.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

PG_URL = os.environ.get("FRONTSCOPE_TEST_PG")
ENGINES = ["sqlite", "postgresql"]


def require_pg() -> str:
    if PG_URL:
        return PG_URL
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail("CI is set but FRONTSCOPE_TEST_PG is not: .ci/run must start PostgreSQL (.ci/start-postgres.sh)")
    pytest.skip("no PostgreSQL: source .ci/start-postgres.sh (or set FRONTSCOPE_TEST_PG) to run this variant")


@contextmanager
def fresh_pg_database() -> Iterator[str]:
    """A new empty database on the test server, dropped afterwards; yields its URL."""
    from sqlalchemy import create_engine, make_url, text

    base = make_url(require_pg())
    name = f"fs_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def fresh_database(engine: str, tmp_path: Path, name: str = "fs.db") -> Iterator[str]:
    """A `--db` value for a new database of `engine` ("sqlite": a file path that does not exist yet)."""
    if engine == "sqlite":
        yield str(tmp_path / name)
    else:
        with fresh_pg_database() as url:
            yield url
