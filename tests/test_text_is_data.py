"""Text is data (issue 4, part 3): whatever staff type into the file is shown literally.

Markup cannot style or link, escape sequences cannot clear the screen or move the cursor
(control characters are shown as symbols), and long words, right-to-left text and emoji are
shown as they are. Each case is checked on every view that shows data (the Today slide, the
browse list, a meeting's detail, a program, the header, the loop footer and the staff notice),
in the screenshot SVG (which must stay valid XML) and in the rendered segments' styles.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len
from textual.pilot import Pilot

from kiosk.app import KioskApp
from kiosk.screens.browse import BrowseScreen
from kiosk.screens.loop import LoopScreen
from kiosk.screens.meeting import MeetingScreen
from kiosk.screens.program import ProgramScreen
from kiosk.staff import hash_pin
from kiosk.visible import UNSAFE_RE, visible
from kiosk.widgets.qr import QRCode
from kiosk.widgets.slides import today_sections
from tests.app_helpers import STAFF_PIN, make_app
from tests.qr_reader import decode_qr_from_screen, screen_strips

SVG = "{http://www.w3.org/2000/svg}"
SVG_CHAR_WIDTH = 20 * 0.61  # rich's export: cells 12.2 wide, rows 24.4 high, baseline at 20
SVG_LINE_HEIGHT = 24.4
SVG_BASELINE = 20

ESCAPES = "Clear\x1b[2J\x1b[Hscreen"
CONTROLS = "Bell\x07 VT\x0b BS\x08 NUL\x00 CSI\x9b NEL\x85 DEL\x7f"
LONG_WORD = "0123456789" * 20
CASES: dict[str, str] = {
    "markup": "[bold red]Hi[/]",
    "link": "[link=https://evil.example]x[/link]",
    "escapes": ESCAPES,
    "controls": CONTROLS,
    "long-word": LONG_WORD,
    "arabic": "مجموعة الدعم المسائية",
    "hebrew": "קבוצת תמיכה",
    "emoji": "Recovery 🌱 café 💬 together 👨‍👩‍👧",
    "bidi-override": "abc\u202eevil",
}
"""Meeting names (and notes) for each case, keyed by the meeting's id."""

ORG_NAME = "[bold red]Org[/] \x1b]0;pwned\x07Center"
FOOTER_TEXT = "[link=https://evil.example]Call us[/link] \x1b[5m"
PROGRAM_NAME = "[b]Tricky[/b] Program"
FOOTER_TEXT_SHOWN = "[link=https://evil.example]Call us[/link] ␛[5m"
BAD_ID = "[bold]bad\x1b[2J"


