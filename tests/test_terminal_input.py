"""Input that cannot end kiosk mode (issue 16, point 3).

Bytes that are not UTF-8 on the kiosk's terminal (``tmux send-keys -H ff``) used to fail
Textual's input thread and end the kiosk with status 0. Now they are replaced, never fatal,
and should Textual give up on an error anyway, the kiosk logs it and exits non-zero.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.app import PANIC_STATUS
from kiosk.logs import log
from kiosk.terminal import replace_bad_input
from tests.app_helpers import make_app

ROOT = Path(__file__).resolve().parent.parent
BAD_BYTES = ["ff", "fe", "80", "c0", "c3 28", "ed a0 80", "f8 88 80 80 80", "e2 82"]
"""Invalid UTF-8: lone bytes, a bad continuation, a surrogate, a 5-byte form, a cut-off one."""


def test_the_drivers_decoder_replaces_invalid_bytes() -> None:
    from textual.drivers import linux_driver

    replace_bad_input()
    decode = linux_driver.getincrementaldecoder("utf-8")().decode
    assert decode(b"a\xffb\xc3(\xed\xa0\x80") == "a\ufffdb\ufffd(\ufffd\ufffd\ufffd"
    assert decode(b"\xc3") == "" and decode(b"\xa9") == "é"  # split characters still join


async def test_a_panic_is_logged_and_exits_non_zero(
    sample_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    app, _clock = make_app(sample_path)
    log.propagate = True
    try:
        async with app.run_test() as pilot:
            app.call_later(app.panic, "the input thread broke")
            await pilot.pause()
    finally:
        log.propagate = False
    assert app.return_code == PANIC_STATUS
    assert "the input thread broke" in caplog.text


class Tmux:
    """A tmux server of the test's own, running one command in a 120x40 window."""

    def __init__(self, socket: Path) -> None:
        self.socket = socket

    def __call__(self, *args: str) -> str:
        done = subprocess.run(["tmux", "-S", str(self.socket), *args], capture_output=True,
                              text=True, timeout=20, check=False)
        return done.stdout

    def screen(self) -> str:
        return self("capture-pane", "-p", "-t", "kiosk")

    def wait_for(self, text: str, seconds: float = 30) -> str:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if text in (screen := self.screen()):
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} not on screen:\n{self.screen()}")


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    server = Tmux(tmp_path / "tmux.sock")
    yield server
    server("kill-server")


def test_invalid_bytes_on_the_terminal_leave_the_kiosk_running(
    sample_path: Path, tmp_path: Path, tmux: Tmux
) -> None:
    command = shlex.join([
        sys.executable, "-m", "kiosk",
        "--db", str(sample_path), "--now", "2026-11-24T18:55", "run",
        "--log-file", str(tmp_path / "kiosk.log"),
    ])
    tmux("new-session", "-d", "-s", "kiosk", "-x", "120", "-y", "40", "-c", str(ROOT),
         f"{command}; echo KIOSK-EXITED-$?; sleep 60")
    tmux.wait_for("Lakeside Peer Support Center")
    for case in BAD_BYTES:
        tmux("send-keys", "-t", "kiosk", "-H", *case.split())
        time.sleep(0.7)
        screen = tmux.screen()
        assert "KIOSK-EXITED" not in screen, (case, screen)
        assert "Lakeside Peer Support Center" in screen, (case, screen)
    tmux("send-keys", "-t", "kiosk", "-H", "20")  # space: browse mode still answers keys
    tmux.wait_for("Search")
    assert "Traceback" not in (tmp_path / "kiosk.log").read_text("utf-8")
