"""The nudge runner: keeps the scheduler's jobs true to the store, and misses nothing twice.

It knows no Qt: the scheduler wiring calls it on the GUI thread, and tests drive it with
a fake clock and a fake job board.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime, time, timedelta
from typing import NamedTuple, Protocol, runtime_checkable

from callbook.domain.clock import Clock
from callbook.domain.nudges import (
    MISFIRE_GRACE,
    Nudge,
    NudgeSettings,
    SnoozeChoice,
    WallClockWatch,
    catch_up,
    local_instant,
    missed_nudges,
)
from callbook.services import nudges as service
from callbook.services.book import Store
from callbook.services.changes import Changed

log = logging.getLogger(__name__)

HORIZON = timedelta(days=2)
HEARTBEAT = timedelta(seconds=30)
# After a long sleep, what fell due more than this long ago is no longer news.
LONGEST_LOOKBACK = timedelta(days=3)

Deliver = Callable[[Nudge], str]


class PlanRequest(NamedTuple):
    """The span a plan covers, and the rep's zone when it was asked for."""

    start: datetime
    end: datetime
    zone_key: str


class JobBoard(Protocol):
    """Where planned nudges become one-shot timed jobs."""

    def post(self, nudges: Sequence[Nudge], replan_at: datetime) -> None:
        """Replace every job with these, plus a replan when the day turns."""


@runtime_checkable
class ZoneWatching(Protocol):
    """A clock that can re-read the laptop's time zone (the real one can)."""

    def reload_zone(self) -> bool:
        """Read the zone again; True when it changed."""


