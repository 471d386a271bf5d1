"""A validated snapshot of the listings file, so a restart does not validate a big file again.

With 20,000 meetings, parsing, validating and making displayable take most of a second before
the kiosk's first frame; unpickling what they gave takes about a tenth of that. `load` returns
what the last validation of the very same bytes gave (`Snapshot`: the validated listings, their
`RecordChecks` for the next reload, and what `displayable` made of them), or None; `save` keeps
one after the first frame (never on the way to it).

The whole is keyed by a hash of the file's bytes and of the kiosk's code that makes listings
from them (the source of the modules below and Python's version), so an edited file, a new
kiosk version or any change to the rules misses, and the file is read as before. Beside it,
one part per weekday holds only what Today can show that day (`Schedule.for_weekday`), taken
by the file's stamp (time, size, inode) instead of its hash (`load_first_frame`): a start-up
draws its first frame from it without reading the file, then checks the bytes and takes the
whole. Each section is hashed on its own, so a start-up reads only what it uses.

It lives in the user's cache folder (``$XDG_CACHE_HOME/peer-support-kiosk/snapshots/``, else
under ``~/.cache``), not beside the data file, whose folder staff and feeds write to: only the
kiosk's own user writes there. It is written atomically (a temporary file renamed), bounded
(`MAX_BYTES` each, `MAX_SNAPSHOTS` files, the oldest removed first), and never trusted blindly:
a file too big, of another key or whose sections do not hash as its index says is ignored, and
unpickling may only make the kiosk's own record classes (`_Unpickler`), so a corrupt file is a
miss, never an error or foreign code.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import pickle
import struct
import sys
import tempfile
from collections.abc import Callable
from dataclasses import astuple
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

from kiosk import model, schedule, staff, store, validate, visible
from kiosk.logs import APP_DIR, log
from kiosk.model import Listings
from kiosk.schedule import Schedule
from kiosk.store import FileStamp
from kiosk.validate import RecordChecks

MAGIC = b"kiosksnap2\n"
MAX_BYTES = 128 * 1024 * 1024
"""The largest snapshot written or read (100,000 meetings take about 45 MiB)."""
MAX_SNAPSHOTS = 4
"""Snapshots kept, one per listings file (a kiosk has one; tests and trials make others)."""
DIGEST = 32
META, FIRST_FRAMES, WHOLE = 0, 1, 8
"""A snapshot's sections: what its first frames are for (`FirstFrameMeta`), one first frame per
weekday (from Sunday, as `Meeting.day`), then the whole `Snapshot`. Each is hashed on its own,
so a start-up reads and checks only the two it needs before its first frame."""
SECTIONS = WHOLE + 1
INDEX_ENTRY = struct.Struct(">Q32s")
"""Each section's length and blake2b digest, after the magic and the key."""

ALLOWED = {
    "kiosk.model": {"Listings", "Settings", "Program", "Page", "Meeting", "Event", "Problem"},
    "kiosk.validate": {"Checked", "RecordChecks"},
}
"""The only classes a snapshot may make."""


class Snapshot(NamedTuple):
    """What validating one version of the file gave (before `watch.keep_last_good`)."""

    listings: Listings
    checks: RecordChecks
    shown: Listings
    """`displayable(listings)`."""


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if name not in ALLOWED.get(module, ()):
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a snapshot")
        return super().find_class(module, name)


def folder() -> Path:
    cache_home = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache_home) / APP_DIR / "snapshots"


def path_for(data_path: Path) -> Path:
    """The one snapshot file of a listings file (by its absolute path)."""
    name = hashlib.blake2b(str(data_path.absolute()).encode("utf-8", "surrogateescape"),
                           digest_size=12).hexdigest()
    return folder() / f"{name}.snapshot"


@cache
def code_key() -> bytes:
    """A hash of what turns bytes into a `Snapshot`: Python's version, the tzdata package's
    (a zone name is checked against the zone data) and these modules' source (a production
    install has it too)."""
    key = hashlib.blake2b(sys.version.encode(), digest_size=DIGEST)
    with contextlib.suppress(ImportError):
        import tzdata

        key.update(str(getattr(tzdata, "IANA_VERSION", "")).encode())
    for module in (model, validate, visible, store, staff, schedule, sys.modules[__name__]):
        key.update(Path(module.__file__ or "").read_bytes())
    return key.digest()


def key_of(content_digest: bytes) -> bytes:
    return hashlib.blake2b(code_key() + content_digest, digest_size=DIGEST).digest()


Section = tuple[int, int, bytes]
"""Where a section is in its file, its length and its digest."""


def _index(file: BinaryIO, content_digest: bytes | None) -> list[Section] | None:
    """Each section of the open snapshot `file`, or None if it is not a snapshot of this
    content and code (`content_digest` None: of any content, for `load_first_frame` to check
    by its `META`) or is too big."""
    if os.fstat(file.fileno()).st_size > MAX_BYTES:
        return None
    head = file.read(len(MAGIC) + DIGEST + SECTIONS * INDEX_ENTRY.size)
    if head[:len(MAGIC)] != MAGIC or len(head) < len(
            MAGIC) + DIGEST + SECTIONS * INDEX_ENTRY.size or (
            content_digest is not None
            and head[len(MAGIC):len(MAGIC) + DIGEST] != key_of(content_digest)):
        return None
    index, offset = [], len(head)
    for length, digest in INDEX_ENTRY.iter_unpack(head[len(MAGIC) + DIGEST:]):
        index.append((offset, length, digest))
        offset += length
    return index


