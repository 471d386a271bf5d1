"""The floors: the least a Textual app costs in this environment, to measure the kiosk against.

`StaticApp` shows one Static (the start-up floor); `ClockApp` updates a clock Static once a
second with `set_interval` (the idle floor: the kiosk's header clock does at least that much);
`EchoApp` copies an Input's text to a Static as you type (the key-to-screen floor).

    .venv/bin/python -m bench.floor          # the clock floor in this terminal (ctrl+q quits)
"""

from __future__ import annotations

import time

from textual import on
from textual.app import App, ComposeResult
from textual.widgets import Input, Static


class StaticApp(App[None]):
    """A bare app that shows one Static: nothing to start but Textual itself."""

    def compose(self) -> ComposeResult:
        yield Static("Lakeside Peer Support Center")


class ClockApp(App[None]):
    """A bare app whose only work is a clock, redrawn once a second."""

    def compose(self) -> ComposeResult:
        yield Static(id="clock")

    def on_mount(self) -> None:
        self.show_time()
        self.set_interval(1.0, self.show_time)

    def show_time(self) -> None:
        self.query_one("#clock", Static).update(time.strftime("%A %H:%M:%S"))


class EchoApp(App[None]):
    """A bare app that shows what is typed: one key, one Input change, one Static update."""

    def compose(self) -> ComposeResult:
        yield Input(id="search")
        yield Static(id="echo")

    @on(Input.Changed)
    def echo(self, event: Input.Changed) -> None:
        self.query_one("#echo", Static).update(event.value)


if __name__ == "__main__":
    ClockApp().run()
