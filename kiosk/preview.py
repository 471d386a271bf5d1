"""Screenshots of any view without a terminal: `kiosk screenshot` and documentation images.

The app runs headless at the requested size with the given clock (pin it for repeatable
pictures), opens the view, waits until nothing is left to lay out or draw, and exports SVG.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from kiosk.app import KioskApp
from kiosk.clock import Clock
from kiosk.store import Store
from kiosk.watch import Reading

SETTLE_ROUNDS = 5  # QR codes size themselves after the first layout, and the detail's scroll hint
# comes or goes after that: let a few frames pass


async def capture_svg(
    store: Store, clock: Clock, view: str, size: tuple[int, int], reading: Reading | None = None
) -> str:
    """The SVG of `view` ("loop", "today", "browse", "program:SLUG", "meeting:ID") at `size`."""
    app = KioskApp(store, clock, kiosk_mode=True, open_view=view, first_reading=reading)
    async with app.run_test(size=size) as pilot:
        for _round in range(SETTLE_ROUNDS):
            await pilot.pause()
            await pilot.wait_for_scheduled_animations()
        return app.export_screenshot()


def save_screenshot(
    store: Store,
    clock: Clock,
    view: str,
    size: tuple[int, int],
    output: Path,
    reading: Reading | None = None,
) -> None:
    """Write the SVG screenshot of `view` to `output`; raises ValueError for an unknown view.

    `reading`: the file as the caller already read it, so it is not read twice."""
    svg = asyncio.run(capture_svg(store, clock, view, size, reading))
    output.write_text(svg, encoding="utf-8")
