"""Short garbage-collector pauses while a big workshop is open: long-lived objects frozen.

A full pass of CPython's cyclic garbage collector walks every tracked object and holds the
GIL while it does. With a 2,000-step workshop open (its items, the copies the analysis
reads, the window's widgets and their Python wrappers: about 150,000 objects) a pass takes
50-110 ms, and the garbage of the analysis that runs after every edit brings one about
every half second while someone types: the event loop stalls that long, whichever thread
the pass runs in. `gc.freeze()` moves the objects alive at that moment out of the
collector's sight, so later full passes walk only newer objects (1-3 ms). Frozen objects
are still freed as soon as nothing refers to them; only reference cycles among them wait
for `thaw()` (when a window closes) to be collected.
"""

from __future__ import annotations

import gc
import time

_frozen = False


def is_frozen() -> bool:
    """Whether objects are frozen now (and not thawed since)."""
    return _frozen


def freeze_long_lived() -> float:
    """Collect what is garbage now, then freeze everything left; the seconds it took."""
    global _frozen
    started = time.perf_counter()
    gc.collect()
    gc.freeze()
    _frozen = True
    return time.perf_counter() - started


def freeze_newer() -> float | None:
    """If objects are frozen, freeze those made since too (a chart was built: pyqtgraph's
    objects); the seconds it took, or None when nothing is frozen."""
    return freeze_long_lived() if _frozen else None


def thaw() -> None:
    """Let the collector see every object again, so the cycles of a closed window go; the
    next `freeze_long_lived()` freezes what is left."""
    global _frozen
    gc.unfreeze()
    _frozen = False
