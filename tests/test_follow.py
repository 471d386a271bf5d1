"""Following a feed: conditional polls, scoped removal, backoff, feed meetings locked locally."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest

from kiosk.cli import main
from kiosk.interop.follow import FeedFollower
from kiosk.model import Meeting
from kiosk.store import FEED_SOURCE, Store, ValidationError
from kiosk.validate import validate_docs
from tests.http_helpers import QuietHandler, loopback_server

FEED = json.loads((Path(__file__).parent / "data" / "interop" / "feed.json").read_text("utf-8"))
INTERVAL = 60.0  # feed_interval_minutes = 1
TIMEOUT = 5.0


@dataclass
class FeedState:
    """What the test server answers; tests change it between polls."""

    body: bytes = json.dumps(FEED).encode()
    etag: str = '"v1"'
    status: int = 200
    asked_with: list[str | None] = field(default_factory=list)  # each request's If-None-Match


@pytest.fixture
def feed() -> Iterator[tuple[str, FeedState]]:
    """A feed at http://127.0.0.1:PORT/feed.json with ETag support, shut down afterwards."""
    state = FeedState()

    class Handler(QuietHandler):
        def do_GET(self) -> None:
            state.asked_with.append(self.headers.get("If-None-Match"))
            if state.status != 200:
                self.send_error(state.status)
                return
            fresh = self.headers.get("If-None-Match") == state.etag
            self.send_response(304 if fresh else 200)
            self.send_header("ETag", state.etag)
            self.send_header("Content-Length", "0" if fresh else str(len(state.body)))
            self.end_headers()
            if not fresh:
                self.wfile.write(state.body)

    with loopback_server(Handler) as url:
        yield f"{url}/feed.json", state


@pytest.fixture
def store(sample_path: Path, feed: tuple[str, FeedState]) -> Store:
    """The sample listings, set to follow the test feed every minute."""
    store = Store(sample_path)
    settings = store.load().settings
    store.save_settings(replace(settings, feed_url=feed[0], feed_interval_minutes=1,
                                feed_allow_private=True))
    return store


def set_feed(state: FeedState, records: list[dict[str, Any]], etag: str) -> None:
    state.body, state.etag = json.dumps(records).encode(), etag


def ids(store: Store) -> set[str]:
    return {m.id for m in store.load().meetings}


def follow(store: Store) -> tuple[FeedFollower, set[str]]:
    """A follower that has done its first import; the ids the sample had before it."""
    before = ids(store)
    follower = FeedFollower(timeout=TIMEOUT)
    assert follower.poll(store, 0.0).status == "imported"
    return follower, before


FEED_IDS = {"smart-tuesday-evening", "smart-saturday-online", "smart-family-friends-thursday",
            "refuge-morning-sit", "refuge-evening", "grasp-wednesday", "1042",
            "refuge-thursday-noon"}


def test_first_poll_imports_and_marks_the_feed_meetings(
    store: Store, feed: tuple[str, FeedState]
) -> None:
    url, _ = feed
    before = ids(store)
    result = FeedFollower(timeout=TIMEOUT).poll(store, 0.0)
    assert (result.status, result.changed, result.needs_attention) == ("imported", True, False)
    assert result.message == "Feed from 127.0.0.1: 8 added."
    assert result.next_poll_in == INTERVAL
    listings = store.load()
    assert ids(store) == before | FEED_IDS
    assert {m.id for m in listings.meetings if m.extra.get(FEED_SOURCE) == url} == FEED_IDS
    assert not any(FEED_SOURCE in m.extra for m in listings.meetings if m.id in before)


def test_an_unchanged_feed_answers_304_and_nothing_is_written(
    store: Store, feed: tuple[str, FeedState]
) -> None:
    _, state = feed
    follower, _ = follow(store)
    written = store.path.read_bytes(), store.stamp()
    assert follower.poll(store, INTERVAL - 1).status == "waiting"  # not due: no request
    assert len(state.asked_with) == 1
    result = follower.poll(store, INTERVAL)
    assert result.status == "not_modified" and not result.changed
    assert state.asked_with == [None, '"v1"']
    assert (store.path.read_bytes(), store.stamp()) == written


