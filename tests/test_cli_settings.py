"""`kiosk settings show` and `kiosk settings set KEY VALUE`: every setting without editing JSON.

A value is checked with `kiosk check`'s rules and written through the store (atomic, .bak
kept); a refused one names the setting and leaves the file byte for byte. A running kiosk
shows the change by itself, within two seconds, as it does for any change to the file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kiosk.cli import main
from kiosk.listing_text import SETTINGS
from tests.app_helpers import make_app, static_text


@pytest.fixture
def db(sample_path: Path) -> Path:
    """The listings file these tests change: a private copy of the sample (conftest)."""
    return sample_path


def settings_doc(path: Path) -> dict[str, Any]:
    return next(iter(json.loads(path.read_text("utf-8"))["settings"].values()))


def test_show_lists_every_setting_with_its_value(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["settings", "show", "--db", str(db)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["Setting", "Value", "What", "it", "is", "for"]
    names = [line.split()[0] for line in lines[2:]]
    assert names == [*SETTINGS, "staff"]
    assert any(line.startswith("org_name               Lakeside Peer Support Center")
               for line in lines)
    assert lines[-1].split()[:4] == ["staff", "PIN", "not", "set"]
    assert main(["settings", "show", "--json", "--db", str(db)]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["dwell_seconds"] == settings_doc(db)["dwell_seconds"]
    assert shown["staff_pin_set"] is False
    assert "staff_pin_hash" not in shown


def test_settings_alone_shows_them(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["settings", "--db", str(db)]) == 0
    assert "footer_text" in capsys.readouterr().out


def test_set_changes_settings_as_staff_type_them_and_keeps_a_backup(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = db.read_bytes()
    assert main(["settings", "set", "footer_text", "  Crisis line: 988  ", "quiet_hours_start",
                 "10pm", "quiet-hours-end", "7:00 AM", "large_text", "yes", "dwell_seconds",
                 " 20 ", "--db", str(db)]) == 0
    assert "Saved footer_text = Crisis line: 988, quiet_hours_start = 22:00" in (
        capsys.readouterr().out
    )
    doc = settings_doc(db)
    assert (doc["footer_text"], doc["quiet_hours_start"], doc["quiet_hours_end"],
            doc["large_text"], doc["dwell_seconds"]) == (
        "Crisis line: 988", "22:00", "07:00", True, 20)
    assert db.with_name("kiosk.json.bak").read_bytes() == before
    assert main(["settings", "set", "quiet_hours_start", "", "quiet_hours_end", " ",
                 "--db", str(db)]) == 0
    assert "quiet_hours_start" not in settings_doc(db)
    assert "quiet_hours_end" not in settings_doc(db)


DWELL_RANGE = "must be a whole number of seconds from 1 to 3,600"


@pytest.mark.parametrize(("pairs", "field", "message"), [
    (["dwell_seconds", "0"], "dwell_seconds", DWELL_RANGE),
    (["dwell_seconds", "ten"], "dwell_seconds", DWELL_RANGE),
    (["theme", "neon"], "theme", "'neon' is not one of: kiosk, high-contrast"),
    (["timezone", "Mars/Base"], "timezone", "not an IANA time zone"),
    (["feed_url", "ftp://example.org/feed"], "feed_url", "https://"),
    (["quiet_hours_start", "25:00"], "quiet_hours_start", "not a time of day"),
    (["quiet_hours_start", "22:00"], "quiet_hours_end", "quiet hours need both"),
    (["large_text", "maybe"], "large_text", "must be true or false"),
    (["org_name", "  "], "org_name", "cannot be empty"),
    (["staff_exit_key", "f12 a"], "staff_exit_key", "'a' is a key visitors use"),
])
def test_a_bad_value_is_refused_naming_the_setting_and_the_file_is_unchanged(
    db: Path, capsys: pytest.CaptureFixture[str], pairs: list[str], field: str, message: str
) -> None:
    before = db.read_bytes()
    assert main(["settings", "set", *pairs, "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert f"error: settings: {field}: " in err
    assert message in err
    assert "Nothing was changed" in err
    assert db.read_bytes() == before


@pytest.mark.parametrize(("pairs", "message"), [
    (["bogus", "1"], "'bogus' is not a setting"),
    (["staff_pin_hash", "x"], "kiosk settings set-pin"),
    (["theme"], "give a value after each setting"),
])
def test_a_mistyped_setting_is_a_usage_error(
    db: Path, capsys: pytest.CaptureFixture[str], pairs: list[str], message: str
) -> None:
    before = db.read_bytes()
    assert main(["settings", "set", *pairs, "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: kiosk settings set")
    assert message in err
    assert db.read_bytes() == before


async def test_a_new_footer_text_reaches_the_running_kiosk(db: Path) -> None:
    """Through the app's own file watch, within two seconds of (pinned) kiosk time."""
    from tests.test_reload import advance, start

    app, clock = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await start(app, pilot)
        assert static_text(app, "#crisis-line") == settings_doc(db)["footer_text"]
        assert main(["settings", "set", "footer_text", "Warm line: 555-0100, any day",
                     "--db", str(db)]) == 0
        await advance(app, clock, pilot, seconds=2)
        assert static_text(app, "#crisis-line") == "Warm line: 555-0100, any day"

        before = db.read_bytes()
        assert main(["settings", "set", "footer_text", "x", "dwell_seconds", "-1",
                     "--db", str(db)]) == 1
        assert db.read_bytes() == before
        await advance(app, clock, pilot, seconds=2)
        assert static_text(app, "#crisis-line") == "Warm line: 555-0100, any day"


