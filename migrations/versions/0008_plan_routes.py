"""A plan's named routes over part of its sites (plan.routes: key, name, day budget, own settings,
sites included or left out by hand). One nullable JSON column; existing plans get none (their
full tour of every site stays the default).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 04:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("plan") as batch:
        batch.add_column(sa.Column("routes", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("plan") as batch:
        batch.drop_column("routes")
