"""The running kiosk follows a feed end to end (issue 16, point 1): a loopback server serves a
Meeting Guide feed, the kiosk shows its meeting, follows a change, and keeps the listings with a
staff notice when the server breaks."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from kiosk.app import KioskApp
from kiosk.clock import Clock
from kiosk.interop.follow import FeedFollower
from kiosk.screens.meeting import MeetingScreen
from kiosk.store import Store
from kiosk.widgets.staff_notice import FOOTER_MARK
from tests.app_helpers import change_settings, make_app, screen_text
from tests.http_helpers import QuietHandler, loopback_server

MINUTE = 0.2  # seconds in a feed_interval_minutes minute, for these tests
MEETING = {"name": "Lantern Feed Circle", "slug": "lantern-feed", "day": 2, "time": "20:30",
           "location": "Lakeside Peer Support Center", "group": "SMART Recovery",
           "formatted_address": "100 Lakeside Dr, Springfield, IL 62701, USA"}
"""In person: a feed meeting with a place's name but no street address has nowhere to go."""


@dataclass
class Feed:
    """What the test server answers; tests change it as the kiosk runs."""

    records: list[dict[str, Any]] = field(default_factory=lambda: [MEETING])
    version: int = 1
    status: int = 200
    requests: int = 0

    def publish(self, **changes: Any) -> None:
        self.records = [{**MEETING, **changes}]
        self.version += 1


@pytest.fixture
def feed(sample_path: Path) -> Iterator[Feed]:
    """The feed on 127.0.0.1, and the sample set to follow it every (short) minute."""
    state = Feed()

    class Handler(QuietHandler):
        def do_GET(self) -> None:
            state.requests += 1
            if state.status != 200:
                self.send_error(state.status)
                return
            etag = f'"v{state.version}"'
            fresh = self.headers.get("If-None-Match") == etag
            body = b"" if fresh else json.dumps(state.records).encode()
            self.send_response(304 if fresh else 200)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    with loopback_server(Handler) as url:
        change_settings(sample_path, feed_url=f"{url}/feed.json", feed_interval_minutes=1,
                        feed_allow_private=True)
        yield state


def following_app(sample_path: Path) -> tuple[KioskApp, Clock]:
    return make_app(sample_path, feed_follower=FeedFollower(timeout=5, minute_seconds=MINUTE))


async def run_until(app: KioskApp, clock: Clock, pilot: Pilot[None],
                    done: Callable[[], bool], seconds: float = 15) -> None:
    """Tick (the clock pinned, moved a second a tick) until `done`, or fail after `seconds`."""
    for _ in range(round(seconds / MINUTE)):
        if done():
            return
        clock.advance(timedelta(seconds=1))
        await app.tick()
        await app.workers.wait_for_complete()
        await pilot.pause(MINUTE)
    raise AssertionError(f"not done in {seconds} s; the screen shows:\n{screen_text(app)}")


async def test_the_kiosk_shows_follows_and_keeps_a_feed(sample_path: Path, feed: Feed) -> None:
    app, clock = following_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.tick_timer is not None
        app.tick_timer.pause()  # only the test moves time
        await run_until(app, clock, pilot, lambda: app.listings.meeting("lantern-feed") is not None)
        app.action_browse()
        app.show_meeting("lantern-feed")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        assert "Lantern Feed Circle" in screen_text(app)

        feed.publish(name="Harbor Feed Circle")  # the server changes it: the screen follows
        await run_until(app, clock, pilot, lambda: "Harbor Feed Circle" in screen_text(app))
        assert "Lantern Feed Circle" not in screen_text(app)
        assert app.data_notice is None

        feed.status = 500  # the server breaks: the listings stay, staff are told
        await run_until(app, clock, pilot, lambda: app.data_notice is not None)
        assert app.data_notice is not None
        assert app.data_notice.short.startswith(
            "⚠ Feed from 127.0.0.1 not imported: the server answered 500")
        assert "The listings stay as they were" in app.data_notice.full
        assert isinstance(app.screen, MeetingScreen)
        assert "Harbor Feed Circle" in screen_text(app)
        assert FOOTER_MARK in screen_text(app)  # visitors see the mark; staff, the PIN prompt
        assert "not imported" not in screen_text(app)

        feed.status = 200  # mended: the notice goes
        await run_until(app, clock, pilot, lambda: app.data_notice is None)
        assert "Harbor Feed Circle" in screen_text(app)


