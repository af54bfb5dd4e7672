"""Nudges from the store: the rep's nudge settings, the plan, and every nudge's history."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from callbook.domain.clock import Clock
from callbook.domain.nudges import (
    SNOOZE_KEY_MARK,
    DueItems,
    Nudge,
    NudgeKind,
    NudgeSettings,
    SnoozeChoice,
    plan_nudges,
    snooze_until,
    snoozed_copy,
)
from callbook.services.bulk import collection_paused
from callbook.services.changes import Invalid
from callbook.services.today import load_candidates
from callbook.store.engine import Store, plain_connection
from callbook.store.models import Contact, NudgeEvent, Setting

log = logging.getLogger(__name__)

SETTINGS_KEY = "nudges"
MAX_AGENDA_DAYS = 60
# How far back a snooze or a handled nudge is still looked at when planning.
MEMORY = timedelta(days=8)
OPEN_FOR = timedelta(days=3)


class NudgeEventKind(StrEnum):
    """What happened to a nudge."""

    FIRED = "fired"
    MISSED = "missed"
    CLICKED = "clicked"
    SNOOZED = "snoozed"
    DISMISSED = "dismissed"

    @property
    def label(self) -> str:
        """How the event reads in the history."""
        return EVENT_LABELS[self]


EVENT_LABELS = {
    NudgeEventKind.FIRED: "Shown",
    NudgeEventKind.MISSED: "Missed (in a catch-up)",
    NudgeEventKind.CLICKED: "Opened",
    NudgeEventKind.SNOOZED: "Snoozed",
    NudgeEventKind.DISMISSED: "Dismissed",
}
# Once any of these happened to a shown nudge it no longer waits in the panel.
SETTLING = (NudgeEventKind.CLICKED, NudgeEventKind.SNOOZED, NudgeEventKind.DISMISSED)


@dataclass(frozen=True)
class NudgePlan:
    """The nudges planned for a span, with what planning them took into account."""

    nudges: list[Nudge]
    handled: frozenset[str]
    settings: NudgeSettings


@dataclass(frozen=True)
class NudgeRecord:
    """One line of the nudge history."""

    happened_at: datetime
    event: NudgeEventKind
    nudge: Nudge
    snoozed_until: datetime | None
    via: str


def read_nudge_settings(session: Session) -> NudgeSettings:
    """The rep's nudge settings inside the caller's transaction, or the defaults."""
    row = session.get(Setting, SETTINGS_KEY)
    if row is None:
        return NudgeSettings()
    try:
        return NudgeSettings.from_json(row.value)
    except ValueError as error:
        # A damaged setting must not silence every nudge: fall back and say so in the log.
        log.warning("nudge settings unreadable (%s); using the defaults", error)
        return NudgeSettings()


def nudge_settings(store: Store) -> NudgeSettings:
    """The rep's nudge settings, or the defaults."""
    with store.read() as session:
        return read_nudge_settings(session)


def save_nudge_settings(store: Store, settings: NudgeSettings) -> NudgeSettings:
    """Keep the rep's nudge settings; returns them as stored."""
    with store.begin() as session:
        row = session.get(Setting, SETTINGS_KEY)
        if row is None:
            session.add(Setting(key=SETTINGS_KEY, value=settings.as_json()))
        else:
            row.value = settings.as_json()
    return settings


def due_items(session: Session, rep_zone: ZoneInfo, start: datetime, end: datetime) -> DueItems:
    """The Today list's candidates for every day from `start` to `end`, with places."""
    first = start.astimezone(rep_zone).date()
    last = end.astimezone(rep_zone).date()
    reader = plain_connection(session)
    found = load_candidates(reader, rep_zone, first, last)
    # A place is only ever named in a best-time reminder: only those with a window need one.
    with_windows = json.dumps(sorted(cid for cid, brief in found.contacts.items() if brief.windows))
    places: dict[int, str] = dict(
        reader.execute(
            "SELECT id, place FROM contacts "
            "WHERE id IN (SELECT value FROM json_each(?)) AND place != ''",
            (with_windows,),
        ).fetchall()
    )
    return DueItems(
        found.contacts, found.checkins, found.chases, found.follow_ups, found.dates, places
    )


def _as_nudge(row: NudgeEvent) -> Nudge:
    return Nudge(
        key=row.nudge_key,
        kind=NudgeKind(row.kind),
        at=row.due_at,
        title=row.title,
        body=row.body,
        contact_id=row.contact_id,
        snoozed=SNOOZE_KEY_MARK in row.nudge_key,
    )


def _handled_keys(session: Session, since: datetime) -> frozenset[str]:
    return frozenset(
        session.scalars(
            select(NudgeEvent.nudge_key).where(NudgeEvent.due_at >= since).distinct()
        ).all()
    )


