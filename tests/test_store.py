"""The store: atomic writes with a backup, locked changes, clear file errors, lossless records."""

from __future__ import annotations

import gc
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from threading import Event as Flag
from typing import Any, TypeVar

import pytest
from filelock import FileLock
from hypothesis import given, settings
from hypothesis import strategies as st

import kiosk.store as store_module
from kiosk.model import Event, Listings, Meeting, Page, Program, Record, Settings
from kiosk.store import DataFileError, Store, StoreBusy, ValidationError
from kiosk.validate import MAX_DURATION_MINUTES

WRITES = 500


def new_meeting(meeting_id: str, **fields: Any) -> Meeting:
    defaults = {"name": meeting_id.title(), "program": "smart-recovery", "day": 2, "time": "12:00"}
    return Meeting(id=meeting_id, **{**defaults, **fields})


# -- atomic writes and the backup ---------------------------------------------------------

def test_write_keeps_the_previous_file_as_bak(sample_path: Path) -> None:
    store = Store(sample_path)
    original = sample_path.read_bytes()
    store.add(new_meeting("first-new"))
    assert store.backup_path.read_bytes() == original
    after_first = sample_path.read_bytes()
    store.add(new_meeting("second-new"))
    assert store.backup_path.read_bytes() == after_first
    assert {"first-new", "second-new"} <= {m.id for m in store.load().meetings}
    assert [m.id for m in store.load(store.backup_path).meetings][-1] == "first-new"


def test_reader_never_sees_a_partial_file(sample_path: Path) -> None:
    store = Store(sample_path)
    original = store.load()
    first, *rest = original.meetings
    # Notes of varying length, so a half-written file would differ in size from the last one.
    versions = [
        replace(original, meetings=(replace(first, notes=f"version {n} " + "x" * (n % 97)), *rest))
        for n in range(WRITES)
    ]
    expected = (len(original.programs), len(original.pages), len(original.meetings),
                len(original.events))
    writing_done = Flag()

    def read_until_done() -> tuple[int, list[str]]:
        reader, reads, failures = Store(sample_path), 0, []
        while not writing_done.is_set():
            time.sleep(0.001)  # share the GIL with the writer; still about a read per write
            try:
                seen = reader.load()
            except DataFileError as error:
                failures.append(str(error))
                continue
            counts = (len(seen.programs), len(seen.pages), len(seen.meetings), len(seen.events))
            if seen.problems or counts != expected:
                failures.append(f"{counts} {seen.problems}")
            reads += 1
        return reads, failures

    with ThreadPoolExecutor(1) as pool:
        reading = pool.submit(read_until_done)
        try:
            for version in versions:
                store.write_listings(version)
        finally:
            writing_done.set()
        reads, failures = reading.result()
    assert failures == []
    assert reads >= 50  # the reader really ran alongside the writes
    assert store.load().meetings[0].notes == versions[-1].meetings[0].notes


def test_two_concurrent_writers_both_keep_their_changes(sample_path: Path) -> None:
    def add_many(prefix: str) -> None:
        store = Store(sample_path)  # its own lock object, as a second process would have
        for n in range(15):
            store.add(new_meeting(f"{prefix}-{n}"))

    with ThreadPoolExecutor(2) as pool:
        for done in [pool.submit(add_many, "alpha"), pool.submit(add_many, "beta")]:
            done.result()
    ids = {m.id for m in Store(sample_path).load().meetings}
    assert {f"{prefix}-{n}" for prefix in ("alpha", "beta") for n in range(15)} <= ids
    assert len(ids) == 20 + 30


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda s: s.add(new_meeting("bad-time", time="25:00")), "time"),
        (lambda s: s.add(new_meeting("smart-tue-evening")), "id"),
        (lambda s: s.add(new_meeting("nowhere", program="no-such-program")), "program"),
        (lambda s: s.update(Meeting, "smart-tue-evening",
                            lambda m: replace(m, end_time="17:00")), "end_time"),
        (lambda s: s.update(Meeting, "smart-tue-evening",
                            lambda m: replace(m, id="smart-tue-morning")), "id"),
        (lambda s: s.remove(Meeting, "no-such-meeting"), "id"),
        (lambda s: s.save_settings(Settings(timezone="Mars/Olympus")), "timezone"),
    ],
    ids=["bad-time", "duplicate-id", "unknown-program", "end-before-start", "id-taken",
         "missing", "bad-settings"],
)
def test_refused_change_leaves_the_file_unchanged(
    sample_path: Path, change: Any, field: str
) -> None:
    store = Store(sample_path)
    before = sample_path.read_bytes()
    with pytest.raises(ValidationError) as refused:
        change(store)
    assert field in {p.field for p in refused.value.problems}
    assert sample_path.read_bytes() == before
    assert not store.backup_path.exists()


