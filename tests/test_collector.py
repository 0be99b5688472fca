"""The collector pause (models.collector_paused): off inside, as the caller had it after, on any
number of threads entering and leaving in any order."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from figcheck.models import collector_paused


@pytest.fixture(autouse=True)
def _collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_paused_inside_and_resumed_after_nested_sections() -> None:
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_caller_that_had_it_off_keeps_it_off() -> None:
    gc.disable()
    with collector_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_overlapping_sections_on_threads_leave_it_on() -> None:
    """Threads pausing while another has paused: the last to leave resumes collection."""
    start = threading.Barrier(8)
    inside: list[bool] = []

    def work() -> None:
        start.wait()
        for _ in range(200):
            with collector_paused():
                inside.append(gc.isenabled())
                with collector_paused():
                    pass

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not any(inside)
    assert gc.isenabled()
