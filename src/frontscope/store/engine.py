"""Opening a database safely: the URL, the engine, ownership checks and the serialised migration.

Rules this module enforces (each refusal is a `StoreError`, one line naming the database):
- a read never creates, migrates or changes a file: SQLite opens with `mode=ro` (falling back to
  `immutable=1` on read-only media, where WAL's `-shm` cannot be created), and a missing path is refused;
- frontscope only writes to databases it created: SQLite files carry `PRAGMA application_id`, and both
  engines carry the `frontscope_meta` table; a database with other tables and neither mark is refused;
- a revision newer than this frontscope knows is refused, never "downgraded" or written to;
- the migration runs in ONE transaction (SQLite and PostgreSQL both have transactional DDL), including
  `alembic_version`, under a lock (SQLite `BEGIN IMMEDIATE`, PostgreSQL `pg_advisory_xact_lock`), and the
  revision is re-read after the lock is taken, so two first runs cannot both create the schema and an
  interrupted run leaves the database exactly as before.
"""

from __future__ import annotations

import os
import random
import sqlite3
import stat
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event, inspect, make_url, text
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError

DEFAULT_DB = "frontscope.db"
MIGRATIONS = Path(__file__).parent / "migrations"
APPLICATION_ID = 0x46534350  # "FSCP" in the SQLite header: marks a frontscope database
META_TABLE = "frontscope_meta"
_PG_LOCK_KEY = 0x46534350  # pg_advisory_xact_lock key of the migration
_SQLITE_MAGIC = b"SQLite format 3\x00"
# How long a writer keeps retrying a busy database (SQLite lock held elsewhere, PostgreSQL deadlock).
BUSY_PATIENCE_S = 600.0
T = TypeVar("T")


class StoreError(Exception):
    """A database problem explained in one line (shown to the user without a traceback)."""


def db_url(db: str | os.PathLike | None = None) -> str:
    """`--db` value → SQLAlchemy URL. Plain paths are SQLite files; `postgresql://` uses psycopg 3."""
    db = db or os.environ.get("FRONTSCOPE_DB") or DEFAULT_DB
    db = str(db)
    if "://" not in db:
        return f"sqlite:///{Path(db).expanduser()}"
    for plain in ("postgresql://", "postgres://"):
        if db.startswith(plain):
            return "postgresql+psycopg://" + db[len(plain):]
    return db


def display_name(url: str) -> str:
    """The database as shown in messages: the file path, or the URL without its password."""
    try:
        u = make_url(url)
    except ArgumentError:
        return url
    if u.get_backend_name() == "sqlite":
        return u.database or ":memory:"
    return u.render_as_string(hide_password=True)


def revisions() -> list[str]:
    """Known Alembic revisions, oldest first (file names start with the revision)."""
    return sorted(p.stem.split("_")[0] for p in (MIGRATIONS / "versions").glob("[0-9]*.py"))


def head_revision() -> str:
    return revisions()[-1]


def first_line(e: BaseException) -> str:
    """The useful first line of a driver error (without SQLAlchemy's SQL echo and links)."""
    orig = getattr(e, "orig", None) or e
    msg = str(orig).strip().splitlines()
    return msg[0] if msg else type(orig).__name__


# Engines -------------------------------------------------------------------------------------------


def _sqlite_file_check(path: str, *, write: bool) -> None:
    """Refuse paths that are not (or cannot become) a SQLite database, before SQLite touches them."""
    if path in ("", ":memory:"):
        return
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if not write:
            raise StoreError(f"{path}: no such database (read commands never create one; "
                             "check the --db path, or ingest into it first)") from None
        parent = Path(path).parent
        if not parent.is_dir():
            raise StoreError(f"{path}: the folder {parent} does not exist") from None
        return
    except OSError as e:
        raise StoreError(f"{path}: cannot open: {e.strerror or e}") from None
    if not stat.S_ISREG(st.st_mode):
        raise StoreError(f"{path}: not a regular file, so not a database")
    if st.st_size == 0:
        if not write:
            raise StoreError(f"{path}: empty file, not a frontscope database")
        return
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except OSError as e:
        raise StoreError(f"{path}: cannot read: {e.strerror or e}") from None
    if head != _SQLITE_MAGIC:
        raise StoreError(f"{path}: not a SQLite database")


def _sqlite_ro_creator(path: str) -> Any:
    """Read-only connections; on read-only media (no `-shm` possible) fall back to `immutable=1`."""
    uri = "file:" + urllib.parse.quote(os.path.abspath(path))

    def connect() -> sqlite3.Connection:
        conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, check_same_thread=False)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return conn
        except sqlite3.OperationalError:
            conn.close()
            if os.access(os.path.dirname(os.path.abspath(path)), os.W_OK):
                raise
        return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, check_same_thread=False)

    return connect


