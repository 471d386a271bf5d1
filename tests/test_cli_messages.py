"""Messages a staff member can act on: each seen by a new user, each with the fix's test.

A closed pipe is not an error; a feed that cannot be fetched says why, naming the address once;
bad JSON names line and column in a whole sentence; `check` offers a backup only if there is
one; a blank name is "empty", not "missing"; a failed write says what failed and what to do,
and the file stays as it was; a mistyped option shows the usage of the command it was given to.
"""

from __future__ import annotations

import errno
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from filelock import FileLock

from kiosk.cli import main
from kiosk.model import Listings, Meeting, Program, Settings
from kiosk.store import Store
from tests.conftest import SAMPLE_FILE as SAMPLE
from tests.http_helpers import QuietHandler, loopback_server

REPO = Path(__file__).resolve().parent.parent

TUESDAY = "2026-11-24T18:55"


@pytest.fixture
def db(sample_path: Path) -> Path:
    """The listings file these tests change: a private copy of the sample (conftest)."""
    return sample_path


# -- a closed pipe -----------------------------------------------------------------------


@pytest.fixture
def long_listings(tmp_path: Path) -> Path:
    """More rows than a pipe holds (64 KiB), so the command is still writing when `head` quits."""
    path = tmp_path / "long.json"
    meetings = tuple(
        Meeting(id=f"m-{n}", name=f"Tuesday Meeting Number {n}", program="p", day=2,
                time=f"{n % 24:02d}:00", room="Room with a rather long name")
        for n in range(1500)
    )
    Store(path).write_listings(Listings(settings=Settings(timezone="America/Chicago"),
                                        programs=(Program(slug="p", name="P"),),
                                        meetings=meetings))
    return path


