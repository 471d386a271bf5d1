"""`KioskApp`: the attract loop, browse mode, the clock tick and the idle timeout.

The app owns the data and the time; screens only present them:

* `listings`, `schedule`, `today`, `week` and `week_entries` are rebuilt when the data file
  changes (and the week again when the date rolls over); each change is announced to the
  screens with `ListingsChanged` / `DayChanged` from `kiosk.messages`.
* `now()` reads the injected `Clock`, never the wall clock. `tick()` runs once a second: it
  checks the data file (`poll_data`), posts `ClockTick` to the active screen, rolls the date
  over at midnight in the clock's zone, and counts `idle_seconds` (reset by any key or mouse
  input) to return to the loop.

The data file (see `kiosk.watch`): each tick costs one `stat()`; a changed file is parsed in a
worker thread (`read_data`) and shown if it can be read. If it cannot, the last good listings
stay and `data_notice` tells staff in the footers. At start-up a bad file falls back to its
backup; with neither readable, `NoDataScreen` explains it until the file is fixed. A visitor
keeps their place across a reload, unless the meeting or program they look at is gone.

A followed feed (``feed_url``): the tick also checks it when due (`poll_feed`, in a worker
thread; see `kiosk.interop.follow`). What it imports is written through the store and shown like
any other change of the file; a failed check keeps the listings and adds to `data_notice`.

Screens: `LoopScreen` (id "loop", the default screen), `BrowseScreen` ("browse", kept for the
app's life and reset when a visitor leaves), `ProgramScreen` ("program", new each time) and
`MeetingScreen` ("meeting", one kept for the app's life and filled in for each meeting before it
is shown), pushed on top of browse.

Running unattended (see docs/deployment.md): in kiosk mode no key quits, suspends or opens
anything but the kiosk's own screens. Staff leave with the staff exit key sequence and the PIN
(`kiosk.staff`, `StaffExitScreen`); SIGTERM and SIGHUP stop the kiosk cleanly. Each tick also
works out the quiet hours (`quiet_until`, followed by the loop) and the burn-in position
(`DisplayApp.burn_in_position`). What happens is logged (`kiosk.logs`), never shown.
"""

from __future__ import annotations

import asyncio
import io
import logging
import signal
import threading
import time
from datetime import date, datetime
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import Console, RenderableType
from textual import events, work
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import Worker, WorkerState

from kiosk.clock import Clock
from kiosk.collector import (
    HOLD_SECONDS,
    full_collections_held,
    hold_full_collections,
    keep_out_of_full_collections,
    release_full_collections,
)
from kiosk.display import DisplayApp
from kiosk.filters import WeekEntry, index_week
from kiosk.i18n import N_
from kiosk.logs import log
from kiosk.messages import (
    ClockTick,
    DataNoticeChanged,
    DataRead,
    DayChanged,
    FeedChecked,
    ListingsChanged,
    QuietHoursChanged,
    StaffPinEntered,
)
from kiosk.model import Event, Listings, Meeting
from kiosk.schedule import Occurrence, Schedule, quiet_hours_end
from kiosk.screens.base import KioskScreen
from kiosk.screens.loop import TODAY_SLIDE_ID, LoopScreen
from kiosk.screens.no_data import NoDataScreen
from kiosk.screens.staff_exit import PROMPT_IDLE_SECONDS, StaffExitScreen
from kiosk.staff import StaffExit
from kiosk.store import DataFileError, Store, followed_feed
from kiosk.watch import (
    NOTICE_MARK,
    DataNotice,
    DataWatch,
    Reading,
    no_data_text,
    notice_for,
)

if TYPE_CHECKING:  # imported when first needed: not on the way to the first frame
    from kiosk.interop.follow import FeedFollower
    from kiosk.screens.browse import BrowseScreen
    from kiosk.screens.meeting import MeetingScreen

