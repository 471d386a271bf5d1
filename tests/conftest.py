"""Fixtures shared by every test module; kept generic so any test can build on them."""

from __future__ import annotations

import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

SAMPLE_FILE = Path(__file__).parent / "data" / "sample.json"


@pytest.fixture
def sample_path(tmp_path: Path) -> Path:
    """A private copy of the pinned sample listings, so a test may change it freely."""
    target = tmp_path / "kiosk.json"
    shutil.copyfile(SAMPLE_FILE, target)
    return target


@pytest.fixture
def chicago() -> ZoneInfo:
    """The sample's kiosk time zone (it has both DST transitions the schedule must handle)."""
    return ZoneInfo("America/Chicago")
