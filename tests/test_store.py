"""Schema migrations keep stored data; the store answers its basic queries."""

from __future__ import annotations

import sqlite3

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine

from frontscope.store.db import MIGRATIONS, Store


def test_upgrade_from_first_revision_keeps_documents(tmp_path):
    db = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{db}")
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO documents (content_hash, text, version, ingested_at) "
                     "VALUES ('abc', 'Russian forces attacked Bakhmut.', 1, '2022-06-25 10:00:00')")
        cols = [r[1] for r in conn.execute("PRAGMA table_info(control_observations)")]
    assert "source_side" not in cols
    store = Store.open(db)  # migrates to the newest revision
    with sqlite3.connect(db) as conn:
        cols = [r[1] for r in conn.execute("PRAGMA table_info(control_observations)")]
        version = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    assert {"actor_side", "source_side", "source_kind"} <= set(cols)
    assert version == "0003"
    assert store.stats()["documents"] == 1
    assert store.documents()[0]["n_chars"] is None  # old row kept as it was


def test_db_url_accepts_paths_and_urls(monkeypatch, tmp_path):
    from frontscope.store.db import db_url

    assert db_url(tmp_path / "x.db") == f"sqlite:///{tmp_path / 'x.db'}"
    assert db_url("postgresql://u@h/db") == "postgresql://u@h/db"
    monkeypatch.setenv("FRONTSCOPE_DB", str(tmp_path / "env.db"))
    assert db_url(None).endswith("env.db")
