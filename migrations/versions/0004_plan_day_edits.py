"""A plan's hand edits of its tour days (plan.day_edits: pins, kept days, the days last shown).
One nullable JSON column; existing plans get none (their days are planned freely).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 02:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("plan") as batch:
        batch.add_column(sa.Column("day_edits", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("plan") as batch:
        batch.drop_column("day_edits")
