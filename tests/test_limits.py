"""One set of limits (issue 16, point 4): no value `check` accepts can crash the kiosk.

Each value here was accepted by `check` and then crashed the kiosk (or `today`, or start-up):
a huge number of minutes, a PIN hash with other scrypt costs, a lone surrogate, an integer
too long for Python's int parser, deep nesting. Now `check` refuses each, naming record and
field, and the kiosk loads only what `check` accepts. The property test: any document at all,
loaded as the kiosk loads it, renders every screen without an exception.
"""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.cli import main
from kiosk.model import Meeting, Settings
from kiosk.screens.browse import BrowseScreen
from kiosk.screens.meeting import MeetingScreen
from kiosk.screens.program import ProgramScreen
from kiosk.staff import hash_pin
from kiosk.store import DataFileError, Store
from kiosk.validate import (
    MAX_NESTING,
    MAX_TEXT_CHARS,
    SETTING_RANGES,
    text_limit,
    value_limit,
)
from tests.app_helpers import make_app
from tests.conftest import SAMPLE_FILE

GOOD_PIN_HASH = hash_pin("4821", salt=b"saltsaltsalt")
MEETING = {"id": "m1", "name": "Hostile Night", "program": "smart", "time": "19:00", "day": 2}


def write(path: Path, change: Any) -> None:
    """The sample with `change(data)` applied."""
    data = json.loads(SAMPLE_FILE.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")


def set_settings(**values: Any) -> Any:
    def change(data: dict[str, Any]) -> None:
        for record in data["settings"].values():
            record.update(values)

    return change


def add_meeting(**values: Any) -> Any:
    def change(data: dict[str, Any]) -> None:
        data["meetings"]["900"] = {**MEETING, **values}

    return change


def check_output(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = main(["--db", str(path), "check"])
    out = capsys.readouterr()
    return status, out.out + out.err


@pytest.mark.parametrize(("name", "value"), [
    ("starting_soon_minutes", 10**18),
    ("dwell_seconds", 10**9),
    ("idle_timeout_seconds", 0),
    ("feed_interval_minutes", 10**12),
    ("burn_in_shift_minutes", -1),
])
def test_a_setting_out_of_its_range_is_refused_and_falls_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, value: int
) -> None:
    path = tmp_path / "kiosk.json"
    write(path, set_settings(**{name: value}))
    status, out = check_output(path, capsys)
    low, high = SETTING_RANGES[name]
    assert status == 1
    assert f"error: settings: {name}: must be a whole number" in out
    assert f"from {low:,} to {high:,}" in out
    assert getattr(Store(path).load().settings, name) == getattr(Settings(), name)


@pytest.mark.parametrize("pin_hash", [
    GOOD_PIN_HASH.replace("$16384$", "$16777216$"),
    GOOD_PIN_HASH.replace("$8$1$", "$8$16$"),
    GOOD_PIN_HASH.replace("$16384$8$", "$1024$1$"),  # cheap to guess: not what set-pin writes
])
def test_only_the_scrypt_costs_set_pin_writes_are_accepted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], pin_hash: str
) -> None:
    path = tmp_path / "kiosk.json"
    write(path, set_settings(staff_pin_hash=pin_hash))
    status, out = check_output(path, capsys)
    assert status == 1
    assert "settings: staff_pin_hash: has scrypt costs other than 16384$8$1" in out
    assert Store(path).load().settings.staff_pin_hash is None


def test_the_pin_hash_set_pin_writes_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.json"
    write(path, set_settings(staff_pin_hash=GOOD_PIN_HASH))
    assert Store(path).load().settings.staff_pin_hash == GOOD_PIN_HASH


@pytest.mark.parametrize("field", ["name", "notes", "location", "room", "program"])
def test_a_lone_surrogate_is_refused_and_today_still_works(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], field: str
) -> None:
    path = tmp_path / "kiosk.json"
    write(path, add_meeting(**{field: "Caf\ud800"}))
    status, out = check_output(path, capsys)
    assert status == 1
    assert f"meeting m1: {field}: is not valid text (it holds a lone surrogate" in out
    assert [m.id for m in Store(path).load().meetings if m.id == "m1"] == []
    assert main(["--db", str(path), "--now", "2026-11-24T18:55", "today"]) == 0
    assert "Traceback" not in capsys.readouterr().err


def test_a_surrogate_in_an_unknown_field_or_key_is_refused_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "kiosk.json"
    write(path, add_meeting(extra={"\udce9": "x"}, website="\ud800"))
    status, out = check_output(path, capsys)
    assert status == 1
    assert "meeting m1: extra: is not valid text" in out
    assert "meeting m1: website: is not valid text" in out


def test_a_surrogate_in_a_name_is_escaped_where_it_names_the_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "kiosk.json"
    write(path, add_meeting(id="Bad Id \ud800", name="N\ud800"))
    status, out = check_output(path, capsys)
    assert status == 1
    assert "meeting 'N\\ud800': name: is not valid text" in out


