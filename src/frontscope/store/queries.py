"""Read-side queries over the store, returning plain dicts (what the CLI and views print).

Every query reads live documents only (`live`): when several versions of a document are stored, the
superseded ones stay in the database (`frontscope docs --all-versions`) but count nowhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Engine, Select, func, select

from frontscope.store import schema as t
from frontscope.store.db import Store, _jsonable


def live(q: Select) -> Select:
    """Restrict a query that joins `documents` to live versions (the one filter every view goes through)."""
    return q.where(t.documents.c.live.is_(True))


def _within(q: Select, day: Any, since: dt.date | None, until: dt.date | None) -> Select:
    """Rows whose `day` (a statement's own date, else its report's) lies in [since, until]."""
    if since:
        q = q.where(day >= since)
    if until:
        q = q.where(day <= until)
    return q


def claims(store: Store, *, source: str | None = None, side: str | None = None, since: dt.date | None = None,
           until: dt.date | None = None, limit: int | None = None, document_ids: Iterable[int] | None = None,
           spans: bool = False) -> list[dict]:
    """Stored claims with their source; `source` matches the source name (case-insensitive substring).
    `document_ids`: of those documents only; `spans`: with the claim's `start` and `end` in its text."""
    c, s, d = t.claims.c, t.sources.c, t.documents.c
    offsets = (c.start, c.end) if spans else ()
    q = (select(c.id, c.document_id, d.published, c.said_on, s.name.label("source"), s.side, s.kind, c.cue,
                c.negated, c.text, *offsets, c.source_text, c.citations, c.urls, c.parent_id, c.quantities)
         .join(t.sources, s.id == c.source_id).join(t.documents, d.id == c.document_id)
         .order_by(d.published, c.document_id, c.ordinal))
    q = live(q)
    if document_ids is not None:
        q = q.where(c.document_id.in_(list(document_ids)))
    if source:
        q = q.where(func.lower(s.name).contains(source.lower()))
    if side:
        q = q.where(s.side == side)
    q = _within(q, func.coalesce(c.said_on, d.published), since, until)
    if limit:
        q = q.limit(limit)
    with store.engine.connect() as conn:
        return [_jsonable(r._asdict()) for r in conn.execute(q)]


def sources(store: Store) -> list[dict]:
    s, c = t.sources.c, t.claims.c
    n = live(select(func.count()).join(t.documents, t.documents.c.id == c.document_id)
             .where(c.source_id == s.id)).scalar_subquery()
    q = select(s.id, s.name, s.side, s.kind, n.label("claims")).order_by(n.desc(), s.name)
    with store.engine.connect() as conn:
        return [r._asdict() for r in conn.execute(q)]


def place_counts(store: Store, limit: int | None = None) -> list[dict]:
    m, p = t.mentions.c, t.places.c
    q = (select(p.geonameid, p.name, p.kind, p.oblast, p.raion, p.lat, p.lon, p.population,
                func.count(m.id).label("mentions"))
         .join(t.mentions, m.geonameid == p.geonameid)
         .join(t.documents, t.documents.c.id == m.document_id).where(t.documents.c.live.is_(True))
         .group_by(p.geonameid)
         .order_by(func.count(m.id).desc(), p.name))
    if limit:
        q = q.limit(limit)
    with store.engine.connect() as conn:
        return [r._asdict() for r in conn.execute(q)]


def control_observations(store: Store, *, since: dt.date | None = None, until: dt.date | None = None,
                         limit: int | None = None, document_ids: Iterable[int] | None = None) -> list[dict]:
    """Control statements with the report date and the claim's source, oldest first (of `document_ids` only,
    when given)."""
    o, d, c, s = t.control_observations.c, t.documents.c, t.claims.c, t.sources.c
    q = (select(o.id, o.document_id, d.published, o.event_date, o.geonameid, o.place_text, o.change, o.status,
                o.claimed_by, o.confidence, o.claim_id, o.text, o.actor_side, o.region, o.rule,
                o.source_side.label("obs_source_side"),
                o.source_kind.label("obs_source_kind"), s.name.label("source"), s.side.label("source_side"),
                s.kind.label("source_kind"), t.places.c.name.label("place_name"), t.places.c.lat, t.places.c.lon,
                t.places.c.oblast, t.places.c.raion, t.places.c.population)
         .join(t.documents, d.id == o.document_id)
         .outerjoin(t.claims, c.id == o.claim_id).outerjoin(t.sources, s.id == c.source_id)
         .outerjoin(t.places, t.places.c.geonameid == o.geonameid)
         .order_by(func.coalesce(o.event_date, d.published), o.id))
    q = live(q)
    if document_ids is not None:
        q = q.where(o.document_id.in_(list(document_ids)))
    q = _within(q, func.coalesce(o.event_date, d.published), since, until)
    if limit:
        q = q.limit(limit)
    with store.engine.connect() as conn:
        return [_jsonable(r._asdict()) for r in conn.execute(q)]