def test_change_with_only_a_warning_is_saved(sample_path: Path) -> None:
    listings = Store(sample_path).add(new_meeting("no-link-yet", attendance_option="online"))
    assert "no-link-yet" in {m.id for m in Store(sample_path).load().meetings}
    assert [p.severity for p in listings.problems if p.record == "meeting no-link-yet"] == [
        "warning"
    ]


def test_load_with_fallback_uses_the_backup(sample_path: Path) -> None:
    store = Store(sample_path)
    store.add(new_meeting("lost-with-the-broken-file"))
    sample_path.write_text('{"settings": ', encoding="utf-8")
    listings, error = store.load_with_fallback()
    assert isinstance(error, DataFileError)
    assert "line 1" in error.message
    assert len(listings.meetings) == 20  # the backup: the sample before the change
    assert "lost-with-the-broken-file" not in {m.id for m in listings.meetings}


def test_load_with_fallback_raises_without_a_backup(sample_path: Path) -> None:
    sample_path.write_text("", encoding="utf-8")
    with pytest.raises(DataFileError, match="empty"):
        Store(sample_path).load_with_fallback()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{\n  "settings": {\n    "1": {"org_name": "X",}\n  }\n}', "line 3, column 27"),
        ('{"meetings": {"1": {"id": "a"}}', "line 1, column 32"),
        ("", "the file is empty"),
        ("  \n\n", "the file is empty"),
        ("[]", "must hold a JSON object of tables"),
        ('{"meetings": []}', "table 'meetings' must be an object of records"),
        ('{"meetings": {"1": "smart"}}', "meetings record 1 must be an object"),
    ],
    ids=["trailing-comma", "unclosed", "empty", "blank", "list", "table-list", "record-text"],
)
def test_data_file_error_says_what_is_wrong(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "kiosk.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataFileError) as error:
        Store(path).load()
    assert message in error.value.message
    assert error.value.path == path
    assert str(path) in str(error.value)


def test_data_file_error_for_missing_and_undecodable_files(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="does not exist"):
        Store(tmp_path / "missing.json").load()
    undecodable = tmp_path / "latin1.json"
    undecodable.write_bytes('{"settings": {"1": {"org_name": "Café"}}}'.encode("latin-1"))
    with pytest.raises(DataFileError, match="cannot be read"):
        Store(undecodable).load()


# -- every valid record survives a save and a load ----------------------------------------

K = TypeVar("K", bound=Record)

TEXT = st.text(max_size=20)  # any unicode, control characters included (a warning only)
NAME = st.text(min_size=1, max_size=20).filter(str.strip)
OPTIONAL = st.none() | NAME  # "" is stored as "no value", so optional fields are None or text
SLUG = st.from_regex(r"[a-z0-9][a-z0-9_-]{0,15}", fullmatch=True)
DATE = st.dates(date(2000, 1, 1), date(2099, 12, 31)).map(date.isoformat)
ZONE = st.sampled_from(["America/Chicago", "America/New_York", "Europe/London", "Asia/Kolkata"])
URL = st.builds(
    "https://{}.org/{}".format,
    st.from_regex(r"[a-z0-9]{1,12}", fullmatch=True),
    st.text(st.characters(whitelist_categories=("L", "N")), max_size=10),
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63)
    | st.floats(allow_nan=False, allow_infinity=False) | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=6,
)
EXTRA = st.dictionaries(TEXT, JSON, max_size=3)


@st.composite
def timing(draw: st.DrawFn) -> dict[str, Any]:
    """A start, and an end time or a duration or neither, within the rules."""
    start = datetime(2000, 1, 1, draw(st.integers(0, 23)), draw(st.integers(0, 59)))
    minutes = draw(st.integers(1, MAX_DURATION_MINUTES))
    how = draw(st.sampled_from(["end_time", "duration", "default"]))
    end = {"end_time": (start + timedelta(minutes=minutes)).strftime("%H:%M"),
           "duration": minutes, "default": None}[how]
    return {"time": start.strftime("%H:%M"), **({how: end} if end is not None else {})}


def gathering(program: st.SearchStrategy[str]) -> st.SearchStrategy[dict[str, Any]]:
    """Fields meetings and events share, valid alone and together."""
    return st.builds(
        lambda fields, when: {**fields, **when},
        st.fixed_dictionaries({
            "id": SLUG, "name": NAME, "program": program,
            "attendance_option": st.sampled_from(["in_person", "online", "hybrid"]),
            "location": TEXT, "address": TEXT, "room": TEXT, "notes": TEXT,
            "conference_url": st.none() | URL, "conference_phone": OPTIONAL,
            "conference_url_notes": OPTIONAL, "timezone": st.none() | ZONE, "extra": EXTRA,
        }),
        timing(),
    )


