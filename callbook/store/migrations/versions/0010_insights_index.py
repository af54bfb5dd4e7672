"""insights indexes: a period's touches by time, and what is read of every contact

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-08 00:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

INSIGHTS_COLUMNS = [
    "occurred_at",
    "channel",
    "direction",
    "outcome",
    "purpose",
    "contact_id",
]
CONTACT_COLUMNS = ["id", "time_zone", "tier", "checkin_rhythm_days", "created_at"]


def upgrade() -> None:
    op.create_index("ix_interactions_insights", "interactions", INSIGHTS_COLUMNS)
    # What Insights read of every contact (and each call's zone), from a narrow index
    # rather than the contacts' wide rows.
    op.create_index("ix_contacts_insights", "contacts", CONTACT_COLUMNS)


def downgrade() -> None:
    op.drop_index("ix_contacts_insights", table_name="contacts")
    op.drop_index("ix_interactions_insights", table_name="interactions")
