"""A day's nudges are planned from a light tally of Today that must agree with its full rows."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from callbook.domain.dates import YearlyDate
from callbook.domain.nudges import DueItems, NudgeSettings, plan_day, tally_day
from callbook.domain.today import (
    ChaseDue,
    CheckinDue,
    ContactBrief,
    DateComing,
    FollowUpDue,
    ReasonKind,
    rank_today,
)
from callbook.domain.vocabulary import LoopKind, Tier

BERLIN = ZoneInfo("Europe/Berlin")
TOKYO = ZoneInfo("Asia/Tokyo")
# Names alike but for case, so ties fall to the contact id.
NAMES = ["Ana Silva", "ana silva", "Bo Lind", "Éva Kiss", "Zed"]
LABELS = ["Birthday", "Sam (son): birthday", "Anniversary"]


def random_items(seed: int, around: date) -> DueItems:
    """Everything alike enough to tie: few names, shared days, unknown and snoozed contacts."""
    rng = random.Random(seed)
    at_noon = datetime.combine(around, time(12), tzinfo=UTC)
    contacts = {
        cid: ContactBrief(
            cid,
            rng.choice(NAMES),
            tier=rng.choice(list(Tier)),
            snoozed_until=at_noon + timedelta(hours=rng.randint(-48, 48))
            if rng.random() < 0.2
            else None,
        )
        for cid in range(1, rng.randint(2, 60))
    }
    ids = [*contacts, 404]

    def day(low: int, high: int) -> date:
        return around + timedelta(days=rng.randint(low, high))

    def instant(low: int, high: int) -> datetime:
        return datetime.combine(day(low, high), time(rng.randint(0, 23)), tzinfo=UTC)

    return DueItems(
        contacts,
        checkins=[
            CheckinDue(rng.choice(ids), instant(-30, 2), rng.choice([1, 14, 90]), None)
            for _ in range(rng.randint(0, 60))
        ],
        chases=[
            ChaseDue(rng.choice(ids), n, LoopKind.VOICEMAIL, 1, day(-15, 2), instant(-30, -1))
            for n in range(rng.randint(0, 30))
        ],
        follow_ups=[
            FollowUpDue(rng.choice(ids), n, "send it", day(-15, 2))
            for n in range(rng.randint(0, 30))
        ],
        dates=[
            DateComing(
                rng.choice(ids),
                rng.choice(LABELS),
                YearlyDate(on.month, on.day, rng.choice([None, 1980])),
            )
            for on in (day(-2, 10) for _ in range(rng.randint(0, 30)))
        ],
    )


@pytest.mark.parametrize("seed", range(60))
def test_the_tally_ranks_and_counts_as_the_full_rows_do(seed: int) -> None:
    zone = BERLIN if seed % 2 else TOKYO
    items = random_items(seed, date(2026, 11, 23))
    now = datetime.combine(date(2026, 11, 24), time(8, 0), tzinfo=zone)
    rows = rank_today(
        items.contacts, now, zone, items.checkins, items.chases, items.follow_ups, items.dates
    )
    tally = tally_day(items, now, zone)
    reasons = [r for row in rows for r in row.reasons]

    def count(kind: ReasonKind) -> int:
        return sum(r.kind is kind for r in reasons)

    assert tally.places == [row.place for row in rows]
    checkins = [r for r in reasons if r.kind is ReasonKind.CHECKIN]
    assert tally.checkins_overdue == sum(r.days_overdue > 0 for r in checkins)
    assert tally.checkins_due == sum(r.days_overdue <= 0 for r in checkins)
    assert (tally.chases, tally.follow_ups) == (
        count(ReasonKind.CHASE),
        count(ReasonKind.FOLLOW_UP),
    )
    assert len(tally.dates) == count(ReasonKind.DATE)
    falling_due = {
        row.contact.contact_id
        for row in rows
        for r in row.reasons
        if (r.kind is ReasonKind.DATE and r.days_overdue in (0, -1))
        or (r.kind in (ReasonKind.CHASE, ReasonKind.FOLLOW_UP) and r.days_overdue == 0)
    }
    assert tally.falling_due == falling_due


def test_a_day_with_nothing_due_still_has_its_digest() -> None:
    nudges = plan_day(DueItems({}), NudgeSettings(), BERLIN, date(2026, 11, 24))
    assert [n.title for n in nudges] == ["Nothing due today"]


def test_someone_snoozed_past_the_reminders_is_counted_in_the_digest_but_not_reminded() -> None:
    tuesday = date(2026, 11, 24)
    awake_at_eight = datetime.combine(tuesday, time(7, 0), tzinfo=BERLIN)
    items = DueItems(
        {
            1: ContactBrief(1, "Ana Silva", snoozed_until=awake_at_eight),
            2: ContactBrief(2, "Bo Lind"),
        },
        follow_ups=[FollowUpDue(1, 1, "send it", tuesday), FollowUpDue(2, 2, "call", tuesday)],
    )
    early = NudgeSettings(reminders_at=time(6, 30), quiet_days=frozenset())
    nudges = plan_day(items, early, BERLIN, tuesday)
    assert [(n.key, n.title) for n in nudges] == [
        ("digest:2026-11-24", "Today: 2 people to call"),
        ("day:2:2026-11-24", "Bo Lind — follow-up due today"),
    ]
