"""Fetching a feed over HTTP(S), only when staff ask for it (or a worker they set up does).

Conditional requests (``ETag`` / ``Last-Modified``) let a feed-following worker ask "anything
new?" cheaply: an unchanged feed answers 304 and `FetchResult.not_modified` is true. Uses the
standard library only, so the kiosk needs no HTTP client dependency.
"""

from __future__ import annotations

import http.client
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
    """GET an http(s) URL; raises `ImportFileError` saying why when nothing usable came back."""
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
        raise ImportFileError(f"{url}: the server answered {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ImportFileError(f"{url}: could not be fetched: {reason}") from None
    except http.client.HTTPException as exc:  # e.g. a port where something else listens
        raise ImportFileError(f"{url}: could not be fetched: the answer is not HTTP "
                              f"({type(exc).__name__})") from None
    if len(body) > MAX_FEED_BYTES:
        raise ImportFileError(f"{url}: larger than {MAX_FEED_BYTES // (1024 * 1024)} MB")
    return FetchResult(body, *validators)
