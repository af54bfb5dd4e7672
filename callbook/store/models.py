"""Tables for contacts, their people and dates, how to reach them, and every touch."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from callbook.domain.names import shown_name
from callbook.store.columns import UTCDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with stable constraint names for migrations."""

    metadata = MetaData(naming_convention=NAMING)


def owner_column() -> Mapped[int]:
    """The contact a row belongs to; erasing the contact erases the row."""
    return mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), index=True)


contact_tags = Table(
    "contact_tags",
    Base.metadata,
    Column("contact_id", ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Contact(Base):
    """A person the rep calls (F1), with how to reach them (F3) and research (F4)."""

    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    first_name: Mapped[str] = mapped_column(String(200), default="")
    last_name: Mapped[str] = mapped_column(String(200), default="")
    company: Mapped[str] = mapped_column(String(300), default="")
    title: Mapped[str] = mapped_column(String(300), default="")
    email: Mapped[str] = mapped_column(String(320), default="")
    tier: Mapped[str] = mapped_column(String(1), default="B")
    account_value: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str] = mapped_column(Text, default="")
    time_zone: Mapped[str | None] = mapped_column(String(64))
    checkin_rhythm_days: Mapped[int | None] = mapped_column(Integer)

    # F2: personal
    personal_notes: Mapped[str] = mapped_column(Text, default="")

    # F3: how to reach
    preferred_channels: Mapped[list[str]] = mapped_column(JSON, default=list)
    place: Mapped[str] = mapped_column(String(300), default="")
    assistant_name: Mapped[str] = mapped_column(String(200), default="")
    assistant_phone: Mapped[str] = mapped_column(String(32), default="")
    assistant_notes: Mapped[str] = mapped_column(Text, default="")
    boss_name: Mapped[str] = mapped_column(String(200), default="")
    reception_notes: Mapped[str] = mapped_column(Text, default="")
    question_asked: Mapped[bool] = mapped_column(Boolean, default=False)
    question_answer: Mapped[str] = mapped_column(Text, default="")

    # F4: research
    industry: Mapped[str] = mapped_column(String(200), default="")
    role_function: Mapped[str] = mapped_column(String(200), default="")
    on_their_mind: Mapped[str] = mapped_column(Text, default="")
    company_notes: Mapped[str] = mapped_column(Text, default="")

    # Aggregates kept by the services so Today never scans the log.
    last_personal_checkin_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_touch_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    checkin_due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    snoozed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The give/ask balance as the list sorts it and Today reads it (F12), from the log.
    asks_since_give: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    asks_in_a_row: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_give_on: Mapped[date | None] = mapped_column(Date)

    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    phones: Mapped[list[Phone]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", order_by="Phone.position"
    )
    family: Mapped[list[FamilyMember]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", order_by="FamilyMember.id"
    )
    dates: Mapped[list[ImportantDate]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", order_by="ImportantDate.id"
    )
    interests: Mapped[list[Interest]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", order_by="Interest.id"
    )
    best_times: Mapped[list[BestTime]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", order_by="BestTime.id"
    )
    tags: Mapped[list[Tag]] = relationship(secondary=contact_tags, order_by="Tag.name")

    __table_args__ = (
        Index("ix_contacts_name", "last_name", "first_name"),
        Index("ix_contacts_company", "company"),
        Index("ix_contacts_tier", "tier"),
        Index("ix_contacts_last_checkin", "last_personal_checkin_at"),
        Index("ix_contacts_asks_since_give", "asks_since_give", "last_give_on"),
        # What Insights read of every contact, and each call's zone, without the wide rows.
        Index(
            "ix_contacts_insights", "id", "time_zone", "tier", "checkin_rhythm_days", "created_at"
        ),
        # Covers what Today reads of everyone due: no row is opened for them.
        Index(
            "ix_contacts_today",
            "checkin_due_at",
            "snoozed_until",
            "tier",
            "checkin_rhythm_days",
            "last_personal_checkin_at",
            "first_name",
            "last_name",
            "company",
        ),
        # Who a chase, follow-up or date on Today belongs to, without opening their row.
        Index(
            "ix_contacts_who", "id", "snoozed_until", "tier", "first_name", "last_name", "company"
        ),
    )

    @property
    def name(self) -> str:
        """The name the rep sees: first and last, else the company."""
        return shown_name(self.first_name, self.last_name, self.company)


class Phone(Base):
    """A labelled phone number, stored E.164."""

    __tablename__ = "phones"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = owner_column()
    label: Mapped[str] = mapped_column(String(40), default="mobile")
    e164: Mapped[str] = mapped_column(String(20), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    contact: Mapped[Contact] = relationship(back_populates="phones")


class Tag(Base):
    """A word the rep files contacts under."""

    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)


class FamilyMember(Base):
    """Someone in a contact's family: 'ask about Sam'."""

    __tablename__ = "family_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = owner_column()
    name: Mapped[str] = mapped_column(String(200))
    relation: Mapped[str] = mapped_column(String(80), default="")
    birth_month: Mapped[int | None] = mapped_column(Integer)
    birth_day: Mapped[int | None] = mapped_column(Integer)
    birth_year: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str] = mapped_column(Text, default="")

    contact: Mapped[Contact] = relationship(back_populates="family")

    __table_args__ = (
        Index("ix_family_members_birthday", "birth_month", "birth_day", "contact_id"),
    )


