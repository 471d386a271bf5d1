"""Reload: from a write of the file (through `Store`) to the new data on screen, in a running app.

The app runs under Pilot with its real one-second tick (`KioskApp.tick` → `poll_data`, one
`stat()`; a changed file is read in a worker). So the figure is bounded by the tick: up to a
second of waiting for it, then the read (parse and validate the whole file), the screens'
refresh and a frame. The two-second "settled" rule of `kiosk.watch` does not delay the first
showing (an unsettled version is shown, and read again on later ticks), so each write here
waits for the previous version to settle first, as staff changes minutes apart would.

Two places a new meeting shows: on the attract loop (where the kiosk spends its day: the first
frame after the loop has rebuilt its slides from listings that hold the meeting), and in
browse mode, where a visitor searching for its name sees the list gain the row.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from bench.browse import Frames, week_list
from bench.figures import pinned_clock
from kiosk.app import KioskApp
from kiosk.model import Meeting
from kiosk.screens.browse import BrowseScreen
from kiosk.screens.loop import TODAY_SLIDE_ID, LoopScreen
from kiosk.store import Store
from kiosk.watch import SETTLE_NS

SIZE = (120, 40)
NAME = "Lantern Circle"
GIVE_UP_SECONDS = 30.0


def new_meeting(number: int) -> Meeting:
    """A Tuesday evening meeting, so it is today's and in this week's list."""
    return Meeting(id=f"lantern-circle-{number}", name=f"{NAME} {number}",
                   program="smart-recovery", day=2, time="20:30", end_time="21:30",
                   attendance_option="in_person", location="Lakeside Peer Support Center",
                   room="Room 4")


def on_loop(app: KioskApp, number: int) -> Callable[[], bool]:
    """True once the loop shows slides rebuilt from listings with meeting `number`."""
    loop = app.screen_stack[0]
    assert isinstance(loop, LoopScreen)
    before = loop.switcher.get_child_by_id(TODAY_SLIDE_ID)

    def shown() -> bool:
        today = loop.switcher.query(f"#{TODAY_SLIDE_ID}")
        return (app.listings.meeting(new_meeting(number).id) is not None
                and bool(today) and today.first() is not before and today.first().is_mounted)

    return shown


def in_browse(app: KioskApp, number: int) -> Callable[[], bool]:
    """True once the visitor's search for `NAME` lists `number` meetings."""
    return lambda: week_list(app).row_count == number


async def open_browse_search(app: KioskApp, pilot: Pilot[None], frames: Frames) -> None:
    """Browse mode, settled (its tabs mounted), searching for the new meetings' name."""
    await pilot.press("space")
    await pilot.pause()
    assert isinstance(app.screen, BrowseScreen)
    app.screen.query_one("#search", Input).value = NAME
    await frames.time(lambda: None, in_browse(app, 0))


async def measure_reload(path: Path, writes: int, where: str = "loop") -> list[float]:
    """Seconds from each `Store.add` returning to the new meeting on screen (`where`: "loop"
    or "browse")."""
    store = Store(path)
    app = KioskApp(Store(path), pinned_clock())
    shown = on_loop if where == "loop" else in_browse
    seconds: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        frames = Frames(app, give_up=GIVE_UP_SECONDS)
        await pilot.pause()
        if where == "browse":
            await open_browse_search(app, pilot, frames)
        for number in range(1, writes + 1):
            await asyncio.sleep(SETTLE_NS / 1e9 + 0.5)  # the previous version has settled
            rebuilt = on_loop(app, number)
            seconds.append(await frames.time(lambda n=number: store.add(new_meeting(n)),
                                             shown(app, number), started_after_act=True))
            await until(pilot, rebuilt)  # every screen done with it, before a write or the end
    return seconds


async def until(pilot: Pilot[None], done: Callable[[], bool]) -> None:
    """Untimed: wait for the app to finish (leaving while a screen still rebuilds would end it
    mid-rebuild, an error of the bench, not the kiosk)."""
    deadline = asyncio.get_running_loop().time() + GIVE_UP_SECONDS
    while not done():
        if asyncio.get_running_loop().time() > deadline:
            raise RuntimeError("the app never finished showing the new listings")
        await pilot.pause(0.05)
    await pilot.pause()
