"""`kiosk serve` without a browser: who can reach it, what it runs, and how it refuses.

The browser itself is tested in tests/test_browser_e2e.py.
"""

from __future__ import annotations

import shlex
import socket
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kiosk.cli import build_parser, main
from kiosk.cli.common import Context
from kiosk.cli.run import run_kiosk
from kiosk.cli.serve import is_loopback, kiosk_command
from kiosk.serve import KioskServer, page_address
from kiosk.store import Store


@pytest.mark.parametrize("host", ["127.0.0.1", "127.8.9.10", "localhost", "LOCALHOST", "::1"])
def test_loopback_hosts(host: str) -> None:
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "", "192.168.1.20", "kiosk-pc.local"])
def test_hosts_other_devices_can_reach(host: str) -> None:
    assert not is_loopback(host)


def test_each_browser_runs_the_kiosk_in_kiosk_mode_with_the_same_file_clock_and_zone(
    tmp_path: Path,
) -> None:
    listings = tmp_path / "a folder with 'quotes' and spaces" / "kiosk.json"
    ctx = Context(Store(listings), ZoneInfo("America/Denver"), "2026-11-24T18:55")

    argv = shlex.split(kiosk_command(ctx))

    assert argv[:3] == [sys.executable, "-m", "kiosk"]
    args = build_parser().parse_args(argv[3:])
    assert args.handler is run_kiosk
    assert not args.no_kiosk
    assert Path(args.db) == listings.resolve()
    assert (args.now, args.tz) == ("2026-11-24T18:55", ZoneInfo("America/Denver"))


def test_without_now_or_tz_the_kiosk_uses_the_wall_clock_and_the_files_zone(
    sample_path: Path,
) -> None:
    args = build_parser().parse_args(shlex.split(kiosk_command(
        Context(Store(sample_path), None, None)))[3:])
    assert (args.now, args.tz) == (None, None)


@pytest.mark.parametrize(("host", "warned"), [
    ("127.0.0.1", False), ("localhost", False), ("0.0.0.0", True), ("192.168.1.20", True),
])
def test_a_host_other_devices_can_reach_is_warned_about_in_one_line(
    sample_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    host: str, warned: bool,
) -> None:
    started: list[tuple[str, int]] = []
    monkeypatch.setattr(KioskServer, "serve", lambda server: started.append(
        (server.host, server.port)))

    assert main(["--db", str(sample_path), "serve", "--host", host, "--port", "8123"]) == 0

    assert started == [(host, 8123)]
    errors = capsys.readouterr().err
    if warned:
        assert errors.count("\n") == 1
        assert errors.startswith("warning:") and "network" in errors and "8123" in errors
    else:
        assert errors == ""


def test_the_address_to_open() -> None:
    assert page_address("127.0.0.1", 8000) == "http://127.0.0.1:8000"
    assert page_address("::1", 8000) == "http://[::1]:8000"
    assert page_address("0.0.0.0", 8080) == "http://THIS-MACHINE:8080"


@pytest.mark.parametrize("port", ["0", "65536", "eighty"])
def test_a_port_that_cannot_be_is_a_usage_error(sample_path: Path, port: str) -> None:
    assert main(["--db", str(sample_path), "serve", "--port", port]) == 2


def test_a_port_in_use_is_refused_plainly(sample_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "kiosk", "--db", str(sample_path), "serve",
             "--port", str(port)],
            capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL,
        )
    assert done.returncode == 1
    assert f"error: cannot serve on 127.0.0.1:{port}" in done.stderr
    assert "Traceback" not in done.stderr