class NudgeRunner:
    """Plans, posts and delivers nudges; folds whatever was missed into one catch-up."""

    def __init__(
        self,
        store: Store,
        clock: Clock,
        board: JobBoard,
        deliver: Deliver,
        *,
        horizon: timedelta = HORIZON,
        heartbeat: timedelta = HEARTBEAT,
        grace: timedelta = MISFIRE_GRACE,
    ) -> None:
        self._store = store
        self._clock = clock
        self._board = board
        self._deliver = deliver
        self._horizon = horizon
        self._grace = grace
        self._watch = WallClockWatch(heartbeat)
        self._plan: dict[str, Nudge] = {}
        self._handled: set[str] = set()
        self._settings = NudgeSettings()
        self._zone_key = clock.zone().key
        self._settled_through: datetime | None = None
        self.replans = 0

    @property
    def planned(self) -> list[Nudge]:
        """The nudges currently planned, soonest first."""
        return sorted(self._plan.values(), key=lambda n: n.at)

    @property
    def settings(self) -> NudgeSettings:
        """The settings the current plan was made with."""
        return self._settings

    def _start_of_today(self, now: datetime) -> datetime:
        zone = self._clock.zone()
        return local_instant(now.astimezone(zone).date(), time(0, 0), zone)

    def start(self) -> None:
        """Plan from the start of today, so what was missed while closed comes as one catch-up."""
        self.begin()
        self.replan()
        self.settle()

    def begin(self) -> None:
        """Settle from the start of today on: the first plan adopted catches up from there."""
        now = self._clock.now()
        self._watch.tick(now)
        self._settled_through = self._start_of_today(now)

    def replan(self) -> None:
        """Recompute the nudges from the store and replace every scheduled job."""
        request = self.plan_request()
        self.adopt(request, service.plan(self._store, self._clock, request.start, request.end))

    def plan_request(self) -> PlanRequest:
        """What a replan made now covers: from what was last settled to the horizon."""
        now = self._clock.now()
        settled = self._settled_through or now
        start = max(min(settled, self._start_of_today(now)), now - LONGEST_LOOKBACK)
        return PlanRequest(start, now + self._horizon, self._clock.zone().key)

    def adopt(self, request: PlanRequest, planned: service.NudgePlan) -> None:
        """Take a plan made for `request` (perhaps on another thread) and post its jobs."""
        now = self._clock.now()
        zone = self._clock.zone()
        # The zone the plan was made in: should the laptop have moved since, the next
        # heartbeat sees the difference and plans again.
        self._zone_key = request.zone_key
        self._settings = planned.settings
        self._plan = {n.key: n for n in planned.nudges}
        self._handled |= planned.handled
        tomorrow = now.astimezone(zone).date() + timedelta(days=1)
        # A minute into the new day, so the day's plan is made on the right date.
        replan_at = local_instant(tomorrow, time(0, 1), zone)
        upcoming = [n for n in planned.nudges if n.at > now - self._grace]
        self._board.post(upcoming, replan_at)
        self.replans += 1

    def changed(self, changed: Changed) -> None:
        """A use case changed something: replan when due dates may have moved."""
        if changed.today or changed.loops or changed.contacts:
            self.replan()

    def heartbeat(self) -> None:
        """Every beat: notice sleep and travel, then deliver anything overdue."""
        now = self._clock.now()
        gap = self._watch.tick(now)
        zone_moved = isinstance(self._clock, ZoneWatching) and self._clock.reload_zone()
        if gap is not None:
            log.info("wall clock jumped by %s (sleep or a clock change): replanning", gap)
        if gap is not None or zone_moved or self._clock.zone().key != self._zone_key:
            self.replan()
        self.settle()

    def _missed(self, now: datetime) -> list[Nudge]:
        settled = self._settled_through or now
        return missed_nudges(self._plan.values(), self._handled, settled, now, self._grace)

    def settle(self) -> None:
        """Deliver what should have fired and did not: one nudge, or one catch-up for many."""
        if not self.replans:
            # No plan yet (the first is still being made): nothing is known to be missed,
            # and what was missed while the app was closed must wait for it.
            return
        now = self._clock.now()
        # In quiet hours what was missed waits; the first nudge after them takes it along.
        if self._settings.is_quiet(now, self._clock.zone()):
            return
        missed = self._missed(now)
        if len(missed) == 1:
            self._show(missed[0])
        elif missed:
            self._show_catch_up(missed, now)
        self._settled_through = now - self._grace

    def job_due(self, key: str) -> None:
        """A job fired: show its nudge, with anything missed before it folded in."""
        nudge = self._plan.get(key)
        if nudge is None or key in self._handled:
            return
        now = self._clock.now()
        earlier = [n for n in self._missed(now) if n.key != key]
        if earlier:
            self._show_catch_up([*earlier, nudge], now)
        else:
            self._show(nudge)

    def _show(self, nudge: Nudge) -> None:
        self._handled.add(nudge.key)
        via = self._deliver(nudge)
        try:
            service.record_event(self._store, self._clock, service.NudgeEventKind.FIRED, nudge, via)
        except Exception:
            # The rep has seen it; failing to write the history must not stop the nudges.
            log.exception("could not record nudge %s", nudge.key)

    def _show_catch_up(self, missed: list[Nudge], now: datetime) -> None:
        summary = catch_up(missed, now, self._clock.zone())
        self._handled.update(n.key for n in missed)
        self._handled.add(summary.key)
        via = self._deliver(summary)
        try:
            service.record_catch_up(self._store, self._clock, summary, missed, via)
        except Exception:
            log.exception("could not record catch-up %s", summary.key)

    def clicked(self, nudge: Nudge) -> None:
        """The rep opened a nudge."""
        service.record_event(self._store, self._clock, service.NudgeEventKind.CLICKED, nudge)

    def dismissed(self, nudge: Nudge) -> None:
        """The rep waved a nudge away."""
        service.record_event(self._store, self._clock, service.NudgeEventKind.DISMISSED, nudge)

    def snoozed(self, nudge: Nudge, choice: SnoozeChoice) -> datetime:
        """The rep put a nudge off; it comes back then (the plan now holds it)."""
        until = service.snooze(self._store, self._clock, nudge, choice)
        self.replan()
        return until
