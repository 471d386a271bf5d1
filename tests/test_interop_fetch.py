"""Fetching a feed: conditional requests answer "not modified", failures say why."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from typing import Any

import pytest

from kiosk.interop import fetch
from kiosk.interop.fetch import FetchError, fetch_feed
from kiosk.interop.importing import ImportFileError
from tests.http_helpers import QuietHandler, loopback_server

BODY = b'[{"name": "M", "slug": "m", "day": 1, "time": "19:00"}]'
ETAG = '"v1"'
LAST_MODIFIED = "Tue, 15 Sep 2026 10:00:00 GMT"


class FeedHandler(QuietHandler):
    """Serves BODY at /feed.json with validators, 304 when the client already has it."""

    def do_GET(self) -> None:
        if self.path != "/feed.json":
            self.send_error(404)
            return
        fresh = (self.headers.get("If-None-Match") == ETAG
                 or self.headers.get("If-Modified-Since") == LAST_MODIFIED)
        self.send_response(304 if fresh else 200)
        self.send_header("ETag", ETAG)
        self.send_header("Last-Modified", LAST_MODIFIED)
        self.send_header("Content-Length", "0" if fresh else str(len(BODY)))
        self.end_headers()
        if not fresh:
            self.wfile.write(BODY)


@pytest.fixture
def base_url() -> Iterator[str]:
    with loopback_server(FeedHandler) as url:
        yield url


def test_fetch_returns_the_body_and_its_validators(base_url: str) -> None:
    result = fetch_feed(f"{base_url}/feed.json", allow_private=True)
    assert (result.body, result.etag, result.last_modified) == (BODY, ETAG, LAST_MODIFIED)
    assert result.url == f"{base_url}/feed.json"
    assert not result.not_modified


@pytest.mark.parametrize("validators", [{"etag": ETAG}, {"last_modified": LAST_MODIFIED}])
def test_conditional_request_reports_not_modified(base_url: str,
                                                  validators: dict[str, str]) -> None:
    result = fetch_feed(f"{base_url}/feed.json", allow_private=True, **validators)
    assert result.not_modified
    assert (result.etag, result.last_modified) == (ETAG, LAST_MODIFIED)


def test_a_server_error_is_refused_with_the_status(base_url: str) -> None:
    with pytest.raises(ImportFileError, match="404"):
        fetch_feed(f"{base_url}/missing.json", allow_private=True)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/feed.json", ""])
def test_only_web_addresses_are_fetched(url: str) -> None:
    with pytest.raises(ImportFileError, match="web address"):
        fetch_feed(url)


def test_an_unreachable_server_is_refused_with_the_reason() -> None:
    with pytest.raises(ImportFileError, match="could not be fetched"):
        fetch_feed("http://127.0.0.1:9/feed.json", timeout=2, allow_private=True)


class DripHandler(QuietHandler):
    """Answers 200, then sends the body a byte every 50 ms, for ever (until cut off)."""

    def do_GET(self) -> None:
        self.send_response(200)
        self.end_headers()
        try:
            while True:
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(0.05)
        except OSError:
            pass


class SlowHeadersHandler(QuietHandler):
    """Sends header lines a byte every 50 ms: each read is quick, the whole never ends."""

    def do_GET(self) -> None:
        try:
            self.wfile.write(b"HTTP/1.1 200 OK\r\n")
            while True:
                self.wfile.write(b"X")
                self.wfile.flush()
                time.sleep(0.05)
        except OSError:
            pass


@pytest.mark.parametrize("handler", [DripHandler, SlowHeadersHandler])
def test_a_slow_drip_is_cut_off_at_the_one_deadline(handler: type[QuietHandler]) -> None:
    with loopback_server(handler) as url:
        started = time.monotonic()
        with pytest.raises(FetchError, match=r"within 1 s \(timeout\)"):
            fetch_feed(f"{url}/feed.json", timeout=1, allow_private=True)
        assert time.monotonic() - started < 4  # not for ever (a shared, busy machine)


class BigHandler(QuietHandler):
    """A body of 2 KiB, with its length announced or not (chunked, unknown length)."""

    def do_GET(self) -> None:
        self.send_response(200)
        if self.path == "/announced":
            self.send_header("Content-Length", "2048")
            self.end_headers()
            self.wfile.write(b"x" * 2048)
        else:
            self.send_header("Connection", "close")
            self.end_headers()
            for _ in range(32):
                self.wfile.write(b"x" * 64)


@pytest.mark.parametrize("path", ["/announced", "/unknown"])
def test_a_body_above_the_cap_is_refused(path: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fetch, "MAX_FEED_BYTES", 1024)
    with loopback_server(BigHandler) as url, pytest.raises(FetchError, match="larger than"):
        fetch_feed(f"{url}{path}", allow_private=True)


def redirecting_to(location: str) -> type[QuietHandler]:
    class Redirect(QuietHandler):
        def do_GET(self) -> None:
            self.send_response(302)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

    return Redirect


@pytest.mark.parametrize("location", [
    "http://169.254.169.254/latest/meta-data/", "https://other.example/feed.json",
    "ftp://127.0.0.1/feed.json", "/elsewhere.json",  # same host, but not https
])
def test_a_redirect_is_followed_only_to_https_on_the_same_host(
    location: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with loopback_server(redirecting_to(location)) as url:
        seen = forbid_connections(monkeypatch, but_to=url)  # the target is never contacted
        with pytest.raises(FetchError, match="only https on the same host is followed"):
            fetch_feed(f"{url}/feed.json", allow_private=True)
    assert len(seen) == 1


def test_a_redirect_to_https_on_the_same_host_is_where_the_feed_is_read() -> None:
    current = "http://feed.example.org/feed.json?x=1"
    assert fetch._redirect_target(current, "https://feed.example.org/v2.json") == (
        "https://feed.example.org/v2.json")
    with pytest.raises(FetchError, match="same host"):
        fetch._redirect_target(current, "https://feed.example.org.evil.example/")


def forbid_connections(monkeypatch: pytest.MonkeyPatch, but_to: str = "") -> list[object]:
    """Fail the test on a connection to anywhere but the test server `but_to`; returns the
    addresses connected to."""
    connect, seen = socket.create_connection, []

    def only_to_the_test_server(address: tuple[str, int], *args: Any, **kwargs: Any) -> Any:
        seen.append(address)
        if not but_to or f"{address[0]}:{address[1]}" != but_to.removeprefix("http://"):
            raise AssertionError(f"a connection was attempted to {address}")
        return connect(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", only_to_the_test_server)
    return seen


def resolver(*addresses: str) -> fetch.Resolver:
    """A stub `getaddrinfo`: the name resolves to `addresses`, and nothing is looked up."""
    def resolve(host: str, port: int, **kwargs: object) -> list[tuple[object, ...]]:
        return [(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "",
                 (a, port)) for a in addresses]

    return resolve


@pytest.mark.parametrize("addresses", [
    ("127.0.0.1",), ("10.0.0.5",), ("192.168.1.20",), ("172.16.0.1",), ("169.254.169.254",),
    ("100.64.0.1",), ("0.0.0.0",), ("::1",), ("fe80::1",), ("fd00::1",),
    ("::ffff:127.0.0.1",), ("93.184.215.14", "10.0.0.5"),  # one private answer is enough
])
def test_a_private_address_is_refused_before_any_connection(
    addresses: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    forbid_connections(monkeypatch)
    with pytest.raises(FetchError, match=r"private, loopback or link-local address \(to "
                                         "allow it: --allow-private"):
        fetch_feed("https://feed.example.org/feed.json", resolve=resolver(*addresses))


def test_a_name_that_is_not_found_says_dns(monkeypatch: pytest.MonkeyPatch) -> None:
    def not_found(host: str, port: int, **kwargs: object) -> list[tuple[object, ...]]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    forbid_connections(monkeypatch)
    with pytest.raises(FetchError, match=r"DNS failure: the server's name 'nowhere.example'"):
        fetch_feed("https://nowhere.example/feed.json", resolve=not_found)


def test_loopback_is_refused_unless_allowed(base_url: str) -> None:
    with pytest.raises(FetchError, match=r"is at 127\.0\.0\.1"):
        fetch_feed(f"{base_url}/feed.json")
