"""The script library over a store: saving refuses bad input, figures on a history done by hand."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from callbook.domain.card_fields import FamilyEntry
from callbook.domain.clock import FixedClock
from callbook.domain.scripts import ReturnFigures, rate_words
from callbook.domain.vocabulary import Channel, Direction, Outcome, Purpose, ScriptKind
from callbook.services.backup_json import backup_bytes, restore_json_backup
from callbook.services.call_log import LogEntry, log_interaction
from callbook.services.card_edits import set_family, set_interests
from callbook.services.changes import Invalid
from callbook.services.contacts import NewContact, add_contact
from callbook.services.erase import erase_contact
from callbook.services.loops import stop_chasing, waiting_for
from callbook.services.scripts import (
    MyDetails,
    ScriptDraft,
    duplicate_script,
    filled_for,
    find_script,
    retire_script,
    save_my_details,
    save_script,
    script_library,
    suggestion_for,
)
from callbook.store.engine import Store
from callbook.store.opening import open_store


def _script(store: Store, clock: FixedClock, name: str, body: str, kind: ScriptKind) -> int:
    return save_script(store, clock, ScriptDraft(name, kind, body)).script_id


def _figures(store: Store) -> dict[str, ReturnFigures | None]:
    return {s.name: s.figures for s in script_library(store)}


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("   ", "the script is empty"),
        ("x" * 100_000, "at most 10,000 characters and this one is 100,000"),
        ("Hi {frist_name}", "{frist_name} is not a placeholder; did you mean {first_name}?"),
        ("Hi\n  {first_name", "a { that is never closed at line 2, column 3"),
    ],
)
def test_bad_bodies_are_refused_and_nothing_is_stored(
    store: Store, clock: FixedClock, body: str, words: str
) -> None:
    kept = _script(store, clock, "Kept", "Hi {first_name}", ScriptKind.VOICEMAIL)
    with pytest.raises(Invalid, match=words.replace("{", r"\{").replace("?", r"\?")):
        save_script(store, clock, ScriptDraft("Kept", ScriptKind.VOICEMAIL, body, "", kept))
    assert [s.body for s in script_library(store)] == ["Hi {first_name}"]


def test_names_are_unique_whatever_the_case_and_emoji_and_hebrew_work(
    store: Store, clock: FixedClock
) -> None:
    _script(store, clock, "Curious", "Hi {first_name}", ScriptKind.VOICEMAIL)
    with pytest.raises(Invalid, match="already a script called “curious”"):
        _script(store, clock, "  curious ", "Other", ScriptKind.TEXT)
    _script(store, clock, "שלום 😊", "שלום {first_name} 😊", ScriptKind.TEXT)
    assert [s.name for s in script_library(store)] == ["Curious", "שלום 😊"]


def test_an_email_subject_is_checked_and_filled(store: Store, clock: FixedClock) -> None:
    ana = add_contact(store, clock, NewContact("Ana", company="Acme Sails"))
    with pytest.raises(Invalid, match=r"in the subject: \{compny\}"):
        save_script(
            store, clock, ScriptDraft("Mail", ScriptKind.EMAIL, "Hi", subject="{compny} news")
        )
    saved = save_script(
        store, clock, ScriptDraft("Mail", ScriptKind.EMAIL, "Hi {first_name}", "{company}: news")
    )
    filled = filled_for(store, clock, saved.script_id, ana)
    assert filled.text == "Subject: Acme Sails: news\n\nHi Ana"
    assert filled.length.summary == "2 words"


def test_filled_for_a_contact_names_what_they_lack(store: Store, clock: FixedClock) -> None:
    ana = add_contact(store, clock, NewContact("Ana", company="Acme"))
    script = _script(
        store,
        clock,
        "Tidbit",
        "Hi {first_name}, {interest}? {family}. {my_name}",
        ScriptKind.VOICEMAIL,
    )
    save_my_details(store, MyDetails("Alex", "+1 312 555 0142"))
    filled = filled_for(store, clock, script, ana)
    assert filled.text == "Hi Ana, [interest?]? [family?]. Alex"
    assert (
        filled.missing_text
        == "Ana has no interest or family noted: they show as [interest?] [family?]."
    )
    set_interests(store, clock, ana, ["sailing"])
    set_family(store, clock, ana, [FamilyEntry("Sam", "son")])
    assert filled_for(store, clock, script, ana).text == "Hi Ana, sailing? your son Sam. Alex"


def test_return_figures_on_a_history_done_by_hand(store: Store, clock: FixedClock) -> None:
    """Ana: A then B left, she calls back two days after B. Ben: A left, never returned."""
    curious = _script(store, clock, "Curious", "Hi {first_name}", ScriptKind.VOICEMAIL)
    question = _script(store, clock, "Question", "One question", ScriptKind.VOICEMAIL)
    ana = add_contact(store, clock, NewContact("Ana"))
    ben = add_contact(store, clock, NewContact("Ben"))
    cara = add_contact(store, clock, NewContact("Cara"))
    start = clock.now() - timedelta(days=10)

    def log(who: int, days: float, outcome: Outcome, script: int | None = None) -> None:
        log_interaction(
            store,
            clock,
            LogEntry(
                who,
                outcome,
                Purpose.BUSINESS,
                Channel.PHONE,
                Direction.INBOUND if outcome is Outcome.REPLIED else Direction.OUTBOUND,
                script_id=script,
                occurred_at=start + timedelta(days=days),
            ),
        )

    log(ana, 0, Outcome.VOICEMAIL, curious)
    log(ana, 2, Outcome.VOICEMAIL, question)
    log(ana, 4, Outcome.REPLIED)
    log(ben, 0, Outcome.VOICEMAIL, curious)
    log(ben, 1, Outcome.NO_ANSWER, curious)  # no message left: not counted
    log(cara, 1, Outcome.VOICEMAIL, curious)
    log(cara, 1.5, Outcome.CONNECTED)  # picked up: the loop is returned
    figures = _figures(store)
    assert figures["Curious"] == ReturnFigures(3, 1, 0.5)
    assert figures["Question"] == ReturnFigures(1, 1, 2.0)
    assert rate_words(figures["Curious"]) == "1 of 3"

    # Giving up on Ben's loop is not a return.
    loop = waiting_for(store, clock, ben)
    assert loop is not None
    stop_chasing(store, clock, loop.loop_id)
    assert _figures(store)["Curious"] == ReturnFigures(3, 1, 0.5)

    # Erasing Cara takes her out of the figures; the scripts stay.
    erase_contact(store, clock, cara)
    assert _figures(store)["Curious"] == ReturnFigures(2, 0, None)
    assert set(_figures(store)) == {"Curious", "Question"}


def test_the_suggestion_rotates_on_a_loop_and_skips_retired_scripts(
    store: Store, clock: FixedClock
) -> None:
    first = _script(store, clock, "A first", "Hi {first_name}", ScriptKind.VOICEMAIL)
    second = _script(store, clock, "B second", "Hello {first_name}", ScriptKind.VOICEMAIL)
    third = _script(store, clock, "C third", "Hey {first_name}", ScriptKind.VOICEMAIL)
    _script(store, clock, "Opener", "How are you, {first_name}?", ScriptKind.OPENER)
    ana = add_contact(store, clock, NewContact("Ana"))
    assert suggestion_for(store, clock, ana).wanted.kind is ScriptKind.OPENER
    log_interaction(
        store,
        clock,
        LogEntry(
            ana,
            Outcome.VOICEMAIL,
            Purpose.BUSINESS,
            script_id=first,
            occurred_at=clock.now() - timedelta(days=3),
        ),
    )
    chase = suggestion_for(store, clock, ana)
    assert chase.wanted.kind is ScriptKind.VOICEMAIL
    assert chase.order == (second, third, first)
    assert chase.rotated
    assert chase.filled is not None and chase.filled.text == "Hello Ana"
    assert suggestion_for(store, clock, ana, turn=1).order[1] == third
    retire_script(store, clock, second)
    assert suggestion_for(store, clock, ana).order == (third, first)


def test_duplicate_and_find_by_name(store: Store, clock: FixedClock) -> None:
    original = _script(store, clock, "Curious", "Hi {first_name}", ScriptKind.VOICEMAIL)
    duplicate_script(store, clock, original)
    duplicate_script(store, clock, original)
    names = [s.name for s in script_library(store)]
    assert names == ["Curious", "Curious (copy 2)", "Curious (copy)"]
    assert find_script(store, "curious").name == "Curious"
    with pytest.raises(Invalid, match="could be"):
        find_script(store, "curious (")


def test_scripts_come_back_from_the_json_backup(
    store: Store, clock: FixedClock, tmp_path: Path
) -> None:
    saved = save_script(
        store, clock, ScriptDraft("Mail", ScriptKind.EMAIL, "Hi {first_name}", "{company}")
    )
    retire_script(store, clock, saved.script_id)
    data = backup_bytes(store, clock).decode("utf-8")
    other, _report = open_store(tmp_path / "other", clock.now())
    try:
        restore_json_backup(other, data)
        (back,) = script_library(other)
        assert (back.name, back.subject, back.retired) == ("Mail", "{company}", True)
    finally:
        other.close()
