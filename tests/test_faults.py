"""Faults staff meet (issue 16, point 7): never a traceback, a clear word instead.

Latin-1 bytes on the command line, a feed nested 100,000 deep, any unforeseen error: one line
for staff, the traceback in the log. An unwritable log, a read-only listings file, temp files
left by a crash, and texts far longer than any screen.
"""

from __future__ import annotations

import io
import json
import socket
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Static

from kiosk import logs
from kiosk.app import KioskApp
from kiosk.cli import main, reports
from kiosk.logs import log
from kiosk.screens.meeting import MeetingScreen
from kiosk.store import Store
from kiosk.validate import MAX_NAME_LENGTH, MAX_TEXT_CHARS
from tests.app_helpers import make_app, screen_text
from tests.conftest import SAMPLE_FILE

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def state_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The default log goes under the test's folder, never the user's home; the kiosk's
    logger starts with no handler (an earlier test in this process may have set one up) and is
    left as it was found."""
    state = tmp_path / "state"
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    handlers, propagate = list(log.handlers), log.propagate
    log.handlers[:] = []
    yield state
    for handler in log.handlers:
        if handler not in handlers:
            handler.close()
    log.handlers[:] = handlers
    log.propagate = propagate


def run_cli(*args: str | bytes, cwd: Path = ROOT) -> subprocess.CompletedProcess[bytes]:
    """`kiosk ARGS` in a fresh process, as staff type it (bytes reach argv as they are)."""
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args],
        capture_output=True, cwd=cwd, timeout=60, check=False,
    )


def test_latin1_bytes_on_the_command_line_are_refused_in_one_line(sample_path: Path) -> None:
    done = run_cli("--db", str(sample_path), "meetings", "add", "--id", "cafe", "--program",
                   "smart", "--name", b"Caf\xe9", "--day", "tue", "--time", "19:00")
    assert done.returncode == 1
    assert b"Traceback" not in done.stderr + done.stdout
    assert b"name: is not valid text" in done.stderr
    assert json.loads(sample_path.read_text("utf-8")) == json.loads(SAMPLE_FILE.read_text())


def test_a_feed_nested_100000_deep_is_refused_in_one_line(
    sample_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    feed = tmp_path / "deep.json"
    feed.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    status = main(["--db", str(sample_path), "import", str(feed), "--format", "meeting-guide"])
    err = capsys.readouterr().err
    assert status == 1
    assert "nested too deeply" in err
    assert "Traceback" not in err


def test_an_unforeseen_error_is_one_line_and_its_traceback_is_logged(
    sample_path: Path, state_home: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def broken(*_args: object) -> int:
        raise RuntimeError("something nobody foresaw")

    monkeypatch.setattr(reports, "check_file", broken)
    status = main(["--db", str(sample_path), "check"])
    err = capsys.readouterr().err
    assert status == 1
    assert err.count("\n") == 1
    assert err.startswith("error: unexpected error (RuntimeError: something nobody foresaw)")
    log = state_home / "peer-support-kiosk" / "kiosk.log"
    assert str(log) in err
    assert "Traceback" in log.read_text("utf-8") and "nobody foresaw" in log.read_text("utf-8")


# -- an unwritable log ---------------------------------------------------------------------


def unwritable_log(tmp_path: Path) -> Path:
    """A log path whose folder is a file: it cannot be made, even by root."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    return blocker / "kiosk.log"


