"""Following a Meeting Guide feed (``settings.feed_url``): the plain-Python half, without Textual.

A `FeedFollower` is asked to `poll` now and then (the kiosk app does it from a worker thread);
when a check is due it fetches the feed with the ``ETag``/``Last-Modified`` of the last good
import, so an unchanged feed costs one "304 Not Modified". A new version is imported through the
same steps as ``kiosk import`` (`plan_import`, then `commit_import` under the store's lock), with
two differences:

* Each of the feed's meetings is marked with the feed it came from
  (``extra["source"] = feed_url``); a meeting the feed no longer lists is removed, but only
  a marked one: meetings staff made on the kiosk are never removed by the feed. (A meeting in
  the file with the same id as one in the feed becomes the feed's.)
* Nothing is removed while a record is skipped, and a feed that lists no meeting at all is
  refused rather than emptying the kiosk (a misconfigured server often answers ``[]``).

Staff cannot change the marked meetings on the kiosk (`kiosk.store.feed_refusal`), except for
what the feed does not carry: room, start and end dates, cancelled dates.

A failed check (no connection, an error status, text that is not a feed, a change the store
refuses) leaves the listings as they were and returns a staff-readable message; each failure in
a row doubles the wait before the next check, up to `MAX_WAIT_SECONDS`, and a good check goes
back to ``feed_interval_minutes``. Times are `time.monotonic()` seconds passed in by the caller,
so tests need no clock. A follower keeps state between polls: use it from one thread at a time.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import partial
from typing import Literal
from urllib.parse import urlsplit

from kiosk.interop.importing import (
    FeedResult,
    ImportFileError,
    ImportPlan,
    commit_import,
    plan_import,
)
from kiosk.interop.meeting_guide import LOCAL_FIELDS, load_feed
from kiosk.logs import log
from kiosk.model import Listings, Settings
from kiosk.store import (
    FEED_SOURCE,
    DataFileError,
    Store,
    StoreBusy,
    ValidationError,
    followed_feed,
)
from kiosk.visible import visible

MAX_WAIT_SECONDS = 60 * 60
DEFAULT_TIMEOUT_SECONDS = 10.0
SKIPPED_SHOWN = 3  # skipped records named in a message; the rest are counted
INTERNAL_ERROR = "an internal error"

FollowStatus = Literal["off", "waiting", "not_modified", "imported", "failed"]


@dataclass(frozen=True)
class FollowResult:
    """What one `FeedFollower.poll` did.

    ``status``: ``off`` (no feed_url), ``waiting`` (not due; nothing was done), ``not_modified``,
    ``imported`` (the feed was read; ``plan`` says what changed, possibly nothing) or ``failed``
    (the listings are unchanged). ``message`` is for staff, with control characters shown as
    symbols; it is empty for ``off`` and ``waiting``.
    """

    status: FollowStatus
    message: str = ""
    plan: ImportPlan | None = None
    next_poll_in: float = 0.0  # seconds until a poll fetches again

    @property
    def failed(self) -> bool:
        return self.status == "failed"

    @property
    def needs_attention(self) -> bool:
        """Staff should see the message: the check failed, or some feed records were skipped."""
        return self.failed or bool(self.plan and self.plan.skipped)

    @property
    def changed(self) -> bool:
        """The listings file was written (the kiosk's file watch then shows the change)."""
        return self.plan is not None and self.plan.has_changes


class FeedFollower:
    """The state of following one feed: validators of the last good import, and the backoff."""

    def __init__(self, timeout: float = DEFAULT_TIMEOUT_SECONDS,
                 max_wait_seconds: float = MAX_WAIT_SECONDS,
                 minute_seconds: float = 60.0) -> None:
        """`minute_seconds`: how long a minute of ``feed_interval_minutes`` lasts (the
        kiosk's end-to-end tests shorten it; the settings' unit stays the minute)."""
        self.timeout = timeout
        self.max_wait_seconds = max_wait_seconds
        self.minute_seconds = minute_seconds
        self.url: str | None = None  # the feed followed, as of the last poll
        self.etag: str | None = None
        self.last_modified: str | None = None
        self.failures = 0  # in a row
        self.interval_seconds = Settings().feed_interval_minutes * minute_seconds
        self.next_poll_at: float | None = None  # monotonic seconds; None: due now

    def due(self, now_monotonic: float) -> bool:
        return self.next_poll_at is None or now_monotonic >= self.next_poll_at

    def poll(self, store: Store, now_monotonic: float) -> FollowResult:
        """Check the feed if a check is due, and import a new version; never raises.

        It runs unattended, so even a bug is a failed check (logged with its traceback), not
        the end of following.
        """
        if self.next_poll_at is not None and now_monotonic < self.next_poll_at:
            return FollowResult("waiting", next_poll_in=self.next_poll_at - now_monotonic)
        try:
            return self._check(store, now_monotonic)
        except RecursionError:  # json's own limit on nesting ("[[[[...")
            return self._failed(now_monotonic, "its JSON is nested too deeply")
        except Exception as error:
            log.exception("feed follower: internal error")
            return self._failed(now_monotonic, f"{INTERNAL_ERROR} ({type(error).__name__}); "
                                               "the kiosk's log has the details")

    def _check(self, store: Store, now_monotonic: float) -> FollowResult:
        """`poll` when a check is due: the errors it expects become a failed result."""
        try:
            listings = store.load()
        except DataFileError as error:
            return self._failed(now_monotonic, f"the listings file: {error.message}")
        self._follow(listings.settings)
        if self.url is None:
            return self._done(now_monotonic, FollowResult("off"))
        url = self.url
        from kiosk.interop.fetch import fetch_feed  # ssl and http.client: only once followed

        try:
            fetched = fetch_feed(url, self.timeout, self.etag, self.last_modified,
                                 allow_private=listings.settings.feed_allow_private)
            if fetched.body is None:
                return self._done(now_monotonic, FollowResult(
                    "not_modified", f"Feed from {self.host}: no change since the last check."))
            plan = plan_followed(listings, load_feed(fetched.body), url)
            plan = commit_import(store, plan)
        except ImportFileError as error:
            return self._failed(now_monotonic, str(error))
        except ValidationError as refused:
            return self._failed(now_monotonic,
                                f"the listings file refused it: {refused.problems[0]}")
        except DataFileError as error:
            return self._failed(now_monotonic, f"the listings file: {error.message}")
        except StoreBusy:
            return self._failed(now_monotonic,
                                "the listings file is being changed by someone else")
        except OSError as error:
            return self._failed(now_monotonic, f"the listings file: {error}")
        self.etag, self.last_modified = fetched.etag, fetched.last_modified
        return self._done(now_monotonic,
                          FollowResult("imported", describe(plan, self.host), plan))

    @property
    def host(self) -> str:
        """How messages name the feed: its web site."""
        return urlsplit(self.url or "").hostname or self.url or "the feed"

    def _follow(self, settings: Settings) -> None:
        """Take the feed and interval from the settings; a new feed starts afresh."""
        self.interval_seconds = settings.feed_interval_minutes * self.minute_seconds
        url = followed_feed(settings)
        if url != self.url:
            self.url, self.etag, self.last_modified, self.failures = url, None, None, 0

    def _done(self, now_monotonic: float, result: FollowResult) -> FollowResult:
        self.failures = 0
        self.next_poll_at = now_monotonic + self.interval_seconds
        return dataclasses.replace(result, next_poll_in=self.interval_seconds)

    def _failed(self, now_monotonic: float, reason: str) -> FollowResult:
        self.failures += 1
        cap = max(self.max_wait_seconds, self.interval_seconds)
        wait = min(self.interval_seconds * 2 ** self.failures, cap)
        self.next_poll_at = now_monotonic + wait
        message = (f"Feed from {self.host} not imported: {reason.rstrip('.')}. The listings "
                   f"stay as they were; next try in {round(wait / self.minute_seconds)} min.")
        return FollowResult("failed", visible(message), next_poll_in=wait)


def plan_followed(listings: Listings, feed: FeedResult, url: str) -> ImportPlan:
    """`plan_import` for a followed feed: its meetings marked, and only they removed when gone.

    Raises ImportFileError for a feed without a single meeting (see the module docstring).
    """
    if not feed.meetings:
        first = f" (first problem: {feed.problems[0]})" if feed.problems else ""
        raise ImportFileError(f"it lists no meeting the kiosk can show{first}")
    incoming = [dataclasses.replace(m, extra={**m.extra, FEED_SOURCE: url})
                for m in feed.meetings]
    plan = plan_import(listings, incoming, program_map={}, replace=False,
                       keep_fields=LOCAL_FIELDS, problems=feed.problems)
    plan = dataclasses.replace(plan, replan=partial(plan_followed, feed=feed, url=url))
    if plan.skipped:
        return plan  # a record that failed to import never deletes its meeting
    listed = {m.id for m in incoming}
    gone = {m.id for m in listings.meetings
            if m.extra.get(FEED_SOURCE) == url and m.id not in listed}
    return dataclasses.replace(
        plan,
        removed=tuple(m for m in listings.meetings if m.id in gone),
        listings=dataclasses.replace(
            plan.listings, meetings=tuple(m for m in plan.listings.meetings if m.id not in gone)
        ),
    )


def describe(plan: ImportPlan, host: str) -> str:
    """One line for staff: what the import changed, and the records it had to skip."""
    counts = [f"{len(records)} {verb}" for records, verb in (
        (plan.added, "added"), (plan.changed, "changed"), (plan.removed, "removed"),
    ) if records]
    text = f"Feed from {host}: {', '.join(counts) if counts else 'up to date'}."
    if plan.skipped:
        named = "; ".join(
            f"{s.record}: {s.problems[0].field or 'record'}: {s.problems[0].message}"
            for s in plan.skipped[:SKIPPED_SHOWN]
        )
        more = len(plan.skipped) - SKIPPED_SHOWN
        text += (f" {len(plan.skipped)} record(s) skipped ({named}"
                 f"{f'; and {more} more' if more > 0 else ''}); fix them in the feed. "
                 "Nothing is removed until then.")
    return visible(text)
