"""Every screen at every size a lobby display has, on a busy day and an empty one: layout
invariants checked by walking the widget tree, not by comparing pictures.

For each size (80×24 up to 240×67), one app runs the loop's slides (Today at two moments of the
day, each page and program, quiet hours), browse, a program, a meeting with and without QR codes
and the staff PIN prompt, in normal and then large text. On each it checks:

* every widget shown lies whole inside the screen, above the footer, and inside whatever holds
  it, unless that is a box a visitor can scroll and it says so (never on the unattended loop),
  and no widget hides a sibling;
* no text is cut: a Static shows all the lines its text needs at its width;
* every one of today's meetings is on the Today slide or counted ("and N more");
* every QR code drawn reads back, from the screen's cells, as what it encodes;
* the crisis line is on every screen, on one row, even beside the data notice's mark.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from textual.errors import NoWidget
from textual.geometry import Region
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from kiosk.app import KioskApp
from kiosk.screens.loop import QUIET_SLIDE_ID, TODAY_SLIDE_ID, LoopScreen
from kiosk.screens.staff_exit import StaffExitScreen
from kiosk.watch import DataNotice
from kiosk.widgets.crisis_line import CrisisLine
from kiosk.widgets.qr import SCALES, QRCodeBase
from tests.app_helpers import TUESDAY, at, make_app
from tests.conftest import SAMPLE_FILE
from tests.qr_reader import decode_qr_from_screen, screen_strips

SIZES = [(80, 24), (100, 30), (120, 40), (160, 45), (200, 60), (240, 67)]
MOMENTS = [at(18, 55), at(21, 30)]
"""A busy evening (something on now, soon, later and over) and late (most of the day over)."""

BUSY_DAY_FILE = SAMPLE_FILE.with_name("busy_day.json")
"""The sample with ten more meetings on Tuesday 2026-11-24 (fourteen that day): long names,
two cancelled, one past midnight. The README's pictures of a busy evening use it too."""
LONG_NAME = ("Thursday-into-Tuesday Peer Support Circle for Families, Friends and "
             "Caregivers of People in Recovery")


def busy_listings() -> dict[str, object]:
    """The busy day's listings, to write where a test wants them."""
    return dict(json.loads(BUSY_DAY_FILE.read_text(encoding="utf-8")))


def empty_day_listings() -> dict[str, object]:
    """The sample without its Tuesday meetings: nothing at all today."""
    data = json.loads(SAMPLE_FILE.read_text(encoding="utf-8"))
    data["meetings"] = {
        key: meeting for key, meeting in data["meetings"].items()
        if 2 not in (meeting["day"] if isinstance(meeting["day"], list) else [meeting["day"]])
    }
    return data


# -- invariants -------------------------------------------------------------------------


def _shown(screen: Screen[object]) -> list[tuple[Widget, Region, Region]]:
    """Every widget the compositor placed on `screen`: (widget, region, clip)."""
    placed = []
    for widget in screen.walk_children(with_self=False):
        try:
            geometry = screen.find_widget(widget)
        except NoWidget:
            continue
        if geometry.region.area:
            placed.append((widget, geometry.region, geometry.clip))
    return placed


def _footer_top(screen: Screen[object], height: int) -> int:
    for selector in ("#loop-footer", ".bottom-bar", "#no-data-crisis"):
        for footer in screen.query(selector):
            if footer.display:
                return footer.region.y
    return height


def _in_footer(widget: Widget) -> bool:
    return any(node.id in ("loop-footer", "no-data-crisis") or node.has_class("bottom-bar")
               for node in (widget, *widget.ancestors) if isinstance(node, Widget))


def _says_it_scrolls(container: Widget) -> bool:
    """A box a visitor scrolls must say so (a hint on its screen names the key)."""
    return any(hint.display for hint in container.screen.query(".scroll-hint"))


