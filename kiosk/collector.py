"""When Python's garbage collector may walk the heap: not while a load builds the listings.

A load makes tens of thousands of records that live until the next load, not garbage. Each
automatic full collection during it walks everything made so far, so a load costs more per
meeting the more meetings there are (about 1.6 times as much per meeting at 100,000 as at
1,000). `collections_paused` holds automatic collections off for a load (`Store.load`) and
for start-up; after a load the app collects once and freezes what is alive
(`keep_out_of_full_collections`), so later full collections, as a visitor types, do not walk the
listings either (150 ms and more at 20,000 meetings). Reference counting frees as usual.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


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
