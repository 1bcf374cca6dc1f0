"""The database schema: plain tables a user can open with any SQLite tool.

SQLAlchemy Core, portable types only (no SQLite-specific features), so the same schema runs on
PostgreSQL. Alembic migrations under `store/migrations` create and evolve it; this module is the
current shape. Offsets (`start`, `end`) are Python str indices into `documents.text`.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    true,
)

metadata = MetaData()

# Marks a database as frontscope's (revision 0004): frontscope writes only to databases that carry it.
frontscope_meta = Table(
    "frontscope_meta", metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)


def _doc_fk() -> Column:
    return Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True)


documents = Table(
    "documents", metadata,
    Column("id", Integer, primary_key=True),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("path", Text),  # as given on the command line
    Column("url", Text, index=True),
    Column("external_id", Text),
    Column("title", Text),
    Column("publisher", Text),
    Column("source", Text),  # collection / feed name (--source)
    Column("published", Date, index=True),
    Column("published_from", String(16)),  # argument | metadata | filename | text
    Column("format", String(16)),
    Column("encoding", String(32)),
    Column("language", String(8)),  # ISO 639-1 as detected by the pipeline (revision 0005)
    Column("version", Integer, nullable=False, default=1),  # rank by publication date among its identity
    Column("previous_id", Integer, ForeignKey("documents.id")),
    # Versions (revision 0004): documents with the same identity (URL, else publisher/source + title + date)
    # are versions of one document; only the latest by publication date is live and every view reads it.
    Column("identity", Text, index=True),
    Column("live", Boolean, nullable=False, default=True, server_default=true()),
    Column("n_chars", Integer),
    Column("text", Text, nullable=False),
    Column("stages", Text),  # comma-separated pipeline stages that ran
    Column("ingested_at", DateTime, nullable=False),
)

endnotes = Table(
    "endnotes", metadata,
    Column("id", Integer, primary_key=True),
    _doc_fk(),
    Column("number", Integer, nullable=False),
    Column("urls", JSON, nullable=False),
    UniqueConstraint("document_id", "number"),
)

endnote_markers = Table(
    "endnote_markers", metadata,
    Column("id", Integer, primary_key=True),
    _doc_fk(),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("numbers", JSON, nullable=False),
)

# The report's own structure (revision 0007): every sentence with its paragraph and the section heading above it,
# so briefs place a claim under its axis heading without segmenting the text again. Heading lines are rows too
# (`is_heading`).
sentences = Table(
    "sentences", metadata,
    Column("id", Integer, primary_key=True),
    _doc_fk(),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("paragraph", Integer, nullable=False),
    Column("heading", Text),
    Column("is_heading", Boolean, nullable=False, default=False),
)

ingest_failures = Table(
    "ingest_failures", metadata,
    Column("id", Integer, primary_key=True),
    Column("path", Text, nullable=False, index=True),  # index: revision 0004
    Column("reason", Text, nullable=False),
    Column("failed_at", DateTime, nullable=False),
)

sources = Table(
    "sources", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False, unique=True),
    Column("side", String(16), nullable=False),
    Column("kind", String(32), nullable=False),
)

claims = Table(
    "claims", metadata,
    Column("id", Integer, primary_key=True),
    _doc_fk(),
    Column("ordinal", Integer, nullable=False),  # index within the document's claims
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("source_id", Integer, ForeignKey("sources.id"), index=True),
    Column("source_text", Text),
    Column("source_start", Integer),
    Column("source_end", Integer),
    Column("cue", String(64)),
    Column("negated", Boolean, nullable=False, default=False),
    Column("said_on", Date, index=True),
    Column("citations", JSON),
    Column("urls", JSON),
    Column("parent_id", Integer, ForeignKey("claims.id")),
    Column("quantities", JSON),
)

# Gazetteer entries referenced by stored mentions (a copy, so the database stands on its own).
places = Table(
    "places", metadata,
    Column("geonameid", Integer, primary_key=True, autoincrement=False),
    Column("name", Text, nullable=False),
    Column("kind", String(16)),
    Column("lat", Float),
    Column("lon", Float),
    Column("oblast", Text),
    Column("raion", Text),
    Column("country", String(2)),
    Column("population", Integer),
)

mentions = Table(
    "mentions", metadata,
    Column("id", Integer, primary_key=True),
    _doc_fk(),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("kind", String(16)),
    Column("geonameid", Integer, index=True),
    Column("lat", Float),
    Column("lon", Float),
    Column("confidence", Float),
    Column("resolved_by", String(32)),
    Column("candidates", JSON),
)

events = Table(
    "events", metadata,
    Column("id", Integer, primary_key=True),
    _doc_fk(),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("event_type", String(64)),
    Column("sub_event_type", String(64)),
    Column("actor1", Text),
    Column("actor2", Text),
    Column("geonameid", Integer, index=True),
    Column("place_text", Text),
    Column("lat", Float),
    Column("lon", Float),
    Column("event_date", Date, index=True),
    Column("status", String(16)),
    Column("confidence", Float),
    Column("fatalities", Integer),
    Column("quantities", JSON),
    Column("claim_id", Integer, ForeignKey("claims.id")),
)

control_observations = Table(
    "control_observations", metadata,
    Column("id", Integer, primary_key=True),
    _doc_fk(),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("geonameid", Integer, index=True),
    Column("place_text", Text),
    Column("place_start", Integer),
    Column("place_end", Integer),
    Column("change", String(24), nullable=False),
    Column("event_date", Date, index=True),
    Column("status", String(16), nullable=False),
    Column("claimed_by", Text),
    Column("confidence", Float),
    Column("claim_id", Integer, ForeignKey("claims.id")),
    Column("actor_side", String(8)),  # side whose forces act (revision 0002)
    Column("source_side", String(16)),
    Column("source_kind", String(32)),
    Column("region", Text),  # region spec of an area statement (revision 0003)
    Column("rule", Text),  # reading rule id and the cues that fired (revision 0006)
)

# Humanitarian figures from UNHCR / IDMC / HXL tables, one tidy row per figure.
humanitarian_figures = Table(
    "humanitarian_figures", metadata,
    Column("id", Integer, primary_key=True),
    Column("dataset", String(32), nullable=False),  # unhcr | idmc | hxl | text
    Column("source_file", Text, nullable=False),
    Column("source_line", Integer),
    Column("metric", String(64), nullable=False),  # refugees, idps, new_displacements, inneed, population ...
    Column("value", Float),
    Column("date", Date),
    Column("year", Integer),
    Column("origin", String(8)),  # ISO3 country of origin
    Column("asylum", String(8)),  # ISO3 country of asylum
    Column("admin1_pcode", String(16)),
    Column("admin2_pcode", String(16)),
    Column("admin_name", Text),
    Column("extra", JSON),
    Index("ix_humfig_metric_year", "metric", "year"),
)