class ImportantDate(Base):
    """A date that comes back every year: a birthday, a work anniversary."""

    __tablename__ = "important_dates"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = owner_column()
    label: Mapped[str] = mapped_column(String(200))
    month: Mapped[int] = mapped_column(Integer)
    day: Mapped[int] = mapped_column(Integer)
    year: Mapped[int | None] = mapped_column(Integer)

    contact: Mapped[Contact] = relationship(back_populates="dates")

    __table_args__ = (Index("ix_important_dates_day", "month", "day", "contact_id"),)


class Interest(Base):
    """Something a contact cares about: sailing, the Cubs, their vineyard."""

    __tablename__ = "interests"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = owner_column()
    text: Mapped[str] = mapped_column(String(300))

    contact: Mapped[Contact] = relationship(back_populates="interests")


class BestTime(Base):
    """A best-time window in the contact's own zone (weekday mask, minutes from midnight)."""

    __tablename__ = "best_times"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = owner_column()
    weekday_mask: Mapped[int] = mapped_column(Integer)
    start_minute: Mapped[int] = mapped_column(Integer)
    end_minute: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(String(300), default="")

    contact: Mapped[Contact] = relationship(back_populates="best_times")


class Script(Base):
    """A prepared voicemail, text or email with placeholders (F11)."""

    __tablename__ = "scripts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    body: Mapped[str] = mapped_column(Text)
    # An email's subject line (placeholders allowed); empty for the other kinds.
    subject: Mapped[str] = mapped_column(String(300), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # A retired script is offered nowhere, but keeps its history and figures.
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class OpenLoop(Base):
    """A message waiting on them to answer (F8)."""

    __tablename__ = "open_loops"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = owner_column()
    kind: Mapped[str] = mapped_column(String(20))
    subject: Mapped[str] = mapped_column(String(300), default="")
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    last_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime)
    next_attempt_on: Mapped[date | None] = mapped_column(Date)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_by: Mapped[str] = mapped_column(String(40), default="")

    __table_args__ = (
        Index(
            "ix_open_loops_next_attempt",
            "next_attempt_on",
            "contact_id",
            "kind",
            "attempts",
            "opened_at",
            "closed_at",  # always NULL here: it makes the index cover Today's query
            sqlite_where=text("closed_at IS NULL"),
        ),
    )


