"""Initial schema: documents, endnotes, failures, sources, claims, places, mentions, events, control, figures.

Revision ID: 0001
Revises:
"""

from alembic import op
from sqlalchemy.schema import CreateTable

from frontscope.store.schema import metadata

revision = "0001"
down_revision = None

# The tables of revision 0001, created from the live schema minus the columns that later revisions add
# (a revision that adds a column must list it in LATER_COLUMNS).
INITIAL_TABLES = (
    "documents", "endnotes", "endnote_markers", "ingest_failures", "sources", "claims", "places", "mentions",
    "events", "control_observations", "humanitarian_figures",
)


# Columns added by later revisions, left out here so that those revisions can add them.
LATER_COLUMNS = {"control_observations": ("actor_side", "source_side", "source_kind", "region", "rule"),
                 "documents": ("identity", "live", "language")}
# Indexes added by later revisions.
LATER_INDEXES = {"ix_ingest_failures_path"}


def upgrade() -> None:
    bind = op.get_bind()
    for name in INITIAL_TABLES:
        table = metadata.tables[name]
        skip = LATER_COLUMNS.get(name, ())
        if skip:  # op.create_table resolves the foreign keys (and indexes) of a partial copy
            op.create_table(name, *(c._copy() for c in table.columns if c.name not in skip))
        else:  # the table, then its indexes minus those of later revisions
            bind.execute(CreateTable(table))
            for index in table.indexes:
                if index.name not in LATER_INDEXES:
                    index.create(bind)


def downgrade() -> None:
    bind = op.get_bind()
    metadata.drop_all(bind, tables=[metadata.tables[name] for name in reversed(INITIAL_TABLES)])
