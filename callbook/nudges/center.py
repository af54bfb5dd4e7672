"""The nudge center: runner, scheduler and notifiers wired together on the GUI thread.

The first plan, and each replan after the rep changed something, is made on a worker
thread (at 50,000 contacts it reads for a fifth of a second) and adopted back on the GUI
thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from callbook.domain.clock import Clock
from callbook.domain.nudges import MISFIRE_GRACE, Nudge, NudgeKind, NudgeSettings, SnoozeChoice
from callbook.nudges.notifiers import NoNotifierError, Notifier, NotifierChain
from callbook.nudges.runner import NudgeRunner, PlanRequest
from callbook.nudges.scheduler import HEARTBEAT_MS, NudgeScheduler
from callbook.services import nudges as service
from callbook.services.book import Store
from callbook.services.changes import Changed
from callbook.services.nudges import save_nudge_settings

log = logging.getLogger(__name__)

# Several jobs reported missed at once after a sleep are settled together, once.
SETTLE_DELAY_MS = 300
REPLAN_DELAY_MS = 150


class NudgeCenter(QObject):
    """Owns the nudges while the app runs; the window listens to what it asks for."""

    shown = Signal(object)
    """A nudge was put in front of the rep (the panel lists it)."""
    settled = Signal(object)
    """A nudge was opened, snoozed or dismissed (the panel drops it)."""
    replanned = Signal()
    open_contact = Signal(int)
    """Open this contact's card with the quick log ready."""
    open_today = Signal()
    open_history = Signal()
    _plan_made = Signal(int, object, object)
    """From the planning thread: the plans adopted before it, its request, the plan or error."""

    def __init__(
        self,
        store: Store,
        clock: Clock,
        notifiers: Sequence[Notifier],
        parent: QObject | None = None,
        *,
        heartbeat_ms: int = HEARTBEAT_MS,
        grace: timedelta = MISFIRE_GRACE,
    ) -> None:
        super().__init__(parent)
        self._chain = NotifierChain(notifiers)
        self.scheduler = NudgeScheduler(self, grace=grace, heartbeat_ms=heartbeat_ms)
        self.runner = NudgeRunner(
            store,
            clock,
            self.scheduler,
            self._deliver,
            heartbeat=timedelta(milliseconds=heartbeat_ms),
            grace=grace,
        )
        self._store = store
        self._clock = clock
        # A plan made behind the window is adopted only if no other was adopted meanwhile
        # (a snooze, new settings or a heartbeat replan at once; theirs is the newer read).
        self._planning: threading.Thread | None = None
        self._planning_from = 0  # the store's generation the plan under way reads
        self._plan_again = False
        self._stopped = False
        queued = Qt.ConnectionType.QueuedConnection
        self._plan_made.connect(self._adopt, queued)
        # Jobs emit on the worker thread; queued connections bring them to this thread.
        self.scheduler.signals.due.connect(self._job_due, queued)
        self.scheduler.signals.missed.connect(self._job_missed, queued)
        self.scheduler.signals.replan_due.connect(self.replan_soon, queued)
        self.scheduler.beat.connect(self._beat)
        self._settle_timer = QTimer(self)
        self._settle_timer.setSingleShot(True)
        self._settle_timer.setInterval(SETTLE_DELAY_MS)
        self._settle_timer.timeout.connect(self._settle)
        self._replan_timer = QTimer(self)
        self._replan_timer.setSingleShot(True)
        self._replan_timer.setInterval(REPLAN_DELAY_MS)
        self._replan_timer.timeout.connect(self._replan)

    def start(self) -> None:
        """Start the jobs and the heartbeat, and plan from the store behind the window.

        The first plan is made on the planning thread, as every replan is: at 50,000
        contacts it reads for a fifth of a second, which the window must not stand still
        for. What was missed while the app was closed is caught up once it is adopted.
        """
        self.scheduler.start()
        self.runner.begin()
        self._replan()

    def stop(self) -> None:
        """Stop the scheduler and the heartbeat, and wait for a plan being made."""
        self._stopped = True
        self._settle_timer.stop()
        self._replan_timer.stop()
        self.scheduler.shutdown()
        if self._planning is not None:
            # The store closes after this: nothing may still be reading it.
            self._planning.join()

    @property
    def settings(self) -> NudgeSettings:
        """The rep's nudge settings the plan was made with."""
        return self.runner.settings

    def planned(self) -> list[Nudge]:
        """The nudges planned now, soonest first."""
        return self.runner.planned

    # -- from the window ---------------------------------------------------------------------

    def changed(self, changed: Changed) -> None:
        """Something the rep did may move a due date: replan shortly (changes come in bursts)."""
        if changed.today or changed.loops or changed.contacts:
            self.replan_soon()

    def save_settings(self, settings: NudgeSettings) -> None:
        """Keep new settings and plan by them at once."""
        save_nudge_settings(self._store, settings)
        self._replan_timer.stop()
        self.runner.replan()
        self.runner.settle()
        self.replanned.emit()

    @Slot()
    def replan_soon(self) -> None:
        """Replan once the current burst of changes is over."""
        self._replan_timer.start()

    def click(self, nudge: Nudge) -> None:
        """The rep clicked a nudge: open what it is about."""
        self._record(self.runner.clicked, nudge)
        self.settled.emit(nudge)
        if nudge.contact_id is not None:
            self.open_contact.emit(nudge.contact_id)
        elif nudge.kind is NudgeKind.CATCH_UP:
            self.open_history.emit()
        else:
            self.open_today.emit()

    def snooze(self, nudge: Nudge, choice: SnoozeChoice) -> datetime:
        """Put a nudge off; returns when it comes back."""
        until = self.runner.snoozed(nudge, choice)
        self.settled.emit(nudge)
        self.replanned.emit()
        return until

    def dismiss(self, nudge: Nudge) -> None:
        """Wave a nudge away; the history keeps it."""
        self._record(self.runner.dismissed, nudge)
        self.settled.emit(nudge)

    # -- inside --------------------------------------------------------------------------------

    def _record(self, action: Callable[[Nudge], None], nudge: Nudge) -> None:
        try:
            action(nudge)
        except Exception:
            # The rep's click must still do what they asked; the history is best effort.
            log.exception("could not record what happened to nudge %s", nudge.key)

    def _deliver(self, nudge: Nudge) -> str:
        try:
            via = self._chain.show(nudge)
        except NoNotifierError:
            log.error("nudge %s could not be shown anywhere", nudge.key)
            via = "nowhere"
        self.shown.emit(nudge)
        return via

    @Slot(str)
    def _job_due(self, key: str) -> None:
        self.runner.job_due(key)

    @Slot(str)
    def _job_missed(self, _key: str) -> None:
        self._settle_timer.start()

    @Slot()
    def _settle(self) -> None:
        self.runner.settle()

    @Slot()
    def _replan(self) -> None:
        """Plan behind the window; one plan at a time, and one more if asked meanwhile."""
        self._replan_timer.stop()
        if self._stopped:
            return
        if self._planning is not None:
            self._plan_again = True
            return
        number, request = self.runner.replans, self.runner.plan_request()
        # A restore or an encryption switch puts a new file under the same store.
        self._planning_from = self._store.generation
        self._planning = threading.Thread(
            target=self._make_plan, args=(number, request), name="plan-nudges", daemon=True
        )
        self._planning.start()

    def _make_plan(self, number: int, request: PlanRequest) -> None:
        """On the planning thread: read the store, and hand the plan to the GUI thread."""
        made: service.NudgePlan | Exception
        try:
            made = service.plan(self._store, self._clock, request.start, request.end)
        except Exception as error:
            made = error
        self._plan_made.emit(number, request, made)

    @Slot(int, object, object)
    def _adopt(self, number: int, request: PlanRequest, made: object) -> None:
        if self._planning is not None:
            self._planning.join()
            self._planning = None
        if self._stopped:
            return
        if self._store.generation != self._planning_from:
            # Planned from the call book as it was before a restore: plan from this one.
            self._plan_again = True
        elif isinstance(made, Exception):
            # The jobs already posted stay; the next change or heartbeat plans again.
            log.error("the nudges could not be planned: %s", made, exc_info=made)
        elif number == self.runner.replans:
            assert isinstance(made, service.NudgePlan)
            self.runner.adopt(request, made)
            self.runner.settle()
            self.replanned.emit()
        if self._plan_again:
            self._plan_again = False
            self._replan()

    @Slot()
    def _beat(self) -> None:
        before = self.runner.replans
        self.runner.heartbeat()
        if self.runner.replans != before:
            self.replanned.emit()
