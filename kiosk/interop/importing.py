"""Merging imported meetings into the listings: a plan staff can read first, then one safe write.

Every import format (Meeting Guide JSON, CSV) turns its records into `Meeting`s through
`check_incoming`, so the kiosk's own validation rules decide what is accepted. `plan_import`
merges by id without writing anything (so ``--dry-run`` shows exactly what would happen), and
`apply_import` writes the plan under the store's lock. Rules, also in docs/import-export.md:

* No lost update: under the lock, the file is compared with the listings the plan was made
  from; if a writer changed it meanwhile, the import is planned again from the file as it is
  now, so both changes are kept. The meetings are then written in one pass over the table,
  so the lock is held for a time linear in the file's size.

* A meeting is matched to the file by its id (a feed's ``slug``). Local meetings missing from
  the import are kept, unless ``replace`` is asked for.
* The program is, in order: the staff mapping (``"SMART Recovery=smart-recovery"``, keyed by the
  meeting's group, program text or name), a program whose name or slug equals the meeting's group
  or program text (ignoring case), the program the meeting already has in the file, else one
  catch-all program for the rest, created if needed.
* Fields a format does not carry (a feed has no room or cancelled dates) keep their local values.
* ``replace`` removes nothing while any record is skipped, so a record that failed to import
  never deletes its meeting.
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field, fields
from functools import partial
from typing import Any

from tinydb import TinyDB
from tinydb.table import Document

from kiosk.model import (
    DEFAULT_DURATION_MINUTES,
    Listings,
    Meeting,
    Problem,
    Program,
    parse_hhmm,
)
from kiosk.store import Store
from kiosk.validate import check_fields, check_gathering, check_record, check_slug, validate_docs

CATCH_ALL_NAME = "Other meetings"


class ImportFileError(Exception):
    """The whole file or feed is refused (not JSON, not a list, no header row); nothing changes."""


@dataclass(frozen=True)
class FeedResult:
    """What a file yielded: meetings that pass the kiosk's rules, and what was wrong with the rest.

    The meetings have no program yet (``program`` is empty, or the text a CSV gave): choosing
    one is `plan_import`'s job, since it depends on the programs in the file.
    """

    meetings: tuple[Meeting, ...] = ()
    problems: tuple[Problem, ...] = ()

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")


TIME_RE = re.compile(r"^(\d{1,2})(?::(\d{2}))?(?::\d{2})?(?:\s*([ap])\.?\s*m\.?)?$",
                     re.IGNORECASE)


def feed_time(text: str) -> str:
    """A time as feeds and spreadsheets write it ("8:00 PM", "8 PM", "7:30", "20:00:00") as
    "HH:MM", a 12-hour time read as such (tsml-ui reads "8:00 PM" as 08:00); anything else is
    left as it is, for the checks to name."""
    match = TIME_RE.match(text.strip())
    if not match or (match[2] is None and match[3] is None):
        return text
    hour, minute, half = int(match[1]), match[2] or "00", (match[3] or "").lower()
    if half:
        if not 1 <= hour <= 12:
            return text
        hour = hour % 12 + (12 if half == "p" else 0)
    return f"{hour:02d}:{minute}"


def slugify(text: str) -> str:
    """An id made of lower-case ASCII letters, digits and dashes ("" if nothing is left)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def check_incoming(
    doc: dict[str, Any], label: str, source_names: Mapping[str, str]
) -> tuple[Meeting | None, list[Problem]]:
    """Check one converted record with the kiosk's rules; problems use the source's field names.

    ``source_names`` maps a Meeting field to what the source calls it (``id`` -> ``slug``). The
    program is chosen later by `plan_import`, so problems about it are left out here. A bad
    ``end_time`` alone does not lose the meeting: as tsml-ui lists it, it is kept at its start
    for the default length, with a warning (the listings file itself stays strict).
    """
    candidate = {**doc, "program": doc.get("program", "")}
    meeting, found = _checked(candidate, label)
    bad_end = [p for p in found if p.field == "end_time" and p.severity == "error"]
    if bad_end:
        del candidate["end_time"]
        meeting, found = _checked(candidate, label)
        kept_as = (f"listed at its start for the default {DEFAULT_DURATION_MINUTES} minutes"
                   if candidate.get("time") else "listed by appointment")
        found[:0] = [dataclasses.replace(p, severity="warning", message=f"{p.message}; {kept_as}")
                     for p in bad_end]
    return meeting, [
        dataclasses.replace(p, field=source_names.get(p.field, p.field)) for p in found
    ]


