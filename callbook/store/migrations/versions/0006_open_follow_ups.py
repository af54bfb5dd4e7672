"""open follow-ups: a few contacts' open next steps found by contact

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 23:55:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

OPEN = "next_step_due IS NOT NULL AND next_step_done_at IS NULL"


def upgrade() -> None:
    # Today's rows for the contacts on screen read their open next steps here, not every
    # touch they ever had (a cost that grew with the log) nor everyone's open next steps.
    op.create_index(
        "ix_interactions_open_follow_ups",
        "interactions",
        ["contact_id", "next_step_due"],
        sqlite_where=sa.text(OPEN),
    )


def downgrade() -> None:
    op.drop_index("ix_interactions_open_follow_ups", table_name="interactions")
