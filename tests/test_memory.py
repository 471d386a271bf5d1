"""Memory that stays where it starts: what a closed screen drew goes with it, and a short soak
keeps nothing per reload or per visit."""

from __future__ import annotations

import gc
import subprocess
import sys
import tracemalloc
import weakref
from datetime import timedelta
from pathlib import Path

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from bench.soak import SPRING_FORWARD_WEEK, soak
from kiosk import textual_fixes
from kiosk.collector import full_collections_held
from kiosk.screens.program import ProgramScreen
from tests.app_helpers import make_app

KIB = 1024


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


def test_a_line_of_text_makes_its_caches_when_it_first_uses_them() -> None:
    """Textual's `Strip` made seven empty caches per line, about 1.1 KiB (`kiosk.textual_fixes`);
    a line now costs its segments, and still caches what it works out."""
    textual_fixes.apply()
    segments = [Segment("Tuesday, "), Segment("November 24", Style(bold=True))]
    if not tracemalloc.is_tracing():
        tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        lines = [Strip(segments) for _ in range(1000)]
        per_line = (tracemalloc.get_traced_memory()[0] - before) / len(lines)
    finally:
        tracemalloc.stop()
    assert per_line < 400, f"{per_line:.0f} bytes a line"
    line = lines[0]
    assert line.crop(0, 7).text == "Tuesday" and line.crop(0, 7) is line.crop(0, 7)
    assert [part.text for part in line.divide([9, 20])] == ["Tuesday, ", "November 24"]
    assert line.divide([9, 20]) is line.divide([9, 20])
    assert line.apply_style(Style(italic=True)) is line.apply_style(Style(italic=True))


def slope(samples: list[int]) -> float:
    """Least-squares growth per step of a series of readings."""
    n = len(samples)
    mean_x, mean_y = (n - 1) / 2, sum(samples) / n
    spread = sum((x - mean_x) ** 2 for x in range(n))
    return sum((x - mean_x) * (y - mean_y) for x, y in enumerate(samples)) / spread


def traced_alive() -> int:
    """Bytes allocated since the first reading and still alive once the garbage is collected
    (frozen objects stay put: the app's own freezing is part of what is measured)."""
    if not tracemalloc.is_tracing():
        tracemalloc.start()
    gc.collect()
    return tracemalloc.get_traced_memory()[0]


async def test_memory_per_reload_and_per_visit_levels_off(sample_path: Path) -> None:
    """A short soak (bench/soak.py): what each reload and each visitor leaves behind must not
    keep adding up. The slope after a warm-up (caches filling) is checked, not a timing; the
    Textual cache fixed in `kiosk.textual_fixes` made it about 170 KiB a visit."""
    try:
        result = await soak(sample_path, days=0.25, start=SPRING_FORWARD_WEEK,
                            step=timedelta(minutes=2), reloads=5, visit_every=8,
                            measure=traced_alive)
    finally:
        tracemalloc.stop()
    assert result.reloads_seen == 5 and result.visits == 22
    per_visit = slope(result.after_visits[6:])
    per_reload = slope(result.after_reloads[1:])
    assert per_visit < 50 * KIB, f"{per_visit / KIB:.0f} KiB kept per visit"
    assert per_reload < 200 * KIB, f"{per_reload / KIB:.0f} KiB kept per reload"


def test_the_kiosk_draws_its_codes_without_pillow_and_its_dates_without_babel(
    sample_path: Path, tmp_path: Path
) -> None:
    """What a kiosk carries at idle (bench/idle.py): qrcode without Pillow (3.8 MiB, needed
    only for images, `kiosk.qr._qrcode`), and no Babel (its modules and locale data, about
    6 MiB: dates come from `kiosk.calendar_words`). In a fresh process: Pillow and Babel are
    installed here for the tests."""
    shot = ["--db", str(sample_path), "--now", "2026-11-24T18:55", "screenshot",
            "--screen", "meeting:smart-tue-evening", "-o", str(tmp_path / "meeting.svg")]
    probe = (
        f"import sys; from kiosk import cli; code = cli.main({shot!r});"
        "print(code, sorted({m.partition('.')[0] for m in sys.modules}"
        " & {'qrcode', 'PIL', 'babel'}))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True, cwd=Path(__file__).parent.parent)
    assert done.stdout.split("\n")[-2] == "0 ['qrcode']", done.stdout


async def test_full_collections_wait_while_a_visitor_types_and_run_once_input_pauses(
    sample_path: Path,
) -> None:
    """No automatic full collection lands on a visitor's key (25-45 ms with 20,000 meetings);
    they run again two ticks after the last key, after 30 ticks of unbroken input, and once
    the app has stopped."""
    app, _clock = make_app(sample_path)
    assert not full_collections_held()
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.tick_timer is not None
        app.tick_timer.pause()  # the test ticks by hand
        await pilot.press("a")
        assert full_collections_held()
        full: list[int] = []

        def noted(phase: str, info: dict[str, int]) -> None:
            if phase == "start" and info["generation"] == 2:
                full.append(1)

        gc.callbacks.append(noted)
        try:
            made = [[object()] for _ in range(200_000)]  # enough for Python to want one
            await pilot.press("b")
            assert not full and full_collections_held()
            await app.tick()
            assert full_collections_held()
            await app.tick()
            assert not full_collections_held()
            made.clear()
            for _ in range(29):
                await pilot.press("c")
                await app.tick()
                assert full_collections_held()
            await pilot.press("c")
            await app.tick()
            assert not full_collections_held()  # 30 ticks held in a row: let one run
        finally:
            gc.callbacks.remove(noted)
        await pilot.press("d")
        assert full_collections_held()
    assert not full_collections_held()
