"""meetings, agenda, parking lot, export time

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("meeting",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("postmortem_id", sa.Integer(), nullable=False),
    sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("current_position", sa.Integer(), nullable=True),
    sa.Column("event_mark", sa.Integer(), nullable=False),
    sa.Column("cause_mark", sa.Integer(), nullable=False),
    sa.Column("action_mark", sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(["postmortem_id"], ["postmortem.id"], ondelete="CASCADE"),
    sa.PrimaryKeyConstraint("id")
    )
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_postmortem_id"), ["postmortem_id"], unique=False)

    op.create_table("parking_item",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("postmortem_id", sa.Integer(), nullable=False),
    sa.Column("position", sa.Integer(), nullable=False),
    sa.Column("text", sa.String(), nullable=False),
    sa.Column("by", sa.String(), nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("section", sa.String(), nullable=False),
    sa.Column("done", sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(["postmortem_id"], ["postmortem.id"], ondelete="CASCADE"),
    sa.PrimaryKeyConstraint("id")
    )
    with op.batch_alter_table("parking_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_parking_item_postmortem_id"), ["postmortem_id"], unique=False)

    op.create_table("agenda_item",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("meeting_id", sa.Integer(), nullable=False),
    sa.Column("position", sa.Integer(), nullable=False),
    sa.Column("title", sa.String(), nullable=False),
    sa.Column("step", sa.Integer(), nullable=False),
    sa.Column("section", sa.String(), nullable=False),
    sa.Column("timebox_minutes", sa.Integer(), nullable=False),
    sa.Column("spent_seconds", sa.Float(), nullable=False),
    sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], ondelete="CASCADE"),
    sa.PrimaryKeyConstraint("id")
    )
    with op.batch_alter_table("agenda_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agenda_item_meeting_id"), ["meeting_id"], unique=False)

    op.create_table("meeting_participant",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("meeting_id", sa.Integer(), nullable=False),
    sa.Column("position", sa.Integer(), nullable=False),
    sa.Column("name", sa.String(), nullable=False),
    sa.Column("role", sa.String(), nullable=False),
    sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], ondelete="CASCADE"),
    sa.PrimaryKeyConstraint("id")
    )
    with op.batch_alter_table("meeting_participant", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_participant_meeting_id"), ["meeting_id"], unique=False)

    with op.batch_alter_table("postmortem", schema=None) as batch_op:
        batch_op.add_column(sa.Column("exported_at", sa.DateTime(timezone=True), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table("postmortem", schema=None) as batch_op:
        batch_op.drop_column("exported_at")

    with op.batch_alter_table("meeting_participant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_participant_meeting_id"))

    op.drop_table("meeting_participant")
    with op.batch_alter_table("agenda_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agenda_item_meeting_id"))

    op.drop_table("agenda_item")
    with op.batch_alter_table("parking_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_parking_item_postmortem_id"))

    op.drop_table("parking_item")
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_postmortem_id"))

    op.drop_table("meeting")