def _checked(candidate: dict[str, Any], label: str) -> tuple[Meeting | None, list[Problem]]:
    """`check_incoming`'s checks of one candidate, times normalised to "HH:MM"."""
    found = [p for p in check_fields(Meeting, candidate, label) if p.field != "program"]
    if found:  # check_fields reports errors only
        return None, found
    times = {name: parse_hhmm(candidate[name]).strftime("%H:%M")
             for name in ("time", "end_time") if candidate.get(name)}
    meeting = Meeting.from_doc({**candidate, **times})
    found = [p for p in check_gathering(meeting, label, set()) if p.field != "program"]
    return (None if any(p.severity == "error" for p in found) else meeting), found


def parse_program_option(text: str) -> tuple[str, str]:
    """Read a staff mapping such as ``SMART Recovery=smart-recovery``; raises ValueError."""
    label, separator, slug = text.rpartition("=")
    label, slug = label.strip(), slug.strip()
    if not separator or not label:
        raise ValueError(f"{text!r}: write it as 'Group or meeting name=program-slug'")
    message = check_slug(slug)
    if message:
        raise ValueError(f"{text!r}: {message}")
    return label, slug


@dataclass(frozen=True)
class Change:
    """A meeting already in the file that the import changes, with the fields that differ."""

    old: Meeting
    new: Meeting
    fields: tuple[str, ...]


@dataclass(frozen=True)
class Skipped:
    """An imported meeting that cannot go into the file, with every reason."""

    record: str
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class ImportPlan:
    """What an import would do; nothing is written until `apply_import`."""

    listings: Listings
    added: tuple[Meeting, ...] = ()
    changed: tuple[Change, ...] = ()
    unchanged: tuple[Meeting, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    removed: tuple[Meeting, ...] = ()
    created_programs: tuple[Program, ...] = ()
    warnings: tuple[Problem, ...] = ()
    notes: tuple[str, ...] = ()
    base: Listings | None = field(default=None, compare=False, repr=False)
    """The listings the plan was made from (`apply_import` compares the file with them)."""
    replan: Callable[[Listings], ImportPlan] | None = field(
        default=None, compare=False, repr=False)
    """The same import planned again from other listings (the file as it is now)."""

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.changed or self.removed or self.created_programs)

    def summary(self) -> list[str]:
        """Plain lines for staff: the counts, what the import decided, then each meeting."""
        counts = (
            f"{len(self.added)} to add, {len(self.changed)} to change, "
            f"{len(self.unchanged)} unchanged, {len(self.skipped)} skipped"
        )
        if self.removed:
            counts += f", {len(self.removed)} to remove (--replace)"
        lines = [counts, *self.notes]
        lines += [f"+ {m.id}: {m.name}" for m in self.added]
        lines += [f"~ {c.new.id}: {c.new.name} ({', '.join(c.fields)})" for c in self.changed]
        lines += [f"- {m.id}: {m.name}" for m in self.removed]
        for skipped in self.skipped:
            lines.append(f"! {skipped.record}: skipped")
            lines += [f"    {p.field or 'record'}: {p.message}" for p in skipped.problems]
        lines += [str(p) for p in self.warnings]
        return lines


