"""A validated snapshot of the listings file, so a restart does not validate a big file again.

With 20,000 meetings, parsing, validating and making displayable take most of a second before
the kiosk's first frame; unpickling what they gave takes about a tenth of that. `load` returns
what the last validation of the very same bytes gave (`Snapshot`: the validated listings, their
`RecordChecks` for the next reload, and what `displayable` made of them), or None; `save` keeps
one after the first frame (never on the way to it).

A snapshot is keyed by a hash of the file's bytes and of the kiosk's code that makes listings
from them (the source of the modules below and Python's version), so an edited file, a new
kiosk version or any change to the rules misses, and the file is read as before. It lives in
the user's cache folder (``$XDG_CACHE_HOME/peer-support-kiosk/snapshots/``, else under
``~/.cache``), not beside the data file, whose folder staff and feeds write to: only the
kiosk's own user writes there. It is written atomically (a temporary file renamed), bounded
(`MAX_BYTES` each, `MAX_SNAPSHOTS` files, the oldest removed first), and never trusted blindly:
a file too big, of another key or whose payload does not hash as its header says is ignored, and
unpickling may only make the kiosk's own record classes (`_Unpickler`), so a corrupt file is a
miss, never an error or foreign code.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
import sys
import tempfile
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from kiosk import model, staff, store, validate, visible
from kiosk.logs import APP_DIR, log
from kiosk.model import Listings
from kiosk.validate import RecordChecks

MAGIC = b"kiosksnap1\n"
MAX_BYTES = 128 * 1024 * 1024
"""The largest snapshot written or read (100,000 meetings take about 45 MiB)."""
MAX_SNAPSHOTS = 4
"""Snapshots kept, one per listings file (a kiosk has one; tests and trials make others)."""
DIGEST = 32

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
    for module in (model, validate, visible, store, staff, sys.modules[__name__]):
        key.update(Path(module.__file__ or "").read_bytes())
    return key.digest()


def key_of(content_digest: bytes) -> bytes:
    return hashlib.blake2b(code_key() + content_digest, digest_size=DIGEST).digest()


def load(data_path: Path, content_digest: bytes) -> Snapshot | None:
    """The snapshot of the content hashing as `content_digest`, or None if there is none good."""
    try:
        path = path_for(data_path)
        if path.stat().st_size > MAX_BYTES:
            return None
        blob = path.read_bytes()
        head = len(MAGIC) + 2 * DIGEST
        if blob[:len(MAGIC)] != MAGIC or blob[len(MAGIC):len(MAGIC) + DIGEST] != key_of(
                content_digest):
            return None
        if hashlib.blake2b(memoryview(blob)[head:], digest_size=DIGEST).digest() != blob[
                head - DIGEST:head]:
            log.warning("snapshot %s is corrupt: ignored", path)
            return None
        reader = io.BytesIO(blob)  # shares the bytes, no copy
        reader.seek(head)
        snapshot = _Unpickler(reader).load()
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
        return None
    if not (isinstance(snapshot, tuple) and len(snapshot) == 3
            and isinstance(snapshot[0], Listings) and isinstance(snapshot[1], RecordChecks)
            and isinstance(snapshot[2], Listings)):
        return None
    return Snapshot(*snapshot)


def save(data_path: Path, content_digest: bytes, snapshot: Snapshot) -> None:
    """Keep `snapshot` for the content hashing as `content_digest`: atomically, only if it is
    not too big, removing the oldest others beyond `MAX_SNAPSHOTS`. A failure is logged."""
    payload = pickle.dumps(tuple(snapshot), protocol=5)
    if len(payload) > MAX_BYTES:
        return
    path = path_for(data_path)
    header = MAGIC + key_of(content_digest) + hashlib.blake2b(
        payload, digest_size=DIGEST).digest()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as tmp:
                tmp.write(header)
                tmp.write(payload)
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
