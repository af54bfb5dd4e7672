"""The Today list: who to call and why, ranked, one row a contact."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from functools import cached_property
from typing import NamedTuple
from zoneinfo import ZoneInfo

from callbook.domain.cadence import days_late
from callbook.domain.dates import YearlyDate, day_and_month, weekday_name
from callbook.domain.gives import give_first
from callbook.domain.vocabulary import LoopKind, ReachChannel, Tier
from callbook.domain.windows import BestTimeWindow, WindowOpening, current_or_next_opening
from callbook.domain.words import counted

DATE_HORIZON_DAYS = 7
# Where a row has little room, what leads it when a give is due before the next ask.
GIVE_FIRST = "Give first"
TIER_WEIGHT = {Tier.A: 30.0, Tier.B: 15.0, Tier.C: 0.0}


class ReasonKind(StrEnum):
    """Why a contact is on the Today list."""

    CHECKIN = "checkin"
    CHASE = "chase"
    FOLLOW_UP = "follow-up"
    DATE = "date"


BASE_WEIGHT = {
    ReasonKind.FOLLOW_UP: 60.0,
    ReasonKind.CHASE: 50.0,
    ReasonKind.CHECKIN: 45.0,
    ReasonKind.DATE: 40.0,
}


@dataclass(frozen=True, slots=True)
class ContactBrief:
    """What ranking and display need to know of a contact."""

    contact_id: int
    name: str
    company: str = ""
    tier: Tier = Tier.B
    zone: ZoneInfo | None = None
    channels: tuple[ReachChannel, ...] = ()
    windows: tuple[BestTimeWindow, ...] = ()
    snoozed_until: datetime | None = None
    # The give/ask balance as stored on the contact: their last touches that were asks
    # in a row, and the day something was last given them.
    asks_in_a_row: int = 0
    last_give_on: date | None = None


@dataclass(frozen=True, slots=True)
class CheckinDue:
    """A personal check-in that falls due at `due_at`."""

    contact_id: int
    due_at: datetime
    rhythm_days: int
    last_checkin_at: datetime | None


@dataclass(frozen=True, slots=True)
class ChaseDue:
    """An open loop whose next attempt is allowed on `next_attempt_on`."""

    contact_id: int
    loop_id: int
    kind: LoopKind
    attempts: int
    next_attempt_on: date
    opened_at: datetime


@dataclass(frozen=True, slots=True)
class FollowUpDue:
    """A next step the rep promised, due on `due_on`."""

    contact_id: int
    interaction_id: int
    next_step: str
    due_on: date


@dataclass(frozen=True, slots=True)
class DateComing:
    """A birthday or important date; `label` names it ('Sam's birthday (son)')."""

    contact_id: int
    label: str
    yearly: YearlyDate


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason to call, with how pressing it is."""

    kind: ReasonKind
    text: str
    due: date
    days_overdue: int
    score: float


@dataclass(frozen=True)
class TodayRow:
    """One contact on the Today list with every reason to call them."""

    contact: ContactBrief
    reasons: tuple[Reason, ...]
    score: float
    now: datetime
    rep_zone: ZoneInfo
    # Said beside the reasons when the last touches were all asks: give before the next.
    give_first: str | None = None

    @property
    def top(self) -> Reason:
        """The most pressing reason."""
        return self.reasons[0]

    @property
    def place(self) -> TodayPlace:
        """Where this row stands on Today."""
        contact = self.contact
        return TodayPlace(
            -self.score, -self.top.days_overdue, contact.name.casefold(), contact.contact_id
        )

    @property
    def reason(self) -> str:
        """Every reason in one line, most pressing first."""
        return " · ".join(r.text for r in self.reasons)

    @property
    def reason_line(self) -> str:
        """The reasons in one short line, led by 'Give first' where a give is due."""
        return f"{GIVE_FIRST} · {self.reason}" if self.give_first is not None else self.reason

    @property
    def why(self) -> str:
        """The reasons, and the suggestion to give first where the balance calls for it."""
        return " · ".join(self.lines)

    @property
    def lines(self) -> tuple[str, ...]:
        """Each reason, then the suggestion to give first, one a line."""
        texts = tuple(r.text for r in self.reasons)
        return texts if self.give_first is None else (*texts, self.give_first)

    @property
    def best_channel(self) -> ReachChannel | None:
        """How they prefer to be reached, when known."""
        return self.contact.channels[0] if self.contact.channels else None

    @property
    def local_now(self) -> datetime | None:
        """Their wall-clock time now, when their zone is known."""
        return self.now.astimezone(self.contact.zone) if self.contact.zone else None

    @cached_property
    def opening(self) -> WindowOpening | None:
        """Their best-time window open now, else the next one (worked out when first shown)."""
        # Without a known zone their best times are read as the rep's own wall clock.
        zone = self.contact.zone or self.rep_zone
        return current_or_next_opening(self.contact.windows, zone, self.now)

    @property
    def window_open_now(self) -> bool:
        """True while one of their best-time windows is open."""
        return self.opening is not None and self.opening.is_open(self.now)


class TodayPlace(NamedTuple):
    """Where a contact stands on Today and nothing more: sorting places sorts the list.

    Higher score first, then longer overdue, then by name, then the contact's id, so two
    contacts of the same name keep one order.
    """

    neg_score: float
    neg_days_overdue: int
    name_key: str
    contact_id: int


# Skips the named tuple's Python-level constructor: half the cost, for the thousands of
# places a busy day has.
_new_place = tuple.__new__


def checkin_score(late: int, rhythm_days: int) -> float:
    """How pressing a check-in `late` days overdue is on its rhythm."""
    # Lateness is weighed against the rhythm: 10 days late matters more on a 14-day rhythm.
    return BASE_WEIGHT[ReasonKind.CHECKIN] + min(late / rhythm_days, 3.0) * 20


def chase_score(late: int) -> float:
    """How pressing a chase is, `late` days after its next attempt was allowed."""
    return BASE_WEIGHT[ReasonKind.CHASE] + min(late, 14)


def follow_up_score(late: int) -> float:
    """How pressing a promised next step is, `late` days after it was due."""
    return BASE_WEIGHT[ReasonKind.FOLLOW_UP] + min(late, 14) * 2


def date_score(ahead: int) -> float:
    """How pressing a birthday or date `ahead` days away is."""
    return BASE_WEIGHT[ReasonKind.DATE] + (60 if ahead == 0 else 20 - 2 * ahead)


def row_score(top_score: float, reasons: int, tier: Tier) -> float:
    """A contact's score: the top reason leads, each further reason adds a little, A first."""
    return top_score + 5 * (reasons - 1) + TIER_WEIGHT[tier]


def awake(brief: ContactBrief, now: datetime) -> bool:
    """False while the rep has snoozed this contact: they are on no list and in no nudge."""
    # The SQL form of this rule is `_AWAKE` in services/today.py.
    return brief.snoozed_until is None or brief.snoozed_until <= now


class DayRanking:
    """Who is due on one day of the rep's calendar, and in what order: the one ranking rule.

    Today's whole list (read from covering indexes), Today's rows with their reasons and
    the nudges' plan of a day all hand what may be due to these methods, which turn away
    what is not due yet and weigh the rest: the three cannot disagree. Each method returns
    how late the thing is (days ahead, negated, for a date), or None when it is not due.
    """

    def __init__(self, today: date) -> None:
        self.today = today
        self._number = today.toordinal()
        self._places: dict[int, TodayPlace] = {}
        # contact id -> (top score, its days overdue), and from a second reason on
        # (top score, its days overdue, how many reasons)
        self._tops: dict[int, tuple[float, int]] = {}
        self._more: dict[int, tuple[float, int, int]] = {}
        # Many dates share a day of the year: how far ahead each lies is worked out once.
        self._ahead: dict[YearlyDate, int] = {}

    def checkin(
        self, contact_id: int, tier: Tier, name: str, due_day: int, rhythm_days: int
    ) -> int | None:
        """A check-in falling due on `due_day` (an ordinal in the rep's calendar)."""
        late = self._number - due_day
        if late < 0:
            return None
        self._add(contact_id, tier, name, checkin_score(late, rhythm_days), late)
        return late

    def chase(self, contact_id: int, tier: Tier, name: str, next_attempt_on: date) -> int | None:
        """A chase whose next attempt is allowed on `next_attempt_on`."""
        if next_attempt_on > self.today:
            return None
        late = days_late(next_attempt_on, self.today)
        self._add(contact_id, tier, name, chase_score(late), late)
        return late

    def follow_up(self, contact_id: int, tier: Tier, name: str, due_on: date) -> int | None:
        """A next step the rep promised for `due_on`."""
        if due_on > self.today:
            return None
        late = days_late(due_on, self.today)
        self._add(contact_id, tier, name, follow_up_score(late), late)
        return late

    def date(self, contact_id: int, tier: Tier, name: str, yearly: YearlyDate) -> int | None:
        """A birthday or date; counted while it is at most `DATE_HORIZON_DAYS` ahead."""
        ahead = self._ahead.get(yearly)
        if ahead is None:
            ahead = self._ahead[yearly] = (yearly.next_on_or_after(self.today) - self.today).days
        if ahead > DATE_HORIZON_DAYS:
            return None
        self._add(contact_id, tier, name, date_score(ahead), -ahead)
        return -ahead

    def _add(self, contact_id: int, tier: Tier, name: str, score: float, days_overdue: int) -> None:
        place = self._places.get(contact_id)
        if place is None:
            # Most contacts have one reason: their place is final at once.
            self._tops[contact_id] = (score, days_overdue)
            self._places[contact_id] = _new_place(
                TodayPlace,
                (-row_score(score, 1, tier), -days_overdue, name.casefold(), contact_id),
            )
            return
        top, late, reasons = self._more.get(contact_id) or (*self._tops[contact_id], 1)
        if (score, days_overdue) > (top, late):
            top, late = score, days_overdue
        self._more[contact_id] = (top, late, reasons + 1)
        self._places[contact_id] = _new_place(
            TodayPlace, (-row_score(top, reasons + 1, tier), -late, place.name_key, contact_id)
        )

    def place_of(self, contact_id: int) -> TodayPlace:
        """Where one contact counted stands."""
        return self._places[contact_id]

    def places(self) -> list[TodayPlace]:
        """Every contact counted, in Today's order."""
        return sorted(self._places.values())


def coming_soon(on: date, today: date) -> bool:
    """True for a date close enough to call about: Today lists it and the card counts down."""
    return 0 <= (on - today).days <= DATE_HORIZON_DAYS


def checkin_reason(item: CheckinDue, today: date, zone: ZoneInfo) -> Reason:
    """'Personal check-in 12 days overdue (every 14 days)'."""
    due = item.due_at.astimezone(zone).date()
    late = days_late(due, today)
    every = "every day" if item.rhythm_days == 1 else f"every {item.rhythm_days} days"
    if item.last_checkin_at is None:
        text = "No personal check-in yet"
    elif late == 0:
        text = f"Personal check-in due today ({every})"
    else:
        text = f"Personal check-in {counted(late, 'day')} overdue ({every})"
    return Reason(ReasonKind.CHECKIN, text, due, late, checkin_score(late, item.rhythm_days))


def chase_reason(item: ChaseDue, today: date, zone: ZoneInfo | None = None) -> Reason:
    """'Chase attempt 3 on your voicemail of 5 Nov (4 days waiting)'.

    The day the loop opened is read in `zone`, the calendar `today` belongs to.
    """
    late = days_late(item.next_attempt_on, today)
    opened_on = (item.opened_at.astimezone(zone) if zone else item.opened_at).date()
    waiting = counted((today - opened_on).days, "day")
    text = (
        f"Chase attempt {item.attempts + 1} on your {item.kind.value} "
        f"of {day_and_month(opened_on)} ({waiting} waiting)"
    )
    return Reason(ReasonKind.CHASE, text, item.next_attempt_on, late, chase_score(late))


def follow_up_reason(item: FollowUpDue, today: date) -> Reason:
    """'Follow-up due: send the pricing'."""
    late = days_late(item.due_on, today)
    status = "due today" if late == 0 else f"{counted(late, 'day')} overdue"
    text = f"Follow-up {status}: {item.next_step}" if item.next_step else f"Follow-up {status}"
    return Reason(ReasonKind.FOLLOW_UP, text, item.due_on, late, follow_up_score(late))


def date_reason(item: DateComing, today: date) -> Reason | None:
    """'Sam's birthday (son) on Thursday, turns 9', or None beyond the horizon."""
    on = item.yearly.next_on_or_after(today)
    ahead = (on - today).days
    if ahead > DATE_HORIZON_DAYS:
        return None
    when = "today" if ahead == 0 else ("tomorrow" if ahead == 1 else f"on {weekday_name(on)}")
    age = item.yearly.age_on(on)
    turns = f", turns {age}" if age is not None and "birthday" in item.label.lower() else ""
    text = f"{item.label} {when}{turns}"
    return Reason(ReasonKind.DATE, text, on, -ahead, date_score(ahead))


def give_first_suggestion(contact: ContactBrief, today: date) -> str | None:
    """Whether Today suggests giving them something before the next ask, and in what words.

    A suggestion beside the row, never a reason to call: it does not move the row.
    """
    return give_first(contact.asks_in_a_row, contact.last_give_on, today)


def rank_key(row: TodayRow) -> TodayPlace:
    """Where a row stands on Today: higher score first, then longer overdue, then by name."""
    return row.place


def rank_today(
    contacts: Mapping[int, ContactBrief],
    now: datetime,
    rep_zone: ZoneInfo,
    checkins: Iterable[CheckinDue] = (),
    chases: Iterable[ChaseDue] = (),
    follow_ups: Iterable[FollowUpDue] = (),
    dates: Iterable[DateComing] = (),
) -> list[TodayRow]:
    """Rank everything due by today in the rep's zone, most pressing first, with its reasons."""
    today = now.astimezone(rep_zone).date()
    ranking = DayRanking(today)
    found: dict[int, list[Reason]] = {}

    def who(contact_id: int) -> tuple[int, Tier, str] | None:
        brief = contacts.get(contact_id)
        if brief is None or not awake(brief, now):
            return None
        return contact_id, brief.tier, brief.name

    def add(contact_id: int, reason: Reason | None) -> None:
        if reason is not None:
            found.setdefault(contact_id, []).append(reason)

    for checkin in checkins:
        due_day = checkin.due_at.astimezone(rep_zone).toordinal()
        if (them := who(checkin.contact_id)) and ranking.checkin(
            *them, due_day, checkin.rhythm_days
        ) is not None:
            add(checkin.contact_id, checkin_reason(checkin, today, rep_zone))
    for chase in chases:
        if (them := who(chase.contact_id)) and ranking.chase(
            *them, chase.next_attempt_on
        ) is not None:
            add(chase.contact_id, chase_reason(chase, today, rep_zone))
    for follow_up in follow_ups:
        if (them := who(follow_up.contact_id)) and ranking.follow_up(
            *them, follow_up.due_on
        ) is not None:
            add(follow_up.contact_id, follow_up_reason(follow_up, today))
    for coming in dates:
        if (them := who(coming.contact_id)) and ranking.date(*them, coming.yearly) is not None:
            add(coming.contact_id, date_reason(coming, today))

    rows = []
    for place in ranking.places():
        reasons = found[place.contact_id]
        # The most pressing reason leads; of two alike, the longer overdue.
        reasons.sort(key=lambda r: (-r.score, -r.days_overdue))
        brief = contacts[place.contact_id]
        give = give_first_suggestion(brief, today)
        rows.append(TodayRow(brief, tuple(reasons), -place.neg_score, now, rep_zone, give))
    return rows
