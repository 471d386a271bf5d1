"""A visitor mashing the keyboard and the screen: 10,000 random keys and taps in kiosk mode.

Seeded, so a failure can be replayed. The kiosk must still be running (nothing quit, suspended
or raised), and once nobody touches it for the idle timeout it must be back on the loop.

Keys are posted to the app in bursts, as a terminal delivers fast typing, with a pause after
each burst: `Pilot.press` waits for the process to go idle after every key (at least 40 ms),
which would make 10,000 keys take over ten minutes.
"""

from __future__ import annotations

import random
import string
import unicodedata
from datetime import timedelta
from pathlib import Path

import pytest
from textual import events
from textual.keys import KEY_NAME_REPLACEMENTS, key_to_character

from kiosk.app import KioskApp
from kiosk.screens.loop import LoopScreen
from kiosk.staff import hash_pin
from tests.app_helpers import change_settings, make_app

SEED = 20261124
ACTIONS = 10_000
SIZE = (80, 24)
BATCH = 50
"""Keys sent in one burst, before waiting for the app to handle them."""
CLICK_CHANCE = 0.04
TICK_EVERY = 500
"""Actions between two ticks of the (frozen) clock, so time passes while the visitor mashes."""



def key_name(character: str) -> str:
    """Textual's name for a typed character ("." is "full_stop"), as its driver gives it."""
    if character.isalnum():
        return character
    name = unicodedata.name(character).lower().replace("-", "_").replace(" ", "_")
    return KEY_NAME_REPLACEMENTS.get(name, name)


Input = str | tuple[int, int]
"""A key name, or a tap at (x, y)."""


def send_keys(app: KioskApp, keys: list[Input]) -> None:
    """Post a burst of input as a terminal driver would: keys made as `Pilot.press` makes them
    (name and character), a tap as a mouse down and up (the app makes the click)."""
    for key in keys:
        if isinstance(key, str):
            made: list[events.Event] = [events.Key(key, key_to_character(key))]
        else:
            x, y = key
            made = [kind(None, x, y, 0, 0, 1, False, False, False, screen_x=x, screen_y=y)
                    for kind in (events.MouseDown, events.MouseUp)]
        for event in made:
            event.set_sender(app)
            app.post_message(event)


KEYS: list[str] = [
    *map(key_name, string.ascii_letters + string.digits + string.punctuation), "space",
    "up", "down", "left", "right", "home", "end", "pageup", "pagedown",
    "enter", "escape", "tab", "shift+tab", "backspace", "delete", "insert",
    *(f"ctrl+{letter}" for letter in string.ascii_lowercase),
    "ctrl+backslash", "ctrl+c", "ctrl+q", "ctrl+z", "ctrl+p",
    *(f"f{number}" for number in range(1, 13)),
]


@pytest.mark.slow
async def test_ten_thousand_random_keys_and_taps_leave_the_kiosk_running(
    sample_path: Path,
) -> None:
    change_settings(sample_path, staff_pin_hash=hash_pin("73914826"))
    rng = random.Random(SEED)
    app, clock = make_app(sample_path)
    async with app.run_test(size=SIZE) as pilot:
        assert app.tick_timer is not None
        app.tick_timer.pause()  # the test decides when time passes
        keys: list[Input] = []
        for action in range(1, ACTIONS + 1):
            if rng.random() < CLICK_CHANCE:
                keys.append((rng.randrange(SIZE[0]), rng.randrange(SIZE[1])))
            else:
                keys.append(rng.choice(KEYS))
            if len(keys) >= BATCH:
                send_keys(app, keys)
                keys = []
                await pilot.pause()
            if action % TICK_EVERY == 0:
                clock.advance(timedelta(seconds=1))
                await app.tick()
            assert app.is_running, f"stopped after {action} actions"
        send_keys(app, keys)
        await pilot.pause()
        assert app.is_running and app.return_code is None

        for _second in range(app.listings.settings.idle_timeout_seconds + 1):
            clock.advance(timedelta(seconds=1))
            await app.tick()
        await pilot.pause()
        assert isinstance(app.screen, LoopScreen)
        assert len(app.screen_stack) == 1
        assert app.is_running and app.return_code is None
    assert app.return_code is None  # never quit, never raised (run_test re-raises)


async def test_language_key_then_escape_in_one_burst(sample_path: Path) -> None:
    """Found by the mash: the detail was re-worded while Escape closed it, and it raised."""
    app, _clock = make_app(sample_path, open_view="meeting:smart-ff-tue-online")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        send_keys(app, ["e", "escape"])
        await pilot.pause()
        await pilot.pause()
        assert app.is_running and app.language == "es"


async def test_two_enters_in_one_burst_open_one_detail(sample_path: Path) -> None:
    """Found by the mash: the second Enter opened a second detail with the same id."""
    app, _clock = make_app(sample_path, open_view="browse")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        send_keys(app, ["enter", "enter", "enter"])
        await pilot.pause()
        await pilot.pause()
        assert app.is_running
        assert [screen.id for screen in app.screen_stack].count("meeting") <= 1