def check_layout(app: KioskApp, where: str) -> list[str]:
    """What is wrong with the layout on screen now, one line per widget."""
    screen = app.screen
    width, height = app.size
    whole = Region(0, 0, width, height)
    footer_top = _footer_top(screen, height)
    unattended = isinstance(screen, LoopScreen)
    problems = []
    for widget, region, clip in _shown(screen):
        name = f"{where}: {widget!r}"
        if not clip.contains_region(region):
            holder = next((node for node in widget.ancestors_with_self[1:]
                           if isinstance(node, Widget) and node.max_scroll_y > 0), None)
            if holder is None or unattended or not _says_it_scrolls(holder):
                problems.append(f"{name} at {region} is cut off by its container ({clip})")
            continue
        if not whole.contains_region(region):
            problems.append(f"{name} at {region} is partly off the {width}x{height} screen")
            continue
        if not _in_footer(widget) and region.bottom > footer_top and screen.is_modal is False:
            problems.append(f"{name} at {region} runs under the footer (row {footer_top})")
            continue
        if isinstance(widget, Static):
            content = widget.content_region
            needed = widget.get_content_height(content.size, content.size, content.width)
            if needed > content.height:
                problems.append(f"{name} needs {needed} rows, has {content.height}: "
                                f"{str(widget.content)[:60]!r}")
    return problems + check_overlaps(app, where) + check_crisis_line(app, where)


def check_overlaps(app: KioskApp, where: str) -> list[str]:
    """No widget hides a sibling (a docked line over a paragraph, say)."""
    by_parent: dict[int, list[tuple[Widget, Region]]] = {}
    for widget, region, clip in _shown(app.screen):
        by_parent.setdefault(id(widget.parent), []).append((widget, region.intersection(clip)))
    return [
        f"{where}: {first!r} at {one} and {second!r} at {other} overlap"
        for siblings in by_parent.values()
        for number, (first, one) in enumerate(siblings)
        for second, other in siblings[number + 1:]
        if one.overlaps(other)
    ]


def check_crisis_line(app: KioskApp, where: str) -> list[str]:
    """The crisis line is on the screen (a modal's: under it), whole, on one row."""
    screen = next(screen for screen in reversed(app.screen_stack) if not screen.is_modal)
    lines = [widget for widget, _region, _clip in _shown(screen)
             if isinstance(widget, CrisisLine) or widget.id == "no-data-crisis"]
    if len(lines) != 1:
        return [f"{where}: {len(lines)} crisis lines shown"]
    line = lines[0]
    assert isinstance(line, Static)
    content = line.content_region
    needed = line.get_content_height(content.size, content.size, content.width)
    if content.height != 1 or needed != 1:
        return [f"{where}: the crisis line takes {needed} rows: {str(line.content)!r}"]
    return []


def check_codes(app: KioskApp, where: str) -> list[str]:
    """Each QR code drawn reads back as its payload."""
    problems = []
    for widget, region, _clip in _shown(app.screen):
        if not isinstance(widget, QRCodeBase) or (payload := widget.payload()) is None:
            continue
        room = widget.content_region.size
        drawn = any((size := widget.size_at(scale)) is not None
                    and size.width <= room.width and size.height <= room.height
                    for scale in SCALES if scale <= widget.max_scale)
        if drawn and decode_qr_from_screen(app, widget) != [payload]:
            problems.append(f"{where}: the code in {widget!r} at {region} does not read back")
    return problems


def _folded(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.casefold())


def check_today(app: KioskApp, where: str, *, over_too: bool) -> list[str]:
    """Every meeting of today on the slide (its whole name, in one section) or counted."""
    now = app.now()
    due = [o for o in app.schedule.today(now) if over_too or o.end > now]
    strips = screen_strips(app)
    texts = []
    for widget, _region, clip in _shown(app.screen):
        if isinstance(widget, Static) and not _in_footer(widget):
            box = widget.content_region.intersection(clip)
            texts.append("".join(strip.crop(box.x, box.right).text
                                 for strip in strips[box.y:box.bottom]))
    counted = sum(int(n) for text in texts for n in re.findall(r"and (\d+) more", text))
    shown_text = "\n".join(_folded(text) for text in texts)
    names = [_folded(o.name) for o in due]
    shown = sum(1 for name in set(names) for _ in range(min(names.count(name),
                                                           shown_text.count(name))))
    if shown + counted < len(due):
        return [f"{where}: {len(due)} meetings today, {shown} shown and {counted} counted"]
    return []


# -- running every screen -----------------------------------------------------------------


async def _settle(pilot: Pilot[None]) -> None:
    for _round in range(3):
        await pilot.pause()


