"""`kiosk import` and `kiosk export`: meetings in and out as Meeting Guide JSON, CSV or iCalendar.

Kept apart from `kiosk.cli` (which only calls `register`) so the interop commands and their
imports stay in one place. The rules are `kiosk.interop`'s; this module reads the source, prints
the plan for staff (feed text made safe for a terminal) and writes only when asked. A web address
is fetched here, when staff run the command, and nowhere else on the command line. The rules are
imported when one of these commands runs: `kiosk run` builds this parser too, and needs none.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.cli.common import Context, add_command, note_skipped, parse_date, print_err, refuse
from kiosk.listing_text import one_line
from kiosk.model import Listings
from kiosk.store import atomic_write_text

if TYPE_CHECKING:
    from kiosk.interop.importing import FeedResult

DEFAULT_TIMEOUT_SECONDS = 10.0
URL_SCHEMES = ("http://", "https://")


IMPORT_FORMATS = ("meeting-guide", "csv")
EXPORT_FORMATS = ("meeting-guide", "csv", "ics")


def program_option(text: str) -> tuple[str, str]:
    """--program 'Name=slug', checked while parsing so a typo is a usage error."""
    from kiosk.interop.importing import parse_program_option

    try:
        return parse_program_option(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def positive_seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = 0
    if not seconds > 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds above 0")
    return seconds


def read_source(source: str, import_format: str, timeout: float,
                allow_private: bool = False) -> FeedResult:
    """The records of a file or web address; raises ImportFileError when it is refused whole."""
    from kiosk.interop import csv_io, meeting_guide
    from kiosk.interop.importing import ImportFileError

    if source.lower().startswith(URL_SCHEMES):
        from kiosk.interop.fetch import fetch_feed  # ssl and http.client: only to fetch

        fetched = fetch_feed(source, timeout=timeout, allow_private=allow_private)
        if fetched.url != source.strip():
            print(one_line(f"Redirected: read from {fetched.url}"))
        body = fetched.body or b""
    else:
        try:
            body = Path(source).read_bytes()
        except OSError as error:
            raise ImportFileError(f"cannot be read: {error.strerror or error}") from None
    if import_format == "meeting-guide":
        return meeting_guide.load_feed(body)  # JSON finds its own Unicode encoding
    try:
        return csv_io.parse_csv(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise ImportFileError("is not UTF-8 text: save the spreadsheet as 'CSV UTF-8' "
                              "and import it again") from None


def import_meetings(args: argparse.Namespace, ctx: Context) -> int:
    from kiosk.interop import csv_io, meeting_guide
    from kiosk.interop.importing import ImportFileError, commit_import, load_target, plan_import

    try:
        feed = read_source(args.source, args.format, args.timeout, args.allow_private)
    except ImportFileError as error:
        refuse(f"{args.source}: {error}")
        print_err("Nothing was changed.")
        return 1
    existed = ctx.store.path.exists()
    # the meeting fields each format does not carry: the file keeps its values
    local_fields = {"meeting-guide": meeting_guide.LOCAL_FIELDS, "csv": csv_io.LOCAL_FIELDS}
    plan = plan_import(
        load_target(ctx.store), feed.meetings, program_map=dict(args.program or ()),
        replace=args.replace, keep_fields=local_fields[args.format],
        problems=feed.problems,
    )
    for line in plan.summary():
        print(one_line(line))
    if args.dry_run:
        print("Dry run: nothing was written. Run it again without --dry-run to import.")
        return 1 if plan.skipped else 0
    written = commit_import(ctx.store, plan)
    if written is not plan:
        print(f"The file changed meanwhile; planned again from it: {written.summary()[0]}")
    if written.has_changes:
        print(f"Saved {ctx.store.path}; the previous version is kept as "
              f"{ctx.store.backup_path.name}." if existed else
              f"Created {ctx.store.path} with default settings (see `kiosk check`).")
    else:
        print("Nothing to change: the file was not touched.")
    return 1 if plan.skipped else 0


def export_text(listings: Listings, export_format: str, first_day: date, ctx: Context) -> str:
    from kiosk.interop import csv_io, meeting_guide

    if export_format == "meeting-guide":
        return json.dumps(meeting_guide.to_feed(listings), indent=2, ensure_ascii=False) + "\n"
    if export_format == "csv":
        return csv_io.to_csv(listings)
    from kiosk.interop.ics import export_ics  # icalendar takes 30 ms to import: only for ICS

    return export_ics(listings, ctx.clock(listings).zone, first_day).decode("utf-8")


def export_meetings(args: argparse.Namespace, ctx: Context) -> int:
    if args.first_day is not None and args.format != "ics":
        return refuse("--from is the first day of an ICS export: use it with --format ics")
    listings = ctx.listings
    note_skipped(listings)
    first_day = args.first_day or ctx.clock(listings).now().date()
    text = export_text(listings, args.format, first_day, ctx)
    if args.output is None:
        print(text, end="")
        return 0
    output = Path(args.output)
    if output.resolve() == ctx.store.path.resolve():
        return refuse(f"{output} is the listings file itself: choose another file with -o")
    atomic_write_text(output, text, backup=False)
    print(f"Exported {len(listings.meetings)} meetings to {output}.")
    return 0


IMPORT_DETAILS = """\
Meetings are matched by id (a feed's slug): new ones are added, changed ones updated, and
meetings the import does not mention are kept unless --replace is given. Each record is checked
like `kiosk check`; a bad one is skipped and named, the good ones are still imported. Run it with
--dry-run first: it prints the same summary and writes nothing. A web address is fetched only
when this command runs. Exit status 0: imported; 1: the file was refused or a record was skipped.
See docs/import-export.md."""
IMPORT_EXAMPLES = """\
examples:
  kiosk import https://example.org/wp-admin/admin-ajax.php?action=meetings \\
        --format meeting-guide --dry-run
  kiosk import meetings.csv --format csv --program 'Grief Support=grief-group'
"""


def register(commands: Any) -> None:
    """Add `import` and `export` to the `kiosk` command's subcommands."""
    importing = add_command(commands, "import", import_meetings,
                            "Import meetings from a Meeting Guide feed or a CSV spreadsheet.",
                            IMPORT_DETAILS, epilog=IMPORT_EXAMPLES)
    importing.add_argument("source", metavar="FILE|URL",
                           help="a file, or a web address starting with https://")
    importing.add_argument("--format", required=True, choices=IMPORT_FORMATS,
                           help="meeting-guide (JSON) or csv (required)")
    importing.add_argument("--dry-run", action="store_true",
                           help="show what would change and write nothing")
    importing.add_argument("--replace", action="store_true",
                           help="also remove meetings the import does not mention (nothing is "
                                "removed while a record is skipped)")
    importing.add_argument("--program", metavar="'NAME=SLUG'", action="append",
                           type=program_option,
                           help="put meetings of this group (or CSV program, or meeting name) "
                                "under the program SLUG, creating it if needed; repeatable")
    importing.add_argument("--timeout", metavar="SEC", type=positive_seconds,
                           default=DEFAULT_TIMEOUT_SECONDS,
                           help=f"give up fetching a web address after SEC seconds "
                                f"(default {DEFAULT_TIMEOUT_SECONDS:g}), all of it included")
    importing.add_argument("--allow-private", action="store_true",
                           help="allow a web address on this machine or the local network "
                                "(private, loopback and link-local addresses are refused "
                                "otherwise)")
    exporting = add_command(commands, "export", export_meetings,
                            "Export the meetings as Meeting Guide JSON, CSV or iCalendar.",
                            "Meeting Guide and CSV can be imported again (CSV keeps every "
                            "field); ICS is for calendar apps and includes events.")
    exporting.add_argument("--format", required=True, choices=EXPORT_FORMATS,
                           help="meeting-guide, csv or ics (required)")
    exporting.add_argument("-o", "--output", metavar="FILE",
                           help="write to FILE instead of printing")
    exporting.add_argument("--from", dest="first_day", metavar="YYYY-MM-DD", type=parse_date,
                           help="ICS only: the first day to include (default today, by the "
                                "kiosk's clock: --now and --tz apply)")
