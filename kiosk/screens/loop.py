"""The attract loop: slides cycle on their own until a visitor presses a key or taps.

Slides are built once per data load inside a ContentSwitcher (at start-up the first one for
the first frame, the rest just after it); changing slide only switches which one is displayed
(no remounting), so nothing flickers. They are built again, Today first, when the language
or the large-text layout changes; in "alternate" language mode (`kiosk.display`) that happens
after each full cycle.

During the quiet hours (the app's `quiet_until`, checked on mount, then each
`QuietHoursChanged`) the loop shows only `QuietSlide`, "See you tomorrow" with the next day's
first meeting, and goes back to Today when they end. A key or a tap still opens browse mode.
"""

from __future__ import annotations

import asyncio
from datetime import datetime

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import ContentSwitcher, Static

from kiosk.display import LANGUAGE_KEY
from kiosk.i18n import LANGUAGE_NAMES, LANGUAGES, _
from kiosk.messages import LargeTextChanged, QuietHoursChanged
from kiosk.screens.base import KioskScreen
from kiosk.widgets.crisis_line import CrisisLine
from kiosk.widgets.slides import PageSlide, ProgramSlide, QuietSlide, Slide, TodaySlide
from kiosk.widgets.staff_notice import StaffNotice

TODAY_SLIDE_ID = "slide-today"
QUIET_SLIDE_ID = "slide-quiet"


