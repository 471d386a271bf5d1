"""What a newcomer meets first: the README's set-up commands, run exactly as written.

The run command is read from the README's "Set-up" block and started in a real terminal (tmux,
120x40, with LINES and COLUMNS unset, from the repository's root, on the wall clock): the loop's
first frame must show today's meetings, the kiosk must still be running a few seconds later,
and SIGTERM (what `systemctl stop` sends) must stop it cleanly. If someone breaks the Makefile or
the CLI so that the command fails, this test fails. It needs tmux: skipped without it, except in
CI (CI set), where `.ci/run` installs it and a missing tmux is a failure.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
SIZE = (120, 40)
FIRST_FRAME_SECONDS = 90.0
"""`make run` may first have to notice the virtual environment is up to date."""
STILL_RUNNING_SECONDS = 4.0
STOP_SECONDS = 15.0


def setup_commands() -> list[str]:
    """The commands of the README's "Set-up" block, comments stripped, in order."""
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Set-up", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert block, "the README's Set-up section has no ```sh block"
    lines = (line.split("#", 1)[0].strip() for line in block.group(1).splitlines())
    return [line for line in lines if line]


def test_the_readme_gives_two_set_up_commands_and_ci_runs_its_test_command() -> None:
    run_command, test_command = setup_commands()
    assert "run" in run_command and "test" in test_command
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command in [line.strip() for line in ci_lines]


class Terminal:
    """One tmux session on a private server socket, so no other tmux is touched."""

    def __init__(self, name: str) -> None:
        self.socket = f"kiosk-first-contact-{os.getpid()}-{name}"

    def tmux(self, *args: str) -> str:
        done = subprocess.run(["tmux", "-L", self.socket, "-f", "/dev/null", *args],
                              capture_output=True, text=True, timeout=30, check=True)
        return done.stdout

    def start(self, command: str, cwd: Path) -> None:
        env = {key: value for key, value in os.environ.items()
               if key not in ("LINES", "COLUMNS", "TMUX")}
        env["TERM"] = "xterm-256color"
        subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", "new-session", "-d",
             "-x", str(SIZE[0]), "-y", str(SIZE[1]), "-c", str(cwd), command],
            env=env, check=True, timeout=30)
        self.tmux("set-option", "-g", "remain-on-exit", "on")

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p")

    def pane(self) -> tuple[int, bool, int | None]:
        """The pane's process id, whether it has exited, and how (its exit status, or minus the
        signal that ended it), once tmux knows: a pane can read as dead a moment before its
        status is in (its terminal closes before the process is reaped)."""
        fields = self.tmux("list-panes", "-F", "#{pane_pid} #{pane_dead} "
                           "s#{pane_dead_status} k#{pane_dead_signal}").split()
        dead = fields[1] == "1"
        status, signal_number = fields[2][1:], fields[3][1:]
        ended = int(status) if status else -int(signal_number) if signal_number else None
        return int(fields[0]), dead, ended if dead else None

    def kill(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True,
                       timeout=30, check=False)


@pytest.fixture
def terminal() -> Iterator[Terminal]:
    if shutil.which("tmux") is None:
        if os.environ.get("CI"):
            pytest.fail("tmux is missing: .ci/run installs it (make ci-deps)")
        pytest.skip("needs tmux (make ci-deps)")
    term = Terminal("run")
    yield term
    term.kill()


def todays_names() -> set[str]:
    """Today's meeting names on the wall clock, as `kiosk today --json` gives them."""
    done = subprocess.run([sys.executable, "-m", "kiosk", "--db", "data/kiosk.json", "today",
                           "--json"], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          check=True)
    return {row["name"] for row in json.loads(done.stdout)}


def kiosk_process(pane_pid: int) -> psutil.Process:
    """The `kiosk run` process the pane's command started (make runs it as a child)."""
    pane = psutil.Process(pane_pid)
    for process in [pane, *pane.children(recursive=True)]:
        command = " ".join(process.cmdline())
        if "kiosk" in command and " run" in command and "make" not in process.name():
            return process
    raise AssertionError(f"no kiosk process under the pane: {pane.cmdline()}")


def test_the_readme_run_command_shows_todays_meetings_and_keeps_running(
    terminal: Terminal,
) -> None:
    run_command = setup_commands()[0]
    terminal.start(run_command, ROOT)
    names = todays_names()
    deadline = time.monotonic() + FIRST_FRAME_SECONDS
    screen = ""
    while time.monotonic() < deadline:
        screen = terminal.screen()
        pane_pid, dead, status = terminal.pane()
        assert not dead, f"`{run_command}` stopped (status {status}):\n{screen}"
        if "Today's meetings" in screen and (not names or any(n in screen for n in names)):
            break
        time.sleep(0.25)
    else:
        pytest.fail(f"no Today slide with today's meetings ({sorted(names)}) after "
                    f"{FIRST_FRAME_SECONDS:.0f} s:\n{screen}")
    time.sleep(STILL_RUNNING_SECONDS)
    pane_pid, dead, status = terminal.pane()
    assert not dead, f"`{run_command}` stopped (status {status}):\n{terminal.screen()}"
    kiosk = kiosk_process(pane_pid)
    kiosk.send_signal(signal.SIGTERM)
    kiosk.wait(timeout=STOP_SECONDS)
    deadline = time.monotonic() + STOP_SECONDS
    while terminal.pane()[2] is None and time.monotonic() < deadline:
        time.sleep(0.1)
    _pid, dead, status = terminal.pane()
    assert dead and status == 0, f"SIGTERM did not stop it cleanly (status {status})"
