"""What start-up and a visitor's first views leave out (bench/startup.py measures the time):
the CSS is not parsed again for a screen's own file, the kiosk theme is in place from the
start, and qrcode is not imported before a code is drawn. Counts and states, never timings."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.css.stylesheet import Stylesheet
from textual.geometry import Size
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

import kiosk.screens
from kiosk.app import breakpoint_classes
from kiosk.cli import run as cli_run
from kiosk.display import KIOSK_THEME
from kiosk.filters import index_week
from kiosk.schedule import Occurrence, Schedule
from kiosk.screens.browse import BrowseScreen
from kiosk.screens.loop import QUIET_SLIDE_ID, TODAY_SLIDE_ID
from kiosk.screens.meeting import MeetingScreen
from kiosk.screens.program import ProgramScreen
from kiosk.store import Store
from kiosk.widgets import slides
from tests.app_helpers import TUESDAY, at, change_settings, make_app

ONLINE_MEETING = "smart-ff-tue-online"


def screens_with_css() -> list[type[Screen[object]]]:
    """Every screen class in kiosk.screens that brings a CSS file of its own."""
    found: list[type[Screen[object]]] = []
    pending = list(Screen.__subclasses__())
    while pending:
        screen = pending.pop()
        pending += screen.__subclasses__()
        if screen.__module__.startswith(kiosk.screens.__name__) and screen.CSS_PATH:
            found.append(screen)
    return found


def test_the_app_reads_every_screens_css_file_up_front(sample_path: Path) -> None:
    app, _clock = make_app(sample_path)
    app_css = {str(path) for path in app.css_path}
    screens = screens_with_css()
    assert {BrowseScreen, MeetingScreen, ProgramScreen} <= set(screens)
    for screen in screens:
        own = Path(sys.modules[screen.__module__].__file__ or "").parent / str(screen.CSS_PATH)
        assert own.is_file(), screen
        assert str(own) in app_css, f"{screen.__name__}: add it to KioskApp.CSS_PATH"


async def test_opening_each_view_parses_no_css_again(
    sample_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Browse, a program and a meeting, each for the first time: no full re-parse (10-15 ms)."""
    reparses: list[str] = []
    reparse = Stylesheet.reparse

    def counting_reparse(self: Stylesheet) -> None:
        reparses.append("reparse")
        reparse(self)

    app, _clock = make_app(sample_path, kiosk_mode=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        monkeypatch.setattr(Stylesheet, "reparse", counting_reparse)
        app.action_browse()
        await pilot.pause()
        app.show_program("smart-recovery")
        await pilot.pause()
        app.show_meeting(ONLINE_MEETING)
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        assert reparses == []


async def test_the_kiosk_theme_is_in_place_from_the_start(sample_path: Path) -> None:
    app, _clock = make_app(sample_path)
    assert app.theme == KIOSK_THEME.name and app.has_class("-theme-kiosk")
    assert app.stylesheet._variables["background"] == KIOSK_THEME.background
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.styles.background.hex == KIOSK_THEME.background.upper()


LATER = ("qrcode", "PIL", "filelock", "icalendar", "babel", "kiosk.interop.importing",
         "kiosk.interop.follow", "kiosk.interop.fetch", "kiosk.screens.browse",
         "kiosk.screens.meeting", "kiosk.screens.program")


def test_importing_the_app_leaves_what_the_first_frame_does_not_need_for_later() -> None:
    """qrcode (with Pillow, ~60 ms) waits for the first code drawn, filelock (~30 ms) for the
    first write (the kiosk only reads), icalendar for an export or a detail, the feed
    follower and the import rules for a feed or an import, browse, program and meeting for a
    visitor."""
    probe = (
        "import sys, kiosk.app, kiosk.cli;"
        f"print(sorted(m for m in {LATER!r} if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize("quiet", [False, True], ids=["day", "quiet-hours"])
async def test_the_first_frame_holds_one_slide_and_the_rest_follow_in_order(
    sample_path: Path, quiet: bool
) -> None:
    """Start-up builds only the slide it shows first; the others join just after, hidden, in
    their places (Today, the pages, the programs, then the quiet hours' slide)."""
    change_settings(sample_path, quiet_hours_start="22:00", quiet_hours_end="07:00")
    app, _clock = make_app(sample_path, start=at(23, 0) if quiet else at(18, 55))
    at_first_frame: list[list[str | None]] = []

    def hook(message: Message) -> None:
        if isinstance(message, events.Ready):
            at_first_frame.append([c.id for c in app.loop_screen.switcher.children])

    async with app.run_test(size=(120, 40), message_hook=hook) as pilot:
        await pilot.pause()
        await pilot.pause()
        first = QUIET_SLIDE_ID if quiet else TODAY_SLIDE_ID
        assert at_first_frame == [[first]]
        switcher = app.loop_screen.switcher
        listings = app.listings
        assert [c.id for c in switcher.children] == [
            TODAY_SLIDE_ID,
            *(f"slide-page-{p.slug}" for p in sorted(listings.pages, key=lambda p: p.order)),
            *(f"slide-program-{p.slug}" for p in sorted(listings.programs, key=lambda p: p.order)),
            QUIET_SLIDE_ID,
        ]
        assert switcher.current == first
        assert [c.id for c in switcher.children if c.display] == [first]


async def test_the_week_is_built_after_the_first_frame_once_per_load(
    sample_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first frame shows only today; the week (0.5 s at 20,000 meetings) follows it, and
    browse opened before that still gets it."""
    weeks_built: list[date] = []
    week = Schedule.week

    def counting_week(self: Schedule, start: date) -> list[tuple[date, list[Occurrence]]]:
        weeks_built.append(start)
        return week(self, start)

    monkeypatch.setattr(Schedule, "week", counting_week)
    app, _clock = make_app(sample_path, kiosk_mode=False)
    at_first_frame: list[int] = []

    def hook(message: Message) -> None:
        if isinstance(message, events.Ready):
            at_first_frame.append(len(weeks_built))

    async with app.run_test(size=(120, 40), message_hook=hook) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert at_first_frame == [0]
        assert weeks_built == [TUESDAY]
        app.action_browse()
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)
        assert weeks_built == [TUESDAY], "built once per load"


def test_the_week_asked_for_before_the_app_runs_is_built_then(sample_path: Path) -> None:
    app, _clock = make_app(sample_path)
    assert [day for day, _occurrences in app.week] == [
        TUESDAY + timedelta(days=n) for n in range(7)
    ]
    assert app.week_entries == index_week(app.schedule.week(TUESDAY), app.listings)
    assert len(app.week_entries) > 20


def test_start_up_reads_the_file_with_collections_paused_and_then_resumes_them(
    sample_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Automatic collections would walk the growing listings again and again (0.1-0.5 s with
    20,000 meetings); they are paused for the read and the app's building, then resume."""
    collecting_while_reading: list[bool] = []
    start_reading = cli_run.start_reading

    def noting_start_reading(ctx: cli_run.Context, **options: Any) -> Any:
        collecting_while_reading.append(gc.isenabled())
        return start_reading(ctx, **options)

    monkeypatch.setattr(cli_run, "start_reading", noting_start_reading)
    assert gc.isenabled()
    try:
        app = cli_run.build_kiosk(
            cli_run.Context(Store(sample_path), None, "2026-11-24T18:55"),
            kiosk_mode=True, open_view=None,
        )
        assert collecting_while_reading == [False]
        assert gc.isenabled() and gc.get_freeze_count() > 0
        assert app.listings.meetings
        with pytest.raises(ValueError, match="unknown view"):
            cli_run.build_kiosk(cli_run.Context(Store(sample_path), None, None),
                                kiosk_mode=True, open_view="nowhere")
        assert gc.isenabled()
    finally:
        gc.unfreeze()


async def test_the_today_slide_makes_only_the_meetings_it_shows(
    sample_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With hundreds of meetings today, the slide makes the few that fit and counts the rest
    (with 20,000 meetings, making all of today's took 0.3 s before the first frame)."""
    data = json.loads(sample_path.read_text(encoding="utf-8"))
    extra = 400
    for number in range(extra):
        data["meetings"][f"many-{number}"] = {
            "id": f"many-{number}", "name": f"Evening group {number}",
            "program": "smart-recovery", "day": 2, "time": "20:30", "end_time": "21:30"}
    sample_path.write_text(json.dumps(data), encoding="utf-8")
    made = 0
    make = slides._item

    def counted(*args: Any, **kwargs: Any) -> Any:
        nonlocal made
        made += 1
        return make(*args, **kwargs)

    monkeypatch.setattr(slides, "_item", counted)
    app, _clock = make_app(sample_path, start=at(18, 55))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        more = app.loop_screen.query_one("#today-more", Static)
        assert more.display
        hidden = int(str(more.render()).split()[1])
        assert hidden > extra - 40
        assert made < 60


@pytest.mark.parametrize("size", [(80, 24), (119, 40), (120, 39), (200, 60)])
async def test_the_loop_starts_with_the_breakpoint_classes_textual_gives_its_size(
    sample_path: Path, size: tuple[int, int]
) -> None:
    """The loop screen is made with its size's breakpoint classes (so its first resize does
    not style and lay it out twice before the first frame): those Textual itself sets."""
    app, _clock = make_app(sample_path)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        made = {name for name, has in breakpoint_classes(
            Size(*size), app.HORIZONTAL_BREAKPOINTS, app.VERTICAL_BREAKPOINTS).items() if has}
        assert len(made) == 2 and made <= app.get_default_screen().classes  # as it is made
        await pilot.resize_terminal(size[0] + 1, size[1] + 1)
        await pilot.resize_terminal(*size)  # Textual's own breakpoints, after a real resize
        await pilot.pause()
        names = {name for _width, name in (*app.HORIZONTAL_BREAKPOINTS,
                                           *app.VERTICAL_BREAKPOINTS)}
        assert app.screen.classes & names == made