class LoopScreen(KioskScreen):
    """Slides: Today, then each information page, then each program, every `dwell_seconds`."""

    CSS_PATH = "loop.tcss"
    AUTO_FOCUS = ""

    def __init__(self) -> None:
        super().__init__(id="loop")
        self.slide_timer: Timer | None = None
        """Calls `action_next_slide` every `dwell_seconds`; paused while a visitor browses."""
        self._rebuild = asyncio.Lock()
        """Held while the slides are rebuilt: one rebuild at a time, and no slide is shown
        from a half-built set (ctrl+l, then Escape, in one burst of keys)."""
        self._starting = True
        """Until `mount_remaining_slides`: only the first slide is there."""
        self._asked_while_starting: str | None = None
        """A slide asked for before it was there (quiet hours beginning at once): shown then."""

    def compose(self) -> ComposeResult:
        yield self.make_header()
        # Only the slide the loop starts on: the first frame waits for no other slide (the app
        # calls `mount_remaining_slides` once it is drawn).
        first = next(slide for slide in self._make_slides() if slide.id == self.first_slide_id)
        yield ContentSwitcher(first, id="slides", initial=first.id)
        with Horizontal(id="loop-footer"):
            yield CrisisLine(id="crisis-line")
            yield StaffNotice()
            with Horizontal(id="loop-hints"):
                yield Static(_("Press any key or tap to browse"), id="browse-hint")
                yield Static(self._language_hint(), id="language-hint")

    def _make_slides(self) -> list[Slide]:
        listings = self.kiosk.listings
        large = self.kiosk.large_text
        slides: list[Slide] = [TodaySlide(id=TODAY_SLIDE_ID, large=large)]
        slides += [PageSlide(page, id=f"slide-page-{page.slug}", large=large)
                   for page in sorted(listings.pages, key=lambda p: p.order)]
        slides += [ProgramSlide(program, id=f"slide-program-{program.slug}", large=large)
                   for program in sorted(listings.programs, key=lambda p: p.order)]
        return [*slides, QuietSlide(id=QUIET_SLIDE_ID)]

    def _language_hint(self) -> str:
        """ " · Español: E": the other language, named in itself, and the key that opens
        browse in it. A Static of its own, so that where the footer is short of room the
        browse hint beside it is cut, never this."""
        return f" · {LANGUAGE_NAMES[self._other_language()]}: {LANGUAGE_KEY.upper()}"

    def _other_language(self) -> str:
        return next(code for code in LANGUAGES if code != self.kiosk.language)

    def on_mount(self) -> None:
        self._start_timer()
        self.refresh_time(self.kiosk.now())
        self._quiet_changed(self.kiosk.quiet_until)

    def _start_timer(self) -> None:
        if self.slide_timer is not None:
            self.slide_timer.stop()
        dwell = max(1, self.kiosk.listings.settings.dwell_seconds)
        self.slide_timer = self.set_interval(dwell, self.action_next_slide)

    # -- slides -----------------------------------------------------------------------

    @property
    def switcher(self) -> ContentSwitcher:
        return self.query_one("#slides", ContentSwitcher)

    @property
    def slide_ids(self) -> list[str]:
        """The slides the loop cycles through (not the quiet hours' slide)."""
        return [slide.id for slide in self.switcher.query_children(Slide)
                if slide.id and slide.id != QUIET_SLIDE_ID]

    @property
    def first_slide_id(self) -> str:
        """Where the loop starts: Today, or the quiet slide during the quiet hours."""
        return TODAY_SLIDE_ID if self.kiosk.quiet_until is None else QUIET_SLIDE_ID

    @property
    def current_slide(self) -> Slide | None:
        return self.switcher.visible_content if isinstance(
            self.switcher.visible_content, Slide
        ) else None

    def show_slide(self, slide_id: str) -> None:
        """Display one slide (by id), brought up to date before it appears."""
        if self._rebuild.locked():
            return  # the rebuild ends by showing the first slide
        if self._starting and all(child.id != slide_id for child in self.switcher.children):
            self._asked_while_starting = slide_id
            return
        slide = self.switcher.get_child_by_id(slide_id, Slide)
        if isinstance(slide, QuietSlide):
            slide.until = self.kiosk.quiet_until
        slide.show_time(self.kiosk.schedule, self.kiosk.now())
        self.switcher.current = slide_id

    def action_next_slide(self) -> None:
        if self.kiosk.quiet_until is not None:
            return  # quiet hours: the calm slide stays
        ids = self.slide_ids
        current = self.switcher.current
        position = ids.index(current) if current in ids else -1
        if position == len(ids) - 1 and self.kiosk.alternate_language():
            return  # a full cycle shown: `refresh_language` starts the next, in the next language
        self.show_slide(ids[(position + 1) % len(ids)])

    def restart(self) -> None:
        """Back to the first slide with a full dwell ahead (after a visitor leaves)."""
        self.show_slide(self.first_slide_id)
        if self.slide_timer is not None:
            self.slide_timer.reset()

    # -- refreshing -------------------------------------------------------------------

    def refresh_time(self, now: datetime) -> None:
        if (slide := self.current_slide) is not None:
            slide.show_time(self.kiosk.schedule, now)

    async def refresh_data(self) -> None:
        """New listings or a new day: rebuild the slides (rare) and restart the timer."""
        switcher = self.switcher
        async with self._rebuild:
            switcher.current = None
            await switcher.remove_children()
            slides = self._make_slides()
            for slide in slides:
                slide.display = False
            await switcher.mount_all(slides)
        self.show_slide(self.first_slide_id)
        self._start_timer()

    async def mount_remaining_slides(self) -> None:
        """Add, hidden and in their places, the slides the switcher does not hold yet: after
        start-up's first frame, all but the first (none if a rebuild came first)."""
        switcher = self.switcher
        async with self._rebuild:
            held = {child.id for child in switcher.children}
            slides = self._make_slides()
            shown_at = next((n for n, slide in enumerate(slides) if slide.id in held), 0)
            earlier = [slide for slide in slides[:shown_at] if slide.id not in held]
            later = [slide for slide in slides[shown_at:] if slide.id not in held]
            for slide in (*earlier, *later):
                slide.display = False
            if earlier:
                await switcher.mount_all(earlier, before=0)
            if later:
                await switcher.mount_all(later)
        self._starting = False
        if (asked := self._asked_while_starting) is not None:
            self._asked_while_starting = None
            self.show_slide(asked)

    async def on_large_text_changed(self, _message: LargeTextChanged) -> None:
        """Slides are built for one layout: build them again."""
        await self.refresh_data()

    def on_quiet_hours_changed(self, message: QuietHoursChanged) -> None:
        self._quiet_changed(message.until)

    def _quiet_changed(self, until: datetime | None) -> None:
        """Quiet hours began (the calm slide), moved, or ended (Today, a full dwell ahead)."""
        if until is not None or self.switcher.current == QUIET_SLIDE_ID:
            self.restart()

    async def refresh_language(self) -> None:
        self.query_one("#browse-hint", Static).update(_("Press any key or tap to browse"))
        self.query_one("#language-hint", Static).update(self._language_hint())
        await self.refresh_data()

    def on_screen_suspend(self) -> None:
        if self.slide_timer is not None:
            self.slide_timer.pause()

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        if self.slide_timer is not None:
            self.slide_timer.resume()

    # -- leaving ----------------------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        """Any key browses; the language key browses in the other language."""
        event.stop()
        event.prevent_default()
        if event.key == LANGUAGE_KEY:
            self.kiosk.show_language(self._other_language())
        self.kiosk.action_browse()

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.kiosk.action_browse()