def _read(file: BinaryIO, section: Section) -> bytes:
    """A section's bytes; ValueError (logged: corrupt) if they do not hash as the index says."""
    offset, length, digest = section
    file.seek(offset)
    payload = file.read(length)
    if hashlib.blake2b(payload, digest_size=DIGEST).digest() != digest:
        log.warning("snapshot %s is corrupt: ignored", file.name)
        raise ValueError("corrupt snapshot")
    return payload


def _unpickled(payload: bytes) -> Any:
    return _Unpickler(io.BytesIO(payload)).load()


def load(data_path: Path, content_digest: bytes) -> Snapshot | None:
    """The snapshot of the content hashing as `content_digest`, or None if there is none good."""
    try:
        with path_for(data_path).open("rb") as file:
            index = _index(file, content_digest)
            kept = _unpickled(_read(file, index[WHOLE])) if index is not None else None
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
        return None
    if not (isinstance(kept, tuple) and len(kept) == 3
            and isinstance(kept[0], Listings) and isinstance(kept[1], RecordChecks)
            and isinstance(kept[2], Listings)):
        return None
    return Snapshot(*kept)


def load_first_frame(data_path: Path, stamp: FileStamp,
                     weekday_in: Callable[[str], int | None]) -> Listings | None:
    """Just what the first frame needs, if the snapshot was kept of the file as it is now (by
    its `stamp`: reading and hashing a big file costs more than the frame's own part) and by
    this code: the shown listings with only the meetings `Schedule.today` can show on this
    weekday (`Schedule.for_weekday`). None if there is none good, or if `weekday_in` (given
    the zone of the snapshot's weekdays) says None: the kiosk keeps another zone's days. The
    caller checks the content after the frame (`load`, by its hash)."""
    try:
        with path_for(data_path).open("rb") as file:
            index = _index(file, None)
            meta = _read(file, index[META]) if index is not None else b""
            kept_for = json.loads(meta) if meta else None
            if not (index is not None and isinstance(kept_for, dict)
                    and kept_for.get("code") == code_key().hex()
                    and kept_for.get("stamp") == list(astuple(stamp))):
                return None
            weekday = weekday_in(str(kept_for.get("zone")))
            if weekday is None:
                return None
            first = _unpickled(_read(file, index[FIRST_FRAMES + weekday]))
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError,
            UnicodeDecodeError):
        return None
    return first if isinstance(first, Listings) else None


def first_frames(shown: Listings, stamp: FileStamp | None) -> list[bytes]:
    """The `META` section and each weekday's first frame of `shown`, kept of the file at
    `stamp`; empty ones (nothing to start from but the whole) without a stamp, or if it has
    errors, whose records the backup may replace at start-up."""
    if shown.errors or stamp is None:
        return [b""] * (WHOLE - META)
    week = Schedule(shown)
    meta = {"zone": shown.settings.timezone, "stamp": list(astuple(stamp)),
            "code": code_key().hex()}
    return [json.dumps(meta).encode(), *(
        pickle.dumps(week.for_weekday(day), protocol=5) for day in range(7))]


def save(data_path: Path, content_digest: bytes, snapshot: Snapshot,
         stamp: FileStamp | None = None) -> None:
    """Keep `snapshot` for the content hashing as `content_digest` (the file's, at `stamp` if
    still the one read): atomically, removing the oldest others beyond `MAX_SNAPSHOTS`. If it
    would be too big with its weekday parts, it is kept without them (a start then takes the
    whole); if too big even so, not at all. A failure is logged."""
    whole = pickle.dumps(tuple(snapshot), protocol=5)
    parts = first_frames(snapshot.shown, stamp)
    if sum(map(len, parts)) + len(whole) > MAX_BYTES:
        parts = first_frames(snapshot.shown, None)
    write(data_path, key_of(content_digest), [*parts, whole])


def write(data_path: Path, key: bytes, sections: list[bytes]) -> None:
    """The snapshot file of `data_path`: `key`, then `sections` each with its digest."""
    index = b"".join(INDEX_ENTRY.pack(len(section), hashlib.blake2b(
        section, digest_size=DIGEST).digest()) for section in sections)
    if sum(map(len, sections)) + len(index) > MAX_BYTES:
        return
    path = path_for(data_path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as tmp:
                tmp.write(MAGIC + key + index)
                for section in sections:
                    tmp.write(section)
            os.replace(tmp_name, path)
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise
        _prune(path)
    except OSError as error:
        log.warning("cannot keep a snapshot of the listings in %s: %s", path.parent, error)


def _prune(keep: Path) -> None:
    """Remove the oldest snapshots (and temporary files a crash left) beyond `MAX_SNAPSHOTS`."""
    for stale in keep.parent.glob(".*.tmp"):
        with contextlib.suppress(OSError):
            if stale.stat().st_mtime < keep.stat().st_mtime - 60:
                stale.unlink()
    others = sorted((p for p in keep.parent.glob("*.snapshot") if p != keep),
                    key=lambda p: p.stat().st_mtime, reverse=True)
    for old in others[MAX_SNAPSHOTS - 1:]:
        with contextlib.suppress(OSError):
            old.unlink()
