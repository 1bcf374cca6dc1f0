"""Control observations record the acting side and the speaking source's side and kind.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    with op.batch_alter_table("control_observations") as batch:
        batch.add_column(sa.Column("actor_side", sa.String(8)))
        batch.add_column(sa.Column("source_side", sa.String(16)))
        batch.add_column(sa.Column("source_kind", sa.String(32)))


def downgrade() -> None:
    with op.batch_alter_table("control_observations") as batch:
        batch.drop_column("source_kind")
        batch.drop_column("source_side")
        batch.drop_column("actor_side")
