"""`kiosk import` and `kiosk export`: plans printed safely, writes only when asked, round trips."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from icalendar import Calendar

from kiosk.cli import main
from kiosk.interop import fetch
from kiosk.interop.fetch import FetchResult
from kiosk.model import Settings
from kiosk.store import Store
from tests.http_helpers import QuietHandler, loopback_server

DATA = Path(__file__).parent / "data" / "interop"
FEED = DATA / "feed.json"
TUESDAY_EVENING = "2026-11-24T18:55"  # the feed's smart-tuesday-evening meets 18:30-20:00
FEED_IDS = {"smart-tuesday-evening", "smart-saturday-online", "smart-family-friends-thursday",
            "refuge-morning-sit", "refuge-evening", "grasp-wednesday", "1042",
            "refuge-thursday-noon"}


def run(db: Path, *args: str) -> int:
    return main(["--db", str(db), *args])


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file in the folder and its bytes: "changes no byte" includes no new file."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def meeting_ids(db: Path) -> set[str]:
    return {m.id for m in Store(db).load().meetings}


def test_import_adds_the_feed_and_the_kiosk_shows_it_today(
    sample_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = meeting_ids(sample_path)
    assert run(sample_path, "import", str(FEED), "--format", "meeting-guide",
               "--program", "GRASP=grief-group") == 0
    out = capsys.readouterr().out
    assert out.startswith("8 to add, 0 to change, 0 unchanged, 0 skipped\n")
    assert "+ smart-tuesday-evening: SMART Recovery Tuesday Evening" in out
    assert "refuge-thursday-noon: attendance_option: is inactive" in out  # kept as closed; told why
    assert meeting_ids(sample_path) == before | FEED_IDS
    listings = Store(sample_path).load()
    assert listings.meeting("grasp-wednesday").program == "grief-group"  # type: ignore[union-attr]
    assert len(listings.programs) == 4  # the mapping chose a program: none was created

    assert run(sample_path, "--now", TUESDAY_EVENING, "today", "--json") == 0
    today = {item["id"]: item for item in json.loads(capsys.readouterr().out)}
    assert today["smart-tuesday-evening"]["status"] == "in_progress"
    assert today["smart-tuesday-evening"]["start"] == "2026-11-24T18:30:00-06:00"


def test_a_catch_all_program_is_created_and_reported(
    sample_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(sample_path, "import", str(FEED), "--format", "meeting-guide") == 0
    out = capsys.readouterr().out
    assert "new program 'GRASP' (grasp)" in out
    assert Store(sample_path).load().meeting("grasp-wednesday").program == "grasp"  # type: ignore[union-attr]


def test_dry_run_prints_the_plan_and_changes_no_byte(
    sample_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(sample_path.parent)
    assert run(sample_path, "import", str(FEED), "--format", "meeting-guide", "--replace",
               "--dry-run") == 0
    out = capsys.readouterr().out
    assert "8 to add" in out and "20 to remove (--replace)" in out
    assert "nothing was written" in out
    assert snapshot(sample_path.parent) == before


@pytest.mark.parametrize(("feed", "message"), [
    ("malformed.json", "! meeting bad-day: skipped"),
    ("meetings.csv", "not valid JSON at line 1"),  # not a feed at all: refused whole
])
def test_a_bad_feed_exits_1_and_changes_nothing(
    sample_path: Path, capsys: pytest.CaptureFixture[str], feed: str, message: str
) -> None:
    before = snapshot(sample_path.parent)
    assert run(sample_path, "import", str(DATA / feed), "--format", "meeting-guide") == 1
    captured = capsys.readouterr()
    assert message in captured.out + captured.err
    assert snapshot(sample_path.parent) == before


def test_good_records_are_imported_and_a_skipped_one_makes_the_exit_status_1(
    sample_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    feed = tmp_path / "partial.json"
    feed.write_text(json.dumps([
        {"name": "Good", "slug": "good", "day": 1, "time": "19:00", "group": "SMART Recovery"},
        {"name": "Bad", "slug": "bad", "day": 9, "time": "19:00"},
    ]))
    assert run(sample_path, "import", str(feed), "--format", "meeting-guide") == 1
    assert "! meeting bad: skipped" in capsys.readouterr().out
    assert "good" in meeting_ids(sample_path) and "bad" not in meeting_ids(sample_path)


def test_text_from_the_feed_reaches_the_terminal_without_control_codes(
    sample_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    feed = tmp_path / "hostile.json"
    feed.write_text(json.dumps([
        {"name": "Clear\x1b[2J\x9bscreen", "slug": "x", "day": 1, "time": "19:00"},
        {"name": "Bad\x07", "slug": "y", "day": 1, "time": "19:00",
         "conference_url": "javascript:\x1b[31m"},
    ]))
    run(sample_path, "import", str(feed), "--format", "meeting-guide", "--dry-run")
    captured = capsys.readouterr()
    for text in (captured.out, captured.err):
        assert not any((ord(c) < 0x20 and c != "\n") or 0x7F <= ord(c) <= 0x9F for c in text)
    assert "Clear␛[2J\ufffdscreen" in captured.out
    assert "! meeting y: skipped" in captured.out


def test_exported_meeting_guide_imports_again_all_unchanged(
    sample_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    exported = tmp_path / "export.json"
    assert run(sample_path, "export", "--format", "meeting-guide", "-o", str(exported)) == 0
    count = len(Store(sample_path).load().meetings)
    assert len(json.loads(exported.read_text("utf-8"))) == count
    before = snapshot(sample_path.parent)
    capsys.readouterr()
    assert run(sample_path, "import", str(exported), "--format", "meeting-guide") == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == f"0 to add, 0 to change, {count} unchanged, 0 skipped"
    assert "the file was not touched" in out
    assert snapshot(sample_path.parent) == before


def test_exported_csv_on_stdout_imports_again_all_unchanged(
    sample_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(sample_path, "export", "--format", "csv") == 0
    exported = tmp_path / "export.csv"
    exported.write_text(capsys.readouterr().out, encoding="utf-8")
    assert run(sample_path, "import", str(exported), "--format", "csv") == 0
    count = len(Store(sample_path).load().meetings)
    assert capsys.readouterr().out.startswith(f"0 to add, 0 to change, {count} unchanged")


def test_export_ics_parses_and_starts_today_by_the_cli_clock(
    sample_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(sample_path, "--now", TUESDAY_EVENING, "export", "--format", "ics") == 0
    calendar = Calendar.from_ical(capsys.readouterr().out)
    events = calendar.walk("VEVENT")
    listings = Store(sample_path).load()
    uids = {str(e["UID"]).split("@")[0] for e in events}
    assert {f"meeting-{m.id}" for m in listings.meetings if not m.end_date} <= uids
    starts = [e.decoded("DTSTART") for e in events]
    assert min(s.date() for s in starts if isinstance(s, datetime)) == date(2026, 11, 24)


def test_export_ics_from_a_given_day(sample_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert run(sample_path, "export", "--format", "ics", "--from", "2027-03-01") == 0
    events = Calendar.from_ical(capsys.readouterr().out).walk("VEVENT")
    assert events
    assert all(e.decoded("DTSTART").date() >= date(2027, 3, 1) for e in events)


def test_from_is_refused_for_formats_other_than_ics(
    sample_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(sample_path, "export", "--format", "csv", "--from", "2027-03-01") == 1
    assert "--format ics" in capsys.readouterr().err


def test_export_will_not_overwrite_the_listings_file(sample_path: Path) -> None:
    before = sample_path.read_bytes()
    assert run(sample_path, "export", "--format", "csv", "-o", str(sample_path)) == 1
    assert sample_path.read_bytes() == before


def test_importing_into_a_missing_file_creates_it_with_default_settings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "new" / "kiosk.json"
    assert run(db, "import", str(FEED), "--format", "meeting-guide") == 0
    assert "Created" in capsys.readouterr().out
    listings = Store(db).load()
    assert listings.settings == Settings()
    assert {m.id for m in listings.meetings} == FEED_IDS
    assert not listings.errors


@pytest.mark.parametrize("option", ["--program=no-equals-sign", "--program=GRASP=Not A Slug",
                                    "--timeout=0"])
def test_mistyped_options_are_usage_errors(sample_path: Path, option: str) -> None:
    before = sample_path.read_bytes()
    assert run(sample_path, "import", str(FEED), "--format", "meeting-guide", option) == 2
    assert sample_path.read_bytes() == before


class FeedHandler(QuietHandler):
    """Serves the fixture feed at /feed.json and nothing else."""

    def do_GET(self) -> None:
        if self.path != "/feed.json":
            self.send_error(404)
            return
        body = FEED.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def base_url() -> Iterator[str]:
    with loopback_server(FeedHandler) as url:
        yield url


def test_import_from_a_web_address(sample_path: Path, base_url: str,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert run(sample_path, "import", f"{base_url}/feed.json", "--format", "meeting-guide",
               "--timeout", "5", "--allow-private") == 0
    assert capsys.readouterr().out.startswith("8 to add")
    assert meeting_ids(sample_path) >= FEED_IDS


def test_a_local_address_is_refused_unless_allowed_and_named_once(
    sample_path: Path, base_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(sample_path.parent)
    assert run(sample_path, "import", f"{base_url}/feed.json", "--format", "meeting-guide") == 1
    err = capsys.readouterr().err
    assert "is at 127.0.0.1, a private, loopback or link-local address" in err
    assert "--allow-private" in err and err.count(base_url) == 1
    assert snapshot(sample_path.parent) == before


def test_a_web_address_that_fails_is_refused_and_changes_nothing(
    sample_path: Path, base_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(sample_path.parent)
    assert run(sample_path, "import", f"{base_url}/missing.json", "--format", "meeting-guide",
               "--timeout", "5", "--allow-private") == 1
    assert "404" in capsys.readouterr().err
    assert snapshot(sample_path.parent) == before


def test_the_address_finally_read_is_reported(
    sample_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    final = "https://feeds.example.org/v2/feed.json"
    monkeypatch.setattr(fetch, "fetch_feed", lambda *args, **kwargs: FetchResult(
        FEED.read_bytes(), url=final))  # a followed redirect, without the network
    assert run(sample_path, "import", "http://feeds.example.org/feed.json",
               "--format", "meeting-guide", "--dry-run") == 0
    assert f"Redirected: read from {final}" in capsys.readouterr().out


def test_windows_line_breaks_are_stored_as_line_feeds_and_each_warning_printed_once(
    sample_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    feed = tmp_path / "crlf.json"
    feed.write_text(json.dumps([
        {"name": "Notes", "slug": "crlf", "day": 1, "time": "19:00",
         "notes": "Line one\r\nLine two\rthree"},
        {"name": "Bell\x07", "slug": "bell", "day": 1, "time": "20:00"},
    ]))
    assert run(sample_path, "import", str(feed), "--format", "meeting-guide") == 0
    out = capsys.readouterr().out
    assert "crlf" not in out.split("+ crlf")[1]  # no warning names it
    assert out.count("meeting bell: name: contains control characters") == 1
    stored = Store(sample_path).load().meeting("crlf")
    assert stored is not None and stored.notes == "Line one\nLine two\nthree"
