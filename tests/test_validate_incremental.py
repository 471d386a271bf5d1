"""Validating again with `RecordChecks`: unchanged records are reused, and the result is always
exactly what a full validation gives (records, problems, messages and their order)."""

from __future__ import annotations

import copy
import hashlib
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.make_data import make_listings
from kiosk import snapshot
from kiosk.model import Listings
from kiosk.validate import RecordChecks, doc_digest, validate_docs
from kiosk.visible import displayable

Tables = dict[str, list[Any]]

TABLES = ("settings", "programs", "pages", "meetings", "events")


def generated_tables(meetings: int, seed: int) -> Tables:
    """A generated file's tables, as `Store.load` passes them (lists of plain dicts)."""
    listings = make_listings(meetings, seed)
    tables: Tables = {"settings": [listings.settings.to_doc()]}
    for name in TABLES[1:]:
        tables[name] = [record.to_doc() for record in getattr(listings, name)]
    return tables


def same(incremental: Listings, full: Listings) -> None:
    assert incremental == full
    assert incremental.problems == full.problems  # the same messages, in the same order
    assert [str(p) for p in incremental.problems] == [str(p) for p in full.problems]
    for name in TABLES[1:]:
        assert [type(r) for r in getattr(incremental, name)] == [
            type(r) for r in getattr(full, name)]
        assert [r.to_doc() for r in getattr(incremental, name)] == [
            r.to_doc() for r in getattr(full, name)]


# Values an edit may put in a field: good ones, bad ones, and ones equal under == but not the
# same JSON (true and 1, 1 and 1.0), which a reuse keyed on == would get wrong.
EDIT_VALUES: list[Any] = [
    None, "", "   ", "x", "19:00", "25:00", "7:30", "23:30", "2026-11-24", "2026-02-30",
    0, 1, 2, 6, 7, -1, True, False, 1.0, 2.0, 0.0, -0.0, 90, 2000, [], [1, 2], [2, 2], [True],
    [1.0], ["O"], ["2026-11-24"], {}, {"a": 1}, {"a": True}, "https://zoom.us/j/1",
    "http://[::1", "ftp://x", "https://zoom.us/j/1 2", "\x1bname", "smart-recovery", "grief",
    "nope", "online", "hybrid", "in_person", "America/Chicago", "Mars/Olympus",
]
FIELDS = [
    "id", "slug", "name", "title", "program", "time", "end_time", "duration", "day", "date",
    "attendance_option", "conference_url", "conference_phone", "timezone", "start_date",
    "end_date", "cancelled", "types", "notes", "extra", "order", "url", "region",
]


def retyped(number: float, rng: random.Random) -> Any:
    """The same number under == as another JSON type: 1 as true or 1.0, 2.0 as 2..."""
    if isinstance(number, bool) or number in (0, 1):
        return rng.choice([v for v in (bool(number), int(number), float(number))
                           if repr(v) != repr(number)])
    return float(number) if isinstance(number, int) else int(number)


def edit(tables: Tables, rng: random.Random) -> Tables:
    """A copy of `tables` after a few random edits, as staff or a feed might make them."""
    tables = copy.deepcopy(tables)
    for _ in range(rng.randint(1, 12)):
        name = rng.choice(("programs", "meetings", "meetings", "meetings", "events", "pages",
                           "settings"))
        docs = tables[name]
        choice = rng.random()
        if not docs or choice < 0.08:
            docs.insert(rng.randint(0, len(docs)), {"id": f"new-{rng.random()}", "name": "New",
                                                    "program": "smart-recovery", "day": 2,
                                                    "time": "19:00"})
        elif choice < 0.55:
            doc = rng.choice(docs)
            if isinstance(doc, dict):
                doc[rng.choice(FIELDS)] = copy.deepcopy(rng.choice(EDIT_VALUES))
        elif choice < 0.65:
            doc = rng.choice(docs)
            if isinstance(doc, dict) and doc:
                del doc[rng.choice(list(doc))]
        elif choice < 0.75:
            del docs[rng.randrange(len(docs))]
        elif choice < 0.83:
            docs.insert(rng.randint(0, len(docs)), copy.deepcopy(rng.choice(docs)))  # duplicate
        elif choice < 0.9:
            i, j = rng.randrange(len(docs)), rng.randrange(len(docs))
            docs[i], docs[j] = docs[j], docs[i]  # moved: a label "#n" names a position
        elif choice < 0.93:
            doc = rng.choice(docs)
            if isinstance(doc, dict):  # a number written otherwise: == cannot tell
                numbers = [k for k, v in doc.items() if isinstance(v, int | float)]
                if numbers:
                    name = rng.choice(numbers)
                    doc[name] = retyped(doc[name], rng)
        elif choice < 0.96:
            doc = rng.choice(docs)
            if isinstance(doc, dict):  # the same fields in another order
                items = list(doc.items())
                rng.shuffle(items)
                doc.clear()
                doc.update(items)
        else:
            docs[rng.randrange(len(docs))] = rng.choice([[], "not a record", 3, {}, None])
    return tables


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(2, 6))
def test_random_edits_validate_as_a_full_validation_does(seed: int, rounds: int) -> None:
    """Edit a generated file again and again; each validation reusing the last one's checks
    gives exactly what validating everything gives."""
    rng = random.Random(seed)
    tables = generated_tables(rng.randint(20, 120), seed % 1000)
    checks = RecordChecks()
    same(validate_docs(tables, checks), validate_docs(tables))
    for _ in range(rounds):
        tables = edit(tables, rng)
        checks = RecordChecks(checks)
        same(validate_docs(tables, checks), validate_docs(tables))


