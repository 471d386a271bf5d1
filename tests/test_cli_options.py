"""--db, --now and --tz anywhere: before or after the command, with the same meaning.

Staff type `kiosk today --json --db X` as readily as `kiosk --db X today --json`. Every command
is run both ways, each on its own copy of the file, and must print the same and leave the same
file (and picture, for `screenshot`); given both before and after, the one after wins.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import pytest

from kiosk.cli import build_parser, main

SAMPLE = Path(__file__).parent / "data" / "sample.json"
CSV_FEED = Path(__file__).parent / "data" / "interop" / "meetings.csv"
NOW = "2026-11-24T18:55"
ZONE = "America/Denver"  # not the sample's, so --tz visibly changes what is printed
OPTIONS = ["--now", NOW, "--tz", ZONE]

COMMANDS = {
    "today": ["today"],
    "today-json": ["today", "--json"],
    "check": ["check"],
    "check-json": ["check", "--json"],
    "programs": ["programs"],
    "programs-list": ["programs", "list"],
    "meetings": ["meetings"],
    "meetings-list": ["meetings", "list", "--day", "tue"],
    "meetings-add": ["meetings", "add", "--id", "new-mon", "--program", "smart-recovery",
                     "--name", "New Monday", "--day", "mon", "--time", "18:30"],
    "meetings-edit": ["meetings", "edit", "smart-tue-evening", "--time", "18:15"],
    "meetings-cancel": ["meetings", "cancel", "smart-tue-evening", "2026-12-01"],
    "meetings-remove": ["meetings", "remove", "smart-tue-evening", "--yes"],
    "export-ics": ["export", "--format", "ics"],
    "import-dry-run": ["import", str(CSV_FEED), "--format", "csv", "--dry-run"],
    "import": ["import", str(CSV_FEED), "--format", "csv"],
    "screenshot": ["screenshot", "-o", "{dir}/shot.svg"],
    "settings-set-pin-clear": ["settings", "set-pin", "--clear"],
    "settings-show": ["settings", "show"],
    "settings-set": ["settings", "set", "footer_text", "Crisis line: 988", "quiet_hours_start",
                     "10pm", "quiet_hours_end", "7am"],
    "run": ["run"],
    "serve": ["serve"],
    "admin": ["admin"],
}


@pytest.fixture(autouse=True)
def nothing_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    """`run`, `serve` and `admin` print what they would start with instead of starting it."""
    from kiosk.admin.app import AdminApp
    from kiosk.app import KioskApp
    from kiosk.serve import KioskServer

    def started(what: str, path: Path, clock: object) -> None:
        now = clock.now()  # type: ignore[attr-defined]
        print(what, path, now.replace(second=0, microsecond=0), clock.zone)  # type: ignore

    monkeypatch.setattr(KioskApp, "run", lambda app: started("kiosk", app.store.path, app.clock))
    monkeypatch.setattr(AdminApp, "run", lambda app: started("editor", app.store.path, app.clock))
    monkeypatch.setattr(KioskServer, "serve", lambda server: print("serve", server.command))


def run_in(folder: Path, argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple:
    """Exit status, output and resulting files of one command on `folder`'s copy of the file."""
    argv = [part.replace("{dir}", str(folder)) for part in argv]
    status = main(argv)
    out, err = capsys.readouterr()
    files = {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}
    where = str(folder)
    return status, out.replace(where, "DIR"), err.replace(where, "DIR"), files


def copy_of_sample(folder: Path) -> Path:
    folder.mkdir()
    path = folder / "kiosk.json"
    shutil.copyfile(SAMPLE, path)
    return path


@pytest.mark.parametrize("command", COMMANDS.values(), ids=COMMANDS.keys())
def test_every_command_takes_the_options_before_or_after_it(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before_db = copy_of_sample(tmp_path / "before")
    after_db = copy_of_sample(tmp_path / "after")
    before = run_in(before_db.parent, ["--db", str(before_db), *OPTIONS, *command], capsys)
    after = run_in(after_db.parent, [*command, "--db", str(after_db), *OPTIONS], capsys)
    assert after == before
    err = before[2]
    assert "error" not in err, err
    assert "usage:" not in err


def test_the_options_mean_the_same_after_the_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Not the same output by ignoring them both: the zone, the moment and the file take hold."""
    db = copy_of_sample(tmp_path / "one")
    assert main(["today", "--db", str(db), *OPTIONS]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Tuesday, November 24, now 6:55 PM (America/Denver)")
    assert main(["meetings", "add", "--id", "x-mon", "--program", "smart-recovery", "--name",
                 "X", "--day", "mon", "--time", "09:00", "--db", str(db), *OPTIONS]) == 0
    assert '"x-mon"' in db.read_text(encoding="utf-8")


def test_given_twice_the_one_after_the_command_wins(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = copy_of_sample(tmp_path / "right")
    missing = tmp_path / "missing.json"
    assert main(["--db", str(missing), "--now", "2026-11-25T09:00", "--tz", "Asia/Tokyo",
                 "today", "--db", str(db), *OPTIONS]) == 0
    twice = capsys.readouterr().out
    assert main(["--db", str(db), *OPTIONS, "today"]) == 0
    assert twice == capsys.readouterr().out
    assert main(["--db", str(db), "meetings", "--db", str(missing), "list"]) == 1
    assert "missing.json" in capsys.readouterr().err
    assert main(["--db", str(missing), "meetings", "--db", str(db), "list", "--db",
                 str(missing)]) == 1


def commands_of(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    """Every command and action parser under `parser`."""
    found = []
    for action in parser._actions:  # argparse has no public way to list subcommands
        if isinstance(action, argparse._SubParsersAction):
            for command in dict.fromkeys(action.choices.values()):
                found += [command, *commands_of(command)]
    return found


@pytest.mark.parametrize("command", commands_of(build_parser()), ids=lambda c: c.prog)
def test_every_command_help_shows_the_options(command: argparse.ArgumentParser) -> None:
    text = command.format_help()
    for option in ("--db PATH", "--now DATE-TIME", "--tz ZONE"):
        assert option in text
    assert "before or after the command" in text
