"""Settling the heap hides what exists at start from the collector, and later garbage is still collected."""

import gc
import weakref

from interlink.core import heap


class Node:
    def __init__(self) -> None:
        self.other: object = self


def test_settle_freezes_the_start_up_objects_and_later_cycles_are_still_collected() -> None:
    try:
        heap.settle()
        assert gc.get_freeze_count() > 0
        cycle = Node()
        gone = weakref.ref(cycle)
        del cycle
        gc.collect()
        assert gone() is None
    finally:
        gc.unfreeze()
