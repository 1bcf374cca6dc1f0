"""Initial schema: documents, endnotes, failures, sources, claims, places, mentions, events, control, figures.

Revision ID: 0001
Revises:
"""

from alembic import op

from frontscope.store.schema import metadata

revision = "0001"
down_revision = None

# The tables as they were at revision 0001. Later revisions change them with explicit op.* calls.
INITIAL_TABLES = (
    "documents", "endnotes", "endnote_markers", "ingest_failures", "sources", "claims", "places", "mentions",
    "events", "control_observations", "humanitarian_figures",
)


def upgrade() -> None:
    bind = op.get_bind()
    metadata.create_all(bind, tables=[metadata.tables[name] for name in INITIAL_TABLES])


def downgrade() -> None:
    bind = op.get_bind()
    metadata.drop_all(bind, tables=[metadata.tables[name] for name in reversed(INITIAL_TABLES)])
