"""Versions of one document: which stored text is live.

Two stored texts are versions of one document when they share an identity: the URL, else the publisher (or
collection) with the title and the publication date. Versions are ranked by publication date (then by
storage order for equal dates), not by ingest order, so an older text ingested after a newer one does not
become the live one. Every view reads live documents only (`store.queries.live`).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, select, update

from frontscope.store import schema as t


def identity_of(url: str | None, publisher: str | None, source: str | None, title: str | None,
                published: dt.date | None) -> str | None:
    """The identity key of a document, or None when nothing identifies it beyond its text."""
    if url and url.strip():
        return "url:" + url.strip()
    who = (publisher or source or "").strip().lower()
    name = " ".join((title or "").split()).lower()
    if who and name and published:
        return f"pub:{who}|{name}|{published.isoformat()}"
    return None


def relink(conn: Connection, identity: str) -> None:
    """Renumber the versions of `identity` by publication date and mark the newest live."""
    d = t.documents.c
    rows = conn.execute(select(d.id, d.published, d.version, d.previous_id, d.live)
                        .where(d.identity == identity)).all()
    rows.sort(key=lambda r: (r.published or dt.date.min, r.id))
    previous = None
    for n, r in enumerate(rows, start=1):
        live = n == len(rows)
        if (r.version, r.previous_id, bool(r.live)) != (n, previous, live):
            conn.execute(update(t.documents).where(d.id == r.id).values(version=n, previous_id=previous, live=live))
        previous = r.id
