"""Helpers for the app's pilot and snapshot tests: a pinned clock, settings tweaks, screen text."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from textual.widgets import Static

from kiosk.app import KioskApp
from kiosk.clock import Clock
from kiosk.staff import hash_pin
from kiosk.store import Store
from tests.qr_reader import screen_strips

CHICAGO = ZoneInfo("America/Chicago")
TUESDAY = date(2026, 11, 24)
TUESDAY_EVENING = datetime(2026, 11, 24, 18, 55, tzinfo=CHICAGO)
"""On the sample: SMART Tuesday Evening in progress, Refuge Tuesday starting in 20 min,
SMART Family & Friends Tuesday later (8 PM), SMART Tuesday Morning ended."""

ONLINE_FIELDS = {
    "Meets": "Every Tuesday, 8:00 PM–9:00 PM",
    "Next": "Today, 8:00 PM–9:00 PM",
    "Length": "1 hr",
    "Format": "Online",
    "Phone": "+1 312-555-0142",
    "To join": "Passcode: family",
}
"""The rows of smart-ff-tue-online's detail on the sample's Tuesday evening."""


def at(hour: int, minute: int, day: date = TUESDAY) -> datetime:
    """A moment of the sample's Tuesday (or `day`) in Chicago."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=CHICAGO)


def change_settings(path: Path, **changes: Any) -> None:
    """Edit the settings record of a listings file in place (e.g. a tiny dwell or timeout)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    for record in data["settings"].values():
        record.update(changes)
    path.write_text(json.dumps(data), encoding="utf-8")


STAFF_PIN = "2468"


def with_staff_pin(path: Path) -> None:
    """Give the listings at `path` a staff PIN: the staff key sequence then opens the PIN
    prompt, where staff read the data notice (with no PIN set it leaves at once)."""
    change_settings(path, staff_pin_hash=hash_pin(STAFF_PIN))


def make_app(
    path: Path, start: datetime = TUESDAY_EVENING, **options: Any
) -> tuple[KioskApp, Clock]:
    """A kiosk on the listings at `path` with a frozen clock the test moves by hand."""
    clock = Clock.frozen(CHICAGO, start)
    return KioskApp(Store(path), clock, **options), clock


def screen_text(app: KioskApp) -> str:
    """Everything on screen as plain text, one line per terminal row."""
    return "\n".join(strip.text for strip in screen_strips(app))


def static_text(app: KioskApp, selector: str) -> str:
    """The plain text a Static on the active screen shows."""
    return str(app.screen.query_one(selector, Static).content)


def field_values(app: KioskApp) -> dict[str, str]:
    """The detail screen's "label: value" rows that are shown (the screen keeps one row of
    each kind and hides those a meeting has nothing for)."""
    return {
        str(row.query_one(".field-label", Static).content): str(
            row.query_one(".field-value", Static).content
        )
        for row in app.screen.query(".field")
        if row.display
    }
