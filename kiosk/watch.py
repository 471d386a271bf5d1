"""Noticing a new version of the listings file, reading it, and what to tell staff about it.

The kiosk polls: once a second (on the app's clock tick) `DataWatch.poll()` compares one
`stat()` of the file (`FileStamp`: modification time, size, inode) with the version it read
last. That costs next to nothing, and it sees every way the file changes: an atomic rename
(a staff command, the editor, `rsync`) gives a new inode; an editor saving in place, or
`cp` from another machine, a new size or modification time. An OS file watch would have to
follow the folder to survive renames, and it is harder to drive step by step in tests.

A modification time only tells versions apart if the file was not written again within the
file system's timestamp granularity (a few milliseconds, two seconds on FAT). So a version
read less than `SETTLE_NS` after it was written is not trusted: it is read again on the next
polls until it has settled. Reading the same content twice changes nothing on screen (the
app compares the listings), and costs little: a re-read hashes the file's bytes and, if they
are those of the version read last, reuses what that read found instead of parsing and
validating again (most of a second for 20,000 meetings, on a thread that shares the GIL with
the screen). The hash is of the very bytes parsed, so a change in the same instant is still
seen.

New bytes are parsed whole, but validated incrementally: each reading carries its
`RecordChecks`, and the next read reuses what an unchanged record gave on its own last time
(`kiosk.validate.validate_docs`), so a staff change to one meeting checks one meeting again,
plus the rules across records. A reused record is the very object read last time, so what
`displayable` made of it is reused too (`shown`). The result is the one a full read gives.

`read()` does the slow part (parse and validate) and may run in a worker thread: it changes no
state (it only looks at the last version recorded). `mark_read()` then records what was read,
on the app's thread.
"""

from __future__ import annotations

import contextlib
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from kiosk import snapshot
from kiosk.i18n import _, ngettext
from kiosk.model import Gathering, Listings, Problem, Record
from kiosk.store import DataFileError, FileStamp, Store
from kiosk.validate import RecordChecks, record_label
from kiosk.visible import displayable, visible

SETTLE_NS = 2_000_000_000
"""A version is trusted once its modification time is this far behind the read (FAT's 2 s)."""

NOTICE_MARK = "⚠"


@dataclass(frozen=True)
class Reading:
    """One read of the listings file (or, at start-up, of its backup)."""

    stamp: FileStamp | None
    """The file's version when the read began (None: the file was missing)."""
    settled: bool
    """False if the file was written so recently that a later write could share the stamp."""
    listings: Listings | None
    """What to show, made `displayable`; None if nothing could be read."""
    error: DataFileError | None = None
    """Why the file itself could not be read (listings then come from the backup, or None)."""
    digest: bytes | None = None
    """A hash of the file's bytes that `listings` or `error` came from; None if they did not
    come from the file's content (a backup, a file that could not be read at all)."""
    checks: RecordChecks | None = field(default=None, compare=False, repr=False)
    """What each record was on its own, for the next read to reuse; None if nothing was
    validated (the last checks are then kept)."""
    source: Listings | None = field(default=None, compare=False, repr=False)
    """`listings` as validated, before `displayable` (with `checks`)."""
    fresh: tuple[bytes, Listings] | None = field(default=None, compare=False, repr=False)
    """The hash of the file's bytes and what validating them gave (before `keep_last_good`),
    when they were validated afresh: for `DataWatch.keep_snapshot`."""
    rest: Callable[[], Reading] | None = field(default=None, compare=False, repr=False)
    """Set when `listings` holds only what a first frame shows (`snapshot.load_first_frame`):
    the whole reading of the same bytes, to take once that frame is drawn."""


@dataclass(frozen=True)
class DataNotice:
    """What staff should know about the data: one short line for the footer, and the whole."""

    short: str
    full: str


