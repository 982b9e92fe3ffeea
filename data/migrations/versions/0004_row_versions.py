"""row versions: version and changed_by on every row people edit; 64-bit impact counts

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

VERSIONED_TABLES = (
    "postmortem", "timeline_event", "impact", "impact_metric", "why_node", "fishbone_category",
    "fishbone_cause", "fault_node", "root_cause", "corrective_action", "learning_item", "reference",
    "parking_item",
)
IMPACT_COUNTS = ("users_affected", "user_base", "support_tickets", "churned_customers")


def upgrade() -> None:
    # Plain ADD COLUMN with a default works in place on SQLite and PostgreSQL alike.
    for table in VERSIONED_TABLES:
        op.add_column(table, sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
        op.add_column(table, sa.Column("changed_by", sa.String(), nullable=False, server_default=""))
    # Counts of people and tickets reach past 2**31 (PostgreSQL's INTEGER); SQLite stores both alike.
    with op.batch_alter_table("impact") as batch_op:
        for column in IMPACT_COUNTS:
            batch_op.alter_column(column, type_=sa.BigInteger(), existing_type=sa.Integer(), existing_nullable=True)


def downgrade() -> None:
    with op.batch_alter_table("impact") as batch_op:
        for column in IMPACT_COUNTS:
            batch_op.alter_column(column, type_=sa.Integer(), existing_type=sa.BigInteger(), existing_nullable=True)
    for table in VERSIONED_TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("changed_by")
            batch_op.drop_column("version")
