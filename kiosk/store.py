"""The single door to the TinyDB listings file: read, validate, and write atomically.

Readers (the kiosk) may read at any moment, so every write goes to a temporary file in the same
folder, is flushed and fsynced, and is renamed over the old file; the old file is kept as
``<name>.bak`` so a bad change can be undone. Writers (staff commands, the editor, imports) hold
a lock file for the whole read-modify-write, so two at once both keep their change.
"""

from __future__ import annotations

import glob
import io
import json
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from tinydb import TinyDB
from tinydb.middlewares import CachingMiddleware
from tinydb.storages import Storage
from tinydb.table import Document

from kiosk.collector import collections_paused
from kiosk.model import Event, Listings, Meeting, Page, Problem, Program, Record, Settings
from kiosk.validate import RecordChecks, check_record, validate_docs

if TYPE_CHECKING:
    from filelock import BaseFileLock

TABLES = ("settings", "programs", "pages", "meetings", "events")
KINDS: dict[str, type[Record]] = {
    "programs": Program, "pages": Page, "meetings": Meeting, "events": Event,
}
LOCK_TIMEOUT_SECONDS = 30
FEED_SOURCE = "source"  # Meeting.extra key: the followed feed (settings.feed_url) it came from
# What staff may still change on a followed feed's meeting: what a feed does not carry (the
# import keeps these local values), and the `updated` stamp a change sets.
FEED_LOCAL_FIELDS = frozenset({"room", "start_date", "end_date", "cancelled", "updated"})

Tables = dict[str, dict[str, dict[str, Any]]]


class DataFileError(Exception):
    """The file cannot be read as listings at all (missing, not JSON, wrong shape)."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


class StoreBusy(Exception):
    """Another writer held the file's lock for `LOCK_TIMEOUT_SECONDS`; nothing was written."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} is being changed by someone else; try again in a moment")
        self.path = path


class ValidationError(Exception):
    """A change was refused; nothing was written. Carries the problems to show staff."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def json_mistake(exc: json.JSONDecodeError) -> str:
    """json's complaint after the line and column it points at, as a whole sentence.

    Some of its messages end mid-sentence ("Unterminated string starting at"), expecting the
    position after them; here the position comes first, so that tail is dropped.
    """
    what = exc.msg.removesuffix(" at").removesuffix(" starting")
    return (f"not valid JSON at line {exc.lineno}, column {exc.colno}: "
            f"{what[:1].lower()}{what[1:]}")


def parse_tables(text: str, path: Path) -> Tables:
    """Parse the text, naming the line and column of bad JSON and any table of wrong shape."""
    try:
        data = json.loads(text) if text and not text.isspace() else None  # no stripped copy
    except json.JSONDecodeError as exc:
        raise DataFileError(path, json_mistake(exc)) from None
    except RecursionError:  # json's own limit on nesting ("[[[[..."), not a Python bug
        raise DataFileError(path, "not valid listings: values are nested too deeply") from None
    except ValueError:  # Python's limit on an int's digits (sys.get_int_max_str_digits())
        raise DataFileError(path, f"not valid listings: {long_number(text)}") from None
    if data is None:
        raise DataFileError(path, "the file is empty")
    if not isinstance(data, dict):
        raise DataFileError(path, "the file must hold a JSON object of tables")
    for table, docs in data.items():
        if not isinstance(docs, dict):
            raise DataFileError(path, f"table {table!r} must be an object of records")
        for doc_id, doc in docs.items():
            if not isinstance(doc, dict):
                raise DataFileError(path, f"{table} record {doc_id} must be an object")
    return data


def long_number(text: str) -> str:
    """Where the number too long for Python's int limit is (the error does not say)."""
    limit = sys.get_int_max_str_digits()
    found = re.search(rf"\d{{{limit + 1},}}", text)
    if found is None:
        return f"a number has more than {limit:,} digits"
    line = text.count("\n", 0, found.start()) + 1
    column = found.start() - text.rfind("\n", 0, found.start())
    return f"the number at line {line}, column {column} has more than {limit:,} digits"