# -- the editor's Settings view ------------------------------------------------------------


async def test_the_editor_settings_view_has_the_same_fields_and_messages(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from textual.widgets import Select

    from kiosk.admin.screens.form import SettingsForm
    from kiosk.admin.screens.listings import ListingsScreen
    from tests.test_admin import SMALL, editor, error_text, fill

    before = db.read_bytes()
    assert main(["settings", "set", "dwell_seconds", "0", "--db", str(db)]) == 1
    cli_message = capsys.readouterr().err.splitlines()[0]
    app = editor(db)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("s")
        assert isinstance(app.screen, SettingsForm)
        assert [spec.name for spec in app.screen.specs] == list(SETTINGS)
        await fill(pilot, "dwell_seconds", "0")
        assert cli_message == f"error: settings: dwell_seconds: {error_text(app, 'dwell_seconds')}"
        await fill(pilot, "dwell_seconds", "20")
        assert error_text(app, "dwell_seconds") == ""
        await fill(pilot, "footer_text", "  Warm line: 555-0100 ")
        await fill(pilot, "quiet_hours_start", "10pm")
        assert error_text(app, "quiet_hours_start") == ""
        app.screen.query_one("#field-theme", Select).value = "high-contrast"
        app.screen.query_one("#field-large_text", Select).value = True
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SettingsForm)  # quiet hours need both
        assert "quiet hours need both" in error_text(app, "quiet_hours_end")
        assert db.read_bytes() == before
        await fill(pilot, "quiet_hours_end", "7:00 AM")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ListingsScreen)
    doc = settings_doc(db)
    assert {name: doc[name] for name in ("dwell_seconds", "footer_text", "quiet_hours_start",
                                         "quiet_hours_end", "theme", "large_text")} == {
        "dwell_seconds": 20, "footer_text": "Warm line: 555-0100", "quiet_hours_start": "22:00",
        "quiet_hours_end": "07:00", "theme": "high-contrast", "large_text": True,
    }
    assert db.with_name("kiosk.json.bak").read_bytes() == before
    assert doc["org_name"] == "Lakeside Peer Support Center"  # untouched fields stay


async def test_the_editor_settings_view_leaves_a_blank_optional_setting_out(db: Path) -> None:
    from kiosk.admin.screens.form import SettingsForm
    from tests.test_admin import SMALL, editor, fill

    assert main(["settings", "set", "feed_url", "https://example.org/feed.json",
                 "--db", str(db)]) == 0
    app = editor(db)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("s")
        assert isinstance(app.screen, SettingsForm)
        await fill(pilot, "feed_url", "   ")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, SettingsForm)
    assert "feed_url" not in settings_doc(db)