async def test_an_unchanged_feed_is_asked_once_an_interval(sample_path: Path, feed: Feed) -> None:
    app, clock = following_app(sample_path)
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.tick_timer is not None
        app.tick_timer.pause()
        await run_until(app, clock, pilot, lambda: feed.requests >= 3)
        stamp = app.store.stamp()
        await run_until(app, clock, pilot, lambda: feed.requests >= 5)
        assert app.store.stamp() == stamp  # 304s: nothing written


async def test_clearing_feed_url_stops_following(sample_path: Path, feed: Feed) -> None:
    app, clock = following_app(sample_path)
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.tick_timer is not None
        app.tick_timer.pause()
        await run_until(app, clock, pilot, lambda: feed.requests >= 1)
        feed.status = 500
        await run_until(app, clock, pilot, lambda: app.data_notice is not None)
        app.store.update_settings(feed_url=None)  # a staff change, read like any other
        await run_until(app, clock, pilot, lambda: app.listings.settings.feed_url is None)
        await run_until(app, clock, pilot, lambda: app.data_notice is None)
        asked = feed.requests
        for _ in range(10):
            await app.tick()
            await pilot.pause(MINUTE)
        assert feed.requests == asked


# -- once in a real terminal --------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[1]


def tmux(socket: str, *args: str) -> str:
    return subprocess.run(["tmux", "-L", socket, *args], check=True, capture_output=True,
                          text=True, timeout=10).stdout


def wait_for_screen(socket: str, done: Callable[[str], bool], seconds: float = 30) -> str:
    """The pane's text once `done` with it, or fail after `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        text = tmux(socket, "capture-pane", "-p", "-t", "kiosk")
        if done(text):
            return text
        if time.monotonic() > deadline:
            raise AssertionError(f"not shown in {seconds} s; the pane shows:\n{text}")
        time.sleep(0.3)


@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
def test_kiosk_run_follows_a_feed_in_a_real_terminal(sample_path: Path, feed: Feed) -> None:
    """`kiosk run` in tmux: the feed's meeting shows; a change and a breakage follow, each
    checked at once because the settings change (the interval is a real minute here)."""
    socket = f"kiosk-follow-test-{os.getpid()}"
    command = shlex.join([
        sys.executable, "-m", "kiosk",
        "--db", str(sample_path), "--now", "2026-11-24T18:55", "run",
        "--log-file", str(sample_path.parent / "kiosk.log"),
    ])
    store = Store(sample_path)
    tmux(socket, "new-session", "-d", "-s", "kiosk", "-x", "120", "-y", "40", "-c", str(ROOT),
         command)
    try:
        wait_for_screen(socket, lambda text: "Lakeside" in text)  # the loop is up
        deadline = time.monotonic() + 30
        while store.load().meeting("lantern-feed") is None:  # the first check imports it
            assert time.monotonic() < deadline, "the feed was not imported"
            time.sleep(0.3)
        tmux(socket, "send-keys", "-t", "kiosk", "Space")  # browse
        wait_for_screen(socket, lambda text: "Meetings this week" in text)
        tmux(socket, "send-keys", "-t", "kiosk", "/")
        tmux(socket, "send-keys", "-t", "kiosk", "-l", "feed circle")
        wait_for_screen(socket, lambda text: "Lantern Feed Circle" in text)

        feed.publish(name="Harbor Feed Circle")
        store.update_settings(feed_interval_minutes=2)
        wait_for_screen(socket, lambda text: "Harbor Feed Circle" in text)

        feed.status = 500
        store.update_settings(feed_interval_minutes=3)
        log = sample_path.parent / "kiosk.log"
        deadline = time.monotonic() + 30
        while not log.exists() or "not imported" not in log.read_text("utf-8"):
            assert time.monotonic() < deadline, "the failed check was not logged"
            time.sleep(0.3)
        text = wait_for_screen(socket, lambda text: FOOTER_MARK in text)  # the mark for staff
        assert "Harbor Feed Circle" in text and "not imported" not in text
    finally:
        subprocess.run(["tmux", "-L", socket, "kill-server"], check=False, timeout=10)
