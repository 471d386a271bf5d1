"""A short soak (bench/soak.py): a simulated day with reloads, a roll-over and visitors."""

from __future__ import annotations

import gc
from datetime import timedelta
from pathlib import Path

from bench.soak import SPRING_FORWARD_WEEK, soak
from kiosk.screens.meeting import MeetingScreen
from tests.app_helpers import make_app


async def test_a_day_of_kiosk_life(sample_path: Path) -> None:
    start = SPRING_FORWARD_WEEK + timedelta(days=3)  # Saturday noon: the night clocks spring
    result = await soak(sample_path, days=1, start=start, step=timedelta(minutes=2),
                        reloads=3, visit_every=240)
    assert result.still_running
    assert result.rollovers == 1 and len(result.days) == 2
    assert len(result.utc_offsets) == 2  # CST, then CDT
    assert result.reloads_written == result.reloads_seen == 3
    assert result.slides_shown > 100
    assert result.visits == result.returned_to_loop > 0


async def test_closed_screens_are_not_kept_alive_by_their_watchers(sample_path: Path) -> None:
    """Screens watch the app's `language`; Textual forgets a closed one's watcher only when
    the language changes, so the tick does it (else every detail opened stays in memory)."""
    app, _clock = make_app(sample_path)
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.tick_timer is not None
        app.tick_timer.pause()
        for _visit in range(3):
            await pilot.press("space", "down", "enter")
            await pilot.pause()
            assert isinstance(app.screen, MeetingScreen)
            await app.return_to_loop()
            await pilot.pause()
        assert app.forget_closed_watchers() > 0
        gc.collect()
        assert not [o for o in gc.get_objects() if isinstance(o, MeetingScreen)]
