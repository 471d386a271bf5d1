"""One meeting detail for the app's life, filled in place for each meeting opened.

`KioskApp.show_meeting` fills the kept `MeetingScreen` in before pushing it: a meeting opened
after another shows its own rows, codes and texts and nothing of the one before, from its very
first frame; new listings, a new language or new styles reach it whether it is shown or not.
"""

from __future__ import annotations

import json
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Static

from kiosk.app import KioskApp
from kiosk.screens.browse import BrowseScreen
from kiosk.screens.meeting import MeetingScreen
from kiosk.screens.staff_exit import StaffExitScreen
from kiosk.watch import DataNotice
from kiosk.widgets.meeting_list import MeetingList
from kiosk.widgets.qr import QRCode
from tests.app_helpers import (
    ONLINE_FIELDS,
    change_settings,
    field_values,
    make_app,
    screen_text,
    static_text,
    with_staff_pin,
)
from tests.qr_reader import decode_qr_from_screen
from tests.test_key_mash import send_keys

IN_PERSON = "refuge-thu-evening"
"""In person, with a place, notes and a cancelled date; no link, no phone."""
IN_PERSON_FIELDS = {
    "Meets": "Every Thursday, 7:00 PM–8:15 PM",
    "Next": "Thursday, December 3, 7:00 PM–8:15 PM",
    "Length": "1 hr 15 min",
    "Format": "In person",
    "Where": "Riverside Wellness Commons\n4620 North Harbor Avenue, Chicago, IL 60640\nStudio 3",
    "Notes": "No meeting on Thanksgiving (November 26).",
    "Cancelled": "Thursday, November 26",
}
ONLINE = "smart-ff-tue-online"
"""Online, with a link, a phone and how to join; no place, no notes, nothing cancelled."""
ONLINE_LINK = "https://zoom.us/j/88015562217"


async def settle(pilot: Pilot[None]) -> None:
    for _round in range(3):
        await pilot.pause()


async def open_meeting(app: KioskApp, pilot: Pilot[None], gathering_id: str) -> MeetingScreen:
    app.show_meeting(gathering_id)
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, MeetingScreen)
    assert screen.meeting_id == gathering_id
    return screen


def join_codes_shown(app: KioskApp) -> list[QRCode]:
    return [code for code in app.screen.query(QRCode) if code.display]


async def test_each_meeting_shows_its_own_rows_and_code_and_none_of_the_last(
    sample_path: Path,
) -> None:
    app, _clock = make_app(sample_path)
    async with app.run_test(size=(100, 30)) as pilot:
        app.action_browse()
        first = await open_meeting(app, pilot, IN_PERSON)
        assert field_values(app) == IN_PERSON_FIELDS
        assert static_text(app, "#meeting-name") == "Refuge Recovery Thursday"
        assert not join_codes_shown(app)
        assert decode_qr_from_screen(app) == []
        await pilot.press("escape")
        await settle(pilot)

        second = await open_meeting(app, pilot, ONLINE)
        assert second is first  # the same screen, filled in again
        assert field_values(app) == ONLINE_FIELDS  # no Where, Notes or Cancelled row left
        assert static_text(app, "#meeting-name") == "SMART Family & Friends Tuesday"
        assert static_text(app, "#meeting-program") == "SMART Family & Friends"
        text = screen_text(app)
        for left_over in ("Riverside Wellness", "Thanksgiving", "Refuge Recovery", "Notes"):
            assert left_over not in text
        (join,) = join_codes_shown(app)
        assert decode_qr_from_screen(app, join) == [ONLINE_LINK]
        await pilot.press("escape")
        await settle(pilot)

        await open_meeting(app, pilot, IN_PERSON)  # and back: the code and its rows go
        assert field_values(app) == IN_PERSON_FIELDS
        assert not join_codes_shown(app)
        assert decode_qr_from_screen(app) == []
        assert "Passcode" not in screen_text(app) and "zoom.us" not in screen_text(app)


