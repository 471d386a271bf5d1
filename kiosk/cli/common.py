"""What every `kiosk` command shares: the context (store, zone, clock), output and argument types.

Commands print for staff, never a traceback: `refuse` prints one `error:` line and gives the
exit status 1; `UsageError` (status 2) and `NothingToChange` (status 0) are caught by `main`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime
from functools import cached_property
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import kiosk
from kiosk.clock import Clock
from kiosk.listing_text import UPDATED_FORMAT, cell, one_line
from kiosk.model import Listings, weekday_of
from kiosk.schedule import parse_instant
from kiosk.store import Store
from kiosk.validate import check_date, check_timezone

ENV_DB = "KIOSK_DB"
BUNDLED_DB = Path(kiosk.__file__).resolve().parent.parent / "data" / "kiosk.json"


Handler = Callable[[argparse.Namespace, "Context"], int]


class UsageError(Exception):
    """A mistake in the command that argparse cannot see on its own (exit status 2)."""


class NothingToChange(Exception):
    """The file already says what was asked, so nothing is written (exit status 0)."""


# -- output helpers ----------------------------------------------------------------------


def print_table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    """Left-aligned columns under a header row, readable in any terminal."""
    cells = [[cell(value) for value in row] for row in rows]
    widths = [max([len(h), *(len(row[i]) for row in cells)]) for i, h in enumerate(headers)]
    for row in [list(headers), ["-" * w for w in widths], *cells]:
        padded = (value.ljust(width) for value, width in zip(row, widths, strict=True))
        print("  ".join(padded).rstrip())


def print_json(value: object) -> None:
    print(json.dumps(value, indent=2))


def print_err(text: str) -> None:
    print(text, file=sys.stderr)


def counted(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def refuse(message: str) -> int:
    print_err(f"error: {one_line(message)}")
    return 1


def note_skipped(listings: Listings) -> None:
    """Staff looking at a list should know when records with errors are left out of it."""
    if listings.errors:
        print_err(f"note: {counted(len(listings.errors), 'error')} in the file: records with "
                  "errors are not shown. Run `kiosk check` to see them.")


# -- argument types ----------------------------------------------------------------------


def parse_date(text: str) -> date:
    message = check_date(text.strip())
    if message:
        raise argparse.ArgumentTypeError(message)
    return date.fromisoformat(text.strip())


def parse_zone(text: str) -> ZoneInfo:
    message = check_timezone(text) if text else "needs a time zone such as America/Chicago"
    if message:
        raise argparse.ArgumentTypeError(message)
    return ZoneInfo(text)


def parse_now(text: str) -> str:
    """Checked here so a typo is a usage error; read later, once the kiosk's zone is known."""
    try:
        datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date and time like 2026-11-24T18:55"
        ) from None
    return text


# -- the shared context ------------------------------------------------------------------


def listings_path(option: str | None) -> Path:
    """--db, else $KIOSK_DB, else the sample file bundled next to the package."""
    return Path(option or os.environ.get(ENV_DB) or BUNDLED_DB)


class Context:
    """What commands share: the store, and the kiosk's zone and clock once the file is read."""

    def __init__(self, store: Store, zone: ZoneInfo | None, now_text: str | None) -> None:
        self.store = store
        self.zone_override = zone
        self.now_text = now_text

    @cached_property
    def listings(self) -> Listings:
        return self.store.load()

    def clock(self, listings: Listings | None = None) -> Clock:
        """The wall clock, or --now running forward, in --tz or the file's time zone."""
        settings = (listings or self.listings).settings
        return self.clock_in(self.zone_override or ZoneInfo(settings.timezone))

    def clock_in(self, zone: ZoneInfo) -> Clock:
        """The wall clock, or --now running forward, in `zone`."""
        start = parse_instant(self.now_text, zone) if self.now_text else None
        return Clock(zone, start)

    def weekday_in(self, zone_name: str) -> int | None:
        """The weekday (0 = Sunday) it is now in the zone named, if the kiosk keeps that zone's
        time (None if --tz gives it another, or the name is no zone)."""
        if self.zone_override is not None and self.zone_override.key != zone_name:
            return None
        try:
            zone = ZoneInfo(zone_name)
        except (ValueError, ZoneInfoNotFoundError):
            return None
        return weekday_of(self.clock_in(zone).now().date())

    def updated_stamp(self) -> str:
        """Meeting Guide's `updated` for a record changed now (UTC)."""
        return self.clock().now().astimezone(UTC).strftime(UPDATED_FORMAT)


HelpFormatter = argparse.RawDescriptionHelpFormatter


def add_command(group: Any, name: str, handler: Handler, summary: str,
                details: str = "", epilog: str | None = None) -> argparse.ArgumentParser:
    """A subcommand whose help shows `summary` plus `details`, run by `handler`."""
    command: argparse.ArgumentParser = group.add_parser(
        name, help=summary, description=f"{summary}\n\n{details}".strip(), epilog=epilog,
        formatter_class=HelpFormatter,
    )
    command.set_defaults(handler=handler, command_parser=command)
    add_file_and_clock_options(command, argparse.SUPPRESS)
    return command


def add_file_and_clock_options(parser: argparse.ArgumentParser, default: Any) -> None:
    """--db, --now and --tz, which staff may type before or after the command.

    `kiosk` itself has them with `default` None; every command and action has them too, with
    `default` SUPPRESS: a command's parser then sets them only when typed after it, so the value
    after the command wins and one typed before is kept when none comes after.
    """
    group = parser.add_argument_group("listings file and clock (before or after the command)")
    group.add_argument("--db", metavar="PATH", default=default,
                       help=f"the listings file (default: ${ENV_DB}, else the bundled "
                            "sample data/kiosk.json)")
    group.add_argument("--now", metavar="DATE-TIME", type=parse_now, default=default,
                       help="pretend it is this moment, e.g. 2026-11-24T18:55 (kiosk time "
                            "unless an offset is given); the clock runs on from there")
    group.add_argument("--tz", metavar="ZONE", type=parse_zone, default=default,
                       help="use this time zone instead of the file's, e.g. America/Chicago")
