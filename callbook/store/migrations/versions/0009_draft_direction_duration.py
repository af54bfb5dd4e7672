"""draft direction and duration: the quick log's direction and duration survive a crash too

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 23:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Blank means as the outcome implies (direction) and not given (duration).
    op.add_column(
        "quick_log_drafts",
        sa.Column("direction", sa.String(length=20), nullable=False, server_default=""),
    )
    op.add_column(
        "quick_log_drafts",
        sa.Column("duration_text", sa.String(length=20), nullable=False, server_default=""),
    )


def downgrade() -> None:
    op.drop_column("quick_log_drafts", "duration_text")
    op.drop_column("quick_log_drafts", "direction")
