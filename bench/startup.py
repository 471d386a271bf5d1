"""Start-up time: from process start to the first full frame, of the kiosk and of the floor.

Each run is a fresh process (`python -m bench.startup kiosk|floor`), so imports count. The
parent passes its `time.monotonic_ns()` just before starting the child (CLOCK_MONOTONIC is
system-wide on Linux); the child runs the app headless, waits for Textual's `Ready` (the DOM
is ready and the first frame composed), notes the time once that refresh has finished, and
prints the elapsed ns after the app has closed (closing is not start-up).
The kiosk is started as `kiosk run` starts it (`run_kiosk`: the file is read once, for its
time zone and as the app's first reading), with the clock pinned to `figures.NOW`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from textual import events
from textual.app import App
from textual.message import Message

from bench.figures import profile_text

ROOT = Path(__file__).resolve().parents[1]
STARTED_ENV = "KIOSK_BENCH_STARTED_NS"
SIZE = (120, 40)
PYCACHE = Path(tempfile.gettempdir()) / "kiosk-bench-pycache"


async def run_to_first_frame(app: App[object]) -> int:
    """Run `app` headless until its first frame has been drawn, then leave; the
    `time.monotonic_ns()` of that frame (leaving, which the floor hardly has, is not counted)."""
    drawn = asyncio.Event()
    drawn_at = 0

    def frame_drawn() -> None:
        nonlocal drawn_at
        drawn_at = time.monotonic_ns()
        drawn.set()

    def hook(message: Message) -> None:
        if isinstance(message, events.Ready):
            app.call_after_refresh(frame_drawn)

    async with app.run_test(size=SIZE, message_hook=hook):
        await drawn.wait()
    return drawn_at


def make_kiosk(db: Path) -> App[object]:
    """The app as `kiosk --db DB --now NOW run` builds it (cli.run_kiosk)."""
    from bench.figures import NOW_TEXT
    from kiosk.cli.common import Context
    from kiosk.cli.run import build_kiosk
    from kiosk.store import Store

    return build_kiosk(Context(Store(db), None, NOW_TEXT), kiosk_mode=True, open_view=None)


def make_floor() -> App[object]:
    from bench.floor import StaticApp

    return StaticApp()


def start(kind: str, db: Path | None) -> int:
    app = make_kiosk(db) if kind == "kiosk" and db else make_floor()
    return asyncio.run(run_to_first_frame(app))


def child(kind: str, db: Path | None, profile: bool) -> None:
    """In the child: start the app, print nanoseconds from when the parent started us to the
    first frame (and, with `profile`, where the time went, imports included, to stderr)."""
    drawn_at = 0

    def run() -> None:
        nonlocal drawn_at
        drawn_at = start(kind, db)

    if profile:
        print(profile_text(run), file=sys.stderr)
    else:
        run()
    print(drawn_at - int(os.environ[STARTED_ENV]))


def child_env() -> dict[str, str]:
    """As a deployed kiosk runs: with bytecode cached (in a folder of its own, not the tree),
    even where the shell sets PYTHONDONTWRITEBYTECODE. The first run of each kind fills it."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return env | {"PYTHONPYCACHEPREFIX": str(PYCACHE)}


def run_child(kind: str, db: Path | None, profile: bool = False,
              no_snapshot: bool = False) -> tuple[float, str]:
    """One fresh process: seconds from its start to the first frame of `kind`, and its stderr
    (the profile, if asked for). `no_snapshot`: with an empty cache folder, so the file is
    validated as on a first start (`kiosk.snapshot`)."""
    command = [sys.executable, "-m", "bench.startup", kind]
    command += ["--db", str(db)] if db is not None else []
    command += ["--profile"] if profile else []
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-cache-") as empty:
        env = child_env() | ({"XDG_CACHE_HOME": empty} if no_snapshot else {})
        env[STARTED_ENV] = str(time.monotonic_ns())
        done = subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True,
                              text=True)
    return int(done.stdout.split()[-1]) / 1e9, done.stderr


def startup_seconds(kind: str, db: Path | None = None, no_snapshot: bool = False) -> float:
    return run_child(kind, db, no_snapshot=no_snapshot)[0]


def profile_startup(db: Path) -> str:
    """Where a kiosk start-up on `db` spends its time (cProfile, in a fresh process)."""
    return run_child("kiosk", db, profile=True)[1]


def interleaved(kinds: dict[str, Path | None], runs: int,
                no_snapshot: tuple[str, ...] = ()) -> dict[str, list[float]]:
    """`runs` start-ups of each, taking turns, so a noisy moment hits them all alike; one
    uncounted run of each first, to cache bytecode, warm the file cache and keep the file's
    snapshot (those named in `no_snapshot` start without one, each time)."""
    samples: dict[str, list[float]] = {name: [] for name in kinds}

    def one(name: str, db: Path | None) -> float:
        return startup_seconds("floor" if db is None else "kiosk", db, name in no_snapshot)

    for name, db in kinds.items():
        one(name, db)
    for _run in range(runs):
        for name, db in kinds.items():
            samples[name].append(one(name, db))
    return samples


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="one start-up (run by bench/run.py)")
    parser.add_argument("kind", choices=("kiosk", "floor"))
    parser.add_argument("--db", type=Path)
    parser.add_argument("--profile", action="store_true")
    arguments = parser.parse_args()
    child(arguments.kind, arguments.db, arguments.profile)
