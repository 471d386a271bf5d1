"""What staff type, tidied alike by the command line and the editor before it is checked.

Surrounding whitespace is dropped, and a field left blank is left out, as the file leaves out
empty optional fields. Times may be typed as people say them ("7pm", "7:30 PM", "7:00") and
are stored in the file's strict "HH:MM"; text that is no time is passed on trimmed, so the
field's check in `kiosk.validate` names the mistake. The file format itself stays strict:
`kiosk check` refuses anything but "HH:MM" in the file.
"""

from __future__ import annotations

import re

TIME_FIELDS = frozenset({"time", "end_time", "quiet_hours_start", "quiet_hours_end"})
CLOCK_RE = re.compile(r"(\d{1,2}):(\d{2})")
AM_PM_RE = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?\s*m\.?", re.IGNORECASE)


def staff_time(text: str) -> str:
    """ "7pm", "7:30 PM", "7:00" or "19:30" as "HH:MM"; anything else trimmed, as it was."""
    value = text.strip()
    if match := CLOCK_RE.fullmatch(value):
        hour, minute = int(match[1]), int(match[2])
        if hour <= 23 and minute <= 59:
            return f"{hour:02d}:{minute:02d}"
    elif match := AM_PM_RE.fullmatch(value):
        hour, minute = int(match[1]), int(match[2] or 0)
        if 1 <= hour <= 12 and minute <= 59:
            hour = hour % 12 + (12 if match[3].lower() == "p" else 0)
            return f"{hour:02d}:{minute:02d}"
    return value


def tidy(name: str, text: str) -> str:
    """One typed field's text: trimmed, and a time as "HH:MM" (blank stays "": the caller
    knows whether the field may be left out)."""
    return staff_time(text) if name in TIME_FIELDS else text.strip()
