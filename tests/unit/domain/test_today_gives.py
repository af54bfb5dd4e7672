"""Today suggests giving before the next ask where the last touches were all asks (F7, F12)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from callbook.domain.clock import FixedClock
from callbook.domain.today import (
    ChaseDue,
    ContactBrief,
    ReasonKind,
    give_first_suggestion,
    rank_today,
)
from callbook.domain.vocabulary import LoopKind

BERLIN = ZoneInfo("Europe/Berlin")
# Wednesday 4 March 2026, 15:00 in Berlin.
NOW = datetime(2026, 3, 4, 14, 0, tzinfo=UTC)
TODAY = date(2026, 3, 4)


def chased(contact_id: int) -> ChaseDue:
    return ChaseDue(
        contact_id, 200 + contact_id, LoopKind.VOICEMAIL, 3, TODAY, NOW - timedelta(days=6)
    )


def brief(contact_id: int, asks_in_a_row: int, gave_days_ago: int | None) -> ContactBrief:
    last = None if gave_days_ago is None else TODAY - timedelta(days=gave_days_ago)
    return ContactBrief(
        contact_id, f"Contact {contact_id}", asks_in_a_row=asks_in_a_row, last_give_on=last
    )


def test_a_chase_after_three_asks_and_no_give_suggests_giving_first() -> None:
    (row,) = rank_today({1: brief(1, 3, None)}, NOW, BERLIN, chases=[chased(1)])
    assert row.top.kind is ReasonKind.CHASE  # the chase itself stays on the list
    assert row.give_first == (
        "Your last 3 touches were asks, nothing given yet: give something before the next ask"
    )
    assert row.lines == (row.top.text, row.give_first)
    assert row.why == f"{row.top.text} · {row.give_first}"
    assert row.reason == row.top.text
    # Where the row has one short line, the suggestion leads it in two words.
    assert row.reason_line == f"Give first · {row.top.text}"


def test_the_suggestion_says_how_long_nothing_was_given() -> None:
    (row,) = rank_today({1: brief(1, 4, 41)}, NOW, BERLIN, chases=[chased(1)])
    assert row.give_first is not None
    assert "Your last 4 touches were asks, nothing given for 41 days" in row.give_first


def test_a_give_lately_or_a_short_run_of_asks_says_nothing_more() -> None:
    rows = rank_today(
        {1: brief(1, 5, 12), 2: brief(2, 2, None), 3: brief(3, 0, None)},
        NOW,
        BERLIN,
        chases=[chased(1), chased(2), chased(3)],
    )
    assert [row.give_first for row in rows] == [None, None, None]
    assert all(row.why == row.reason == row.reason_line for row in rows)


def test_the_suggestion_never_moves_a_row_nor_puts_anyone_on_the_list() -> None:
    asking = {1: brief(1, 6, None), 2: brief(2, 0, 3)}
    plain = {1: brief(1, 0, None), 2: brief(2, 0, 3)}
    due = [chased(1), chased(2)]
    with_suggestion = rank_today(asking, NOW, BERLIN, chases=due)
    without = rank_today(plain, NOW, BERLIN, chases=due)
    assert [r.place for r in with_suggestion] == [r.place for r in without]
    assert rank_today({4: brief(4, 9, None)}, NOW, BERLIN) == []


def test_the_dry_spell_is_counted_on_the_reps_calendar() -> None:
    clock = FixedClock(NOW, BERLIN)
    contact = brief(1, 3, 29)

    def suggestion() -> str | None:
        return give_first_suggestion(contact, clock.now().astimezone(clock.zone()).date())

    assert suggestion() is None  # 29 days: a give is not yet overdue
    clock.advance(timedelta(hours=8, minutes=59))  # 23:59 in Berlin, still the 29th day
    assert suggestion() is None
    clock.advance(timedelta(minutes=2))  # past midnight in Berlin: 30 days
    assert suggestion() is not None
    assert "nothing given for 30 days" in (suggestion() or "")
