"""Sentences with their paragraph and section heading, so a brief need not segment stored reports again.

Documents stored before this revision have no rows here; readers fall back to segmenting their text.

Revision ID: 0007
Revises: 0006
"""

from alembic import op

from frontscope.store import schema as t

revision = "0007"
down_revision = "0006"


def upgrade() -> None:
    op.create_table("sentences", *(c._copy() for c in t.sentences.columns))


def downgrade() -> None:
    op.drop_table("sentences")