PLAIN_VIEWS = ("loop", "today", "browse")
RECORD_VIEWS = ("program", "meeting")  # followed by ":SLUG" or ":ID"
TICK_SECONDS = 1.0
INPUT_PAUSE_TICKS = 2
"""Ticks without input after which held full collections may run (`kiosk.collector`)."""
SNAPSHOT_AFTER_TICKS = 30
"""Ticks of the loop after a reload before its snapshot is kept (`KioskApp._keep_snapshot`)."""
STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)
"""`systemctl stop` (SIGTERM) and a closed terminal (SIGHUP) stop the kiosk cleanly."""
LOGGED_PROBLEMS = 20
STAFF_EXIT_STATUS = 3
"""`kiosk run`'s exit status after a staff exit, so the service does not start it again
(deploy/kiosk.service: RestartPreventExitStatus=3); any other stop, it does."""
PANIC_STATUS = 1
"""`kiosk run`'s exit status when Textual gives up on an error (`KioskApp.panic`)."""

def parse_view(view: str) -> tuple[str, str]:
    """ "meeting:ID" → ("meeting", "ID"), "browse" → ("browse", ""); else ValueError."""
    kind, _sep, target = view.partition(":")
    if kind in PLAIN_VIEWS and not target:
        return kind, ""
    if kind in RECORD_VIEWS and target:
        return kind, target
    raise ValueError(
        f"unknown view {view!r}: use loop, today, browse, program:SLUG or meeting:ID"
    )


SCREEN_CSS = sorted((Path(__file__).parent / "screens").glob("*.tcss"))
"""Every screen's own CSS file, for the app to read up front: Textual parses all the CSS again
(10-15 ms) whenever a screen brings a file it has not read yet, the first detail a visitor
opens included."""


def breakpoint_classes(size: Size, horizontal: list[tuple[int, str]],
                       vertical: list[tuple[int, str]]) -> dict[str, bool]:
    """Each breakpoint class, and whether a screen of `size` has it: in each list, the one of
    the largest width (height) `size` reaches, as Textual sets them on a resize."""
    classes = {name: False for _threshold, name in (*horizontal, *vertical)}
    for length, points in ((size.width, horizontal), (size.height, vertical)):
        reached = [(threshold, name) for threshold, name in points if length >= threshold]
        if reached:
            classes[max(reached)[1]] = True
    return classes


