"""review dismissals and rubric overrides

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "finding_dismissal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("postmortem_id", sa.Integer(), nullable=False),
        sa.Column("rule", sa.String(), nullable=False),
        sa.Column("path", sa.String(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("by", sa.String(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["postmortem_id"], ["postmortem.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("finding_dismissal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_finding_dismissal_postmortem_id"), ["postmortem_id"], unique=False)

    op.create_table(
        "rubric_override",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("postmortem_id", sa.Integer(), nullable=False),
        sa.Column("criterion", sa.String(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
        sa.Column("by", sa.String(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["postmortem_id"], ["postmortem.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("rubric_override", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rubric_override_postmortem_id"), ["postmortem_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("rubric_override", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rubric_override_postmortem_id"))

    op.drop_table("rubric_override")
    with op.batch_alter_table("finding_dismissal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_finding_dismissal_postmortem_id"))

    op.drop_table("finding_dismissal")
