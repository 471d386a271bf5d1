"""A short soak (bench/soak.py): a simulated day with reloads, a roll-over and visitors."""

from __future__ import annotations

import gc
import weakref
from datetime import timedelta
from pathlib import Path

import pytest
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets._footer import FooterKey  # not exported; the keys Footer composes

from bench.soak import SPRING_FORWARD_WEEK, soak
from kiosk.screens.meeting import MeetingScreen
from kiosk.screens.program import ProgramScreen
from kiosk.screens.staff_exit import StaffExitScreen
from kiosk.watch import DataNotice
from tests.app_helpers import make_app, with_staff_pin


@pytest.mark.slow
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


async def test_closed_screens_are_freed_with_all_their_widgets(sample_path: Path) -> None:
    """Nothing on the app holds a screen once it closed: the app posts display changes to its
    screens, and no screen or widget watches the app (Textual keeps an app watcher, and with it
    the screen, until that attribute next changes: months for the language). The screens kept
    for the next visitor (browse, the meeting detail) are not closed ones: they hold on to the
    same widgets each visit."""
    with_staff_pin(sample_path)
    app, _clock = make_app(sample_path)
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.tick_timer is not None
        app.tick_timer.pause()
        app.data_notice = DataNotice("⚠ data: a test", "A test notice, in full.")
        closed: list[weakref.ref[DOMNode]] = []
        detail: list[weakref.ref[DOMNode]] = []  # the meeting detail's nodes, first visit

        async def leave_detail() -> None:
            """The detail stays installed for the next visitor, as browse does: the same screen
            with the same widgets each visit, filled in again. Only the footer's keys are new
            (Textual's Footer builds them again when a screen is shown): the old ones must go."""
            await pilot.pause()
            assert isinstance(app.screen, MeetingScreen)
            nodes = list(app.screen.walk_children(with_self=True))
            if not detail:
                detail.extend(weakref.ref(node) for node in nodes)
            else:
                now = {id(node) for node in nodes}
                stayed = [ref for ref in detail if (node := ref()) is not None and id(node) in now]
                assert stayed[0]() is app.screen
                assert len(stayed) > 20
                replaced = [ref for ref in detail if ref not in stayed]
                assert {type(ref()).__name__ for ref in replaced if ref() is not None} <= {
                    "FooterKey", "StaffNotice"}
                closed.extend(replaced)
            app.screen.dismiss()
            await pilot.pause()

        async def close_after(opened: type[Screen[None]]) -> None:
            await pilot.pause()
            assert isinstance(app.screen, opened)
            closed.extend(weakref.ref(node) for node in app.screen.walk_children(with_self=True))
            app.screen.dismiss()
            await pilot.pause()

        for _visit in range(2):
            app.action_browse()
            app.show_program("grief-group")  # a meeting list, a footer and its notice
            await close_after(ProgramScreen)
            app.show_meeting("smart-tue-evening")
            await leave_detail()
            await pilot.press("f12", "f12", "f12")  # the staff prompt, with the notice in full
            await close_after(StaffExitScreen)
            await app.return_to_loop()
            await pilot.pause()
        assert len(closed) > 50
        gc.unfreeze()  # what the app froze after its first frame may include these: not a hold
        gc.collect()
        alive = [node for ref in closed if (node := ref()) is not None]
        assert not alive, f"closed, but kept: {alive[:5]}"


async def test_a_kept_footer_lets_go_of_the_keys_it_replaced(sample_path: Path) -> None:
    """Browse and the meeting detail are kept for the app's life. Shown again, their footers
    keep their keys; built again (the language changed), they let go of the keys replaced.
    Textual's Footer binds each key's `compact` to its own, a watcher it keeps on the footer
    until `compact` changes (here never): such a footer held every key it ever showed."""
    app, _clock = make_app(sample_path)
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.tick_timer is not None
        app.tick_timer.pause()
        seen: list[weakref.ref[FooterKey]] = []

        def keys() -> list[FooterKey]:
            found = list(app.screen.query(FooterKey))
            seen.extend(weakref.ref(key) for key in found)
            return found

        app.action_browse()
        app.show_meeting("smart-tue-evening")
        await pilot.pause()
        first = keys()
        await pilot.press("escape")
        app.show_meeting("refuge-tue-evening")
        await pilot.pause()
        assert keys() == first  # the same keys: nothing built again

        for _visit in range(4):
            for screen_keys in ("browse", "meeting"):
                if screen_keys == "meeting":
                    app.show_meeting("smart-tue-evening")
                await pilot.pause()
                keys()
                await pilot.press("e")  # the other language: the keys are built again
                await pilot.pause()
                keys()
            await app.return_to_loop()  # and back to English, off the stack
            await pilot.pause()
            app.action_browse()
        gc.unfreeze()
        gc.collect()
        shown = {id(key) for screen in (app.browse_screen, app.meeting_screen)
                 for key in screen.query(FooterKey)}
        built = {id(ref) for ref in seen}  # one ref per key (CPython shares a key's plain ref)
        alive = {id(key) for ref in seen if (key := ref()) is not None}
        assert len(built) > 5 * len(shown) > 0
        # Those shown, and at most those of each screen's last frame (its compositor keeps
        # them until it draws again): a bound, however many times they were built.
        assert len(alive) <= 2 * len(shown), f"{len(alive)} keys alive for {len(shown)} shown"