class KioskApp(DisplayApp):
    """The lobby kiosk. In kiosk mode nothing quits it from the keyboard.

    Its theme, large text and language (and their staff and visitor keys) come from
    `DisplayApp`, which follows the settings each time the listings are read.
    """

    CSS_PATH: ClassVar[list[str | PurePath]] = [
        "app.tcss",
        "display.tcss",  # high contrast, large text
        *SCREEN_CSS,
    ]
    ENABLE_COMMAND_PALETTE = False
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (120, "-wide")]
    VERTICAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-short"), (40, "-tall")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", N_("Quit"), show=False, priority=True),
    ]

    data_notice: reactive[DataNotice | None] = reactive(None)
    """What staff should know about the data file (a mark in the footers; in full at the
    staff PIN prompt), or None."""

    quiet_until: reactive[datetime | None] = reactive(None)
    """When the quiet hours now going on end (the loop shows only its calm slide), or None."""

    def __init__(
        self,
        store: Store,
        clock: Clock,
        *,
        kiosk_mode: bool = True,
        open_view: str | None = None,
        first_reading: Reading | None = None,
        feed_follower: FeedFollower | None = None,
    ) -> None:
        """`first_reading`: the file as the caller already read it (for the clock's zone), so
        a big file is not parsed and validated twice before the first frame. `feed_follower`:
        one with shorter minutes, for tests."""
        super().__init__()
        self.store = store
        self.clock = clock
        self.kiosk_mode = kiosk_mode
        self.open_view = parse_view(open_view or "loop")
        self.idle_seconds = 0
        """Ticks since the last key or mouse input; the loop is shown at the idle timeout."""
        self._ticks_without_input = 0
        self._held_ticks = 0
        """Ticks full collections have been held (`kiosk.collector`)."""
        self.listings = Listings()
        self.schedule = Schedule(self.listings, zone=clock.zone)
        self.today: date = clock.now().date()
        self._week: list[tuple[date, list[Occurrence]]] | None = []
        self._week_entries: list[WeekEntry] | None = []
        self._browse: BrowseScreen | None = None
        self._meeting: MeetingScreen | None = None
        self.tick_timer: Timer | None = None
        """The one-second timer calling `tick`; tests pause it and call `tick` themselves."""
        self.data_watch = DataWatch(store)
        self._reading: Worker[None] | None = None
        self._have_listings = False
        """False until a file (or backup) was read: `NoDataScreen` is shown meanwhile."""
        self._start_error: DataFileError | None = None
        self.staff_exit = StaffExit()
        """The staff exit key sequence and PIN, from the settings."""
        self._feed_follower = feed_follower
        self._feed_check: Worker[None] | None = None
        self._feed_followed: tuple[object, ...] | None = None
        self._file_notice: DataNotice | None = None
        self._feed_notice: DataNotice | None = None
        self._unkept: Reading | None = None
        """A reading validated afresh whose snapshot is not kept yet."""
        self._unkept_ticks = 0
        reading = first_reading or self.data_watch.read_at_start()
        self._apply(reading, changed=True)
        self._rest = reading.rest
        """The rest of a first reading that holds only today's meetings: read after the first
        frame (`_read_rest`), or now if the kiosk starts on more than Today."""
        if self.open_view[0] not in ("loop", "today") or self.quiet_until is not None:
            self._read_rest()  # the quiet slide names a later day's first meeting
        if self._have_listings:
            self._check_view_target()

    # -- data -------------------------------------------------------------------------

    def _use(self, listings: Listings, collect: bool = True) -> None:
        """Show `listings`; `collect`: if running, collect and freeze after them."""
        self.listings = listings
        self.schedule = Schedule(self.listings, zone=self.clock.zone)
        self.title = self.listings.settings.org_name
        self.follow_settings(self.listings.settings)
        settings = self.listings.settings
        self.staff_exit.follow(settings.staff_exit_key, settings.staff_pin_hash)
        self._build_week(self.now().date())
        self._follow_clock(self.now())
        if self.is_running and collect:  # the first listings: once the first frame is up
            keep_out_of_full_collections()  # (`on_ready`)

    def _build_week(self, today: date) -> None:
        """The week from `today`, for browse: now if the app is running; at start-up when
        first asked for, or after the first frame (`on_ready`), which shows only today (the
        week costs about 0.5 s with 20,000 meetings)."""
        self.today = today
        self._week = self._week_entries = None
        if self.is_running:
            self._index_week()

    def _index_week(self) -> None:
        self._read_rest()  # the week needs every meeting, not only today's
        if self._week is None or self._week_entries is None:
            self._week = self.schedule.week(self.today)
            self._week_entries = index_week(self._week, self.listings,
                                            self.schedule.by_appointment)

    @property
    def week(self) -> list[tuple[date, list[Occurrence]]]:
        """Each day from `today` for seven days, with its occurrences."""
        self._index_week()
        assert self._week is not None
        return self._week

    @property
    def week_entries(self) -> list[WeekEntry]:
        """The week's occurrences indexed for browse's filters (`kiosk.filters`)."""
        self._index_week()
        assert self._week_entries is not None
        return self._week_entries

    def reload_listings(self) -> None:
        """Read the file now, on this thread, and show it (the tick does this in a worker)."""
        reading = self.data_watch.read()
        self._apply(reading, changed=reading.listings != self.listings)

    def poll_data(self) -> None:
        """Once a tick: one `stat()` of the file; if it changed, read it in a worker thread."""
        if self._reading is not None and not self._reading.is_finished:
            return
        if self.data_watch.poll():
            self._reading = self.read_data()

    @work(thread=True, group="data", exit_on_error=False)
    def read_data(self) -> None:
        """Parse and validate off the app's thread, so a big file never stalls the screen."""
        shown = self.listings
        reading = self.data_watch.read()
        changed = reading.listings is not None and reading.listings != shown
        self.post_message(DataRead(reading, changed))

    def on_data_read(self, message: DataRead) -> None:
        self._apply(message.reading, message.changed)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A read that failed unexpectedly is a data problem to report, never a crash."""
        worker = event.worker
        if worker.group == "data" and event.state == WorkerState.ERROR:
            error = DataFileError(self.store.path, f"could not be read: {worker.error!r}")
            self._apply(Reading(self.store.stamp(), True, None, error), changed=False)

    def _read_rest(self) -> None:
        """All the listings, where the first frame had only today's (`Reading.rest`)."""
        if self._rest is not None:
            rest, self._rest = self._rest, None
            self._apply(rest(), changed=True, starting=True)

    def _apply(self, reading: Reading, changed: bool, *, starting: bool = False) -> None:
        """Show what a read found: new listings if it could be read, and the staff notice.

        `starting`: the rest of the first reading, taken as the first frame is drawn. Screens
        are told only if its bytes were validated afresh (the file changed with its stamp
        unchanged, or the snapshot went): else what they show of today came from the same
        file. `on_ready` collects once all is built, so this does not."""
        self.data_watch.mark_read(reading)
        showing_older = self._have_listings
        if reading.error is not None:
            log.warning("data file problem: %s", reading.error)
        if reading.listings is not None:
            self._have_listings = True
            if changed:
                self._use(reading.listings, collect=not starting)
                self._log_listings(reading.listings)
                if self.is_running and (not starting or reading.fresh is not None):
                    self._leave_gone_records()
                    self._post_to_screens(ListingsChanged)
            if (no_data := self._no_data_screen) is not None:
                no_data.dismiss()
        elif not self._have_listings:
            self._start_error = reading.error
            if (no_data := self._no_data_screen) is not None and reading.error is not None:
                no_data.show(no_data_text(reading.error, self.store.path))
        self._file_notice = notice_for(reading, showing_older)
        self._show_notices()
        if reading.fresh is not None:
            self._unkept = reading
            self._unkept_ticks = 0

    def _keep_snapshot(self) -> None:
        """Keep the last reading validated afresh for the next start-up (`kiosk.snapshot`),
        in a worker thread: at start-up after the first frame (`on_ready`); after a reload
        once the loop has shown for `SNAPSHOT_AFTER_TICKS` (pickling 20,000 meetings holds the
        GIL for about 0.2 s: not while the new listings are drawn, nor on a visitor's keys)."""
        if self._unkept is not None:
            self.keep_snapshot(self._unkept)
            self._unkept = None

    @work(thread=True, group="snapshot", exit_on_error=False)
    def keep_snapshot(self, reading: Reading) -> None:
        self.data_watch.keep_snapshot(reading)

    @staticmethod
    def _log_listings(listings: Listings) -> None:
        log.info("listings read: %d programs, %d meetings, %d events, %d problems",
                 len(listings.programs), len(listings.meetings), len(listings.events),
                 len(listings.problems))
        for problem in listings.problems[:LOGGED_PROBLEMS]:
            log.warning("data: %s", problem)

    @property
    def _no_data_screen(self) -> NoDataScreen | None:
        top = self.screen_stack[-1] if self.screen_stack else None
        return top if isinstance(top, NoDataScreen) else None

    def _leave_gone_records(self) -> None:
        """A visitor on a meeting or program that is no longer listed goes back one level."""
        while isinstance(self.screen, KioskScreen) and self.screen.record_gone:
            self.pop_screen()

    def _check_view_target(self) -> None:
        kind, target = self.open_view
        if kind == "program" and self.listings.program(target) is None:
            raise ValueError(f"no program with slug {target!r}")
        if kind == "meeting" and self.find_gathering(target) is None:
            raise ValueError(f"no meeting or event with id {target!r}")

    def find_gathering(self, gathering_id: str) -> Meeting | Event | None:
        """The meeting, or else the one-off event, with this id."""
        meeting = self.listings.meeting(gathering_id)
        if meeting is not None:
            return meeting
        return next((e for e in self.listings.events if e.id == gathering_id), None)

    def screens_to_tell(self) -> list[Screen[Any]]:
        """The stack, and browse and the meeting detail off it too: they stay installed for
        the next visitor (the detail fills itself in again when it is shown)."""
        screens = super().screens_to_tell()
        for kept in (self._browse, self._meeting):
            if kept is not None and kept not in screens and kept.is_mounted:
                screens.append(kept)
        return screens

    def watch_quiet_until(self, until: datetime | None) -> None:
        self._post_to_screens(lambda: QuietHoursChanged(until))

    def watch_data_notice(self, notice: DataNotice | None) -> None:
        self._post_to_screens(lambda: DataNoticeChanged(notice))

    # -- following a feed -----------------------------------------------------------

    @property
    def feed_follower(self) -> FeedFollower:
        """Made when a feed is first followed: most kiosks follow none, and the importer's
        rules it brings take a first frame's time to import."""
        if self._feed_follower is None:
            from kiosk.interop.follow import FeedFollower

            self._feed_follower = FeedFollower()
        return self._feed_follower

    def poll_feed(self) -> None:
        """Once a tick: check the settings' feed in a worker thread if a check is due. New
        feed settings (a staff change, read like any other) make a check due at once."""
        if self._feed_check is not None and not self._feed_check.is_finished:
            return  # the follower is used by one thread at a time
        settings = self.listings.settings
        url = followed_feed(settings)
        followed = (url, settings.feed_interval_minutes, settings.feed_allow_private)
        if followed != self._feed_followed:
            self._feed_followed = followed
            if self._feed_follower is not None:
                self._feed_follower.next_poll_at = None
            if url is None:
                self._feed_notice = None
                self._show_notices()
        if url is not None and self.feed_follower.due(time.monotonic()):
            self._feed_check = self.check_feed()

    @work(thread=True, group="feed", exit_on_error=False)
    def check_feed(self) -> None:
        """Fetch and import off the app's thread (`FeedFollower.poll` never raises)."""
        self.post_message(FeedChecked(self.feed_follower.poll(self.store, time.monotonic())))

    def on_feed_checked(self, message: FeedChecked) -> None:
        """Log what the check did; staff see a failed one (or skipped records) in the footer
        until a check goes well. What it imported, the file watch shows."""
        result = message.result
        if result.status in ("off", "waiting"):
            return
        log.log(logging.WARNING if result.needs_attention else logging.INFO,
                "feed: %s", result.message)
        self._feed_notice = (DataNotice(f"{NOTICE_MARK} {result.message}", result.message)
                             if result.needs_attention else None)
        self._show_notices()

    def _show_notices(self) -> None:
        """The footer's notice: the data file's first, then the feed's."""
        file, feed = self._file_notice, self._feed_notice
        if file is not None and feed is not None:
            self.data_notice = DataNotice(file.short, f"{file.full}\n\n{feed.full}")
        else:
            self.data_notice = file or feed

    # -- time -------------------------------------------------------------------------

    def now(self) -> datetime:
        """The time in the kiosk's zone, from the injected clock."""
        return self.clock.now()

    async def tick(self) -> None:
        """Once a second: check the data file, roll the date over, tell the screen the time,
        check for idleness."""
        if not self.screen_stack:  # a last tick while the app shuts down: nothing to show on
            return
        self._follow_input_pause()
        if self._unkept is not None and isinstance(self.screen, LoopScreen):
            self._unkept_ticks += 1
            if self._unkept_ticks >= SNAPSHOT_AFTER_TICKS:
                self._keep_snapshot()
        self.poll_data()
        self.poll_feed()
        now = self.now()
        if now.date() != self.today:
            self._build_week(now.date())
            self._post_to_screens(DayChanged)
        self._follow_clock(now)
        self.screen.post_message(ClockTick(now))
        if isinstance(self.screen, LoopScreen | NoDataScreen):
            return
        self.idle_seconds += 1
        if isinstance(self.screen, StaffExitScreen) and self.idle_seconds >= PROMPT_IDLE_SECONDS:
            self.screen.dismiss()
        elif self.idle_seconds >= self.listings.settings.idle_timeout_seconds:
            await self.return_to_loop()

    def _follow_input_pause(self) -> None:
        """Let held full collections run once input pauses, or has gone on for long."""
        self._ticks_without_input += 1
        if full_collections_held():
            self._held_ticks += 1
            if (self._ticks_without_input >= INPUT_PAUSE_TICKS
                    or self._held_ticks >= HOLD_SECONDS / TICK_SECONDS):
                release_full_collections()

    def _follow_clock(self, now: datetime) -> None:
        """What the time decides besides the screens' text: quiet hours and burn-in."""
        settings = self.listings.settings
        self.quiet_until = quiet_hours_end(
            now, settings.quiet_hours_start, settings.quiet_hours_end, self.clock.zone
        )
        self.follow_burn_in(now, settings.burn_in_shift_minutes)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.MouseEvent) and not event.is_forwarded:
            self.idle_seconds = 0
            self._ticks_without_input = 0
            if not full_collections_held():
                self._held_ticks = 0
                hold_full_collections()  # none lands on a visitor's key (`kiosk.collector`)
            if isinstance(event, events.Key) and self._staff_key(event.key):
                return  # the key completing the staff sequence does nothing else
        await super().on_event(event)

    # -- staff exit -------------------------------------------------------------------

    def _staff_key(self, key: str) -> bool:
        """Follow the staff exit sequence; its last key opens the PIN prompt."""
        if isinstance(self.screen, StaffExitScreen) or not self.is_running or self.is_web:
            return False  # in a browser (`kiosk serve`) no one leaves: no PIN to brute-force
        if not self.staff_exit.key(key, self.now()):
            return False
        if not self.staff_exit.needs_pin:
            log.warning("staff exit key sequence with no staff PIN set: the kiosk stops")
            self.exit(return_code=STAFF_EXIT_STATUS)
            return True
        log.info("staff exit key sequence: asking for the PIN")
        self.push_screen(StaffExitScreen())
        return True

    def on_staff_pin_entered(self, message: StaffPinEntered) -> None:
        """The right PIN quits; a wrong one closes the prompt (three in a row lock it)."""
        if isinstance(self.screen, StaffExitScreen):
            self.screen.dismiss()
        now = self.now()
        if self.staff_exit.try_pin(message.pin, now):
            log.info("staff exit with the PIN: the kiosk stops")
            self.exit(return_code=STAFF_EXIT_STATUS)
        elif self.staff_exit.locked(now):
            log.warning("wrong staff PIN: the prompt is locked until %s",
                        self.staff_exit.locked_until)
        else:
            log.warning("wrong staff PIN")

    def panic(self, *renderables: RenderableType) -> None:
        """Textual's way out of an error it cannot go on from (its input thread's, say): the
        error goes to the log, and the status is not 0, so the kiosk's service restarts it."""
        console = Console(file=io.StringIO(), width=120, color_system=None)
        for renderable in renderables:
            console.print(renderable)
        log.error("the kiosk stops on an unexpected error:\n%s", console.file.getvalue())
        self.exit(return_code=PANIC_STATUS)
        super().panic(*renderables)

    def _stop_on_signal(self, signum: int) -> None:
        log.info("stopped by %s", signal.Signals(signum).name)
        self.exit(return_code=0)

    # -- navigation -------------------------------------------------------------------

    def get_default_screen(self) -> Screen[Any]:
        """The loop. Its CSS is read up front with the others (`CSS_PATH`): as a mode's screen
        it would make Textual parse all the CSS once more before the first frame. It starts
        with the breakpoint classes of the app's size, which its first resize would otherwise
        add to a screen already styled and laid out, doing both again (about 20 ms)."""
        screen = LoopScreen()
        screen.update_classes(breakpoint_classes(self.size, self.HORIZONTAL_BREAKPOINTS,
                                                 self.VERTICAL_BREAKPOINTS), update=False)
        return screen

    def on_ready(self) -> None:
        """After the first frame, what it did not need: the loop's other slides and the week,
        then the first full collection (20-40 ms; freezing after it keeps all those out of
        later ones)."""
        self.call_after_refresh(self._read_rest)
        self.call_after_refresh(self.loop_screen.mount_remaining_slides)
        self.call_after_refresh(self._index_week)
        self.call_after_refresh(keep_out_of_full_collections)
        self.call_after_refresh(self._keep_snapshot)

    def on_mount(self) -> None:
        log.info("kiosk started on %s (kiosk mode %s)", self.store.path,
                 "on" if self.kiosk_mode else "off")
        self._handle_stop_signals(install=True)
        self.tick_timer = self.set_interval(TICK_SECONDS, self.tick)
        if not self._have_listings:
            assert self._start_error is not None
            self.push_screen(NoDataScreen(no_data_text(self._start_error, self.store.path)))
            return
        kind, target = self.open_view
        if kind == "today":  # once the loop (the default screen) has composed its slides
            self.call_after_refresh(self.loop_screen.show_slide, TODAY_SLIDE_ID)
        if kind in ("browse", "program", "meeting"):
            self.action_browse()
        if kind == "program":
            self.show_program(target)
        if kind == "meeting":
            self.show_meeting(target)

    @property
    def loop_screen(self) -> LoopScreen:
        screen = self.screen_stack[0]
        assert isinstance(screen, LoopScreen)
        return screen

    @property
    def browse_screen(self) -> BrowseScreen:
        """The one browse screen, made on first use and reset each time a visitor leaves."""
        if self._browse is None:
            from kiosk.screens.browse import BrowseScreen  # a visitor's first key imports it

            self._browse = BrowseScreen()
            self.install_screen(self._browse, "browse")
        return self._browse

    def action_browse(self) -> None:
        """Leave the loop for browse mode (any key or tap on the loop)."""
        self.idle_seconds = 0
        if isinstance(self.screen, LoopScreen):
            self.push_screen(self.browse_screen)

    def show_program(self, slug: str) -> None:
        if not self._showing("program"):
            from kiosk.screens.program import ProgramScreen  # not before the first frame

            self.push_screen(ProgramScreen(slug))

    @property
    def meeting_screen(self) -> MeetingScreen:
        """The one meeting detail, made on first use and filled in for each meeting opened."""
        if self._meeting is None:
            from kiosk.screens.meeting import MeetingScreen  # not before the first frame

            self._meeting = MeetingScreen()
            self.install_screen(self._meeting, "meeting")
        return self._meeting

    def show_meeting(self, gathering_id: str) -> None:
        if not self._showing("meeting"):
            screen = self.meeting_screen
            screen.show(gathering_id)  # before it is pushed: its first frame shows this one
            self.push_screen(screen)

    def _showing(self, screen_id: str) -> bool:
        """Whether that view is already open: a second Enter (or a tap and an Enter) in one
        burst of input chooses again before the first detail is up, and must not open a
        second one with the same id."""
        return any(screen.id == screen_id for screen in self.screen_stack)

    async def return_to_loop(self) -> None:
        """Back to the attract loop with browse cleared, so the next visitor starts fresh."""
        self.idle_seconds = 0
        while not isinstance(self.screen, LoopScreen):
            await self.pop_screen()
        if self._browse is not None:
            self._browse.reset()
        self.restore_language()
        self.loop_screen.restart()

    def on_unmount(self) -> None:
        release_full_collections()
        self._handle_stop_signals(install=False)
        log.info("kiosk stopped")

    def _handle_stop_signals(self, install: bool) -> None:
        """SIGTERM and SIGHUP exit through Textual, which puts the terminal back as it was
        (by default they would kill the process mid-frame). Only the main thread can."""
        if threading.current_thread() is not threading.main_thread():
            return
        loop = asyncio.get_running_loop()
        for signum in STOP_SIGNALS:
            if install:
                loop.add_signal_handler(signum, self._stop_on_signal, signum)
            else:
                loop.remove_signal_handler(signum)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """In kiosk mode the quit binding is off: staff leave with the PIN (`staff_exit`)."""
        if action == "quit":
            return not self.kiosk_mode
        return super().check_action(action, parameters)
