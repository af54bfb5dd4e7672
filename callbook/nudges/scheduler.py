"""APScheduler inside the Qt event loop: one-shot jobs that only emit a signal, and a heartbeat.

Jobs are never persisted: the runner posts them afresh from the store at every replan.
A job runs on the scheduler's worker thread and does nothing but emit `due(key)`; Qt
queues the signal to the GUI thread, where all widget and database work happens.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.events import EVENT_JOB_MISSED, JobExecutionEvent
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.qt import QtScheduler
from apscheduler.triggers.date import DateTrigger
from PySide6.QtCore import QObject, QTimer, Signal

from callbook.domain.nudges import MISFIRE_GRACE, Nudge

log = logging.getLogger(__name__)

REPLAN_JOB = "replan"
HEARTBEAT_MS = 30_000
LONGEST_TIMER_MS = 2_147_483_647


class OneTimerQtScheduler(QtScheduler):
    """QtScheduler with one timer of its own.

    The stock class keeps the return value of the static `QTimer.singleShot`, which is
    None under PySide6, so it can never stop a timer it started: every wakeup() and every
    add_job() would leave another wake-up chain running. This one owns a single QTimer
    and restarts it instead.
    """

    def __init__(self, parent: QObject | None = None, **options: Any) -> None:
        self._own_timer = QTimer(parent)
        self._own_timer.setSingleShot(True)
        self._own_timer.timeout.connect(self._process_jobs)
        super().__init__(**options)

    def _start_timer(self, wait_seconds: float | None) -> None:
        self._own_timer.stop()
        if wait_seconds is not None:
            self._own_timer.start(min(int(wait_seconds * 1000), LONGEST_TIMER_MS))

    def _stop_timer(self) -> None:
        self._own_timer.stop()


class JobSignals(QObject):
    """What a job on the worker thread may do: emit, nothing else."""

    due = Signal(str)
    missed = Signal(str)
    replan_due = Signal()


def _emit_due(signals: JobSignals, key: str) -> None:
    signals.due.emit(key)


def _emit_replan(signals: JobSignals) -> None:
    signals.replan_due.emit()


class NudgeScheduler(QObject):
    """The job board the runner posts to, and the heartbeat that keeps it honest."""

    beat = Signal()

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        grace: timedelta = MISFIRE_GRACE,
        heartbeat_ms: int = HEARTBEAT_MS,
    ) -> None:
        super().__init__(parent)
        self.signals = JobSignals(self)
        # A nudge later than the grace is not run late on its own but reported as missed,
        # so that after a sleep everything overdue can come as one catch-up. Coalescing
        # folds any run times that piled up into one; DateTrigger jobs have only one.
        self._scheduler = OneTimerQtScheduler(
            self,
            timezone=UTC,
            executors={"default": ThreadPoolExecutor(max_workers=1)},
            job_defaults={
                "coalesce": True,
                "misfire_grace_time": int(grace.total_seconds()),
                "max_instances": 1,
            },
        )
        self._scheduler.add_listener(self._on_missed, EVENT_JOB_MISSED)
        self._heartbeat = QTimer(self)
        self._heartbeat.setInterval(heartbeat_ms)
        self._heartbeat.timeout.connect(self._on_beat)

    def start(self) -> None:
        """Start the scheduler and the heartbeat."""
        if not self._scheduler.running:
            self._scheduler.start()
        self._heartbeat.start()

    def shutdown(self) -> None:
        """Stop everything; jobs in flight are not waited for (they only emit)."""
        self._heartbeat.stop()
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)

    @property
    def running(self) -> bool:
        """True between start() and shutdown()."""
        return bool(self._scheduler.running)

    def post(self, nudges: Sequence[Nudge], replan_at: datetime) -> None:
        """Replace every job: one DateTrigger per nudge, and the replan at the day's turn."""
        self._scheduler.remove_all_jobs()
        for nudge in nudges:
            self._scheduler.add_job(
                _emit_due,
                DateTrigger(run_date=nudge.at),
                args=(self.signals, nudge.key),
                id=nudge.key,
                name=nudge.title,
                replace_existing=True,
            )
        self._scheduler.add_job(
            _emit_replan,
            DateTrigger(run_date=replan_at),
            args=(self.signals,),
            id=REPLAN_JOB,
            name="replan at the turn of the day",
            replace_existing=True,
        )

    def job_times(self) -> dict[str, datetime]:
        """When each job will run next, by id."""
        return {job.id: job.next_run_time for job in self._scheduler.get_jobs()}

    def wakeup(self) -> None:
        """Make the scheduler look at its jobs now (its timer may have slept with the laptop)."""
        if self._scheduler.running:
            self._scheduler.wakeup()

    def _on_beat(self) -> None:
        self.wakeup()
        self.beat.emit()

    def _on_missed(self, event: JobExecutionEvent) -> None:
        # Called on the worker thread: emit and nothing else.
        if event.job_id == REPLAN_JOB:
            self.signals.replan_due.emit()
        else:
            self.signals.missed.emit(event.job_id)