def plan_import(
    listings: Listings,
    incoming: Iterable[Meeting],
    *,
    program_map: Mapping[str, str],
    replace: bool,
    keep_fields: Collection[str] = (),
    problems: Iterable[Problem] = (),
) -> ImportPlan:
    """Merge `incoming` into `listings` by id, without writing; see the module docstring.

    ``keep_fields`` names Meeting fields the source format does not carry: a meeting already in
    the file keeps its values for them. ``problems`` are the source's (`FeedResult.problems`):
    records with errors are listed as skipped, warnings are passed on.
    """
    incoming, problems = tuple(incoming), tuple(problems)
    replan = partial(plan_import, incoming=incoming, program_map=program_map, replace=replace,
                     keep_fields=keep_fields, problems=problems)
    programs = _ProgramChooser(listings, program_map)
    local = {m.id: m for m in listings.meetings}
    seen: dict[str, None] = {}  # ids in the source's order
    placed: list[tuple[Meeting, Program]] = []
    unplaced: list[Meeting] = []
    source = list(problems)
    skipped = [
        Skipped(record, tuple(p for p in source if p.record == record))
        for record in dict.fromkeys(p.record for p in source if p.severity == "error")
    ]
    skipped_records = {s.record for s in skipped}
    warnings = [p for p in source if p.severity == "warning" and p.record not in skipped_records]
    for meeting in incoming:
        if meeting.id in seen:
            label = f"meeting {meeting.id}"
            skipped.append(Skipped(label, (Problem(
                label, "id", "appears twice in the import; the first one is used"),)))
            continue
        seen[meeting.id] = None
        program = programs.choose(meeting, local.get(meeting.id))
        if program is None:
            unplaced.append(meeting)
        else:
            placed.append((meeting, program))
    notes: list[str] = []
    if unplaced:
        catch_all = programs.catch_all(unplaced)
        placed += [(m, catch_all) for m in unplaced]
        notes.append(
            f"{len(unplaced)} meeting(s) match no program and go under {catch_all.name!r} "
            f"({catch_all.slug}); to choose, import again with --program 'GROUP=program-slug' "
            f"(groups: {_groups_of(unplaced)})"
        )
    target = dataclasses.replace(listings, programs=tuple(programs.all))
    order = {meeting_id: position for position, meeting_id in enumerate(seen)}
    merged: list[Meeting] = []
    for meeting, program in sorted(placed, key=lambda pair: order[pair[0].id]):
        candidate = _merge(meeting, local.get(meeting.id), program, keep_fields)
        found = check_record(candidate, target)
        errors = tuple(p for p in found if p.severity == "error")
        if errors:
            skipped.append(Skipped(f"meeting {meeting.id}", errors))
        else:
            warnings += (p for p in found if p not in warnings)  # the source's, found again
            merged.append(candidate)

    used = {m.program for m in merged}
    created = tuple(p for p in programs.created if p.slug in used)
    notes += [f"new program {p.name!r} ({p.slug})" for p in created]
    added = tuple(m for m in merged if m.id not in local)
    if appointments := sum(m.by_appointment for m in added):
        notes.append(f"{appointments} new meeting(s) by appointment (no day or time): listed "
                     "under 'By appointment', never on a day")
    changes = tuple(
        Change(local[m.id], m, _differing_fields(local[m.id], m))
        for m in merged if m.id in local and local[m.id] != m
    )
    unchanged = tuple(m for m in merged if m.id in local and local[m.id] == m)
    removed: tuple[Meeting, ...] = ()
    if replace and skipped:
        notes.append("--replace removes nothing while records are skipped: fix them first")
    elif replace:
        removed = tuple(m for m in listings.meetings if m.id not in seen)

    by_id = {m.id: m for m in merged}
    removed_ids = {m.id for m in removed}
    kept = [by_id.pop(m.id, m) for m in listings.meetings if m.id not in removed_ids]
    result = _validated(dataclasses.replace(
        listings, programs=(*listings.programs, *created), meetings=(*kept, *by_id.values())
    ))
    return ImportPlan(
        listings=result,
        added=added,
        changed=changes,
        unchanged=unchanged,
        skipped=tuple(skipped),
        removed=removed,
        created_programs=created,
        warnings=tuple(warnings),
        notes=tuple(notes),
        base=listings,
        replan=replan,
    )


def load_target(store: Store) -> Listings:
    """The listings an import merges into: the file's, or defaults if it does not exist yet."""
    return store.load() if store.path.exists() else Listings()


def apply_import(store: Store, plan: ImportPlan) -> bool:
    """Write the plan (False if nothing was written); see `commit_import`."""
    return commit_import(store, plan).has_changes


def commit_import(store: Store, plan: ImportPlan) -> ImportPlan:
    """Write the plan, or the same import planned again if the file changed since (under the
    store's lock, so no other writer's change is lost); returns the plan that was carried out
    (nothing was written if it `has_changes` not). A new file gets default settings. The store
    refuses the write if it would add an error (`ValidationError`).
    """
    if not plan.has_changes:
        return plan
    if not store.path.exists():
        store.write_listings(plan.listings)
        return plan
    written = plan

    def write(db: TinyDB, now: Listings) -> None:
        nonlocal written
        if plan.replan is not None and plan.base is not None and now != plan.base:
            written = plan.replan(now)
            if not written.has_changes:
                raise _NothingToWrite
        _write_meetings(db, written)

    with contextlib.suppress(_NothingToWrite):  # the file is left as it was
        store.change(write)
    return written


class _NothingToWrite(Exception):
    """Planned again, the import changes nothing: leave the file untouched."""


