"""The `kiosk` command: run the kiosk, take a screenshot, and let staff check and change listings.

Every change goes through `Store` (validated, locked, written atomically with a .bak), so a
refused change leaves the file exactly as it was. Staff never see a traceback: an unreadable file
or a refused change is told in plain lines naming the record and field. Exit status: 0 done,
1 refused or the file has errors, 2 the command itself was mistyped.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields, replace
from datetime import UTC, date, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import kiosk
from kiosk.clock import Clock
from kiosk.collector import collections_paused
from kiosk.formatting import (
    clock_time,
    format_label,
    long_date,
    short_date,
    status_label,
    time_range,
    weekday_list,
    weekday_name,
    when,
)
from kiosk.logs import default_log_path, fall_back_logging, log, setup_logging
from kiosk.model import (
    DAY_NAMES,
    FORMATS,
    Gathering,
    Listings,
    Meeting,
    Problem,
    Record,
    weekday_of,
)
from kiosk.schedule import Occurrence, Schedule, parse_instant
from kiosk.store import DataFileError, Store, StoreBusy, ValidationError, docs_of
from kiosk.validate import check_date, check_timezone
from kiosk.watch import DataWatch, Reading

if TYPE_CHECKING:
    from kiosk.app import KioskApp

ENV_DB = "KIOSK_DB"
ALLOW_SIGNALS_ENV = "TEXTUAL_ALLOW_SIGNALS"
BUNDLED_DB = Path(kiosk.__file__).resolve().parent.parent / "data" / "kiosk.json"
DEFAULT_SIZE = (120, 40)
SIZE_RE = re.compile(r"(\d+)\s*[xX]\s*(\d+)")
UNPRINTABLE_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
UPDATED_FORMAT = "%Y-%m-%d %H:%M:%S"  # Meeting Guide's `updated`, in UTC

Handler = Callable[[argparse.Namespace, "Context"], int]


class UsageError(Exception):
    """A mistake in the command that argparse cannot see on its own (exit status 2)."""


class NothingToChange(Exception):
    """The file already says what was asked, so nothing is written (exit status 0)."""


# -- output helpers ----------------------------------------------------------------------


def one_line(text: str) -> str:
    """Text from the data file made safe for a terminal line: control codes become symbols."""

    def symbol(match: re.Match[str]) -> str:
        code = ord(match.group())
        if code < 0x20:
            return chr(0x2400 + code)  # the Unicode "control picture" for it, e.g. ␛
        return "\u2421" if code == 0x7F else "\ufffd"

    return UNPRINTABLE_RE.sub(symbol, text)


def cell(text: str) -> str:
    """A table cell: whitespace (newlines included) collapsed, control codes as symbols."""
    return one_line(" ".join(text.split()))


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


def parse_day(text: str) -> int:
    """One weekday: 0-6 as in the file (0 = Sunday), or a name such as tue or Tuesday."""
    word = text.strip().casefold()
    if word.isdigit() and int(word) <= 6:
        return int(word)
    found = [n for n, name in enumerate(DAY_NAMES) if name.casefold().startswith(word)]
    if len(word) >= 2 and len(found) == 1:
        return found[0]
    raise argparse.ArgumentTypeError(
        f"{text!r} is not a weekday: use a name such as tue or Tuesday, "
        "or a number 0 = Sunday, 1 = Monday ... 6 = Saturday"
    )


def parse_days(text: str) -> list[int]:
    """One or more weekdays separated by commas: "tue,thu" or "2,4"."""
    parts = [part for part in text.split(",") if part.strip()]
    if not parts:
        raise argparse.ArgumentTypeError("needs a weekday such as tue")
    return [parse_day(part) for part in parts]


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


def parse_size(text: str) -> tuple[int, int]:
    match = SIZE_RE.fullmatch(text.strip())
    if not match or 0 in (int(match[1]), int(match[2])):
        raise argparse.ArgumentTypeError(f"{text!r} is not a size like 120x40 (columns x rows)")
    return int(match[1]), int(match[2])


def parse_format(text: str) -> str:
    """Accept "in-person" and "In_Person" as well as the stored "in_person"."""
    return text.strip().lower().replace("-", "_").replace(" ", "_")


def view_type(plain_views: Sequence[str]) -> Callable[[str], str]:
    """A checker for --open/--screen: one of `plain_views`, or program:SLUG / meeting:ID."""
    choices = ", ".join([*plain_views, "program:SLUG", "meeting:ID"])

    def parse_view(text: str) -> str:
        kind, colon, key = text.partition(":")
        if (not colon and text in plain_views) or (kind in ("program", "meeting") and key):
            return text
        raise argparse.ArgumentTypeError(f"{text!r} is not a view: use one of {choices}")

    return parse_view


# -- the meeting fields `meetings add` and `meetings edit` share -------------------------


@dataclass(frozen=True)
class MeetingOption:
    """One command-line option and the meeting field (Meeting Guide name) it sets."""

    flag: str
    field: str
    metavar: str
    help: str
    convert: Callable[[str], Any] = str
    choices: Sequence[str] | None = None
    required: bool = False  # `add` needs it
    clearable: bool = True  # `edit --clear-field` may blank it
    repeatable: bool = False

    @property
    def name(self) -> str:
        return self.flag.removeprefix("--")


MEETING_OPTIONS: tuple[MeetingOption, ...] = (
    MeetingOption("--program", "program", "SLUG",
                  "the program it belongs to, by slug (see `kiosk programs list`)",
                  required=True, clearable=False),
    MeetingOption("--name", "name", "TEXT", "the meeting's name as the kiosk shows it",
                  required=True, clearable=False),
    MeetingOption("--day", "day", "DAY",
                  "weekday(s) it meets: tue, Tuesday or 2 (0 = Sunday); repeat the option "
                  "or separate with commas for several, e.g. --day mon,wed,fri",
                  convert=parse_days, required=True, clearable=False, repeatable=True),
    MeetingOption("--time", "time", "HH:MM", "start time, 24-hour clock, e.g. 18:30",
                  required=True, clearable=False),
    MeetingOption("--end-time", "end_time", "HH:MM",
                  "end time, 24-hour clock; earlier than the start means it ends after "
                  "midnight (without --end-time or --duration a meeting lasts one hour)"),
    MeetingOption("--duration", "duration", "MINUTES",
                  "how long it lasts in minutes, instead of --end-time", convert=int),
    MeetingOption("--format", "attendance_option", "FORMAT",
                  "in_person (the default), online or hybrid", convert=parse_format,
                  choices=FORMATS, clearable=False),
    MeetingOption("--location", "location", "TEXT", "the building, e.g. Oak Grove Library"),
    MeetingOption("--address", "address", "TEXT", "street address of the location"),
    MeetingOption("--room", "room", "TEXT", "room inside the building"),
    MeetingOption("--url", "conference_url", "URL",
                  "link to join online, starting with https:// (shown as a QR code)"),
    MeetingOption("--phone", "conference_phone", "NUMBER", "phone number to dial in"),
    MeetingOption("--passcode-hint", "conference_url_notes", "TEXT",
                  "how to get in online, e.g. 'Passcode: family'"),
    MeetingOption("--notes", "notes", "TEXT", "a short note shown with the meeting"),
    MeetingOption("--start-date", "start_date", "YYYY-MM-DD",
                  "first date it meets, for a series (before it, it is not listed)"),
    MeetingOption("--end-date", "end_date", "YYYY-MM-DD",
                  "last date it meets, for a series (after it, it is not listed)"),
)
OPTION_FOR_FIELD = {option.field: option for option in MEETING_OPTIONS}
CLEARABLE = {option.name: option.field for option in MEETING_OPTIONS if option.clearable}
TIMING_FIELDS = ("end_time", "duration")  # give one or the other, never both
MEETING_DEFAULTS = {f.name: f.default for f in fields(Meeting)}


def add_meeting_options(parser: argparse.ArgumentParser, adding: bool) -> None:
    """The field options, built once for `add` (essential ones required) and `edit`."""
    timing = parser.add_mutually_exclusive_group()
    for option in MEETING_OPTIONS:
        target = timing if option.field in TIMING_FIELDS else parser
        target.add_argument(
            option.flag, dest=option.field, metavar=option.metavar, type=option.convert,
            choices=option.choices, action="append" if option.repeatable else "store",
            required=adding and option.required,
            help=option.help + (" (required)" if adding and option.required else ""),
        )


def parse_clear_field(text: str) -> str:
    """An option name such as end-time (or the file's name, end_time) to its field."""
    name = text.strip().lstrip("-").lower().replace("_", "-")
    by_field = {field.replace("_", "-"): field for field in CLEARABLE.values()}
    field = CLEARABLE.get(name) or by_field.get(name)
    if field is None:
        raise argparse.ArgumentTypeError(
            f"{text!r} cannot be cleared: use one of {', '.join(CLEARABLE)}"
        )
    return field


def given_fields(args: argparse.Namespace) -> dict[str, Any]:
    """The meeting fields given on the command line, as the file stores them."""
    values = {
        option.field: getattr(args, option.field)
        for option in MEETING_OPTIONS
        if getattr(args, option.field) is not None
    }
    if "day" in values:
        days = [day for group in values["day"] for day in group]
        values["day"] = days[0] if len(days) == 1 else tuple(days)
    return values


def fix_hint(problem: Problem) -> str | None:
    """What to type to fix a refused field, for staff who do not know the file's names."""
    if problem.field == "program":
        return "`kiosk programs list` shows the program slugs"
    option = OPTION_FOR_FIELD.get(problem.field)
    return f"set it with {option.flag} {option.metavar}" if option else None


def end_hhmm(meeting: Gathering) -> str:
    """The end as "HH:MM", from end_time or the duration (wrapping past midnight)."""
    if meeting.end_time:
        return meeting.end_time
    start = meeting.start_time
    minutes = (start.hour * 60 + start.minute + meeting.duration_minutes) % (24 * 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def describe(meeting: Meeting) -> str:
    """ "SMART Recovery Tuesday, Tuesday 18:00–19:30": what staff recognise a meeting by."""
    return f"{meeting.name}, {weekday_list(meeting.days)} {meeting.time}–{end_hhmm(meeting)}"


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
        zone = self.zone_override or ZoneInfo(settings.timezone)
        start = parse_instant(self.now_text, zone) if self.now_text else None
        return Clock(zone, start)

    def updated_stamp(self) -> str:
        """Meeting Guide's `updated` for a record changed now (UTC)."""
        return self.clock().now().astimezone(UTC).strftime(UPDATED_FORMAT)


# -- commands ----------------------------------------------------------------------------


def start_reading(ctx: Context) -> tuple[Reading, Clock]:
    """The file, read once for a kiosk to start from, and the clock in its time zone.

    With neither file nor backup readable the kiosk shows staff what is wrong until fixed.
    """
    reading = DataWatch(ctx.store).read_at_start()
    return reading, ctx.clock(reading.listings or Listings())


def build_kiosk(ctx: Context, *, kiosk_mode: bool, open_view: str | None) -> KioskApp:
    """The app `kiosk run` shows (and the start-up benchmark times)."""
    from kiosk.app import KioskApp  # here, so staff commands start fast without Textual

    # All made here lives on: frozen as it is until the first frame is up (`on_ready`).
    with collections_paused(then_freeze=True):
        reading, clock = start_reading(ctx)
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


def check_file(args: argparse.Namespace, ctx: Context) -> int:
    path = ctx.store.path
    try:
        listings: Listings | None = ctx.store.load()
    except DataFileError as error:
        listings = None
        problems = [Problem(str(error.path), "", error.message)]
    else:
        problems = list(listings.problems)
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
        print(f"{path}: the kiosk cannot read this file; fix it, or restore {path.name}.bak.")
    else:
        print(f"{path}: {counted(errors, 'error')}, {counted(warnings, 'warning')}."
              + (" Records with errors are left off the kiosk until fixed." if errors else ""))
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


def meeting_dates(meeting: Meeting) -> str:
    """The date limits and cancelled dates, in the file's own form."""
    parts = []
    if meeting.start_date or meeting.end_date:
        parts.append(f"{meeting.start_date or '…'} to {meeting.end_date or '…'}")
    if meeting.cancelled:
        parts.append("cancelled " + ", ".join(meeting.cancelled))
    return "; ".join(parts)


def list_meetings(args: argparse.Namespace, ctx: Context) -> int:
    listings = ctx.listings
    note_skipped(listings)
    if args.program and listings.program(args.program) is None:
        return refuse(f"no program has the slug {args.program!r}; "
                      "`kiosk programs list` shows them")
    chosen = [
        m for m in listings.meetings
        if (args.day is None or args.day in m.days)
        and (not args.program or m.program == args.program)
    ]
    if not chosen:
        print("No meetings match.")
        return 0
    chosen.sort(key=lambda m: (min(m.days) if args.day is None else args.day, m.time,
                               m.name.casefold(), m.id))
    print_table(("ID", "Days", "Time", "Format", "Program", "Name", "Dates"), [
        (m.id, " ".join(DAY_NAMES[d][:3] for d in sorted(m.days)),
         f"{m.time}–{end_hhmm(m)}" + (f" {m.timezone}" if m.timezone else ""),
         m.format, m.program, m.name, meeting_dates(m))
        for m in chosen
    ])
    return 0


def warn_about(listings: Listings, meeting_id: str) -> None:
    """Warnings do not stop a change, but staff should hear about them right away."""
    for problem in listings.problems:
        if problem.record == f"meeting {meeting_id}" and problem.severity == "warning":
            print_err(one_line(str(problem)))


def add_meeting(args: argparse.Namespace, ctx: Context) -> int:
    meeting = Meeting(id=args.id, **given_fields(args), updated=ctx.updated_stamp())
    after = ctx.store.add(meeting)
    print(one_line(f"Added meeting {meeting.id}: {describe(meeting)}."))
    warn_about(after, meeting.id)
    return 0


def edit_meeting(args: argparse.Namespace, ctx: Context) -> int:
    values = given_fields(args)
    cleared = set(args.clear_field or ())
    if both := cleared & values.keys():
        names = ", ".join(OPTION_FOR_FIELD[field].flag for field in sorted(both))
        raise UsageError(f"{names} given both a new value and --clear-field")
    if not values and not cleared:
        raise UsageError("nothing to change: give an option such as --time 19:00")
    changed = sorted(OPTION_FOR_FIELD[field].name for field in values.keys() | cleared)
    values |= {field: MEETING_DEFAULTS[field] for field in cleared}
    for field, other in (TIMING_FIELDS, TIMING_FIELDS[::-1]):
        if values.get(field) is not None:
            values.setdefault(other, None)  # a new end time replaces a duration, and back
    updated = ctx.updated_stamp()
    after = ctx.store.update(Meeting, args.id, lambda old: replace(old, **values,
                                                                    updated=updated))
    print(one_line(f"Updated meeting {args.id}: {', '.join(changed)}."))
    warn_about(after, args.id)
    return 0


def not_meeting_reason(meeting: Meeting, day: date) -> str:
    """Why a date is not one of the meeting's, naming the weekdays and dates it meets."""
    if weekday_of(day) in meeting.days:
        return (f"{day.isoformat()} is outside the dates this meeting runs "
                f"({meeting.start_date or 'no start'} to {meeting.end_date or 'no end'})")
    return (f"{day.isoformat()} is a {weekday_name(day)}; "
            f"this meeting meets on {weekday_list(meeting.days)}")


def cancel_meeting(args: argparse.Namespace, ctx: Context) -> int:
    day: date = args.date
    iso = day.isoformat()
    updated = ctx.updated_stamp()

    def toggle(record: Record) -> Record:
        assert isinstance(record, Meeting)
        if args.undo:
            if iso not in record.cancelled:
                raise NothingToChange(f"Meeting {args.id} is not cancelled on {iso}; "
                                      "nothing to change.")
            kept = tuple(d for d in record.cancelled if d != iso)
            return replace(record, cancelled=kept, updated=updated)
        if iso in record.cancelled:
            raise NothingToChange(f"Meeting {args.id} is already cancelled on {iso}.")
        if not Schedule.meets_on(record, day):
            raise ValidationError([
                Problem(f"meeting {args.id}", "date", not_meeting_reason(record, day))
            ])
        return replace(record, cancelled=tuple(sorted((*record.cancelled, iso))),
                       updated=updated)

    ctx.store.update(Meeting, args.id, toggle)
    if args.undo:
        print(one_line(f"Meeting {args.id} is back on for {long_date(day)} ({iso})."))
    else:
        print(one_line(f"Cancelled meeting {args.id} on {long_date(day)} ({iso})."))
    return 0


def remove_meeting(args: argparse.Namespace, ctx: Context) -> int:
    if args.yes:
        ctx.store.remove(Meeting, args.id)
        print(one_line(f"Removed meeting {args.id}. The previous file is kept as "
                       f"{ctx.store.backup_path.name}."))
        return 0
    meeting = ctx.listings.meeting(args.id)
    if meeting is not None:
        what = describe(meeting)
    elif any(doc.get("id") == args.id for doc in docs_of(ctx.store.read_tables(), "meetings")):
        what = "a record with errors (see `kiosk check`)"
    else:
        return refuse(f"meeting {args.id}: no meeting has this id; "
                      "`kiosk meetings list` shows them")
    print(one_line(f"This would remove meeting {args.id}: {what}."))
    print("Nothing was changed. To remove it, run the same command again with --yes.")
    return 1


# -- the parser --------------------------------------------------------------------------

DESCRIPTION = """\
The lobby kiosk's command: start the kiosk, and look at or change the meeting listings.

Changes are checked before they are saved; a change with a mistake is refused and the file
is left exactly as it was. The previous version is always kept next to it as kiosk.json.bak.
"""
EXAMPLES = """\
examples:
  kiosk                          start the kiosk full screen
  kiosk today                    what is on today, and whether it has started
  kiosk check                    find mistakes in the listings file
  kiosk meetings list --day tue  Tuesday's meetings
  kiosk meetings cancel smart-tue-evening 2026-12-22
  kiosk --db /srv/kiosk/kiosk.json meetings add --id grief-mon --program grief-group \\
        --name "Grief Group Monday" --day mon --time 18:30 --end-time 20:00

Every command has its own help, e.g. `kiosk meetings add --help`.
"""
HelpFormatter = argparse.RawDescriptionHelpFormatter


def add_command(group: Any, name: str, handler: Handler, summary: str,
                details: str = "", epilog: str | None = None) -> argparse.ArgumentParser:
    """A subcommand whose help shows `summary` plus `details`, run by `handler`."""
    command: argparse.ArgumentParser = group.add_parser(
        name, help=summary, description=f"{summary}\n\n{details}".strip(), epilog=epilog,
        formatter_class=HelpFormatter,
    )
    command.set_defaults(handler=handler, command_parser=command)
    return command


def add_run_commands(commands: Any) -> None:
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


def add_report_commands(commands: Any) -> None:
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


def add_meetings_commands(commands: Any) -> None:
    meetings = add_command(commands, "meetings", list_meetings,
                           "Show, add, change, cancel or remove weekly meetings.",
                           "Without an action it lists them, like `kiosk meetings list`.")
    meetings.set_defaults(day=None, program=None)
    actions = meetings.add_subparsers(title="actions", metavar="ACTION")
    listing = add_command(actions, "list", list_meetings, "List the weekly meetings.",
                          "Times are as stored in the file (24-hour clock).")
    listing.add_argument("--day", type=parse_day, metavar="DAY",
                         help="only this weekday: tue, Tuesday or 2 (0 = Sunday)")
    listing.add_argument("--program", metavar="SLUG", help="only this program's meetings")
    add = add_command(actions, "add", add_meeting, "Add a weekly meeting.",
                      "--id, --program, --name, --day and --time are required.",
                      epilog="example:\n  kiosk meetings add --id refuge-mon --program "
                             "refuge-recovery --name 'Refuge Recovery Monday' \\\n"
                             "        --day mon --time 19:00 --end-time 20:15 --room 'Quiet Room'")
    add.add_argument("--id", required=True, metavar="ID",
                     help="a short unique name for the meeting: lower-case letters, digits "
                          "and - (required)")
    add_meeting_options(add, adding=True)
    edit = add_command(actions, "edit", edit_meeting, "Change some fields of a meeting.",
                       "Only the options given change; the rest stay as they are.",
                       epilog="example:\n  kiosk meetings edit smart-tue-evening --time 18:30 "
                              "--clear-field notes")
    edit.add_argument("id", metavar="ID", help="the meeting's id (see `kiosk meetings list`)")
    add_meeting_options(edit, adding=False)
    edit.add_argument("--clear-field", metavar="NAME", action="append", type=parse_clear_field,
                      help=f"blank an optional field; repeatable. NAME is one of: "
                           f"{', '.join(CLEARABLE)}")
    cancel = add_command(actions, "cancel", cancel_meeting,
                         "Cancel one date of a meeting (a holiday, say).",
                         "The kiosk shows it as Cancelled on that date. DATE must be a date "
                         "the meeting meets. --undo puts it back on.")
    cancel.add_argument("id", metavar="ID", help="the meeting's id")
    cancel.add_argument("date", metavar="DATE", type=parse_date, help="the date, YYYY-MM-DD")
    cancel.add_argument("--undo", action="store_true", help="the meeting is on after all")
    remove = add_command(actions, "remove", remove_meeting, "Delete a meeting for good.",
                         "Without --yes it only shows what would be removed and exits with "
                         "status 1, changing nothing. The previous file is kept as "
                         "kiosk.json.bak. To skip a single date, use `kiosk meetings cancel`.")
    remove.add_argument("id", metavar="ID", help="the meeting's id")
    remove.add_argument("--yes", action="store_true", help="really remove it")


def open_editor(args: argparse.Namespace, ctx: Context) -> int:
    from kiosk.admin.app import AdminApp  # here, so other commands start fast without Textual

    AdminApp(ctx.store, ctx.clock()).run()
    return 0


def add_admin_command(commands: Any) -> None:
    admin = add_command(commands, "admin", open_editor,
                        "Open the staff editor for programs, meetings and events.",
                        "A full-screen form editor for staff (not the visitor kiosk). Fields "
                        "are checked as you type; saving goes through the same checks as "
                        "`kiosk meetings add`, and a kiosk running on the same file shows the "
                        "change by itself.")
    admin.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS,
                       help="the listings file, as `kiosk --db PATH admin` also takes it")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk", description=DESCRIPTION, epilog=EXAMPLES,
                                     formatter_class=HelpFormatter)
    parser.add_argument("--db", metavar="PATH",
                        help=f"the listings file (default: ${ENV_DB}, else the bundled "
                             "sample data/kiosk.json)")
    parser.add_argument("--now", metavar="DATE-TIME", type=parse_now,
                        help="pretend it is this moment, e.g. 2026-11-24T18:55 (kiosk time "
                             "unless an offset is given); the clock runs on from there")
    parser.add_argument("--tz", metavar="ZONE", type=parse_zone,
                        help="use this time zone instead of the file's, e.g. America/Chicago")
    parser.set_defaults(handler=run_kiosk, command_parser=parser, no_kiosk=False, open=None,
                        log_file=None)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    add_run_commands(commands)
    add_report_commands(commands)
    add_meetings_commands(commands)
    add_admin_command(commands)
    from kiosk import cli_interop, cli_serve, cli_settings  # they build on these helpers

    cli_interop.register(commands)
    cli_serve.register(commands)
    cli_settings.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as done:  # --help, or a mistyped command argparse already explained
        return done.code if isinstance(done.code, int) else 2
    store = Store(listings_path(args.db))
    ctx = Context(store, args.tz, args.now)
    try:
        return int(args.handler(args, ctx))
    except UsageError as error:
        args.command_parser.print_usage(sys.stderr)
        print_err(f"{args.command_parser.prog}: error: {error}")
        return 2
    except NothingToChange as unchanged:
        print(one_line(str(unchanged)))
        return 0
    except ValidationError as refused:
        for problem in refused.problems:
            print_err(one_line(str(problem)))
            hint = fix_hint(problem)
            if hint:
                print_err(f"  hint: {hint}")
        print_err(f"Nothing was changed in {store.path}.")
        return 1
    except DataFileError as error:
        return refuse(str(error))
    except StoreBusy as busy:
        return refuse(str(busy))
    except OSError as error:
        return refuse(f"{store.path}: {error}")
    except Exception as error:  # anything else is a bug or unforeseen input: never a traceback
        return report_crash(error)


def report_crash(error: Exception) -> int:
    """Log the traceback (to the kiosk's log, set up now if a staff command crashed) and tell
    staff in one line where it is."""
    from kiosk.logs import log_is_set_up

    where = "the kiosk's log"
    if not log_is_set_up():
        try:
            where = str(setup_logging(default_log_path()).baseFilename)
        except OSError:
            where = "nowhere (the log cannot be written)"
    log.error("unexpected error", exc_info=error)
    return refuse(f"unexpected error ({type(error).__name__}: {str(error)[:200]}); "
                  f"details in {where}")


if __name__ == "__main__":
    raise SystemExit(main())
