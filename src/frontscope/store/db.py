"""The store: writing documents with all their annotations, and the basic listings.

SQLite is the default (`frontscope.db`, `--db FILE`, or `FRONTSCOPE_DB`); a `postgresql://` URL works the
same way. `Store.open(db, write=...)` decides what may happen to the database (see `store.engine`). Each
document is written in one transaction, so an interrupted run leaves either the whole document or nothing,
and re-running resumes. Concurrent writers are safe: the content hash is unique in the database and the
insert is insert-or-skip, so a writer that loses a race records a duplicate; lock waits are retried.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from operator import itemgetter
from typing import Any, TypeVar

from sqlalchemy import JSON, Connection, Engine, bindparam, delete, func, insert, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError

from frontscope.model import Document
from frontscope.records import Rows, compact_rows
from frontscope.store import schema as t
from frontscope.store.engine import (
    DEFAULT_DB,
    MIGRATIONS,
    StoreError,
    check_readable,
    db_url,
    display_name,
    head_revision,
    make_engine,
    prepare_for_writing,
    with_retry,
)
from frontscope.store.versions import identity_of, relink

__all__ = ["DEFAULT_DB", "MIGRATIONS", "SaveResult", "Store", "StoreError", "db_url", "migrate"]

T = TypeVar("T")
# Annotation tables that hang off a document, children first (deleted in this order to re-annotate).
ANNOTATION_TABLES = ("events", "control_observations", "claims", "mentions", "endnote_markers", "endnotes",
                     "sentences")


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision (a no-op when it is current)."""
    prepare_for_writing(engine, display_name(str(engine.url)))


@dataclass
class SaveResult:
    status: str  # "stored" | "duplicate" | "completed" (annotations redone with more stages)
    document_id: int
    version: int = 1