def kept_and_taken_back(tables: Tables, listings: Listings, checks: RecordChecks) -> RecordChecks:
    """`listings` and `checks` through a start-up snapshot (`kiosk.snapshot`), as the next
    start-up on the same bytes takes them: what comes back is what went in."""
    data_path = Path("/nonexistent/kiosk.json")  # only names the snapshot
    digest = hashlib.blake2b(repr(tables).encode()).digest()
    snapshot.save(data_path, digest, snapshot.Snapshot(listings, checks, displayable(listings)))
    kept = snapshot.load(data_path, digest)
    assert kept is not None
    same(kept.listings, listings)
    assert kept.shown == displayable(listings)
    return kept.checks


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(2, 5))
def test_edits_after_a_start_from_a_snapshot_validate_as_a_full_validation_does(
    seed: int, rounds: int
) -> None:
    """As above, with each validation's listings and checks kept in a snapshot and taken back
    (a restart between edits): the snapshot is exactly the validation, and its checks serve
    the next one as well as the originals."""
    rng = random.Random(seed)
    tables = generated_tables(rng.randint(20, 80), seed % 1000)
    checks = RecordChecks()
    listings = validate_docs(tables, checks)
    same(listings, validate_docs(tables))
    for _ in range(rounds):
        checks = kept_and_taken_back(tables, listings, checks)
        tables = edit(tables, rng)
        checks = RecordChecks(checks)
        listings = validate_docs(tables, checks)
        same(listings, validate_docs(tables))


def test_an_unchanged_file_reuses_every_record() -> None:
    tables = generated_tables(200, 1)
    first = RecordChecks()
    full = validate_docs(tables, first)
    assert (first.checked, first.reused) == (sum(len(tables[t]) for t in TABLES[1:]), 0)
    again = RecordChecks(first)
    listings = validate_docs(copy.deepcopy(tables), again)  # parsed anew: equal, not the same
    same(listings, full)
    assert (again.checked, again.reused) == (0, first.checked)
    assert all(a is b for a, b in zip(listings.meetings, full.meetings, strict=True))


def test_only_changed_and_new_records_are_checked_and_removed_ones_dropped() -> None:
    tables = generated_tables(200, 2)
    first = RecordChecks()
    validate_docs(tables, first)
    edited = copy.deepcopy(tables)
    edited["meetings"][5]["name"] = "Renamed"
    edited["meetings"].append({**edited["meetings"][0], "id": "brand-new"})
    del edited["meetings"][10:13]
    checks = RecordChecks(first)
    listings = validate_docs(edited, checks)
    same(listings, validate_docs(edited))
    assert checks.checked == 2  # the renamed and the new one
    assert len(checks) == len(first) - 3 + 1
    assert "Renamed" in {m.name for m in listings.meetings}
    assert "brand-new" in {m.id for m in listings.meetings}


def test_a_record_changed_to_invalid_still_names_record_and_field() -> None:
    tables = generated_tables(50, 3)
    first = RecordChecks()
    validate_docs(tables, first)
    edited = copy.deepcopy(tables)
    meeting = edited["meetings"][7]
    meeting["time"] = "25:00"
    checks = RecordChecks(first)
    listings = validate_docs(edited, checks)
    same(listings, validate_docs(edited))
    [problem] = listings.errors
    assert (problem.record, problem.field) == (f"meeting {meeting['id']}", "time")
    assert "'25:00' is not a time of day" in problem.message
    assert meeting["id"] not in {m.id for m in listings.meetings}
    assert checks.checked == 1


