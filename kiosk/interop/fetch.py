"""Fetching a feed over HTTP(S), only when staff ask for it (or a worker they set up does).

Conditional requests (``ETag`` / ``Last-Modified``) let a feed-following worker ask "anything
new?" cheaply: an unchanged feed answers 304 and `FetchResult.not_modified` is true. Uses the
standard library only, so the kiosk needs no HTTP client dependency.

What comes from outside is bounded (see "Fetching" in docs/import-export.md):

* One deadline for the whole fetch (`timeout` seconds from the start: name lookup, connection,
  headers, body); a server sending a byte at a time is cut off at it by a watchdog that shuts
  the socket, not only by per-read timeouts. The body is read in chunks, at most
  `MAX_FEED_BYTES`.
* Redirects are followed only to ``https`` on the same host (at most `MAX_REDIRECTS`); the
  address finally read is `FetchResult.url`.
* The host's addresses are looked up first, and private, loopback, link-local and other
  non-public addresses are refused before any connection, unless staff allow them
  (``allow_private``: ``kiosk import --allow-private``, the ``feed_allow_private`` setting).
  The connection then goes to the very address checked, so a second lookup cannot differ.

Every refusal is a `FetchError` whose message names the reason once (the caller names the
address); all of them are written in this module.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from kiosk.interop.importing import ImportFileError
from kiosk.validate import check_url

MAX_FEED_BYTES = 20 * 1024 * 1024  # a large intergroup feed is a few megabytes
MAX_REDIRECTS = 5
CHUNK_BYTES = 64 * 1024
USER_AGENT = "peer-support-kiosk (meeting listings import)"
ALLOW_PRIVATE_HINT = "--allow-private, or the setting feed_allow_private"

Resolver = Callable[..., Sequence[tuple[Any, ...]]]
"""`socket.getaddrinfo`'s shape; tests pass a stub so a refusal needs no network."""


class FetchError(ImportFileError):
    """Nothing usable came back; the message says why, once, without the address."""


@dataclass(frozen=True)
class FetchResult:
    """The feed's bytes (None when not modified), the validators for the next request, and
    the address the bytes came from (after redirects)."""

    body: bytes | None
    etag: str | None = None
    last_modified: str | None = None
    url: str = ""

    @property
    def not_modified(self) -> bool:
        return self.body is None


