"""Keeps the garbage collector from walking, again and again, what a long-running process loads once at start."""

from __future__ import annotations

import gc


def settle() -> None:
    """Collect once, then move every object alive now out of the collector's view (``gc.freeze``).

    Modules, provider catalogs, tables and compiled statements loaded at start are never garbage; without
    this every full collection walks them all again, which a busy worker pays for every few thousand sends.
    Objects made later are collected as usual.
    """
    gc.collect()
    gc.freeze()
