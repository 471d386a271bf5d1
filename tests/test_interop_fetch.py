"""Fetching a feed: conditional requests answer "not modified", failures say why."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kiosk.interop.fetch import fetch_feed
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
    result = fetch_feed(f"{base_url}/feed.json")
    assert (result.body, result.etag, result.last_modified) == (BODY, ETAG, LAST_MODIFIED)
    assert not result.not_modified


@pytest.mark.parametrize("validators", [{"etag": ETAG}, {"last_modified": LAST_MODIFIED}])
def test_conditional_request_reports_not_modified(base_url: str,
                                                  validators: dict[str, str]) -> None:
    result = fetch_feed(f"{base_url}/feed.json", **validators)
    assert result.not_modified
    assert (result.etag, result.last_modified) == (ETAG, LAST_MODIFIED)


def test_a_server_error_is_refused_with_the_status(base_url: str) -> None:
    with pytest.raises(ImportFileError, match="404"):
        fetch_feed(f"{base_url}/missing.json")


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/feed.json", ""])
def test_only_web_addresses_are_fetched(url: str) -> None:
    with pytest.raises(ImportFileError, match="web address"):
        fetch_feed(url)


def test_an_unreachable_server_is_refused_with_the_reason() -> None:
    with pytest.raises(ImportFileError, match="could not be fetched"):
        fetch_feed("http://127.0.0.1:9/feed.json", timeout=2)
