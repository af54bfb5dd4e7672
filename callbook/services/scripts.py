"""The script library (F11): writing and retiring scripts, filling them, suggesting one, figures."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from callbook.domain.clock import Clock
from callbook.domain.loops import left_message
from callbook.domain.scripts import (
    MAX_BODY_CHARS,
    MAX_NAME_CHARS,
    MAX_SUBJECT_CHARS,
    CallSituation,
    Filled,
    Measure,
    MessageLeft,
    ReturnFigures,
    WantedScript,
    ago_in_words,
    body_problems,
    counted_returns,
    family_words,
    fill,
    measure,
    missing_words,
    rate_sort_key,
    rotation,
    unfilled_words,
    wanted_script,
)
from callbook.domain.vocabulary import Channel, Direction, LoopKind, Outcome, ScriptKind
from callbook.services.changes import Changed, Invalid, NotFound
from callbook.store.engine import Store, StoreError
from callbook.store.instants import instant_from_stored
from callbook.store.models import Contact, Interaction, OpenLoop, Script, Setting
from callbook.store.reading import Reader

MY_DETAILS = "my_details"
RETURNED_BY = frozenset({Outcome.REPLIED.value, Outcome.CONNECTED.value})
Word = TypeVar("Word", bound=StrEnum)


def _member(words: type[Word], value: str) -> Word | None:
    # A word written by a newer Callbook (or another program) is read as unknown, not fatal.
    try:
        return words(value)
    except ValueError:
        return None


@dataclass(frozen=True)
class ScriptDraft:
    """What the rep wrote in the editor; `script_id` None for a new script."""

    name: str
    kind: ScriptKind
    body: str
    subject: str = ""
    script_id: int | None = None


@dataclass(frozen=True)
class LibraryScript:
    """One script as the library shows it: its words, its length, how it has done."""

    script_id: int
    name: str
    kind: ScriptKind
    subject: str
    body: str
    retired: bool
    length: Measure
    figures: ReturnFigures | None


@dataclass(frozen=True)
class Saved:
    """The script stored, and what changed."""

    script_id: int
    changed: Changed


@dataclass(frozen=True)
class MyDetails:
    """The rep's own name and number, for {my_name} and {my_phone}."""

    name: str = ""
    phone: str = ""


@dataclass(frozen=True)
class FilledScript:
    """A script filled for one contact, with what is missing said in words."""

    script: LibraryScript
    contact_name: str
    subject: Filled
    body: Filled
    length: Measure

    @property
    def missing(self) -> tuple[str, ...]:
        """Placeholders this contact has no value for, subject first."""
        seen = list(self.subject.missing)
        seen += [m for m in self.body.missing if m not in seen]
        return tuple(seen)

    @property
    def missing_text(self) -> str:
        """'Ana has no interest noted: it shows as [interest?].' or ''."""
        return missing_words(self.missing, self.contact_name)

    @property
    def text(self) -> str:
        """The whole filled message: the subject line first for an email."""
        if self.script.kind is ScriptKind.EMAIL and self.subject.text:
            return f"Subject: {self.subject.text}\n\n{self.body.text}"
        return self.body.text


@dataclass(frozen=True)
class Suggestion:
    """The script for this contact's next call, filled, and the others to rotate to."""

    wanted: WantedScript
    order: tuple[int, ...]
    filled: FilledScript | None
    # Why this one and not the last: 'not the one you left last time'.
    rotated: bool


# -- the library ----------------------------------------------------------------------------


def _checked(draft: ScriptDraft) -> ScriptDraft:
    name = " ".join(draft.name.split())
    if not name:
        raise Invalid("give the script a name, e.g. Curious voicemail")
    if len(name) > MAX_NAME_CHARS:
        raise Invalid(f"a script's name is at most {MAX_NAME_CHARS} characters")
    body = draft.body.strip()
    if not body:
        raise Invalid("write what to say: the script is empty")
    if len(body) > MAX_BODY_CHARS:
        raise Invalid(
            f"a script is at most {MAX_BODY_CHARS:,} characters and this one is "
            f"{len(body):,}: short messages get returned"
        )
    subject = " ".join(draft.subject.split()) if draft.kind is ScriptKind.EMAIL else ""
    if len(subject) > MAX_SUBJECT_CHARS:
        raise Invalid(f"a subject line is at most {MAX_SUBJECT_CHARS} characters")
    # Lines and columns are counted in what the rep typed, before any trimming.
    typed_subject = draft.subject if draft.kind is ScriptKind.EMAIL else ""
    for where, typed in (("subject", typed_subject), ("script", draft.body)):
        problems = body_problems(typed)
        if problems:
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            raise Invalid(f"in the {where}: {problems[0].message}{more}")
    return replace(draft, name=name, body=body, subject=subject)


