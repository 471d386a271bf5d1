"""The follower never raises, whatever a server answers (issue 16, point 1): hypothesis drives
the status line, the headers and the body of a loopback server's raw answer."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kiosk.interop.follow import INTERNAL_ERROR, FeedFollower
from kiosk.store import Store

FEED = (Path(__file__).parent / "data" / "interop" / "feed.json").read_bytes()


class RawServer:
    """Answers each connection with `answer`, raw bytes, then closes it."""

    def __init__(self) -> None:
        self.answer = b""
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.listener.getsockname()[1]}/feed.json"

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            with connection:
                connection.settimeout(2)
                try:
                    connection.recv(65536)
                    connection.sendall(self.answer)
                except OSError:
                    pass


@pytest.fixture(scope="module")
def server() -> Iterator[RawServer]:
    raw = RawServer()
    yield raw
    raw.listener.close()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, server: RawServer) -> Store:
    sample = Path(__file__).parents[1] / "data" / "kiosk.json"
    path = tmp_path_factory.mktemp("fuzz") / "kiosk.json"
    path.write_bytes(sample.read_bytes())
    store = Store(path)
    store.save_settings(replace(store.load().settings, feed_url=server.url,
                                feed_allow_private=True))
    return store


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner,
                                                                  max_size=4),
    max_leaves=20,
)
records = st.lists(st.dictionaries(
    st.sampled_from(["name", "slug", "day", "time", "end_time", "types", "location",
                     "formatted_address", "conference_url", "group", "updated", "notes"]),
    json_values, max_size=8), max_size=5)
bodies = st.one_of(
    st.binary(max_size=300),
    records.map(lambda r: json.dumps(r).encode()),
    st.just(FEED),
    st.integers(1, 3000).map(lambda depth: b"[" * depth + b"]" * depth),
)
header_text = st.text(st.characters(min_codepoint=1, max_codepoint=0x2FF), max_size=30)
headers = st.lists(st.tuples(
    st.sampled_from(["ETag", "Last-Modified", "Content-Length", "Location", "Content-Type",
                     "Transfer-Encoding", "X-Other"]) | header_text,
    header_text,
), max_size=4)
statuses = st.sampled_from([200, 200, 304, 301, 302, 404, 500, 503]) | st.integers(0, 1000)


def raw_answer(status: int, header_list: list[tuple[str, str]], body: bytes) -> bytes:
    lines = [f"HTTP/1.1 {status} Whatever"] + [f"{name}: {value}" for name, value in header_list]
    head = "\r\n".join(lines).encode("utf-8", "surrogateescape") + b"\r\n\r\n"
    return head + body


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(status=statuses, header_list=headers, body=bodies, with_length=st.booleans())
@example(status=200, header_list=[], body=b"[" * 100_000 + b"]" * 100_000, with_length=True)
@example(status=200, header_list=[], body=b'[{"slug": "x", "day": [[[[[]]]]]}]', with_length=True)
@example(status=200, header_list=[("Content-Length", "-1")], body=FEED, with_length=False)
@example(status=302, header_list=[("Location", "http://[::1")], body=b"", with_length=True)
def test_the_follower_never_raises(server: RawServer, store: Store, status: int,
                                   header_list: list[tuple[str, str]], body: bytes,
                                   with_length: bool) -> None:
    if with_length:
        header_list = [*header_list, ("Content-Length", str(len(body)))]
    server.answer = raw_answer(status, header_list, body)
    result = FeedFollower(timeout=3).poll(store, 0.0)  # must not raise
    assert result.status in ("imported", "not_modified", "failed")
    assert INTERNAL_ERROR not in result.message
