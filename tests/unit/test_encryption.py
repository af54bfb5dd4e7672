"""Encryption at rest: on and off under a running store, wrong passphrases, backups, keyring."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from callbook import keychain
from callbook.domain.clock import FixedClock
from callbook.domain.vocabulary import Outcome, Purpose
from callbook.paths import DATABASE_NAME
from callbook.services.backups import back_up_now, backups_of, restore_in_place
from callbook.services.call_log import LogEntry, log_interaction
from callbook.services.changes import Invalid
from callbook.services.contacts import NewContact, add_contact
from callbook.services.encryption import (
    encryption_state,
    turn_off_encryption,
    turn_on_encryption,
)
from callbook.services.erase import erase_contact
from callbook.services.search import search_contacts
from callbook.store.backup import damage_found, list_backups
from callbook.store.cipher import PassphraseNeeded, WrongPassphrase, is_encrypted
from callbook.store.engine import Store
from callbook.store.opening import DamagedDatabase, open_store

pytest.importorskip("sqlcipher3", reason="SQLCipher is not installed")
# SQLCipher derives each connection's key slowly on purpose (about 0.25 s).
pytestmark = pytest.mark.slow

SECRET = "correct horse battery"
WORDS = (b"Quillonara", b"Sailfjordish")


def plaintext_in(path: Path) -> list[bytes]:
    data = path.read_bytes()
    return [w for w in WORDS if w in data]


@pytest.fixture
def filled(store: Store, clock: FixedClock) -> Store:
    cid = add_contact(store, clock, NewContact("Quillonara", "Brandt", notes="Sailfjordish"))
    log_interaction(store, clock, LogEntry(cid, Outcome.CONNECTED, Purpose.CHECKIN))
    back_up_now(store, clock)
    return store


def test_turning_it_on_leaves_no_plain_text_and_the_store_keeps_working(
    filled: Store, clock: FixedClock, data_dir: Path
) -> None:
    changed = turn_on_encryption(filled, clock, SECRET, SECRET)
    assert changed.encrypted and changed.backups_converted == 1
    assert encryption_state(data_dir).encrypted
    add_contact(filled, clock, NewContact("Lena", "Berg"))
    assert [h.name for h in search_contacts(filled, "Quill")] == ["Quillonara Brandt"]
    newer = back_up_now(filled, clock)
    filled.close()
    database = data_dir / DATABASE_NAME
    assert is_encrypted(database)
    assert plaintext_in(database) == []
    for row in backups_of(data_dir):
        assert plaintext_in(row.path) == [], row.path.name
        assert is_encrypted(row.path)
    assert damage_found(newer, SECRET) is None


def test_start_needs_the_passphrase_and_a_wrong_one_changes_nothing(
    filled: Store, clock: FixedClock, data_dir: Path
) -> None:
    turn_on_encryption(filled, clock, SECRET)
    filled.close()
    database = data_dir / DATABASE_NAME
    before = database.read_bytes()
    with pytest.raises(PassphraseNeeded, match="needs its passphrase"):
        open_store(data_dir, clock.now(), clock.zone())
    with pytest.raises(WrongPassphrase, match=r"does not open callbook\.sqlite3; nothing was"):
        open_store(data_dir, clock.now(), clock.zone(), "wrong horse battery")
    assert database.read_bytes() == before
    clock.advance(timedelta(days=1))
    store, report = open_store(data_dir, clock.now(), clock.zone(), SECRET)
    try:
        assert [h.name for h in search_contacts(store, "Quill")] == ["Quillonara Brandt"]
        assert report.daily_backup is not None
        assert is_encrypted(report.daily_backup)
    finally:
        store.close()


def test_turning_it_off_asks_for_the_passphrase_and_decrypts_the_backups(
    filled: Store, clock: FixedClock, data_dir: Path
) -> None:
    turn_on_encryption(filled, clock, SECRET)
    with pytest.raises(WrongPassphrase, match="not the passphrase"):
        turn_off_encryption(filled, clock, "something else")
    assert encryption_state(data_dir).encrypted
    changed = turn_off_encryption(filled, clock, SECRET)
    # The backup taken by hand and the day's first backup, both decrypted.
    assert not changed.encrypted and changed.backups_converted == 2
    assert not encryption_state(data_dir).encrypted
    for row in backups_of(data_dir):
        assert WORDS[0] in row.path.read_bytes()
    add_contact(filled, clock, NewContact("Lena", "Berg"))
    filled.close()
    assert WORDS[0] in (data_dir / DATABASE_NAME).read_bytes()
    store, _ = open_store(data_dir, clock.now(), clock.zone())
    store.close()


def test_weak_or_mistyped_passphrases_are_refused(filled: Store, clock: FixedClock) -> None:
    with pytest.raises(Invalid, match="at least 8 characters"):
        turn_on_encryption(filled, clock, "short")
    with pytest.raises(Invalid, match="differ"):
        turn_on_encryption(filled, clock, SECRET, SECRET + "!")
    assert filled.passphrase is None
    assert not is_encrypted(filled.path)


def test_restore_and_erase_work_encrypted(filled: Store, clock: FixedClock, data_dir: Path) -> None:
    plain_backup = backups_of(data_dir)[0].path
    outside = data_dir.parent / "usb-copy.sqlite3"
    outside.write_bytes(plain_backup.read_bytes())
    turn_on_encryption(filled, clock, SECRET)
    # A plain copy from before is restored encrypted, as the call book now is.
    summary = restore_in_place(filled, outside, clock)
    assert summary.contacts == 1
    assert is_encrypted(filled.path)
    cid = search_contacts(filled, "Quill")[0].contact_id
    erased = erase_contact(filled, clock, cid)
    assert erased.backups_cleaned >= 1
    filled.close()
    assert plaintext_in(data_dir / DATABASE_NAME) == []


def test_a_plain_database_with_a_damaged_first_page_is_damaged_not_encrypted(
    filled: Store, clock: FixedClock, data_dir: Path
) -> None:
    filled.close()
    database = data_dir / DATABASE_NAME
    data = bytearray(database.read_bytes())
    data[0:16] = bytes(16)
    database.write_bytes(bytes(data))
    with pytest.raises(DamagedDatabase):
        open_store(data_dir, clock.now(), clock.zone())


@pytest.fixture
def desktop_keyring() -> Iterator[dict[tuple[str, str], str]]:
    keyring = pytest.importorskip("keyring")
    from keyring.backend import KeyringBackend

    kept: dict[tuple[str, str], str] = {}

    class Memory(KeyringBackend):
        """A keyring that keeps passwords in a dict, as a desktop keyring would."""

        priority = 10

        def get_password(self, service: str, username: str) -> str | None:
            return kept.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            kept[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            kept.pop((service, username), None)

    before = keyring.get_keyring()
    keyring.set_keyring(Memory())
    try:
        yield kept
    finally:
        keyring.set_keyring(before)


def test_the_passphrase_is_kept_in_the_desktop_keyring(
    desktop_keyring: dict[tuple[str, str], str], data_dir: Path
) -> None:
    assert keychain.keyring_usable()
    assert keychain.saved_passphrase(data_dir) is None
    assert keychain.remember_passphrase(data_dir, SECRET)
    assert keychain.saved_passphrase(data_dir) == SECRET
    assert list(desktop_keyring) == [("Callbook", str(data_dir.resolve()))]
    keychain.forget_passphrase(data_dir)
    assert keychain.saved_passphrase(data_dir) is None


def test_without_a_keyring_nothing_is_kept_and_nothing_breaks(data_dir: Path) -> None:
    keyring = pytest.importorskip("keyring")
    from keyring.backends import fail

    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        assert not keychain.keyring_usable()
        assert not keychain.remember_passphrase(data_dir, SECRET)
        assert keychain.saved_passphrase(data_dir) is None
    finally:
        keyring.set_keyring(before)


def test_the_terminal_encrypts_asks_for_the_passphrase_and_decrypts(
    clock: FixedClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import io

    from callbook.cli import main

    keyring = pytest.importorskip("keyring")
    from keyring.backends import fail

    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    folder = str(tmp_path / "data")

    def run(*argv: str) -> tuple[int, str, str]:
        out = io.StringIO()
        code = main([*argv, "--data-dir", folder], clock=clock, out=out)
        return code, out.getvalue(), capsys.readouterr().err

    try:
        assert run("demo", "--contacts", "5")[0] == 0
        monkeypatch.setenv("CALLBOOK_NEW_PASSPHRASE", SECRET)
        code, out, _ = run("encrypt")
        assert code == 0
        assert out.startswith("Your call book is encrypted.\n")
        assert "Callbook will ask for the passphrase at each start" in out

        code, _, err = run("today")
        assert code == 1
        assert "the call book is encrypted: give its passphrase in $CALLBOOK_PASSPHRASE" in err
        monkeypatch.setenv("CALLBOOK_PASSPHRASE", "not the one at all")
        code, _, err = run("today")
        assert code == 1
        assert "the passphrase does not open callbook.sqlite3; nothing was changed" in err
        monkeypatch.setenv("CALLBOOK_PASSPHRASE", SECRET)
        code, out, _ = run("today")
        assert code == 0 and out.startswith("Today, ")

        code, out, _ = run("decrypt")
        assert code == 0
        assert out.startswith("Your call book is no longer encrypted.")
        monkeypatch.delenv("CALLBOOK_PASSPHRASE")
        assert run("today")[0] == 0
    finally:
        keyring.set_keyring(before)


# Every call of these is a point where `callbook encrypt` or `decrypt` is killed in turn.
SWITCH_STEPS = (
    "callbook.store.cipher:convert",
    "callbook.store.cipher:flush_to_disk",
    "callbook.store.cipher:_row_counts",
    "callbook.services.encryption:settle_for_swap",
    "callbook.services.encryption:mark_encryption",
    "callbook.services.encryption:open_store",
    "pathlib:Path.replace",
)


def settled(folder: Path, clock: FixedClock) -> bool:
    """Start again as the rep would; True when the book came up encrypted.

    Nothing a switch was writing is left, every backup is as encrypted as the book, and an
    encrypted book leaves no plain text in any file.
    """
    store, _report = open_store(folder, clock.now(), clock.zone(), SECRET, daily_backup=False)
    try:
        encrypted = store.passphrase is not None
        assert [h.name for h in search_contacts(store, "Quill")] == ["Quillonara Brandt"]
    finally:
        store.close()
    assert [p.name for p in folder.rglob("*.converting*")] == []
    backups = list_backups(folder / "backups")
    assert len(backups) == 2
    assert [b.path.name for b in backups if is_encrypted(b.path) != encrypted] == []
    if encrypted:
        assert [p.name for p in folder.rglob("*") if p.is_file() and plaintext_in(p)] == []
    return encrypted


@pytest.mark.parametrize("switch", ["encrypt", "decrypt"])
def test_a_switch_killed_at_any_step_finishes_or_rolls_back(
    filled: Store, clock: FixedClock, data_dir: Path, tmp_path: Path, switch: str
) -> None:
    from kill_at_step import chosen_points, run_until, steps_of

    filled.close()
    env = {
        **os.environ,
        "CALLBOOK_PASSPHRASE": SECRET,
        "CALLBOOK_NEW_PASSPHRASE": SECRET,
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    # Today's backup, so the killed run takes none of its own.
    assert run_until(0, (), data_dir, "today", env=env).code == 0
    if switch == "decrypt":
        assert run_until(0, (), data_dir, "encrypt", env=env).code == 0
    pristine = tmp_path / "pristine"
    shutil.copytree(data_dir, pristine)
    steps = steps_of(SWITCH_STEPS, data_dir, switch, env=env)
    assert steps.count("pathlib:Path.replace") == 3, steps  # the book and two backups
    ended = {True: 0, False: 0}
    points = chosen_points(steps)
    for kill_at in points:
        folder = tmp_path / f"killed-{kill_at}"
        shutil.copytree(pristine, folder)
        assert run_until(kill_at, SWITCH_STEPS, folder, switch, env=env).killed, kill_at
        encrypted = settled(folder, clock)
        ended[encrypted] += 1
        if ended[encrypted] > 1:
            continue
        # Asked again, it does the rest or says truly that it is done.
        again = run_until(0, (), folder, switch, env=env)
        if encrypted == (switch == "encrypt"):
            assert again.code == 1, again.stderr
            assert f"is {'already' if encrypted else 'not'} encrypted" in again.stderr
        else:
            assert again.code == 0, again.stderr
        assert settled(folder, clock) == (switch == "encrypt")
    # Some kills land before the book is swapped, some after.
    assert ended[True] and ended[False], ended
    print(f"{switch}: killed at {points} of {len(steps)} steps; encrypted after: {ended}")
