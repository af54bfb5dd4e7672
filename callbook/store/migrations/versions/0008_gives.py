"""gives: what was given, introductions, ideas to give next, and the give/ask balance

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-24 10:00:00
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

from callbook.domain.gives import Touch, balance, given
from callbook.domain.vocabulary import Direction, Outcome, Purpose

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("gives", schema=None) as batch_op:
        batch_op.add_column(sa.Column("other_contact_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("interaction_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("logged_at", sa.DateTime(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_gives_other_contact_id_contacts"),
            "contacts",
            ["other_contact_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_gives_interaction_id_interactions"),
            "interactions",
            ["interaction_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_index(batch_op.f("ix_gives_other_contact_id"), ["other_contact_id"])
        batch_op.create_index(batch_op.f("ix_gives_interaction_id"), ["interaction_id"])

    op.create_table(
        "give_ideas",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("text", sa.String(length=300), nullable=False),
        sa.Column("other_contact_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_give_ideas_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["other_contact_id"],
            ["contacts.id"],
            name=op.f("fk_give_ideas_other_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_give_ideas")),
    )
    with op.batch_alter_table("give_ideas", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_give_ideas_contact_id"), ["contact_id"])
        batch_op.create_index(batch_op.f("ix_give_ideas_other_contact_id"), ["other_contact_id"])

    # Added in place: the contacts table is never copied for three numbers.
    op.add_column(
        "contacts", sa.Column("asks_since_give", sa.Integer(), nullable=False, server_default="0")
    )
    op.add_column(
        "contacts", sa.Column("asks_in_a_row", sa.Integer(), nullable=False, server_default="0")
    )
    op.add_column("contacts", sa.Column("last_give_on", sa.Date(), nullable=True))
    op.create_index("ix_contacts_asks_since_give", "contacts", ["asks_since_give", "last_give_on"])
    op.add_column(
        "quick_log_drafts",
        sa.Column("give_kind", sa.String(length=20), nullable=False, server_default=""),
    )

    connection = op.get_bind()
    # A touch logged as a give before gives were recorded becomes a give of its own, so
    # no give is lost from the balance (its day read in UTC: the rep's zone is not known here).
    connection.exec_driver_sql(
        "INSERT INTO gives (contact_id, given_on, kind, note, interaction_id, logged_at) "
        "SELECT contact_id, date(occurred_at), 'other', substr(note, 1, 300), id, occurred_at "
        "FROM interactions WHERE purpose = 'give' ORDER BY occurred_at, id"
    )
    _fill_balances(connection)


def _instant(stored: str) -> datetime:
    return datetime.fromisoformat(stored).replace(tzinfo=UTC)


def _fill_balances(connection: sa.Connection) -> None:
    """Work out each contact's stored balance from the log, by the one rule."""
    zone = ZoneInfo("UTC")
    gives: dict[int, list[tuple[str, str | None]]] = {}
    for contact_id, given_on, logged_at in connection.exec_driver_sql(
        "SELECT contact_id, given_on, logged_at FROM gives"
    ):
        gives.setdefault(contact_id, []).append((given_on, logged_at))
    touches: dict[int, list[Touch]] = {}
    for contact_id, at, purpose, direction, outcome in connection.exec_driver_sql(
        "SELECT contact_id, occurred_at, purpose, direction, outcome FROM interactions"
    ):
        touches.setdefault(contact_id, []).append(
            Touch(_instant(at), Purpose(purpose), Direction(direction), Outcome(outcome))
        )
    now = datetime.now(UTC)
    rows = []
    for contact_id in touches.keys() | gives.keys():
        found = balance(
            touches.get(contact_id, ()),
            [
                given(date.fromisoformat(on), _instant(at) if at else None, zone)
                for on, at in gives.get(contact_id, ())
            ],
            now,
            zone,
        )
        rows.append(
            (
                found.asks_since_give,
                found.asks_in_a_row,
                found.last_give_on.isoformat() if found.last_give_on else None,
                contact_id,
            )
        )
    if rows:
        connection.exec_driver_sql(
            "UPDATE contacts SET asks_since_give = ?, asks_in_a_row = ?, last_give_on = ? "
            "WHERE id = ?",
            rows,
        )


def downgrade() -> None:
    op.drop_column("quick_log_drafts", "give_kind")
    op.drop_index("ix_contacts_asks_since_give", table_name="contacts")
    op.drop_column("contacts", "last_give_on")
    op.drop_column("contacts", "asks_in_a_row")
    op.drop_column("contacts", "asks_since_give")
    with op.batch_alter_table("give_ideas", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_give_ideas_other_contact_id"))
        batch_op.drop_index(batch_op.f("ix_give_ideas_contact_id"))
    op.drop_table("give_ideas")
    with op.batch_alter_table("gives", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_gives_interaction_id"))
        batch_op.drop_index(batch_op.f("ix_gives_other_contact_id"))
        batch_op.drop_constraint(
            batch_op.f("fk_gives_interaction_id_interactions"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_gives_other_contact_id_contacts"), type_="foreignkey"
        )
        batch_op.drop_column("logged_at")
        batch_op.drop_column("interaction_id")
        batch_op.drop_column("other_contact_id")
