"""`kiosk settings set-pin`: the staff PIN that, with the staff exit key, closes the kiosk.

The PIN is asked twice without echo (getpass), or read from the first line of standard input
when that is not a terminal (for scripts: ``echo 4821 | kiosk settings set-pin``). Only its
salted scrypt hash is written, to ``settings.staff_pin_hash``, through `Store` like every other
change (locked, checked, atomic, with a .bak); the other settings stay exactly as they are.
A running kiosk takes the new PIN with the next reload. Kept apart from `kiosk.cli`, which
only calls `register`.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from kiosk.cli.common import Context, add_command, refuse
from kiosk.staff import check_pin, hash_pin

SET_PIN_DETAILS = """\
Staff close the kiosk by typing the staff exit key (settings.staff_exit_key, by default F12
three times) and then this PIN. Without a PIN the kiosk can only be stopped from outside
(`systemctl stop kiosk`). The file keeps only a salted hash of the PIN. --clear removes it."""


def read_pin() -> str | None:
    """The new PIN: typed twice at a terminal, else the first line of standard input."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("New staff PIN: ")
    if getpass.getpass("Type it again: ") != first:
        return None
    return first


def set_pin(args: argparse.Namespace, ctx: Context) -> int:
    if args.clear:
        ctx.store.update_settings(staff_pin_hash=None)
        print("The staff PIN is removed: the kiosk now stops only with `systemctl stop` "
              "(SIGTERM).")
        return 0
    pin = read_pin()
    if pin is None:
        return refuse("the two PINs differ; nothing was changed")
    if (problem := check_pin(pin)) is not None:
        return refuse(f"{problem}; nothing was changed")
    ctx.store.update_settings(staff_pin_hash=hash_pin(pin))
    print(f"The staff PIN is set in {ctx.store.path} (only its hash is stored). A running "
          "kiosk uses it once it has read the file again.")
    return 0


def settings_help(args: argparse.Namespace, ctx: Context) -> int:
    """`kiosk settings` alone: which actions there are (a usage mistake, status 2)."""
    args.command_parser.print_help(sys.stderr)
    return 2


def register(commands: Any) -> None:
    """Add `settings set-pin` to the `kiosk` command's subcommands."""
    settings = add_command(commands, "settings", settings_help,
                           "Change kiosk settings that need care (the staff PIN).")
    actions = settings.add_subparsers(title="actions", metavar="ACTION")
    pin = add_command(actions, "set-pin", set_pin, "Set the staff PIN that closes the kiosk.",
                      SET_PIN_DETAILS)
    pin.add_argument("--clear", action="store_true",
                     help="remove the PIN (then only SIGTERM stops the kiosk)")