async def _check_every_screen(
    app: KioskApp, pilot: Pilot[None], label: str, *, loop_only: bool = False
) -> list[str]:
    """Every view's problems; `loop_only`: the loop's slides and browse (an empty day
    changes nothing on the others)."""
    problems: list[str] = []
    loop = app.loop_screen
    now = app.now()
    for moment in MOMENTS if app.schedule.today(now) else MOMENTS[:1]:
        app.clock.advance(moment - app.now())
        loop.show_slide(TODAY_SLIDE_ID)
        await _settle(pilot)
        where = f"{label} today at {moment:%H:%M}"
        problems += check_layout(app, where)
        problems += check_today(app, where, over_too=not app.large_text)
    for slide_id in loop.slide_ids:
        if slide_id != TODAY_SLIDE_ID:
            loop.show_slide(slide_id)
            await _settle(pilot)
            problems += check_layout(app, f"{label} {slide_id}")
            problems += check_codes(app, f"{label} {slide_id}")
    app.quiet_until = app.now() + timedelta(hours=8)
    await _settle(pilot)
    assert loop.switcher.current == QUIET_SLIDE_ID
    problems += check_layout(app, f"{label} quiet hours")
    app.quiet_until = None
    await _settle(pilot)

    app.action_browse()
    await _settle(pilot)
    problems += check_layout(app, f"{label} browse")
    if loop_only:
        await app.return_to_loop()
        return problems
    app.show_program("smart-family-friends")
    await _settle(pilot)
    problems += check_layout(app, f"{label} program") + check_codes(app, f"{label} program")
    app.pop_screen()
    for meeting_id in ("smart-ff-tue-online", "smart-tue-evening", "busy-night-owls"):
        if app.find_gathering(meeting_id) is None:
            continue
        app.show_meeting(meeting_id)
        await _settle(pilot)
        where = f"{label} meeting {meeting_id}"
        problems += check_layout(app, where) + check_codes(app, where)
        app.pop_screen()
    await app.return_to_loop()
    app.push_screen(StaffExitScreen())
    await _settle(pilot)
    problems += check_layout(app, f"{label} staff prompt")
    app.pop_screen()
    await _settle(pilot)
    return problems


@pytest.mark.parametrize("day", ["busy", "empty"])
@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
async def test_every_screen_fits(tmp_path: Path, size: tuple[int, int], day: str) -> None:
    path = tmp_path / "kiosk.json"
    listings = busy_listings() if day == "busy" else empty_day_listings()
    path.write_text(json.dumps(listings), encoding="utf-8")
    app, _clock = make_app(path, MOMENTS[0])
    problems: list[str] = []
    async with app.run_test(size=size) as pilot:
        for timer in (app.tick_timer, app.loop_screen.slide_timer):
            assert timer is not None
            timer.pause()
        if day == "busy":  # the notice's mark must not push the crisis line onto two rows
            app.data_notice = DataNotice("⚠ data: " + "a long staff message " * 8, "In full.")
        await _settle(pilot)
        for large in (False, True):
            app.large_text = large
            await _settle(pilot)
            app.clock.advance(MOMENTS[0] - app.now())
            problems += await _check_every_screen(
                app, pilot, f"{size[0]}x{size[1]} {day} {'large' if large else 'normal'}",
                loop_only=day == "empty",
            )
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
async def test_no_data_screen_fits(tmp_path: Path, size: tuple[int, int]) -> None:
    path = tmp_path / "kiosk.json"
    path.write_text("{ not json", encoding="utf-8")
    app, _clock = make_app(path, MOMENTS[0])
    async with app.run_test(size=size) as pilot:
        await _settle(pilot)
        problems = check_layout(app, f"{size[0]}x{size[1]} no data")
    assert not problems, "\n".join(problems)


def test_the_busy_day_is_busy(tmp_path: Path) -> None:
    """The fixture has what the layout must cope with: 14 meetings today, two cancelled, one
    past midnight, a long name."""
    path = tmp_path / "kiosk.json"
    path.write_text(json.dumps(busy_listings()), encoding="utf-8")
    app, _clock = make_app(path)
    today = app.schedule.today(at(12, 0))
    assert len(today) == 14
    assert sum(o.cancelled for o in today) == 2
    assert any(o.end.date() > TUESDAY for o in today)
    assert any(o.name == LONG_NAME for o in today)