def hostile_file(path: Path) -> None:
    """The sample, with hostile settings, program and page, a meeting tonight for each case
    (its name and notes), a meeting whose id is hostile (skipped, so it is in the staff
    notice) and one with a javascript: join link (skipped too)."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    for settings in data["settings"].values():
        settings.update(org_name=ORG_NAME, footer_text=FOOTER_TEXT,
                        staff_pin_hash=hash_pin(STAFF_PIN))
    data["programs"]["9"] = {
        "slug": "tricky", "name": PROGRAM_NAME, "summary": "[i]summary[/i] \x1b[31m",
        "description": "[link=https://evil.example]click[/link]\n\nLine\x1b[31mred", "order": 0,
    }
    data["pages"]["9"] = {"slug": "hostile-page", "title": "[reverse]Page[/]", "body": "\x1b[2J"}
    tonight = {"program": "tricky", "end_time": "23:30", "day": 2,
               "attendance_option": "in_person", "room": "Hostile Hall"}
    for number, (case, text) in enumerate(CASES.items()):
        data["meetings"][f"8{number}"] = {
            **tonight, "id": case, "name": text, "notes": text,
            "time": f"{18 if number % 2 else 21}:{number:02d}",  # half on now, half later
        }
    data["meetings"]["91"] = {**tonight, "id": BAD_ID, "name": "Bad id", "time": "22:00"}
    data["meetings"]["92"] = {**tonight, "id": "js-meeting", "name": "Script Join",
                              "time": "22:00", "attendance_option": "online",
                              "conference_url": "javascript:alert(1)"}
    path.write_text(json.dumps(data), encoding="utf-8")


def svg_rows(svg: str) -> list[str]:
    """The screenshot's terminal rows as text, parsed as XML (so it must be well-formed)."""
    root = ET.fromstring(svg)
    rows: dict[int, dict[int, str]] = {}
    for element in root.iter(f"{SVG}text"):
        if "clip-path" not in element.attrib:  # the window title, not a terminal row
            continue
        row = round((float(element.attrib["y"]) - SVG_BASELINE) / SVG_LINE_HEIGHT)
        column = round(float(element.attrib["x"]) / SVG_CHAR_WIDTH)
        cells = rows.setdefault(row, {})
        for character in (element.text or "").replace("\xa0", " ").strip("\n"):
            width = cell_len(character)
            if width == 0 and column - 1 in cells:  # a joiner or accent: part of the last cell
                cells[column - 1] += character
                continue
            cells[column] = character
            for covered in range(column + 1, column + width):
                cells[covered] = ""  # the right half of a wide character
            column += width
    return [
        "".join(cells.get(c, " ") for c in range(max(cells) + 1)) if cells else ""
        for cells in (rows.get(r, {}) for r in range(max(rows, default=-1) + 1))
    ]


def svg_title(svg: str) -> str:
    root = ET.fromstring(svg)
    titles = [e.text or "" for e in root.iter(f"{SVG}text") if "clip-path" not in e.attrib]
    return " ".join(titles).replace("\xa0", " ")


def folded(rows: list[str]) -> str:
    """All rows run together without spaces, for text folded across lines (a long word)."""
    return "".join("".join(rows).split())


def check_screen(app: KioskApp, *expected: str) -> list[str]:
    """Each of `expected` is on screen, literally, in one style; nothing on screen links
    anywhere and no raw control character reaches it. Returns the screenshot's rows."""
    rows = svg_rows(app.export_screenshot())
    assert not any(UNSAFE_RE.search(row) for row in rows)
    strips = screen_strips(app)
    for strip in strips:
        for segment in strip:
            assert segment.style is None or segment.style.link is None, segment
            assert not UNSAFE_RE.search(segment.text), segment
    for text in expected:
        if text == LONG_WORD:
            assert LONG_WORD[:20] in "\n".join(rows)
            continue
        assert any(text in row for row in rows), (text, rows)
        if text.isascii():  # cell positions are character positions: check the styles
            for strip in strips:
                start = strip.text.find(text)
                if start >= 0:
                    assert len(styles_between(strip, start, start + len(text))) == 1, text
    return rows


def styles_between(strip: Any, start: int, end: int) -> set[object]:
    """The distinct styles of the cells from `start` to `end` in a strip."""
    styles: set[object] = set()
    position = 0
    for segment in strip:
        length = segment.cell_length
        if position < end and position + length > start and segment.text.strip():
            styles.add(segment.style)
        position += length
    return styles


async def settle(pilot: Pilot[None]) -> None:
    for _round in range(3):
        await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (160, 50)], ids=["80x24", "160x50"])
