"""How the command line and the editor name meetings and their dates for staff, as plain text.

Shared by both command layers (`kiosk.cli`, `kiosk.admin`), which never import each other's
code for it: text from the data file made safe for one terminal line, a meeting as staff
recognise it, Meeting Guide's `updated` stamp, what each setting is for (`SETTINGS`: the
editor's Settings view translates them, `kiosk settings` prints them in English), and a failed
write in plain words (`cannot_write`).
"""

from __future__ import annotations

import errno
import re
from datetime import date
from pathlib import Path

from kiosk.formatting import weekday_list, weekday_name
from kiosk.i18n import N_
from kiosk.model import Gathering, Meeting, weekday_of

UNPRINTABLE_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
UPDATED_FORMAT = "%Y-%m-%d %H:%M:%S"  # Meeting Guide's `updated`, in UTC

SETTINGS: dict[str, tuple[str, str]] = {
    "org_name": (N_("Organisation"), N_("the name in the header")),
    "timezone": (N_("Time zone"), N_("e.g. America/Chicago: times are read and shown in it")),
    "footer_text": (N_("Footer text"), N_("a line at the foot of the loop, e.g. a crisis line")),
    "theme": (N_("Theme"), N_("kiosk or high-contrast")),
    "large_text": (N_("Large text"), N_("the large-text layout")),
    "language": (N_("Language"), N_("en, es, or alternate (both, taking turns)")),
    "dwell_seconds": (N_("Slide seconds"), N_("how long the loop shows each slide")),
    "idle_timeout_seconds": (N_("Idle seconds"),
                             N_("after this long untouched, browse goes back to the loop")),
    "starting_soon_minutes": (N_("Soon minutes"),
                              N_("a meeting this close to its start is Starting soon")),
    "quiet_hours_start": (N_("Quiet from"), N_("e.g. 22:00: the calm slide from then...")),
    "quiet_hours_end": (N_("Quiet until"), N_("...until then, e.g. 7:00 (both or neither)")),
    "burn_in_shift_minutes": (N_("Burn-in minutes"),
                              N_("move the picture a cell this often; 0 = never")),
    "feed_url": (N_("Feed to follow"), N_("a Meeting Guide feed's https:// address, or blank")),
    "feed_interval_minutes": (N_("Feed minutes"), N_("how often the feed is checked")),
    "staff_exit_key": (N_("Staff exit keys"), N_("keys typed in a row, e.g. f12 f12 f12")),
}
"""Every setting staff may change, in the order they are shown, with its label and what it is
for (the staff PIN is set apart, by `kiosk settings set-pin`)."""


def one_line(text: str) -> str:
    """Text from the data file made safe for a terminal line: control codes become symbols."""

    def symbol(match: re.Match[str]) -> str:
        code = ord(match.group())
        if code < 0x20:
            return chr(0x2400 + code)  # the Unicode "control picture" for it, e.g. ␛
        return "\u2421" if code == 0x7F else "\ufffd"

    return UNPRINTABLE_RE.sub(symbol, text)


def cell(text: str) -> str:
    """A table cell: whitespace (newlines included) collapsed, control codes as symbols."""
    return one_line(" ".join(text.split()))


def end_hhmm(meeting: Gathering) -> str:
    """The end as "HH:MM", from end_time or the duration (wrapping past midnight); "" for a
    meeting by appointment, which has no time."""
    if meeting.end_time or not meeting.time:
        return meeting.end_time or ""
    start = meeting.start_time
    minutes = (start.hour * 60 + start.minute + meeting.duration_minutes) % (24 * 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def times_text(meeting: Gathering, by_appointment: str = "by appointment") -> str:
    """ "18:00–19:30", or `by_appointment` (the editor's is translated) for a meeting without
    a day and time."""
    if isinstance(meeting, Meeting) and meeting.by_appointment:
        return by_appointment
    return f"{meeting.time}–{end_hhmm(meeting)}"


def describe(meeting: Meeting) -> str:
    """ "SMART Recovery Tuesday, Tuesday 18:00–19:30" (or "..., by appointment"): what staff
    recognise a meeting by."""
    if meeting.by_appointment:
        return f"{meeting.name}, {times_text(meeting)}"
    return f"{meeting.name}, {weekday_list(meeting.days)} {times_text(meeting)}"


def meeting_dates(meeting: Meeting) -> str:
    """The date limits and cancelled dates, in the file's own form."""
    parts = []
    if meeting.start_date or meeting.end_date:
        parts.append(f"{meeting.start_date or '…'} to {meeting.end_date or '…'}")
    if meeting.cancelled:
        parts.append("cancelled " + ", ".join(meeting.cancelled))
    return "; ".join(parts)


def not_meeting_reason(meeting: Meeting, day: date) -> str:
    """Why a date is not one of the meeting's, naming the weekdays and dates it meets."""
    if meeting.by_appointment:
        return "this meeting is by appointment: it has no day to cancel"
    if weekday_of(day) in meeting.days:
        return (f"{day.isoformat()} is outside the dates this meeting runs "
                f"({meeting.start_date or 'no start'} to {meeting.end_date or 'no end'})")
    return (f"{day.isoformat()} is a {weekday_name(day)}; "
            f"this meeting meets on {weekday_list(meeting.days)}")


WRITE_FAILURES: dict[int, tuple[str, str]] = {
    errno.EROFS: ("the file system is read-only",
                  "use a listings file on a writable disk (--db PATH)"),
    errno.EACCES: ("permission denied",
                   "run it as a user who may write to {folder} (such as the kiosk's own "
                   "user), or give that user write permission"),
    errno.ENOSPC: ("the disk is full", "free some space and try again"),
    errno.EDQUOT: ("the disk quota is used up", "free some space and try again"),
    errno.ENOENT: ("the folder does not exist", "check the path given with --db"),
}
WRITE_FAILURES[errno.EPERM] = WRITE_FAILURES[errno.EACCES]


def cannot_write(error: OSError, path: Path) -> str:
    """A failed write in plain words: which file, why, and what to do (no errno text).

    Every write goes through a lock file and a temporary file next to the listings file, so
    a failure leaves the listings file as it was, and staff are told so.
    """
    target = Path(error.filename) if error.filename else path
    if target.name == path.name + ".lock":
        what = f"cannot create the lock file {target}"
    elif target.parent == path.parent and target.name.startswith(f".{path.name}."):
        what = f"cannot write a new version of the listings file in {target.parent}"
    else:
        what = f"cannot write {target}"
    reason, advice = WRITE_FAILURES.get(
        error.errno or 0, (error.strerror or type(error).__name__, "")
    )
    folder = target.parent if target.parent != Path() else Path.cwd()
    told = f"{what}: {reason}. Nothing was changed in {path}."
    return f"{told} To fix it, {advice.format(folder=folder)}." if advice else told
