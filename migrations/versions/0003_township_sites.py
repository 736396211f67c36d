"""The townships' own stops: the history of their edits (stop_change), stop photos
(stop_photo) and the township a township user is bound to (user.township_code). New tables and
one nullable column; existing rows are untouched.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 02:17:46.072100
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stop_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("stop_id", sa.String(length=80), nullable=False),
        sa.Column("township_code", sa.String(length=12), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("username", sa.String(length=80), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("layer_revision", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("stop_change", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stop_change_stop_id"), ["stop_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_stop_change_township_code"), ["township_code"], unique=False
        )

    op.create_table(
        "stop_photo",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("stop_id", sa.String(length=80), nullable=False),
        sa.Column("file_name", sa.String(length=200), nullable=False),
        sa.Column("path", sa.String(length=400), nullable=False),
        sa.Column("thumb_path", sa.String(length=400), nullable=False),
        sa.Column("media_type", sa.String(length=40), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("kept_location", sa.Boolean(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("uploaded_by", sa.String(length=80), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("stop_photo", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stop_photo_stop_id"), ["stop_id"], unique=False)

    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("township_code", sa.String(length=12), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_column("township_code")

    with op.batch_alter_table("stop_photo", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stop_photo_stop_id"))

    op.drop_table("stop_photo")
    with op.batch_alter_table("stop_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stop_change_township_code"))
        batch_op.drop_index(batch_op.f("ix_stop_change_stop_id"))

    op.drop_table("stop_change")