def test_an_integer_too_long_for_python_is_a_clear_error_and_the_backup_is_used(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "kiosk.json"
    shutil.copyfile(SAMPLE_FILE, path.with_name("kiosk.json.bak"))
    text = SAMPLE_FILE.read_text(encoding="utf-8")
    path.write_text(text.replace('"dwell_seconds": 12', '"dwell_seconds": ' + "9" * 5000, 1),
                    encoding="utf-8")
    assert "9" * 5000 in path.read_text(encoding="utf-8")
    status, out = check_output(path, capsys)
    assert status == 1
    assert "has more than 4,300 digits" in out
    assert "at line " in out and "Traceback" not in out
    with pytest.raises(DataFileError, match="4,300 digits"):
        Store(path).load()
    listings, error = Store(path).load_with_fallback()
    assert error is not None and listings.meetings


@pytest.mark.parametrize(("value", "message"), [
    (10**19, "is a number too large"),
    (-(10**19), "is a number too large"),
    (float("inf"), "is not a number"),
    (float("nan"), "is not a number"),
    ("x" * (MAX_TEXT_CHARS + 1), "is too long"),
    ([[[[[[[[[1]]]]]]]]], f"nests lists or objects more than {MAX_NESTING} deep"),
    (list(range(1001)), "has more than 1000 entries"),
])
def test_any_field_is_bounded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: Any, message: str
) -> None:
    path = tmp_path / "kiosk.json"
    write(path, add_meeting(notes_extra=value))
    status, out = check_output(path, capsys)
    assert status == 1
    assert f"meeting m1: notes_extra: {message}" in out


def test_values_within_the_limits_pass() -> None:
    assert value_limit({"a": [1, 2.5, "x" * MAX_TEXT_CHARS, None, True]}) is None
    assert value_limit(2**63) is None
    assert text_limit("café 🌱 مجموعة") is None


def test_a_long_name_is_cut_where_it_names_the_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "kiosk.json"
    write(path, add_meeting(id="", name="N" * 5000))
    _status, out = check_output(path, capsys)
    assert f"meeting '{'N' * 60}…': id:" in out


@pytest.mark.parametrize(("field", "typed", "message"), [
    ("name", "Caf\udce9", "is not valid text"),
    ("notes", "x" * (MAX_TEXT_CHARS + 1), "is too long"),
    ("duration", "9" * 30, "must be between 1 and 720 minutes"),
])
def test_the_editor_checks_the_same_limits_as_you_type(
    field: str, typed: str, message: str
) -> None:
    from kiosk.admin.validators import field_validator

    result = field_validator(Meeting, field, number=field == "duration").validate(typed)
    assert not result.is_valid
    assert message in result.failure_descriptions[0]


# -- the property: whatever the file holds, the kiosk draws every screen -------------------

TEXT = st.one_of(
    st.text(max_size=30),
    st.text(st.characters(codec=None, exclude_categories=()), max_size=10),  # surrogates too
    st.sampled_from(["", " ", "x" * MAX_TEXT_CHARS, "W" * (MAX_TEXT_CHARS + 1), "\x1b[2J"]),
)
NUMBER = st.one_of(
    st.integers(min_value=-2, max_value=2),
    st.sampled_from([bound for low, high in SETTING_RANGES.values()
                     for bound in (low, high, high + 1)] + [2**63, 10**19]),
    st.floats(allow_nan=True),
)
VALUE = st.one_of(TEXT, NUMBER, st.none(), st.booleans(), st.lists(TEXT, max_size=3))
TIME = st.one_of(st.sampled_from(["00:00", "23:59", "19:00", "12:00"]), TEXT)


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    """The sample with a fuzzed settings record, program and meeting."""
    data = json.loads(SAMPLE_FILE.read_text(encoding="utf-8"))
    for record in data["settings"].values():
        for name, (low, high) in SETTING_RANGES.items():  # at and past each bound, mostly
            record[name] = draw(st.sampled_from([low, high, high + 1, low - 1, 10**18]) | NUMBER)
        record["footer_text"] = draw(TEXT)
        record["org_name"] = draw(TEXT)
    data["programs"]["900"] = {"slug": "fuzz", "name": draw(TEXT), "summary": draw(TEXT),
                               "description": draw(TEXT), "order": draw(NUMBER)}
    data["meetings"]["900"] = {
        "id": "fuzz-m", "program": "fuzz", "name": draw(TEXT), "notes": draw(TEXT),
        "location": draw(TEXT), "address": draw(TEXT), "room": draw(TEXT),
        "time": draw(TIME), "end_time": draw(st.one_of(st.none(), TIME)),
        "duration": draw(st.one_of(st.none(), NUMBER)), "day": draw(st.one_of(
            st.just(2), st.lists(st.integers(0, 6), min_size=1, max_size=7, unique=True))),
        "types": draw(st.lists(TEXT, max_size=3)), "extra_field": draw(VALUE),
    }
    return data


async def draw_every_screen(path: Path, size: tuple[int, int]) -> None:
    app, _clock = make_app(path)
    async with app.run_test(size=size) as pilot:
        assert app.tick_timer is not None
        app.tick_timer.pause()  # a 1-second idle timeout must not end browse mid-test
        await pilot.pause()
        await app.tick()
        await pilot.press("space")
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)
        if any(m.id == "fuzz-m" for m in app.listings.meetings):  # unless check refused it
            app.show_meeting("fuzz-m")
            await pilot.pause()
            assert isinstance(app.screen, MeetingScreen)
            await pilot.press("escape")
        if any(p.slug == "fuzz" for p in app.listings.programs):
            app.show_program("fuzz")
            await pilot.pause()
            assert isinstance(app.screen, ProgramScreen)
            await pilot.press("escape")
        await app.return_to_loop()
        await pilot.pause()
        for slide_id in app.loop_screen.slide_ids:
            app.loop_screen.show_slide(slide_id)
            await pilot.pause()
    assert app.return_code in (0, None)


@settings(max_examples=8, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=documents())
def test_any_document_renders_every_screen(tmp_path: Path, data: dict[str, Any]) -> None:
    path = tmp_path / "kiosk.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    for size in ((80, 24), (160, 50)):
        asyncio.run(draw_every_screen(path, size))