async def test_a_big_screen_uses_the_room(tmp_path: Path) -> None:
    """At 200x60: a quiet day's Today sits in the middle, three columns on a busy one, and a
    program's code is drawn at double size."""
    path = tmp_path / "kiosk.json"
    path.write_text(json.dumps(empty_day_listings()), encoding="utf-8")
    app, _clock = make_app(path, MOMENTS[0])
    async with app.run_test(size=(200, 60)) as pilot:
        await _settle(pilot)
        title = app.screen.query_one(".slide-title")
        sections = [s for s in app.screen.query(".today-section") if s.display]
        bottom = max(s.region.bottom for s in sections)
        footer = app.screen.query_one("#loop-footer").region.y
        above, below = title.region.y - 4, footer - bottom  # 4: header and padding
        assert above > 10 and abs(above - below) <= 4
        app.loop_screen.show_slide("slide-program-smart-recovery")
        await _settle(pilot)
        code = app.screen.query_one(".slide-qr", QRCodeBase)
        size = code.size_at(2)
        assert size is not None and code.content_region.width >= size.width
        assert decode_qr_from_screen(app, code) == ["https://smartrecovery.org"]


@pytest.mark.parametrize("size", [(80, 24), (200, 60)], ids=lambda size: f"{size[0]}x{size[1]}")
async def test_large_text_from_the_settings_fits_from_the_first_frames(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    """Large text set in the file (not switched on later): Today is fitted as it starts."""
    path = tmp_path / "kiosk.json"
    listings = busy_listings()
    for settings in listings["settings"].values():  # type: ignore[attr-defined]
        settings["large_text"] = True
    path.write_text(json.dumps(listings), encoding="utf-8")
    app, _clock = make_app(path, MOMENTS[0], open_view="today")
    async with app.run_test(size=size) as pilot:
        await _settle(pilot)
        where = f"{size[0]}x{size[1]} large text from the start"
        problems = check_layout(app, where) + check_today(app, where, over_too=False)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 60)],
                         ids=lambda size: f"{size[0]}x{size[1]}")
async def test_in_spanish_the_crisis_line_and_the_language_key_stay_whole(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    path = tmp_path / "kiosk.json"
    listings = busy_listings()
    for settings in listings["settings"].values():  # type: ignore[attr-defined]
        settings["footer_text_es"] = ("¿En crisis? Llame o envíe un mensaje de texto al 988, "
                                      "a cualquier hora.")
    path.write_text(json.dumps(listings), encoding="utf-8")
    app, _clock = make_app(path, MOMENTS[0])
    async with app.run_test(size=size) as pilot:
        app.data_notice = DataNotice("⚠ data: a problem", "In full.")
        app.show_language("es")
        await _settle(pilot)
        where = f"{size[0]}x{size[1]} in Spanish"
        problems = check_layout(app, where)
        if not any("English: E" in strip.text for strip in screen_strips(app)):
            problems.append(f"{where}: the footer does not say which key gives English")
        app.action_browse()
        await _settle(pilot)
        problems += check_layout(app, f"{where}, browse")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("size", [(120, 40), (200, 60)], ids=lambda size: f"{size[0]}x{size[1]}")
async def test_an_ended_flag_stays_beside_its_time(tmp_path: Path, size: tuple[int, int]) -> None:
    """Earlier today: where a long name wraps, "Ended" and "Cancelled" are still on their
    meeting's first line, by its time, not alone on a line next to the following meetings."""
    path = tmp_path / "kiosk.json"
    path.write_text(json.dumps(busy_listings()), encoding="utf-8")
    app, _clock = make_app(path, MOMENTS[1], open_view="today")
    async with app.run_test(size=size) as pilot:
        await _settle(pilot)
        region = app.screen.query_one("#today-earlier").content_region
        rows = [strip.crop(region.x, region.right).text
                for strip in screen_strips(app)[region.y:region.bottom]]
    flagged = [row for row in rows if "Ended" in row or "Cancelled" in row]
    assert len(flagged) >= 3, rows
    time = r"\d{1,2}:\d\d [AP]M"
    for row in flagged:
        assert re.match(rf"\s*{time}–{time}  (Ended|Cancelled)  \S", row), row
