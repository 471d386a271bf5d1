"""What a visitor sees, as SVG snapshots at the smallest (80x24), a middling (120x40) and a
large (160x50) size.

The clock is frozen on the sample's busy Tuesday evening and the app's timers are paused, so
nothing ticks between runs. Update after a deliberate change with `pytest --snapshot-update`
and look at the pictures before committing them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from kiosk.app import KioskApp
from tests.app_helpers import make_app

SIZES = [(80, 24), (120, 40), (160, 50)]
LOOP_SLIDES = ["slide-program-smart-recovery", "slide-page-peer-support", "slide-today"]


SnapCompare = Callable[..., bool]


def frozen(
    app: KioskApp, then: Callable[[], object] | None = None
) -> Callable[[Pilot[None]], Awaitable[None]]:
    """A `run_before` that stops the app's timers (and then does `then`)."""

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.pause()  # the loop screen mounts (and starts its timer) after the app's
        for timer in (app.tick_timer, app.loop_screen.slide_timer):
            assert timer is not None
            timer.pause()
        await pilot.pause()
        if then is not None:
            then()
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("slide_id", LOOP_SLIDES)
def test_loop_slide(
    sample_path: Path, snap_compare: SnapCompare, slide_id: str, size: tuple[int, int]
) -> None:
    app, _clock = make_app(sample_path)
    show = frozen(app, lambda: app.loop_screen.show_slide(slide_id))
    assert snap_compare(app, terminal_size=size, run_before=show)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("view", ["browse", "meeting:smart-ff-tue-online"])
def test_browse_views(
    sample_path: Path, snap_compare: SnapCompare, view: str, size: tuple[int, int]
) -> None:
    app, _clock = make_app(sample_path, open_view=view)
    assert snap_compare(app, terminal_size=size, run_before=frozen(app))