def test_a_changed_feed_updates_and_removes_only_its_own_meetings(
    store: Store, feed: tuple[str, FeedState]
) -> None:
    _, state = feed
    follower, local = follow(store)
    records = [dict(r) for r in FEED if r["slug"] != "grasp-wednesday"]
    records[0]["time"] = "18:45"
    set_feed(state, records, '"v2"')
    result = follower.poll(store, INTERVAL)
    assert result.status == "imported"
    assert result.message == "Feed from 127.0.0.1: 1 changed, 1 removed."
    assert ids(store) == local | FEED_IDS - {"grasp-wednesday"}
    assert store.load().meeting("smart-tuesday-evening").time == "18:45"  # type: ignore[union-attr]


def test_server_errors_back_off_and_a_good_poll_resets(
    store: Store, feed: tuple[str, FeedState]
) -> None:
    _, state = feed
    follower = FeedFollower(timeout=TIMEOUT, max_wait_seconds=4 * INTERVAL)
    state.status = 500
    written = store.path.read_bytes()
    now, waits = 0.0, []
    for _ in range(4):
        result = follower.poll(store, now)
        assert result.failed and result.needs_attention
        assert "500" in result.message and "The listings stay as they were" in result.message
        assert follower.poll(store, now + result.next_poll_in - 1).status == "waiting"
        waits.append(result.next_poll_in)
        now += result.next_poll_in
    assert waits == [2 * INTERVAL, 4 * INTERVAL, 4 * INTERVAL, 4 * INTERVAL]  # doubled, capped
    assert len(state.asked_with) == 4  # nothing was fetched while waiting
    assert store.path.read_bytes() == written
    state.status = 200
    result = follower.poll(store, now)
    assert result.status == "imported" and result.next_poll_in == INTERVAL


def test_a_server_that_does_not_speak_http_fails_the_poll(sample_path: Path) -> None:
    listener = socket.create_server(("127.0.0.1", 0))

    def answer_garbage() -> None:
        connection, _ = listener.accept()
        with connection:
            connection.recv(4096)
            connection.sendall(b"HELLO THERE\r\n\r\n")

    thread = threading.Thread(target=answer_garbage, daemon=True)
    thread.start()
    store = Store(sample_path)
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/feed.json"
    store.save_settings(replace(store.load().settings, feed_url=url, feed_allow_private=True))
    written = store.path.read_bytes()
    try:
        result = FeedFollower(timeout=TIMEOUT).poll(store, 0.0)
    finally:
        thread.join(timeout=5)
        listener.close()
    assert result.failed and "the answer is not HTTP" in result.message
    assert store.path.read_bytes() == written


def test_invalid_json_keeps_the_listings_and_is_fetched_again(
    store: Store, feed: tuple[str, FeedState]
) -> None:
    _, state = feed
    follower, _ = follow(store)
    written = store.path.read_bytes()
    state.body, state.etag = b'[{"name": "cut off', '"v2"'
    result = follower.poll(store, INTERVAL)
    assert result.failed and "not valid JSON at line 1" in result.message
    assert store.path.read_bytes() == written
    set_feed(state, FEED[:1], '"v2"')  # fixed under the same ETag: a 304 would hide it
    result = follower.poll(store, INTERVAL + result.next_poll_in)
    assert state.asked_with[-1] == '"v1"'
    assert result.status == "imported" and len(result.plan.removed) == 7  # type: ignore[union-attr]


@pytest.mark.parametrize("records", [[], [{"name": "Bad", "slug": "bad", "day": 9,
                                           "time": "19:00"}]])
def test_a_feed_without_a_usable_meeting_removes_nothing(
    store: Store, feed: tuple[str, FeedState], records: list[dict[str, Any]]
) -> None:
    _, state = feed
    follower, _ = follow(store)
    written = store.path.read_bytes()
    set_feed(state, records, '"v2"')
    result = follower.poll(store, INTERVAL)
    assert result.failed and "lists no meeting the kiosk can show" in result.message
    assert store.path.read_bytes() == written


