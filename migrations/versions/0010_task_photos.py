"""Before/after photos of a plan's tasks (task_photo: the task's key, before or after, the stored
file, its thumbnail and sha256). A new table only; nothing to convert.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 04:34:20.961856
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "task_photo",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("task_key", sa.String(length=40), nullable=False),
        sa.Column("stage", sa.String(length=10), nullable=False),
        sa.Column("file_name", sa.String(length=200), nullable=False),
        sa.Column("path", sa.String(length=400), nullable=False),
        sa.Column("thumb_path", sa.String(length=400), nullable=False),
        sa.Column("media_type", sa.String(length=40), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("uploaded_by", sa.String(length=80), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["plan_id"], ["plan.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("task_photo", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_task_photo_plan_id"), ["plan_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("task_photo", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_task_photo_plan_id"))

    op.drop_table("task_photo")
