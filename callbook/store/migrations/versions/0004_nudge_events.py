"""nudge history: every nudge fired, missed, clicked, snoozed or dismissed

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 21:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "nudge_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("happened_at", sa.DateTime(), nullable=False),
        sa.Column("event", sa.String(length=20), nullable=False),
        sa.Column("nudge_key", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("snoozed_until", sa.DateTime(), nullable=True),
        sa.Column("via", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_nudge_events_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nudge_events")),
    )
    with op.batch_alter_table("nudge_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_nudge_events_contact_id"), ["contact_id"])
        batch_op.create_index("ix_nudge_events_key", ["nudge_key"])
        batch_op.create_index("ix_nudge_events_happened_at", ["happened_at"])
        batch_op.create_index("ix_nudge_events_due_at", ["due_at"])


def downgrade() -> None:
    with op.batch_alter_table("nudge_events", schema=None) as batch_op:
        batch_op.drop_index("ix_nudge_events_due_at")
        batch_op.drop_index("ix_nudge_events_happened_at")
        batch_op.drop_index("ix_nudge_events_key")
        batch_op.drop_index(batch_op.f("ix_nudge_events_contact_id"))
    op.drop_table("nudge_events")
