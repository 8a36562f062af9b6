"""ui/common/heap.py: what start-up and each built page made is moved out of the garbage collector's walk
(gc.freeze), so a later full collection on a worker thread does not freeze the window; the idle lock
collects everything once."""

from __future__ import annotations

import gc

import pytest

from clinic_desktop.ui.common import heap


@pytest.fixture
def unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_start_up_objects_leave_the_collectors_walk(unfrozen):
    class Node:
        def __init__(self) -> None:
            self.me = self  # a cycle: only the collector frees it

    lost = Node()
    del lost
    kept = [Node() for _ in range(500)]
    heap.settle_at_start()
    assert gc.get_freeze_count() >= len(kept)  # the survivors are frozen
    made_after = [[] for _ in range(300)]
    frozen = gc.get_freeze_count()
    heap.keep_built()
    assert gc.get_freeze_count() >= frozen + len(made_after)
    gc.unfreeze()
    nodes = [o for o in gc.get_objects() if type(o) is Node]
    assert len(nodes) == len(kept)  # the cycle dropped before start-up ended was collected, not frozen


def test_the_idle_lock_collects_the_frozen_cycles(unfrozen):
    class Node:
        def __init__(self) -> None:
            self.me = self

    gc.freeze()
    leftover = Node()
    heap.keep_built()
    del leftover  # garbage, but frozen: no collection sees it
    heap.collect_while_idle()
    gc.unfreeze()
    assert not any(type(o) is Node for o in gc.get_objects())


def test_a_page_built_for_the_first_time_is_frozen(qtbot, main_window, unfrozen):
    before = gc.get_freeze_count()
    main_window.show_page("Patients")
    assert gc.get_freeze_count() > before
