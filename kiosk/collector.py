"""When Python's garbage collector may walk the heap: not while a load builds the listings.

A load makes tens of thousands of records that live until the next load, not garbage. Each
automatic full collection during it walks everything made so far, so a load costs more per
meeting the more meetings there are (about 1.6 times as much per meeting at 100,000 as at
1,000). `collections_paused` holds automatic collections off for a load (`Store.load`) and
for start-up; after a load the app collects once and freezes what is alive
(`keep_out_of_full_collections`), so later full collections, as a visitor types, do not walk the
listings either (150 ms and more at 20,000 meetings). Reference counting frees as usual.

While a visitor types or taps, automatic full collections wait (`hold_full_collections`): what
is not frozen (the screens, Textual's caches, the rows shown: 45,000-70,000 objects with
20,000 meetings) took 25-45 ms to walk, landing on one key or detail in ten. Young
collections go on; the full one Python finds due runs once input pauses
(`release_full_collections`, two seconds after the last key, or after `HOLD_SECONDS` of
unbroken input, so a key mash cannot hold it off for long).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

HELD = 1 << 30
"""The oldest generation's threshold while held: no automatic full collection."""
HOLD_SECONDS = 30
"""The longest full collections are held in a row."""
_automatic = gc.get_threshold()[2]


@contextmanager
def collections_paused(*, then_freeze: bool = False) -> Iterator[None]:
    """No automatic collection inside the block (an inner block leaves them to the outer one);
    `then_freeze`: what was made is frozen as it is, for a collection to sort out later."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if then_freeze:
            gc.freeze()
        if was_enabled:
            gc.enable()


def keep_out_of_full_collections() -> None:
    """Once per load: collect what the last listings left, then freeze what is alive now.

    Frozen objects are still freed by reference counting; cycles among them wait for the next
    load, which unfreezes them first.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def hold_full_collections() -> None:
    """No automatic full collection until `release_full_collections` (young ones go on)."""
    young, middle, oldest = gc.get_threshold()
    if oldest != HELD:
        gc.set_threshold(young, middle, HELD)


def release_full_collections() -> None:
    """Automatic full collections again, as Python decides them (one may be due at once)."""
    young, middle, _oldest = gc.get_threshold()
    gc.set_threshold(young, middle, _automatic)


def full_collections_held() -> bool:
    return gc.get_threshold()[2] == HELD
