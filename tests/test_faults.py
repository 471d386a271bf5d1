"""Faults staff meet (issue 16, point 7): never a traceback, a clear word instead.

Latin-1 bytes on the command line, a feed nested 100,000 deep, any unforeseen error: one line
for staff, the traceback in the log. An unwritable log, a read-only listings file, temp files
left by a crash, and texts far longer than any screen.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk import cli
from kiosk.cli import main
from kiosk.logs import log
from tests.conftest import SAMPLE_FILE

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def state_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The default log goes under the test's folder, never the user's home; the kiosk's
    logger is left as it was found."""
    state = tmp_path / "state"
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    handlers, propagate = list(log.handlers), log.propagate
    yield state
    for handler in log.handlers:
        if handler not in handlers:
            handler.close()
    log.handlers[:] = handlers
    log.propagate = propagate


def run_cli(*args: str | bytes, cwd: Path = ROOT) -> subprocess.CompletedProcess[bytes]:
    """`kiosk ARGS` in a fresh process, as staff type it (bytes reach argv as they are)."""
    return subprocess.run(
        [sys.executable, "-c", "import sys, kiosk.cli as c; sys.exit(c.main())", *args],
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

    monkeypatch.setattr(cli, "check_file", broken)
    status = main(["--db", str(sample_path), "check"])
    err = capsys.readouterr().err
    assert status == 1
    assert err.count("\n") == 1
    assert err.startswith("error: unexpected error (RuntimeError: something nobody foresaw)")
    log = state_home / "peer-support-kiosk" / "kiosk.log"
    assert str(log) in err
    assert "Traceback" in log.read_text("utf-8") and "nobody foresaw" in log.read_text("utf-8")
