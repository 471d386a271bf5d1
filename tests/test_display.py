"""Themes, large text and language at the kiosk: settings, the staff and visitor keys, QR codes
that still scan, and statuses that never rely on colour alone."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from textual.color import Color, ColorParseError
from textual.pilot import Pilot
from textual.widgets import ContentSwitcher

from kiosk.app import KioskApp
from kiosk.display import BLACK, HIGH_CONTRAST_THEME, THEME_BY_NAME, WHITE, YELLOW
from kiosk.i18n import current_language
from kiosk.messages import DisplayChanged, LanguageChanged, LargeTextChanged
from kiosk.screens.browse import BrowseScreen
from kiosk.screens.loop import LoopScreen
from kiosk.screens.program import ProgramScreen
from kiosk.watch import DataNotice
from kiosk.widgets.meeting_list import CARD_LINES, MeetingList
from kiosk.widgets.slides import BigTimeItem, LargeToday
from kiosk.widgets.staff_notice import FOOTER_MARK
from tests.app_helpers import CHICAGO, change_settings, make_app, screen_text
from tests.qr_reader import decode_qr_from_screen

ONLINE_MEETING = "meeting:smart-ff-tue-online"
JOIN_LINK = "https://zoom.us/j/88015562217"
THURSDAY_EVENING = datetime(2026, 11, 26, 19, 5, tzinfo=CHICAGO)
"""Refuge Recovery Thursday (7:00–8:15 PM) would be on, but is cancelled (Thanksgiving)."""


async def settle(app: KioskApp, pilot: Pilot[None]) -> None:
    """Stop the clock and the slides (the test drives them), and let the screen catch up."""
    for timer in (app.tick_timer, app.loop_screen.slide_timer):
        assert timer is not None
        timer.pause()
    await pilot.pause()
    await pilot.pause()


# -- themes ----------------------------------------------------------------------------------


def test_the_high_contrast_theme_has_only_black_white_and_yellow() -> None:
    """Every colour the theme gives Textual, as it shows over the black background."""
    variables = {**HIGH_CONTRAST_THEME.to_color_system().generate(),
                 **HIGH_CONTRAST_THEME.variables}  # as `App.get_css_variables` merges them
    background = Color.parse(BLACK)
    pure = {Color.parse(c).hex for c in (BLACK, WHITE, YELLOW)}
    colours = {}
    for name, value in variables.items():
        if value.startswith("auto"):
            assert value == "auto 100%", name  # black or white by contrast, never a faded grey
            continue
        try:
            colour = Color.parse(value)
        except ColorParseError:  # text styles such as "bold"
            continue
        if colour.a:
            colours[name] = (background + colour).hex
    assert len(colours) > 100
    assert {name: hex_ for name, hex_ in colours.items() if hex_ not in pure} == {}


@pytest.mark.parametrize("theme", list(THEME_BY_NAME))
@pytest.mark.parametrize("large_text", [False, True], ids=["normal", "large"])
async def test_qr_codes_scan_in_every_theme(
    sample_path: Path, theme: str, large_text: bool
) -> None:
    """The join and calendar codes on a meeting and a program's code on its slide, read off the
    screen (tests/test_meeting_codes.py reads the calendar code's entry)."""
    change_settings(sample_path, theme=theme, large_text=large_text)
    app, _clock = make_app(sample_path, open_view=ONLINE_MEETING)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(app, pilot)
        assert app.theme == theme
        assert app.has_class("-large-text") == large_text
        codes = decode_qr_from_screen(app)
        assert len(codes) == 2 and JOIN_LINK in codes
        assert any(code.startswith("BEGIN:VEVENT") for code in codes)
        await app.return_to_loop()
        app.loop_screen.show_slide("slide-program-smart-recovery")
        await pilot.pause()
        assert decode_qr_from_screen(app) == ["https://smartrecovery.org"]


async def test_staff_keys_change_the_look_in_kiosk_mode_without_leaving_the_loop(
    sample_path: Path,
) -> None:
    app, _clock = make_app(sample_path)  # kiosk mode
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert app.theme == "high-contrast"
        await pilot.press("ctrl+l")
        await pilot.pause()
        await pilot.pause()
        assert app.large_text and app.has_class("-large-text")
        assert isinstance(app.screen, LoopScreen), "a staff key is not a visitor's touch"
        assert app.screen.query(LargeToday)
        await pilot.press("ctrl+t", "ctrl+l")
        await pilot.pause()
        assert app.theme == "kiosk" and not app.large_text
        assert app.is_running
        await pilot.press("space")  # any other key still opens browse
        assert isinstance(app.screen, BrowseScreen)
        await pilot.press("ctrl+t")
        assert isinstance(app.screen, BrowseScreen) and app.theme == "high-contrast"


async def test_a_staff_keys_choice_lasts_until_the_setting_changes(sample_path: Path) -> None:
    app, _clock = make_app(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+t")
        change_settings(sample_path, dwell_seconds=20)  # another setting: the key's choice stays
        app.reload_listings()
        await pilot.pause()
        assert app.theme == "high-contrast"
        change_settings(sample_path, theme="kiosk", large_text=True)  # first change of these
        app.reload_listings()
        await pilot.pause()
        assert app.theme == "high-contrast"  # unchanged in the file: still the key's choice
        assert app.large_text
        change_settings(sample_path, theme="high-contrast")
        app.reload_listings()
        change_settings(sample_path, theme="kiosk")
        app.reload_listings()
        await pilot.pause()
        assert app.theme == "kiosk"


# -- large text ------------------------------------------------------------------------------


async def test_large_text_today_shows_a_few_meetings_in_big_digits_with_their_status(
    sample_path: Path,
) -> None:
    change_settings(sample_path, large_text=True)
    app, _clock = make_app(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        items = [item for item in app.screen.query(BigTimeItem) if item.display]
        assert len(items) == 3  # in progress, starting soon, later: the ended one is left off
        text = screen_text(app)
        assert "┏━╸   ┏━┓┏━┓" in text  # "6:00" in big digits
        assert "● In progress" in text
        assert "starts in 20 min" in text
        assert "SMART Recovery Tuesday Morning" not in text


async def test_large_text_lists_meetings_as_cards_not_a_table(sample_path: Path) -> None:
    app, _clock = make_app(sample_path, open_view="browse")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        meetings = app.screen.query_one("#week-list", MeetingList)
        table_rows = screen_text(app).count("M–")  # one time range per meeting shown
        app.large_text = True
        await pilot.pause()
        text = screen_text(app)
        assert "Day         Time" not in text  # no table header
        assert "Today · 10:00 AM–11:00 AM" in text
        assert 0 < text.count("M–") < table_rows / 2
        await pilot.press("down", "down", "down", "down")
        assert meetings.cursor == 4
        assert meetings.highlighted is not None
        assert meetings.highlighted.name in screen_text(app), "the cursor's card is in view"


def test_display_changes_stay_on_their_screen_and_a_burst_collapses() -> None:
    """A screen forwards them to its widgets: bubbling back up would loop."""
    kinds = DisplayChanged.__subclasses__()
    assert len(kinds) == 4
    assert not [kind for kind in kinds if kind.bubble]
    assert LargeTextChanged(True).can_replace(LargeTextChanged(False))
    assert not LargeTextChanged(True).can_replace(LanguageChanged())


async def test_a_screen_opened_after_a_change_starts_with_it(sample_path: Path) -> None:
    """Screens hear display changes as the app's messages; one opened later missed them, so it
    and its widgets read the app's large text, language and staff notice as they mount."""
    app, _clock = make_app(sample_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.large_text = True
        app.show_language("es")
        app.data_notice = DataNotice("⚠ data: a test", "A test notice, in full.")
        await pilot.pause()
        app.action_browse()
        app.show_program("grief-group")
        await pilot.pause()
        assert isinstance(app.screen, ProgramScreen)
        meetings = app.screen.query_one(MeetingList)
        assert meetings.row_count > 0
        assert meetings.virtual_size.height == meetings.row_count * CARD_LINES  # cards
        text = screen_text(app)
        assert "Reuniones en los próximos 7 días" in text
        assert "Volver" in text  # the footer's keys
        assert FOOTER_MARK in text and "a test" not in text  # the notice's mark, no words


# -- language --------------------------------------------------------------------------------


async def test_spanish_from_the_settings_with_the_programs_spanish_text(
    sample_path: Path,
) -> None:
    change_settings(sample_path, language="es")
    app, _clock = make_app(sample_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        text = screen_text(app)
        assert "Reuniones de hoy" in text
        assert "Martes, 24 de noviembre" in text
        assert "empieza en 20 min" in text
        app.loop_screen.show_slide("slide-program-grief-group")
        await pilot.pause()
        text = screen_text(app)
        assert "Apoyo después de perder a un ser querido" in text
        assert "Próxima reunión: Mañana, 7:00 p.m.–8:30 p.m." in text


async def test_english_shows_where_no_spanish_is_given(sample_path: Path) -> None:
    change_settings(sample_path, language="es")
    app, _clock = make_app(sample_path, open_view="program:grief-group")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert "Apoyo después de perder" in screen_text(app)
    text = sample_path.read_text(encoding="utf-8")
    sample_path.write_text(text.replace('"summary_es": "Apoyo', '"summary_fr": "Apoyo'),
                           encoding="utf-8")
    app, _clock = make_app(sample_path, open_view="program:grief-group")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        text = screen_text(app)
        assert "Support after losing someone to substance use." in text
        assert "Un grupo para cualquier persona" in text  # its description_es is still there


LANGUAGES_WITHOUT_BABEL = """
import asyncio, sys
from pathlib import Path
from tests.app_helpers import make_app, screen_text

async def main() -> None:
    app, _clock = make_app(Path(sys.argv[1]))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "Martes, 24 de noviembre" in screen_text(app)
        assert "6:00 p.m." in screen_text(app)
        app.action_browse()
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert "e Español" in screen_text(app)
    print(sorted(name for name in sys.modules if name.partition(".")[0] == "babel"))

asyncio.run(main())
"""


def test_the_kiosk_speaks_both_languages_without_importing_babel(sample_path: Path) -> None:
    """Babel is a dev dependency (`make messages`, `make calendar-words`): a kiosk started in
    Spanish, whose visitor switches to English, reads its catalogue with `gettext` and its
    calendar words from `kiosk.calendar_words`. In a fresh process, as other tests import it."""
    change_settings(sample_path, language="es")
    done = subprocess.run([sys.executable, "-c", LANGUAGES_WITHOUT_BABEL, str(sample_path)],
                          capture_output=True, text=True, cwd=Path(__file__).parent.parent)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "[]", done.stdout


async def test_the_visitor_switches_language_in_browse_and_keeps_their_place(
    sample_path: Path,
) -> None:
    app, _clock = make_app(sample_path, open_view="browse")
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(app, pilot)
        browse = app.screen
        assert isinstance(browse, BrowseScreen)
        assert "e Español" in screen_text(app)
        browse.query_one("#filter-format").value = "online"
        await pilot.pause()
        meetings = browse.query_one("#week-list", MeetingList)
        await pilot.press("down", "down")
        shown = list(meetings.rows)
        await pilot.press("e")
        await pilot.pause()
        await pilot.pause()
        text = screen_text(app)
        assert current_language() == "es"
        assert "Reuniones de esta semana" in text and "Modalidad" in text
        assert "e English" in text and "e Español" not in text
        assert "⏎ Abrir" in text
        assert "En línea" in text and "Jue 26 nov" in text
        assert list(meetings.rows) == shown and meetings.cursor == 2
        await pilot.press("slash", "e")  # typed into the search: not the language key
        assert browse.query_one("#search").value == "e"
        assert current_language() == "es"
        await app.return_to_loop()
        await pilot.pause()
        assert current_language() == "en", "the loop goes back to the settings' language"
        assert "Today's meetings" in screen_text(app)


async def test_the_loop_alternates_languages_each_cycle(sample_path: Path) -> None:
    change_settings(sample_path, language="alternate")
    app, _clock = make_app(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        loop = app.loop_screen
        cycle = len(loop.slide_ids)
        assert "Today's meetings" in screen_text(app)
        for _slide in range(cycle):
            loop.action_next_slide()
            await pilot.pause()
        await pilot.pause()
        assert loop.query_one(ContentSwitcher).current == "slide-today"
        assert "Reuniones de hoy" in screen_text(app)
        assert "Toque o pulse una tecla" in screen_text(app)
        await pilot.press("space")  # a visitor in the middle of the Spanish cycle
        await pilot.pause()
        assert "Reuniones de esta semana" in screen_text(app)
        await app.return_to_loop()
        await pilot.pause()
        assert current_language() == "es", "alternating carries on where it was"
        for _slide in range(cycle):
            loop.action_next_slide()
            await pilot.pause()
        await pilot.pause()
        assert "Today's meetings" in screen_text(app)


# -- status is never colour alone ------------------------------------------------------------


def assert_words(app: KioskApp, *words: str) -> None:
    text = screen_text(app)
    missing = [word for word in words if word not in text]
    assert not missing, f"{missing} not on screen:\n{text}"


@pytest.mark.parametrize("theme", list(THEME_BY_NAME))
async def test_every_status_has_a_word_as_well_as_a_colour(sample_path: Path, theme: str) -> None:
    """Today (both layouts), the week list and a meeting's detail say each status in words."""
    change_settings(sample_path, theme=theme)
    app, clock = make_app(sample_path)  # Tuesday 6:55 PM: one in progress, one starting soon
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert_words(app, "Happening now", "Starting soon", "starts in 20 min", "Ended")
        app.large_text = True
        await pilot.pause()
        assert_words(app, "● In progress", "starts in 20 min")
        app.large_text = False
        app.action_browse()
        app.show_meeting("smart-tue-evening")
        await pilot.pause()
        assert_words(app, "In progress")
        await app.pop_screen()
        app.show_meeting("refuge-tue-evening")
        await pilot.pause()
        assert_words(app, "starts in 20 min")
        await app.return_to_loop()
        clock.advance(THURSDAY_EVENING - clock.now())  # Refuge Thursday, cancelled
        await app.tick()
        await pilot.pause()
        assert_words(app, "Cancelled  Refuge Recovery")  # its name may wrap in Earlier today
        app.large_text = True
        await pilot.pause()
        assert_words(app, "Refuge Recovery Thursday", "Cancelled")
        app.action_browse()
        await pilot.pause()
        assert_words(app, "Refuge Recovery Thursday Cancelled")


async def test_the_crisis_line_is_on_every_screen_in_the_language_shown(
    sample_path: Path,
) -> None:
    spanish = "¿En crisis? Llame o escriba al 988, a cualquier hora."
    change_settings(sample_path, footer_text_es=spanish)
    app, _clock = make_app(sample_path)
    english = "In crisis? Call or text 988, any time. All meetings are free."
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        for view in ("loop", "browse", "program", "meeting"):
            if view == "browse":
                app.action_browse()
            elif view == "program":
                app.show_program("grief-group")
            elif view == "meeting":
                app.pop_screen()
                app.show_meeting("smart-tue-evening")
            await settle(app, pilot)
            for language, line in (("es", spanish), ("en", english)):
                app.show_language(language)
                await settle(app, pilot)
                assert line in screen_text(app), (view, language)
