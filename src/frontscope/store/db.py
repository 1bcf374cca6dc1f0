"""Opening the database and writing documents with all their annotations.

SQLite is the default (`frontscope.db`, `--db FILE`, or `FRONTSCOPE_DB`); any SQLAlchemy URL
(`postgresql://...`) works the same way. Each document is written in one transaction, so an
interrupted run leaves either the whole document or nothing, and re-running resumes.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, func, insert, inspect, select, text

from frontscope.model import Document
from frontscope.store import schema as t

DEFAULT_DB = "frontscope.db"
MIGRATIONS = Path(__file__).parent / "migrations"


def db_url(db: str | os.PathLike | None = None) -> str:
    """`--db` value → SQLAlchemy URL. Plain paths are SQLite files."""
    db = db or os.environ.get("FRONTSCOPE_DB") or DEFAULT_DB
    db = str(db)
    return db if "://" in db else f"sqlite:///{Path(db).expanduser()}"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")  # readers never block the writer; crash-safe
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def _head_revision() -> str:
    heads = sorted(p.stem.split("_")[0] for p in (MIGRATIONS / "versions").glob("[0-9]*.py"))
    return heads[-1]


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision (a no-op when it is current)."""
    with engine.connect() as conn:
        if inspect(conn).has_table("alembic_version"):
            current = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            if current == _head_revision():
                return
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


@dataclass
class SaveResult:
    status: str  # "stored" | "duplicate"
    document_id: int
    version: int = 1


