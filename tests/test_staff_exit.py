"""Visitors cannot leave the kiosk; staff can, with the exit key sequence and the PIN."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input

from kiosk.app import STAFF_EXIT_STATUS, KioskApp
from kiosk.screens.browse import BrowseScreen
from kiosk.screens.loop import LoopScreen
from kiosk.screens.no_data import NoDataScreen
from kiosk.screens.staff_exit import PROMPT_IDLE_SECONDS, StaffExitScreen
from kiosk.staff import hash_pin
from tests.app_helpers import change_settings, make_app

PIN = "73914826"
EXIT_KEYS = ("f12", "f12", "f12")
ESCAPE_KEYS = ("ctrl+c", "ctrl+q", "ctrl+z", "ctrl+backslash", "ctrl+p", "ctrl+d")


@pytest.fixture
def pin_path(sample_path: Path) -> Path:
    change_settings(sample_path, staff_pin_hash=hash_pin(PIN))
    return sample_path


@pytest.mark.parametrize("key", ESCAPE_KEYS)
async def test_terminal_escape_keys_leave_the_kiosk_running(pin_path: Path, key: str) -> None:
    """Ctrl+Z and Ctrl+\\ arrive as keys (Textual's raw mode turns ISIG off), and nothing is
    bound to them: no suspend, no quit, no palette, on the loop or in browse mode."""
    app, _clock = make_app(pin_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(key, key, "space", key, key)
        await pilot.pause()
        assert app.is_running and app.return_code is None
        assert isinstance(app.screen, BrowseScreen)
        assert not isinstance(app.screen, CommandPalette | StaffExitScreen)


async def open_prompt(pilot: Pilot[None], app: KioskApp) -> None:
    await pilot.press(*EXIT_KEYS)
    await pilot.pause()
    assert isinstance(app.screen, StaffExitScreen)


async def test_a_wrong_pin_closes_the_prompt_and_the_kiosk_stays(pin_path: Path) -> None:
    app, _clock = make_app(pin_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_prompt(pilot, app)
        pin_input = app.screen.query_one("#staff-pin", Input)
        assert pin_input.password  # masked
        await pilot.press(*"1234", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, StaffExitScreen)
        assert app.is_running and app.return_code is None


async def test_the_right_pin_quits(pin_path: Path) -> None:
    app, _clock = make_app(pin_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_prompt(pilot, app)
        await pilot.press(*PIN, "enter")
        await pilot.pause()
    assert app.return_code == STAFF_EXIT_STATUS  # the service leaves it stopped
    assert not app.is_running


async def test_three_wrong_pins_lock_the_prompt(pin_path: Path) -> None:
    app, _clock = make_app(pin_path)
    async with app.run_test(size=(80, 24)) as pilot:
        for _try in range(3):
            await open_prompt(pilot, app)
            await pilot.press(*"0000", "enter")
        await pilot.press(*EXIT_KEYS)
        await pilot.pause()
        assert not isinstance(app.screen, StaffExitScreen)


async def test_the_prompt_closes_when_nobody_types(pin_path: Path) -> None:
    app, _clock = make_app(pin_path)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.tick_timer is not None
        app.tick_timer.pause()
        await open_prompt(pilot, app)
        await pilot.press("4")
        for _tick in range(PROMPT_IDLE_SECONDS - 1):
            await app.tick()
        await pilot.pause()
        assert isinstance(app.screen, StaffExitScreen)
        await app.tick()
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)  # the first f12 had left the loop
        await pilot.press("escape")
        await open_prompt(pilot, app)
        await pilot.press("escape")  # staff changed their mind
        await pilot.pause()
        assert not isinstance(app.screen, StaffExitScreen)
        assert app.is_running


async def test_without_a_pin_the_sequence_leaves_at_once(sample_path: Path) -> None:
    """The bundled sample has no PIN: whoever tries `make run` must not be trapped in it."""
    app, _clock = make_app(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*EXIT_KEYS[:-1], "a", *EXIT_KEYS[:-1])
        await pilot.pause()
        assert app.is_running  # only the whole sequence, in a row, leaves
        await pilot.press(EXIT_KEYS[-1])
        await pilot.pause()
    assert app.return_code == STAFF_EXIT_STATUS
    assert not app.is_running


async def test_the_exit_keys_are_a_setting(sample_path: Path) -> None:
    change_settings(sample_path, staff_pin_hash=hash_pin(PIN),
                    staff_exit_key="ctrl+backslash ctrl+backslash")
    app, _clock = make_app(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*EXIT_KEYS)
        await pilot.pause()
        assert not isinstance(app.screen, StaffExitScreen)
        await pilot.press("ctrl+backslash", "ctrl+backslash")
        await pilot.pause()
        assert isinstance(app.screen, StaffExitScreen)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
async def test_a_stop_signal_exits_cleanly(sample_path: Path, signum: int) -> None:
    """`systemctl stop` sends SIGTERM: the app exits through Textual (terminal restored)."""
    app, _clock = make_app(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LoopScreen)
        os.kill(os.getpid(), signum)
        await pilot.pause()
        await pilot.pause()
    assert app.return_code == 0
    assert not app.is_running


async def test_with_no_readable_file_the_keys_never_leave(sample_path: Path) -> None:
    """No settings could be read, so nobody knows whether a PIN is set: the sequence asks for
    one (its prompt shows staff what is wrong) and no PIN leaves."""
    sample_path.write_text("[1, 2", encoding="utf-8")
    app, _clock = make_app(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, NoDataScreen)
        await open_prompt(pilot, app)
        await pilot.press(*PIN, "enter")
        await pilot.pause()
        assert app.is_running and app.return_code is None
