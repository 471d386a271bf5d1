"""`kiosk admin`: the staff editor (`kiosk.admin`), started from the command line.

The editor is imported inside the handler: it never imports the command line, and other
commands start fast without Textual.
"""

from __future__ import annotations

import argparse
from typing import Any

from kiosk.cli.common import Context, add_command


def open_editor(args: argparse.Namespace, ctx: Context) -> int:
    from kiosk.admin.app import AdminApp  # here, so other commands start fast without Textual

    AdminApp(ctx.store, ctx.clock()).run()
    return 0


def register(commands: Any) -> None:
    """Add `admin` to the `kiosk` command's subcommands."""
    add_command(commands, "admin", open_editor,
                "Open the staff editor for programs, meetings, events and settings.",
                "A full-screen form editor for staff (not the visitor kiosk). Fields are "
                "checked as you type; saving goes through the same checks as `kiosk meetings "
                "add` and `kiosk settings set`, and a kiosk running on the same file shows the "
                "change by itself.")