def _name_taken(session: Session, name: str, script_id: int | None) -> bool:
    query = select(Script.id).where(func.lower(Script.name) == name.lower())
    if script_id is not None:
        query = query.where(Script.id != script_id)
    return session.scalar(query.limit(1)) is not None


def save_script(store: Store, clock: Clock, draft: ScriptDraft) -> Saved:
    """Store a new or edited script; an unknown placeholder or stray brace is refused."""
    checked = _checked(draft)
    with store.begin() as session:
        if _name_taken(session, checked.name, checked.script_id):
            raise Invalid(f"there is already a script called “{checked.name}”")
        if checked.script_id is None:
            row = Script(
                name=checked.name,
                kind=checked.kind.value,
                body=checked.body,
                subject=checked.subject,
                created_at=clock.now(),
            )
            session.add(row)
        else:
            found = session.get(Script, checked.script_id)
            if found is None:
                raise NotFound("that script was deleted meanwhile")
            row = found
            row.name, row.kind = checked.name, checked.kind.value
            row.body, row.subject = checked.body, checked.subject
        session.flush()
        return Saved(row.id, Changed(scripts=True))


def duplicate_script(store: Store, clock: Clock, script_id: int) -> Saved:
    """A copy to try a variation on: 'Curious voicemail (copy)', then '(copy 2)'."""
    with store.begin() as session:
        original = session.get(Script, script_id)
        if original is None:
            raise NotFound("that script was deleted meanwhile")
        base = f"{original.name} (copy"
        name, number = f"{base})", 1
        while _name_taken(session, name, None):
            number += 1
            name = f"{base} {number})"
        copy = Script(
            name=name[:MAX_NAME_CHARS],
            kind=original.kind,
            body=original.body,
            subject=original.subject,
            created_at=clock.now(),
        )
        session.add(copy)
        session.flush()
        return Saved(copy.id, Changed(scripts=True))


def retire_script(store: Store, clock: Clock, script_id: int, retired: bool = True) -> Changed:
    """Offer a script nowhere (or again); its history and figures stay."""
    with store.begin() as session:
        row = session.get(Script, script_id)
        if row is None:
            raise NotFound("that script was deleted meanwhile")
        row.retired_at = clock.now() if retired else None
        return Changed(scripts=True)


def _left_a_message(outcome: Outcome, channel: Channel) -> bool:
    """True for a touch of the rep's that left them something of a script's to answer."""
    return left_message(channel, Direction.OUTBOUND, outcome)


# Each (outcome, channel) a scripted message can be left with, by the rule above: the
# query reads those touches only, out of every one the rep ever logged.
_MESSAGE_KINDS = json.dumps(
    [[o.value, c.value] for o in Outcome for c in Channel if _left_a_message(o, c)]
)


_LEFT_WITH_A_SCRIPT = (
    "i.script_id IS NOT NULL AND i.direction = ? AND (i.outcome, i.channel) IN "
    "(SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?))"
)


def _messages(reader: Reader) -> tuple[dict[int, int], list[MessageLeft]]:
    """How many messages each script left, and the messages on loops they got back on."""
    kinds = (Direction.OUTBOUND.value, _MESSAGE_KINDS)
    left = {
        int(script_id): int(count)
        for script_id, count in reader.execute(
            f"SELECT i.script_id, count(*) FROM interactions i WHERE {_LEFT_WITH_A_SCRIPT} "
            "GROUP BY i.script_id",
            kinds,
        )
    }
    returned = json.dumps(sorted(RETURNED_BY))
    rows = reader.execute(
        "SELECT i.script_id, i.occurred_at, i.loop_id, l.closed_at "
        f"FROM interactions i JOIN open_loops l ON l.id = i.loop_id WHERE {_LEFT_WITH_A_SCRIPT} "
        "AND l.closed_by IN (SELECT value FROM json_each(?))",
        (*kinds, returned),
    ).fetchall()
    on_returned = [
        MessageLeft(
            script_id,
            instant_from_stored(left_at),  # type: ignore[arg-type]
            loop_id,
            instant_from_stored(closed_at),
        )
        for script_id, left_at, loop_id, closed_at in rows
    ]
    return left, on_returned


