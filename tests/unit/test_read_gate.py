"""Swapping the book's file waits for reads under way and holds new ones; each swap is counted."""

from __future__ import annotations

import threading
from collections.abc import Callable

from callbook.domain.clock import FixedClock
from callbook.services.backups import back_up_now, restore_in_place
from callbook.services.contact_list import ListQuery, count_contacts
from callbook.services.contacts import NewContact, add_contact
from callbook.store.engine import Store
from callbook.store.read_gate import ReadGate

WAIT_S = 10.0


def _started(target: Callable[[], None]) -> threading.Thread:
    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    return thread


def _until(check: Callable[[], bool]) -> None:
    nap = threading.Event()
    for _ in range(int(WAIT_S / 0.005)):
        if check():
            return
        nap.wait(0.005)
    raise AssertionError("waited in vain")


def test_a_swap_waits_for_a_read_under_way_and_a_read_asked_meanwhile_waits_for_it() -> None:
    gate = ReadGate()
    said: list[str] = []
    reading, let_read_end, let_swap_end = threading.Event(), threading.Event(), threading.Event()

    def first_reader() -> None:
        with gate.reading():
            reading.set()
            let_read_end.wait(WAIT_S)
            said.append("first read ends")

    def swapper() -> None:
        with gate.swapping():
            said.append("swap begins")
            let_swap_end.wait(WAIT_S)
            said.append("swap ends")

    def second_reader() -> None:
        with gate.reading():
            said.append("second read begins")

    first = _started(first_reader)
    reading.wait(WAIT_S)
    swap = _started(swapper)
    _until(gate.swap_asked)
    second = _started(second_reader)
    let_read_end.set()
    _until(lambda: "swap begins" in said)
    let_swap_end.set()
    for thread in (first, swap, second):
        thread.join(WAIT_S)
    assert said == ["first read ends", "swap begins", "swap ends", "second read begins"]


def test_a_thread_reading_inside_its_own_read_is_not_held_by_a_waiting_swap() -> None:
    gate = ReadGate()
    inside, nested_done = threading.Event(), threading.Event()

    def reader() -> None:
        with gate.reading():
            inside.set()
            _until(gate.swap_asked)
            with gate.reading():  # the same thread, deeper: it must not wait for itself
                nested_done.set()

    thread = _started(reader)
    inside.wait(WAIT_S)
    with gate.swapping():
        assert nested_done.is_set(), "the swap began before the read under way ended"
    thread.join(WAIT_S)
    assert not thread.is_alive()


def test_the_window_may_swap_while_it_reads_itself() -> None:
    gate = ReadGate()
    with gate.reading(), gate.swapping(), gate.reading():
        pass  # no wait for its own read, and it reads the new file at once


def test_a_restore_under_a_running_store_reads_the_restored_book_and_counts_a_generation(
    store: Store, clock: FixedClock
) -> None:
    add_contact(store, clock, NewContact("Ana"))
    kept = back_up_now(store, clock)
    add_contact(store, clock, NewContact("Ben"))
    assert store.generation == 0
    seen: list[int] = []
    reading, let_read_end = threading.Event(), threading.Event()

    def reader() -> None:
        with store.read():
            reading.set()
            let_read_end.wait(WAIT_S)
            seen.append(count_contacts(store, ListQuery()))

    thread = _started(reader)
    reading.wait(WAIT_S)
    restoring = _started(lambda: restore_in_place(store, kept, clock))
    _until(store.swap_asked)
    let_read_end.set()
    restoring.join(WAIT_S)
    thread.join(WAIT_S)
    assert seen == [2], "the read under way saw the book it began on"
    assert count_contacts(store, ListQuery()) == 1
    assert store.generation == 1
