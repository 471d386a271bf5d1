"""How long an import holds the writers' lock, at 1,000 and 4,000 changed meetings (issue 16).

Staff commands wait for the lock, so its hold time must grow linearly with the meetings an
import changes (it was quadratic: 1.3 s at 1,000, 22 s at 4,000). Each meeting of a generated
file is changed (its name), planned, then written with `commit_import`; the time between taking
and releasing the lock is measured. Growth per meeting ≤ 1.5× reads as linear.

    .venv/bin/python bench/import_lock.py [SIZES...]
"""

from __future__ import annotations

import dataclasses
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if __package__ in (None, ""):  # run as `python bench/import_lock.py`
    sys.path.insert(0, str(ROOT))

from bench.make_data import make_listings  # noqa: E402
from kiosk.interop.importing import commit_import, plan_import  # noqa: E402
from kiosk.store import Store  # noqa: E402

SIZES = (1_000, 4_000)


@contextmanager
def timing_the_lock(held: list[float]) -> Iterator[None]:
    """Store._locked, timed from taking the lock to releasing it."""
    locked = Store._locked

    @contextmanager
    def timed(self: Store) -> Iterator[None]:
        with locked(self):
            started = time.perf_counter()
            try:
                yield
            finally:
                held.append(time.perf_counter() - started)

    Store._locked = timed  # type: ignore[method-assign]
    try:
        yield
    finally:
        Store._locked = locked  # type: ignore[method-assign]


def lock_held(size: int, folder: Path) -> float:
    """Seconds the lock is held while an import changes every one of `size` meetings."""
    store = Store(folder / f"import-{size}.json")
    store.write_listings(make_listings(size, seed=1))
    listings = store.load()
    incoming = [dataclasses.replace(m, name=f"{m.name} (renamed)") for m in listings.meetings]
    plan = plan_import(listings, incoming, program_map={}, replace=False)
    held: list[float] = []
    with timing_the_lock(held):
        written = commit_import(store, plan)
    assert len(written.changed) == len(listings.meetings)
    return held[0]


def main(argv: list[str]) -> int:
    sizes = tuple(int(a) for a in argv) or SIZES
    with tempfile.TemporaryDirectory() as folder:
        seconds = {size: lock_held(size, Path(folder)) for size in sizes}
    for size, held in seconds.items():
        print(f"import lock held, {size:,} changed meetings: {held:.2f} s "
              f"({held / size * 1e6:.0f} µs per meeting)")
    small, large = min(seconds), max(seconds)
    growth = (seconds[large] / large) / (seconds[small] / small)
    print(f"per meeting, {large:,} vs {small:,}: {growth:.2f}× (≤ 1.5× is linear)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