def _library(session: Session, figures: Mapping[int, ReturnFigures]) -> list[LibraryScript]:
    shown = []
    for row in session.scalars(select(Script).order_by(Script.name)):
        kind = _member(ScriptKind, row.kind) or ScriptKind.VOICEMAIL
        shown.append(
            LibraryScript(
                script_id=row.id,
                name=row.name,
                kind=kind,
                subject=row.subject,
                body=row.body,
                retired=row.retired_at is not None,
                length=measure(kind, row.body, unfilled_words(row.body)),
                figures=figures.get(row.id),
            )
        )
    return shown


def return_figures_of(store: Store) -> dict[int, ReturnFigures]:
    """Per script, how often the messages left with it got a call back: read from the whole log.

    At 50,000 contacts this reads hundreds of thousands of touches: the window works it
    out behind its back and keeps it (`ui/kept_figures.py`); a command asks once.
    """
    try:
        with store.reading() as reader:
            return counted_returns(*_messages(reader))
    except (SQLAlchemyError, sqlite3.Error) as error:
        raise StoreError(f"could not read the scripts' figures: {error}") from error


def script_library(
    store: Store, figures: Mapping[int, ReturnFigures] | None = None
) -> list[LibraryScript]:
    """Every script by name, retired ones too, with its length and return figures.

    `figures` as worked out before, if the caller keeps them; else read now.
    """
    if figures is None:
        figures = return_figures_of(store)
    with store.read() as session:
        return _library(session, figures)


def find_script(store: Store, name: str) -> LibraryScript:
    """The script called `name` (any case), else the only one whose name starts with it."""
    wanted = " ".join(name.split()).casefold()
    library = script_library(store)
    exact = [s for s in library if s.name.casefold() == wanted]
    if exact:
        return exact[0]
    starting = [s for s in library if s.name.casefold().startswith(wanted)]
    if len(starting) == 1:
        return starting[0]
    if not starting:
        names = ", ".join(s.name for s in library if not s.retired) or "none yet"
        raise NotFound(f"no script is called '{name}' (scripts: {names})")
    raise Invalid(f"'{name}' could be {', '.join(s.name for s in starting)}: give more of the name")


# -- the rep's own details ------------------------------------------------------------------


def my_details(store: Store) -> MyDetails:
    """The rep's name and number as set on the Scripts page."""
    with store.read() as session:
        return _my_details(session)


def _my_details(session: Session) -> MyDetails:
    row = session.get(Setting, MY_DETAILS)
    value = row.value if row is not None and isinstance(row.value, dict) else {}
    return MyDetails(str(value.get("name", "")), str(value.get("phone", "")))


def save_my_details(store: Store, details: MyDetails) -> Changed:
    """Keep the rep's name and number for {my_name} and {my_phone}."""
    name, phone = " ".join(details.name.split()), " ".join(details.phone.split())
    if len(name) > MAX_NAME_CHARS or len(phone) > 40:
        raise Invalid("your name or number is too long to be said in a message")
    with store.begin() as session:
        row = session.get(Setting, MY_DETAILS)
        value = {"name": name, "phone": phone}
        if row is None:
            session.add(Setting(key=MY_DETAILS, value=value))
        else:
            row.value = value
        return Changed(scripts=True)


# -- filled for a person --------------------------------------------------------------------


def _contact(session: Session, contact_id: int) -> Contact:
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise NotFound(f"no contact has the id {contact_id}")
    return contact


def contact_values(
    session: Session, clock: Clock, contact: Contact, me: MyDetails
) -> dict[str, str | None]:
    """What each placeholder becomes for `contact` (None or '' where nothing is known)."""
    today = clock.now().astimezone(clock.zone()).date()
    family = contact.family[0] if contact.family else None
    last = contact.last_personal_checkin_at
    return {
        "first_name": contact.first_name,
        "last_name": contact.last_name,
        "company": contact.company,
        "title": contact.title,
        "interest": contact.interests[0].text if contact.interests else None,
        "family": family_words(family.name, family.relation) if family else None,
        "on_their_mind": contact.on_their_mind,
        "assistant": contact.assistant_name,
        "boss": contact.boss_name,
        "last_checkin": (
            ago_in_words(last.astimezone(clock.zone()).date(), today) if last else None
        ),
        "my_name": me.name,
        "my_phone": me.phone,
    }


