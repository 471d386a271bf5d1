"""`kiosk settings show`, `kiosk settings set KEY VALUE` and `kiosk settings set-pin`.

`set` changes any setting staff may change (`kiosk.listing_text.SETTINGS`) with the rules of
`kiosk check`, typed as staff type (trimmed, times such as 7pm as HH:MM, yes/no for on/off; a
blank value leaves an optional setting out), in one change through `Store.update_settings`.

`set-pin`: the staff PIN that, with the staff exit key, closes the kiosk.

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
from dataclasses import fields
from typing import Any

from kiosk.cli.common import (
    Context,
    UsageError,
    add_command,
    print_err,
    print_json,
    print_table,
    refuse,
)
from kiosk.listing_text import SETTINGS, one_line
from kiosk.model import Problem, Settings
from kiosk.staff import check_pin, hash_pin
from kiosk.staff_input import tidy

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


def show_value(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else str(value)


def show_settings(args: argparse.Namespace, ctx: Context) -> int:
    settings = ctx.listings.settings
    for problem in ctx.listings.problems:
        if problem.record == "settings":
            print_err(one_line(str(problem)))
    if args.json:
        print_json({name: getattr(settings, name) for name in SETTINGS}
                   | {"staff_pin_set": settings.staff_pin_hash is not None})
        return 0
    rows = [(name, show_value(getattr(settings, name)), about)
            for name, (_label, about) in SETTINGS.items()]
    rows.append(("staff PIN", "set" if settings.staff_pin_hash else "not set",
                 "change it with `kiosk settings set-pin`"))
    print_table(("Setting", "Value", "What it is for"), rows)
    return 0


TRUE_WORDS = {"yes": True, "on": True, "true": True, "1": True,
              "no": False, "off": False, "false": False, "0": False}
DEFAULTS = {f.name: f.default for f in fields(Settings)}


def setting_value(name: str, text: str) -> Any:
    """What `text` typed for setting `name` stores; what it cannot be is passed on for the
    check to name. Blank: None (left out, so its default) for a setting that may be blank."""
    value = tidy(name, text)
    default = DEFAULTS[name]
    if not value:
        return None if default in (None, "") else value
    if isinstance(default, bool):
        return TRUE_WORDS.get(value.casefold(), value)
    if isinstance(default, int):
        try:
            return int(value)
        except ValueError:
            return value
    return value


def setting_name(text: str) -> str:
    name = text.strip().lower().replace("-", "_")
    if name not in SETTINGS:
        raise UsageError(f"{text!r} is not a setting: use one of {', '.join(SETTINGS)} "
                         "(the staff PIN: `kiosk settings set-pin`)")
    return name


def fix_hint(problem: Problem) -> str | None:
    """What to type to fix a refused setting."""
    if problem.record == "settings" and problem.field in SETTINGS:
        return f"set it with `kiosk settings set {problem.field} VALUE`"
    return None


def set_settings(args: argparse.Namespace, ctx: Context) -> int:
    if len(args.pairs) % 2:
        raise UsageError("give a value after each setting: KEY VALUE [KEY VALUE ...]")
    values = {setting_name(key): text for key, text in zip(args.pairs[::2], args.pairs[1::2],
                                                            strict=True)}
    values = {name: setting_value(name, text) for name, text in values.items()}
    after = ctx.store.update_settings(**values)
    shown = ", ".join(f"{name} = {show_value(getattr(after.settings, name))}"
                      for name in values)
    print(one_line(f"Saved {shown} in {ctx.store.path}; the previous version is kept as "
                   f"{ctx.store.backup_path.name}. A running kiosk shows it within a few "
                   "seconds."))
    return 0


SET_DETAILS = """\
Each value is checked with the rules of `kiosk check`; a refused value names the setting and
nothing is written. Times may be typed as 22:00, 10pm or 10:00 PM; on/off settings take yes or
no. A blank value ("") removes an optional setting (feed_url, quiet hours, footer_text).
Several settings may be set at once, which quiet hours need (both or neither).

settings:
"""
SET_DETAILS += "\n".join(f"  {name:<22} {about}" for name, (_label, about) in SETTINGS.items())
SET_EXAMPLES = """\
examples:
  kiosk settings set footer_text "Crisis line: call or text 988"
  kiosk settings set quiet_hours_start 10pm quiet_hours_end 7am
  kiosk settings set feed_url ""
"""


def register(commands: Any) -> None:
    """Add `settings show`, `set` and `set-pin` to the `kiosk` command's subcommands."""
    settings = add_command(commands, "settings", show_settings,
                           "Show or change the kiosk's settings.",
                           "Without an action it shows them, like `kiosk settings show`.")
    settings.set_defaults(json=False)
    actions = settings.add_subparsers(title="actions", metavar="ACTION")
    show = add_command(actions, "show", show_settings,
                       "Show every setting, its value and what it is for.")
    show.add_argument("--json", action="store_true",
                      help="print a JSON object of the settings (the PIN as staff_pin_set)")
    change = add_command(actions, "set", set_settings, "Change one or more settings.",
                         SET_DETAILS, epilog=SET_EXAMPLES)
    change.add_argument("pairs", nargs="+", metavar="KEY VALUE",
                        help="a setting's name and its new value; repeatable")
    pin = add_command(actions, "set-pin", set_pin, "Set the staff PIN that closes the kiosk.",
                      SET_PIN_DETAILS)
    pin.add_argument("--clear", action="store_true",
                     help="remove the PIN (then only SIGTERM stops the kiosk)")
