"""The loop's Today slide and a meeting's detail in the high-contrast theme, in Spanish and in
the large-text layout, as SVG snapshots at the three sizes of test_snapshots.py.

Each display is chosen in the settings, as staff would. Same frozen Tuesday evening as
test_snapshots.py; update after a deliberate change with `pytest --snapshot-update` and look at
the pictures before committing them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.app_helpers import change_settings, make_app
from tests.qr_reader import decode_qr_from_svg
from tests.test_snapshots import SIZES, SnapCompare, frozen

DISPLAYS: dict[str, dict[str, Any]] = {
    "high-contrast": {"theme": "high-contrast"},
    "spanish": {"language": "es"},
    "large-text": {"large_text": True},
}
VIEWS = ["today", "meeting:smart-ff-tue-online"]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("display", list(DISPLAYS))
def test_display(
    sample_path: Path, snap_compare: SnapCompare, display: str, view: str, size: tuple[int, int]
) -> None:
    change_settings(sample_path, **DISPLAYS[display])
    app, _clock = make_app(sample_path, open_view=view)
    assert snap_compare(app, terminal_size=size, run_before=frozen(app))


def test_the_high_contrast_snapshot_has_codes_that_scan() -> None:
    """The committed picture itself: what a phone would read off the screen."""
    snapshot = (Path(__file__).parent / "__snapshots__" / "test_snapshots_display"
                / "test_display[high-contrast-meetingsmart-ff-tue-online-160x50].svg")
    join, calendar = decode_qr_from_svg(snapshot.read_text(encoding="utf-8"))
    assert join == "https://zoom.us/j/88015562217"
    assert calendar.startswith("BEGIN:VEVENT\r\nSUMMARY:SMART Family & Friends Tuesday\r\n")
    assert "DTSTART:20261125T020000Z" in calendar  # Tuesday 24 November, 8 PM in Chicago