class Store:
    """The database: `Store.open()` then `save(doc)`, `stats()`, `documents()`..."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, db: str | os.PathLike | None = None) -> Store:
        url = db_url(db)
        engine = create_engine(url)
        if url.startswith("sqlite"):
            event.listen(engine, "connect", _sqlite_pragmas)
        migrate(engine)
        return cls(engine)

    # Writing ---------------------------------------------------------------------------------------

    def save(self, doc: Document) -> SaveResult:
        """Store `doc` and all its annotations in one transaction; a known text is a duplicate."""
        h = doc.content_hash
        with self.engine.begin() as conn:
            known = conn.execute(select(t.documents.c.id).where(t.documents.c.content_hash == h)).scalar()
            if known is not None:
                return SaveResult("duplicate", known)
            version, previous = 1, None
            if doc.url:
                row = conn.execute(
                    select(t.documents.c.id, t.documents.c.version)
                    .where(t.documents.c.url == doc.url)
                    .order_by(t.documents.c.version.desc())
                ).first()
                if row is not None:
                    version, previous = row.version + 1, row.id
            doc_id = conn.execute(insert(t.documents).values(
                content_hash=h, path=doc.path, url=doc.url, external_id=doc.external_id, title=doc.title,
                publisher=doc.publisher, source=doc.source, published=doc.published,
                published_from=doc.published_from, format=doc.fmt, encoding=doc.encoding, version=version,
                previous_id=previous, n_chars=len(doc.text), text=doc.text, stages=",".join(doc.stages_run),
                ingested_at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
            )).inserted_primary_key[0]
            self._save_annotations(conn, doc_id, doc)
        return SaveResult("stored", doc_id, version)

    def _save_annotations(self, conn: Any, doc_id: int, doc: Document) -> None:
        if doc.endnotes:
            conn.execute(insert(t.endnotes), [
                {"document_id": doc_id, "number": n, "urls": urls} for n, urls in sorted(doc.endnotes.items())
            ])
        if doc.endnote_markers:
            conn.execute(insert(t.endnote_markers), [
                {"document_id": doc_id, "start": m.start, "end": m.end, "numbers": m.numbers}
                for m in doc.endnote_markers
            ])
        if doc.places:
            conn.execute(insert(t.mentions), [
                {"document_id": doc_id, "start": m.start, "end": m.end, "text": m.text, "kind": m.kind,
                 "geonameid": m.geonameid, "lat": m.lat, "lon": m.lon, "confidence": m.confidence,
                 "resolved_by": m.resolved_by,
                 "candidates": [[c.geonameid, round(c.score, 3)] for c in m.candidates[:5]]}
                for m in doc.places
            ])
            self._save_places(conn, doc)
        claim_ids = self._save_claims(conn, doc_id, doc)
        if doc.control:
            conn.execute(insert(t.control_observations), [
                {"document_id": doc_id, "start": s.start, "end": s.end, "text": s.text,
                 "geonameid": s.place.geonameid, "place_text": s.place.text, "place_start": s.place.start,
                 "place_end": s.place.end, "change": s.change, "event_date": s.event_date, "status": s.status,
                 "claimed_by": s.claimed_by, "confidence": s.confidence,
                 "claim_id": claim_ids[s.claim] if s.claim is not None else None,
                 "actor_side": s.actor_side, "source_side": s.source_side, "source_kind": s.source_kind,
                 "region": s.region or None}
                for s in doc.control
            ])
        if doc.events:
            rows = []
            for e in doc.events:
                p = e.places[0] if e.places else None
                rows.append({
                    "document_id": doc_id, "start": e.start, "end": e.end, "text": e.text,
                    "event_type": e.event_type, "sub_event_type": e.sub_event_type, "actor1": e.actor1,
                    "actor2": e.actor2, "geonameid": p.geonameid if p else None, "place_text": p.text if p else None,
                    "lat": p.lat if p else None, "lon": p.lon if p else None, "event_date": e.event_date,
                    "status": e.status, "confidence": e.confidence, "fatalities": e.fatalities,
                    "quantities": [q.__dict__ for q in e.quantities],
                    "claim_id": claim_ids[e.claim] if e.claim is not None else None,
                })
            conn.execute(insert(t.events), rows)

    def _save_places(self, conn: Any, doc: Document) -> None:
        seen = {m.geonameid: m for m in doc.places if m.geonameid is not None}
        if not seen:
            return
        known = set(conn.execute(select(t.places.c.geonameid).where(t.places.c.geonameid.in_(seen))).scalars())
        new = [m for gid, m in seen.items() if gid not in known]
        if new:
            conn.execute(insert(t.places), [
                {"geonameid": m.geonameid, "name": m.name or m.text, "kind": m.kind, "lat": m.lat, "lon": m.lon,
                 "oblast": m.oblast, "raion": m.raion, "country": m.country, "population": m.population}
                for m in new
            ])

    def _source_id(self, conn: Any, name: str, side: str, kind: str) -> int:
        sid = conn.execute(select(t.sources.c.id).where(t.sources.c.name == name)).scalar()
        if sid is None:
            sid = conn.execute(insert(t.sources).values(name=name, side=side, kind=kind)).inserted_primary_key[0]
        return sid

    def _save_claims(self, conn: Any, doc_id: int, doc: Document) -> list[int]:
        ids: list[int] = []
        for i, c in enumerate(doc.claims):
            sid = self._source_id(conn, c.source.name, c.source.side, c.source.kind)
            ids.append(conn.execute(insert(t.claims).values(
                document_id=doc_id, ordinal=i, start=c.start, end=c.end, text=c.text, source_id=sid,
                source_text=c.source.text, source_start=c.source.start, source_end=c.source.end, cue=c.cue,
                negated=c.negated, said_on=c.said_on, citations=c.citations, urls=c.urls,
                parent_id=ids[c.parent] if c.parent is not None and c.parent < i else None,
                quantities=[q.__dict__ for q in c.quantities],
            )).inserted_primary_key[0])
        return ids

    def record_failure(self, path: str, reason: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(insert(t.ingest_failures).values(
                path=path, reason=reason, failed_at=dt.datetime.now(dt.UTC).replace(tzinfo=None)))

    # Reading ---------------------------------------------------------------------------------------

    def stats(self) -> dict[str, int]:
        tables = ["documents", "endnotes", "endnote_markers", "sources", "claims", "mentions", "places",
                  "control_observations", "events", "humanitarian_figures", "ingest_failures"]
        with self.engine.connect() as conn:
            return {name: conn.execute(select(func.count()).select_from(t.metadata.tables[name])).scalar()
                    for name in tables}

    def documents(self, limit: int | None = None) -> list[dict]:
        d = t.documents.c
        n_notes = select(func.count()).where(t.endnotes.c.document_id == d.id).scalar_subquery()
        n_claims = select(func.count()).where(t.claims.c.document_id == d.id).scalar_subquery()
        n_places = select(func.count()).where(t.mentions.c.document_id == d.id).scalar_subquery()
        q = (select(d.id, d.published, d.published_from, d.title, d.path, d.url, d.version, d.n_chars,
                    n_notes.label("endnotes"), n_claims.label("claims"), n_places.label("places"))
             .order_by(d.published, d.id))
        if limit:
            q = q.limit(limit)
        with self.engine.connect() as conn:
            return [_jsonable(r._asdict()) for r in conn.execute(q)]

    def failures(self) -> list[dict]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.ingest_failures).order_by(t.ingest_failures.c.id))
            return [_jsonable(r._asdict()) for r in rows]


def _jsonable(row: dict) -> dict:
    return {k: (v.isoformat() if isinstance(v, dt.date | dt.datetime) else v) for k, v in row.items()}
