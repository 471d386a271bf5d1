"""`kiosk meetings`: list, add, edit, cancel one date of, or remove weekly meetings.

Every change goes through `Store` (validated, locked, written atomically with a .bak), so a
refused change leaves the file exactly as it was; `fix_hint` tells staff which option fixes a
refused field.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Any

from kiosk.cli.common import (
    Context,
    NothingToChange,
    UsageError,
    add_command,
    note_skipped,
    parse_date,
    print_err,
    print_table,
    refuse,
)
from kiosk.formatting import long_date
from kiosk.listing_text import (
    describe,
    meeting_dates,
    not_meeting_reason,
    one_line,
    times_text,
)
from kiosk.model import DAY_NAMES, FORMATS, Listings, Meeting, Problem, Record
from kiosk.schedule import Schedule
from kiosk.staff_input import staff_time
from kiosk.store import ValidationError, docs_of


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


def parse_format(text: str) -> str:
    """Accept "in-person" and "In_Person" as well as the stored "in_person"."""
    return text.strip().lower().replace("-", "_").replace(" ", "_")


# -- the meeting fields `meetings add` and `meetings edit` share -------------------------


@dataclass(frozen=True)
class MeetingOption:
    """One command-line option and the meeting field (Meeting Guide name) it sets."""

    flag: str
    field: str
    metavar: str
    help: str
    convert: Callable[[str], Any] = str.strip  # what staff type, without surrounding spaces
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
                  "or separate with commas for several, e.g. --day mon,wed,fri; with --time, "
                  "unless the meeting is by appointment (give neither)",
                  convert=parse_days, clearable=False, repeatable=True),
    MeetingOption("--time", "time", "TIME",
                  "start time, e.g. 18:30, 6:30pm or 6:30 PM (stored as 18:30); with --day, "
                  "unless the meeting is by appointment (give neither)",
                  convert=staff_time, clearable=False),
    MeetingOption("--end-time", "end_time", "TIME",
                  "end time, e.g. 20:00 or 8pm; earlier than the start means it ends after "
                  "midnight (without --end-time or --duration a meeting lasts one hour)",
                  convert=staff_time),
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
    """The meeting fields given on the command line, as the file stores them.

    A required field given blank (`--name ""`) is refused as empty, not as missing; an optional
    one given blank (`--room " "`) is left out, or cleared by `edit`.
    """
    values = {
        option.field: getattr(args, option.field)
        for option in MEETING_OPTIONS
        if getattr(args, option.field) is not None
    }
    if empty := [field for field, value in values.items()
                 if isinstance(value, str) and not value.strip()
                 and not OPTION_FOR_FIELD[field].clearable]:
        raise ValidationError([Problem(f"meeting {args.id}", field, "is empty")
                               for field in empty])
    values |= {field: MEETING_DEFAULTS[field] for field, value in values.items() if value == ""}
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
    chosen.sort(key=lambda m: (min(m.days, default=7) if args.day is None else args.day, m.time,
                               m.name.casefold(), m.id))  # by appointment (no day) last
    print_table(("ID", "Days", "Time", "Format", "Program", "Name", "Dates"), [
        (m.id, " ".join(DAY_NAMES[d][:3] for d in sorted(m.days)),
         times_text(m) + (f" {m.timezone}" if m.timezone else ""),
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


def register(commands: Any) -> None:
    """Add `meetings` and its actions to the `kiosk` command's subcommands."""
    meetings = add_command(commands, "meetings", list_meetings,
                           "Show, add, change, cancel or remove weekly meetings.",
                           "Without an action it lists them, like `kiosk meetings list`.")
    meetings.set_defaults(day=None, program=None)
    actions = meetings.add_subparsers(title="actions", metavar="ACTION")
    listing = add_command(actions, "list", list_meetings, "List the weekly meetings.",
                          "Times are as stored in the file (24-hour clock).")
    listing.add_argument("--day", type=parse_day, metavar="DAY",
                         help="only this weekday: tue, Tuesday or 2 (0 = Sunday)")
    listing.add_argument("--program", metavar="SLUG", type=str.strip,
                         help="only this program's meetings")
    add = add_command(actions, "add", add_meeting, "Add a weekly meeting.",
                      "--id, --program, --name, --day and --time are required; for a "
                      "meeting by appointment, give neither --day nor --time.",
                      epilog="example:\n  kiosk meetings add --id refuge-mon --program "
                             "refuge-recovery --name 'Refuge Recovery Monday' \\\n"
                             "        --day mon --time 19:00 --end-time 20:15 --room 'Quiet Room'")
    add.add_argument("--id", required=True, metavar="ID", type=str.strip,
                     help="a short unique name for the meeting: lower-case letters, digits "
                          "and - (required)")
    add_meeting_options(add, adding=True)
    edit = add_command(actions, "edit", edit_meeting, "Change some fields of a meeting.",
                       "Only the options given change; the rest stay as they are.",
                       epilog="example:\n  kiosk meetings edit smart-tue-evening --time 18:30 "
                              "--clear-field notes")
    edit.add_argument("id", metavar="ID", type=str.strip,
                      help="the meeting's id (see `kiosk meetings list`)")
    add_meeting_options(edit, adding=False)
    edit.add_argument("--clear-field", metavar="NAME", action="append", type=parse_clear_field,
                      help=f"blank an optional field; repeatable. NAME is one of: "
                           f"{', '.join(CLEARABLE)}")
    cancel = add_command(actions, "cancel", cancel_meeting,
                         "Cancel one date of a meeting (a holiday, say).",
                         "The kiosk shows it as Cancelled on that date. DATE must be a date "
                         "the meeting meets. --undo puts it back on.")
    cancel.add_argument("id", metavar="ID", type=str.strip, help="the meeting's id")
    cancel.add_argument("date", metavar="DATE", type=parse_date, help="the date, YYYY-MM-DD")
    cancel.add_argument("--undo", action="store_true", help="the meeting is on after all")
    remove = add_command(actions, "remove", remove_meeting, "Delete a meeting for good.",
                         "Without --yes it only shows what would be removed and exits with "
                         "status 1, changing nothing. The previous file is kept as "
                         "kiosk.json.bak. To skip a single date, use `kiosk meetings cancel`.")
    remove.add_argument("id", metavar="ID", type=str.strip, help="the meeting's id")
    remove.add_argument("--yes", action="store_true", help="really remove it")
