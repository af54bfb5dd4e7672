"""The insights of a period from the store: columns only, counted in SQL, read by the rules."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from callbook.domain.cadence import DEFAULT_RHYTHM_DAYS
from callbook.domain.clock import Clock
from callbook.domain.gives import is_ask
from callbook.domain.insights.asks import ASK_HEAVY_SHOWN, MANY_ASKS, AskHeavy, give_before_ask
from callbook.domain.insights.coverage import KeptContact, coverage
from callbook.domain.insights.figures import Insights
from callbook.domain.insights.period import Period, period_ending
from callbook.domain.insights.pickup import CallBucket, pickup_grid
from callbook.domain.insights.relationship import is_business_from_them, relationship_pays
from callbook.domain.insights.returns import returns
from callbook.domain.insights.volume import weekly_volume
from callbook.domain.loops import counts_as_checkin, left_message
from callbook.domain.names import shown_name
from callbook.domain.scripts import MessageLeft
from callbook.domain.vocabulary import Channel, Direction, Outcome, Purpose, Tier
from callbook.store.instants import instant_from_stored, stored_instant_text
from callbook.store.reading import Reader

if TYPE_CHECKING:
    from callbook.store.engine import Store

Progress = Callable[[int, int], None]
STEPS = 7
# What closes a loop as returned: they got back (the script library counts the same).
RETURNED_BY = (Outcome.REPLIED.value, Outcome.CONNECTED.value)
_TIERS = {t.value: t for t in Tier}


def _values(combos: Iterable[tuple[str, ...]]) -> str:
    """A VALUES list of the word combinations a rule accepts, for a row-value IN.

    The rules stay in the domain: SQL only matches the combinations they said yes to.
    """
    rows = [f"({', '.join(repr(word) for word in combo)})" for combo in combos]
    return "VALUES " + ", ".join(rows)


def _checkin_words() -> str:
    return _values(
        (p.value, o.value)
        for p, o in itertools.product(Purpose, Outcome)
        if counts_as_checkin(p, o)
    )


def _business_words() -> str:
    return _values(
        (p.value, d.value, o.value)
        for p, d, o in itertools.product(Purpose, Direction, Outcome)
        if is_business_from_them(p, d, o)
    )


def _message_words() -> str:
    return _values(
        (c.value, d.value, o.value)
        for c, d, o in itertools.product(Channel, Direction, Outcome)
        if left_message(c, d, o)
    )


def _instant(stored: str) -> datetime:
    found = instant_from_stored(stored)
    assert found is not None
    return found


# POSIX seconds of a stored instant, computed by SQLite: no datetime is made per row.
_SECONDS = "((julianday({}) - 2440587.5) * 86400.0)"


def _contacts(reader: Reader) -> list[KeptContact]:
    return [
        KeptContact(contact_id, _TIERS.get(tier, Tier.B), rhythm, known)
        for contact_id, tier, rhythm, known in reader.execute(
            f"SELECT id, tier, checkin_rhythm_days, {_SECONDS.format('created_at')} "
            "FROM contacts INDEXED BY ix_contacts_insights"
        )
    ]


def _checkins(reader: Reader, since: datetime, period: Period) -> list[tuple[int, float]]:
    """Each contact's last check-in before the period (back to `since`), then those in it.

    Only the last one before the period can keep anyone in touch during it; in time order
    within each contact, as the rules read them.
    """
    words = _checkin_words()
    before = reader.execute(
        f"SELECT contact_id, {_SECONDS.format('max(occurred_at)')} FROM interactions "
        f"WHERE occurred_at >= ? AND occurred_at < ? AND (purpose, outcome) IN ({words}) "
        "GROUP BY contact_id",
        (stored_instant_text(since), stored_instant_text(period.start)),
    ).fetchall()
    during = reader.execute(
        f"SELECT contact_id, {_SECONDS.format('occurred_at')} FROM interactions "
        f"WHERE occurred_at >= ? AND occurred_at < ? AND (purpose, outcome) IN ({words}) "
        "ORDER BY occurred_at",
        (stored_instant_text(period.start), stored_instant_text(period.end)),
    ).fetchall()
    return before + during


def _call_buckets(reader: Reader, period: Period) -> Iterator[CallBucket]:
    """Calls per contact zone and UTC hour; the hour is read in the zone by the domain."""
    rows = reader.execute(
        "SELECT c.time_zone, substr(i.occurred_at, 1, 13), count(*), "
        "sum(i.outcome = ?) FROM interactions AS i "
        # A narrow index of zones: far fewer pages to read than the contacts' own rows.
        "JOIN contacts AS c INDEXED BY ix_contacts_insights ON c.id = i.contact_id "
        "WHERE i.occurred_at >= ? AND i.occurred_at < ? AND i.channel = ? "
        "AND i.direction = ? AND i.outcome != ? GROUP BY 1, 2",
        (
            Outcome.CONNECTED.value,
            stored_instant_text(period.start),
            stored_instant_text(period.end),
            Channel.PHONE.value,
            Direction.OUTBOUND.value,
            Outcome.WRONG_NUMBER.value,
        ),
    )
    for zone, hour, calls, picked_up in rows:
        yield CallBucket(_instant(f"{hour}:00:00"), zone, calls, picked_up)


def _weekly_counts(reader: Reader, period: Period) -> Iterator[tuple[int, Outcome, int]]:
    # The week as Period.week_of counts it: whole weeks of seven days from the start.
    rows = reader.execute(
        "SELECT CAST((julianday(occurred_at) - julianday(?1)) / 7 AS INTEGER), outcome, count(*) "
        "FROM interactions WHERE occurred_at >= ?1 AND occurred_at < ?2 GROUP BY 1, 2",
        (stored_instant_text(period.start), stored_instant_text(period.end)),
    )
    known = {o.value: o for o in Outcome}
    for week, outcome, count in rows:
        if outcome in known:
            yield min(week, period.weeks - 1), known[outcome], count


def _messages(reader: Reader, period: Period) -> list[MessageLeft]:
    rows = reader.execute(
        "SELECT i.channel, i.script_id, i.occurred_at, i.loop_id, l.closed_at, l.closed_by "
        "FROM interactions AS i LEFT JOIN open_loops AS l ON l.id = i.loop_id "
        "WHERE i.occurred_at >= ? AND i.occurred_at < ? "
        f"AND (i.channel, i.direction, i.outcome) IN ({_message_words()})",
        (stored_instant_text(period.start), stored_instant_text(period.end)),
    )
    channels = {c.value: c for c in Channel}
    messages = []
    for channel, script_id, left_at, loop_id, closed_at, closed_by in rows:
        returned = _instant(closed_at) if closed_at and closed_by in RETURNED_BY else None
        messages.append(
            MessageLeft(script_id, _instant(left_at), loop_id, returned, channels[channel])
        )
    return messages


def _business(reader: Reader, period: Period) -> list[tuple[int, float]]:
    rows = reader.execute(
        f"SELECT contact_id, {_SECONDS.format('occurred_at')} FROM interactions "
        "WHERE occurred_at >= ? AND occurred_at < ? "
        f"AND (purpose, direction, outcome) IN ({_business_words()})",
        (stored_instant_text(period.start), stored_instant_text(period.end)),
    )
    return rows.fetchall()


def _names(reader: Reader, contact_ids: Iterable[int]) -> dict[int, str]:
    return {
        contact_id: shown_name(first, last, company)
        for contact_id, first, last, company in reader.execute(
            "SELECT id, first_name, last_name, company FROM contacts "
            "WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(set(contact_ids))),),
        )
    }


def _ask_words() -> str:
    return _values(
        (p.value, d.value, o.value)
        for p, d, o in itertools.product(Purpose, Direction, Outcome)
        if is_ask(p, d, o)
    )


def _most_asked(reader: Reader, period: Period) -> tuple[list[AskHeavy], int]:
    """Asks in the period of each contact never given anything (gives of any time count)."""
    asked = reader.execute(
        "SELECT contact_id, count(*) FROM interactions "
        "WHERE occurred_at >= ? AND occurred_at < ? "
        f"AND (purpose, direction, outcome) IN ({_ask_words()}) "
        "AND contact_id NOT IN (SELECT contact_id FROM gives) GROUP BY contact_id",
        (stored_instant_text(period.start), stored_instant_text(period.end)),
    ).fetchall()
    many = sum(1 for _contact_id, asks in asked if asks >= MANY_ASKS)
    asked.sort(key=lambda row: (-row[1], row[0]))
    top = asked[: ASK_HEAVY_SHOWN * 4]
    names = _names(reader, [contact_id for contact_id, _asks in top])
    return [AskHeavy(c, names.get(c, ""), asks) for c, asks in top], many


def read_insights(
    reader: Reader,
    now: datetime,
    rep_zone: ZoneInfo,
    weeks: int,
    progress: Progress | None = None,
) -> Insights:
    """Every figure of the last `weeks` weeks up to `now`, from one read transaction."""
    period = period_ending(now, weeks)
    step = itertools.count(1)

    def done() -> None:
        if progress is not None:
            progress(next(step), STEPS)

    people = _contacts(reader)
    longest = max((p.rhythm_days for p in people), default=max(DEFAULT_RHYTHM_DAYS.values()))
    checkins = _checkins(reader, period.start - timedelta(days=longest), period)
    done()
    kept = coverage(people, checkins, period)
    done()
    grid = pickup_grid(_call_buckets(reader, period), rep_zone)
    done()
    volume = weekly_volume(_weekly_counts(reader, period), period.weeks)
    done()
    scripts = {sid: name for sid, name in reader.execute("SELECT id, name FROM scripts")}
    returned = returns(_messages(reader, period), scripts)
    done()
    by_contact: dict[int, list[float]] = {}
    for contact_id, at in checkins:
        by_contact.setdefault(contact_id, []).append(at)
    pays = relationship_pays(
        by_contact,
        _business(reader, period),
        {p.contact_id: p.known_since for p in people},
        period,
    )
    done()
    top, many = _most_asked(reader, period)
    asks = give_before_ask(top, many, len(people))
    names = _names(reader, [s.contact_id for s in kept.slipping])
    done()
    return Insights(
        period=period,
        week_days=period.week_days(rep_zone),
        pickup=grid,
        coverage=kept,
        volume=volume,
        returns=returned,
        relationship=pays,
        asks=asks,
        slipping_names=names,
    )


def insights(store: Store, clock: Clock, weeks: int, progress: Progress | None = None) -> Insights:
    """The figures of the last `weeks` weeks, read in one transaction (any thread may ask)."""
    with store.reading() as reader:
        return read_insights(reader, clock.now(), clock.zone(), weeks, progress)
