"""Storage safety: frontscope reads without writing, writes only to its own databases, says what is wrong in
one line, keeps one live version per document, skips stored texts before any NLP and survives kill -9."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import CliRunner

from _pg import ENGINES, fresh_database
from frontscope.cli.main import cli
from frontscope.demo import sample_dir
from frontscope.ingest import runner
from frontscope.ingest.runner import ingest
from frontscope.store import queries
from frontscope.store.db import Store
from frontscope.store.engine import head_revision

SRC = str(Path(__file__).resolve().parents[1] / "src")
CHEAP = ["endnotes", "segment", "claims"]  # stages that store claims and sources without loading models


def run(*args: str):
    res = CliRunner().invoke(cli, list(args))
    return res.exit_code, res.stdout, res.stderr


def assert_one_line_refusal(code: int, err: str, *words: str) -> None:
    assert code != 0
    assert "Traceback" not in err
    lines = [x for x in err.splitlines() if x.strip()]
    assert len(lines) == 1, err
    for w in words:
        assert w in lines[0], lines[0]


def _foreign_db(path: Path) -> None:
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("CREATE TABLE documents (id INTEGER PRIMARY KEY, body TEXT)")  # a clashing name too
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        conn.execute("INSERT INTO notes (body) VALUES ('keep me')")


def _schema_and_journal(path: Path) -> tuple[list, str]:
    with closing(sqlite3.connect(path)) as conn:
        return (conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall(),
                conn.execute("PRAGMA journal_mode").fetchone()[0])


# Whose database -----------------------------------------------------------------------------------------


def test_another_applications_sqlite_file_is_refused_and_left_untouched(tmp_path):
    other = tmp_path / "other.db"
    _foreign_db(other)
    before = _schema_and_journal(other)
    for args in (["stats"], ["claims"], ["docs"], ["ingest", str(sample_dir()), "--workers", "1"]):
        code, _, err = run(*args, "--db", str(other))
        assert_one_line_refusal(code, err, str(other), "not a frontscope database")
    assert _schema_and_journal(other) == before  # no table added, still journal_mode=delete
    assert not Path(f"{other}-wal").exists()


def test_a_creation_interrupted_by_an_older_frontscope_is_named_not_guessed(tmp_path):
    from sqlalchemy import create_engine, text

    from frontscope.store.schema import metadata

    broken = tmp_path / "broken.db"  # what a kill -9 during the old, non-atomic creation left behind
    engine = create_engine(f"sqlite:///{broken}")
    with engine.begin() as conn:
        metadata.create_all(conn, tables=[tb for tb in metadata.sorted_tables if tb.name != "frontscope_meta"])
        conn.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)"))
    engine.dispose()
    code, _, err = run("ingest", str(sample_dir()), "--workers", "1", "--db", str(broken))
    assert_one_line_refusal(code, err, "interrupted", "delete it")


def test_read_commands_never_create_a_database(tmp_path):
    typo = tmp_path / "wr.db"
    for cmd in ("stats", "claims", "docs", "failures", "places"):
        code, _, err = run(cmd, "--db", str(typo))
        assert_one_line_refusal(code, err, str(typo), "no such database")
    assert list(tmp_path.iterdir()) == []


def test_dev_null_and_non_databases_are_refused(tmp_path):
    text = tmp_path / "notes.db"
    text.write_text("these are my notes\n", encoding="utf-8")
    for db, why in (("/dev/null", "not a regular file"), (str(text), "not a SQLite database"),
                    (str(tmp_path), "not a regular file"), ("foo://x/y", "unknown database type"),
                    ("mysql://u@localhost/x", "driver is not installed")):
        for args in (["stats"], ["ingest", str(sample_dir()), "--workers", "1"]):
            code, _, err = run(*args, "--db", db)
            assert_one_line_refusal(code, err, why)
    assert not Path("/dev/null-journal").exists()
    assert text.read_text(encoding="utf-8") == "these are my notes\n"


@pytest.mark.parametrize("engine_name", ENGINES)
def test_a_newer_schema_revision_is_refused(engine_name, tmp_path):
    from sqlalchemy import text

    with fresh_database(engine_name, tmp_path) as db:
        store = Store.open(db)
        with store.engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = '9001'"))
        store.engine.dispose()
        for args in (["stats"], ["ingest", str(sample_dir()), "--workers", "1"]):
            code, _, err = run(*args, "--db", db)
            assert_one_line_refusal(code, err, "newer frontscope", "9001")


def test_read_commands_work_on_read_only_media(tmp_path):
    media = tmp_path / "media"
    media.mkdir()
    db = media / "war.db"
    writer = Store.open(db)
    ingest([sample_dir()], writer, workers=1, stages=CHEAP)
    writer.engine.dispose()  # the last connection closes: war.db-wal and war.db-shm go away
    assert _schema_and_journal(db)[1] == "wal"  # so a reader would normally need to create war.db-shm
    assert sorted(p.name for p in media.iterdir()) == ["war.db"]
    cmd = [sys.executable, "-m", "frontscope.cli.main", "stats", "--json", "--db", str(db)]
    if os.geteuid() == 0:  # root ignores permissions: mount the folder read-only in a private namespace
        if shutil.which("unshare") is None:
            pytest.skip("needs unshare(1) to mount a read-only folder as root")
        cmd = ["unshare", "-m", "sh", "-c", 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"',
               str(media), *cmd]
    else:
        media.chmod(0o555)
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": SRC},
                             timeout=60)
    finally:
        media.chmod(0o755)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["documents"] == 3
    assert sorted(p.name for p in media.iterdir()) == ["war.db"]


def test_a_full_disk_is_one_line_and_keeps_what_was_stored(tmp_path):
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        pytest.skip("needs root and unshare(1) to mount a tiny file system")
    from frontscope.ingest.runner import CHUNK_DOCS

    # Copies of the sample reports over several units of work (each unit's documents are committed together),
    # so that the disk fills up after some have been stored.
    reports = tmp_path / "reports"
    reports.mkdir()
    samples = sorted(sample_dir().glob("*.txt"))
    n = 3 * CHUNK_DOCS
    for i in range(n):
        sample = samples[i % len(samples)]
        (reports / f"{i:03d}_{sample.name}").write_text(f"Copy {i}.\n\n" + sample.read_text(encoding="utf-8"),
                                                         encoding="utf-8")
    disk = tmp_path / "disk"
    disk.mkdir()
    frontscope = f"{sys.executable} -m frontscope.cli.main"
    script = (f'mount -t tmpfs -o size=500k tmpfs "{disk}" && '
              f'{frontscope} ingest "{reports}" --db "{disk}/x.db" --workers 1 --stages endnotes,segment,claims; '
              f'echo "exit=$?" >&2; {frontscope} stats --json --db "{disk}/x.db"')
    out = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "PYTHONPATH": SRC})
    errors = [x for x in out.stderr.splitlines() if x.strip()]
    assert errors[-1] == "exit=2" and len(errors) == 2, out.stderr
    assert "database or disk is full" in errors[0] and str(disk / "x.db") in errors[0]
    assert "Traceback" not in out.stderr
    assert 1 <= json.loads(out.stdout)["documents"] < n  # the documents stored before the disk filled up


# Versions -----------------------------------------------------------------------------------------------


def _record(url: str | None, published: str, body: str, **extra: str) -> str:
    return json.dumps({"url": url, "published": published, "text": body, **extra}) + "\n"


BODY = ("Situation report (test fixture)\n\nThe Ukrainian General Staff reported on {d} that Russian forces "
        "attacked near Siversk.[1] A Russian milblogger claimed on {d} that Russian forces advanced near "
        "Bilohorivka.[2]{extra}\n\n[1] https://t.me/example/1\n[2] https://t.me/example/2\n")


@pytest.mark.parametrize("engine_name", ENGINES)
def test_one_live_version_per_document_ordered_by_publication_date(engine_name, tmp_path):
    newer = tmp_path / "newer.jsonl"
    older = tmp_path / "older.jsonl"
    url = "https://example.org/report-1"
    newer.write_text(_record(url, "2024-05-02", BODY.format(d="May 2", extra="")), encoding="utf-8")
    older.write_text(_record(url, "2024-05-01", BODY.format(d="May 1", extra=(
        " Ukrainian officials said that Russian forces shelled Kostiantynivka."))), encoding="utf-8")
    with fresh_database(engine_name, tmp_path) as db:
        store = Store.open(db)
        assert ingest([newer], store, workers=1, stages=CHEAP).stored == 1
        n_live = len(queries.claims(store))
        assert ingest([older], store, workers=1, stages=CHEAP).stored == 1  # the older text, ingested later
        assert store.stats()["claims"] > n_live  # both versions are stored ...
        assert len(queries.claims(store)) == n_live  # ... and only the newer one counts
        assert {c["published"] for c in queries.claims(store)} == {"2024-05-02"}
        live = store.documents()
        assert [(d["published"], d["version"]) for d in live] == [("2024-05-02", 2)]
        every = store.documents(all_versions=True)
        assert [(d["published"], d["live"]) for d in every] == [("2024-05-01", False), ("2024-05-02", True)]
        assert {s["name"]: s["claims"] for s in queries.sources(store)}.get("Ukrainian officials", 0) == 0
        store.engine.dispose()


def test_without_url_publisher_title_and_date_identify_a_document(tmp_path):
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    meta = {"publisher": "Example Wire", "title": "Front update"}
    a.write_text(_record(None, "2024-05-02", BODY.format(d="May 2", extra=""), **meta), encoding="utf-8")
    b.write_text(_record(None, "2024-05-02", BODY.format(d="May 2", extra=" Corrected."), **meta),
                 encoding="utf-8")
    store = Store.open(tmp_path / "v.db")
    ingest([a, b], store, workers=1, stages=CHEAP)
    rows = store.documents(all_versions=True)
    assert len(rows) == 2 and sum(r["live"] for r in rows) == 1


# Re-ingest, stages, failures, streaming -----------------------------------------------------------------


def test_stored_texts_are_skipped_before_any_nlp(tmp_path, monkeypatch):
    store = Store.open(tmp_path / "s.db")
    ingest([sample_dir()], store, workers=1, stages=CHEAP)

    def no_pipeline(*a, **k):
        raise AssertionError("the pipeline ran on a stored text")

    monkeypatch.setattr(runner, "Pipeline", no_pipeline)  # inline and the worker pool both build one
    summary = ingest([sample_dir()], store, workers=2, stages=CHEAP)
    assert (summary.stored, summary.duplicates, summary.failed) == (0, 3, 0)


def test_a_document_stored_with_fewer_stages_is_completed_later(tmp_path):
    store = Store.open(tmp_path / "s.db")
    first = ingest([sample_dir()], store, workers=1, stages=["endnotes", "segment"])
    assert first.stored == 3 and store.stats()["claims"] == 0
    second = ingest([sample_dir()], store, workers=1, stages=CHEAP)
    assert (second.stored, second.completed, second.duplicates) == (0, 3, 0)
    after = store.stats()
    assert after["documents"] == 3 and after["claims"] > 0
    assert after["endnotes"] == Store.open(tmp_path / "s.db").stats()["endnotes"]  # not doubled
    assert ingest([sample_dir()], store, workers=1, stages=CHEAP).duplicates == 3
    assert store.stats() == after
    assert {d["stages"] for d in store.documents()} == {",".join(CHEAP)}


def test_failures_are_not_recorded_twice_and_clear_once_the_file_is_good(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    bad = folder / "a-empty.txt"
    bad.write_text("", encoding="utf-8")
    (folder / "b.txt").write_text(BODY.format(d="May 3", extra=""), encoding="utf-8")
    store = Store.open(tmp_path / "f.db")
    seen_at: list[int] = []
    summary = ingest([folder], store, workers=1, stages=CHEAP,
                     on_error=lambda line: seen_at.append(store.stats()["documents"]))
    assert summary.failed == 1 and seen_at == [0]  # reported at once, before the next file was stored
    assert store.stats()["documents"] == 1
    ingest([folder], store, workers=1, stages=CHEAP)
    assert [f["path"] for f in store.failures()] == [str(bad)]  # the same failure again: still one row
    bad.write_text(BODY.format(d="May 4", extra=""), encoding="utf-8")
    assert ingest([folder], store, workers=1, stages=CHEAP).stored == 1
    assert store.failures() == []


# Crash safety -------------------------------------------------------------------------------------------

CHILD = """
import sys
from frontscope.store.db import Store
from frontscope.ingest.runner import ingest
print("ready", flush=True)
ingest([sys.argv[2]], Store.open(sys.argv[1]), workers=1, stages=["endnotes", "segment", "claims"])
"""


@pytest.mark.parametrize("engine_name", ENGINES)
def test_killed_first_runs_leave_a_database_the_next_run_completes(engine_name, tmp_path):
    rng = random.Random(17)
    env = {**os.environ, "PYTHONPATH": SRC}
    with fresh_database(engine_name, tmp_path) as db:
        for _ in range(4):  # kill -9 at random points of creating the schema and storing the first documents
            child = subprocess.Popen([sys.executable, "-c", CHILD, db, str(sample_dir())], env=env,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
            assert child.stdout.readline().strip() == b"ready"
            time.sleep(rng.uniform(0.0, 0.25))
            child.send_signal(signal.SIGKILL)
            child.wait()
        store = Store.open(db)
        summary = ingest([sample_dir()], store, workers=1, stages=CHEAP)
        assert summary.failed == 0 and summary.stored + summary.duplicates == 3
        stats = store.stats()
        with store.engine.connect() as conn:
            from sqlalchemy import text

            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
        store.engine.dispose()
    reference = Store.open(tmp_path / "reference.db")
    ingest([sample_dir()], reference, workers=1, stages=CHEAP)
    assert stats == reference.stats()