def _snoozed(session: Session, since: datetime) -> list[Nudge]:
    rows = session.scalars(
        select(NudgeEvent).where(
            NudgeEvent.event == NudgeEventKind.SNOOZED.value,
            NudgeEvent.snoozed_until >= since,
        )
    ).all()
    back = []
    for row in rows:
        assert row.snoozed_until is not None
        back.append(snoozed_copy(_as_nudge(row), row.snoozed_until))
    return back


def plan(store: Store, clock: Clock, start: datetime, end: datetime) -> NudgePlan:
    """Nudges due from `start` to `end` by the cadence rules, leaving out those handled."""
    rep_zone = clock.zone()
    since = min(start, clock.now()) - MEMORY
    with collection_paused():
        with store.read() as session:
            settings = read_nudge_settings(session)
            items = due_items(session, rep_zone, start, end)
            handled = _handled_keys(session, since)
            snoozed = _snoozed(session, since)
        nudges = plan_nudges(items, settings, rep_zone, start, end, handled, snoozed)
    return NudgePlan(nudges, handled, settings)


def agenda(store: Store, clock: Clock, days: int = 7) -> list[Nudge]:
    """The nudges still to come in the next `days` days, the scheduler's own plan."""
    if not 1 <= days <= MAX_AGENDA_DAYS:
        raise Invalid(f"the agenda covers 1 to {MAX_AGENDA_DAYS} days")
    now = clock.now()
    return plan(store, clock, now, now + timedelta(days=days)).nudges


def _event_row(
    session: Session,
    at: datetime,
    event: NudgeEventKind,
    nudge: Nudge,
    via: str = "",
    snoozed_until: datetime | None = None,
) -> NudgeEvent:
    contact_id = nudge.contact_id
    # The contact may have been erased since the nudge was planned; keep the nudge anyway.
    if contact_id is not None and session.get(Contact, contact_id) is None:
        contact_id = None
    return NudgeEvent(
        happened_at=at,
        event=event.value,
        nudge_key=nudge.key,
        kind=nudge.kind.value,
        due_at=nudge.at,
        title=nudge.title[:300],
        body=nudge.body,
        contact_id=contact_id,
        snoozed_until=snoozed_until,
        via=via[:200],
    )


def record_event(
    store: Store, clock: Clock, event: NudgeEventKind, nudge: Nudge, via: str = ""
) -> None:
    """Write down that a nudge was shown, opened or dismissed."""
    with store.begin() as session:
        session.add(_event_row(session, clock.now(), event, nudge, via))


def record_catch_up(
    store: Store, clock: Clock, catch_up: Nudge, missed: Iterable[Nudge], via: str
) -> None:
    """Write down one catch-up shown and every nudge it stands for, in one transaction."""
    now = clock.now()
    with store.begin() as session:
        for nudge in missed:
            session.add(_event_row(session, now, NudgeEventKind.MISSED, nudge, catch_up.key))
        session.add(_event_row(session, now, NudgeEventKind.FIRED, catch_up, via))


def snooze(store: Store, clock: Clock, nudge: Nudge, choice: SnoozeChoice) -> datetime:
    """Put a nudge off; returns when it comes back (never in quiet hours)."""
    now = clock.now()
    with store.begin() as session:
        settings = read_nudge_settings(session)
        until = snooze_until(choice, now, settings, clock.zone())
        session.add(_event_row(session, now, NudgeEventKind.SNOOZED, nudge, snoozed_until=until))
    return until


def _records(rows: Sequence[NudgeEvent]) -> list[NudgeRecord]:
    return [
        NudgeRecord(
            r.happened_at,
            NudgeEventKind(r.event),
            _as_nudge(r),
            r.snoozed_until if r.event == NudgeEventKind.SNOOZED.value else None,
            r.via,
        )
        for r in rows
    ]


def nudge_history(store: Store, limit: int = 1000) -> list[NudgeRecord]:
    """What happened to every nudge, newest first."""
    with store.read() as session:
        rows = session.scalars(
            select(NudgeEvent)
            .order_by(NudgeEvent.happened_at.desc(), NudgeEvent.id.desc())
            .limit(limit)
        ).all()
        return _records(rows)


def open_nudges(store: Store, clock: Clock) -> list[Nudge]:
    """Nudges shown lately that the rep has not yet opened, snoozed or dismissed, newest first."""
    since = clock.now() - OPEN_FOR
    with store.read() as session:
        rows = session.scalars(
            select(NudgeEvent)
            .where(NudgeEvent.happened_at >= since)
            .order_by(NudgeEvent.happened_at, NudgeEvent.id)
        ).all()
        waiting: dict[str, Nudge] = {}
        for row in rows:
            if row.event == NudgeEventKind.FIRED.value:
                waiting[row.nudge_key] = _as_nudge(row)
            elif row.event in SETTLING:
                waiting.pop(row.nudge_key, None)
    return list(reversed(waiting.values()))
