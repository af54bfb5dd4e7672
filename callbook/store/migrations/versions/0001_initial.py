"""contacts, people, reach, log, loops, scripts, gives, settings

Revision ID: 0001
Revises:
Create Date: 2026-11-23 18:23:00.638735
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
        "contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("first_name", sa.String(length=200), nullable=False),
        sa.Column("last_name", sa.String(length=200), nullable=False),
        sa.Column("company", sa.String(length=300), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("tier", sa.String(length=1), nullable=False),
        sa.Column("account_value", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("time_zone", sa.String(length=64), nullable=True),
        sa.Column("checkin_rhythm_days", sa.Integer(), nullable=True),
        sa.Column("personal_notes", sa.Text(), nullable=False),
        sa.Column("preferred_channels", sa.JSON(), nullable=False),
        sa.Column("place", sa.String(length=300), nullable=False),
        sa.Column("assistant_name", sa.String(length=200), nullable=False),
        sa.Column("assistant_phone", sa.String(length=32), nullable=False),
        sa.Column("assistant_notes", sa.Text(), nullable=False),
        sa.Column("boss_name", sa.String(length=200), nullable=False),
        sa.Column("reception_notes", sa.Text(), nullable=False),
        sa.Column("question_asked", sa.Boolean(), nullable=False),
        sa.Column("question_answer", sa.Text(), nullable=False),
        sa.Column("industry", sa.String(length=200), nullable=False),
        sa.Column("role_function", sa.String(length=200), nullable=False),
        sa.Column("on_their_mind", sa.Text(), nullable=False),
        sa.Column("company_notes", sa.Text(), nullable=False),
        sa.Column("last_personal_checkin_at", sa.DateTime(), nullable=True),
        sa.Column("last_touch_at", sa.DateTime(), nullable=True),
        sa.Column("checkin_due_at", sa.DateTime(), nullable=False),
        sa.Column("snoozed_until", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contacts")),
    )
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contacts_checkin_due_at"), ["checkin_due_at"], unique=False
        )
        batch_op.create_index("ix_contacts_company", ["company"], unique=False)
        batch_op.create_index("ix_contacts_name", ["last_name", "first_name"], unique=False)
        batch_op.create_index("ix_contacts_tier", ["tier"], unique=False)

    op.create_table(
        "scripts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scripts")),
        sa.UniqueConstraint("name", name=op.f("uq_scripts_name")),
    )
    op.create_table(
        "settings",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_settings")),
    )
    op.create_table(
        "tags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tags")),
        sa.UniqueConstraint("name", name=op.f("uq_tags_name")),
    )
    op.create_table(
        "best_times",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("weekday_mask", sa.Integer(), nullable=False),
        sa.Column("start_minute", sa.Integer(), nullable=False),
        sa.Column("end_minute", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_best_times_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_best_times")),
    )
    with op.batch_alter_table("best_times", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_best_times_contact_id"), ["contact_id"], unique=False)

    op.create_table(
        "contact_tags",
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_contact_tags_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tag_id"], ["tags.id"], name=op.f("fk_contact_tags_tag_id_tags"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("contact_id", "tag_id", name=op.f("pk_contact_tags")),
    )
    with op.batch_alter_table("contact_tags", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contact_tags_tag_id"), ["tag_id"], unique=False)

    op.create_table(
        "family_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("relation", sa.String(length=80), nullable=False),
        sa.Column("birth_month", sa.Integer(), nullable=True),
        sa.Column("birth_day", sa.Integer(), nullable=True),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_family_members_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_family_members")),
    )
    with op.batch_alter_table("family_members", schema=None) as batch_op:
        batch_op.create_index(
            "ix_family_members_birthday", ["birth_month", "birth_day"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_family_members_contact_id"), ["contact_id"], unique=False
        )

    op.create_table(
        "gives",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("given_on", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_gives_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gives")),
    )
    with op.batch_alter_table("gives", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_gives_contact_id"), ["contact_id"], unique=False)

    op.create_table(
        "important_dates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_important_dates_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_important_dates")),
    )
    with op.batch_alter_table("important_dates", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_important_dates_contact_id"), ["contact_id"], unique=False
        )
        batch_op.create_index("ix_important_dates_day", ["month", "day"], unique=False)

    op.create_table(
        "interests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_interests_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interests")),
    )
    with op.batch_alter_table("interests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_interests_contact_id"), ["contact_id"], unique=False)

    op.create_table(
        "open_loops",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("next_attempt_on", sa.Date(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("closed_by", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_open_loops_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_open_loops")),
    )
    with op.batch_alter_table("open_loops", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_open_loops_contact_id"), ["contact_id"], unique=False)
        batch_op.create_index(
            "ix_open_loops_next_attempt",
            ["next_attempt_on"],
            unique=False,
            sqlite_where=sa.text("closed_at IS NULL"),
        )

    op.create_table(
        "phones",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=40), nullable=False),
        sa.Column("e164", sa.String(length=20), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_phones_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_phones")),
    )
    with op.batch_alter_table("phones", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_phones_contact_id"), ["contact_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_phones_e164"), ["e164"], unique=False)

    op.create_table(
        "interactions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("direction", sa.String(length=10), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("purpose", sa.String(length=20), nullable=False),
        sa.Column("duration_seconds", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("next_step", sa.Text(), nullable=False),
        sa.Column("next_step_due", sa.Date(), nullable=True),
        sa.Column("next_step_done_at", sa.DateTime(), nullable=True),
        sa.Column("script_id", sa.Integer(), nullable=True),
        sa.Column("loop_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_interactions_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["loop_id"],
            ["open_loops.id"],
            name=op.f("fk_interactions_loop_id_open_loops"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["script_id"],
            ["scripts.id"],
            name=op.f("fk_interactions_script_id_scripts"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interactions")),
    )
    with op.batch_alter_table("interactions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_interactions_contact_time", ["contact_id", "occurred_at"], unique=False
        )
        batch_op.create_index(
            "ix_interactions_follow_up_due",
            ["next_step_due"],
            unique=False,
            sqlite_where=sa.text("next_step_due IS NOT NULL AND next_step_done_at IS NULL"),
        )
        batch_op.create_index("ix_interactions_loop", ["loop_id"], unique=False)
        batch_op.create_index("ix_interactions_script", ["script_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("interactions", schema=None) as batch_op:
        batch_op.drop_index("ix_interactions_script")
        batch_op.drop_index("ix_interactions_loop")
        batch_op.drop_index(
            "ix_interactions_follow_up_due",
            sqlite_where=sa.text("next_step_due IS NOT NULL AND next_step_done_at IS NULL"),
        )
        batch_op.drop_index("ix_interactions_contact_time")

    op.drop_table("interactions")
    with op.batch_alter_table("phones", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_phones_e164"))
        batch_op.drop_index(batch_op.f("ix_phones_contact_id"))

    op.drop_table("phones")
    with op.batch_alter_table("open_loops", schema=None) as batch_op:
        batch_op.drop_index("ix_open_loops_next_attempt", sqlite_where=sa.text("closed_at IS NULL"))
        batch_op.drop_index(batch_op.f("ix_open_loops_contact_id"))

    op.drop_table("open_loops")
    with op.batch_alter_table("interests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_interests_contact_id"))

    op.drop_table("interests")
    with op.batch_alter_table("important_dates", schema=None) as batch_op:
        batch_op.drop_index("ix_important_dates_day")
        batch_op.drop_index(batch_op.f("ix_important_dates_contact_id"))

    op.drop_table("important_dates")
    with op.batch_alter_table("gives", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_gives_contact_id"))

    op.drop_table("gives")
    with op.batch_alter_table("family_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_family_members_contact_id"))
        batch_op.drop_index("ix_family_members_birthday")

    op.drop_table("family_members")
    with op.batch_alter_table("contact_tags", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_tags_tag_id"))

    op.drop_table("contact_tags")
    with op.batch_alter_table("best_times", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_best_times_contact_id"))

    op.drop_table("best_times")
    op.drop_table("tags")
    op.drop_table("settings")
    op.drop_table("scripts")
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_index("ix_contacts_tier")
        batch_op.drop_index("ix_contacts_name")
        batch_op.drop_index("ix_contacts_company")
        batch_op.drop_index(batch_op.f("ix_contacts_checkin_due_at"))

    op.drop_table("contacts")
