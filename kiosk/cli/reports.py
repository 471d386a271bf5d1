"""`kiosk check`, `kiosk today` and `kiosk programs`: what staff look at, changing nothing.
"""

from __future__ import annotations

import argparse
from collections import Counter
from datetime import date, datetime
from typing import Any

from kiosk.cli.common import (
    ENV_DB,
    Context,
    add_command,
    counted,
    note_skipped,
    print_json,
    print_table,
)
from kiosk.formatting import (
    clock_time,
    format_label,
    long_date,
    short_date,
    status_label,
    time_range,
    when,
)
from kiosk.listing_text import cell, one_line
from kiosk.model import Listings, Problem
from kiosk.schedule import Occurrence, Schedule
from kiosk.store import DataFileError, Store


def repair_advice(store: Store) -> str:
    """What staff can do about a file the kiosk cannot read: a backup is named only if it exists."""
    advice = ["fix it" if store.path.exists() else f"check the path given with --db or ${ENV_DB}"]
    if store.backup_path.exists():
        advice.append(f"restore {store.backup_path.name}")
    return ", or ".join(advice)


def no_pin_warning(exit_keys: str) -> Problem:
    """Without a PIN the staff keys alone leave the kiosk: right for trying the sample, wrong
    for a lobby, so `check` says so until staff set one."""
    return Problem("settings", "staff_pin_hash",
                   f"no staff PIN is set, so anyone at the kiosk can leave it by pressing "
                   f"{exit_keys}; set one with `kiosk settings set-pin`", "warning")


def check_file(args: argparse.Namespace, ctx: Context) -> int:
    path = ctx.store.path
    try:
        listings: Listings | None = ctx.store.load()
    except DataFileError as error:
        listings = None
        problems = [Problem(str(error.path), "", error.message)]
    else:
        problems = list(listings.problems)
        if not listings.settings.staff_pin_hash:
            problems.append(no_pin_warning(listings.settings.staff_exit_key))
    errors = sum(p.severity == "error" for p in problems)
    if args.json:
        print_json([p.to_json() for p in problems])
        return 1 if errors else 0
    for problem in problems:
        print(one_line(str(problem)))
    warnings = len(problems) - errors
    if listings is not None and not problems:
        counts = (counted(len(listings.programs), "program"),
                  counted(len(listings.meetings), "meeting"),
                  counted(len(listings.events), "event"))
        print(f"{path}: no problems ({', '.join(counts)}).")
    elif listings is None:
        print(f"{path}: the kiosk cannot read this file; {repair_advice(ctx.store)}.")
    else:
        print(f"{path}: {counted(errors, 'error')}, {counted(warnings, 'warning')}."
              + (" A record with errors is left off the kiosk (or shown as it last was, if "
                 "it was good before) until fixed." if errors else ""))
    return 1 if errors else 0


def today_row(occ: Occurrence, today: date, listings: Listings, now: datetime,
              soon: int) -> list[str]:
    record = occ.record
    program = listings.program(occ.program)
    hours = time_range(occ.start, occ.end)
    if occ.start.date() != today:  # started yesterday, still running
        hours = f"{short_date(occ.start.date())} {hours}"
    if record.is_in_person:
        place = ", ".join(part for part in (record.location, record.room) if part)
        place += " + online" if record.is_online else ""
    else:
        place = "online"
    return [hours, status_label(occ.status(now, soon)), occ.name,
            program.name if program else occ.program, format_label(record.format), place]


def show_today(args: argparse.Namespace, ctx: Context) -> int:
    listings = ctx.listings
    clock = ctx.clock(listings)
    schedule = Schedule(listings, clock.zone)
    now = clock.now()
    items = schedule.today(now)
    note_skipped(listings)
    if args.json:
        print_json([occ.to_json(now, schedule.soon_minutes) for occ in items])
        return 0
    today = now.date()
    print(f"{long_date(today)}, now {clock_time(now)} ({clock.zone.key})")
    if items:
        rows = [today_row(o, today, listings, now, schedule.soon_minutes) for o in items]
        print_table(("Time", "Status", "Name", "Program", "Format", "Place"), rows)
        return 0
    print("Nothing on the schedule today.")
    upcoming = schedule.upcoming(now)
    for occ in upcoming:
        print(f"Next: {when(occ.start, occ.end, today)}  {cell(occ.name)}")
    if not upcoming:
        print("Nothing in the coming week either.")
    return 0


def list_programs(args: argparse.Namespace, ctx: Context) -> int:
    listings = ctx.listings
    note_skipped(listings)
    if not listings.programs:
        print("No programs yet.")
        return 0
    meetings = Counter(meeting.program for meeting in listings.meetings)
    print_table(("Slug", "Name", "Order", "Meetings"), [
        (p.slug, p.name, str(p.order), str(meetings[p.slug])) for p in listings.programs
    ])
    return 0


def register(commands: Any) -> None:
    """Add `check`, `today` and `programs` to the `kiosk` command's subcommands."""
    check = add_command(commands, "check", check_file, "Find mistakes in the listings file.",
                        "Prints one line per problem, naming the record and the field. Errors "
                        "keep a record off the kiosk; warnings do not. Exit status 0 means no "
                        "errors, 1 means there are errors or the file cannot be read.")
    check.add_argument("--json", action="store_true",
                       help="print a JSON list of problems (record, field, message, severity)")
    today = add_command(commands, "today", show_today,
                        "Show today's meetings and events as the kiosk shows them now.",
                        "Status is one of: In progress, Starting soon, Later today, Ended, "
                        "Cancelled. Use --now to see another moment.")
    today.add_argument("--json", action="store_true",
                       help="print JSON (id, name, program, kind, start, end, format, status, "
                            "conference_url) for scripts")
    programs = add_command(commands, "programs", list_programs,
                           "Show the programs (what `kiosk programs list` does).")
    programs_actions = programs.add_subparsers(title="actions", metavar="ACTION")
    add_command(programs_actions, "list", list_programs,
                "Show each program's slug, name, order and number of meetings.",
                "Meetings name their program by slug (--program SLUG).")
