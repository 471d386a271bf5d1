"""How the command line and the editor name meetings and their dates for staff, as plain text.

Shared by both command layers (`kiosk.cli`, `kiosk.admin`), which never import each other's
code for it: text from the data file made safe for one terminal line, a meeting as staff
recognise it, and Meeting Guide's `updated` stamp.
"""

from __future__ import annotations

import re
from datetime import date

from kiosk.formatting import weekday_list, weekday_name
from kiosk.model import Gathering, Meeting, weekday_of

UNPRINTABLE_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
UPDATED_FORMAT = "%Y-%m-%d %H:%M:%S"  # Meeting Guide's `updated`, in UTC


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
    """The end as "HH:MM", from end_time or the duration (wrapping past midnight)."""
    if meeting.end_time:
        return meeting.end_time
    start = meeting.start_time
    minutes = (start.hour * 60 + start.minute + meeting.duration_minutes) % (24 * 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def describe(meeting: Meeting) -> str:
    """ "SMART Recovery Tuesday, Tuesday 18:00–19:30": what staff recognise a meeting by."""
    return f"{meeting.name}, {weekday_list(meeting.days)} {meeting.time}–{end_hhmm(meeting)}"


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
    if weekday_of(day) in meeting.days:
        return (f"{day.isoformat()} is outside the dates this meeting runs "
                f"({meeting.start_date or 'no start'} to {meeting.end_date or 'no end'})")
    return (f"{day.isoformat()} is a {weekday_name(day)}; "
            f"this meeting meets on {weekday_list(meeting.days)}")
