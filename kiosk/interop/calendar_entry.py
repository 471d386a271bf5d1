"""One occurrence as a small VEVENT, for the meeting detail's "Add to calendar" QR code.

Only what a phone needs, kept short so the code stays easy to scan: the name, start and end in
UTC, and where to go (the place, or the link or phone for an online meeting; a hybrid meeting
adds its link as DESCRIPTION, which phone readers keep: ZXing's, for one, drops URL). No
VCALENDAR around it: readers look for BEGIN:VEVENT, and the wrapper would cost a version. Long
lines are not folded (RFC 5545 only says they SHOULD be): it saves three bytes a fold and suits
readers that do not unfold.

Written out here rather than with icalendar (which `kiosk.interop.ics` uses for the full
export): six lines of RFC 5545 text need its TEXT escaping and UTC times only, and importing
icalendar cost a running kiosk 3-5 MiB and its first detail 30 ms. Tests parse what this makes
with icalendar.
"""

from __future__ import annotations

from datetime import UTC

from kiosk.model import Gathering
from kiosk.schedule import Occurrence

UTC_FORMAT = "%Y%m%dT%H%M%SZ"


def meeting_vevent(gathering: Gathering, occurrence: Occurrence) -> str:
    """The VEVENT text of `occurrence` of `gathering`, lines ending CRLF."""
    lines = [
        "BEGIN:VEVENT",
        f"SUMMARY:{escape_text(gathering.name)}",
        f"DTSTART:{occurrence.start.astimezone(UTC).strftime(UTC_FORMAT)}",
        f"DTEND:{occurrence.end.astimezone(UTC).strftime(UTC_FORMAT)}",
    ]
    where = place_or_link(gathering)
    if where:
        lines.append(f"LOCATION:{escape_text(where)}")
    if gathering.attendance_option == "hybrid" and gathering.conference_url:
        lines.append(f"DESCRIPTION:{escape_text(gathering.conference_url)}")
    lines.append("END:VEVENT")
    return "".join(f"{line}\r\n" for line in lines)


def escape_text(text: str) -> str:
    """A TEXT value as RFC 5545 (3.3.11) writes it: backslash, semicolon and comma escaped,
    each line break (CR LF, LF or CR) as ``\\n``."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def place_or_link(gathering: Gathering) -> str:
    """The place for whoever attends in person, else the link (or phone) to join online."""
    if gathering.is_in_person:
        parts = (gathering.location, gathering.room, gathering.address)
        return ", ".join(p for p in parts if p)
    return gathering.conference_url or gathering.conference_phone or ""