async def test_the_first_frame_of_the_next_visitor_shows_their_meeting(
    sample_path: Path,
) -> None:
    """Filled in before it is shown: no frame ever shows the meeting the last visitor saw."""
    app, _clock = make_app(sample_path)
    async with app.run_test(size=(100, 30)) as pilot:
        app.action_browse()
        await open_meeting(app, pilot, IN_PERSON)
        await app.return_to_loop()
        await settle(pilot)
        app.action_browse()
        await settle(pilot)

        frames: list[str] = []
        display = app._display

        def noting(*args: object) -> None:
            display(*args)  # type: ignore[arg-type]
            if isinstance(app.screen, MeetingScreen):
                frames.append(screen_text(app))

        app._display = noting  # type: ignore[method-assign]
        app.show_meeting(ONLINE)
        await settle(pilot)
        assert frames
        assert "SMART Family & Friends Tuesday" in frames[0]
        assert "Scan to join online" in frames[0]
        assert not [frame for frame in frames if "Refuge Recovery Thursday" in frame
                    or "Riverside Wellness" in frame]


async def test_a_meeting_gone_from_the_listings_is_no_longer_listed(sample_path: Path) -> None:
    with_staff_pin(sample_path)
    app, _clock = make_app(sample_path)
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.tick_timer is not None
        app.tick_timer.pause()
        app.action_browse()
        await open_meeting(app, pilot, ONLINE)
        # Staff look at a data notice over the detail; meanwhile the meeting is removed.
        app.data_notice = DataNotice("⚠ data: a test", "A test notice, in full.")
        await pilot.press("f12", "f12", "f12")  # the staff keys: the prompt shows it in full
        await settle(pilot)
        assert isinstance(app.screen, StaffExitScreen)
        data = json.loads(sample_path.read_text(encoding="utf-8"))
        data["meetings"] = {key: meeting for key, meeting in data["meetings"].items()
                            if meeting["id"] != ONLINE}
        sample_path.write_text(json.dumps(data), encoding="utf-8")
        app.reload_listings()  # the notice clears; staff close their prompt
        await settle(pilot)
        assert not app.screen.query_one("#staff-data").display
        await pilot.press("escape")
        await settle(pilot)

        assert isinstance(app.screen, MeetingScreen)
        assert "This meeting is no longer listed." in screen_text(app)
        assert not app.screen.query_one("#meeting-body").display  # its rows, codes and all
        assert "SMART Family & Friends Tuesday" not in screen_text(app)
        assert not join_codes_shown(app)
        assert decode_qr_from_screen(app) == []

        await pilot.press("escape")
        await settle(pilot)
        await open_meeting(app, pilot, IN_PERSON)  # a meeting still listed: all there again
        assert field_values(app) == IN_PERSON_FIELDS
        assert "no longer listed" not in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)

        # Shown on top, it goes back one level when the reload removes it (as before).
        await open_meeting(app, pilot, IN_PERSON)
        data["meetings"] = {key: meeting for key, meeting in data["meetings"].items()
                            if meeting["id"] != IN_PERSON}
        sample_path.write_text(json.dumps(data), encoding="utf-8")
        app.reload_listings()
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen)
        assert "Refuge Recovery Thursday" not in screen_text(app)


async def test_new_listings_reach_it_off_the_stack(sample_path: Path) -> None:
    app, _clock = make_app(sample_path)
    async with app.run_test(size=(100, 30)) as pilot:
        app.action_browse()
        await open_meeting(app, pilot, IN_PERSON)
        await pilot.press("escape")
        await settle(pilot)
        data = json.loads(sample_path.read_text(encoding="utf-8"))
        for meeting in data["meetings"].values():
            if meeting["id"] == IN_PERSON:
                meeting["room"] = "The Garden Room"
                meeting["notes"] = ""
        sample_path.write_text(json.dumps(data), encoding="utf-8")
        app.reload_listings()
        await settle(pilot)
        await open_meeting(app, pilot, IN_PERSON)
        fields = field_values(app)
        assert fields["Where"].endswith("\nThe Garden Room")
        assert "Notes" not in fields


async def test_it_speaks_the_language_shown_whenever_it_is_opened(sample_path: Path) -> None:
    app, _clock = make_app(sample_path)
    async with app.run_test(size=(100, 30)) as pilot:
        app.action_browse()
        await open_meeting(app, pilot, ONLINE)
        assert "Format" in field_values(app)
        await pilot.press("e")  # Spanish, while it is shown
        await settle(pilot)
        assert app.language == "es"
        assert field_values(app)["Modalidad"]
        assert app.screen.query_one(QRCode).border_title == "Escanee para unirse en línea"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("e")  # English again, while it is off the stack
        await settle(pilot)
        assert app.language == "en"
        await open_meeting(app, pilot, IN_PERSON)
        assert field_values(app) == IN_PERSON_FIELDS
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        await open_meeting(app, pilot, ONLINE)
        assert set(field_values(app)) >= {"Modalidad", "Duración"}
        assert app.screen.query_one(QRCode).border_title == "Escanee para unirse en línea"