def events(store: Store, *, since: dt.date | None = None, until: dt.date | None = None) -> list[dict]:
    e, d = t.events.c, t.documents.c
    q = (select(e.id, e.document_id, d.published, e.event_date, e.event_type, e.sub_event_type, e.actor1,
                e.actor2, e.geonameid, e.place_text, e.lat, e.lon, e.status, e.confidence, e.fatalities,
                e.quantities, e.claim_id, e.text, t.places.c.oblast, t.places.c.raion)
         .join(t.documents, d.id == e.document_id)
         .outerjoin(t.places, t.places.c.geonameid == e.geonameid)
         .order_by(func.coalesce(e.event_date, d.published), e.id))
    q = live(q)
    q = _within(q, func.coalesce(e.event_date, d.published), since, until)
    with store.engine.connect() as conn:
        return [_jsonable(r._asdict()) for r in conn.execute(q)]


def published_documents(store: Store, since: dt.date, until: dt.date) -> list[dict]:
    """Live documents published in [since, until] with their text, oldest first (what a brief reads)."""
    d = t.documents.c
    q = live(select(d.id, d.published, d.text).where(d.published >= since, d.published <= until)).order_by(d.published)
    with store.engine.connect() as conn:
        return [r._asdict() for r in conn.execute(q)]


def publication_span(store: Store) -> tuple[str, str] | None:
    """First and last publication date of the stored documents, or None when there is none."""
    d = t.documents.c
    with store.engine.connect() as conn:
        lo, hi = conn.execute(select(func.min(d.published), func.max(d.published))).one()
    return (str(lo), str(hi)) if lo else None


def document_events(store: Store, document_ids: Iterable[int]) -> list[dict]:
    """Events of the given documents with their span, type, claim and place (for the brief's lines)."""
    e, p = t.events.c, t.places.c
    q = (select(e.id, e.document_id, e.start, e.end, e.event_type, e.sub_event_type, e.fatalities, e.claim_id,
                e.geonameid, p.oblast, e.lat, e.lon, e.place_text, p.name.label("place_name"), p.population)
         .outerjoin(t.places, p.geonameid == e.geonameid).where(e.document_id.in_(list(document_ids))))
    with store.engine.connect() as conn:
        return [r._asdict() for r in conn.execute(q)]


def control_spans(store: Store, document_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
    """Control statement id → (start, end) in its document's text."""
    o = t.control_observations.c
    q = select(o.id, o.start, o.end).where(o.document_id.in_(list(document_ids)))
    with store.engine.connect() as conn:
        return {r.id: (r.start, r.end) for r in conn.execute(q)}


def settlement_mentions(store: Store, document_ids: Iterable[int]) -> list[dict]:
    """Located settlement mentions of the given documents with the place's name and population."""
    m, p = t.mentions.c, t.places.c
    q = (select(m.document_id, m.start, m.geonameid, m.lat, m.lon, p.name, p.population)
         .outerjoin(t.places, p.geonameid == m.geonameid)
         .where(m.document_id.in_(list(document_ids)), m.kind == "settlement", m.lat.is_not(None)))
    with store.engine.connect() as conn:
        return [r._asdict() for r in conn.execute(q)]


def sentences(store: Store, document_ids: Iterable[int]) -> dict[int, list[dict]]:
    """Document id → its stored sentences in reading order ({start, end, paragraph, heading, is_heading}).
    A document stored before sentences were (revision 0007) has no entry."""
    x = t.sentences.c
    q = (select(x.document_id, x.start, x.end, x.paragraph, x.heading, x.is_heading)
         .where(x.document_id.in_(list(document_ids))).order_by(x.document_id, x.start, x.id))
    out: dict[int, list[dict]] = {}
    with store.engine.connect() as conn:
        for r in conn.execute(q):
            row = r._asdict()
            out.setdefault(row.pop("document_id"), []).append(row)
    return out


def figures(engine: Engine, metrics: Iterable[str] | None = None, origin: str | None = None) -> list[dict]:
    """Rows of `humanitarian_figures` (without the row id), optionally of some metrics or one origin."""
    f = t.humanitarian_figures
    q = select(f)
    if metrics:
        q = q.where(f.c.metric.in_(list(metrics)))
    if origin:
        q = q.where(f.c.origin == origin)
    with engine.connect() as conn:
        return [{k: r[k] for k in r.keys() if k != "id"} for r in conn.execute(q).mappings()]


def change_stamp(store: Store, tables: Iterable[str]) -> tuple:
    """(max id, row count) of each table, in one query: changes whenever a row is added or removed."""
    cols = []
    for name in tables:
        tab = t.metadata.tables[name]
        cols += [select(func.max(tab.c.id)).scalar_subquery(), select(func.count()).select_from(tab).scalar_subquery()]
    with store.engine.connect() as conn:
        return tuple(conn.execute(select(*cols)).one())
