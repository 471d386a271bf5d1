"""Idle cost in a real terminal: CPU seconds per minute and resident memory of a running app.

Each app runs in its own tmux pane (120x40) on a private tmux server (`-L`, a unique name),
started with LINES and COLUMNS removed so Textual asks the pane for its size. Its stderr is
left alone: Textual draws on it. The pane's process is the app itself (`exec`), so psutil
samples that pid: CPU time (user + system, all threads) over the window after a warm-up, and
the resident set at the end. The server is killed afterwards, whatever happens.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
COLUMNS, ROWS = 120, 40
VENV_ENV = "KIOSK_BENCH_VENV"
"""A venv to measure the kiosk (and the floor) in, e.g. a production install
(`pip install .`, no dev extras, plus psutil); by default the repository's `.venv`."""
VENV = Path(os.environ.get(VENV_ENV) or ROOT / ".venv")
KIOSK = VENV / "bin" / "kiosk"


@dataclass(frozen=True)
class IdleCost:
    """What an app costs while nobody touches it."""

    cpu_per_minute: float
    """CPU seconds used per minute of wall time."""
    rss: int
    """Resident set size at the end of the window, in bytes."""
    screen: str
    """The pane's text at the end, to check the app was really running."""


def tmux(socket: str, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("LINES", "COLUMNS", "TMUX")}
    done = subprocess.run(["tmux", "-L", socket, *args], env=env, check=True,
                          capture_output=True, text=True)
    return done.stdout


@contextmanager
def pane(command: list[str]) -> Iterator[tuple[str, psutil.Process]]:
    """`command` running in a fresh 120x40 tmux pane: (socket, the app's process)."""
    socket = f"kiosk-bench-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    try:
        tmux(socket, "new-session", "-d", "-s", "bench", "-x", str(COLUMNS), "-y", str(ROWS),
             "-c", str(ROOT), "exec " + shlex.join(command))
        pid = int(tmux(socket, "display-message", "-p", "-t", "bench", "#{pane_pid}"))
        yield socket, psutil.Process(pid)
    finally:
        subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True)


def measure(command: list[str], warm_up: float, seconds: float) -> IdleCost:
    """Start `command` in a pane, wait `warm_up` s, then sample it for `seconds` s."""
    with pane(command) as (socket, process):
        time.sleep(warm_up)
        before = process.cpu_times()
        started = time.monotonic()
        time.sleep(seconds)
        after = process.cpu_times()
        elapsed = time.monotonic() - started
        rss = process.memory_info().rss
        screen = tmux(socket, "capture-pane", "-p", "-t", "bench")
    used = (after.user - before.user) + (after.system - before.system)
    return IdleCost(used / elapsed * 60, rss, screen)


def kiosk_command(db: Path, now: str) -> list[str]:
    return [str(KIOSK), "--db", str(db), "--now", now, "run"]


def floor_command() -> list[str]:
    python = VENV / "bin" / "python" if os.environ.get(VENV_ENV) else Path(sys.executable)
    return [str(python), "-m", "bench.floor"]
