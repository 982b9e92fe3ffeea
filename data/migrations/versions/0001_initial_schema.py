"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "postmortem",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("incident_type", sa.String(), nullable=False),
        sa.Column("severity", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("timezone", sa.String(), nullable=False),
        sa.Column("summary", sa.String(), nullable=False),
        sa.Column("owner", sa.String(), nullable=False),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("problem_statement", sa.String(), nullable=False),
        sa.Column("closed_reason", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("incident_id"),
    )
    op.create_table(
        "tag",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "contributor",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("postmortem_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["postmortem_id"], ["postmortem.id"], ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("contributor", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contributor_postmortem_id"), ["postmortem_id"], unique=False
        )

    op.create_table(
        "corrective_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("postmortem_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("owner", sa.String(), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("action_type", sa.String(), nullable=True),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("status_reason", sa.String(), nullable=False),
        sa.Column("impact", sa.String(), nullable=True),
        sa.Column("effort", sa.String(), nullable=True),
        sa.Column("control", sa.String(), nullable=True),
        sa.Column("success_measure", sa.String(), nullable=False),
        sa.Column("tracker", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["postmortem_id"], ["postmortem.id"], ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("corrective_action", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_corrective_action_due"), ["due"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_corrective_action_postmortem_id"),
            ["postmortem_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_corrective_action_status"), ["status"], unique=False
        )

    op.create_table(
        "fault_node",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("postmortem_id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(), nullable=False),
        sa.Column("gate", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(["parent_id"], ["fault_node.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["postmortem_id"], ["postmortem.id"], ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("fault_node", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_fault_node_postmortem_id"), ["postmortem_id"], unique=False
        )

    op.create_table(
        "fishbone_category",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("postmortem_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["postmortem_id"], ["postmortem.id"], ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("fishbone_category", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_fishbone_category_postmortem_id"),
            ["postmortem_id"],
            unique=False,
        )

    op.create_table(
        "impact",
        sa.Column("postmortem_id", sa.Integer(), nullable=False),
        sa.Column("users_affected", sa.Integer(), nullable=True),
        sa.Column("user_base", sa.Integer(), nullable=True),
        sa.Column("degradation_percent", sa.Float(), nullable=True),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=True),
        sa.Column("window_end", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revenue_amount", sa.Float(), nullable=True),
        sa.Column("revenue_period", sa.String(), nullable=False),
        sa.Column("currency", sa.String(), nullable=False),
        sa.Column("slo_target_percent", sa.Float(), nullable=True),
        sa.Column("slo_window_days", sa.Float(), nullable=True),
        sa.Column("mrr", sa.Float(), nullable=True),
        sa.Column("sla_credit_percent", sa.Float(), nullable=True),
        sa.Column("support_tickets", sa.Integer(), nullable=True),
        sa.Column("responder_hours", sa.Float(), nullable=True),
        sa.Column("hourly_cost", sa.Float(), nullable=True),
        sa.Column("churned_customers", sa.Integer(), nullable=True),
        sa.Column("churned_arr", sa.Float(), nullable=True),
        sa.Column("nps_before", sa.Float(), nullable=True),
        sa.Column("nps_after", sa.Float(), nullable=True),
        sa.Column("narrative", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["postmortem_id"], ["postmortem.id"], ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("postmortem_id"),
    )
    op.create_table(
        "impact_metric",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("postmortem_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("baseline", sa.String(), nullable=False),
        sa.Column("during", sa.String(), nullable=False),
        sa.Column("after", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["postmortem_id"], ["postmortem.id"], ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("impact_metric", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_impact_metric_postmortem_id"),
            ["postmortem_id"],
            unique=False,
        )

    op.create_table(
        "learning_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("postmortem_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["postmortem_id"], ["postmortem.id"], ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("learning_item", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_learning_item_postmortem_id"),
            ["postmortem_id"],
            unique=False,
        )

    op.create_table(
        "postmortem_tag",
        sa.Column("postmortem_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["postmortem_id"], ["postmortem.id"], ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["tag_id"], ["tag.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("postmortem_id", "tag_id"),
    )
    with op.batch_alter_table("postmortem_tag", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_postmortem_tag_tag_id"), ["tag_id"], unique=False
        )

    op.create_table(
        "reference",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("postmortem_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(), nullable=False),
        sa.Column("url", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["postmortem_id"], ["postmortem.id"], ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("reference", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reference_postmortem_id"), ["postmortem_id"], unique=False
        )

    op.create_table(
        "timeline_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("postmortem_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("description", sa.String(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("action_taken", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["postmortem_id"], ["postmortem.id"], ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("timeline_event", schema=None) as batch_op:
        batch_op.create_index(
            "ix_timeline_event_order", ["postmortem_id", "at", "seq"], unique=False
        )

    op.create_table(
        "why_node",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("postmortem_id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("question", sa.String(), nullable=False),
        sa.Column("answer", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["parent_id"], ["why_node.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["postmortem_id"], ["postmortem.id"], ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("why_node", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_why_node_postmortem_id"), ["postmortem_id"], unique=False
        )

    op.create_table(
        "action_update",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("by", sa.String(), nullable=False),
        sa.Column("old_status", sa.String(), nullable=True),
        sa.Column("new_status", sa.String(), nullable=True),
        sa.Column("note", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"], ["corrective_action.id"], ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("action_update", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_action_update_action_id"), ["action_id"], unique=False
        )

    op.create_table(
        "fishbone_cause",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("postmortem_id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["category_id"], ["fishbone_category.id"], ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["fishbone_cause.id"], ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["postmortem_id"], ["postmortem.id"], ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("fishbone_cause", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_fishbone_cause_postmortem_id"),
            ["postmortem_id"],
            unique=False,
        )

    op.create_table(
        "root_cause",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("postmortem_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("category", sa.String(), nullable=False),
        sa.Column("why_node_id", sa.Integer(), nullable=True),
        sa.Column("fishbone_cause_id", sa.Integer(), nullable=True),
        sa.Column("fault_node_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["fault_node_id"], ["fault_node.id"], ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["fishbone_cause_id"], ["fishbone_cause.id"], ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["postmortem_id"], ["postmortem.id"], ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["why_node_id"], ["why_node.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("root_cause", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_root_cause_postmortem_id"), ["postmortem_id"], unique=False
        )

    op.create_table(
        "action_root_cause",
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("root_cause_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"], ["corrective_action.id"], ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["root_cause_id"], ["root_cause.id"], ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("action_id", "root_cause_id"),
    )
    with op.batch_alter_table("action_root_cause", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_action_root_cause_root_cause_id"),
            ["root_cause_id"],
            unique=False,
        )


def downgrade() -> None:

    with op.batch_alter_table("action_root_cause", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_root_cause_root_cause_id"))

    op.drop_table("action_root_cause")
    with op.batch_alter_table("root_cause", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_root_cause_postmortem_id"))

    op.drop_table("root_cause")
    with op.batch_alter_table("fishbone_cause", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fishbone_cause_postmortem_id"))

    op.drop_table("fishbone_cause")
    with op.batch_alter_table("action_update", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_update_action_id"))

    op.drop_table("action_update")
    with op.batch_alter_table("why_node", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_why_node_postmortem_id"))

    op.drop_table("why_node")
    with op.batch_alter_table("timeline_event", schema=None) as batch_op:
        batch_op.drop_index("ix_timeline_event_order")

    op.drop_table("timeline_event")
    with op.batch_alter_table("reference", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reference_postmortem_id"))

    op.drop_table("reference")
    with op.batch_alter_table("postmortem_tag", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_postmortem_tag_tag_id"))

    op.drop_table("postmortem_tag")
    with op.batch_alter_table("learning_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_learning_item_postmortem_id"))

    op.drop_table("learning_item")
    with op.batch_alter_table("impact_metric", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_impact_metric_postmortem_id"))

    op.drop_table("impact_metric")
    op.drop_table("impact")
    with op.batch_alter_table("fishbone_category", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fishbone_category_postmortem_id"))

    op.drop_table("fishbone_category")
    with op.batch_alter_table("fault_node", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fault_node_postmortem_id"))

    op.drop_table("fault_node")
    with op.batch_alter_table("corrective_action", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_corrective_action_status"))
        batch_op.drop_index(batch_op.f("ix_corrective_action_postmortem_id"))
        batch_op.drop_index(batch_op.f("ix_corrective_action_due"))

    op.drop_table("corrective_action")
    with op.batch_alter_table("contributor", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contributor_postmortem_id"))

    op.drop_table("contributor")
    op.drop_table("tag")
    op.drop_table("postmortem")