def atomic_write_text(path: Path, text: str, backup: bool = True) -> None:
    """Replace `path` with `text` so that a reader sees the old file or the new, never half."""
    if backup and path.exists():
        atomic_write_text(path.with_name(path.name + ".bak"), path.read_text("utf-8"), False)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as tmp:
            tmp.write(text)
            tmp.flush()
            os.fsync(tmp.fileno())
        if path.exists():
            shutil.copymode(path, tmp_name)
        else:
            os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def refuse_read_only(path: Path) -> None:
    """A listings file without write permission (``chmod 444``) is one staff meant to keep as
    it is: refuse to change it, rather than replace it by renaming (which the folder allows)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return  # missing: `create` makes it, or the read that follows says what is wrong
    if not mode & 0o222:
        raise DataFileError(path, "is read-only, so nothing was changed; make it writable "
                                  f"(chmod u+w {path.name}) to change it")


def remove_stale_temp_files(path: Path) -> None:
    """Remove the temporary files a writer killed mid-write left beside `path` (its own
    ``.<name>.*.tmp`` and the backup's). Only under the writers' lock: no other write is on."""
    for stale in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        stale.unlink(missing_ok=True)


def read_content(path: Path) -> bytes:
    """The file's bytes, as they are on disk (a missing or unreadable file is a
    `DataFileError`)."""
    if not path.exists():
        raise DataFileError(path, "the file does not exist")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise DataFileError(path, f"cannot be read: {exc}") from None


def tables_of(content: bytes, path: Path) -> Tables:
    """`content` decoded as `Path.read_text("utf-8")` decodes a file (universal newlines, so
    bad JSON is named at the same line and column), then parsed."""
    try:
        text = io.TextIOWrapper(io.BytesIO(content), encoding="utf-8").read()
    except UnicodeDecodeError as exc:
        raise DataFileError(path, f"cannot be read: {exc}") from None
    return parse_tables(text, path)


class AtomicJSONStorage(Storage):
    """TinyDB storage that reads with clear errors and writes atomically with a backup."""

    def __init__(self, path: str | Path, create: bool = False) -> None:
        self.path = Path(path)
        self.create = create

    def read(self) -> Tables | None:
        if self.create and not self.path.exists():
            return None
        return tables_of(read_content(self.path), self.path)

    def write(self, data: Tables) -> None:
        ordered = {t: data[t] for t in TABLES if t in data} | data
        text = json.dumps(ordered, indent=2, ensure_ascii=False) + "\n"
        atomic_write_text(self.path, text)

    def close(self) -> None:
        pass


def docs_of(tables: Tables, name: str) -> list[dict[str, Any]]:
    return list(tables.get(name, {}).values())


def followed_feed(settings: Settings) -> str | None:
    """The feed the kiosk follows, as its meetings' `FEED_SOURCE` names it."""
    return (settings.feed_url or "").strip() or None


def feed_refusal(old: Record, new: Record | None, settings: Settings) -> Problem | None:
    """Why a followed feed's meeting may not be changed (`new`) or removed (None) here.

    The next poll would undo the change, so staff are sent to the feed. Cancelling a date or
    setting the room stays possible: the feed does not carry those, and the import keeps them.
    """
    url = followed_feed(settings)
    if url is None or not isinstance(old, Meeting) or old.extra.get(FEED_SOURCE) != url:
        return None
    host = urlsplit(url).hostname or url
    if new is None:
        return Problem(f"meeting {old.id}", "",
                       f"This meeting comes from {host}'s feed; remove it there")
    if isinstance(new, Meeting) and all(
        getattr(old, f.name) == getattr(new, f.name)
        for f in fields(Meeting) if f.name not in FEED_LOCAL_FIELDS
    ):
        return None
    return Problem(f"meeting {old.id}", "",
                   f"This meeting comes from {host}'s feed; edit it there (here only its room, "
                   "start and end dates and cancelled dates can change)")


