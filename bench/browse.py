"""Browse latency on a large file: key to list, filter to list, and opening a detail with its QR.

The app runs headless under `run_test` (120x40). Keys are sent as the terminal driver sends
them (`driver.send_message`), not with `pilot.press`, which waits for the process to be idle
in 20 ms sleeps and would time its own waiting. The clock stops at the first frame that shows
the new state: `App._display` is wrapped to note when each frame is composed (Textual calls it
with the compositor's update, rendered before the call; headless it is not written to a
terminal). Key to list: from the key until a frame with the list's new rows (then checked,
untimed, against `filters.apply` over the week). Detail: from Enter on an online meeting's
row until a frame with its detail screen and the QR code laid out.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from textual import events
from textual.app import App
from textual.widgets import Input, Select, Static

from bench.figures import pinned_clock
from bench.floor import EchoApp
from kiosk.app import KioskApp
from kiosk.filters import apply
from kiosk.screens.browse import BrowseScreen
from kiosk.screens.meeting import MeetingScreen
from kiosk.store import Store
from kiosk.widgets.meeting_list import MeetingList
from kiosk.widgets.qr import QRCode

SIZE = (120, 40)
SEARCHES = ("palatine", "women", "library")
"""Typed one key at a time, then erased with backspace: every key is a sample."""
FILTERS = (("#filter-format", "online"), ("#filter-program", "refuge-recovery"),
           ("#filter-format", ""), ("#filter-program", ""))
POLL_SECONDS = 0.001
GIVE_UP_SECONDS = 10.0


@dataclass
class BrowseTimes:
    """Seconds per sample, and what the list showed (for the smoke test)."""

    keys: list[float] = field(default_factory=list)
    filters: list[float] = field(default_factory=list)
    details: list[float] = field(default_factory=list)
    row_counts: dict[str, int] = field(default_factory=dict)
    """Rows shown after each search text and filter, e.g. {"palatine": 812}."""


class Frames:
    """Notes the time of the first frame composed once `shows()` is true."""

    def __init__(self, app: App[object], give_up: float = GIVE_UP_SECONDS) -> None:
        self.give_up = give_up
        self.shows: Callable[[], bool] = lambda: False
        self.shown_at: float | None = None
        display = app._display

        def noting(*args: Any) -> None:
            display(*args)
            if self.shown_at is None and self.shows():
                self.shown_at = time.perf_counter()

        app._display = noting  # type: ignore[method-assign]

    async def time(self, act: Callable[[], object], shows: Callable[[], bool],
                   started_after_act: bool = False) -> float:
        """Seconds from `act()` (or from its return) to the first frame in which `shows()`."""
        self.shows, self.shown_at = shows, None
        started = time.perf_counter()
        act()
        started = time.perf_counter() if started_after_act else started
        while self.shown_at is None:
            if time.perf_counter() - started > self.give_up:
                raise RuntimeError("no frame ever showed the expected state")
            await asyncio.sleep(POLL_SECONDS)
        self.shows = lambda: False
        return self.shown_at - started


def press(app: App[object], key: str) -> None:
    """As the terminal driver delivers a key (what `pilot.press` does, minus its waiting)."""
    assert app._driver is not None
    event = events.Key(key, key if len(key) == 1 else None)
    event.set_sender(app)
    app._driver.send_message(event)


def week_list(app: KioskApp) -> MeetingList:
    return app.screen.query_one("#week-list", MeetingList)


async def time_list_update(app: KioskApp, frames: Frames, act: Callable[[], object]) -> float:
    """Seconds from `act` (a key, a filter) to a frame with new rows, which must be what the
    filter keeps."""
    before = week_list(app).rows
    seconds = await frames.time(act, lambda: week_list(app).rows is not before)
    browse = app.screen
    assert isinstance(browse, BrowseScreen)
    expected = [e.occurrence.id for e in apply(app.week_entries, browse.chosen)]
    if [o.id for o in week_list(app).rows] != expected:
        raise RuntimeError(f"the list does not show what {browse.chosen} keeps")
    return seconds


async def type_and_erase(app: KioskApp, frames: Frames, text: str, times: BrowseTimes) -> None:
    search = app.screen.query_one("#search", Input)
    for key in [*text, *["backspace"] * len(text)]:
        times.keys.append(await time_list_update(app, frames, lambda k=key: press(app, k)))
        if search.value == text:
            times.row_counts[text] = week_list(app).row_count


async def change_filters(app: KioskApp, frames: Frames, times: BrowseTimes) -> None:
    for selector, value in FILTERS:
        select = app.screen.query_one(selector, Select)

        def choose(select: Select[str] = select, value: str = value) -> None:
            select.value = value

        times.filters.append(await time_list_update(app, frames, choose))
        times.row_counts[f"{selector}={value}"] = week_list(app).row_count


def qr_shown(app: KioskApp, meeting_id: str) -> bool:
    screen = app.screen
    if not isinstance(screen, MeetingScreen) or screen.meeting_id != meeting_id:
        return False
    codes = screen.query(QRCode)
    return bool(codes) and codes.first().region.height > 0


async def open_details(app: KioskApp, frames: Frames, count: int, times: BrowseTimes) -> None:
    """Open `count` online meetings (each a different link, so no QR is cached) one by one."""
    browse = app.screen
    await time_list_update(app, frames, lambda: setattr(
        browse.query_one("#filter-format", Select), "value", "online"))
    listing = week_list(app)
    for row in range(count):
        listing.focus()
        listing.cursor = row
        meeting_id = listing.rows[row].id
        times.details.append(await frames.time(lambda: press(app, "enter"),
                                               lambda m=meeting_id: qr_shown(app, m)))
        await frames.time(lambda: press(app, "escape"), lambda: app.screen is browse)


async def measure_browse(path: Path, detail_count: int = 10,
                         searches: tuple[str, ...] = SEARCHES) -> BrowseTimes:
    """Every browse latency on the listings at `path`, in one app."""
    app = KioskApp(Store(path), pinned_clock(running=False))
    times = BrowseTimes()
    async with app.run_test(size=SIZE) as pilot:
        frames = Frames(app)
        await frames.time(lambda: press(app, "space"),
                          lambda: isinstance(app.screen, BrowseScreen))
        await pilot.pause()
        times.row_counts[""] = week_list(app).row_count
        app.screen.query_one("#search", Input).focus()
        for text in searches:
            await type_and_erase(app, frames, text, times)
        await change_filters(app, frames, times)
        await open_details(app, frames, detail_count, times)
    return times


async def measure_echo_floor(texts: tuple[str, ...] = SEARCHES) -> list[float]:
    """The floor of key to screen: the same keys, timed the same way, in `EchoApp`."""
    app = EchoApp()
    seconds: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        frames = Frames(app)
        await pilot.pause()
        search = app.query_one("#search", Input)
        echo = app.query_one("#echo", Static)
        for key in [key for text in texts for key in (*text, *["backspace"] * len(text))]:
            def echoed(before: str = search.value) -> bool:
                return search.value != before and str(echo.content) == search.value

            seconds.append(await frames.time(lambda k=key: press(app, k), echoed))
    return seconds