class Store:
    """The database: `Store.open(db, write=True)` then `save(doc)`, `stats()`, `documents()`..."""

    def __init__(self, engine: Engine, *, write: bool = True, name: str | None = None) -> None:
        self.engine = engine
        self.write = write
        self.name = name or display_name(str(engine.url))
        self._insert_plans: dict[tuple[str, tuple[str, ...], str], tuple[str, list[Any]]] = {}  # see _plan
        # Rows this store has seen committed: sources (name -> id) and places (geonameid). Neither table is ever
        # deleted from, so a document's sources and places need a query only for names and ids new to this
        # process (filled after each commit, so a rolled-back transaction leaves nothing behind).
        self._source_ids: dict[str, int] = {}
        self._place_ids: set[int] = set()

    @classmethod
    def open(cls, db: str | os.PathLike | None = None, *, write: bool = True) -> Store:
        """Open `db` for writing (created and migrated when needed) or for reading only.

        A read never creates or changes anything: a missing SQLite file, another application's database
        or a newer schema is a `StoreError`. A frontscope database at an older revision is upgraded first
        (that write is ours to make), then reopened read-only.
        """
        url = db_url(db)
        name = display_name(url)
        if write:
            engine = make_engine(url, write=True)
            prepare_for_writing(engine, name)
            return cls(engine, write=True, name=name)
        engine = make_engine(url, write=False)
        if check_readable(engine, name) != head_revision():
            engine.dispose()
            writer = make_engine(url, write=True)
            try:
                prepare_for_writing(writer, name)
            finally:
                writer.dispose()
            engine = make_engine(url, write=False)
        return cls(engine, write=False, name=name)

    def _transaction(self, fn: Callable[[Connection], T]) -> T:
        """Run `fn` in one write transaction, retrying with backoff while the database is busy."""

        def once() -> T:
            with self.engine.begin() as conn:
                return fn(conn)

        return with_retry(once, self.name)

    def _insert(self, table: Any) -> Any:
        """INSERT ... ON CONFLICT DO NOTHING in the engine's dialect (both support it)."""
        dialect = postgresql if self.engine.dialect.name == "postgresql" else sqlite
        return dialect.insert(table).on_conflict_do_nothing()

    # Writing ---------------------------------------------------------------------------------------

    def known(self, hashes: Iterable[str]) -> dict[str, tuple[int, set[str]]]:
        """Stored documents among content `hashes`: hash → (document id, stages that ran on it)."""
        hashes = list(dict.fromkeys(hashes))
        d = t.documents.c

        def read(conn: Connection) -> dict[str, tuple[int, set[str]]]:
            out: dict[str, tuple[int, set[str]]] = {}
            for i in range(0, len(hashes), 500):
                rows = conn.execute(select(d.content_hash, d.id, d.stages).where(d.content_hash.in_(hashes[i:i + 500])))
                out.update({r.content_hash: (r.id, set(filter(None, (r.stages or "").split(",")))) for r in rows})
            return out

        return self._read(read)

    def save(self, doc: Document, rows: dict[str, Rows] | None = None) -> SaveResult:
        """Store `doc` and all its annotations in one transaction.

        A text already stored is a "duplicate" (also when another writer stored it a moment ago: the insert
        skips on the unique hash); one stored with fewer stages than `doc` ran gets its annotations redone
        ("completed"). `rows` are the annotations as `records.compact_rows(doc)` gives them, when a worker
        has already worked them out (the document then carries none of its own)."""
        return self._save_together([(doc, rows)])[0]

    def save_many(self, items: list[tuple[Document, dict[str, Rows] | None]]) -> list[SaveResult]:
        """`save` for several documents in one transaction (a batch's chunk: one commit instead of one per
        document cut the writer's CPU by a third). If any of them fails, each is saved again in its own
        transaction, so that the others are stored and the failure is the one `save` would raise."""
        if len(items) <= 1:
            return [self.save(doc, rows) for doc, rows in items]
        try:
            return self._save_together(items)
        except Exception:  # rolled back whole: store them one by one
            return [self.save(doc, rows) for doc, rows in items]

    def _save_together(self, items: list[tuple[Document, dict[str, Rows] | None]]) -> list[SaveResult]:
        """Save `items` in one write transaction; the id caches learn what it wrote once it is committed."""
        def attempt(conn: Connection) -> tuple[list[SaveResult], _Seen]:
            seen = _Seen()  # per attempt: a retried transaction starts again from what is committed
            return [self._save(conn, doc, rows, seen) for doc, rows in items], seen

        results, seen = self._transaction(attempt)
        self._source_ids.update(seen.sources)
        self._place_ids.update(seen.places)
        return results

    def _save(self, conn: Connection, doc: Document, rows: dict[str, Rows] | None, seen: _Seen) -> SaveResult:
        h = doc.content_hash
        d = t.documents.c
        identity = identity_of(doc.url, doc.publisher, doc.source, doc.title, doc.published)
        doc_id = conn.execute(self._insert(t.documents).values(
            content_hash=h, path=doc.path, url=doc.url, external_id=doc.external_id, title=doc.title,
            publisher=doc.publisher, source=doc.source, published=doc.published,
            published_from=doc.published_from, format=doc.fmt, encoding=doc.encoding, language=doc.language or None,
            version=1,
            n_chars=len(doc.text), text=doc.text, stages=",".join(doc.stages_run), identity=identity, live=True,
            ingested_at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
        ).returning(d.id)).scalar()
        if doc_id is None:  # the hash is stored (perhaps by a concurrent writer): complete it or skip it
            row = conn.execute(select(d.id, d.stages, d.version).where(d.content_hash == h)).one()
            if set(doc.stages_run) <= set(filter(None, (row.stages or "").split(","))):
                return SaveResult("duplicate", row.id, row.version)
            for name in ANNOTATION_TABLES:
                table = t.metadata.tables[name]
                conn.execute(delete(table).where(table.c.document_id == row.id))
            conn.execute(update(t.documents).where(d.id == row.id).values(stages=",".join(doc.stages_run)))
            self._save_annotations(conn, row.id, doc, rows, seen)
            return SaveResult("completed", row.id, row.version)
        if identity is not None:
            if conn.dialect.name == "postgresql":  # versions of one identity are ranked by one writer at a time
                conn.execute(text("SELECT pg_advisory_xact_lock(hashtext(:k))"), {"k": identity})
            relink(conn, identity)
        self._save_annotations(conn, doc_id, doc, rows, seen)
        version = conn.execute(select(d.version).where(d.id == doc_id)).scalar()
        return SaveResult("stored", doc_id, version)

    def _insert_many(self, conn: Connection, table: Any, cols: tuple[str, ...], rows: list[tuple]) -> None:
        """INSERT `rows` (tuples of the values of `cols`) in one executemany.

        On SQLite the rows go straight to the driver, each value through its column type's own bind processor
        (the JSON and date encodings SQLAlchemy applies): SQLAlchemy's per-row parameter bookkeeping was a third
        of the main process's CPU in a parallel ingest. Other databases take SQLAlchemy's batched path."""
        if not rows:
            return
        if conn.dialect.name != "sqlite":
            conn.execute(insert(table), [dict(zip(cols, r, strict=True)) for r in rows])
            return
        sql, procs = self._plan(conn, table, cols)
        _on_driver(conn, sql, _processed(rows, procs))

    def _plan(self, conn: Connection, table: Any, cols: tuple[str, ...], tail: str = "") -> tuple[str, list[Any]]:
        """The driver's INSERT statement for `cols` of `table` (then `tail`) and each column's bind processor."""
        key = (table.name, cols, tail)
        plan = self._insert_plans.get(key)
        if plan is None:
            q = conn.dialect.identifier_preparer
            sql = (f"INSERT INTO {q.format_table(table)} ({', '.join(q.quote(c) for c in cols)}) "
                   f"VALUES ({', '.join('?' for _ in cols)}){tail}")
            plan = self._insert_plans[key] = (sql, [_bind_processor(table.c[c].type, conn.dialect) for c in cols])
        return plan

    def _save_annotations(self, conn: Connection, doc_id: int, doc: Document, rows: dict[str, Rows] | None,
                          seen: _Seen) -> None:
        # Multi-row inserts throughout: one executemany per table and document; SQLAlchemy sends a list of rows as
        # one batched statement ("insertmanyvalues"), so PostgreSQL gets a few round trips per document.
        if doc.endnotes:
            self._insert_many(conn, t.endnotes, ("document_id", "number", "urls"),
                              [(doc_id, n, urls) for n, urls in sorted(doc.endnotes.items())])
        if doc.endnote_markers:
            self._insert_many(conn, t.endnote_markers, ("document_id", "start", "end", "numbers"),
                              [(doc_id, m.start, m.end, m.numbers) for m in doc.endnote_markers])
        if doc.sentences:  # the report's structure, so briefs need not segment it again (revision 0007)
            heads = {h.start for h in doc.headings}
            self._insert_many(conn, t.sentences, ("document_id", "start", "end", "paragraph", "heading", "is_heading"),
                              [(doc_id, s.start, s.end, s.paragraph, s.heading, s.start in heads)
                               for s in doc.sentences])
        # One row per annotation from frontscope.records (the same rows `frontscope extract` prints);
        # each table takes its columns from them.
        r = rows if rows is not None else compact_rows(doc)
        places = r["place"]
        if places.values:
            self._save_places(conn, places, seen)
            cols, values = _columns_of(t.mentions, places)
            self._insert_many(conn, t.mentions, ("document_id", *cols), [(doc_id, *values(m)) for m in places.values])
        claim_ids = self._save_claims(conn, doc_id, r["claim"], seen)
        for kind, table in (("control", t.control_observations), ("event", t.events)):
            rs = r[kind]
            if rs.values:
                cols, values = _columns_of(table, rs, skip=("claim_id",))
                k = rs.column("claim")
                self._insert_many(conn, table, ("document_id", *cols, "claim_id"), [
                    (doc_id, *values(row), claim_ids[row[k]] if row[k] is not None else None) for row in rs.values])

    def _save_places(self, conn: Connection, mentions: Rows, seen: _Seen) -> None:
        # Sorted, insert-or-skip: concurrent writers take row locks in one order and never collide.
        g = mentions.column("geonameid")
        wanted = {m[g]: m for m in mentions.values if m[g] is not None and m[g] not in self._place_ids}
        if not wanted:
            return
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:  # on the driver, as the other inserts (SQLAlchemy's IN-list compilation cost more than the query)
            marks = ", ".join("?" * len(wanted))
            known = {r[0] for r in _query(conn, f"SELECT geonameid FROM places WHERE geonameid IN ({marks})",
                                          list(wanted))}
        else:
            known = set(conn.execute(select(t.places.c.geonameid).where(t.places.c.geonameid.in_(wanted))).scalars())
        new = [wanted[gid] for gid in sorted(wanted) if gid not in known]
        if new:
            cols = _column_names(t.places)
            keep = [(i, k) for i, k in enumerate(mentions.keys) if k in cols and k != "name"]
            name, text = mentions.column("name"), mentions.column("text")
            rows = [(*(m[i] for i, _ in keep), m[name] or m[text]) for m in new]
            names = (*(k for _, k in keep), "name")
            if sqlite:
                sql, procs = self._plan(conn, t.places, names, " ON CONFLICT DO NOTHING")
                _on_driver(conn, sql, _processed(rows, procs))
            else:
                conn.execute(self._insert(t.places), [dict(zip(names, r, strict=True)) for r in rows])
        seen.places.update(wanted)

    def _source_ids_of(self, conn: Connection, claims: Rows, seen: _Seen) -> dict[str, int]:
        s = t.sources.c
        name, side, kind = (claims.column(k) for k in ("source_name", "source_side", "source_kind"))
        wanted = {c[name]: c for c in claims.values if c[name] not in self._source_ids}
        if wanted and conn.dialect.name == "sqlite":
            lookup = f"SELECT name, id FROM sources WHERE name IN ({', '.join('?' * len(wanted))})"
            ids = dict(_query(conn, lookup, list(wanted)))
            missing = [wanted[n] for n in sorted(wanted) if n not in ids]
            if missing:
                sql, _ = self._plan(conn, t.sources, ("name", "side", "kind"), " ON CONFLICT DO NOTHING")
                _on_driver(conn, sql, [(m[name], m[side], m[kind]) for m in missing])
                again = f"SELECT name, id FROM sources WHERE name IN ({', '.join('?' * len(missing))})"
                ids.update(_query(conn, again, [m[name] for m in missing]))
            seen.sources.update(ids)
        elif wanted:
            ids = dict(conn.execute(select(s.name, s.id).where(s.name.in_(wanted))).all())
            missing = [wanted[n] for n in sorted(wanted) if n not in ids]
            if missing:
                conn.execute(self._insert(t.sources), [
                    {"name": m[name], "side": m[side], "kind": m[kind]} for m in missing])
                ids.update(conn.execute(select(s.name, s.id).where(s.name.in_([m[name] for m in missing]))).all())
            seen.sources.update(ids)
        return {**self._source_ids, **seen.sources}

    def _save_claims(self, conn: Connection, doc_id: int, claims: Rows, seen: _Seen) -> list[int]:
        if not claims.values:
            return []
        sources = self._source_ids_of(conn, claims, seen)
        c = t.claims.c
        names, values = _columns_of(t.claims, claims, skip=("source_id", "parent_id"))
        cols = ("document_id", *names, "source_id", "parent_id")
        src = claims.column("source_name")
        rows = [(doc_id, *values(cl), sources[cl[src]], None) for cl in claims.values]
        if conn.dialect.name == "sqlite":
            # One INSERT per claim on the driver's cursor, reading each new id (a batched INSERT ... RETURNING
            # through SQLAlchemy cost ten times as much here).
            sql, procs = self._plan(conn, t.claims, cols)
            ids = _on_driver(conn, sql, _processed(rows, procs), ids=True)
        else:
            ids = list(conn.execute(insert(t.claims).returning(c.id, sort_by_parameter_order=True),
                                    [dict(zip(cols, r, strict=True)) for r in rows]).scalars())
        p = claims.column("parent")
        parents = [{"cid": ids[i], "pid": ids[cl[p]]} for i, cl in enumerate(claims.values)
                   if cl[p] is not None and cl[p] < i]
        if parents:
            conn.execute(update(t.claims).where(c.id == bindparam("cid")).values(parent_id=bindparam("pid")), parents)
        return ids

    def record_failure(self, path: str, reason: str) -> None:
        """Record that `path` failed; the same path and reason again refreshes the row, not a new one."""
        f = t.ingest_failures.c

        def run(conn: Connection) -> None:
            conn.execute(delete(t.ingest_failures).where(f.path == path, f.reason == reason))
            conn.execute(insert(t.ingest_failures).values(
                path=path, reason=reason, failed_at=dt.datetime.now(dt.UTC).replace(tzinfo=None)))

        self._transaction(run)

    def clear_failures(self, paths: Iterable[str]) -> None:
        """Forget earlier failures of `paths` (they have now been read and stored)."""
        paths = list(paths)
        if paths:
            self._transaction(lambda conn: conn.execute(
                delete(t.ingest_failures).where(t.ingest_failures.c.path.in_(paths))))

    # Reading ---------------------------------------------------------------------------------------

    def _read(self, fn: Callable[[Connection], T]) -> T:
        # Waiting out another writer's lock, as a save does: on SQLite a writer's engine begins every transaction
        # IMMEDIATE, reads included, so a read can meet the lock of a second ingest into the same file.
        def once() -> T:
            with self.engine.connect() as conn:
                return fn(conn)

        return with_retry(once, self.name)

    def stats(self) -> dict[str, int]:
        tables = ["documents", "endnotes", "endnote_markers", "sources", "claims", "mentions", "places",
                  "control_observations", "events", "humanitarian_figures", "ingest_failures"]
        return self._read(lambda conn: {
            name: conn.execute(select(func.count()).select_from(t.metadata.tables[name])).scalar()
            for name in tables})

    def documents(self, limit: int | None = None, *, all_versions: bool = False) -> list[dict]:
        """Stored documents, oldest first; live versions only unless `all_versions`."""
        d = t.documents.c
        n_notes = select(func.count()).where(t.endnotes.c.document_id == d.id).scalar_subquery()
        n_claims = select(func.count()).where(t.claims.c.document_id == d.id).scalar_subquery()
        n_places = select(func.count()).where(t.mentions.c.document_id == d.id).scalar_subquery()
        q = (select(d.id, d.published, d.published_from, d.title, d.path, d.url, d.language, d.version, d.live, d.stages,
                    d.n_chars, n_notes.label("endnotes"), n_claims.label("claims"), n_places.label("places"))
             .order_by(d.published, d.id))
        if not all_versions:
            q = q.where(d.live.is_(True))
        if limit:
            q = q.limit(limit)
        return self._read(lambda conn: [_jsonable(r._asdict()) for r in conn.execute(q)])

    def failures(self) -> list[dict]:
        return self._read(lambda conn: [
            _jsonable(r._asdict()) for r in conn.execute(select(t.ingest_failures).order_by(t.ingest_failures.c.id))])


