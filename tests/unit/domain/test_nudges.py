"""Planning nudges (F10): digest, best times, dates, quiet hours, snooze, catch-up, DST."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from callbook.domain.dates import YearlyDate
from callbook.domain.nudges import (
    DueItems,
    Nudge,
    NudgeKind,
    NudgeSettings,
    SnoozeChoice,
    WallClockWatch,
    catch_up,
    missed_nudges,
    plan_nudges,
    snooze_until,
    snoozed_copy,
)
from callbook.domain.today import CheckinDue, ContactBrief, DateComing, FollowUpDue
from callbook.domain.vocabulary import Channel, Tier
from callbook.domain.windows import WORKDAYS, BestTimeWindow

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
TOKYO = ZoneInfo("Asia/Tokyo")
EVERY_DAY = NudgeSettings(quiet_days=frozenset())

# Tuesday 24 November 2026, midnight in Berlin.
TUESDAY = date(2026, 11, 24)


def at(day: date, hour: int, minute: int = 0, zone: ZoneInfo = BERLIN) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=zone).astimezone(UTC)


def whole_day(day: date, zone: ZoneInfo = BERLIN) -> tuple[datetime, datetime]:
    return at(day, 0, zone=zone), at(day + timedelta(days=1), 0, zone=zone)


def mike(
    zone: ZoneInfo = NEW_YORK, start: time = time(6, 45), end: time = time(7, 30)
) -> ContactBrief:
    window = BestTimeWindow(WORKDAYS, start, end)
    return ContactBrief(1, "Mike Chen", "Bagels Inc", Tier.A, zone, (Channel.PHONE,), (window,))


def overdue_checkin(contact_id: int, days: int = 3) -> CheckinDue:
    """A check-in that fell due at New Year, `days` before: due on every day these tests plan."""
    due = datetime(2026, 1, 1, 12, tzinfo=UTC) - timedelta(days=days)
    return CheckinDue(contact_id, due, 14, due - timedelta(days=14))


def items_with_mike(zone: ZoneInfo = NEW_YORK) -> DueItems:
    return DueItems(
        {1: mike(zone)},
        checkins=[overdue_checkin(1)],
        places={1: "Einstein's Bagels, 6:45 weekdays"},
    )


def kinds(plan: list[Nudge]) -> list[NudgeKind]:
    return [n.kind for n in plan]


# --- the morning digest -------------------------------------------------------------


def test_digest_counts_what_is_due_and_names_a_birthday_this_week() -> None:
    contacts = {
        i: ContactBrief(i, name, tier=Tier.B)
        for i, name in [(1, "Ana Silva"), (2, "Bo Lind"), (3, "Cy Diaz")]
    }
    items = DueItems(
        contacts,
        checkins=[overdue_checkin(1), overdue_checkin(2)],
        follow_ups=[FollowUpDue(3, 9, "send the pricing", TUESDAY)],
        dates=[DateComing(1, "Birthday", YearlyDate(11, 26, 1980))],
    )
    plan = plan_nudges(items, NudgeSettings(), BERLIN, *whole_day(TUESDAY))
    digest = plan[0]
    assert digest.kind is NudgeKind.DIGEST
    assert digest.at == at(TUESDAY, 8)
    assert digest.title == "Today: 3 people to call"
    assert digest.body == (
        "2 check-ins overdue, 1 follow-up due, Ana Silva's birthday on Thursday, turns 46"
    )


def test_a_digest_at_the_rep_set_time_and_none_when_switched_off() -> None:
    items = items_with_mike()
    late = NudgeSettings(digest_at=time(9, 30))
    assert plan_nudges(items, late, BERLIN, *whole_day(TUESDAY))[0].at == at(TUESDAY, 9, 30)
    off = NudgeSettings(digest=False)
    assert NudgeKind.DIGEST not in kinds(plan_nudges(items, off, BERLIN, *whole_day(TUESDAY)))


def test_an_empty_day_still_says_so_in_the_digest() -> None:
    plan = plan_nudges(DueItems({}), NudgeSettings(), BERLIN, *whole_day(TUESDAY))
    assert [(n.title, n.body) for n in plan] == [
        ("Nothing due today", "A good day to give before you ask.")
    ]


# --- best-time reminders ------------------------------------------------------------


def test_best_time_reminder_comes_minutes_before_their_window_in_the_reps_zone() -> None:
    plan = plan_nudges(items_with_mike(), NudgeSettings(), BERLIN, *whole_day(TUESDAY))
    best = [n for n in plan if n.kind is NudgeKind.BEST_TIME]
    assert len(best) == 1
    # 06:45 in New York is 12:45 in Berlin in November; ten minutes' lead.
    assert best[0].at == at(TUESDAY, 12, 35)
    assert best[0].title == "Mike Chen: best time at 12:45"
    assert "06:45–07:30 their time in New York (12:45–13:30 yours)" in best[0].body
    assert "Place: Einstein's Bagels, 6:45 weekdays" in best[0].body
    assert best[0].contact_id == 1


def test_only_contacts_due_get_best_time_reminders_and_at_most_the_daily_limit() -> None:
    contacts = {
        i: replace(
            mike(BERLIN, time(10 + i % 5, 0), time(10 + i % 5, 30)),
            contact_id=i,
            name=f"Person {i}",
        )
        for i in range(1, 13)
    }
    due = [overdue_checkin(i, days=i) for i in range(1, 11)]  # 11 and 12 are not due
    items = DueItems(contacts, checkins=due)
    plan = plan_nudges(items, NudgeSettings(best_time_daily_limit=4), BERLIN, *whole_day(TUESDAY))
    reminded = [n.contact_id for n in plan if n.kind is NudgeKind.BEST_TIME]
    assert len(reminded) == 4
    # The most overdue rank first, as on the Today list.
    assert set(reminded) == {10, 9, 8, 7}


def test_a_follow_up_falling_due_is_nudged_at_reminder_time_without_a_best_time() -> None:
    items = DueItems(
        {2: ContactBrief(2, "Ana Silva")},
        follow_ups=[FollowUpDue(2, 5, "send the pricing", TUESDAY)],
    )
    plan = plan_nudges(items, NudgeSettings(), BERLIN, *whole_day(TUESDAY))
    day = [n for n in plan if n.contact_id == 2]
    assert [(n.kind, n.at, n.title, n.body) for n in day] == [
        (
            NudgeKind.FOLLOW_UP,
            at(TUESDAY, 9),
            "Ana Silva — follow-up due today",
            "Follow-up due today: send the pricing",
        )
    ]
    # The day after, it is overdue: the digest counts it but no second reminder comes.
    next_day = plan_nudges(items, NudgeSettings(), BERLIN, *whole_day(TUESDAY + timedelta(1)))
    assert [n.kind for n in next_day] == [NudgeKind.DIGEST]
    assert "1 follow-up due" in next_day[0].body


def test_birthdays_are_nudged_a_day_ahead_and_on_the_day() -> None:
    items = DueItems(
        {3: ContactBrief(3, "Cy Diaz")},
        dates=[DateComing(3, "Sam (son): birthday", YearlyDate(11, 26, 2017))],
    )
    texts = {}
    for offset in range(4):
        day = TUESDAY + timedelta(days=offset)
        plan = plan_nudges(items, NudgeSettings(), BERLIN, *whole_day(day))
        texts[day] = [n.body for n in plan if n.kind is NudgeKind.DATE]
    titles = [
        n.title
        for n in plan_nudges(items, NudgeSettings(), BERLIN, *whole_day(date(2026, 11, 25)))
        if n.kind is NudgeKind.DATE
    ]
    assert titles == ["Cy Diaz — Sam (son): birthday tomorrow, turns 9"]
    assert texts == {
        date(2026, 11, 24): [],
        date(2026, 11, 25): ["Sam (son): birthday tomorrow, turns 9"],
        date(2026, 11, 26): ["Sam (son): birthday today, turns 9"],
        date(2026, 11, 27): [],
    }


def test_a_contact_with_a_best_time_gets_one_reminder_carrying_the_follow_up() -> None:
    items = DueItems({1: mike()}, follow_ups=[FollowUpDue(1, 5, "send the pricing", TUESDAY)])
    plan = plan_nudges(items, NudgeSettings(), BERLIN, *whole_day(TUESDAY))
    mine = [n for n in plan if n.contact_id == 1]
    assert [n.kind for n in mine] == [NudgeKind.BEST_TIME]
    assert "Follow-up due today: send the pricing" in mine[0].body


def test_a_snoozed_contact_is_not_nudged() -> None:
    snoozed = replace(mike(), snoozed_until=at(TUESDAY + timedelta(days=2), 0))
    items = DueItems({1: snoozed}, checkins=[overdue_checkin(1)])
    plan = plan_nudges(items, NudgeSettings(), BERLIN, *whole_day(TUESDAY))
    assert kinds(plan) == [NudgeKind.DIGEST]
    assert plan[0].title == "Nothing due today"


def test_handled_nudges_are_left_out_of_a_replan() -> None:
    items = items_with_mike()
    plan = plan_nudges(items, NudgeSettings(), BERLIN, *whole_day(TUESDAY))
    again = plan_nudges(items, NudgeSettings(), BERLIN, *whole_day(TUESDAY), handled={plan[0].key})
    assert again == plan[1:]


# --- quiet hours and weekends --------------------------------------------------------


def test_weekends_are_quiet_by_default_and_the_rep_can_change_that() -> None:
    saturday = date(2026, 11, 28)
    assert plan_nudges(items_with_mike(), NudgeSettings(), BERLIN, *whole_day(saturday)) == []
    plan = plan_nudges(items_with_mike(), EVERY_DAY, BERLIN, *whole_day(saturday))
    assert kinds(plan) == [NudgeKind.DIGEST]  # Mike's window is on weekdays only


def test_quiet_hours_hold_a_reminder_back_while_the_window_is_still_open() -> None:
    # Mike in Berlin itself at 06:45–07:30; the rep's quiet hours run to 07:00.
    items = items_with_mike(BERLIN)
    plan = plan_nudges(items, NudgeSettings(), BERLIN, *whole_day(TUESDAY))
    best = [n for n in plan if n.kind is NudgeKind.BEST_TIME]
    assert [(n.at, n.title) for n in best] == [
        (at(TUESDAY, 7), "Mike Chen: best time now, until 07:30")
    ]
    # Quiet until 08:00: the window has closed by then, so no reminder at all.
    later = NudgeSettings(quiet_until=time(8, 0))
    plan = plan_nudges(items, later, BERLIN, *whole_day(TUESDAY))
    assert NudgeKind.BEST_TIME not in kinds(plan)


def test_quiet_hours_across_midnight_and_a_digest_inside_them_moves_to_their_end() -> None:
    settings = NudgeSettings(digest_at=time(6, 30), quiet_from=time(22, 0), quiet_until=time(7, 0))
    assert settings.is_quiet(at(TUESDAY, 23), BERLIN)
    assert settings.is_quiet(at(TUESDAY, 6, 59), BERLIN)
    assert not settings.is_quiet(at(TUESDAY, 7), BERLIN)
    assert not settings.is_quiet(at(TUESDAY, 21, 59), BERLIN)
    plan = plan_nudges(DueItems({}), settings, BERLIN, *whole_day(TUESDAY))
    assert [n.at for n in plan] == [at(TUESDAY, 7)]


def test_quiet_hours_within_one_day() -> None:
    lunch = NudgeSettings(quiet_from=time(12, 0), quiet_until=time(13, 30))
    assert lunch.is_quiet(at(TUESDAY, 12, 15), BERLIN)
    assert not lunch.is_quiet(at(TUESDAY, 23), BERLIN)
    assert lunch.next_allowed(at(TUESDAY, 12, 15), BERLIN) == at(TUESDAY, 13, 30)


def test_friday_evening_waits_for_monday_morning() -> None:
    friday_night = at(date(2026, 11, 27), 22)
    assert NudgeSettings().next_allowed(friday_night, BERLIN) == at(date(2026, 11, 30), 7)


def test_no_quiet_hours_at_all() -> None:
    none = NudgeSettings(quiet_from=None, quiet_until=None, quiet_days=frozenset())
    assert not none.is_quiet(at(TUESDAY, 3), BERLIN)
    plan = plan_nudges(items_with_mike(BERLIN), none, BERLIN, *whole_day(TUESDAY))
    assert at(TUESDAY, 6, 35) in [n.at for n in plan]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"quiet_days": frozenset(range(7))}, "at least one day"),
        ({"quiet_from": None}, "both a start and an end"),
        ({"quiet_from": time(7, 0)}, "different times"),
        ({"best_time_lead_minutes": 500}, "between 0 and 120"),
        ({"quiet_days": frozenset({7})}, r"0 \(Monday\) to 6"),
    ],
)
def test_settings_that_make_no_sense_are_refused(changes: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        replace(NudgeSettings(), **changes)


def test_settings_survive_json_and_bad_json_says_what_is_wrong() -> None:
    mine = NudgeSettings(
        digest_at=time(7, 15), quiet_from=None, quiet_until=None, quiet_days=frozenset({6})
    )
    assert NudgeSettings.from_json(mine.as_json()) == mine
    assert NudgeSettings.from_json({}) == NudgeSettings()
    with pytest.raises(ValueError, match="'25:00' is not a time"):
        NudgeSettings.from_json({"digest_at": "25:00"})
    with pytest.raises(ValueError, match="true or false"):
        NudgeSettings.from_json({"digest": "yes"})


# --- daylight saving, both ways --------------------------------------------------------


def test_digest_keeps_to_the_wall_clock_across_spring_forward() -> None:
    # Berlin springs forward on Sunday 29 March 2026.
    plan = plan_nudges(
        DueItems({}), EVERY_DAY, BERLIN, at(date(2026, 3, 28), 0), at(date(2026, 3, 31), 0)
    )
    assert [n.at for n in plan] == [
        datetime(2026, 3, 28, 7, 0, tzinfo=UTC),  # 08:00 CET
        datetime(2026, 3, 29, 6, 0, tzinfo=UTC),  # 08:00 CEST
        datetime(2026, 3, 30, 6, 0, tzinfo=UTC),
    ]


def test_a_digest_set_inside_the_skipped_hour_comes_once_just_after_it() -> None:
    settings = replace(EVERY_DAY, digest_at=time(2, 30), quiet_from=None, quiet_until=None)
    day = date(2026, 3, 29)
    plan = plan_nudges(DueItems({}), settings, BERLIN, *whole_day(day))
    assert [n.at.astimezone(BERLIN).strftime("%H:%M %Z") for n in plan] == ["03:30 CEST"]


def test_a_digest_inside_the_repeated_hour_comes_once_on_fall_back() -> None:
    settings = replace(EVERY_DAY, digest_at=time(2, 30), quiet_from=None, quiet_until=None)
    day = date(2026, 10, 25)
    plan = plan_nudges(DueItems({}), settings, BERLIN, *whole_day(day))
    assert [n.at for n in plan] == [datetime(2026, 10, 25, 0, 30, tzinfo=UTC)]  # 02:30 CEST
    # The 25-hour day has its own digest the next morning and no other.
    week = plan_nudges(
        DueItems({}), EVERY_DAY, BERLIN, at(date(2026, 10, 24), 0), at(date(2026, 10, 27), 0)
    )
    assert [n.at for n in week] == [
        datetime(2026, 10, 24, 6, 0, tzinfo=UTC),  # 08:00 CEST
        datetime(2026, 10, 25, 7, 0, tzinfo=UTC),  # 08:00 CET
        datetime(2026, 10, 26, 7, 0, tzinfo=UTC),
    ]


def test_new_york_best_time_moves_an_hour_in_berlin_while_only_america_has_changed() -> None:
    # America springs forward on 8 March 2026, Europe on 29 March: for three weeks
    # New York is five hours behind Berlin, not six.
    items = DueItems({1: mike(NEW_YORK, time(9, 0), time(10, 0))}, checkins=[overdue_checkin(1)])

    def reminder(day: date) -> str:
        plan = plan_nudges(items, EVERY_DAY, BERLIN, *whole_day(day))
        best = next(n for n in plan if n.kind is NudgeKind.BEST_TIME)
        return best.at.astimezone(BERLIN).strftime("%H:%M")

    assert reminder(date(2026, 3, 6)) == "14:50"
    assert reminder(date(2026, 3, 9)) == "13:50"
    assert reminder(date(2026, 3, 30)) == "14:50"


# --- the rep travels ---------------------------------------------------------------


def test_rep_moving_from_new_york_to_berlin_between_two_nudges() -> None:
    items = items_with_mike(TOKYO)
    settings = replace(EVERY_DAY, quiet_from=time(23, 0))
    monday = date(2026, 11, 23)
    start = at(monday, 0, zone=NEW_YORK)
    plan_ny = plan_nudges(items, settings, NEW_YORK, start, start + timedelta(days=2))
    first = plan_ny[0]
    assert (first.kind, first.at) == (NudgeKind.DIGEST, at(monday, 8, zone=NEW_YORK))
    # Mike in Tokyo: 06:45 Tuesday his time is 16:45 Monday in New York.
    best_ny = plan_ny[1]
    assert best_ny.title == "Mike Chen: best time at 16:45"
    assert best_ny.at == at(monday, 16, 35, zone=NEW_YORK)

    # The New York digest fires; right after it the laptop's zone becomes Berlin.
    moved = first.at + timedelta(minutes=5)
    plan_berlin = plan_nudges(
        items, settings, BERLIN, moved, moved + timedelta(days=2), handled={first.key}
    )
    # Mike's window is the same instant, now told in Berlin time...
    assert plan_berlin[0].key == best_ny.key
    assert plan_berlin[0].at == best_ny.at
    assert plan_berlin[0].title == "Mike Chen: best time at 22:45"
    assert "06:45–07:30 their time in Tokyo (22:45–23:30 yours)" in plan_berlin[0].body
    # ...and the next digest comes at 08:00 in Berlin, six hours before 08:00 in New York.
    assert (plan_berlin[1].kind, plan_berlin[1].at) == (
        NudgeKind.DIGEST,
        at(monday + timedelta(days=1), 8, zone=BERLIN),
    )
    # Quiet hours follow the rep too: from 21:00 Berlin, Mike's 22:45 window is held back
    # past its end and dropped, where in New York (16:45) it was fine.
    default_quiet = plan_nudges(items, EVERY_DAY, BERLIN, moved, moved + timedelta(days=2))
    assert NudgeKind.BEST_TIME not in kinds(default_quiet)
    assert NudgeKind.BEST_TIME in kinds(
        plan_nudges(items, EVERY_DAY, NEW_YORK, start, start + timedelta(days=2))
    )


# --- snooze ------------------------------------------------------------------------------


def test_snooze_a_quarter_hour_an_hour_and_until_tomorrow_morning() -> None:
    now = at(TUESDAY, 15, 0)
    settings = NudgeSettings()
    assert snooze_until(SnoozeChoice.QUARTER_HOUR, now, settings, BERLIN) == at(TUESDAY, 15, 15)
    assert snooze_until(SnoozeChoice.HOUR, now, settings, BERLIN) == at(TUESDAY, 16)
    tomorrow = snooze_until(SnoozeChoice.TOMORROW_MORNING, now, settings, BERLIN)
    assert tomorrow == at(TUESDAY + timedelta(days=1), 8)


def test_snooze_never_lands_in_quiet_hours_or_on_the_weekend() -> None:
    late = at(TUESDAY, 20, 50)
    assert snooze_until(SnoozeChoice.QUARTER_HOUR, late, NudgeSettings(), BERLIN) == at(
        TUESDAY + timedelta(days=1), 7
    )
    friday = at(date(2026, 11, 27), 15)
    monday = at(date(2026, 11, 30), 8)
    assert snooze_until(SnoozeChoice.TOMORROW_MORNING, friday, NudgeSettings(), BERLIN) == monday


def test_a_snoozed_nudge_comes_back_once_with_its_own_key() -> None:
    plan = plan_nudges(items_with_mike(), NudgeSettings(), BERLIN, *whole_day(TUESDAY))
    original = plan[1]
    back = snoozed_copy(original, at(TUESDAY, 16))
    assert back.origin_key == original.key and back.key != original.key
    handled = {original.key}
    replan = plan_nudges(
        items_with_mike(), NudgeSettings(), BERLIN, *whole_day(TUESDAY), handled, [back]
    )
    assert [n.key for n in replan if n.contact_id == 1] == [back.key]
    assert snoozed_copy(back, at(TUESDAY, 17)).origin_key == original.key


# --- missed nudges and the one catch-up ---------------------------------------------------


def six_nudges(start: datetime) -> list[Nudge]:
    return [
        Nudge(f"n{i}", NudgeKind.BEST_TIME, start + timedelta(hours=i), f"Person {i}", "", i)
        for i in range(1, 7)
    ]


def test_eight_hours_asleep_with_six_nudges_missed_make_one_catch_up() -> None:
    asleep = at(TUESDAY, 8, 30)
    plan = six_nudges(asleep)
    woke = asleep + timedelta(hours=8)
    missed = missed_nudges(plan, set(), asleep, woke)
    assert [n.key for n in missed] == ["n1", "n2", "n3", "n4", "n5", "n6"]
    one = catch_up(missed, woke, BERLIN)
    assert one.kind is NudgeKind.CATCH_UP
    assert one.title == "While you were away: 6 nudges"
    assert one.body.splitlines()[0] == "Tue 09:30 Person 1"
    assert one.contact_id is None


def test_a_catch_up_starts_with_the_digest_and_keeps_to_a_few_lines() -> None:
    start = at(TUESDAY, 7)
    digest = Nudge("digest:x", NudgeKind.DIGEST, at(TUESDAY, 8), "Today: 3 people", "3 chases")
    missed = [*six_nudges(start), digest, *six_nudges(start + timedelta(minutes=1))]
    one = catch_up(missed, at(TUESDAY, 20), BERLIN)
    lines = one.body.splitlines()
    assert lines[0] == "Today: 3 people: 3 chases"
    assert lines[-1] == "and 7 more on the Nudges page"
    assert len(lines) == 7


def test_what_was_added_for_an_hour_already_gone_is_not_missed_but_a_snooze_is() -> None:
    settled = at(TUESDAY, 15)
    now = at(TUESDAY, 16)
    old = Nudge("old", NudgeKind.FOLLOW_UP, at(TUESDAY, 9), "Ana", "")
    snoozed = replace(old, key="old~snoozed", snoozed=True, at=at(TUESDAY, 10))
    fresh = Nudge("fresh", NudgeKind.FOLLOW_UP, at(TUESDAY, 15, 30), "Bo", "")
    # Still within the grace: its own job delivers it.
    on_time = Nudge("now", NudgeKind.FOLLOW_UP, now - timedelta(seconds=30), "Cy", "")
    handled = Nudge("done", NudgeKind.FOLLOW_UP, at(TUESDAY, 15, 10), "Di", "")
    found = missed_nudges([old, snoozed, fresh, on_time, handled], {"done"}, settled, now)
    assert [n.key for n in found] == ["old~snoozed", "fresh"]


def test_a_catch_up_for_one_contact_opens_that_contact() -> None:
    missed = [
        Nudge("a", NudgeKind.BEST_TIME, at(TUESDAY, 9), "Mike", "", 1),
        Nudge("b", NudgeKind.FOLLOW_UP, at(TUESDAY, 10), "Mike", "", 1),
    ]
    assert catch_up(missed, at(TUESDAY, 12), BERLIN).contact_id == 1


# --- the heartbeat's wall-clock watch ----------------------------------------------------


def test_wall_clock_watch_sees_sleep_and_a_clock_set_back_but_not_a_late_beat() -> None:
    watch = WallClockWatch(timedelta(seconds=30))
    start = at(TUESDAY, 9)
    assert watch.tick(start) is None
    assert watch.tick(start + timedelta(seconds=45)) is None
    assert watch.tick(start + timedelta(hours=8)) == timedelta(hours=8) - timedelta(seconds=45)
    assert watch.tick(start + timedelta(hours=8, seconds=30)) is None
    assert watch.tick(start) is not None


def test_a_contacts_own_birthday_reads_after_their_name() -> None:
    items = DueItems(
        {4: ContactBrief(4, "Ana Silva")}, dates=[DateComing(4, "Birthday", YearlyDate(11, 25))]
    )
    plan = plan_nudges(items, NudgeSettings(), BERLIN, *whole_day(TUESDAY))
    assert [n.title for n in plan if n.kind is NudgeKind.DATE] == ["Ana Silva — birthday tomorrow"]


def test_many_follow_ups_on_one_day_come_as_five_reminders_and_one_for_the_rest() -> None:
    contacts = {i: ContactBrief(i, f"Person {i:02d}") for i in range(1, 31)}
    follow_ups = [FollowUpDue(i, i, "send the deck", TUESDAY) for i in range(1, 31)]
    plan = plan_nudges(
        DueItems(contacts, follow_ups=follow_ups), NudgeSettings(), BERLIN, *whole_day(TUESDAY)
    )
    at_nine = [n for n in plan if n.at == at(TUESDAY, 9)]
    assert len(at_nine) == 6
    assert sum(n.contact_id is not None for n in at_nine) == 5
    rest = (
        at_nine[-1]
        if at_nine[-1].contact_id is None
        else next(n for n in at_nine if n.contact_id is None)
    )
    assert rest.title == "25 more follow-ups, chases and dates today"
    assert rest.body.endswith("and 20 more. They are on the Today list.")
