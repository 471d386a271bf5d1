"""Memory that stays where it starts: what a closed screen drew goes with it."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

from kiosk.screens.program import ProgramScreen
from tests.app_helpers import make_app


async def test_a_closed_screen_lets_go_of_the_lines_its_widgets_drew(sample_path: Path) -> None:
    """Each widget keeps the lines it last drew in its `_styles_cache` (a Textual internal).
    Textual's class-wide cache of `StylesCache.get_inner_outer` held every one of those for
    its 1,024 most recent widgets (Textualize/textual#6665; `kiosk.textual_fixes`)."""
    app, _clock = make_app(sample_path)
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.tick_timer is not None
        app.tick_timer.pause()
        app.action_browse()
        app.show_program("grief-group")
        await pilot.pause()
        assert isinstance(app.screen, ProgramScreen)
        drawn = [weakref.ref(node._styles_cache)
                 for node in app.screen.walk_children(with_self=True)]
        app.screen.dismiss()
        await pilot.pause()
        gc.unfreeze()  # what the app froze may include these: not a hold
        gc.collect()
        kept = [ref for ref in drawn if ref() is not None]
        assert len(drawn) > 10
        assert not kept, f"{len(kept)} of {len(drawn)} closed widgets' drawn lines kept"
