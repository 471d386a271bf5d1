"""Fetching a feed over HTTP(S), only when staff ask for it (or a worker they set up does).

Conditional requests (``ETag`` / ``Last-Modified``) let a feed-following worker ask "anything
new?" cheaply: an unchanged feed answers 304 and `FetchResult.not_modified` is true. Uses the
standard library only, so the kiosk needs no HTTP client dependency.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import urllib.error
import urllib.request
from dataclasses import dataclass

from kiosk.interop.importing import ImportFileError
from kiosk.validate import check_url

MAX_FEED_BYTES = 20 * 1024 * 1024  # a large intergroup feed is a few megabytes
USER_AGENT = "peer-support-kiosk (meeting listings import)"


@dataclass(frozen=True)
class FetchResult:
    """The feed's bytes (None when not modified) and the validators for the next request."""

    body: bytes | None
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.body is None


def fetch_feed(
    url: str,
    timeout: float = 10,
    etag: str | None = None,
    last_modified: str | None = None,
) -> FetchResult:
    """GET an http(s) URL; raises `ImportFileError` saying why when nothing usable came back.

    The message does not repeat the URL: whoever reports it names the source once.
    """
    message = check_url(url)
    if message or not url:
        raise ImportFileError(message or "needs a web address starting with https://")
    headers = {"User-Agent": USER_AGENT, "Accept": "application/json, text/csv, */*"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    request = urllib.request.Request(url.strip(), headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read(MAX_FEED_BYTES + 1)
            validators = response.headers.get("ETag"), response.headers.get("Last-Modified")
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return FetchResult(None, exc.headers.get("ETag") or etag,
                               exc.headers.get("Last-Modified") or last_modified)
        raise ImportFileError(f"the server answered HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise ImportFileError(f"could not be fetched: {why_unreachable(exc, timeout)}") from None
    except http.client.HTTPException as exc:  # e.g. a port where something else listens
        raise ImportFileError("could not be fetched: the answer is not HTTP "
                              f"({type(exc).__name__})") from None
    if len(body) > MAX_FEED_BYTES:
        raise ImportFileError(f"larger than {MAX_FEED_BYTES // (1024 * 1024)} MB")
    return FetchResult(body, *validators)


def why_unreachable(exc: OSError, timeout: float) -> str:
    """Why no answer came, in words staff can act on (urllib wraps the socket's error)."""
    reason = getattr(exc, "reason", exc)
    if isinstance(reason, TimeoutError):
        return f"timed out: no answer within {timeout:g} seconds"
    if isinstance(reason, socket.gaierror):
        return "DNS failure: the server's name was not found (check the address and the network)"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused: nothing answers at that address and port"
    if isinstance(reason, ssl.SSLCertVerificationError):
        return f"the server's certificate is not valid ({reason.verify_message})"
    if isinstance(reason, OSError):
        return reason.strerror or str(reason) or type(reason).__name__
    return str(reason) or type(reason).__name__
