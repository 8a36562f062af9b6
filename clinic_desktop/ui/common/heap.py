"""Keep Python's cyclic garbage collector from stalling the window.

Why: a *full* collection walks every object the process holds (the imported modules, SQLAlchemy's and
Qt's classes, the built pages: several hundred thousand objects) while holding the interpreter lock. It
runs on whichever thread happens to allocate at that moment — often a list query on the thread pool — and
for its 100–250 ms the UI thread cannot run a single Python slot, ``data()`` call or timer. Profilers
show that time "inside Qt's event loop"; the timer-lag probe of ``benchmarks/bench_lists.py`` showed it
as the first sort or open of a new process freezing for about 100 ms.

What: objects that live as long as the window (modules, classes, pages) are moved out of the
collector's sight with :func:`gc.freeze`, so later full collections walk only what was made since and
stay a few milliseconds long. :func:`settle_at_start` collects once and freezes (before the window is
first shown, when a pause is not noticed); :func:`keep_built` freezes what a newly built page brought in
(no collection, so it costs nothing). Frozen objects are still freed when nothing refers to them; only
reference cycles among them wait until :func:`collect_while_idle` (the lock screen).
Standard library only (no Qt), so the benchmarks call the same functions as the app.
"""

from __future__ import annotations

import gc


def settle_at_start() -> None:
    """Collect the garbage of start-up once, then freeze every object alive now (a full collection of
    the whole heap: call it where a pause of ~0.1 s is not noticed, e.g. right before the window shows)."""
    gc.collect()
    gc.freeze()


def keep_built() -> None:
    """Freeze the objects made since the last freeze (a page just built, its modules imported): later
    collections no longer walk them. Costs nothing; collects nothing."""
    gc.freeze()


def collect_while_idle() -> None:
    """Nobody is working (the lock screen is up): unfreeze, collect everything once, freeze again."""
    gc.unfreeze()
    settle_at_start()
