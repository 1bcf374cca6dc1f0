"""Schema migrations keep stored data on both engines; the store answers its basic queries."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, inspect, text

from _pg import ENGINES, fresh_database
from frontscope.store.db import MIGRATIONS, Store, db_url
from frontscope.store.engine import head_revision, revisions

DOC = ("INSERT INTO documents (content_hash, url, published, text, version, ingested_at) "
       "VALUES (:h, :url, :published, :text, :version, '2022-06-25 10:00:00')")


def _build_at(url: str, revision: str) -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    engine = create_engine(db_url(url))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
    engine.dispose()


@pytest.mark.parametrize("engine_name", ENGINES)
def test_database_of_an_older_revision_upgrades_to_head(engine_name, tmp_path):
    previous = "0003"  # before versions (0004) and languages (0005): both upgrades run on stored rows
    assert previous in revisions()
    with fresh_database(engine_name, tmp_path) as db:
        _build_at(db, previous)
        engine = create_engine(db_url(db))
        with engine.begin() as conn:  # the newer text was stored first, the older one later (same URL)
            conn.execute(text(DOC), {"h": "b" * 64, "url": "https://example.org/r", "published": "2022-06-26",
                                     "text": "Russian forces attacked Bakhmut again.", "version": 1})
            conn.execute(text(DOC), {"h": "a" * 64, "url": "https://example.org/r", "published": "2022-06-25",
                                     "text": "Russian forces attacked Bakhmut.", "version": 2})
            assert "live" not in {c["name"] for c in inspect(conn).get_columns("documents")}
        engine.dispose()
        store = Store.open(db)  # upgrades to the newest revision
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
            assert "language" in {c["name"] for c in inspect(conn).get_columns("documents")}
        rows = {r["published"]: r for r in store.documents(all_versions=True)}
        assert rows["2022-06-26"]["live"] and not rows["2022-06-25"]["live"]  # by date, not by ingest order
        assert (rows["2022-06-25"]["version"], rows["2022-06-26"]["version"]) == (1, 2)
        assert [d["published"] for d in store.documents()] == ["2022-06-26"]
        assert rows["2022-06-25"]["n_chars"] is None  # old rows kept as they were
        store.engine.dispose()
        assert Store.open(db, write=False).stats()["documents"] == 2


def test_db_url_accepts_paths_and_urls(monkeypatch, tmp_path):
    assert db_url(tmp_path / "x.db") == f"sqlite:///{tmp_path / 'x.db'}"
    assert db_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert db_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"
    monkeypatch.setenv("FRONTSCOPE_DB", str(tmp_path / "env.db"))
    assert db_url(None).endswith("env.db")


def test_save_many_commits_together_and_a_failure_keeps_the_documents_before_it(tmp_path):
    import datetime as dt

    from frontscope.model import Document
    from frontscope.pipeline import Pipeline

    pipe = Pipeline(["segment"])
    texts = [f"Report {i}.\n\nRussian forces attacked near Bakhmut on June {i + 1}." for i in range(4)]
    docs = [pipe(Document(text=t, path=f"r{i}.txt", published=dt.date(2022, 6, i + 1))) for i, t in enumerate(texts)]
    store = Store.open(tmp_path / "s.db")
    results = store.save_many([(d, None) for d in docs[:2]])
    assert [r.status for r in results] == ["stored", "stored"] and store.stats()["documents"] == 2
    assert [r.status for r in store.save_many([(docs[0], None), (docs[2], None)])] == ["duplicate", "stored"]
    broken = pipe(Document(text="Report 9.\n\nRussian forces attacked near Bakhmut.", path="r9.txt"))
    broken.published = "June 9"  # a caller's slip: a string where a date belongs
    with pytest.raises(Exception, match="only accepts Python date objects"):
        store.save_many([(docs[3], None), (broken, None)])
    # The pair was rolled back together, then saved one by one: the document before the slip is kept.
    assert store.stats()["documents"] == 4