async def test_text_from_the_file_is_shown_literally(
    sample_path: Path, size: tuple[int, int]
) -> None:
    hostile_file(sample_path)
    app, _clock = make_app(sample_path, open_view="today")
    async with app.run_test(size=size) as pilot:
        assert app.tick_timer is not None
        app.tick_timer.pause()
        await settle(pilot)
        assert isinstance(app.screen, LoopScreen)
        assert "Org[/] ␛]0;pwned␇Center" in svg_title(app.export_screenshot())
        rows = check_screen(app, visible(ORG_NAME)[:30], FOOTER_TEXT_SHOWN)
        today = "\n".join(str(item) for section in today_sections(app.schedule, app.now()).values()
                          for item in section.items)
        for case, text in CASES.items():  # the slide shows what fits of these, literally
            assert visible(text) in today, case
        assert visible(CASES["markup"]) in "\n".join(rows)

        await pilot.press("space", "slash", *"hostile")
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen)
        assert app.data_notice is not None
        assert app.data_notice.short.startswith("⚠ 2 records skipped: meeting [bold]bad␛[2J: id:")
        rows = check_screen(app, *(visible(CASES[case]) for case in ("markup", "escapes")))
        assert "Script Join" not in "\n".join(rows)  # skipped: its join link is not http(s)
        await pilot.press("f12", "f12", "f12")  # staff read the problems, literally
        await settle(pilot)
        check_screen(app, "meeting [bold]bad␛[2J")
        await pilot.press("escape")
        await settle(pilot)

        for case, text in CASES.items():
            app.show_meeting(case)
            await settle(pilot)
            assert isinstance(app.screen, MeetingScreen)
            rows = check_screen(app, visible(text))
            if case == "long-word":
                assert LONG_WORD in folded(rows)  # folded over several lines, every digit shown
            await pilot.press("escape")

        app.show_program("tricky")
        await settle(pilot)
        assert isinstance(app.screen, ProgramScreen)
        check_screen(app, PROGRAM_NAME, "[link=https://evil.example]click[/link]",
                     "Line␛[31mred")


async def test_no_qr_code_is_drawn_for_a_javascript_link(sample_path: Path) -> None:
    hostile_file(sample_path)
    app, _clock = make_app(sample_path)
    assert app.find_gathering("js-meeting") is None
    assert any(p.record == "meeting js-meeting" and p.field == "conference_url"
               for p in app.listings.errors)
    with pytest.raises(ValueError, match="js-meeting"):
        make_app(sample_path, open_view="meeting:js-meeting")
    async with app.run_test(size=(160, 50)) as pilot:
        app.action_browse()
        app.show_meeting("js-meeting")  # as if a stale list still offered it
        await settle(pilot)
        assert not any(code.display for code in app.screen.query(QRCode))
        assert decode_qr_from_screen(app) == []
        assert "no longer listed" in "\n".join(svg_rows(app.export_screenshot()))


def test_visible_pictures_each_control_character() -> None:
    assert visible(ESCAPES) == "Clear␛[2J␛[Hscreen"
    assert visible(CONTROLS) == "Bell␇ VT␋ BS␈ NUL␀ CSI� NEL� DEL␡"
    assert visible("one\r\ntwo\rthree\r") == "one\ntwo\nthree\n"  # Windows', old Macs' breaks
    assert visible("a\tb\nc\u200fd") == "a\tb\nc\u200fd"  # tab, new line and RLM stay
    assert visible("\u202a\u202e\u2066\u2069") == "����"
    assert re.fullmatch(r"[^\x00-\x08\x0b-\x1f\x7f-\x9f]*", visible("".join(map(chr, range(256)))))


async def test_windows_line_breaks_in_notes_are_line_breaks_on_the_detail(
    sample_path: Path,
) -> None:
    data: dict[str, Any] = json.loads(sample_path.read_text(encoding="utf-8"))
    meeting = next(m for m in data["meetings"].values() if m["id"] == "smart-tue-evening")
    meeting["notes"] = "Bring a friend.\r\nDoors open at 6.\rSide entrance."
    sample_path.write_text(json.dumps(data), encoding="utf-8")
    app, _clock = make_app(sample_path, open_view="meeting:smart-tue-evening")
    assert not [p for p in app.listings.problems if p.record == "meeting smart-tue-evening"]
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        text = "\n".join(strip.text for strip in screen_strips(app))
        assert "␍" not in text
        rows = [row.strip() for row in text.splitlines()]
        for line in ("Bring a friend.", "Doors open at 6.", "Side entrance."):
            assert any(row.endswith(line) for row in rows), line
