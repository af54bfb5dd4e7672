"""The contact list: counted, sorted and filtered in SQL, read a page at a time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import Select, func, nulls_first, nulls_last, select
from sqlalchemy.sql.elements import ColumnElement

from callbook.domain.clock import Clock
from callbook.domain.names import shown_name
from callbook.domain.vocabulary import Tier
from callbook.store.engine import Store
from callbook.store.models import Contact, Tag, contact_tags

_S = TypeVar("_S", bound=Select)


class SortBy(StrEnum):
    """The orders the rep can put the list in."""

    NAME = "name"
    COMPANY = "company"
    TIER = "tier"
    LAST_CHECKIN = "last-checkin"
    DAYS_SINCE = "days-since"
    ASKS_SINCE_GIVE = "asks-since-give"


@dataclass(frozen=True)
class ListQuery:
    """Which contacts the list shows, and in what order."""

    sort_by: SortBy = SortBy.NAME
    descending: bool = False
    tier: Tier | None = None
    tag: str | None = None


@dataclass(frozen=True)
class ContactListRow:
    """One line of the contact list."""

    contact_id: int
    name: str
    company: str
    title: str
    tier: Tier
    last_personal_checkin_at: datetime | None
    days_since_checkin: int | None
    asks_since_give: int = 0
    last_give_on: date | None = None


def _filtered(statement: _S, query: ListQuery) -> _S:
    if query.tier is not None:
        statement = statement.where(Contact.tier == Tier(query.tier).value)
    if query.tag:
        statement = statement.where(
            Contact.id.in_(
                select(contact_tags.c.contact_id)
                .join(Tag, Tag.id == contact_tags.c.tag_id)
                .where(Tag.name == query.tag)
            )
        )
    return statement


def _order(query: ListQuery) -> list[ColumnElement[Any]]:
    by_name: list[ColumnElement[Any]] = [
        Contact.last_name.asc(),
        Contact.first_name.asc(),
        Contact.id.asc(),
    ]
    desc = query.descending
    if query.sort_by is SortBy.NAME:
        return [c.desc() if desc else c.asc() for c in by_name_columns()]
    if query.sort_by is SortBy.COMPANY:
        column = Contact.company.desc() if desc else Contact.company.asc()
        return [column, *by_name]
    if query.sort_by is SortBy.TIER:
        column = Contact.tier.desc() if desc else Contact.tier.asc()
        return [column, *by_name]
    if query.sort_by is SortBy.ASKS_SINCE_GIVE:
        # Most asked without giving first; of those alike, the longest since a give (never first).
        asks = Contact.asks_since_give.desc() if desc else Contact.asks_since_give.asc()
        since = Contact.last_give_on
        longest = nulls_first(since.asc()) if desc else nulls_last(since.desc())
        return [asks, longest, Contact.id.asc()]
    # Days since the last check-in runs opposite to its date; never checked in counts as longest.
    newest_first = desc if query.sort_by is SortBy.LAST_CHECKIN else not desc
    checkin = Contact.last_personal_checkin_at
    ordered: ColumnElement[Any] = (
        nulls_last(checkin.desc()) if newest_first else nulls_first(checkin.asc())
    )
    return [ordered, Contact.id.asc()]


def by_name_columns() -> tuple[ColumnElement[Any], ...]:
    """The columns a name sort runs over, last name first."""
    return (Contact.last_name, Contact.first_name, Contact.id)  # type: ignore[return-value]


def count_contacts(store: Store, query: ListQuery) -> int:
    """How many contacts the list holds under `query`."""
    with store.read() as session:
        return session.scalar(_filtered(select(func.count(Contact.id)), query)) or 0


def contact_page(
    store: Store, clock: Clock, query: ListQuery, offset: int, limit: int
) -> list[ContactListRow]:
    """Rows `offset`..`offset+limit` of the list under `query`."""
    today = clock.now().astimezone(clock.zone()).date()
    statement = _filtered(
        select(
            Contact.id,
            Contact.first_name,
            Contact.last_name,
            Contact.company,
            Contact.title,
            Contact.tier,
            Contact.last_personal_checkin_at,
            Contact.asks_since_give,
            Contact.last_give_on,
        ),
        query,
    )
    statement = statement.order_by(*_order(query)).offset(offset).limit(limit)
    rows = []
    with store.read() as session:
        for r in session.execute(statement):
            last = r.last_personal_checkin_at
            days = (today - last.astimezone(clock.zone()).date()).days if last else None
            rows.append(
                ContactListRow(
                    r.id,
                    shown_name(r.first_name, r.last_name, r.company),
                    r.company,
                    r.title,
                    Tier(r.tier),
                    last,
                    days,
                    r.asks_since_give,
                    r.last_give_on,
                )
            )
    return rows


def all_tags(store: Store) -> list[str]:
    """Every tag in use, alphabetically."""
    with store.read() as session:
        return list(session.scalars(select(Tag.name).order_by(Tag.name)))


def has_contacts(store: Store) -> bool:
    """False on a first start, before any contact is added."""
    with store.read() as session:
        return session.scalar(select(Contact.id).limit(1)) is not None