def _filled(script: LibraryScript, contact: Contact, values: dict[str, str | None]) -> FilledScript:
    body = fill(script.body, values)
    subject = fill(script.subject, values)
    return FilledScript(script, contact.name, subject, body, measure(script.kind, body.text))


def _one(session: Session, script_id: int, figures: Mapping[int, ReturnFigures]) -> LibraryScript:
    if session.get(Script, script_id) is None:
        raise NotFound("that script was deleted meanwhile")
    return next(s for s in _library(session, figures) if s.script_id == script_id)


def filled_for(
    store: Store,
    clock: Clock,
    script_id: int,
    contact_id: int,
    figures: Mapping[int, ReturnFigures] | None = None,
) -> FilledScript:
    """One script filled for one contact (with `figures` kept by the caller, else read now)."""
    if figures is None:
        figures = return_figures_of(store)
    with store.read() as session:
        contact = _contact(session, contact_id)
        values = contact_values(session, clock, contact, _my_details(session))
        return _filled(_one(session, script_id, figures), contact, values)


def fill_draft(store: Store, clock: Clock, draft: ScriptDraft, contact_id: int) -> FilledScript:
    """What the editor's unsaved text says for a contact (the live preview)."""
    with store.read() as session:
        contact = _contact(session, contact_id)
        values = contact_values(session, clock, contact, _my_details(session))
    script = LibraryScript(
        draft.script_id or 0,
        draft.name,
        draft.kind,
        draft.subject if draft.kind is ScriptKind.EMAIL else "",
        draft.body,
        False,
        measure(draft.kind, draft.body),
        None,
    )
    return _filled(script, contact, values)


# -- suggested for the next call ------------------------------------------------------------


def _open_loop(session: Session, contact_id: int) -> OpenLoop | None:
    return session.scalar(
        select(OpenLoop)
        .where(OpenLoop.contact_id == contact_id, OpenLoop.closed_at.is_(None))
        .order_by(OpenLoop.opened_at.desc())
        .limit(1)
    )


def _used(session: Session, contact_id: int, loop_id: int | None, ids: Sequence[int]) -> list[int]:
    query = select(Interaction.script_id).where(Interaction.script_id.in_(ids))
    if loop_id is not None:
        query = query.where(Interaction.loop_id == loop_id)
    else:
        query = query.where(Interaction.contact_id == contact_id)
    rows = session.scalars(query.order_by(Interaction.occurred_at, Interaction.id))
    return [int(r) for r in rows if r is not None]


def suggestion_for(
    store: Store,
    clock: Clock,
    contact_id: int,
    turn: int = 0,
    figures: Mapping[int, ReturnFigures] | None = None,
) -> Suggestion:
    """The script for this contact's next call, filled; `turn` steps through the others.

    A chase on an open loop wants a voicemail (never the one left last on that loop), a
    personal check-in an opener, someone who prefers text first a text. Among scripts of
    that kind the best returned comes first, by `figures` kept by the caller (else read now).
    """
    now = clock.now()
    if figures is None:
        figures = return_figures_of(store)
    with store.read() as session:
        contact = _contact(session, contact_id)
        loop = _open_loop(session, contact_id)
        channels = contact.preferred_channels or []
        first = _member(Channel, channels[0]) if channels else None
        situation = CallSituation(
            _member(LoopKind, loop.kind) if loop is not None else None,
            contact.checkin_due_at <= now,
            first,
        )
        wanted = wanted_script(situation)
        library = [s for s in _library(session, figures) if not s.retired]
        candidates = sorted(
            (s for s in library if s.kind is wanted.kind),
            key=lambda s: (-rate_sort_key(s.figures), s.name.casefold()),
        )
        values = contact_values(session, clock, contact, _my_details(session))
        filled = {s.script_id: _filled(s, contact, values) for s in candidates}
        # One this contact fills whole comes before one that would leave a gap in it.
        candidates.sort(key=lambda s: bool(filled[s.script_id].missing))
        ids = [s.script_id for s in candidates]
        used = _used(session, contact_id, loop.id if loop is not None else None, ids)
        order = rotation(ids, used)
        if not order:
            return Suggestion(wanted, (), None, False)
        rotated = bool(used) and len(ids) > 1 and ids[0] == used[-1]
        return Suggestion(wanted, tuple(order), filled[order[turn % len(order)]], rotated)
