"""Two `frontscope ingest` processes on one database (SQLite and PostgreSQL): both finish cleanly and the
content is what one sequential run stores; a reader during an ingest never sees half a document."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from _pg import ENGINES, fresh_database
from frontscope.ingest.runner import ingest
from frontscope.store import queries
from frontscope.store.db import Store, StoreError

SRC = str(Path(__file__).resolve().parents[1] / "src")
STAGES = "endnotes,segment,claims"
PLACES = ["Siversk", "Bilohorivka", "Kupyansk", "Lyman", "Toretsk", "Pokrovsk", "Kurakhove", "Vuhledar"]
SPEAKERS = ["The Ukrainian General Staff reported", "A Russian milblogger claimed", "Ukrainian officials said",
            "The Russian Ministry of Defense claimed"]


def _corpus(folder: Path, n: int = 16) -> list[Path]:
    """Small assessment-style texts written for this test, each one different."""
    folder.mkdir()
    files = []
    for i in range(n):
        lines = [f"Front update {i} (test fixture), June {1 + i % 28}, 2024", ""]
        for j in range(6):
            who, where = SPEAKERS[(i + j) % 4], PLACES[(i * 3 + j) % 8]
            lines.append(f"{who} on June {1 + i % 28} that Russian forces attacked near {where}.[{j + 1}]")
        lines += [""] + [f"[{j + 1}] https://t.me/example_{i}/{j}" for j in range(6)]
        f = folder / f"2024-06-{1 + i % 28:02d}-update-{i:02d}.txt"
        f.write_text("\n".join(lines) + "\n", encoding="utf-8")
        files.append(f)
    return files


def _ingest_process(db: str, files: list[Path]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "frontscope.cli.main", "ingest", *map(str, files), "--db", db, "--workers", "1",
         "--stages", STAGES], env={**os.environ, "PYTHONPATH": SRC}, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)


def _reference(files: list[Path], tmp_path: Path) -> dict[str, int]:
    store = Store.open(tmp_path / "sequential.db")
    ingest(files, store, workers=1, stages=STAGES.split(","))
    return store.stats()


def _finish(*procs: subprocess.Popen) -> None:
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        assert "Traceback" not in err and "locked" not in err, err


@pytest.mark.parametrize("engine_name", ENGINES)
def test_two_ingests_of_the_same_files_on_a_new_database(engine_name, tmp_path):
    files = _corpus(tmp_path / "in")
    with fresh_database(engine_name, tmp_path) as db:
        a, b = _ingest_process(db, files), _ingest_process(db, files)  # both find no schema yet
        _finish(a, b)
        got = Store.open(db, write=False).stats()
    assert got == _reference(files, tmp_path)


@pytest.mark.parametrize("engine_name", ENGINES)
def test_overlapping_halves_with_a_reader_during_the_ingest(engine_name, tmp_path):
    files = _corpus(tmp_path / "in")
    with fresh_database(engine_name, tmp_path) as db:
        a, b = _ingest_process(db, files[:11]), _ingest_process(db, files[5:])
        snapshots = []
        while a.poll() is None or b.poll() is None:
            try:
                reader = Store.open(db, write=False)
            except StoreError:  # not created yet
                time.sleep(0.05)
                continue
            claims = queries.claims(reader)
            docs = reader.documents()
            snapshots.append((docs, claims))
            reader.engine.dispose()
        _finish(a, b)
        final = Store.open(db, write=False)
        got = final.stats()
        per_doc_final = _claims_per_doc(queries.claims(final))
        final.engine.dispose()
    assert got == _reference(files, tmp_path)
    assert len(snapshots) >= 2
    for docs, claims in snapshots:  # every document a reader saw was complete
        per_doc = _claims_per_doc(claims)
        assert {d["id"] for d in docs} >= set(per_doc)
        for doc_id, n in per_doc.items():
            assert n == per_doc_final[doc_id]


def _claims_per_doc(claims: list[dict]) -> dict[int, int]:
    out: dict[int, int] = {}
    for c in claims:
        out[c["document_id"]] = out.get(c["document_id"], 0) + 1
    return out


def test_a_writer_holding_the_sqlite_lock_longer_than_busy_timeout_only_delays_an_ingest(tmp_path):
    import sqlite3
    import threading

    files = _corpus(tmp_path / "in", n=4)
    db = tmp_path / "held.db"
    Store.open(db).engine.dispose()  # an existing frontscope database
    holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the lock longer than busy_timeout (5 s)
    release = threading.Timer(6, lambda: (holder.execute("ROLLBACK"), holder.close()))
    release.start()
    t0 = time.monotonic()
    summary = ingest(files, Store.open(db), workers=1, stages=STAGES.split(","))  # opening waits for it
    release.join()
    assert time.monotonic() - t0 >= 6
    assert (summary.stored, summary.failed) == (4, 0)


def test_a_writers_read_waits_out_another_writers_lock(tmp_path):
    # On SQLite a writer's transactions begin IMMEDIATE, reads included: the hash check of a second ingest into the
    # same file meets the first one's write lock. Held longer than SQLite's own 5 s wait, it must still wait, not
    # end the ingest with "database is locked".
    import sqlite3
    import threading

    store = Store.open(tmp_path / "fs.db")
    other = sqlite3.connect(tmp_path / "fs.db", isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    released = threading.Timer(6.0, lambda: other.execute("COMMIT"))
    released.start()
    try:
        assert store.known(["no-such-hash"]) == {}
        assert store.stats()["documents"] == 0
    finally:
        released.join()
        other.close()
