"""Bulk reads hold the cycle collector and always give it back."""

from __future__ import annotations

import gc

import pytest

from callbook.services.bulk import collection_paused


def test_the_collector_is_held_during_and_back_after() -> None:
    assert gc.isenabled()
    with collection_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_the_collector_comes_back_even_when_the_read_fails() -> None:
    with pytest.raises(RuntimeError), collection_paused():
        raise RuntimeError("the disk went away")
    assert gc.isenabled()


def test_a_collector_already_off_stays_off() -> None:
    gc.disable()
    try:
        with collection_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_settling_after_start_sets_the_living_objects_aside() -> None:
    from callbook.services.bulk import settle_after_start

    before = gc.get_freeze_count()
    try:
        settle_after_start()
        assert gc.get_freeze_count() > before
        assert gc.isenabled()
    finally:
        gc.unfreeze()
