"""insights indexes: a period's touches read by time, and each contact's zone, from indexes

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 23:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
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


def upgrade() -> None:
    op.create_index("ix_interactions_insights", "interactions", INSIGHTS_COLUMNS)
    # Each call's contact zone, read from a narrow index rather than the contact's row.
    op.create_index("ix_contacts_zone", "contacts", ["id", "time_zone"])


def downgrade() -> None:
    op.drop_index("ix_contacts_zone", table_name="contacts")
    op.drop_index("ix_interactions_insights", table_name="interactions")
