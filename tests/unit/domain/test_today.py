"""The Today list: who to call and why, ranked (F7)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from callbook.domain.clock import FixedClock
from callbook.domain.dates import YearlyDate
from callbook.domain.today import (
    ChaseDue,
    CheckinDue,
    ContactBrief,
    DateComing,
    FollowUpDue,
    ReasonKind,
    TodayRow,
    rank_today,
)
from callbook.domain.vocabulary import Channel, LoopKind, Tier
from callbook.domain.windows import WORKDAYS, BestTimeWindow

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
TOKYO = ZoneInfo("Asia/Tokyo")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")

NOW = datetime(2026, 3, 4, 14, 0, tzinfo=UTC)  # Wednesday, 15:00 in Berlin
TODAY = date(2026, 3, 4)


def contact(
    contact_id: int,
    name: str = "",
    tier: Tier = Tier.B,
    *,
    zone: ZoneInfo | None = None,
    channels: tuple[Channel, ...] = (),
    windows: tuple[BestTimeWindow, ...] = (),
    snoozed_until: datetime | None = None,
) -> ContactBrief:
    return ContactBrief(
        contact_id,
        name or f"Contact {contact_id}",
        tier=tier,
        zone=zone,
        channels=channels,
        windows=windows,
        snoozed_until=snoozed_until,
    )


def book(*briefs: ContactBrief) -> dict[int, ContactBrief]:
    return {b.contact_id: b for b in briefs}


def checkin(contact_id: int, days_overdue: int, rhythm: int = 14) -> CheckinDue:
    """A check-in last made at 10:00 Berlin time, `days_overdue` days past its rhythm."""
    last = datetime(2026, 3, 4, 10, 0, tzinfo=BERLIN) - timedelta(days=rhythm + days_overdue)
    return CheckinDue(contact_id, last + timedelta(days=rhythm), rhythm, last)


def follow_up(contact_id: int, due_on: date, next_step: str = "send the pricing") -> FollowUpDue:
    return FollowUpDue(
        contact_id, interaction_id=100 + contact_id, next_step=next_step, due_on=due_on
    )


def chase(
    contact_id: int,
    next_attempt_on: date,
    opened_at: datetime,
    attempts: int = 2,
    kind: LoopKind = LoopKind.VOICEMAIL,
) -> ChaseDue:
    return ChaseDue(contact_id, 200 + contact_id, kind, attempts, next_attempt_on, opened_at)


def rank(
    contacts: dict[int, ContactBrief],
    checkins: Sequence[CheckinDue] = (),
    chases: Sequence[ChaseDue] = (),
    follow_ups: Sequence[FollowUpDue] = (),
    dates: Sequence[DateComing] = (),
    now: datetime = NOW,
    rep_zone: ZoneInfo = BERLIN,
) -> list[TodayRow]:
    """rank_today at NOW for a rep in Berlin unless told otherwise."""
    return rank_today(contacts, now, rep_zone, checkins, chases, follow_ups, dates)


def names(rows: list[TodayRow]) -> list[str]:
    return [row.contact.name for row in rows]


def only_reason(rows: list[TodayRow]) -> str:
    assert len(rows) == 1
    return rows[0].reason


# --- nothing to do -----------------------------------------------------------


def test_no_data_no_rows() -> None:
    assert rank_today({}, NOW, BERLIN) == []


def test_contacts_with_nothing_due_give_no_rows() -> None:
    assert rank(book(contact(1), contact(2))) == []


def test_reason_for_a_contact_not_in_the_book_is_dropped() -> None:
    assert rank(book(contact(1)), follow_ups=[follow_up(2, TODAY)]) == []


# --- check-ins ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("days_overdue", "rhythm", "text"),
    [
        (3, 14, "Personal check-in 3 days overdue (every 14 days)"),
        (1, 14, "Personal check-in 1 day overdue (every 14 days)"),
        (0, 14, "Personal check-in due today (every 14 days)"),
        (12, 30, "Personal check-in 12 days overdue (every 30 days)"),
        (2, 1, "Personal check-in 2 days overdue (every day)"),
    ],
)
def test_checkin_reason_reads_naturally(days_overdue: int, rhythm: int, text: str) -> None:
    rows = rank(book(contact(1)), checkins=[checkin(1, days_overdue, rhythm)])
    assert only_reason(rows) == text
    assert rows[0].top.kind is ReasonKind.CHECKIN
    assert rows[0].top.days_overdue == days_overdue


def test_checkin_due_tomorrow_is_not_listed() -> None:
    assert rank(book(contact(1)), checkins=[checkin(1, -1)]) == []


def test_never_checked_in() -> None:
    known_since = datetime(2026, 2, 1, 9, 0, tzinfo=UTC)
    rows = rank(book(contact(1)), checkins=[CheckinDue(1, known_since, 30, None)])
    assert only_reason(rows) == "No personal check-in yet"


def test_equally_late_checkins_rank_by_tier() -> None:
    contacts = book(
        contact(1, "Aaron", Tier.C), contact(2, "Beth", Tier.B), contact(3, "Zoe", Tier.A)
    )
    # Each is half a rhythm late on their tier's default rhythm.
    checkins = [checkin(1, 45, 90), checkin(2, 15, 30), checkin(3, 7, 14)]
    assert names(rank(contacts, checkins=checkins)) == ["Zoe", "Beth", "Aaron"]


def test_lateness_is_weighed_against_the_rhythm() -> None:
    contacts = book(contact(1, "Monthly"), contact(2, "Fortnightly"), contact(3, "Quarterly"))
    checkins = [checkin(1, 10, 30), checkin(2, 10, 14), checkin(3, 10, 90)]
    assert names(rank(contacts, checkins=checkins)) == ["Fortnightly", "Monthly", "Quarterly"]


def test_later_checkin_ranks_first_on_the_same_rhythm() -> None:
    contacts = book(contact(1, "Two days"), contact(2, "Five days"))
    rows = rank(contacts, checkins=[checkin(1, 2), checkin(2, 5)])
    assert names(rows) == ["Five days", "Two days"]


def test_checkin_due_is_read_on_the_reps_calendar() -> None:
    due_at = datetime(2026, 3, 4, 23, 30, tzinfo=UTC)  # 00:30 on 5 March in Berlin
    item = CheckinDue(1, due_at, 14, due_at - timedelta(days=14))
    evening = datetime(2026, 3, 4, 23, 45, tzinfo=UTC)
    assert rank_today(book(contact(1)), evening, BERLIN, checkins=[item]) != []
    assert rank_today(book(contact(1)), NOW, BERLIN, checkins=[item]) == []
    in_new_york = rank_today(book(contact(1)), NOW, NEW_YORK, checkins=[item])
    assert only_reason(in_new_york) == "Personal check-in due today (every 14 days)"


# --- chases ------------------------------------------------------------------


def test_chase_due_today() -> None:
    opened = datetime(2026, 2, 27, 16, 0, tzinfo=BERLIN)
    rows = rank(book(contact(1)), chases=[chase(1, TODAY, opened)])
    assert only_reason(rows) == "Chase attempt 3 on your voicemail of 27 Feb (5 days waiting)"
    assert rows[0].top.kind is ReasonKind.CHASE


def test_chase_names_the_kind_of_message_waiting() -> None:
    opened = datetime(2026, 3, 3, 9, 0, tzinfo=BERLIN)
    rows = rank(book(contact(1)), chases=[chase(1, TODAY, opened, 0, LoopKind.PROPOSAL)])
    assert only_reason(rows) == "Chase attempt 1 on your proposal of 3 Mar (1 day waiting)"


def test_chase_not_yet_due_is_not_listed() -> None:
    opened = datetime(2026, 3, 3, 9, 0, tzinfo=BERLIN)
    assert rank(book(contact(1)), chases=[chase(1, TODAY + timedelta(days=1), opened)]) == []


def test_overdue_chase_ranks_above_one_due_today() -> None:
    opened = datetime(2026, 2, 20, 9, 0, tzinfo=BERLIN)
    chases = [chase(1, TODAY, opened), chase(2, TODAY - timedelta(days=3), opened)]
    rows = rank(book(contact(1, "Due today"), contact(2, "Three late")), chases=chases)
    assert names(rows) == ["Three late", "Due today"]
    assert rows[0].top.days_overdue == 3


def test_chase_dates_are_read_on_the_reps_calendar() -> None:
    # Voicemail left at 18:00 on Monday 2 March in Los Angeles: already 3 March in UTC,
    # which is how the log stores it.
    opened = datetime(2026, 3, 2, 18, 0, tzinfo=LOS_ANGELES).astimezone(UTC)
    now = datetime(2026, 3, 4, 17, 0, tzinfo=LOS_ANGELES)
    rows = rank_today(
        book(contact(1)), now, LOS_ANGELES, chases=[chase(1, date(2026, 3, 4), opened, 1)]
    )
    assert only_reason(rows) == "Chase attempt 2 on your voicemail of 2 Mar (2 days waiting)"


# --- follow-ups --------------------------------------------------------------


@pytest.mark.parametrize(
    ("due_on", "next_step", "text"),
    [
        (TODAY, "send the pricing", "Follow-up due today: send the pricing"),
        (date(2026, 3, 3), "send the pricing", "Follow-up 1 day overdue: send the pricing"),
        (date(2026, 3, 2), "book the demo", "Follow-up 2 days overdue: book the demo"),
        (TODAY, "", "Follow-up due today"),
    ],
)
def test_follow_up_reason_reads_naturally(due_on: date, next_step: str, text: str) -> None:
    rows = rank(book(contact(1)), follow_ups=[follow_up(1, due_on, next_step)])
    assert only_reason(rows) == text
    assert rows[0].top.kind is ReasonKind.FOLLOW_UP


def test_follow_up_due_tomorrow_is_not_listed() -> None:
    assert rank(book(contact(1)), follow_ups=[follow_up(1, date(2026, 3, 5))]) == []


# --- birthdays and dates -----------------------------------------------------


@pytest.mark.parametrize(
    ("yearly", "label", "text"),
    [
        (YearlyDate(3, 4, 2017), "Sam's birthday (son)", "Sam's birthday (son) today, turns 9"),
        (YearlyDate(3, 5, 2017), "Sam's birthday (son)", "Sam's birthday (son) tomorrow, turns 9"),
        (YearlyDate(3, 7), "Ana's birthday", "Ana's birthday on Saturday"),
        (YearlyDate(3, 9, 1980), "Birthday", "Birthday on Monday, turns 46"),
        (YearlyDate(3, 11, 2010), "Wedding anniversary", "Wedding anniversary on Wednesday"),
    ],
)
def test_dates_this_week(yearly: YearlyDate, label: str, text: str) -> None:
    rows = rank(book(contact(1)), dates=[DateComing(1, label, yearly)])
    assert only_reason(rows) == text
    assert rows[0].top.kind is ReasonKind.DATE


@pytest.mark.parametrize("yearly", [YearlyDate(3, 12), YearlyDate(3, 3), YearlyDate(6, 1)])
def test_dates_beyond_seven_days_or_just_gone_are_not_listed(yearly: YearlyDate) -> None:
    assert rank(book(contact(1)), dates=[DateComing(1, "Birthday", yearly)]) == []


def test_birthday_across_the_new_year() -> None:
    new_years_eve = datetime(2026, 12, 31, 10, 0, tzinfo=UTC)
    rows = rank_today(
        book(contact(1)),
        new_years_eve,
        BERLIN,
        dates=[DateComing(1, "Birthday", YearlyDate(1, 1, 1990))],
    )
    assert only_reason(rows) == "Birthday tomorrow, turns 37"
    monday = datetime(2026, 12, 28, 10, 0, tzinfo=UTC)
    rows = rank_today(
        book(contact(1)), monday, BERLIN, dates=[DateComing(1, "Birthday", YearlyDate(1, 2))]
    )
    assert only_reason(rows) == "Birthday on Saturday"


def test_leap_day_birthday_shows_on_28_february_in_a_common_year() -> None:
    friday = datetime(2027, 2, 26, 10, 0, tzinfo=UTC)
    rows = rank_today(
        book(contact(1)),
        friday,
        BERLIN,
        dates=[DateComing(1, "Lee's birthday", YearlyDate(2, 29, 2000))],
    )
    assert only_reason(rows) == "Lee's birthday on Sunday, turns 27"
    assert rows[0].top.due == date(2027, 2, 28)


def test_birthday_today_tops_overdue_work() -> None:
    contacts = book(contact(1, "Birthday"), contact(2, "Follow-up"), contact(3, "Check-in"))
    rows = rank(
        contacts,
        dates=[DateComing(1, "Birthday", YearlyDate(3, 4))],
        follow_ups=[follow_up(2, date(2026, 3, 1))],
        checkins=[checkin(3, 10)],
    )
    assert names(rows)[0] == "Birthday"


def test_nearer_birthday_ranks_above_a_later_one() -> None:
    contacts = book(contact(1, "Sunday"), contact(2, "Thursday"))
    dates = [
        DateComing(1, "Birthday", YearlyDate(3, 8)),
        DateComing(2, "Birthday", YearlyDate(3, 5)),
    ]
    assert names(rank(contacts, dates=dates)) == ["Thursday", "Sunday"]


# --- several reasons, one row ------------------------------------------------


def test_several_reasons_merge_into_one_row_top_reason_first() -> None:
    contacts = book(contact(1, "Zora"), contact(2, "Eli"))
    rows = rank(
        contacts,
        checkins=[checkin(1, 3)],
        follow_ups=[follow_up(1, date(2026, 3, 2)), follow_up(2, date(2026, 3, 2))],
        dates=[DateComing(1, "Sam's birthday (son)", YearlyDate(3, 7))],
    )
    assert names(rows) == ["Zora", "Eli"]  # more reasons to call Zora, same tier
    zora = rows[0]
    assert [r.kind for r in zora.reasons] == [
        ReasonKind.FOLLOW_UP,
        ReasonKind.DATE,
        ReasonKind.CHECKIN,
    ]
    assert zora.top.kind is ReasonKind.FOLLOW_UP
    assert zora.reason == (
        "Follow-up 2 days overdue: send the pricing"
        " · Sam's birthday (son) on Saturday"
        " · Personal check-in 3 days overdue (every 14 days)"
    )


# --- snooze ------------------------------------------------------------------


def test_snoozed_contact_is_left_out_until_the_snooze_ends() -> None:
    clock = FixedClock(NOW, BERLIN)
    snooze_ends = NOW + timedelta(hours=2)
    contacts = book(contact(1, "Snoozed", snoozed_until=snooze_ends), contact(2, "Awake"))
    due = [follow_up(1, TODAY), follow_up(2, TODAY)]

    def visible() -> list[str]:
        return names(rank_today(contacts, clock.now(), clock.zone(), follow_ups=due))

    assert visible() == ["Awake"]
    clock.advance(timedelta(hours=1, minutes=59))
    assert visible() == ["Awake"]
    clock.advance(timedelta(minutes=1))
    assert sorted(visible()) == ["Awake", "Snoozed"]


def test_snooze_in_the_past_hides_nothing() -> None:
    contacts = book(contact(1, snoozed_until=NOW - timedelta(days=1)))
    assert len(rank(contacts, follow_ups=[follow_up(1, TODAY)])) == 1


# --- their local time and best time ------------------------------------------


def test_row_shows_the_contacts_local_time() -> None:
    contacts = book(contact(1, "Kenji", zone=TOKYO), contact(2, "No zone"))
    rows = rank(contacts, follow_ups=[follow_up(1, TODAY), follow_up(2, TODAY)])
    by_name = {row.contact.name: row for row in rows}
    kenji_now = by_name["Kenji"].local_now
    assert kenji_now is not None
    assert kenji_now.replace(tzinfo=None) == datetime(2026, 3, 4, 23, 0)
    assert kenji_now.utcoffset() == timedelta(hours=9)
    assert by_name["No zone"].local_now is None


def test_window_open_now_in_the_contacts_zone() -> None:
    open_now = BestTimeWindow(WORKDAYS, time(8, 30), time(10, 0))  # now 09:00 in New York
    later = BestTimeWindow(WORKDAYS, time(11, 0), time(12, 0))
    contacts = book(
        contact(1, "Open", zone=NEW_YORK, windows=(open_now,)),
        contact(2, "Later", zone=NEW_YORK, windows=(later,)),
        contact(3, "Unknown", zone=NEW_YORK),
    )
    rows = rank(contacts, follow_ups=[follow_up(i, TODAY) for i in (1, 2, 3)])
    by_name = {row.contact.name: row for row in rows}

    assert by_name["Open"].window_open_now
    assert by_name["Open"].opening is not None
    assert by_name["Open"].opening.starts_at == datetime(2026, 3, 4, 13, 30, tzinfo=UTC)

    assert not by_name["Later"].window_open_now
    assert by_name["Later"].opening is not None
    assert by_name["Later"].opening.starts_at == datetime(2026, 3, 4, 16, 0, tzinfo=UTC)

    assert not by_name["Unknown"].window_open_now
    assert by_name["Unknown"].opening is None


def test_without_a_zone_best_times_follow_the_reps_wall_clock() -> None:
    afternoon = BestTimeWindow(WORKDAYS, time(15, 0), time(16, 0))
    contacts = book(contact(1, windows=(afternoon,)))
    due = [follow_up(1, TODAY)]
    in_berlin = rank_today(contacts, NOW, BERLIN, follow_ups=due)
    assert in_berlin[0].window_open_now
    in_los_angeles = rank_today(contacts, NOW, LOS_ANGELES, follow_ups=due)
    assert not in_los_angeles[0].window_open_now
    assert in_los_angeles[0].opening is not None
    assert in_los_angeles[0].opening.starts_at == datetime(2026, 3, 4, 23, 0, tzinfo=UTC)


def test_best_channel_is_the_first_preferred() -> None:
    contacts = book(
        contact(1, "Texter", channels=(Channel.TEXT, Channel.PHONE)), contact(2, "Unknown")
    )
    rows = rank(contacts, follow_ups=[follow_up(1, TODAY), follow_up(2, TODAY)])
    by_name = {row.contact.name: row for row in rows}
    assert by_name["Texter"].best_channel is Channel.TEXT
    assert by_name["Unknown"].best_channel is None


# --- the rep's own day -------------------------------------------------------


def test_what_is_due_depends_on_the_reps_local_day() -> None:
    # 01:00 on Thursday in Tokyo, 08:00 on Wednesday in Los Angeles.
    instant = datetime(2026, 3, 4, 16, 0, tzinfo=UTC)
    thursday = date(2026, 3, 5)
    contacts = book(contact(1))
    follow_ups = [follow_up(1, thursday)]
    checkins = [CheckinDue(1, datetime(2026, 3, 5, 9, 0, tzinfo=UTC), 14, None)]
    dates = [DateComing(1, "Birthday", YearlyDate(3, 5))]

    def ranked_in(zone: ZoneInfo) -> list[TodayRow]:
        return rank(contacts, checkins, (), follow_ups, dates, now=instant, rep_zone=zone)

    in_tokyo = ranked_in(TOKYO)
    in_los_angeles = ranked_in(LOS_ANGELES)

    assert [r.text for r in in_tokyo[0].reasons] == [
        "Birthday today",
        "Follow-up due today: send the pricing",
        "No personal check-in yet",
    ]
    assert [r.text for r in in_los_angeles[0].reasons] == ["Birthday tomorrow"]


def test_same_score_is_ordered_by_name_ignoring_case() -> None:
    contacts = book(contact(1, "bob"), contact(2, "Alice"), contact(3, "Dave"), contact(4, "carol"))
    rows = rank(contacts, follow_ups=[follow_up(i, TODAY) for i in (1, 2, 3, 4)])
    assert names(rows) == ["Alice", "bob", "carol", "Dave"]
