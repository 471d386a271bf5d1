"""The validated snapshot a start-up takes instead of validating an unchanged file again: used
only for the very same bytes and code, never trusted when corrupt, bounded, and giving exactly
what a full read gives (the backup's last good versions included)."""

from __future__ import annotations

import gc
import hashlib
import json
import os
import pickle
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from kiosk import snapshot
from kiosk.app import SNAPSHOT_AFTER_TICKS, KioskApp
from kiosk.cli import run as cli_run
from kiosk.schedule import Schedule
from kiosk.store import Store
from kiosk.validate import RecordChecks
from kiosk.visible import displayable
from kiosk.watch import SETTLE_NS, DataWatch, Reading, keep_last_good
from tests.app_helpers import TUESDAY, make_app, screen_text
from tests.test_watch import NEW_MEETING, assert_as_full, edit_file, records


def start(path: Path) -> Reading:
    """A start-up's reading, and the snapshot it leaves for the next (as the app keeps it)."""
    watch = DataWatch(Store(path))
    reading = watch.read_at_start()
    watch.keep_snapshot(reading)
    return reading


def from_snapshot(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any validation of the file fail the test: the reading must come from the snapshot."""
    def refuse(*_args: Any) -> None:
        raise AssertionError("validated again")

    monkeypatch.setattr("kiosk.store.validate_docs", refuse)


def test_a_restart_on_the_same_bytes_takes_the_snapshot(
    sample_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit_file(sample_path, lambda d: d["meetings"].update({"99": NEW_MEETING}))  # an ESC
    first = start(sample_path)
    assert first.fresh is not None
    with monkeypatch.context() as patched:
        from_snapshot(patched)
        again = start(sample_path)
    assert again.fresh is None  # nothing new to keep
    assert again.listings == first.listings == displayable(Store(sample_path).load())
    assert again.source == first.source
    assert again.listings is not None and "\x1b" not in again.listings.meeting(
        "lantern-circle").notes  # type: ignore[union-attr]
    # its checks serve the next reload as a full validation's do
    watch = DataWatch(Store(sample_path))
    watch.mark_read(again)
    edit_file(sample_path, lambda d: d["meetings"]["99"].update(name="Lantern Ring"))
    reloaded = watch.read()
    assert reloaded.checks is not None
    assert (reloaded.checks.checked, reloaded.checks.reused) == (1, records(sample_path) - 1)
    assert_as_full(reloaded, sample_path)


def test_other_bytes_or_other_code_miss(sample_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    start(sample_path)
    edit_file(sample_path, lambda d: d["meetings"].update({"99": NEW_MEETING}))
    changed = start(sample_path)
    assert changed.fresh is not None  # validated: the snapshot was of other bytes
    assert changed.listings is not None and changed.listings.meeting("lantern-circle")
    monkeypatch.setattr(snapshot, "code_key", lambda: b"another kiosk version")
    assert start(sample_path).fresh is not None


@pytest.mark.parametrize("damage", [
    lambda b: b[:-100],  # cut short
    lambda b: b[:-10] + bytes(10),  # the payload changed
    lambda b: b"x" + b[1:],  # not a snapshot
    lambda b: b"",
])
def test_a_corrupt_snapshot_is_a_miss_never_an_error(sample_path: Path, damage: Any) -> None:
    first = start(sample_path)
    path = snapshot.path_for(sample_path)
    path.write_bytes(damage(path.read_bytes()))
    again = start(sample_path)
    assert again.fresh is not None and again.listings == first.listings


class Touch:
    """Unpickled, it would make a file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self) -> tuple[Any, ...]:
        return Path.touch, (self.path,)


def test_a_snapshot_makes_no_object_but_the_kiosks_records(
    sample_path: Path, tmp_path: Path
) -> None:
    """A well-formed file that would do anything else (here, make a file) is refused."""
    content = Store(sample_path).read_content()
    marker = tmp_path / "made"
    payload = pickle.dumps(Touch(marker), protocol=5)
    key = snapshot.key_of(hashlib.blake2b(content).digest())
    path = snapshot.path_for(sample_path)
    path.parent.mkdir(parents=True)
    snapshot.write(sample_path, key, [b""] * snapshot.WHOLE + [payload])
    assert snapshot.load(sample_path, hashlib.blake2b(content).digest()) is None
    assert not marker.exists()
    assert start(sample_path).fresh is not None


def test_snapshots_are_bounded_and_private(tmp_path: Path, sample_path: Path) -> None:
    paths = []
    for number in range(snapshot.MAX_SNAPSHOTS + 3):
        path = tmp_path / f"kiosk-{number}.json"
        shutil.copyfile(sample_path, path)
        start(path)
        paths.append(snapshot.path_for(path))
    kept = sorted(snapshot.folder().glob("*.snapshot"))
    assert len(kept) == snapshot.MAX_SNAPSHOTS
    assert paths[-1] in kept and paths[0] not in kept
    assert {p.stat().st_mode & 0o777 for p in kept} == {0o600}
    assert not list(snapshot.folder().glob(".*"))  # no temporary file left