def test_a_skipped_record_is_named_and_removes_nothing(
    store: Store, feed: tuple[str, FeedState]
) -> None:
    _, state = feed
    follower, _ = follow(store)
    set_feed(state, [*FEED[:2], {"name": "Bad", "slug": "bad-day", "day": 9, "time": "19:00"}],
             '"v2"')
    result = follower.poll(store, INTERVAL)
    assert result.status == "imported" and result.needs_attention and not result.changed
    assert "meeting bad-day: day: 9 is not a weekday" in result.message
    assert ids(store) >= FEED_IDS


def test_a_meeting_with_a_feed_id_becomes_the_feeds_and_keeps_its_room(store: Store) -> None:
    store.add(Meeting(id="smart-tuesday-evening", name="Staff copy", program="smart-recovery",
                      day=2, time="18:30", room="Room 4"))
    follow(store)
    meeting = store.load().meeting("smart-tuesday-evening")
    assert meeting is not None and FEED_SOURCE in meeting.extra
    assert (meeting.name, meeting.room) == ("SMART Recovery Tuesday Evening", "Room 4")


def test_without_a_feed_url_nothing_is_fetched(
    sample_path: Path, feed: tuple[str, FeedState]
) -> None:
    result = FeedFollower(timeout=TIMEOUT).poll(Store(sample_path), 0.0)
    assert (result.status, result.message) == ("off", "")
    assert feed[1].asked_with == []


def test_local_edits_of_a_feed_meeting_are_refused_where_they_would_be_undone(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    follow(store)
    written = store.path.read_bytes()
    with pytest.raises(ValidationError, match=r"comes from 127\.0\.0\.1's feed; edit it there"):
        store.update(Meeting, "smart-tuesday-evening", lambda m: replace(m, name="Renamed"))
    with pytest.raises(ValidationError, match="remove it there"):
        store.remove(Meeting, "smart-tuesday-evening")
    db = ["--db", str(store.path)]
    assert main([*db, "meetings", "edit", "smart-tuesday-evening", "--time", "19:00"]) == 1
    assert "edit it there" in capsys.readouterr().err
    assert store.path.read_bytes() == written
    # what the feed does not carry can still change, and the kiosk's own meetings as ever
    assert main([*db, "meetings", "cancel", "smart-tuesday-evening", "2026-11-24"]) == 0
    assert main([*db, "meetings", "edit", "smart-tuesday-evening", "--room", "Room 2"]) == 0
    assert main([*db, "meetings", "edit", "smart-tue-evening", "--time", "18:15"]) == 0
    kept = store.load().meeting("smart-tuesday-evening")
    assert kept is not None and (kept.cancelled, kept.room) == (("2026-11-24",), "Room 2")


def test_a_cancelled_date_survives_the_next_poll(
    store: Store, feed: tuple[str, FeedState]
) -> None:
    _, state = feed
    follower, _ = follow(store)
    store.update(Meeting, "smart-tuesday-evening",
                 lambda m: replace(m, cancelled=("2026-11-24",)))  # type: ignore[arg-type]
    records = [dict(r) for r in FEED]
    records[0]["notes"] = "New notes"
    set_feed(state, records, '"v2"')
    assert follower.poll(store, INTERVAL).status == "imported"
    meeting = store.load().meeting("smart-tuesday-evening")
    assert meeting is not None and (meeting.notes, meeting.cancelled) == ("New notes",
                                                                          ("2026-11-24",))


def test_meetings_of_a_feed_no_longer_followed_are_editable(store: Store) -> None:
    follow(store)
    store.save_settings(replace(store.load().settings, feed_url=None))
    after = store.update(Meeting, "smart-tuesday-evening", lambda m: replace(m, name="Renamed"))
    assert after.meeting("smart-tuesday-evening").name == "Renamed"  # type: ignore[union-attr]


@pytest.mark.parametrize(("settings", "field"), [
    ({"feed_url": "ftp://example.org/feed.json"}, "feed_url"),
    ({"feed_interval_minutes": 0}, "feed_interval_minutes"),
])
def test_feed_settings_are_checked(settings: dict[str, Any], field: str) -> None:
    listings = validate_docs({"settings": [settings]})
    assert [(p.record, p.field) for p in listings.errors] == [("settings", field)]
    assert (listings.settings.feed_url, listings.settings.feed_interval_minutes) == (None, 15)