def fetch_feed(
    url: str,
    timeout: float = 10,
    etag: str | None = None,
    last_modified: str | None = None,
    *,
    allow_private: bool = False,
    resolve: Resolver | None = None,
) -> FetchResult:
    """GET an http(s) URL within `timeout` seconds in all; raises `FetchError` saying why
    when nothing usable came back."""
    message = check_url(url)
    if message or not url:
        raise FetchError(message or "needs a web address starting with https://")
    deadline = time.monotonic() + timeout
    resolve = resolve or socket.getaddrinfo  # looked up now, so a test can stub the resolver
    headers = {"User-Agent": USER_AGENT, "Accept": "application/json, text/csv, */*"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    current = url.strip()
    for _ in range(MAX_REDIRECTS + 1):
        status, reason, answer, body = _get(current, headers, deadline, timeout,
                                            allow_private, resolve)
        if status in (301, 302, 303, 307, 308):
            current = _redirect_target(current, answer.get("Location"))
            continue
        if status == 304:
            return FetchResult(None, answer.get("ETag") or etag,
                               answer.get("Last-Modified") or last_modified, current)
        if status != 200:
            raise FetchError(f"the server answered {status} {reason}".rstrip())
        return FetchResult(body, answer.get("ETag"), answer.get("Last-Modified"), current)
    raise FetchError(f"more than {MAX_REDIRECTS} redirects")


def _redirect_target(current: str, location: str | None) -> str:
    """Where a redirect leads, if it may be followed: https, on the same host."""
    if not location:
        raise FetchError("redirected without a Location")
    target = location.strip()
    try:
        target = urljoin(current, target)
        parts = urlsplit(target)
        follow = parts.scheme == "https" and parts.hostname == urlsplit(current).hostname
    except ValueError:  # a malformed host such as "http://[::1"
        follow = False
    if not follow or check_url(target):
        raise FetchError(f"redirected to {target[:200]!r}: only https on the same host "
                         "is followed")
    return target


def _get(
    url: str, headers: dict[str, str], deadline: float, timeout: float,
    allow_private: bool, resolve: Resolver,
) -> tuple[int, str, http.client.HTTPMessage, bytes]:
    """One request: status, reason, headers and body (the body only for a 200)."""
    parts = urlsplit(url)
    try:
        host, port = parts.hostname or "", parts.port
    except ValueError:
        raise FetchError("the port is not a number from 0 to 65535") from None
    https = parts.scheme == "https"
    address = _checked_address(host, port or (443 if https else 80), allow_private, resolve)
    remaining = _remaining(deadline, timeout)
    connection_type = http.client.HTTPSConnection if https else http.client.HTTPConnection
    connection = connection_type(host, port, timeout=remaining)
    opened: list[socket.socket] = []  # the socket, which the response keeps after `connection`

    def connect(_address: object, connect_timeout: float, source: Any) -> socket.socket:
        opened.append(socket.create_connection(address, connect_timeout, source))
        return opened[0]

    # `_create_connection` is http.client's own hook (not documented): the connection goes to
    # the address checked above, while TLS still checks the certificate against `host`.
    connection._create_connection = connect  # type: ignore[attr-defined]
    watchdog = threading.Timer(remaining, _cut, (opened,))
    watchdog.daemon = True
    watchdog.start()
    try:
        path = parts.path or "/"
        connection.request("GET", f"{path}?{parts.query}" if parts.query else path,
                           headers=headers)
        response = connection.getresponse()
        body = b""
        if response.status == 200:
            body = _read_capped(response, opened, deadline, timeout)
        return response.status, response.reason, response.headers, body
    except FetchError:
        raise
    except (OSError, http.client.HTTPException) as exc:
        if time.monotonic() >= deadline or isinstance(exc, TimeoutError):
            raise FetchError(_timed_out(timeout)) from None
        if isinstance(exc, http.client.HTTPException) and not isinstance(
                exc, http.client.IncompleteRead | http.client.RemoteDisconnected):
            raise FetchError(f"could not be fetched: the answer is not HTTP "
                             f"({type(exc).__name__})") from None
        raise FetchError(f"could not be fetched: {_unreachable(exc)}") from None
    finally:
        watchdog.cancel()
        connection.close()
        for sock in opened:
            sock.close()


def _read_capped(response: http.client.HTTPResponse, opened: list[socket.socket],
                 deadline: float, timeout: float) -> bytes:
    """The body in chunks, each read given only the time left; at most `MAX_FEED_BYTES`."""
    length = response.getheader("Content-Length", "")
    if length.isdigit() and int(length) > MAX_FEED_BYTES:
        raise FetchError(_too_large())
    chunks: list[bytes] = []
    size = 0
    while True:
        left = _remaining(deadline, timeout)
        for sock in opened:
            sock.settimeout(left)
        chunk = response.read1(CHUNK_BYTES)
        if not chunk:
            _remaining(deadline, timeout)  # the watchdog's cut is a timeout, not the end
            return b"".join(chunks)
        size += len(chunk)
        if size > MAX_FEED_BYTES:
            raise FetchError(_too_large())
        chunks.append(chunk)


def _checked_address(host: str, port: int, allow_private: bool,
                     resolve: Resolver) -> tuple[str, int]:
    """The first address of `host`, refused if any of them is not public (unless allowed)."""
    try:
        found = resolve(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise FetchError(f"DNS failure: the server's name {host!r} was not found "
                         "(check the address and the network)") from None
    addresses = [info[4] for info in found if info[0] in (socket.AF_INET, socket.AF_INET6)]
    if not addresses:
        raise FetchError(f"the name {host!r} has no internet address (DNS)")
    if not allow_private:
        for sockaddr in addresses:
            ip = ipaddress.ip_address(str(sockaddr[0]).split("%")[0])
            if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
                ip = ip.ipv4_mapped
            if not ip.is_global or ip.is_multicast:
                raise FetchError(f"refused: {host} is at {ip}, a private, loopback or "
                                 f"link-local address (to allow it: {ALLOW_PRIVATE_HINT})")
    return str(addresses[0][0]), port


def _cut(opened: list[socket.socket]) -> None:
    """The watchdog: at the deadline, end a read the server keeps alive a byte at a time."""
    for sock in opened:
        with contextlib.suppress(OSError):  # already closed
            sock.shutdown(socket.SHUT_RDWR)


def _remaining(deadline: float, timeout: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchError(_timed_out(timeout))
    return left


def _timed_out(timeout: float) -> str:
    return f"could not be fetched: no complete answer within {timeout:g} s (timeout)"


def _too_large() -> str:
    return f"larger than {MAX_FEED_BYTES // (1024 * 1024)} MB"


def _unreachable(exc: BaseException) -> str:
    """Why no answer came, in words staff can act on."""
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused: nothing answers at that address and port"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return f"the server's certificate is not valid ({exc.verify_message})"
    return str(getattr(exc, "strerror", None) or exc) or type(exc).__name__
