"""today indexes: Today's candidates and who they are read from covering indexes

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 21:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TODAY_COLUMNS = [
    "checkin_due_at",
    "snoozed_until",
    "tier",
    "checkin_rhythm_days",
    "last_personal_checkin_at",
    "first_name",
    "last_name",
    "company",
]
# closed_at is always NULL in it, and is there so that the index covers the query.
CHASE_COLUMNS = ["next_attempt_on", "contact_id", "kind", "attempts", "opened_at", "closed_at"]
WHO_COLUMNS = ["id", "snoozed_until", "tier", "first_name", "last_name", "company"]


def upgrade() -> None:
    op.drop_index("ix_contacts_checkin_due_at", table_name="contacts")
    op.create_index("ix_contacts_today", "contacts", TODAY_COLUMNS)
    op.create_index("ix_contacts_who", "contacts", WHO_COLUMNS)
    # Birthdays and dates coming up, and whose they are, without opening their rows.
    op.drop_index("ix_family_members_birthday", table_name="family_members")
    op.create_index(
        "ix_family_members_birthday", "family_members", ["birth_month", "birth_day", "contact_id"]
    )
    op.drop_index("ix_important_dates_day", table_name="important_dates")
    op.create_index("ix_important_dates_day", "important_dates", ["month", "day", "contact_id"])
    op.drop_index("ix_open_loops_next_attempt", table_name="open_loops")
    op.create_index(
        "ix_open_loops_next_attempt",
        "open_loops",
        CHASE_COLUMNS,
        sqlite_where=sa.text("closed_at IS NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_open_loops_next_attempt", table_name="open_loops")
    op.create_index(
        "ix_open_loops_next_attempt",
        "open_loops",
        ["next_attempt_on"],
        sqlite_where=sa.text("closed_at IS NULL"),
    )
    op.drop_index("ix_important_dates_day", table_name="important_dates")
    op.create_index("ix_important_dates_day", "important_dates", ["month", "day"])
    op.drop_index("ix_family_members_birthday", table_name="family_members")
    op.create_index("ix_family_members_birthday", "family_members", ["birth_month", "birth_day"])
    op.drop_index("ix_contacts_who", table_name="contacts")
    op.drop_index("ix_contacts_today", table_name="contacts")
    op.create_index("ix_contacts_checkin_due_at", "contacts", ["checkin_due_at"])
