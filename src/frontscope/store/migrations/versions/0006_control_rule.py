"""Which reading rule produced each control statement ("gain.capture", with the cues that fired:
"gain.capture+hedge.reportedly"), so every flip can be traced to the rule and each rule's record measured.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"


def upgrade() -> None:
    with op.batch_alter_table("control_observations") as batch:
        batch.add_column(sa.Column("rule", sa.Text))


def downgrade() -> None:
    with op.batch_alter_table("control_observations") as batch:
        batch.drop_column("rule")