async def test_a_new_look_off_the_stack_restyles_it_when_it_comes_back(
    sample_path: Path,
) -> None:
    """Shown again, it is restyled only if the CSS or the app's classes changed meanwhile
    (Textual would restyle all its widgets each time): large text or a theme turned on while
    it is off the stack show when it comes back."""
    app, _clock = make_app(sample_path)
    async with app.run_test(size=(100, 30)) as pilot:
        app.action_browse()
        screen = await open_meeting(app, pilot, ONLINE)
        next_row = screen.query_one("#meeting-next")
        name = screen.query_one("#meeting-name", Static)
        assert next_row.styles.layout is not None and next_row.styles.layout.name == "horizontal"
        colour = name.styles.color
        await pilot.press("escape")
        await settle(pilot)

        restyled: list[bool] = []
        restyle = screen.update_node_styles

        def noting(animate: bool = True) -> None:
            restyled.append(True)
            restyle(animate)

        screen.update_node_styles = noting  # type: ignore[method-assign]
        await open_meeting(app, pilot, IN_PERSON)  # nothing changed: not restyled
        assert not restyled
        await pilot.press("escape")
        await settle(pilot)

        app.large_text = True
        await settle(pilot)
        await open_meeting(app, pilot, ONLINE)
        assert restyled
        assert next_row.styles.layout is not None and next_row.styles.layout.name == "vertical"
        await pilot.press("escape")
        await settle(pilot)

        app.theme = "high-contrast"
        await settle(pilot)
        await open_meeting(app, pilot, ONLINE)
        assert name.styles.color != colour


async def test_a_burst_of_enters_opens_one_detail(sample_path: Path) -> None:
    app, _clock = make_app(sample_path, open_view="browse")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        browse = app.screen
        assert isinstance(browse, BrowseScreen)
        rows = browse.query_one("#week-list", MeetingList).rows
        send_keys(app, ["enter", "enter"])  # before the detail was ever built
        await settle(pilot)
        assert [screen.id for screen in app.screen_stack].count("meeting") == 1
        assert isinstance(app.screen, MeetingScreen) and app.screen.meeting_id == rows[0].id

        send_keys(app, ["escape", "down", "enter", "enter", "escape", "enter"])
        await settle(pilot)
        assert [screen.id for screen in app.screen_stack].count("meeting") == 1
        assert isinstance(app.screen, MeetingScreen) and app.screen.meeting_id == rows[1].id
        assert static_text(app, "#meeting-name") == rows[1].name


async def test_the_code_beside_the_facts_does_not_come_and_go(sample_path: Path) -> None:
    """At 80x24 the join code is drawn and stays drawn while the screen redraws. The "more
    below" hint once took a row from the code, so the code gave way to its message, the facts
    got its width and fitted, the hint went, the code fitted again... every second or so; and
    the hint, checked mid-layout, came and went by itself."""
    app, _clock = make_app(sample_path, open_view="meeting:smart-ff-tue-online")
    async with app.run_test(size=(80, 24)) as pilot:
        hint = app.screen.query_one("#meeting-scroll-hint", Static)
        seen = set()
        for _moment in range(6):
            await pilot.pause(0.3)
            seen.add(("Screen too small for the QR code" in screen_text(app), hint.display))
    assert seen == {(False, False)}  # drawn, and the facts fit: no "more below" either


async def test_a_detail_that_scrolls_says_so_beside_its_code(sample_path: Path) -> None:
    """Large text at 80x24: the facts scroll, and the hint at their foot says how; at the
    end of them, it goes."""
    change_settings(sample_path, large_text=True)
    app, _clock = make_app(sample_path, open_view="meeting:smart-ff-tue-online")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        hint = app.screen.query_one("#meeting-scroll-hint", Static)
        facts, code = app.screen.query_one("#meeting-facts"), app.screen.query_one(QRCode)
        assert hint.display and "press ↓ to scroll" in str(hint.content)
        assert facts.region.contains_region(hint.region)  # under the facts, beside the code
        assert hint.region.right <= code.region.x
        await pilot.press("end")
        await pilot.pause()
        assert not hint.display
