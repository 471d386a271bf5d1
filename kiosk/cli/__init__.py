"""The `kiosk` command: run the kiosk, take a screenshot, and let staff check and change listings.

Every change goes through `Store` (validated, locked, written atomically with a .bak), so a
refused change leaves the file exactly as it was. Staff never see a traceback: an unreadable file
or a refused change is told in plain lines naming the record and field. Exit status: 0 done,
1 refused or the file has errors, 2 the command itself was mistyped.

The commands live one group to a module (`run`, `reports`, `meetings`, `interop`, `serve`,
`settings`, `admin`), each adding itself with `register`; what they share is in `common`.
"""

from __future__ import annotations

import argparse
import os
import sys

from kiosk.cli import admin, interop, meetings, reports, run, serve, settings
from kiosk.cli.common import (
    Context,
    HelpFormatter,
    NothingToChange,
    UsageError,
    add_file_and_clock_options,
    listings_path,
    print_err,
    refuse,
)
from kiosk.listing_text import cannot_write, one_line
from kiosk.logs import default_log_path, log, setup_logging
from kiosk.store import DataFileError, Store, StoreBusy, ValidationError

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
  kiosk meetings add --id grief-mon --program grief-group --name "Grief Group Monday" \\
        --day mon --time 18:30 --end-time 20:00 --db /srv/kiosk/kiosk.json

--db, --now and --tz may come before or after the command. Every command has its own
help, e.g. `kiosk meetings add --help`.
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk", description=DESCRIPTION, epilog=EXAMPLES,
                                     formatter_class=HelpFormatter)
    add_file_and_clock_options(parser, None)
    parser.set_defaults(handler=run.run_kiosk, command_parser=parser, no_kiosk=False, open=None,
                        log_file=None)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    for group in (run, reports, meetings, interop, serve, settings, admin):
        group.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args, unknown = parser.parse_known_args(argv)
        if unknown:  # the command's own usage, not the top level's
            args.command_parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    except SystemExit as done:  # --help, or a mistyped command argparse already explained
        return done.code if isinstance(done.code, int) else 2
    store = Store(listings_path(args.db))
    ctx = Context(store, args.tz, args.now)
    try:
        status = int(args.handler(args, ctx))
        sys.stdout.flush()  # a reader that went away shows here, not in Python's exit
        return status
    except BrokenPipeError:
        return reader_gone()
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
            hint = settings.fix_hint(problem) or meetings.fix_hint(problem)
            if hint:
                print_err(f"  hint: {hint}")
        print_err(f"Nothing was changed in {store.path}.")
        return 1
    except DataFileError as error:
        return refuse(str(error))
    except StoreBusy as busy:
        return refuse(str(busy))
    except OSError as error:
        return refuse(cannot_write(error, store.path))
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


def reader_gone() -> int:
    """`kiosk today | head -2`: the reader closing the pipe early is not an error.

    As the Python docs advise for SIGPIPE, standard output is pointed at /dev/null, so the
    flush when Python exits does not complain either; the exit status is 0.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return 0
