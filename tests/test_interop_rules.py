"""The conformance suite (tests/data/interop/rules): one small feed per rule of
docs/import-export.md, each imported with `kiosk import`, then checked where a visitor and a
program meet it: the listings, the meeting's detail on screen, and `kiosk today --json`.

`expected.json` says, per feed, whether its meeting is listed, its format and today's status
(the sample's Tuesday at 18:55, the meetings being on Tuesdays; null: not in today's list, as a
meeting by appointment is not), the detail rows it shows or must not show, and the field a
warning names."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from kiosk.cli import main
from kiosk.screens.meeting import MeetingScreen
from kiosk.store import Store
from tests.app_helpers import field_values, make_app

RULES = Path(__file__).parent / "data" / "interop" / "rules"
EXPECTED: dict[str, dict[str, Any]] = json.loads((RULES / "expected.json").read_text("utf-8"))
NOW = "2026-11-24T18:55"  # the sample's Tuesday evening (tests.app_helpers.TUESDAY_EVENING)


def test_every_feed_has_its_expectations() -> None:
    assert {p.stem for p in RULES.glob("*.json")} - {"expected"} == set(EXPECTED)


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The sample with every rule's feed imported; each rule's `kiosk import` output."""
    path = tmp_path_factory.mktemp("rules") / "kiosk.json"
    path.write_bytes((Path(__file__).parent / "data" / "sample.json").read_bytes())
    return path, {rule: _run_import(path, RULES / f"{rule}.json") for rule in EXPECTED}


def _run_import(path: Path, feed: Path) -> str:
    """`kiosk import FEED` into `path`, and what it printed (a module fixture has no capsys)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = main(["--db", str(path), "import", str(feed), "--format", "meeting-guide"])
    assert status == 0, out.getvalue()  # warnings only: nothing is a failed record
    return out.getvalue()


@pytest.mark.parametrize("rule", sorted(EXPECTED))
def test_import_and_today_json(
    rule: str, imported: tuple[Path, dict[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    path, outputs = imported
    expect = EXPECTED[rule]
    meeting = Store(path).load().meeting(expect["id"])
    assert (meeting is not None) == expect["listed"], outputs[rule]
    if "warning" in expect:
        assert f"warning: meeting {expect['id']}: {expect['warning']}:" in outputs[rule]
    else:
        assert "warning:" not in outputs[rule]
    if meeting is None:
        return
    assert meeting.attendance_option == expect["format"]
    capsys.readouterr()
    assert main(["--db", str(path), "--now", NOW, "today", "--json"]) == 0
    statuses = {item["id"]: item["status"] for item in json.loads(capsys.readouterr().out)}
    assert statuses.get(expect["id"]) == expect["status"]


async def settle(pilot: Pilot[None]) -> None:
    for _round in range(3):
        await pilot.pause()


async def test_the_screen_words(imported: tuple[Path, dict[str, str]]) -> None:
    path, _outputs = imported
    app, _clock = make_app(path)
    shown = {rule: e for rule, e in EXPECTED.items() if e["listed"]}
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for rule, expect in shown.items():
            app.show_meeting(expect["id"])
            await settle(pilot)
            assert isinstance(app.screen, MeetingScreen)
            fields = field_values(app)
            for label, words in expect.get("detail", {}).items():
                assert fields.get(label) == words, (rule, label, fields)
            for label in expect.get("absent", ()):
                assert label not in fields, (rule, label, fields)
            await pilot.press("escape")
            await settle(pilot)