@pytest.mark.parametrize("command", [["today"], ["meetings", "list"]])
def test_a_reader_that_stops_early_is_not_an_error(long_listings: Path, command: list[str]) -> None:
    """`kiosk today | head -2` exits 0 and says nothing (it blamed the data file before)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "kiosk", *command, "--db", str(long_listings), "--now", TUESDAY],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    first_lines = [process.stdout.readline() for _ in range(2)]
    process.stdout.close()  # what `head -2` does once it has its lines
    err = process.stderr.read().decode()
    assert process.wait(timeout=60) == 0, err
    assert err == ""
    assert all(first_lines)


# -- fetching a feed ---------------------------------------------------------------------


class MissingHandler(QuietHandler):
    def do_GET(self) -> None:
        self.send_error(404)


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A port that takes the connection and never answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/feed.json"


@pytest.fixture
def closed_port() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/feed.json"


def import_error(url: str, db: Path, capsys: pytest.CaptureFixture[str]) -> str:
    before = db.read_bytes()
    assert main(["import", url, "--format", "meeting-guide", "--timeout", "0.5",
                 "--allow-private", "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert db.read_bytes() == before
    assert err.count(url) == 1, err  # named once, by the command
    assert "[Errno" not in err
    return err


def test_a_fetch_that_times_out_says_so(silent_server: str, db: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert "no complete answer within 0.5 s (timeout)" in import_error(silent_server, db, capsys)


def test_a_refused_connection_says_so(closed_port: str, db: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert "connection refused" in import_error(closed_port, db, capsys)


def test_an_unknown_server_name_is_a_dns_failure(
    db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_such_name(*args: object, **kwargs: object) -> None:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_name)
    err = import_error("https://meetings.example.invalid/feed.json", db, capsys)
    assert "DNS failure: the server's name 'meetings.example.invalid' was not found" in err


def test_an_http_error_gives_the_status(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with loopback_server(MissingHandler) as base:
        err = import_error(f"{base}/feed.json", db, capsys)
    assert "the server answered 404 Not Found" in err


# -- bad JSON ----------------------------------------------------------------------------


def test_bad_json_names_line_and_column_in_a_whole_sentence(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db.write_text('{"meetings": {"1": {"name": "abc', encoding="utf-8")
    assert main(["check", "--db", str(db)]) == 1
    out = capsys.readouterr().out
    assert "not valid JSON at line 1, column 29: unterminated string\n" in out
    feed = tmp_path / "feed.json"
    feed.write_text('[\n  {"name": "M",\n   "slug": "m" "day": 1}\n]', encoding="utf-8")
    shutil.copyfile(SAMPLE, db)
    assert main(["import", str(feed), "--format", "meeting-guide", "--db", str(db)]) == 1
    assert "not valid JSON at line 3, column 16: expecting ',' delimiter" in (
        capsys.readouterr().err
    )


# -- check on a missing file ---------------------------------------------------------------


def test_check_offers_the_backup_only_when_there_is_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.json"
    assert main(["check", "--db", str(missing)]) == 1
    out = capsys.readouterr().out
    assert ".bak" not in out
    assert "check the path given with --db" in out
    shutil.copyfile(SAMPLE, tmp_path / "missing.json.bak")
    assert main(["check", "--db", str(missing)]) == 1
    assert "or restore missing.json.bak." in capsys.readouterr().out


# -- a blank name --------------------------------------------------------------------------


@pytest.mark.parametrize("command", [
    ["meetings", "add", "--id", "x-mon", "--program", "smart-recovery", "--name", "",
     "--day", "mon", "--time", "19:00"],
    ["meetings", "edit", "smart-tue-evening", "--name", "  "],
])
def test_a_blank_name_is_empty_not_missing(
    command: list[str], db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = db.read_bytes()
    assert main([*command, "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "name: is empty" in err
    assert "missing" not in err
    assert db.read_bytes() == before


# -- write failures ------------------------------------------------------------------------


CANCEL = ["meetings", "cancel", "smart-tue-evening", "2026-12-01"]


def test_a_lock_file_on_a_read_only_disk_is_explained(
    db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def read_only(lock: FileLock, *args: object, **kwargs: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system", lock.lock_file)

    monkeypatch.setattr(FileLock, "acquire", read_only)
    before = db.read_bytes()
    assert main([*CANCEL, "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert err == (
        f"error: cannot create the lock file {db}.lock: the file system is read-only. "
        f"Nothing was changed in {db}. To fix it, use a listings file on a writable disk "
        "(--db PATH).\n"
    )
    assert db.read_bytes() == before


def test_a_folder_without_write_permission_is_explained(
    db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def not_allowed(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied",
                              str(db.parent / ".kiosk.json.x1y2.tmp"))

    monkeypatch.setattr(tempfile, "mkstemp", not_allowed)
    before = db.read_bytes()
    assert main([*CANCEL, "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: cannot write a new version of the listings file in "
                          f"{db.parent}: permission denied. Nothing was changed in {db}.")
    assert f"run it as a user who may write to {db.parent}" in err
    assert "Errno" not in err
    assert db.read_bytes() == before


# -- a mistyped option ---------------------------------------------------------------------


@pytest.mark.parametrize("command", [["meetings", "list"], ["today"], ["settings", "set-pin"]])
def test_an_unknown_option_shows_the_usage_of_its_command(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*command, "--colour"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"usage: kiosk {' '.join(command)} ")
    assert f"kiosk {' '.join(command)}: error: unrecognized arguments: --colour" in err


async def test_the_editor_explains_a_failed_write_the_same_way(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from textual.widgets import Static

    from kiosk.admin.screens.form import RecordForm
    from tests.test_admin import SMALL, editor, fill, open_row

    def read_only(lock: FileLock, *args: object, **kwargs: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system", lock.lock_file)

    before = db.read_bytes()
    app = editor(db)
    async with app.run_test(size=SMALL) as pilot:
        await open_row(pilot, "smart-tue-evening")
        await pilot.press("e")
        await fill(pilot, "room", "Room 9")
        monkeypatch.setattr(FileLock, "acquire", read_only)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, RecordForm)
        status = str(app.screen.query_one("#form-status", Static).content)
        assert f"cannot create the lock file {db}.lock: the file system is read-only" in status
        assert "Errno" not in status
    assert db.read_bytes() == before
