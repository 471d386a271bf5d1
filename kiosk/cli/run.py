"""`kiosk run` and `kiosk screenshot`: the visitor kiosk, on a terminal or as a picture.

Textual is imported only when one of them runs, so staff commands start fast without it.
"""

from __future__ import annotations

import argparse
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.cli.common import Context, add_command, print_err, refuse
from kiosk.clock import Clock
from kiosk.collector import collections_paused
from kiosk.logs import default_log_path, fall_back_logging, log, setup_logging
from kiosk.model import Listings
from kiosk.watch import DataWatch, Reading

if TYPE_CHECKING:
    from kiosk.app import KioskApp


ALLOW_SIGNALS_ENV = "TEXTUAL_ALLOW_SIGNALS"
DEFAULT_SIZE = (120, 40)
SIZE_RE = re.compile(r"(\d+)\s*[xX]\s*(\d+)")


def parse_size(text: str) -> tuple[int, int]:
    match = SIZE_RE.fullmatch(text.strip())
    if not match or 0 in (int(match[1]), int(match[2])):
        raise argparse.ArgumentTypeError(f"{text!r} is not a size like 120x40 (columns x rows)")
    return int(match[1]), int(match[2])


def view_type(plain_views: Sequence[str]) -> Callable[[str], str]:
    """A checker for --open/--screen: one of `plain_views`, or program:SLUG / meeting:ID."""
    choices = ", ".join([*plain_views, "program:SLUG", "meeting:ID"])

    def parse_view(text: str) -> str:
        kind, colon, key = text.partition(":")
        if (not colon and text in plain_views) or (kind in ("program", "meeting") and key):
            return text
        raise argparse.ArgumentTypeError(f"{text!r} is not a view: use one of {choices}")

    return parse_view


def start_reading(ctx: Context, *, today_first: bool = False) -> tuple[Reading, Clock]:
    """The file, read once for a kiosk to start from, and the clock in its time zone;
    `today_first`: from its snapshot, only what today shows, if it can (`Reading.rest`).

    With neither file nor backup readable the kiosk shows staff what is wrong until fixed.
    """
    reading = DataWatch(ctx.store).read_at_start(ctx.weekday_in if today_first else None)
    return reading, ctx.clock(reading.listings or Listings())


def build_kiosk(ctx: Context, *, kiosk_mode: bool, open_view: str | None) -> KioskApp:
    """The app `kiosk run` shows (and the start-up benchmark times)."""
    from kiosk.app import KioskApp  # here, so staff commands start fast without Textual

    # All made here lives on: frozen as it is until the first frame is up (`on_ready`).
    with collections_paused(then_freeze=True):
        reading, clock = start_reading(ctx, today_first=True)
        return KioskApp(ctx.store, clock, kiosk_mode=kiosk_mode, open_view=open_view,
                        first_reading=reading)


def run_kiosk(args: argparse.Namespace, ctx: Context) -> int:
    log_path = Path(args.log_file) if args.log_file else default_log_path()
    try:
        setup_logging(log_path)
    except OSError as error:  # the kiosk runs anyway: a lobby without listings helps nobody
        where = fall_back_logging()
        print_err(f"warning: cannot write the log {log_path} ({error.strerror or error}); "
                  f"logging to {where} instead. Choose a log file with --log-file.")
        log.warning("cannot write the log %s (%s): logging here instead", log_path, error)
    if not args.no_kiosk:  # Textual would let Ctrl+C, Ctrl+Z and Ctrl+\ be signals again
        os.environ.pop(ALLOW_SIGNALS_ENV, None)
    try:
        app = build_kiosk(ctx, kiosk_mode=not args.no_kiosk, open_view=args.open)
    except ValueError as error:  # --open names a program or meeting that is not in the file
        return refuse(str(error))
    from kiosk.terminal import replace_bad_input

    replace_bad_input()
    app.run()
    return app.return_code or 0


def take_screenshot(args: argparse.Namespace, ctx: Context) -> int:
    from kiosk.preview import save_screenshot  # here, so staff commands start fast

    reading, clock = start_reading(ctx)
    output = Path(args.output)
    try:
        save_screenshot(ctx.store, clock, args.screen, args.size, output, reading)
    except ValueError as error:  # --screen names a program or meeting that is not in the file
        return refuse(str(error))
    print(f"Saved {args.screen} ({args.size[0]}x{args.size[1]}) to {output}")
    return 0


def register(commands: Any) -> None:
    """Add `run` and `screenshot` to the `kiosk` command's subcommands."""
    run = add_command(commands, "run", run_kiosk, "Start the kiosk (what `kiosk` alone does).",
                      "It shows the listings full screen, cycling through today's meetings and "
                      "the programs; a visitor can touch or press a key to browse. It notices "
                      "changes to the listings file by itself.")
    run.add_argument("--no-kiosk", action="store_true",
                     help="run as an ordinary program that can be quit with Ctrl+Q "
                          "(for trying it out at a desk); in kiosk mode only the staff exit "
                          "key and PIN, or SIGTERM, stop it (see docs/deployment.md)")
    run.add_argument("--open", metavar="VIEW", type=view_type(()),
                     help="start on one program or meeting: program:SLUG or meeting:ID")
    run.add_argument("--log-file", metavar="PATH",
                     help="where the kiosk logs start, reloads, data problems and staff exit "
                          f"(a rotating file; default {default_log_path()})")
    shot = add_command(commands, "screenshot", take_screenshot,
                       "Save a picture (SVG) of a kiosk screen without opening it.",
                       "Useful for checking how a change looks, or for a flyer. Combine with "
                       "--now to show a chosen moment, e.g. --now 2026-11-24T18:55.")
    shot.add_argument("--screen", metavar="VIEW", default="loop",
                      type=view_type(("loop", "today", "browse")),
                      help="loop (default), today, browse, program:SLUG or meeting:ID")
    shot.add_argument("--size", metavar="COLSxROWS", type=parse_size, default=DEFAULT_SIZE,
                      help="terminal size in characters, default 120x40")
    shot.add_argument("-o", "--output", metavar="FILE.svg", required=True,
                      help="where to save the picture")