def meetings(programs: list[str]) -> st.SearchStrategy[Meeting]:
    dates = st.lists(DATE, min_size=0, max_size=2).map(sorted)
    return st.builds(
        lambda fields, bounds, **more: Meeting(
            **fields, **more, **dict(zip(("start_date", "end_date"), bounds, strict=False))
        ),
        gathering(st.sampled_from(programs)),
        dates,
        day=st.integers(0, 6) | st.lists(st.integers(0, 6), min_size=1, max_size=7,
                                         unique=True).map(tuple),
        types=st.lists(TEXT, max_size=3).map(tuple),
        cancelled=st.lists(DATE, max_size=3).map(tuple),
        updated=OPTIONAL,
    )


def events(programs: list[str]) -> st.SearchStrategy[Event]:
    return st.builds(lambda fields, **more: Event(**fields, **more),
                     gathering(st.just("") | st.sampled_from(programs)),
                     date=DATE, cancelled=st.booleans())


PROGRAMS = st.builds(Program, slug=SLUG, name=NAME, summary=TEXT, description=TEXT,
                     url=st.none() | URL, order=st.integers(-1000, 1000), extra=EXTRA)
PAGES = st.builds(Page, slug=SLUG, title=NAME, body=TEXT, order=st.integers(-1000, 1000),
                  extra=EXTRA)
SETTINGS = st.builds(Settings, org_name=NAME, timezone=ZONE,
                     dwell_seconds=st.integers(1, 3600), idle_timeout_seconds=st.integers(1, 3600),
                     starting_soon_minutes=st.integers(1, 240), footer_text=TEXT, extra=EXTRA)


@st.composite
def valid_listings(draw: st.DrawFn) -> Listings:
    programs = draw(st.lists(PROGRAMS, min_size=1, max_size=3, unique_by=lambda p: p.slug))
    slugs = [p.slug for p in programs]
    return Listings(
        settings=draw(SETTINGS),
        programs=tuple(programs),
        pages=tuple(draw(st.lists(PAGES, max_size=2, unique_by=lambda p: p.slug))),
        meetings=tuple(draw(st.lists(meetings(slugs), max_size=4, unique_by=lambda m: m.id))),
        events=tuple(draw(st.lists(events(slugs), max_size=2, unique_by=lambda e: e.id))),
    )


def by_key(records: tuple[K, ...]) -> dict[str, K]:
    return {r.key: r for r in records}


@settings(max_examples=100, deadline=None)
@given(valid_listings())
def test_every_valid_record_round_trips(written: Listings) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "kiosk.json")
        store.write_listings(written)
        loaded = store.load()
    assert loaded.errors == ()
    assert loaded.settings == written.settings
    assert by_key(loaded.programs) == by_key(written.programs)  # loaded sorted by order
    assert by_key(loaded.pages) == by_key(written.pages)
    assert loaded.meetings == written.meetings
    assert loaded.events == written.events


# -- a writer kept out --------------------------------------------------------------------

def test_a_writer_kept_out_too_long_is_told_and_nothing_is_written(
    sample_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "LOCK_TIMEOUT_SECONDS", 0.05)
    before = sample_path.read_bytes()
    other_writer = FileLock(str(sample_path) + ".lock")
    with other_writer, pytest.raises(StoreBusy, match="is being changed by someone else"):
        Store(sample_path).add(new_meeting("kept-out"))
    assert sample_path.read_bytes() == before
    Store(sample_path).add(new_meeting("let-in"))  # once the other writer is done
    assert "let-in" in {m.id for m in Store(sample_path).load().meetings}


def test_a_load_runs_without_automatic_collections_and_leaves_them_as_they_were(
    sample_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A load makes records, not garbage: collections during it would walk everything made so
    far, and a load would cost more per meeting the bigger the file (kiosk.collector)."""
    collecting: list[bool] = []
    validate_docs = store_module.validate_docs

    def noting(*args: Any) -> Listings:
        collecting.append(gc.isenabled())
        return validate_docs(*args)

    monkeypatch.setattr(store_module, "validate_docs", noting)
    store = Store(sample_path)
    assert store.load().meetings and gc.isenabled()
    gc.disable()  # a caller that paused them itself (start-up) keeps them paused
    try:
        store.load()
        assert not gc.isenabled()
    finally:
        gc.enable()
    assert collecting == [False, False]