def _sqlite_events(engine: Engine, *, write: bool) -> None:
    """Real transactions on SQLite: pysqlite's own BEGIN handling leaves DDL outside transactions, so we
    switch it off and emit BEGIN ourselves (IMMEDIATE for writers: the write lock is taken up front, so two
    writers queue on busy_timeout instead of failing when a read transaction tries to become a write one)."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA busy_timeout=5000")
        if write:
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def make_engine(url: str, *, write: bool) -> Engine:
    """An engine for `url`, refusing (StoreError) files and URLs that cannot be a database."""
    name = display_name(url)
    try:
        u = make_url(url)
    except ArgumentError:
        raise StoreError(f"{url}: not a database path or URL") from None
    backend = u.get_backend_name()
    if backend == "sqlite":
        path = u.database or ""
        _sqlite_file_check(path, write=write)
        if write or path in ("", ":memory:"):
            engine = create_engine(u)
        else:
            engine = create_engine("sqlite://", creator=_sqlite_ro_creator(path))
        _sqlite_events(engine, write=write)
        return engine
    # Readers get read-only sessions on PostgreSQL too: a read command cannot write even by mistake.
    connect_args = {} if write or backend != "postgresql" else {"options": "-c default_transaction_read_only=on"}
    try:
        return create_engine(u, pool_pre_ping=True, connect_args=connect_args)
    except NoSuchModuleError:
        raise StoreError(f"{name}: unknown database type {u.drivername!r} (use a file path or postgresql://...)") \
            from None
    except ModuleNotFoundError as e:
        hint = " (pip install 'frontscope[pg]')" if backend == "postgresql" else ""
        raise StoreError(f"{name}: the database driver is not installed: {e.name}{hint}") from None


# Ownership and revision ----------------------------------------------------------------------------


def _current_revision(conn: Connection) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _ownership(conn: Connection, name: str) -> str | None:
    """The frontscope revision of the database on `conn`: None when empty (ours to create);
    StoreError when it belongs to another application or to a newer frontscope."""
    tables = set(inspect(conn).get_table_names())
    marked = META_TABLE in tables
    if conn.dialect.name == "sqlite":
        marked = marked or conn.exec_driver_sql("PRAGMA application_id").scalar() == APPLICATION_ID
    revision = _current_revision(conn) if "alembic_version" in tables else None
    if not tables:
        return None
    # Databases written before the mark existed: our alembic revision and our documents table.
    legacy = revision in revisions() and "documents" in tables
    ours = {"alembic_version", "documents", "endnote_markers", "control_observations", "mentions"}
    if revision is None and ours <= tables:  # what only the old, non-atomic creation left behind
        raise StoreError(f"{name}: its schema creation (by an older frontscope) was interrupted and never "
                         "recorded; it holds nothing: delete it and ingest again")
    if not (marked or legacy):
        raise StoreError(f"{name}: not a frontscope database (it has other tables: "
                         f"{', '.join(sorted(tables)[:5])}{' ...' if len(tables) > 5 else ''}); refusing to touch it")
    if revision is not None and revision not in revisions():
        raise StoreError(f"{name}: written by a newer frontscope (schema revision {revision}; this one knows up "
                         f"to {head_revision()}): upgrade frontscope")
    if revision is None:  # marked but no revision table: nothing frontscope itself leaves behind
        raise StoreError(f"{name}: frontscope database without a schema revision; refusing to guess")
    return revision


def _upgrade(conn: Connection) -> None:
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, "head")


def check_readable(engine: Engine, name: str) -> str:
    """Ownership and revision of a database opened for reading; returns its revision."""
    try:
        with engine.connect() as conn:
            revision = _ownership(conn, name)
    except DBAPIError as e:
        raise StoreError(f"{name}: {first_line(e)}") from None
    if revision is None:
        raise StoreError(f"{name}: empty database, nothing stored yet")
    return revision


def retryable(e: DBAPIError) -> bool:
    """Lock contention that waiting cures: SQLite busy/locked, PostgreSQL deadlock/serialisation/lock timeout."""
    if getattr(e.orig, "sqlstate", None) in ("40P01", "40001", "55P03"):
        return True
    msg = str(e.orig).lower()
    return isinstance(e, OperationalError) and ("database is locked" in msg or "database is busy" in msg)


def with_retry(fn: Callable[[], T], name: str, patience_s: float = BUSY_PATIENCE_S) -> T:
    """Run `fn`, retrying with backoff while the database is busy; other errors become one-line StoreErrors."""
    deadline = time.monotonic() + patience_s
    pause = 0.05
    while True:
        try:
            return fn()
        except DBAPIError as e:
            if retryable(e) and time.monotonic() < deadline:
                time.sleep(pause * (1 + random.random()))
                pause = min(pause * 2, 2.0)
                continue
            raise StoreError(f"{name}: {first_line(e)}") from None


def prepare_for_writing(engine: Engine, name: str) -> None:
    """Check ownership, then create or upgrade the schema in one locked transaction (waiting while another
    process holds the lock)."""
    with_retry(lambda: _prepare(engine, name), name)


def _prepare(engine: Engine, name: str) -> None:
    try:
        with engine.connect() as conn:  # cheap check without the lock: the common case is "current"
            current = _ownership(conn, name) == head_revision()
            conn.rollback()
        if not current:
            with engine.begin() as conn:  # SQLite: BEGIN IMMEDIATE (see _sqlite_events)
                if conn.dialect.name == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
                if _ownership(conn, name) != head_revision():  # re-read: another process may have just done it
                    _upgrade(conn)
                if conn.dialect.name == "sqlite":
                    conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
        if engine.dialect.name == "sqlite":
            with engine.connect() as conn:  # outside a transaction: journal_mode cannot change inside one
                raw = conn.connection.dbapi_connection
                if raw.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    raw.execute("PRAGMA journal_mode=WAL")  # readers never block the writer
    except sqlite3.Error as e:  # from the raw connection above
        if isinstance(e, sqlite3.OperationalError) and ("locked" in str(e).lower() or "busy" in str(e).lower()):
            raise OperationalError("PRAGMA journal_mode", None, e) from e  # another process's lock: wait (with_retry)
        raise StoreError(f"{name}: {first_line(e)}") from None