@dataclass(frozen=True)
class FileStamp:
    """Cheap identity of the file's current version, for noticing changes."""

    mtime_ns: int
    size: int
    inode: int

    @classmethod
    def of(cls, path: Path) -> FileStamp | None:
        try:
            st = path.stat()
        except OSError:
            return None
        return cls(st.st_mtime_ns, st.st_size, st.st_ino)


class Store:
    """The listings file: `load()` for readers, `edit()`/`add()`/`update()`... for writers."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.backup_path = self.path.with_name(self.path.name + ".bak")

    @cached_property
    def _lock(self) -> BaseFileLock:
        # Imported here: filelock costs 30 ms and 1.4 MiB, and the kiosk only reads.
        from filelock import FileLock

        return FileLock(str(self.path) + ".lock", timeout=LOCK_TIMEOUT_SECONDS)

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold the writers' lock; `StoreBusy` if another writer keeps it too long."""
        from filelock import Timeout

        try:
            self._lock.acquire()
        except Timeout as error:
            raise StoreBusy(self.path) from error
        try:
            yield
        finally:
            self._lock.release()

    # -- reading -------------------------------------------------------------------------

    def read_tables(self, path: Path | None = None) -> Tables:
        storage = AtomicJSONStorage(path or self.path)
        return storage.read() or {}

    def read_content(self) -> bytes:
        """The file's bytes, for a reader that tells versions apart by content
        (`kiosk.watch`); `load(content)` then parses exactly what was read."""
        return read_content(self.path)

    def load(
        self, source: Path | bytes | None = None, checks: RecordChecks | None = None
    ) -> Listings:
        """Read and validate the file, another one (`source` a path: the backup), or content
        already read with `read_content()`; invalid records are skipped and reported in
        `problems`. With `checks` (``RecordChecks(last)``), records unchanged since the last
        load are not checked again on their own (`kiosk.validate.validate_docs`)."""
        with collections_paused():  # it makes records, not garbage (`kiosk.collector`)
            if isinstance(source, bytes):
                tables = tables_of(source, self.path)
            else:
                tables = self.read_tables(source)
            return validate_docs({name: docs_of(tables, name) for name in TABLES}, checks)

    def load_with_fallback(
        self, checks: RecordChecks | None = None, content: bytes | None = None
    ) -> tuple[Listings, DataFileError | None]:
        """For start-up: the file (or `content`, its bytes already read), else its backup.
        Raises if neither can be read."""
        try:
            return self.load(content, checks), None
        except DataFileError as error:
            if not self.backup_path.exists():
                raise
            return self.load(self.backup_path, checks), error

    def stamp(self) -> FileStamp | None:
        return FileStamp.of(self.path)

    # -- writing -------------------------------------------------------------------------

    @contextmanager
    def edit(self, create: bool = False) -> Iterator[TinyDB]:
        """A locked TinyDB session written once, atomically, if the block ends without error."""
        if create:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._locked():
            refuse_read_only(self.path)
            remove_stale_temp_files(self.path)
            middleware = CachingMiddleware(lambda: AtomicJSONStorage(self.path, create))
            db = TinyDB(storage=middleware)
            db.tables()  # read now, under the lock, so errors surface before any change
            yield db
            if middleware.cache is not None:
                middleware.flush()

    def change(self, mutate: Callable[[TinyDB, Listings], Record | None]) -> Listings:
        """Apply `mutate` under the lock and save, refusing if the changed record is invalid."""
        with self.edit() as db:
            checks = RecordChecks()
            before = validate_docs({t: db.table(t).all() for t in TABLES}, checks)
            record = mutate(db, before)  # then only the records it changed are checked again
            after = validate_docs({t: db.table(t).all() for t in TABLES}, RecordChecks(checks))
            problems = [] if record is None else check_record(record, before)
            problems = [p for p in problems if p.severity == "error"]
            new = set(after.errors) - set(before.errors)
            if problems or new:
                raise ValidationError(problems or sorted(new, key=str))
            return after

    def add(self, record: Record) -> Listings:
        kind = type(record)

        def insert(db: TinyDB, listings: Listings) -> Record:
            table = db.table(kind.TABLE)
            if any(doc.get(kind.KEY) == record.key for doc in table.all()):
                raise ValidationError([Problem(
                    f"{kind.TABLE.rstrip('s')} {record.key}", kind.KEY,
                    f"{record.key!r} is already used; choose another",
                )])
            table.insert(record.to_doc())
            return record

        return self.change(insert)

    def update(self, kind: type[Record], key: str, edit: Callable[[Record], Record]) -> Listings:
        """Replace one record by key with `edit(old)`; the key may change if still unique."""

        def replace(db: TinyDB, listings: Listings) -> Record:
            table = db.table(kind.TABLE)
            doc_id, old = self._find(table, kind, key)
            new = edit(old)
            if refusal := feed_refusal(old, new, listings.settings):
                raise ValidationError([refusal])
            if new.key != key and any(d.get(kind.KEY) == new.key for d in table.all()):
                raise ValidationError([Problem(
                    f"{kind.TABLE.rstrip('s')} {key}", kind.KEY, f"{new.key!r} is already used",
                )])
            table.remove(doc_ids=[doc_id])
            table.insert(Document(new.to_doc(), doc_id=doc_id))
            return new

        return self.change(replace)

    def remove(self, kind: type[Record], key: str) -> Listings:
        def delete(db: TinyDB, listings: Listings) -> None:
            table = db.table(kind.TABLE)
            doc_id, old = self._find(table, kind, key)
            if refusal := feed_refusal(old, None, listings.settings):
                raise ValidationError([refusal])
            table.remove(doc_ids=[doc_id])

        return self.change(delete)

    def save_settings(self, settings: Settings) -> Listings:
        def put(db: TinyDB, listings: Listings) -> Record:
            db.drop_table("settings")
            db.table("settings").insert(settings.to_doc())
            return settings

        return self.change(put)

    def update_settings(self, **values: Any) -> Listings:
        """Set some settings fields (None removes one), keeping every other field as the file
        has it, even one with an error; refused if the change adds an error."""

        def put(db: TinyDB, listings: Listings) -> None:
            table = db.table("settings")
            docs = table.all()
            doc = dict(docs[0]) if docs else {}
            for name, value in values.items():
                if value is None:
                    doc.pop(name, None)
                else:
                    doc[name] = value
            if docs:
                table.remove(doc_ids=[docs[0].doc_id])
                table.insert(Document(doc, doc_id=docs[0].doc_id))
            else:
                table.insert(doc)

        return self.change(put)

    @staticmethod
    def _find(table: Any, kind: type[Record], key: str) -> tuple[int, Record]:
        for doc in table.all():
            if doc.get(kind.KEY) == key:
                return doc.doc_id, kind.from_doc(dict(doc))
        raise ValidationError([Problem(
            f"{kind.TABLE.rstrip('s')} {key}", kind.KEY, f"no {kind.TABLE.rstrip('s')} has "
            f"the {kind.KEY} {key!r} (see `kiosk {kind.TABLE} list`)",
        )])

    def write_listings(self, listings: Listings, create: bool = True) -> None:
        """Replace the whole file's content (imports with --replace, tests, sample data)."""
        with self.edit(create=create) as db:
            db.drop_tables()
            db.table("settings").insert(listings.settings.to_doc())
            for name, kind in KINDS.items():
                records = getattr(listings, name)
                if records:
                    db.table(kind.TABLE).insert_multiple(r.to_doc() for r in records)
