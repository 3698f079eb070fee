"""The plan commands pause the cyclic garbage collector and give it back as they found it."""

from __future__ import annotations

import gc

import pytest

from orgctl.heap import paused_garbage_collector


@pytest.fixture
def collector_enabled():
    was_enabled = gc.isenabled()
    gc.enable()
    yield
    if not was_enabled:
        gc.disable()


def test_the_collector_is_paused_inside_and_enabled_again_after(collector_enabled):
    with paused_garbage_collector():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_nested_pause_does_not_resume_the_outer_one(collector_enabled):
    with paused_garbage_collector():
        with paused_garbage_collector():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_an_error_inside_still_resumes_the_collector(collector_enabled):
    with pytest.raises(RuntimeError), paused_garbage_collector():
        raise RuntimeError("planned")
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off():
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        with paused_garbage_collector():
            pass
        assert not gc.isenabled()
    finally:
        if was_enabled:
            gc.enable()