@pytest.mark.parametrize(("table", "field", "before", "after"), [
    ("meetings", "day", 1, True),  # == says equal; true is not a weekday
    ("meetings", "day", [1, 2], [True, 2]),
    ("meetings", "duration", 30, 30.0),  # not a whole number of minutes
    ("programs", "order", 0, False),
    ("meetings", "extra", {"n": 1}, {"n": True}),  # kept as written, and written back so
])
def test_equal_but_not_the_same_json_is_checked_again(
    table: str, field: str, before: Any, after: Any
) -> None:
    program = {"slug": "smart-recovery", "name": "SMART"}
    meeting = {"id": "a", "name": "A", "program": "smart-recovery", "day": 2, "time": "19:00"}
    tables: Tables = {"programs": [program], "meetings": [meeting]}
    tables[table][0][field] = before
    first = RecordChecks()
    assert validate_docs(tables, first).errors == ()
    changed = copy.deepcopy(tables)
    changed[table][0][field] = after
    assert changed == tables  # Python's == cannot tell them apart
    checks = RecordChecks(first)
    listings = validate_docs(changed, checks)
    same(listings, validate_docs(changed))
    assert checks.checked == 1
    records = getattr(listings, table)
    if records:  # still valid: the record holds the value as the file now has it
        assert repr(records[0].to_doc()[field]) == repr(after)
    else:
        assert listings.errors[0].field == field


def test_a_program_removed_fails_the_meetings_naming_it_though_they_are_reused() -> None:
    tables = generated_tables(100, 4)
    first = RecordChecks()
    validate_docs(tables, first)
    edited = copy.deepcopy(tables)
    gone = edited["programs"].pop(0)["slug"]
    checks = RecordChecks(first)
    listings = validate_docs(edited, checks)
    same(listings, validate_docs(edited))
    assert checks.checked == 0
    naming = [m["id"] for m in tables["meetings"] if m.get("program") == gone]
    assert naming
    assert {p.record for p in listings.errors if p.field == "program"} == {
        f"meeting {i}" for i in naming}


def test_duplicates_are_found_across_reused_records() -> None:
    tables = generated_tables(30, 5)
    first = RecordChecks()
    validate_docs(tables, first)
    edited = copy.deepcopy(tables)
    edited["meetings"].insert(0, copy.deepcopy(edited["meetings"][9]))  # now first, same id
    checks = RecordChecks(first)
    listings = validate_docs(edited, checks)
    same(listings, validate_docs(edited))
    assert checks.checked == 0
    [problem] = listings.errors
    assert (problem.record, problem.field) == (f"meeting {edited['meetings'][0]['id']}", "id")
    assert "duplicate" in problem.message


def test_a_record_named_by_its_position_is_named_where_it_is_now() -> None:
    nameless = {"day": 2, "time": "19:00"}
    good = {"id": "a", "name": "A", "program": "p", "day": 2, "time": "19:00"}
    tables: Tables = {"programs": [{"slug": "p", "name": "P"}], "meetings": [nameless, good]}
    first = RecordChecks()
    assert {p.record for p in validate_docs(tables, first).errors} == {"meeting #1"}
    moved: Tables = {**tables, "meetings": [good, nameless]}
    checks = RecordChecks(first)
    listings = validate_docs(moved, checks)
    same(listings, validate_docs(moved))
    assert {p.record for p in listings.errors} == {"meeting #2"}


def test_checks_keep_only_their_own_load() -> None:
    """Each `RecordChecks` lets go of the last one once its validation is done."""
    tables = generated_tables(20, 6)
    first = RecordChecks()
    validate_docs(tables, first)
    second = RecordChecks(first)
    validate_docs({**tables, "meetings": tables["meetings"][:5]}, second)
    assert second._last == {}
    assert len(second) == len(first) - (len(tables["meetings"]) - 5)


def test_digest_tells_apart_what_json_tells_apart() -> None:
    assert doc_digest({"a": 1}) == doc_digest({"a": 1})
    assert doc_digest({"a": 1, "b": 2}) != doc_digest({"b": 2, "a": 1})
    assert len({doc_digest({"a": v}) for v in (1, True, 1.0, "1", [1], None)}) == 6
    assert doc_digest({"a": 0.0}) != doc_digest({"a": -0.0})
    assert doc_digest({"a": "\ud800"}) is not None  # a lone surrogate, as JSON may hold
    assert doc_digest(["not", "a", "dict"]) is None
    assert doc_digest({"a": object()}) is None
