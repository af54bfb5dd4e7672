"""The contact card: what it shows, and in-place edits validated, one transaction each."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from callbook.domain.card_fields import (
    BestTimeEntry,
    CardField,
    FamilyEntry,
    parse_birthday,
    parse_channels,
    parse_clock_time,
    parse_weekdays,
)
from callbook.domain.clock import FixedClock
from callbook.domain.vocabulary import Outcome, Purpose, ReachChannel, Tier
from callbook.services.call_log import LogEntry, log_interaction
from callbook.services.card import load_card, yearly_text
from callbook.services.card_edits import (
    edit_field,
    set_best_times,
    set_channels,
    set_dates,
    set_family,
    set_phones,
    set_tags,
    snooze,
)
from callbook.services.changes import Invalid, NotFound
from callbook.services.contacts import NewContact, add_contact
from callbook.services.today import today_list
from callbook.store.engine import Store


@pytest.fixture
def ana(store: Store, clock: FixedClock) -> int:
    return add_contact(
        store,
        clock,
        NewContact(
            "Ana",
            "Silva",
            company="Northwind",
            tier=Tier.A,
            phones=[("mobile", "+1 212 555 0100")],
            time_zone="America/New_York",
        ),
    )


def test_the_card_shows_the_last_personal_checkin_apart_from_business(
    store: Store, clock: FixedClock, ana: int
) -> None:
    log_interaction(store, clock, LogEntry(ana, Outcome.CONNECTED, Purpose.CHECKIN))
    clock.advance(timedelta(days=3))
    log_interaction(store, clock, LogEntry(ana, Outcome.CONNECTED, Purpose.BUSINESS))
    clock.advance(timedelta(days=2))
    card = load_card(store, clock, ana)
    assert card.days_since_checkin == 5
    assert card.rhythm_days == 14
    assert card.timeline_total == 2
    assert [e.purpose for e in card.timeline] == [Purpose.BUSINESS, Purpose.CHECKIN]
    assert card.phones[0].shown == "(212) 555-0100"
    assert card.local_now is not None and card.local_now.utcoffset() == timedelta(hours=-5)
    assert not card.question_asked


def test_an_unknown_contact_is_not_found(store: Store, clock: FixedClock) -> None:
    with pytest.raises(NotFound):
        load_card(store, clock, 999)


def test_a_field_is_saved_and_the_change_says_what_to_refresh(
    store: Store, clock: FixedClock, ana: int
) -> None:
    change = edit_field(store, clock, ana, CardField.COMPANY, "  Globex  ")
    assert load_card(store, clock, ana).company == "Globex"
    assert change.contacts == {ana} and change.contact_list and change.today
    change = edit_field(store, clock, ana, CardField.ON_THEIR_MIND, "the audit")
    assert not change.today and not change.contact_list


@pytest.mark.parametrize(
    ("which", "typed", "message"),
    [
        (CardField.EMAIL, "ana at northwind", "not an email address"),
        (CardField.TIER, "D", "Tier is A, B or C"),
        (CardField.ACCOUNT_VALUE, "lots", "whole number"),
        (CardField.CHECKIN_RHYTHM, "0", "between 1 and 3,650"),
        (CardField.TIME_ZONE, "Mars/Olympus", "not a time zone we know"),
        (
            CardField.ASSISTANT_PHONE,
            "12",
            "Assistant's phone: '12' cannot be stored as a number: it has too few",
        ),
        (CardField.NOTES, "x" * 100_001, "at most 100,000 characters"),
    ],
)
def test_bad_input_says_what_is_wrong_and_changes_nothing(
    store: Store, clock: FixedClock, ana: int, which: CardField, typed: str, message: str
) -> None:
    before = load_card(store, clock, ana)
    with pytest.raises(Invalid, match=message):
        edit_field(store, clock, ana, which, typed)
    assert load_card(store, clock, ana) == before


def test_a_contact_keeps_a_name_or_company(store: Store, clock: FixedClock, ana: int) -> None:
    edit_field(store, clock, ana, CardField.FIRST_NAME, "")
    edit_field(store, clock, ana, CardField.LAST_NAME, "")
    with pytest.raises(Invalid, match="needs a name or a company"):
        edit_field(store, clock, ana, CardField.COMPANY, " ")
    assert load_card(store, clock, ana).name == "Northwind"


def test_tier_and_rhythm_move_the_checkin_due_date(
    store: Store, clock: FixedClock, ana: int
) -> None:
    log_interaction(store, clock, LogEntry(ana, Outcome.CONNECTED, Purpose.CHECKIN))
    today = clock.now().astimezone(clock.zone()).date()
    assert load_card(store, clock, ana).checkin_due_on == today + timedelta(days=14)
    edit_field(store, clock, ana, CardField.TIER, "c")
    assert load_card(store, clock, ana).checkin_due_on == today + timedelta(days=90)
    edit_field(store, clock, ana, CardField.CHECKIN_RHYTHM, "7")
    card = load_card(store, clock, ana)
    assert (card.tier, card.rhythm_days, card.own_rhythm_days) == (Tier.C, 7, 7)
    edit_field(store, clock, ana, CardField.CHECKIN_RHYTHM, "")
    assert load_card(store, clock, ana).rhythm_days == 90


def test_answering_the_question_marks_it_asked(store: Store, clock: FixedClock, ana: int) -> None:
    edit_field(store, clock, ana, CardField.QUESTION_ANSWER, "Text first, call after 4pm")
    card = load_card(store, clock, ana)
    assert card.question_asked
    assert card.question_answer == "Text first, call after 4pm"


def test_an_account_value_may_be_written_as_money(
    store: Store, clock: FixedClock, ana: int
) -> None:
    edit_field(store, clock, ana, CardField.ACCOUNT_VALUE, "$120,000")
    assert load_card(store, clock, ana).account_value == 120_000


def test_family_with_one_bad_birthday_stores_none_of_it(
    store: Store, clock: FixedClock, ana: int
) -> None:
    set_family(store, clock, ana, [FamilyEntry("Leo", "son", "2015-06-01")])
    with pytest.raises(Invalid, match="Sam's birthday: 30/2/2019 is not a date"):
        set_family(
            store,
            clock,
            ana,
            [FamilyEntry("Leo", "son", "2015-06-01"), FamilyEntry("Sam", "son", "2019-02-30")],
        )
    family = load_card(store, clock, ana).family
    assert [(m.name, m.birthday_text) for m in family] == [("Leo", "1 Jun 2015")]


def test_family_birthdays_show_next_date_and_age(store: Store, clock: FixedClock, ana: int) -> None:
    set_family(store, clock, ana, [FamilyEntry("Sam", "son", "25 Nov 2016"), FamilyEntry("Jo")])
    sam, jo = load_card(store, clock, ana).family
    assert sam.next_birthday is not None and sam.next_birthday.isoformat() == "2026-11-25"
    assert sam.turns == 10
    assert jo.birthday is None and jo.next_birthday is None
    with pytest.raises(Invalid, match="family member 1 needs a name"):
        set_family(store, clock, ana, [FamilyEntry("", "wife", "04-12")])


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2016-04-12", (4, 12, 2016)),
        ("04-12", (4, 12, None)),
        ("12 Apr", (4, 12, None)),
        ("12 April 2016", (4, 12, 2016)),
        ("Apr 12, 2016", (4, 12, 2016)),
        ("29 Feb", (2, 29, None)),
    ],
)
def test_birthdays_are_read_as_a_rep_types_them(
    typed: str, expected: tuple[int, int, int | None]
) -> None:
    found = parse_birthday(typed)
    assert found is not None
    assert (found.month, found.day, found.year) == expected


@pytest.mark.parametrize("typed", ["31 Apr", "12 Smarch", "2019-13-01", "tomorrow"])
def test_impossible_birthdays_are_refused(typed: str) -> None:
    with pytest.raises(ValueError):
        parse_birthday(typed)


def test_phones_are_replaced_in_order_and_a_bad_one_is_named(
    store: Store, clock: FixedClock, ana: int
) -> None:
    set_phones(store, clock, ana, [("work", "(415) 555-0199"), ("mobile", "+44 20 7946 0018")])
    assert [(p.label, p.e164) for p in load_card(store, clock, ana).phones] == [
        ("work", "+14155550199"),
        ("mobile", "+442079460018"),
    ]
    with pytest.raises(
        Invalid, match="phone 2: '555' cannot be stored as a number: it has too few"
    ):
        set_phones(store, clock, ana, [("work", "(415) 555-0100"), ("home", "555")])
    assert load_card(store, clock, ana).phones[0].e164 == "+14155550199"


def test_best_times_are_read_in_their_zone_and_shown_in_yours(
    store: Store, clock: FixedClock, ana: int
) -> None:
    set_best_times(store, clock, ana, [BestTimeEntry("Mon-Fri", "6:45", "7:30", "bagel shop")])
    (line,) = load_card(store, clock, ana).best_times
    assert line.theirs == "Mon–Fri 06:45–07:30 their time"
    # Monday 10:00 in New York is past; next is Tuesday 06:45 there, 12:45 in Berlin.
    assert line.yours == "next Tue 12:45–13:30 your time"
    assert line.note == "bagel shop"
    with pytest.raises(Invalid, match="best time 1: it must end after it starts"):
        set_best_times(store, clock, ana, [BestTimeEntry("Mon", "09:00", "08:00")])
    with pytest.raises(Invalid, match="'Funday' is not a weekday"):
        set_best_times(store, clock, ana, [BestTimeEntry("Funday", "09:00", "10:00")])


def test_weekdays_and_times_are_read_loosely() -> None:
    assert parse_weekdays("weekdays") == frozenset(range(5))
    assert parse_weekdays("Tue, Thu") == frozenset({1, 3})
    assert parse_weekdays("Fri-Mon") == frozenset({4, 5, 6, 0})
    assert parse_clock_time("4:30pm") == 16 * 60 + 30
    assert parse_clock_time("12am") == 0
    with pytest.raises(ValueError, match="not a time of day"):
        parse_clock_time("25:00")


def test_channels_tags_and_dates(store: Store, clock: FixedClock, ana: int) -> None:
    set_channels(store, clock, ana, parse_channels("text, call, text"))
    assert load_card(store, clock, ana).preferred_channels == (
        ReachChannel.TEXT,
        ReachChannel.PHONE,
    )
    set_channels(store, clock, ana, parse_channels("Via assistant, email"))
    reach = load_card(store, clock, ana).preferred_channels
    assert [c.label for c in reach] == ["Via assistant", "Email"]
    with pytest.raises(
        Invalid, match="'fax' is not a channel; use call, text, email, via assistant"
    ):
        parse_channels("fax")
    set_tags(store, clock, ana, ["golf", " key account ", ""])
    assert load_card(store, clock, ana).tags == ("golf", "key account")
    set_dates(store, clock, ana, [("Work anniversary", "2019-11-25")])
    (when,) = load_card(store, clock, ana).dates
    assert when.next_on.isoformat() == "2026-11-25"
    with pytest.raises(Invalid, match="date 1 needs a label"):
        set_dates(store, clock, ana, [("", "04-12")])


def test_snooze_keeps_them_off_today_until_it_ends(
    store: Store, clock: FixedClock, ana: int
) -> None:
    assert [r.contact.contact_id for r in today_list(store, clock)] == [ana]
    change = snooze(store, clock, ana, clock.now() + timedelta(days=3))
    assert change.today
    assert today_list(store, clock) == []
    clock.advance(timedelta(days=3, minutes=1))
    assert [r.contact.contact_id for r in today_list(store, clock)] == [ana]
    with pytest.raises(Invalid, match="in the future"):
        snooze(store, clock, ana, clock.now() - timedelta(hours=1))
    with pytest.raises(Invalid, match="time zone"):
        snooze(store, clock, ana, datetime(2030, 1, 1))
    snooze(store, clock, ana, datetime(2030, 1, 1, tzinfo=UTC))
    snooze(store, clock, ana, None)
    assert load_card(store, clock, ana).snoozed_until is None


def test_today_for_a_few_contacts_matches_their_rows_in_the_full_list(
    store: Store, clock: FixedClock
) -> None:
    from callbook.services.demo import fill_with_demo

    fill_with_demo(store, clock.now(), 80, seed=4)
    full = today_list(store, clock)
    some = {row.contact.contact_id for row in full[::3]} | {79}
    assert today_list(store, clock, some) == [r for r in full if r.contact.contact_id in some]


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("2016-12-04", "4 Dec 2016"),
        ("12-04", "4 Dec"),
        ("4 December", "4 Dec"),
        ("Feb 29", "29 Feb"),
    ],
)
def test_a_birthday_reads_back_as_day_and_month(typed: str, shown: str) -> None:
    assert yearly_text(parse_birthday(typed)) == shown
    assert parse_birthday(shown) == parse_birthday(typed), "what is shown is read back the same"