def test_an_unwritable_log_falls_back_to_standard_error_and_the_kiosk_runs(
    sample_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    started: list[bool] = []

    def run(app: KioskApp) -> None:
        started.append(True)
        log.info("the kiosk is running")

    monkeypatch.setattr(KioskApp, "run", run)
    status = main(["--db", str(sample_path), "run", "--log-file", str(unwritable_log(tmp_path))])
    err = capsys.readouterr().err
    assert status == 0 and started == [True]
    assert "warning: cannot write the log" in err and "logging to standard error" in err
    assert "INFO the kiosk is running" in err


class Terminal(io.StringIO):
    """Standard error as a terminal (where the kiosk draws its picture)."""

    def isatty(self) -> bool:
        return True


def test_on_a_terminal_an_unwritable_log_goes_to_the_system_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    address = tmp_path / "log.sock"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as syslog:
        syslog.bind(str(address))
        monkeypatch.setattr(logs, "SYSLOG_ADDRESS", str(address))
        screen = Terminal()
        monkeypatch.setattr(sys, "stderr", screen)
        assert logs.fall_back_logging() == "the system log"
        log.warning("a line for the journal")
        assert b"a line for the journal" in syslog.recv(4096)
    assert screen.getvalue() == ""  # nothing over the kiosk's picture


def test_without_a_system_log_the_kiosk_logs_nowhere_rather_than_on_its_screen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(logs, "SYSLOG_ADDRESS", str(tmp_path / "no-such.sock"))
    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    assert logs.fall_back_logging() == "nowhere"
    log.warning("lost")
    assert screen.getvalue() == ""


# -- the listings file ---------------------------------------------------------------------


def test_a_read_only_listings_file_is_refused_not_overwritten(
    sample_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = sample_path.read_bytes()
    sample_path.chmod(0o444)
    status = main(["--db", str(sample_path), "meetings", "cancel", "smart-tue-evening",
                   "2026-12-01"])
    err = capsys.readouterr().err
    assert status == 1
    assert "is read-only, so nothing was changed" in err and "chmod u+w" in err
    assert sample_path.read_bytes() == before
    assert not sample_path.with_name("kiosk.json.bak").exists()
    assert stat.S_IMODE(sample_path.stat().st_mode) == 0o444


def test_temp_files_left_by_a_crash_are_removed_on_the_next_write(sample_path: Path) -> None:
    folder = sample_path.parent
    stale = [folder / ".kiosk.json.abc123.tmp", folder / ".kiosk.json.bak.xyz.tmp"]
    for path in stale:
        path.write_text("half a file", encoding="utf-8")
    other = folder / ".other.json.abc.tmp"
    other.write_text("not ours", encoding="utf-8")
    Store(sample_path).update_settings(footer_text="Call 988")
    assert not any(path.exists() for path in stale)
    assert other.exists()
    assert sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp")) == [other.name]


# -- texts far longer than a screen --------------------------------------------------------


async def test_a_very_long_text_is_cut_for_display_and_kept_in_the_file(
    sample_path: Path,
) -> None:
    data = json.loads(sample_path.read_text("utf-8"))
    meeting = next(m for m in data["meetings"].values() if m["id"] == "smart-tue-evening")
    meeting.update(name="N" * MAX_NAME_LENGTH, notes="word " * (MAX_TEXT_CHARS // 5))
    refused = {**meeting, "id": "too-long", "name": "x" * 1_000_000}
    data["meetings"]["999"] = refused
    sample_path.write_text(json.dumps(data), encoding="utf-8")

    stored = {m.id: m for m in Store(sample_path).load().meetings}
    assert len(stored["smart-tue-evening"].notes) == MAX_TEXT_CHARS  # the file keeps it
    assert "too-long" not in stored  # beyond the limit: refused, never drawn

    from kiosk.visible import DISPLAY_CHARS  # here: before this change, only this test fails

    app, _clock = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        shown = next(m for m in app.listings.meetings if m.id == "smart-tue-evening")
        assert shown.name == "N" * MAX_NAME_LENGTH  # names are short enough to show whole
        assert len(shown.notes) == DISPLAY_CHARS + 1 and shown.notes.endswith("…")
        app.show_meeting("smart-tue-evening")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        drawn = screen_text(app)
        assert "N" * 100 in drawn and "Traceback" not in drawn
        for widget in app.screen.query(Static):
            assert len(str(widget.content)) <= 2 * DISPLAY_CHARS + 100