@dataclass
class _Seen:
    """Sources and places a save found or added in the database (the store caches them once committed)."""

    sources: dict[str, int] = field(default_factory=dict)
    places: set[int] = field(default_factory=set)


def _columns_of(table: Any, rows: Rows, skip: tuple[str, ...] = ()) -> tuple[tuple[str, ...], Callable]:
    """The keys of `rows` that are columns of `table`, except `skip`, and a function giving a row's values of
    them as a tuple (rows carry the fields of every output)."""
    return _getter(table, rows.keys, skip)


@cache
def _getter(table: Any, keys: tuple[str, ...], skip: tuple[str, ...]) -> tuple[tuple[str, ...], Callable]:
    names = _column_names(table)
    picked = [(i, k) for i, k in enumerate(keys) if k in names and k not in skip]
    get = itemgetter(*(i for i, _ in picked))
    return tuple(k for _, k in picked), (get if len(picked) > 1 else lambda row: (get(row),))


def _on_driver(conn: Connection, sql: str, rows: list[tuple], ids: bool = False) -> list[int]:
    """Run an INSERT for each of `rows` on the SQLite driver's own cursor, in the connection's transaction (one
    executemany, or one execute per row reading each new id); a driver error becomes SQLAlchemy's, as through
    `conn.execute` (so lock waits are retried and other errors reported in one line)."""
    cur = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        if not ids:
            cur.executemany(sql, rows)
            return []
        out = []
        for row in rows:
            cur.execute(sql, row)
            out.append(cur.lastrowid)
        return out
    except sqlite3.Error as e:
        raise DBAPIError.instance(sql, None, e, sqlite3.Error, dialect=conn.dialect) from e
    finally:
        cur.close()


