"""Use cases over a real store: adding, logging, loops, check-ins and the Today list."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from callbook.domain.clock import FixedClock
from callbook.domain.loops import LoopEffect
from callbook.domain.nudges import NudgeSettings
from callbook.domain.vocabulary import Channel, Direction, Outcome, Purpose, Tier
from callbook.services.call_log import LogEntry, log_interaction, tried_today
from callbook.services.changes import Invalid, NotFound
from callbook.services.contacts import (
    AmbiguousContact,
    NewContact,
    add_contact,
    resolve_contact,
)
from callbook.services.demo import fill_with_demo
from callbook.services.nudges import save_nudge_settings
from callbook.services.today import today_list
from callbook.store.engine import Store
from callbook.store.models import Contact, FamilyMember, Interaction, OpenLoop


def add(store: Store, clock: FixedClock, first: str, last: str = "", **fields: object) -> int:
    return add_contact(store, clock, NewContact(first, last, **fields))  # type: ignore[arg-type]


def contact(store: Store, contact_id: int) -> Contact:
    with store.read() as session:
        found = session.get(Contact, contact_id)
        assert found is not None
        return found


def log(
    store: Store, clock: FixedClock, contact_id: int, outcome: Outcome, **kw: object
) -> LoopEffect:
    entry = LogEntry(contact_id, outcome, kw.pop("purpose", Purpose.BUSINESS), **kw)  # type: ignore[arg-type]
    return log_interaction(store, clock, entry).loop_effect


def test_phones_are_stored_e164_and_zone_is_guessed(store: Store, clock: FixedClock) -> None:
    cid = add(store, clock, "Mike", "Rowe", phones=[("mobile", "(561) 555-0142")])
    found = contact(store, cid)
    with store.read() as session:
        found = session.get(Contact, cid)
        assert found is not None
        assert [p.e164 for p in found.phones] == ["+15615550142"]
    assert found.time_zone == "America/New_York"


def test_foreign_phone_and_bad_zone_are_refused_with_a_reason(
    store: Store, clock: FixedClock
) -> None:
    with pytest.raises(Invalid, match="'12' cannot be stored as a number: it has too few digits"):
        add(store, clock, "Ana", phones=[("work", "12")])
    with pytest.raises(Invalid, match="not a time zone"):
        add(store, clock, "Ana", time_zone="Mars/Olympus")
    with pytest.raises(Invalid, match="needs a name"):
        add(store, clock, "  ")
    with store.read() as session:
        assert session.scalar(select(func.count()).select_from(Contact)) == 0


def test_rtl_and_emoji_names_round_trip(store: Store, clock: FixedClock) -> None:
    cid = add(store, clock, "مريم", "الحسن 🌻", company="شركة")
    assert contact(store, cid).name == "مريم الحسن 🌻"
    assert resolve_contact(store, "مريم").contact_id == cid


def test_a_new_contact_is_due_for_a_first_checkin(store: Store, clock: FixedClock) -> None:
    cid = add(store, clock, "Ana", "Silva", tier=Tier.A)
    rows = today_list(store, clock)
    assert [r.contact.contact_id for r in rows] == [cid]
    assert rows[0].reason == "No personal check-in yet"


def test_only_a_checkin_that_reached_them_resets_the_rhythm(
    store: Store, clock: FixedClock
) -> None:
    cid = add(store, clock, "Ana", "Silva", tier=Tier.A)
    log(store, clock, cid, Outcome.VOICEMAIL, purpose=Purpose.CHECKIN)
    assert contact(store, cid).last_personal_checkin_at is None
    clock.advance(timedelta(days=1))
    log(store, clock, cid, Outcome.CONNECTED, purpose=Purpose.CHECKIN)
    ana = contact(store, cid)
    assert ana.last_personal_checkin_at == clock.now()
    assert ana.checkin_due_at == clock.now() + timedelta(days=14)
    assert today_list(store, clock) == []
    clock.advance(timedelta(days=17))
    rows = today_list(store, clock)
    assert rows[0].reason == "Personal check-in 3 days overdue (every 14 days)"


def test_business_calls_do_not_count_as_checkins(store: Store, clock: FixedClock) -> None:
    cid = add(store, clock, "Ana", tier=Tier.B)
    log(store, clock, cid, Outcome.CONNECTED, purpose=Purpose.BUSINESS)
    assert contact(store, cid).last_personal_checkin_at is None
    assert contact(store, cid).last_touch_at == clock.now()


def test_voicemail_opens_a_loop_that_follows_the_chase_cadence(
    store: Store, clock: FixedClock
) -> None:
    cid = add(store, clock, "Mike", time_zone="America/New_York")
    assert log(store, clock, cid, Outcome.VOICEMAIL) is LoopEffect.OPEN
    with store.read() as session:
        loop = session.scalars(select(OpenLoop)).one()
        assert loop.attempts == 1
        assert loop.next_attempt_on == date(2026, 11, 25)  # day 2, New York calendar
    clock.advance(timedelta(days=2))
    assert log(store, clock, cid, Outcome.NO_ANSWER) is LoopEffect.ATTEMPT
    clock.advance(timedelta(days=1))
    assert log(store, clock, cid, Outcome.REPLIED, direction=Direction.INBOUND) is LoopEffect.CLOSE
    with store.read() as session:
        loop = session.scalars(select(OpenLoop)).one()
        assert loop.attempts == 2
        assert loop.closed_at == clock.now()
        assert loop.next_attempt_on is None
        linked = session.scalars(select(Interaction.loop_id).order_by(Interaction.id)).all()
        assert linked == [loop.id, loop.id, loop.id]


def test_a_chase_try_skips_the_reps_quiet_days(store: Store, clock: FixedClock) -> None:
    mike = add(store, clock, "Mike", time_zone="America/New_York")
    ana = add(store, clock, "Ana", time_zone="America/New_York")
    clock.advance(timedelta(days=3))  # Thursday 26 November: day 2 is a Saturday
    log(store, clock, mike, Outcome.VOICEMAIL)
    save_nudge_settings(store, NudgeSettings(quiet_days=frozenset({6})))
    log(store, clock, ana, Outcome.VOICEMAIL)
    with store.read() as session:
        rows = session.execute(select(OpenLoop.contact_id, OpenLoop.next_attempt_on))
        next_tries = {contact_id: on for contact_id, on in rows}
    assert next_tries[mike] == date(2026, 11, 30)  # weekends are quiet out of the box
    assert next_tries[ana] == date(2026, 11, 28)  # this rep works Saturdays


def test_chase_shows_on_today_when_the_next_try_is_due(store: Store, clock: FixedClock) -> None:
    cid = add(store, clock, "Mike", time_zone="America/New_York")
    log(store, clock, cid, Outcome.CONNECTED, purpose=Purpose.CHECKIN)
    log(store, clock, cid, Outcome.VOICEMAIL)
    assert today_list(store, clock) == []
    clock.advance(timedelta(days=2))
    rows = today_list(store, clock)
    assert rows[0].top.text.startswith("Chase attempt 2 on your voicemail of 23 Nov")


def test_email_sent_waits_for_a_reply(store: Store, clock: FixedClock) -> None:
    cid = add(store, clock, "Ana")
    assert log(store, clock, cid, Outcome.NO_ANSWER, channel=Channel.EMAIL) is LoopEffect.OPEN


def test_same_day_second_try_is_detected_in_their_calendar(store: Store, clock: FixedClock) -> None:
    cid = add(store, clock, "Kenji", time_zone="Asia/Tokyo")
    assert not tried_today(store, clock, cid)
    log(store, clock, cid, Outcome.VOICEMAIL)  # 00:00 Tuesday in Tokyo
    clock.advance(timedelta(hours=8))
    assert tried_today(store, clock, cid)
    clock.advance(timedelta(hours=16))  # Wednesday in Tokyo
    assert not tried_today(store, clock, cid)


def test_follow_up_due_then_settled_by_a_follow_up(store: Store, clock: FixedClock) -> None:
    cid = add(store, clock, "Ana")
    log(store, clock, cid, Outcome.CONNECTED, purpose=Purpose.CHECKIN)
    log(
        store,
        clock,
        cid,
        Outcome.CONNECTED,
        next_step="Send pricing",
        next_step_due=date(2026, 11, 25),
    )
    clock.advance(timedelta(days=2))
    assert today_list(store, clock)[0].reason == "Follow-up due today: Send pricing"
    log(store, clock, cid, Outcome.CONNECTED, purpose=Purpose.FOLLOW_UP)
    assert today_list(store, clock) == []


def test_family_birthday_this_week_is_on_today(store: Store, clock: FixedClock) -> None:
    cid = add(store, clock, "Ana")
    log(store, clock, cid, Outcome.CONNECTED, purpose=Purpose.CHECKIN)
    with store.begin() as session:
        session.add(
            FamilyMember(
                contact_id=cid,
                name="Sam",
                relation="son",
                birth_month=11,
                birth_day=26,
                birth_year=2017,
            )
        )
    rows = today_list(store, clock)
    assert rows[0].reason == "Sam (son): birthday on Thursday, turns 9"


def test_logging_for_a_missing_contact_writes_nothing(store: Store, clock: FixedClock) -> None:
    with pytest.raises(NotFound):
        log(store, clock, 999, Outcome.CONNECTED)
    with store.read() as session:
        assert session.scalar(select(func.count()).select_from(Interaction)) == 0


def test_a_megabyte_note_is_kept_whole(store: Store, clock: FixedClock) -> None:
    cid = add(store, clock, "Ana")
    note = ("Long notes about the family 👨‍👩‍👧 and עברית. " * 25_000)[:1_000_000]
    log(store, clock, cid, Outcome.CONNECTED, note=note)
    with store.read() as session:
        assert session.scalar(select(Interaction.note)) == note


def test_names_resolve_by_id_name_or_say_which(store: Store, clock: FixedClock) -> None:
    ana = add(store, clock, "Ana", "Silva", company="Acme")
    add(store, clock, "Ana", "García", company="Globex")
    assert resolve_contact(store, str(ana)).name == "Ana Silva"
    assert resolve_contact(store, "ana silva").contact_id == ana
    assert resolve_contact(store, "silva").contact_id == ana
    with pytest.raises(AmbiguousContact) as raised:
        resolve_contact(store, "ana")
    assert "Ana García (Globex)" in str(raised.value)
    with pytest.raises(NotFound, match="no contact is called 'Zed'"):
        resolve_contact(store, "Zed")


def test_demo_data_gives_a_sensible_today(store: Store, clock: FixedClock) -> None:
    report = fill_with_demo(store, clock.now(), contacts=120, seed=3)
    assert 120 * 14 <= report.interactions <= 120 * 30
    rows = today_list(store, clock)
    assert 3 <= len(rows) <= 80
    assert rows == sorted(rows, key=lambda r: -r.score)
    kinds = {r.top.kind.value for r in rows}
    assert {"checkin", "chase"} <= kinds
    with store.read() as session:
        zones = session.scalars(select(Contact.time_zone).distinct()).all()
    assert len(zones) >= 8


def test_a_company_only_contact_is_called_by_its_company(store: Store, clock: FixedClock) -> None:
    cid = add(store, clock, "", company="Jupiter Hospital")
    assert contact(store, cid).name == "Jupiter Hospital"