class DataWatch:
    """Watches one listings file with a cheap `stat()` per poll, and reads it when it changes."""

    def __init__(self, store: Store, wall_ns: Callable[[], int] = time.time_ns) -> None:
        self.store = store
        self._wall_ns = wall_ns
        """The file system's clock, only to judge whether a stamp has settled (not app time)."""
        self._seen: FileStamp | None = None
        self._trusted = False
        self._last: Reading | None = None
        """The last reading of the file's content, reused by `read()` while the bytes are the
        same (one attribute, so a worker never sees half of an update)."""
        self._checks: RecordChecks | None = None
        """The last validation's per-record results (of the file or, at start-up, its backup),
        reused by `read()` for the records that did not change."""
        self._shown: tuple[Listings, Listings] | None = None
        """The last validated listings and what `displayable` made of them."""

    def poll(self) -> bool:
        """True if the file may have changed since the version last read."""
        return not self._trusted or self.store.stamp() != self._seen

    def mark_read(self, reading: Reading) -> None:
        """Remember the version read; an unsettled one is read again on the next poll."""
        self._seen = reading.stamp
        self._trusted = reading.settled
        self._last = reading if reading.digest is not None else None
        if reading.checks is not None:
            self._checks = reading.checks
            if reading.source is not None and reading.listings is not None:
                self._shown = (reading.source, reading.listings)

    def _settled(self, stamp: FileStamp | None, started_ns: int) -> bool:
        return stamp is None or started_ns - stamp.mtime_ns >= SETTLE_NS

    def read(self) -> Reading:
        """Read and validate the file; a file that cannot be read gives `error` and no listings.

        Content already read (the same bytes as the last version recorded) is not parsed again.
        """
        started_ns = self._wall_ns()
        stamp = self.store.stamp()
        settled = self._settled(stamp, started_ns)
        try:
            content = self.store.read_content()
        except DataFileError as error:
            return Reading(stamp, settled, None, error)
        digest = hashlib.blake2b(content).digest()
        last = self._last
        if last is not None and last.digest == digest:
            return Reading(stamp, settled, last.listings, last.error, digest)
        checks = RecordChecks(self._checks)
        try:
            listings = self.store.load(content, checks)
        except DataFileError as error:
            return Reading(stamp, settled, None, error, digest)
        kept = keep_last_good(listings, self._shown[0] if self._shown else None)
        return Reading(stamp, settled, shown(kept, self._shown), None, digest, checks, kept,
                       (digest, listings))

    def read_at_start(self, weekday_in: Callable[[str], int | None] | None = None) -> Reading:
        """The file, else its backup (`Store.load_with_fallback`); the error says why not the file.

        Bytes validated before (by this kiosk's code) come from their snapshot
        (`kiosk.snapshot`) instead of being validated again. With `weekday_in` (the weekday it
        is in a zone), a file whose stamp is the one the snapshot was kept of gives only
        today's part, with the rest (read, hashed and checked) in `Reading.rest`. If neither
        file nor backup can be read, `listings` is None and `error` is the last failure.
        """
        started_ns = self._wall_ns()
        stamp = self.store.stamp()
        settled = self._settled(stamp, started_ns)
        if weekday_in is not None and settled and stamp is not None:
            first = snapshot.load_first_frame(self.store.path, stamp, weekday_in)
            if first is not None:
                return Reading(stamp, settled, first,
                               rest=partial(self._read_content, stamp, settled))
        return self._read_content(stamp, settled)

    def _read_content(self, stamp: FileStamp | None, settled: bool) -> Reading:
        """`read_at_start` of the whole file, read now (its version was at `stamp`)."""
        try:
            content: bytes | None = self.store.read_content()
        except DataFileError:
            content = None  # `load_with_fallback` fails on it again, and tells why
        digest = hashlib.blake2b(content).digest() if content is not None else None
        kept = snapshot.load(self.store.path, digest) if digest is not None else None
        fresh = None
        if kept is not None:
            listings, checks, error = kept.listings, kept.checks, None
        else:
            checks = RecordChecks()
            try:
                listings, error = self.store.load_with_fallback(checks, content)
            except DataFileError as failure:
                return Reading(stamp, settled, None, failure)
            if error is None and digest is not None:
                fresh = (digest, listings)
        validated = listings
        if error is None and listings.errors and self.store.backup_path.exists():
            # A record broken in the file is shown as the backup has it, if good there; an
            # unreadable backup leaves the bad records skipped.
            with contextlib.suppress(DataFileError):
                listings = keep_last_good(listings, self.store.load(self.store.backup_path))
        display = kept.shown if kept is not None and listings is validated else displayable(
            listings)
        return Reading(stamp, settled, display, error, checks=checks, source=listings,
                       fresh=fresh)

    def keep_snapshot(self, reading: Reading) -> None:
        """Keep what `reading` validated afresh as the snapshot of those bytes, for the next
        start-up (slow with a big file: call it after the first frame, off the app's thread);
        with the file's stamp if it is still the one read (a start-up takes today's part by
        it, and checks the bytes once its first frame is up)."""
        if reading.fresh is None or reading.checks is None:
            return
        digest, listings = reading.fresh
        display = reading.listings if reading.source is listings else None
        snapshot.save(self.store.path, digest, snapshot.Snapshot(
            listings, reading.checks, display if display is not None else displayable(listings)),
            reading.stamp if reading.stamp == self.store.stamp() else None)


RECORD_TABLES = ("programs", "pages", "meetings", "events")


