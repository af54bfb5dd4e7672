"""contact search (FTS5) and the index for sorting by last personal check-in

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 19:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Kept in step with callbook.services.search: one row per contact, rowid = contacts.id.
ROWS = """
INSERT INTO contact_search (rowid, name, company, notes, family, interests)
SELECT c.id,
       trim(c.first_name || ' ' || c.last_name),
       c.company,
       c.notes || ' ' || c.personal_notes,
       coalesce((SELECT group_concat(f.name, ' ') FROM family_members f
                 WHERE f.contact_id = c.id), ''),
       coalesce((SELECT group_concat(i.text, ' ') FROM interests i
                 WHERE i.contact_id = c.id), '')
FROM contacts c
"""


def upgrade() -> None:
    op.execute(
        "CREATE VIRTUAL TABLE contact_search USING fts5("
        "name, company, notes, family, interests, "
        "tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3')"
    )
    op.execute(ROWS)
    op.create_index("ix_contacts_last_checkin", "contacts", ["last_personal_checkin_at"])


def downgrade() -> None:
    op.drop_index("ix_contacts_last_checkin", table_name="contacts")
    op.execute("DROP TABLE contact_search")
