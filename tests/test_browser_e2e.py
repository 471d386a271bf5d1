"""`kiosk serve` in a real browser: headless Chromium (Debian's package) driven by Playwright.

Needs /usr/bin/chromium and the playwright package (`make test-deps` installs both; no browser
is ever downloaded by Playwright). Without them the tests are skipped, except in CI (CI set),
where a missing browser is a failure. Run them alone with
`.venv/bin/pytest tests/test_browser_e2e.py`; with KIOSK_BROWSER_SCREENSHOT=docs/images/browser.png
the browse-mode screenshot is also saved there for the README.

The terminal in textual-serve's page is xterm.js drawing on a canvas, so the page has no text to
query. The init script below keeps the page's xterm.js Terminal when textual.js stores it (as
`.terminal`) and reads rows with xterm's public buffer API: the tests see exactly what the
browser's terminal shows, whatever renderer draws it.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PIL import Image

from tests.app_helpers import change_settings

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

pytestmark = pytest.mark.xdist_group("browser")  # one worker starts Chromium, once

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 720}
NOW = "2026-11-24T18:55"  # tests.app_helpers.TUESDAY_EVENING: one meeting on, one soon
SCREENSHOT_ENV = "KIOSK_BROWSER_SCREENSHOT"
MAX_SCREENSHOT_BYTES = 300_000
WAIT_MS = 20_000
SERVER_START_SECONDS = 20.0
SERVER_STOP_SECONDS = 10.0
DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: no proxy

SCREEN_READER = """
(() => {
  window.kioskTerminals = [];
  Object.defineProperty(Object.prototype, "terminal", {
    configurable: true,
    set(value) {
      Object.defineProperty(this, "terminal", {
        value, writable: true, configurable: true, enumerable: true,
      });
      if (value && value.buffer && typeof value.write === "function") {
        window.kioskTerminals.push(value);
        delete Object.prototype.terminal;
      }
    },
  });
  window.kioskScreenText = () => {
    const terminal = window.kioskTerminals[0];
    if (!terminal) return null;
    const buffer = terminal.buffer.active;
    const rows = [];
    for (let y = 0; y < terminal.rows; y++) {
      const line = buffer.getLine(buffer.viewportY + y);
      rows.push(line ? line.translateToString(true) : "");
    }
    return rows.join("\\n");
  };
})();
"""


def missing_browser_parts() -> list[str]:
    """What this machine lacks to drive Chromium, each with how to get it."""
    missing = []
    if importlib.util.find_spec("playwright") is None:
        missing.append("the playwright package (pip install playwright)")
    if not CHROMIUM.exists():
        missing.append(f"{CHROMIUM} (apt-get install chromium)")
    return missing


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ServedKiosk:
    """`kiosk serve` in its own process group, so stopping it also ends every kiosk it ran."""

    def __init__(self, listings: Path, port: int, log: Path) -> None:
        self.listings = listings
        self.port = port
        self.url = f"http://127.0.0.1:{port}/"
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = [sys.executable, "-m", "kiosk", "--db", str(self.listings), "--now", NOW,
                   "serve", "--port", str(self.port)]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + SERVER_START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"kiosk serve exited with {self.process.returncode}:\n{self.output()}")
            with contextlib.suppress(OSError), DIRECT.open(self.url, timeout=1) as answer:
                if answer.status == 200:
                    return
            time.sleep(0.1)
        pytest.fail(f"kiosk serve did not answer within {SERVER_START_SECONDS} s:\n"
                    f"{self.output()}")

    def stop(self) -> None:
        if self.process is None:
            return
        process, self.process = self.process, None
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=SERVER_STOP_SECONDS)
        with contextlib.suppress(ProcessLookupError):  # whatever of the group is still running
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=SERVER_STOP_SECONDS)

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    """Debian's Chromium, headless, with a fresh profile; skipped without it (not in CI)."""
    missing = missing_browser_parts()
    if missing:
        reason = "the browser test needs " + " and ".join(missing) + "; `make test-deps`"
        if os.environ.get("CI"):
            pytest.fail(f"{reason} must run in CI before the tests")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            tmp_path_factory.mktemp("chromium-profile"), executable_path=CHROMIUM,
            headless=True, args=CHROMIUM_ARGS, viewport=VIEWPORT, timeout=WAIT_MS,
        )
        context.set_default_timeout(WAIT_MS)
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def served(sample_path: Path, tmp_path: Path) -> Iterator[ServedKiosk]:
    """The sample served on a free loopback port; the first slide stays up for the test."""
    change_settings(sample_path, dwell_seconds=3600, idle_timeout_seconds=3600)
    server = ServedKiosk(sample_path, free_port(), tmp_path / "serve.log")
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def page(browser: BrowserContext) -> Iterator[Page]:
    page = browser.new_page()
    page.add_init_script(SCREEN_READER)
    try:
        yield page
    finally:
        page.close()


def wait_for_screen(page: Page, *texts: str) -> str:
    """Wait until the browser's terminal shows every one of `texts`; return the whole screen."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(
            "texts => { const screen = window.kioskScreenText();"
            " return screen !== null && texts.every(text => screen.includes(text)); }",
            arg=list(texts), polling=100,
        )
    except PlaywrightTimeout:
        shown = page.evaluate("window.kioskScreenText()")
        if shown is None:
            pytest.fail("no xterm.js terminal found on the page: has textual-serve's textual.js "
                        "stopped keeping it as `.terminal`?")
        pytest.fail(f"the browser never showed {texts!r}; it shows:\n{shown}")
    return str(page.evaluate("window.kioskScreenText()"))


def test_the_loop_then_browse_mode_in_chromium(
    served: ServedKiosk, page: Page, tmp_path: Path
) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(served.url)

    loop = wait_for_screen(page, "Today's meetings", "Happening now",
                           "SMART Recovery Tuesday Evening", "Press any key or tap to browse")
    assert "Meetings this week" not in loop

    page.focus(".xterm-helper-textarea")  # where xterm.js takes the keyboard
    page.keyboard.press("Enter")
    browse = wait_for_screen(page, "Meetings this week", "Grief Group Wednesday")
    assert "Press any key or tap to browse" not in browse

    screenshot = tmp_path / "browser.png"
    page.screenshot(path=screenshot)
    with Image.open(screenshot) as image:
        assert image.size == (VIEWPORT["width"], VIEWPORT["height"])
    assert screenshot.stat().st_size < MAX_SCREENSHOT_BYTES
    if copy_to := os.environ.get(SCREENSHOT_ENV):
        shutil.copyfile(screenshot, copy_to)

    outside = [url for url in requested if not url.startswith(served.url)]
    assert requested and not outside, f"the page fetched from elsewhere: {outside}"


def test_the_page_comes_back_by_itself_after_a_server_restart(
    served: ServedKiosk, page: Page
) -> None:
    page.goto(served.url)
    wait_for_screen(page, "Today's meetings", "SMART Recovery Tuesday Evening")
    page.focus(".xterm-helper-textarea")
    page.keyboard.press("Enter")
    wait_for_screen(page, "Meetings this week")

    served.stop()
    page.wait_for_selector(".notice.reconnecting", state="visible")
    served.start()
    # reloaded by the page itself: a new kiosk session, so the loop again
    wait_for_screen(page, "Today's meetings", "SMART Recovery Tuesday Evening")
