"""Control observations keep the region spec of area statements ("all of Luhansk Oblast").

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    with op.batch_alter_table("control_observations") as batch:
        batch.add_column(sa.Column("region", sa.Text))


def downgrade() -> None:
    with op.batch_alter_table("control_observations") as batch:
        batch.drop_column("region")
