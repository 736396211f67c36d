"""Built print packs and print-page maps by what they show (store/built_files.py), shared by
every server process.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 04:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "built_file",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_index("ix_built_file_created_at", "built_file", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_built_file_created_at", table_name="built_file")
    op.drop_table("built_file")
