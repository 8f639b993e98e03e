"""A bulk step pauses the cyclic collector and always gives it back, even when it fails: a
process that imported a file (or failed to) collects garbage as before."""

import gc

import pytest

from core.collections_pause import collections_paused


def test_the_collector_is_paused_inside_and_back_after_success_or_failure():
    assert gc.isenabled()
    with collections_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collections_paused():
        raise RuntimeError("the file was refused")
    assert gc.isenabled()


def test_a_collector_paused_by_the_caller_stays_paused():
    gc.disable()
    try:
        with collections_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
