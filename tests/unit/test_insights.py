"""Insights over a real store: a small logged history read back as the figures worked by hand."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from callbook.cli import main
from callbook.domain.clock import FixedClock
from callbook.domain.vocabulary import Channel, Direction, Outcome, Purpose, Tier
from callbook.services.call_log import LogEntry, log_interaction
from callbook.services.contacts import NewContact, add_contact
from callbook.services.insights import insights
from callbook.store.engine import Store
from callbook.store.opening import open_store


def _log(
    store: Store,
    clock: FixedClock,
    contact_id: int,
    at: datetime,
    outcome: Outcome,
    purpose: Purpose,
    channel: Channel = Channel.PHONE,
    direction: Direction = Direction.OUTBOUND,
) -> None:
    entry = LogEntry(contact_id, outcome, purpose, channel, direction, occurred_at=at)
    log_interaction(store, clock, entry)


def _history(store: Store, clock: FixedClock) -> tuple[int, int]:
    """Ana in New York, tier A; Ben, who has moved to London, tier B. Four weeks to 23 Nov."""
    ana = add_contact(
        store, clock, NewContact("Ana", "Ruiz", tier=Tier.A, time_zone="America/New_York")
    )
    ben = add_contact(store, clock, NewContact("Ben", "Ode", time_zone="Europe/London"))
    # Friday 9 a.m. in New York on both sides of the end of summer time (1 November).
    _log(
        store,
        clock,
        ana,
        datetime(2026, 10, 30, 13, 5, tzinfo=UTC),
        Outcome.VOICEMAIL,
        Purpose.BUSINESS,
    )
    _log(
        store,
        clock,
        ana,
        datetime(2026, 11, 20, 14, 10, tzinfo=UTC),
        Outcome.CONNECTED,
        Purpose.CHECKIN,
    )
    # Ben's call, Tuesday 09:00 UTC: read in the zone his card has now (London), as the log
    # keeps no zone of its own; then he replied two days later about the business.
    _log(
        store,
        clock,
        ben,
        datetime(2026, 11, 10, 9, 0, tzinfo=UTC),
        Outcome.VOICEMAIL,
        Purpose.BUSINESS,
    )
    _log(
        store,
        clock,
        ben,
        datetime(2026, 11, 12, 9, 0, tzinfo=UTC),
        Outcome.REPLIED,
        Purpose.BUSINESS,
        Channel.TEXT,
        Direction.INBOUND,
    )
    return ana, ben


def test_the_figures_of_a_small_history_by_hand(store: Store, clock: FixedClock) -> None:
    ana, ben = _history(store, clock)
    found = insights(store, clock, 4)
    friday_nine = found.pickup.cell(4, 9)
    assert (friday_nine.calls, friday_nine.picked_up) == (2, 1)
    assert found.pickup.cell(1, 9).calls == 1
    assert found.pickup.calls == 3
    # Both were added today: known at the last week's end only; Ana is within her rhythm.
    assert found.coverage.tiers[Tier.A].kept == [0, 0, 0, 1]
    assert found.coverage.tiers[Tier.B].known == [0, 0, 0, 1]
    assert found.coverage.tiers[Tier.B].kept == [0, 0, 0, 0]
    assert found.volume.total == 4
    assert found.volume.by_outcome[Outcome.VOICEMAIL] == [1, 0, 1, 0]
    voicemail = {row.label: row.figures for row in found.returns.by_channel}["Voicemail"]
    # Ana's voicemail was returned when her check-in call connected, 21 days and 65 minutes on.
    assert (voicemail.left, voicemail.returned) == (2, 2)
    assert voicemail.median_days == pytest.approx((21 + 65 / 1440 + 2) / 2)
    # Ben's reply is business from him, with no check-in before it.
    assert found.relationship.no_recent_checkin.business == 1
    assert found.relationship.after_checkin.business == 0
    assert {a.contact_id: a.asks for a in found.asks.most_asked} == {ana: 1, ben: 1}
    assert found.asks.many_asks_no_gives == 0


def test_an_empty_book_has_figures_of_nothing_and_says_so(store: Store, clock: FixedClock) -> None:
    found = insights(store, clock, 13)
    assert found.pickup.calls == 0
    assert not found.pickup.enough
    assert found.relationship.words().startswith("Too little business yet to tell")
    assert found.volume.total == 0


def test_the_command_prints_the_same_figures_as_json_and_writes_pictures(
    clock: FixedClock, tmp_path: Path
) -> None:
    folder = tmp_path / "data"
    store, _report = open_store(folder, clock.now())
    try:
        _history(store, clock)
    finally:
        store.close()
    out = io.StringIO()
    code = main(["insights", "--weeks", "4", "--json", "--data-dir", str(folder)], clock, out)
    assert code == 0
    figures = json.loads(out.getvalue())
    assert figures["weeks"] == 4
    assert figures["pickup"]["question"] == "When do they pick up?"
    assert figures["pickup"]["calls"] == 3
    assert figures["pickup"]["too_few"] == "Too few calls yet to tell: 3 in 4 weeks"
    friday = [c for c in figures["pickup"]["cells"] if (c["weekday"], c["hour"]) == (4, 9)]
    assert friday == [{"weekday": 4, "hour": 9, "calls": 2, "picked_up": 1, "rate": None}]
    assert figures["volume"]["by_outcome"]["voicemail"] == [1, 0, 1, 0]
    assert figures["coverage"]["tiers"]["A"]["share"] == [None, None, None, 1.0]
    assert figures["relationship"]["enough"] is False
    pictures = tmp_path / "pictures"
    out = io.StringIO()
    code = main(
        ["insights", "--png", str(pictures), "--svg", str(pictures), "--data-dir", str(folder)],
        clock,
        out,
    )
    assert code == 0
    written = sorted(p.name for p in pictures.iterdir())
    assert len(written) == 12
    assert "insights-pickup.png" in written and "insights-asks.svg" in written
    assert (pictures / "insights-pickup.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (pictures / "insights-volume.svg").read_text().lstrip().startswith("<?xml")


def test_pictures_are_drawn_without_qt_or_a_display(clock: FixedClock, tmp_path: Path) -> None:
    folder = tmp_path / "data"
    store, _report = open_store(folder, clock.now())
    store.close()
    script = (
        "import sys; from callbook.cli import main; "
        f"code = main(['insights', '--png', {str(tmp_path / 'png')!r}, '--data-dir', "
        f"{str(folder)!r}]); "
        "print(code, 'PySide6' in sys.modules, 'matplotlib' in sys.modules)"
    )
    bare = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=bare, check=True
    )
    assert done.stdout.split()[-3:] == ["0", "False", "True"]
    assert len(list((tmp_path / "png").glob("*.png"))) == 6