def keep_last_good(listings: Listings, last: Listings | None) -> Listings:
    """`listings`, with each record that has an error but had none in `last` (the listings
    shown before, or the backup's at start-up) in its version from `last`, and named in
    `last_good`: a staff slip in one field never takes a meeting off the screen. A record
    gone from the file stays gone; a new bad record stays skipped; a meeting or event whose
    program is no longer listed is not brought back."""
    if last is None or not listings.errors:
        return listings
    bad = {p.record for p in listings.errors}
    values: dict[str, tuple[Record, ...]] = {}
    kept: list[str] = []
    programs = {p.slug for p in listings.programs}
    for name in RECORD_TABLES:
        current: tuple[Record, ...] = getattr(listings, name)
        keys = {record.key for record in current}
        restored = []
        for record in getattr(last, name):
            label = record_label(type(record), {record.KEY: record.key}, 0)
            if record.key in keys or label not in bad:
                continue
            if isinstance(record, Gathering) and record.program and record.program not in programs:
                continue
            restored.append(record)
            kept.append(label)
        if name == "programs":
            programs |= {p.key for p in restored}
        if restored:
            values[name] = (*current, *restored)
    if not kept:
        return listings
    for name, order in (("programs", "name"), ("pages", "title")):
        if name in values:  # in the order validation gives them
            values[name] = tuple(sorted(values[name], key=lambda r, o=order: (
                r.order, getattr(r, o).casefold())))  # type: ignore[attr-defined]
    return replace(listings, **values, last_good=tuple(kept))  # type: ignore[arg-type]


def shown(listings: Listings, last: tuple[Listings, Listings] | None) -> Listings:
    """`displayable(listings)`, taking each record the last validation also gave (the same
    object: `RecordChecks` reused it) as `last` = (those listings, what was shown) shows it, so
    only new and changed records are scanned for control characters."""
    if last is None:
        return displayable(listings)
    before, after = last
    known = {id(record): seen for name in RECORD_TABLES
             for record, seen in zip(getattr(before, name), getattr(after, name), strict=True)}
    new = {name: tuple(r for r in getattr(listings, name) if id(r) not in known)
           for name in RECORD_TABLES}
    made = displayable(replace(listings, **new))  # and the settings, always
    for name in RECORD_TABLES:
        known.update(zip(map(id, new[name]), getattr(made, name), strict=True))
    return replace(made, **{name: tuple(known[id(r)] for r in getattr(listings, name))
                            for name in RECORD_TABLES})


# -- what staff are told ----------------------------------------------------------------------


def problem_text(problem: Problem) -> str:
    """ "meeting x: time: '25:00' is not a time of day": record, field and what is wrong."""
    parts = (problem.record, problem.field, problem.message)
    return visible(": ".join(part for part in parts if part))


def file_error_text(error: DataFileError) -> str:
    return visible(f"{error.path}: {error.message}")


def notice_for(reading: Reading, showing_older: bool) -> DataNotice | None:
    """What the footer tells staff after `reading`, or None when the data is all well.

    `showing_older` is true when the file could not be read and the kiosk keeps showing the
    listings it read before (or those of the backup at start-up).
    """
    check = _("Run `kiosk check` to see every problem and how to fix it.")
    if reading.error is not None:
        error = reading.error
        if reading.listings is not None:
            keeping = _("The kiosk shows the backup {backup} until the file is fixed.").format(
                backup=visible(str(error.path.with_name(error.path.name + ".bak")))
            )
        elif showing_older:
            keeping = _("The kiosk keeps showing the listings it read before.")
        else:
            keeping = _("The kiosk has no listings to show.")
        return DataNotice(
            visible(_("{mark} data: {problem}").format(mark=NOTICE_MARK, problem=error.message)),
            "\n".join((file_error_text(error), keeping, check)),
        )
    assert reading.listings is not None
    errors = reading.listings.errors
    if not errors:
        return None
    kept = reading.listings.last_good
    records = list(dict.fromkeys(p.record for p in errors if p.record != "settings"))
    skipped = [record for record in records if record not in kept]
    leads = []
    if kept:
        leads.append(ngettext("{count} record shown from its last good version",
                              "{count} records shown from their last good version",
                              len(kept)).format(count=len(kept)))
    if skipped:
        leads.append(ngettext("{count} record skipped", "{count} records skipped",
                              len(skipped)).format(count=len(skipped)))
    lead = ", ".join(leads) or _("settings")
    first = errors[0] if not records else next(p for p in errors if p.record == records[0])
    short = f"{NOTICE_MARK} {lead}: {problem_text(first)}"
    explain = [visible(_("{record} is shown from its last good version until it is fixed.").format(
        record=record)) for record in kept]
    if skipped:
        explain.append(_("Records with errors are left off the screen; the rest is shown."))
    full = "\n".join([*(problem_text(p) for p in errors), *explain, check])
    return DataNotice(short, full)


def no_data_text(error: DataFileError, path: Path) -> str:
    """The full-screen message when neither the file nor its backup can be read.

    When the backup failed too, `Store.load_with_fallback` raised its error while handling the
    file's, so Python keeps the file's own error as `__context__`: both are named.
    """
    errors = [error]
    if isinstance(error.__context__, DataFileError):
        errors.insert(0, error.__context__)
    return "\n\n".join((
        _("The kiosk cannot show its listings: the data file cannot be read."),
        *map(file_error_text, errors),
        _("Data file: {path}").format(path=visible(str(path))),
        _("Run `kiosk check` on this computer to see what is wrong, then fix the file or "
          "restore its backup ({backup}). The kiosk starts by itself once the file can be read."
          ).format(backup=visible(path.name + ".bak")),
    ))