def test_a_broken_record_is_shown_from_the_backup_whether_or_not_from_the_snapshot(
    sample_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copyfile(sample_path, sample_path.with_name("kiosk.json.bak"))
    edit_file(sample_path, lambda d: next(iter(d["meetings"].values())).update(time="25:00"))
    first = start(sample_path)
    assert first.listings is not None and len(first.listings.last_good) == 1
    again = start(sample_path)
    assert again.fresh is None  # from the snapshot, which is of the file alone
    assert again.listings == first.listings
    backup = Store(sample_path).load(sample_path.with_name("kiosk.json.bak"))
    assert again.listings == displayable(keep_last_good(Store(sample_path).load(), backup))
    assert again.listings != displayable(Store(sample_path).load())


def test_a_bad_file_starts_from_its_backup_and_keeps_no_snapshot(sample_path: Path) -> None:
    shutil.copyfile(sample_path, sample_path.with_name("kiosk.json.bak"))
    start(sample_path)
    sample_path.write_text("{", encoding="utf-8")
    reading = start(sample_path)
    assert reading.error is not None and reading.fresh is None
    assert reading.listings == displayable(Store(sample_path).load(
        sample_path.with_name("kiosk.json.bak")))


def test_a_snapshot_round_trip_is_exact(sample_path: Path) -> None:
    edit_file(sample_path, lambda d: d["meetings"].update(
        {"99": NEW_MEETING, "100": {**NEW_MEETING, "time": "25:00", "id": "x"}}))
    content = Store(sample_path).read_content()
    checks = RecordChecks()
    listings = Store(sample_path).load(content, checks)
    digest = hashlib.blake2b(content).digest()
    snapshot.save(sample_path, digest, snapshot.Snapshot(listings, checks, displayable(listings)))
    kept = snapshot.load(sample_path, digest)
    assert kept is not None
    assert kept.listings == listings and kept.listings.problems == listings.problems
    assert [r.to_doc() for r in kept.listings.meetings] == [r.to_doc() for r in listings.meetings]
    assert kept.shown == displayable(listings)
    assert len(kept.checks) == len(checks)
    assert json.loads(content)  # the file itself is untouched


def kept_for(path: Path) -> bool:
    """Whether a snapshot of the file's present bytes is kept."""
    digest = hashlib.blake2b(path.read_bytes()).digest()
    return snapshot.load(path, digest) is not None


async def test_the_app_keeps_a_snapshot_after_its_first_frame_and_after_a_reload_later(
    sample_path: Path,
) -> None:
    """Not on the way to the first frame, and after a reload only once the loop has shown for
    `SNAPSHOT_AFTER_TICKS` (pickling a big file holds the GIL while the new listings draw)."""
    app, _clock = make_app(sample_path)
    assert not kept_for(sample_path)  # building the app keeps nothing
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.tick_timer is not None
        app.tick_timer.pause()  # the test ticks by hand
        await pilot.pause()
        await pilot.pause()  # the first frame's after-refresh work
        await app.workers.wait_for_complete()
        assert kept_for(sample_path)
        edit_file(sample_path, lambda d: d["meetings"].update({"99": NEW_MEETING}))
        app.reload_listings()
        await pilot.pause()  # the slides rebuilt, as between two real ticks
        assert app.listings.meeting("lantern-circle") is not None
        for _ in range(SNAPSHOT_AFTER_TICKS - 1):
            await app.tick()
            await pilot.pause()
        await app.workers.wait_for_complete()
        assert not kept_for(sample_path)
        await app.tick()
        await app.workers.wait_for_complete()
        assert kept_for(sample_path)


def kiosk_as_run(path: Path, now: str = "2026-11-24T18:55", view: str | None = None) -> KioskApp:
    """The kiosk as `kiosk run` builds it (today's part of a kept snapshot first)."""
    return cli_run.build_kiosk(cli_run.Context(Store(path), None, now), kiosk_mode=True,
                               open_view=view)


def settle(path: Path) -> None:
    """As a file staff saved a while ago: a stamp a snapshot may be kept by (`SETTLE_NS`)."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns - 10 * SETTLE_NS))


async def test_a_restart_draws_today_from_its_part_and_takes_the_rest_after_the_first_frame(
    sample_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settle(sample_path)
    start(sample_path)  # the first start keeps the snapshot
    whole = displayable(Store(sample_path).load())
    collections: list[str] = []
    monkeypatch.setattr("kiosk.app.keep_out_of_full_collections",
                        lambda: collections.append("full"))
    with monkeypatch.context() as patched:
        from_snapshot(patched)
        app = kiosk_as_run(sample_path)
        now = app.now()
        assert 0 < len(app.listings.meetings) < len(whole.meetings)  # Tuesday's, not the week's
        assert app.schedule.today(now) == Schedule(whole).today(now)
        async with app.run_test(size=(120, 40)) as pilot:
            assert app.tick_timer is not None
            app.tick_timer.pause()
            await pilot.pause()
            await pilot.pause()  # the first frame's after-refresh work
            assert app.listings == whole
            assert sum(len(day) for _day, day in app.week) > len(app.schedule.on_date(TUESDAY))
            assert all(f"slide-program-{p.slug}" in app.loop_screen.slide_ids
                       for p in whole.programs)
            assert collections == ["full"]  # one, once all is built (0.15 s with 20,000)
    gc.unfreeze()


@pytest.mark.parametrize("view", ["browse", "program:smart-recovery"])
def test_a_kiosk_opened_on_more_than_today_starts_from_the_whole(
    sample_path: Path, view: str
) -> None:
    settle(sample_path)
    start(sample_path)
    app = kiosk_as_run(sample_path, view=view)
    assert app.listings == displayable(Store(sample_path).load())
    gc.unfreeze()


def test_a_kiosk_started_in_its_quiet_hours_starts_from_the_whole(sample_path: Path) -> None:
    """The quiet slide names a later day's first meeting: today's part is not enough."""
    edit_file(sample_path, lambda d: d["settings"]["1"].update(
        quiet_hours_start="18:00", quiet_hours_end="07:00"))
    settle(sample_path)
    start(sample_path)
    app = kiosk_as_run(sample_path)
    assert app.quiet_until is not None
    assert app.listings == displayable(Store(sample_path).load())
    gc.unfreeze()


async def test_a_file_changed_under_the_same_stamp_is_shown_as_it_is_once_read_whole(
    sample_path: Path,
) -> None:
    """Today's part is taken by the file's stamp; the rest is checked by its content's hash,
    so bytes changed with size, time and inode kept (a same-length edit in place, its time set
    back) are validated and shown after the first frame."""
    settle(sample_path)
    start(sample_path)
    stamp = Store(sample_path).stamp()
    content = sample_path.read_bytes()
    renamed = content.replace(b"SMART Recovery Tuesday Evening", b"SMART Recovery Tuesday Evenin_")
    assert len(renamed) == len(content) and renamed != content
    with sample_path.open("r+b") as file:  # in place: the same inode
        file.write(renamed)
    assert stamp is not None
    os.utime(sample_path, ns=(stamp.mtime_ns, stamp.mtime_ns))
    assert Store(sample_path).stamp() == stamp
    app = kiosk_as_run(sample_path)
    assert app.listings.meeting("smart-tue-evening").name.endswith("Evening")  # the snapshot's
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.tick_timer is not None
        app.tick_timer.pause()
        await pilot.pause()
        await pilot.pause()
        assert app.listings == displayable(Store(sample_path).load())
        assert app.listings.meeting("smart-tue-evening").name.endswith("Evenin_")
        await pilot.pause()
        assert "Evenin_" in screen_text(app)
    gc.unfreeze()


def test_a_snapshot_of_a_file_just_written_gives_todays_part_once_the_file_has_settled(
    sample_path: Path,
) -> None:
    """A reload reads a file staff saved a moment ago; the snapshot kept of it still gives
    the next start-up today's part first, the file's stamp being unchanged since."""
    edit_file(sample_path, lambda d: d["meetings"].update({"99": NEW_MEETING}))
    assert not start(sample_path).settled
    later = DataWatch(Store(sample_path), wall_ns=lambda: time.time_ns() + 10 * SETTLE_NS)
    first = later.read_at_start(lambda _zone: 2)  # a Tuesday
    assert first.rest is not None and first.listings is not None
    assert 0 < len(first.listings.meetings) < len(Store(sample_path).load().meetings)
    assert first.rest().listings == displayable(Store(sample_path).load())


def test_a_snapshot_too_big_with_its_parts_is_kept_without_them(
    sample_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The weekday parts more than double a snapshot; near `MAX_BYTES` the whole is kept
    alone, so a start still skips validation, only not today's part first."""
    content = Store(sample_path).read_content()
    checks = RecordChecks()
    listings = Store(sample_path).load(content, checks)
    whole = len(pickle.dumps((listings, checks, displayable(listings)), protocol=5))
    monkeypatch.setattr(snapshot, "MAX_BYTES", whole + 4096)
    digest = hashlib.blake2b(content).digest()
    snapshot.save(sample_path, digest, snapshot.Snapshot(listings, checks, displayable(listings)),
                  Store(sample_path).stamp())
    assert snapshot.load(sample_path, digest) is not None
    stamp = Store(sample_path).stamp()
    assert stamp is not None
    assert snapshot.load_first_frame(sample_path, stamp, lambda _zone: 2) is None