def _query(conn: Connection, sql: str, params: list[Any]) -> list[tuple]:
    """A SELECT on the SQLite driver's cursor, in the connection's transaction (errors as in `_on_driver`)."""
    cur = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        return cur.execute(sql, params).fetchall()
    except sqlite3.Error as e:
        raise DBAPIError.instance(sql, None, e, sqlite3.Error, dialect=conn.dialect) from e
    finally:
        cur.close()


def _bind_processor(kind: Any, dialect: Any) -> Callable | None:
    """The column type's bind processor; for JSON with the default serialiser, the same encoding with the
    standard library's encoder built once (json.dumps builds one per value: a fifth of the writer's time)."""
    proc = kind.bind_processor(dialect)
    if proc is not None and isinstance(kind, JSON) and getattr(dialect, "_json_serializer", None) is None \
            and _c_encoder is not None and not kind.none_as_null:
        return _json_dumps
    return proc


try:  # the C accelerator json.dumps uses: the identical text for any value
    from json.encoder import c_make_encoder as _c_make_encoder
    from json.encoder import encode_basestring_ascii as _encode_str

    # No circularity check (rows hold no cycles): json.dumps' check keeps state between calls of one encoder.
    _c_encoder = _c_make_encoder(None, json.JSONEncoder().default, _encode_str, None, ": ", ", ", False, False, True)
except ImportError:  # pragma: no cover
    _c_encoder = None


def _json_dumps(value: Any) -> str:
    if isinstance(value, str):
        return _encode_str(value)
    return "".join(_c_encoder(value, 0))  # type: ignore[misc]


def _processed(rows: list[tuple], procs: list[Any]) -> list[tuple]:
    """`rows` with each column's bind processor applied (JSON, dates); column by column, with map."""
    if all(p is None for p in procs):
        return rows
    columns = [list(col) if p is None else list(map(p, col)) for col, p in zip(zip(*rows, strict=True), procs, strict=True)]
    return list(zip(*columns, strict=True))


@cache
def _column_names(table: Any) -> frozenset[str]:
    # A set, not `table.c`: a column collection's membership test costs microseconds, and it runs per value.
    return frozenset(table.c.keys())


def _jsonable(row: dict) -> dict:
    return {k: (v.isoformat() if isinstance(v, dt.date | dt.datetime) else v) for k, v in row.items()}
