"""One builder for a log entry, used by the quick log, the terminal and anything that logs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from callbook.domain.clock import Clock
from callbook.domain.dates import parse_due
from callbook.domain.quick_log import DEFAULT_NEXT_STEP, direction_for, parse_duration
from callbook.domain.vocabulary import Channel, Direction, Outcome, Purpose
from callbook.services.call_log import LogEntry
from callbook.services.changes import Invalid


@dataclass(frozen=True)
class LogForm:
    """A log entry as the rep filled it in: choices already picked, the rest as typed."""

    contact_id: int | None
    outcome: Outcome | None
    purpose: Purpose
    channel: Channel
    note: str
    next_step: str
    next_due_text: str
    script_id: int | None
    # Who reached out, when the rep said; else it follows the outcome.
    direction: Direction | None = None
    duration_text: str = ""


def next_due(typed: str, today: date) -> date | None:
    """The next step's date from what the rep typed; blank means none."""
    if not typed.strip():
        return None
    try:
        when = parse_due(typed, today)
    except ValueError as error:
        raise Invalid(str(error)) from None
    if when < today:
        raise Invalid(f"{when:%a %d %b %Y} has already passed; a next step is today or later")
    return when


def build_entry(form: LogForm, clock: Clock) -> LogEntry:
    """The log entry the form describes; the first thing missing or wrong is refused clearly.

    The one builder of a log entry: direction from the outcome ('they replied' came from
    them), the date rules, the default next step. The quick log and `callbook log` use it.
    """
    if form.contact_id is None:
        raise Invalid("pick who the call was with")
    if form.outcome is None:
        raise Invalid("pick what happened (c, v, n, g, b, w or r)")
    today = clock.now().astimezone(clock.zone()).date()
    due = next_due(form.next_due_text, today)
    step = form.next_step.strip()
    if step and due is None:
        raise Invalid("the next step needs a date: +2, tomorrow, fri or 2026-12-01")
    try:
        duration = parse_duration(form.duration_text)
    except ValueError as error:
        raise Invalid(str(error)) from None
    return LogEntry(
        contact_id=form.contact_id,
        outcome=form.outcome,
        purpose=form.purpose,
        channel=form.channel,
        direction=form.direction or direction_for(form.outcome),
        note=form.note,
        next_step=step or (DEFAULT_NEXT_STEP if due else ""),
        next_step_due=due,
        script_id=form.script_id,
        duration_seconds=duration,
    )
