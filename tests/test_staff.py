"""Staff exit, without the UI: the PIN hash, the key sequence, the lockout, the settings
checks and `kiosk settings set-pin`."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.staff import (
    LOCKOUT,
    MAX_WRONG_PINS,
    SEQUENCE_SECONDS,
    PinHash,
    StaffExit,
    check_pin,
    hash_pin,
    parse_exit_keys,
    verify_pin,
)
from kiosk.store import Store
from kiosk.validate import validate_docs
from tests.app_helpers import TUESDAY_EVENING, change_settings

NOW = TUESDAY_EVENING


def test_a_pin_is_stored_as_a_salted_scrypt_hash() -> None:
    first, second = hash_pin("4821"), hash_pin("4821")
    assert first.startswith("scrypt$16384$8$1$")
    assert first != second  # a fresh salt each time
    assert "4821" not in first
    assert verify_pin("4821", first) and verify_pin("4821", second)
    assert not verify_pin("4822", first)
    assert not verify_pin("4821", None)
    assert not verify_pin("4821", "scrypt$oops")


@pytest.mark.parametrize("text", [
    "", "4821", "pbkdf2$1$2$3$4$5", "scrypt$16384$8$1$salt", "scrypt$x$8$1$c2FsdHNhbHQ$aGFzaA",
    "scrypt$1000$8$1$c2FsdHNhbHRz$aGFzaGhhc2hoYXNoaGFzaA", "scrypt$16384$8$1$c2E$aGFzaA",
    "scrypt$16384$8$1$c2FsdHNhbHRz$not base64!",
])
def test_a_malformed_hash_is_refused_with_a_reason(text: str) -> None:
    with pytest.raises(ValueError, match="set-pin"):
        PinHash.parse(text)


@pytest.mark.parametrize(("pin", "ok"), [
    ("4821", True), ("correct horse", True), ("123", False), (" 4821", False),
    ("48\x0721", False), ("9" * 65, False),
])
def test_pin_rules(pin: str, ok: bool) -> None:
    assert (check_pin(pin) is None) == ok


@pytest.mark.parametrize("keys", ["", "a b c", "f12 space", "enter", "F12", "ctrl+"])
def test_exit_keys_visitors_use_are_refused(keys: str) -> None:
    with pytest.raises(ValueError):
        parse_exit_keys(keys)


def test_the_sequence_must_be_typed_in_a_row_and_quickly() -> None:
    staff = StaffExit("f12 f12 f12", hash_pin("4821"))
    assert [staff.key("f12", NOW) for _n in range(3)] == [False, False, True]
    assert not any(staff.key(key, NOW) for key in ("f12", "f12", "a", "f12", "f12"))
    assert staff.key("f12", NOW)  # the last three were in a row
    late = NOW + timedelta(seconds=SEQUENCE_SECONDS + 1)
    assert not any((staff.key("f12", NOW), staff.key("f12", NOW), staff.key("f12", late)))
    assert not staff.key("ctrl+backslash", late)


def test_without_a_pin_the_sequence_alone_completes() -> None:
    staff = StaffExit()
    assert staff.needs_pin  # no settings read yet: nobody knows there is no PIN
    staff.follow("ctrl+backslash ctrl+backslash", None)
    assert not staff.needs_pin
    assert [staff.key("ctrl+backslash", NOW) for _n in range(2)] == [False, True]


def test_wrong_pins_in_a_row_lock_the_prompt_for_a_while() -> None:
    staff = StaffExit(pin_hash=hash_pin("4821"))
    for _n in range(MAX_WRONG_PINS):
        assert not staff.try_pin("0000", NOW)
    assert staff.locked(NOW)
    assert not staff.try_pin("4821", NOW)  # even the right one, while locked
    assert not [staff.key("f12", NOW) for _n in range(3)][-1]
    later = NOW + LOCKOUT
    assert staff.try_pin("4821", later)


def test_check_names_the_bad_staff_and_quiet_settings() -> None:
    listings = validate_docs({"settings": [{
        "staff_pin_hash": "1234", "staff_exit_key": "x", "burn_in_shift_minutes": -5,
        "quiet_hours_start": "22:00",
    }]})
    fields = {p.field: p.message for p in listings.problems if p.record == "settings"}
    assert set(fields) == {"staff_pin_hash", "staff_exit_key", "burn_in_shift_minutes",
                           "quiet_hours_end"}
    assert "set-pin" in fields["staff_pin_hash"]
    assert "both" in fields["quiet_hours_end"]
    settings = listings.settings  # each falls back to its default: no PIN, no quiet hours
    assert (settings.staff_pin_hash, settings.quiet_hours_start, settings.staff_exit_key,
            settings.burn_in_shift_minutes) == (None, None, "f12 f12 f12", 0)
    same = validate_docs({"settings": [{"quiet_hours_start": "7:00", "quiet_hours_end": "x"}]})
    assert {p.field for p in same.problems} == {"quiet_hours_start", "quiet_hours_end"}
    equal = validate_docs({"settings": [{"quiet_hours_start": "07:00",
                                         "quiet_hours_end": "07:00"}]})
    assert [p.field for p in equal.problems] == ["quiet_hours_end"]


def test_kiosk_check_flags_a_malformed_hash(
    sample_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    change_settings(sample_path, staff_pin_hash="scrypt$16384$8$1$abc")
    assert main(["--db", str(sample_path), "check"]) == 1
    assert "error: settings: staff_pin_hash:" in capsys.readouterr().out


def test_set_pin_from_stdin_writes_only_a_hash_and_keeps_other_settings(
    sample_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    change_settings(sample_path, theme="sepia")  # an error set-pin must neither fix nor lose
    monkeypatch.setattr("sys.stdin", io.StringIO("4821\n"))
    assert main(["--db", str(sample_path), "settings", "set-pin"]) == 0
    doc = next(iter(json.loads(sample_path.read_text("utf-8"))["settings"].values()))
    assert doc["theme"] == "sepia"
    assert "4821" not in sample_path.read_text("utf-8")
    assert verify_pin("4821", doc["staff_pin_hash"])
    assert Store(sample_path).load().settings.staff_pin_hash == doc["staff_pin_hash"]
    assert sample_path.with_name("kiosk.json.bak").exists()  # written through the store
    assert "PIN is set" in capsys.readouterr().out

    assert main(["--db", str(sample_path), "settings", "set-pin", "--clear"]) == 0
    assert Store(sample_path).load().settings.staff_pin_hash is None


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("typed", "status"), [
    (["4821", "4821"], 0), (["4821", "4812"], 1), (["12", "12"], 1),
])
def test_set_pin_at_a_terminal_asks_twice(
    sample_path: Path, monkeypatch: pytest.MonkeyPatch, typed: list[str], status: int,
    capsys: pytest.CaptureFixture[str],
) -> None:
    answers = iter(typed)
    monkeypatch.setattr("sys.stdin", FakeTerminal())
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    before = sample_path.read_text("utf-8")
    assert main(["--db", str(sample_path), "settings", "set-pin"]) == status
    stored = Store(sample_path).load().settings.staff_pin_hash
    if status == 0:
        assert verify_pin("4821", stored)
    else:
        assert sample_path.read_text("utf-8") == before
        assert "nothing was changed" in capsys.readouterr().err


def test_a_sequence_may_mix_keys_and_follows_new_settings() -> None:
    staff = StaffExit("f1 f2", hash_pin("4821"))
    start = datetime(2026, 11, 24, 18, 0, tzinfo=NOW.tzinfo)
    assert not staff.key("f1", start)
    assert staff.key("f2", start + timedelta(seconds=1))
    assert not staff.key("f1", start)
    staff.follow("ctrl+backslash", hash_pin("4821"))  # a sequence half typed starts over
    assert not staff.key("f2", start)
    assert staff.key("ctrl+backslash", start)
