"""Document versions (identity, live) and the frontscope mark; failures looked up by path.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

from frontscope.store import schema as t
from frontscope.store.versions import identity_of, relink

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    op.create_table("frontscope_meta", *(c._copy() for c in t.frontscope_meta.columns))
    op.execute(sa.insert(t.frontscope_meta).values(key="application", value="frontscope"))
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("identity", sa.Text))
        batch.add_column(sa.Column("live", sa.Boolean, nullable=False, server_default=sa.true()))
    op.create_index("ix_documents_identity", "documents", ["identity"])
    op.create_index("ix_ingest_failures_path", "ingest_failures", ["path"])
    # Backfill: identities of the stored documents, then one live version per identity.
    conn = op.get_bind()
    doc = sa.table("documents", sa.column("id"), sa.column("url"), sa.column("publisher"), sa.column("source"),
                   sa.column("title"), sa.column("published", sa.Date), sa.column("identity"))
    groups = set()
    for r in conn.execute(sa.select(doc.c.id, doc.c.url, doc.c.publisher, doc.c.source, doc.c.title,
                                    doc.c.published)).all():
        key = identity_of(r.url, r.publisher, r.source, r.title, r.published)
        if key is not None:
            conn.execute(sa.update(doc).where(doc.c.id == r.id).values(identity=key))
            groups.add(key)
    for key in sorted(groups):
        relink(conn, key)


def downgrade() -> None:
    op.drop_index("ix_ingest_failures_path", "ingest_failures")
    op.drop_index("ix_documents_identity", "documents")
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("live")
        batch.drop_column("identity")
    op.drop_table("frontscope_meta")