def _write_meetings(db: TinyDB, plan: ImportPlan) -> None:
    """The plan's programs and meetings into the open file: one read and one write of the
    meetings table (a remove and an insert per meeting each copy the whole table)."""
    programs = db.table("programs")
    known = {doc.get("slug") for doc in programs.all()}
    new_programs = [p.to_doc() for p in plan.created_programs if p.slug not in known]
    if new_programs:
        programs.insert_multiple(new_programs)
    meetings = db.table("meetings")
    docs = meetings.all()
    incoming = {m.id: m.to_doc() for m in (*plan.added, *(c.new for c in plan.changed))}
    gone = {m.id for m in plan.removed}
    ids = [doc.get("id") if isinstance(doc.get("id"), str) else "" for doc in docs]
    rows = [Document(incoming.pop(key, doc), doc_id=doc.doc_id)
            for key, doc in zip(ids, docs, strict=True) if key not in gone]
    next_id = max((doc.doc_id for doc in docs), default=0) + 1
    rows += [Document(doc, doc_id=next_id + n) for n, doc in enumerate(incoming.values())]
    meetings.truncate()
    meetings.insert_multiple(rows)


class _ProgramChooser:
    """Finds each imported meeting's program; remembers programs it had to create."""

    def __init__(self, listings: Listings, program_map: Mapping[str, str]) -> None:
        self.all: list[Program] = list(listings.programs)
        self.created: list[Program] = []
        self._mapping = {label.casefold(): (label, slug) for label, slug in program_map.items()}
        self._index: dict[str, Program] = {}
        for program in self.all:
            self._remember(program)

    def _remember(self, program: Program) -> None:
        self._index.setdefault(program.slug.casefold(), program)
        self._index.setdefault(program.name.casefold(), program)

    def _by_slug(self, slug: str) -> Program | None:
        return next((p for p in self.all if p.slug == slug), None)

    def _create(self, name: str, slug: str) -> Program:
        last = max((p.order for p in self.all), default=0)
        program = Program(slug=slug, name=name, order=last + 1)
        self.all.append(program)
        self.created.append(program)
        self._remember(program)
        return program

    def choose(self, meeting: Meeting, local: Meeting | None) -> Program | None:
        labels = [t for t in (_group(meeting), meeting.program) if t]
        for text in (*labels, meeting.name):
            if text.casefold() in self._mapping:
                label, slug = self._mapping[text.casefold()]
                return self._by_slug(slug) or self._create(label, slug)
        for text in labels:
            if text.casefold() in self._index:
                return self._index[text.casefold()]
        return self._by_slug(local.program) if local else None

    def catch_all(self, meetings: list[Meeting]) -> Program:
        """One program for the unmatched: named after their group if they share one."""
        groups = {_group(m) or m.program for m in meetings}
        name = groups.pop() if len(groups) == 1 and "" not in groups else CATCH_ALL_NAME
        existing = self._index.get(name.casefold())
        if existing:
            return existing
        base = slugify(name) or slugify(CATCH_ALL_NAME)
        slug, number = base, 2
        while self._by_slug(slug):
            slug, number = f"{base}-{number}", number + 1
        return self._create(name, slug)


def _group(meeting: Meeting) -> str:
    group = meeting.extra.get("group")
    return group.strip() if isinstance(group, str) else ""


def _groups_of(meetings: list[Meeting]) -> str:
    groups = sorted({_group(m) or m.program for m in meetings} - {""})
    return ", ".join(repr(g) for g in groups) or "none given"


def _merge(
    meeting: Meeting, local: Meeting | None, program: Program, keep_fields: Collection[str]
) -> Meeting:
    """The meeting as it will be stored: its program and local-only fields.

    The same length written another way (a ``duration`` exported as ``end_time``) keeps the
    file's form, so importing the kiosk's own export again changes nothing.
    """
    values: dict[str, Any] = {"program": program.slug}
    if local is not None:
        values |= {name: getattr(local, name) for name in keep_fields}
        if (local.duration is not None and meeting.duration is None
                and (local.time, local.duration) == (meeting.time, meeting.duration_minutes)):
            values |= {"end_time": None, "duration": local.duration}
    return dataclasses.replace(meeting, **values)


def _differing_fields(old: Meeting, new: Meeting) -> tuple[str, ...]:
    return tuple(f.name for f in fields(Meeting) if getattr(old, f.name) != getattr(new, f.name))


def _validated(listings: Listings) -> Listings:
    """The listings as the kiosk will load them after the write (same order and checks)."""
    return validate_docs({
        "settings": [listings.settings.to_doc()],
        "programs": [p.to_doc() for p in listings.programs],
        "pages": [p.to_doc() for p in listings.pages],
        "meetings": [m.to_doc() for m in listings.meetings],
        "events": [e.to_doc() for e in listings.events],
    })