class Interaction(Base):
    """One call, voicemail, message or meeting, with its outcome (F5)."""

    __tablename__ = "interactions"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    channel: Mapped[str] = mapped_column(String(20))
    direction: Mapped[str] = mapped_column(String(10), default="outbound")
    outcome: Mapped[str] = mapped_column(String(20))
    purpose: Mapped[str] = mapped_column(String(20))
    duration_seconds: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    next_step: Mapped[str] = mapped_column(Text, default="")
    next_step_due: Mapped[date | None] = mapped_column(Date)
    next_step_done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    script_id: Mapped[int | None] = mapped_column(ForeignKey("scripts.id", ondelete="SET NULL"))
    loop_id: Mapped[int | None] = mapped_column(ForeignKey("open_loops.id", ondelete="SET NULL"))

    __table_args__ = (
        Index("ix_interactions_contact_time", "contact_id", "occurred_at"),
        Index(
            "ix_interactions_follow_up_due",
            "next_step_due",
            sqlite_where=text("next_step_due IS NOT NULL AND next_step_done_at IS NULL"),
        ),
        # The open next steps of a few contacts (the rows on screen), by contact.
        Index(
            "ix_interactions_open_follow_ups",
            "contact_id",
            "next_step_due",
            sqlite_where=text("next_step_due IS NOT NULL AND next_step_done_at IS NULL"),
        ),
        Index("ix_interactions_loop", "loop_id"),
        Index("ix_interactions_script", "script_id"),
        # Insights read a period's touches by time, and all they count of them, from here.
        Index(
            "ix_interactions_insights",
            "occurred_at",
            "channel",
            "direction",
            "outcome",
            "purpose",
            "contact_id",
        ),
    )


class Give(Base):
    """Something the rep gave with no ask (F12); an introduction names the other person too."""

    __tablename__ = "gives"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = owner_column()
    given_on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    # The other side of an introduction between two of the rep's contacts.
    other_contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL"), index=True
    )
    # The touch it was logged with from the quick log, if any.
    interaction_id: Mapped[int | None] = mapped_column(
        ForeignKey("interactions.id", ondelete="SET NULL"), index=True
    )
    logged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class GiveIdea(Base):
    """Something to give a contact next: an article to send, an intro to make (F12)."""

    __tablename__ = "give_ideas"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = owner_column()
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(String(300))
    # An intro to make: erasing either side erases the idea.
    other_contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Setting(Base):
    """One of the rep's preferences, as JSON."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[object] = mapped_column(JSON)


class QuickLogDraft(Base):
    """A quick log being typed, kept as the rep types so a crash loses nothing (F6)."""

    __tablename__ = "quick_log_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Erasing the contact erases what was being typed about them too.
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    contact_text: Mapped[str] = mapped_column(String(200), default="")
    outcome: Mapped[str] = mapped_column(String(20), default="")
    purpose: Mapped[str] = mapped_column(String(20), default="")
    channel: Mapped[str] = mapped_column(String(20), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    next_step: Mapped[str] = mapped_column(Text, default="")
    next_due_text: Mapped[str] = mapped_column(String(40), default="")
    give_kind: Mapped[str] = mapped_column(String(20), default="", server_default="")
    # Blank: the direction the outcome implies, and no duration given.
    direction: Mapped[str] = mapped_column(String(20), default="", server_default="")
    duration_text: Mapped[str] = mapped_column(String(20), default="", server_default="")
    script_id: Mapped[int | None] = mapped_column(ForeignKey("scripts.id", ondelete="SET NULL"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class NudgeEvent(Base):
    """A nudge fired, missed, clicked, snoozed or dismissed (F10): no reminder vanishes unseen."""

    __tablename__ = "nudge_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    happened_at: Mapped[datetime] = mapped_column(UTCDateTime)
    event: Mapped[str] = mapped_column(String(20))
    nudge_key: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
    # Erasing a contact erases the nudges about them too.
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    snoozed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # How it reached the rep (tray, panel) or, for a missed one, the catch-up that told of it.
    via: Mapped[str] = mapped_column(String(200), default="")

    __table_args__ = (
        Index("ix_nudge_events_key", "nudge_key"),
        Index("ix_nudge_events_happened_at", "happened_at"),
        Index("ix_nudge_events_due_at", "due_at"),
    )


class PossibleDuplicate(Base):
    """Two contacts an import kept apart though they might be one person, for the rep to
    merge or to mark as two people (then never suggested again)."""

    __tablename__ = "possible_duplicates"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = owner_column()
    other_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    why: Mapped[str] = mapped_column(Text, default="")
    not_same_person: Mapped[bool] = mapped_column(Boolean, default=False)
    noted_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (UniqueConstraint("contact_id", "other_id"),)
