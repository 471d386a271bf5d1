"""Meeting Guide JSON feeds (code4recovery's spec) in and out, without losing fields.

A feed is a JSON array of meeting objects; only ``name`` and ``slug`` are required by the spec.
A meeting with neither ``day`` nor ``time`` is "by appointment" (as tsml-ui has it): kept, and
listed under that heading, never on a day; one with only one of them is not listed (a warning
says so; it does not count as skipped). Each record is checked with the kiosk's own rules
(`kiosk.validate`); a bad record is skipped with a problem naming it (slug, else position) and
the field, and the good ones are imported. A feed that is not a JSON array at all is refused
whole (`ImportFileError`).

How online and in-person are worked out, as tsml-ui does (the table is in docs/import-export.md):

* A place to go is an address that is not approximate: ``approximate`` as given, else an
  address of four or more comma-separated parts or one starting with a house number. A
  location's name alone ("Virtual Only") is none; ``TC`` (location temporarily closed) closes it.
* ``ONL`` in ``types`` (dropped from the spec in 2022, still sent by many feeds), a
  ``conference_url`` or a ``conference_phone`` make a meeting online; hybrid with a place too.
* Neither is inactive: kept, shown "Temporarily closed", when its location is ``TC``; else
  not imported. A record that names no place at all and has no way in online is in person
  (staff know where their meetings are).
* ``attendance_option`` (computed by the 12 Step Meeting List plugin, not in the spec) wins
  when it fits the other fields; otherwise the worked-out value is used, with a warning.

Everything the kiosk has no field for (``group``, ``district``, ``latitude``, city/state
parts...) is kept in `Meeting.extra` and written back at the top level by `to_feed`.
"""

from __future__ import annotations

import json
import re
import sys
from datetime import date, datetime, timedelta
from typing import Any

from kiosk.interop.importing import (
    FeedResult,
    ImportFileError,
    check_incoming,
    feed_time,
    slugify,
)
from kiosk.model import TEMPORARILY_CLOSED, Listings, Meeting, Problem, parse_hhmm
from kiosk.store import json_mistake
from kiosk.validate import check_slug, record_label
from kiosk.visible import LINE_BREAK_RE

# Feed keys that map one to one onto Meeting fields of the same name.
SAME_NAME_FIELDS = (
    "name", "day", "time", "end_time", "timezone", "types", "conference_url",
    "conference_phone", "conference_url_notes", "location", "notes", "updated",
)
ATTENDANCE_OPTIONS = ("in_person", "online", "hybrid", "inactive")
ONLINE = "ONL"
TEMPORARILY_CLOSED_NOTE = "Location temporarily closed"
MIN_PHONE_DIGITS = 10  # tsml-ui: a shorter conference_phone is no number to dial
DIGIT_RE = re.compile(r"\d")
MIN_ADDRESS_PARTS = 4  # tsml-ui: fewer comma-separated parts is only a city or region
# Meeting fields a feed does not carry: an import keeps the values already in the file.
LOCAL_FIELDS = ("room", "start_date", "end_date", "cancelled")


def load_feed(raw: str | bytes) -> FeedResult:
    """Parse feed text; text that is not JSON is refused, naming the line and column."""
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ImportFileError(json_mistake(exc)) from None
    except UnicodeDecodeError as exc:
        raise ImportFileError(f"not text in a Unicode encoding: {exc.reason}") from None
    except RecursionError:  # json's own limit on nesting ("[[[[...")
        raise ImportFileError("not a feed: values are nested too deeply") from None
    except ValueError:  # Python's limit on an int's digits (sys.get_int_max_str_digits())
        raise ImportFileError(
            f"not a feed: a number has more than {sys.get_int_max_str_digits():,} digits"
        ) from None
    return parse_feed(data)


def parse_feed(data: Any) -> FeedResult:
    """Turn a decoded feed into meetings, skipping each bad record with problems naming it."""
    if not isinstance(data, list):
        raise ImportFileError(
            f"a Meeting Guide feed is a JSON array of meetings, not a JSON {_json_kind(data)}"
        )
    meetings: list[Meeting] = []
    problems: list[Problem] = []
    for position, record in enumerate(data, start=1):
        meeting, found = _parse_record(record, position)
        problems += found
        if meeting is not None:
            meetings.append(meeting)
    return FeedResult(tuple(meetings), tuple(problems))


def to_feed(listings: Listings) -> list[dict[str, Any]]:
    """The meetings as a Meeting Guide feed (events are not weekly, so they are left out).

    It adds nothing a feed did not have but ``attendance_option`` and ``formatted_address``:
    a meeting's ``group`` is the one its feed gave, never its program's name (the catch-all
    "Other meetings" is no group another finder should show)."""
    return [_feed_record(m) for m in listings.meetings]


def location_note(meeting: Meeting) -> str | None:
    """The note to show for a meeting whose feed marks its location temporarily closed."""
    return TEMPORARILY_CLOSED_NOTE if meeting.location_closed else None


def _parse_record(record: Any, position: int) -> tuple[Meeting | None, list[Problem]]:
    if not isinstance(record, dict):
        label = f"meeting #{position}"
        return None, [Problem(label, "", "is not a meeting (expected an object with fields)")]
    given = {k: v for k, v in record.items() if v is not None and v != ""}
    meeting_id = _meeting_id(given.get("slug"))
    label = record_label(Meeting, {"id": meeting_id} if meeting_id else {}, position)
    missing = [name for name in ("day", "time") if name not in given]
    if len(missing) == 1:  # neither is "by appointment" (as tsml-ui has it); one is a mistake
        return None, [Problem(label, missing[0], "is missing: a meeting has both a day and a "
                              "time, or neither (by appointment); not listed", "warning")]
    doc: dict[str, Any] = {name: _line_breaks(given[name]) for name in SAME_NAME_FIELDS
                           if name in given}
    doc |= _tolerated(doc)
    problems = _dial_in(doc, label)
    consumed = {*SAME_NAME_FIELDS, "slug", "attendance_option", "formatted_address"}
    if meeting_id:
        doc["id"] = meeting_id
    address_key = "formatted_address" if "formatted_address" in given else "address"
    address = given.get("formatted_address", _joined_address(given))
    if address:
        doc["address"] = address
        if address == given.get("address"):
            consumed.add("address")
    attendance, found = _attendance(given, doc, label)
    problems += found
    doc["attendance_option"] = attendance
    extra = {k: v for k, v in record.items() if k not in consumed}
    if "conference_phone" in given and "conference_phone" not in doc:
        extra["conference_phone"] = given["conference_phone"]  # not a dial-in; written back
    if meeting_id and given.get("slug") != meeting_id:
        extra["slug"] = given["slug"]  # the feed's own spelling goes back out on export
    doc["extra"] = extra
    meeting, found = check_incoming(doc, label, {"id": "slug", "address": address_key})
    if meeting is not None and attendance == "inactive":
        field = "attendance_option" if "attendance_option" in given else "types"
        if _closed(given):
            return meeting, [*problems, *found, Problem(
                label, field, "is inactive (location temporarily closed and no online link): "
                "listed as temporarily closed", "warning",
            )]
        if field == "types":  # what is missing is a street address (or the feed says where)
            field = address_key if address else "location"
        return None, [*problems, Problem(
            label, field, "is inactive (no street address to go to and no online link), "
            "so it is not listed", "warning",
        )]
    return meeting, [*problems, *found]


def _tolerated(doc: dict[str, Any]) -> dict[str, Any]:
    """What other feeds send, as the kiosk stores it: "8:00 PM", "8 PM" and "20:00:00" as
    "20:00"; a ``day`` written as text ("1", ["1", "3"]); lower-case type codes ("onl")."""
    found: dict[str, Any] = {}
    for name in ("time", "end_time"):
        if isinstance(doc.get(name), str):
            found[name] = feed_time(doc[name])
    day = doc.get("day")
    if isinstance(day, str) and day.strip().isdigit():
        found["day"] = int(day)
    elif isinstance(day, list) and all(isinstance(d, str) and d.strip().isdigit() for d in day):
        found["day"] = [int(d) for d in day]
    types = doc.get("types")
    if isinstance(types, list):
        found["types"] = [_type_code(t) for t in types]
    return found


def _type_code(code: Any) -> Any:
    """A type code in the spec's case: upper case, but for those with digits ("12x12")."""
    if not isinstance(code, str) or any(c.isdigit() for c in code):
        return code
    return code.strip().upper()


def _dial_in(doc: dict[str, Any], label: str) -> list[Problem]:
    """A ``conference_phone`` with fewer than 10 digits is no number to dial (tsml-ui's rule):
    it is not offered, with a warning (and kept as it was, for the export)."""
    phone = doc.get("conference_phone")
    if not isinstance(phone, str) or len(DIGIT_RE.findall(phone)) >= MIN_PHONE_DIGITS:
        return []
    del doc["conference_phone"]
    return [Problem(label, "conference_phone", f"{phone!r} has fewer than {MIN_PHONE_DIGITS} "
                    "digits: it is not offered as a number to dial in", "warning")]


def _line_breaks(value: Any) -> Any:
    """Text with CR LF and CR (Windows', old Macs' line breaks) stored as line feeds."""
    return LINE_BREAK_RE.sub("\n", value) if isinstance(value, str) else value


def _meeting_id(slug: Any) -> str | None:
    """The kiosk id for a feed slug: as is when valid, else made valid (integers are allowed)."""
    if isinstance(slug, bool) or not isinstance(slug, str | int):
        return None
    text = str(slug)
    return text if check_slug(text) is None else (slugify(text) or None)


def _joined_address(given: dict[str, Any]) -> Any:
    """``address``, or the spec's split fields joined the way ``formatted_address`` reads."""
    street = given.get("address")
    if not isinstance(street, str):
        return street  # missing, or the wrong type for the checks to report
    parts = {k: str(given.get(k, "")).strip() for k in ("city", "state", "postal_code", "country")}
    region = f"{parts['state']} {parts['postal_code']}".strip()
    return ", ".join(p for p in (street.strip(), parts["city"], region, parts["country"]) if p)


def _attendance(
    given: dict[str, Any], doc: dict[str, Any], label: str
) -> tuple[str, list[Problem]]:
    """The meeting's format, by the rules in docs/import-export.md ("How attendance is decided").

    As tsml-ui does: a place to go exists only at an address that is not approximate and not
    temporarily closed; a link or dial-in number (or ``ONL``) makes it online; both, hybrid;
    neither, inactive. A location's name alone ("Virtual Only") is no place to go.
    """
    codes = _codes(given)
    closed = _closed(given)
    online = ONLINE in codes or bool(doc.get("conference_url") or doc.get("conference_phone"))
    in_person = not closed and not _approximate(given.get("approximate"), doc)
    if online:
        worked_out = "hybrid" if in_person else "online"
    elif in_person or (not closed and _names_no_place(given, doc)):
        worked_out = "in_person"  # a record that says nothing of where: staff know the place
    else:
        worked_out = "inactive"
    stated = given.get("attendance_option")
    if stated is None:
        return worked_out, []
    # A stated option is the plugin's, from its geocoder, which knows better than the address's
    # shape whether there is a place: it wins when the place, link and TC fields allow it.
    place = bool(doc.get("location") or doc.get("address")) and not closed
    fits = {"in_person": place, "online": online, "hybrid": online and place,
            "inactive": not online}
    known = isinstance(stated, str) and stated in fits
    if known and fits[stated]:
        return stated, []
    reason = (
        f"says {stated!r}, which does not fit its types and conference fields" if known
        else f"{stated!r} is not one of {', '.join(ATTENDANCE_OPTIONS)}"
    )
    return worked_out, [Problem(label, "attendance_option", f"{reason}; listed as {worked_out}",
                                "warning")]


def _codes(given: dict[str, Any]) -> set[str]:
    types = given.get("types")
    return {t for t in types if isinstance(t, str)} if isinstance(types, list) else set()


def _closed(given: dict[str, Any]) -> bool:
    return TEMPORARILY_CLOSED in _codes(given)


def _approximate(stated: Any, doc: dict[str, Any]) -> bool:
    """Whether the meeting has no place to go: as the feed's ``approximate`` says (``"yes"`` /
    ``"no"``, true or false); else when its address is not a street address
    (`is_street_address`): none at all, or a city and state."""
    if isinstance(stated, str) and stated.strip():
        return stated.strip().casefold() == "yes"
    if isinstance(stated, bool):
        return stated
    return not is_street_address(doc.get("address"))


def _names_no_place(given: dict[str, Any], doc: dict[str, Any]) -> bool:
    """No address, location or ``approximate``: the record does not say where it meets."""
    return not (doc.get("address") or doc.get("location") or "approximate" in given)


def is_street_address(address: Any) -> bool:
    """tsml-ui's test (at least four comma-separated parts: street, city, state and postcode,
    country), or one that starts with a house number (a street address written without its
    country, which tsml-ui takes for approximate). "Springfield, IL, USA" is only a city."""
    if not isinstance(address, str) or not address.strip():
        return False
    parts = [part for part in address.split(",") if part.strip()]
    return len(parts) >= MIN_ADDRESS_PARTS or address.lstrip()[:1].isdigit()


def _feed_record(meeting: Meeting) -> dict[str, Any]:
    extra = dict(meeting.extra)
    record: dict[str, Any] = {"name": meeting.name, "slug": extra.pop("slug", meeting.id)}
    if not meeting.by_appointment:  # by appointment: neither, as the spec allows
        record["day"] = list(meeting.day) if isinstance(meeting.day, tuple) else meeting.day
        record["time"] = meeting.time
    optional: dict[str, Any] = {
        "end_time": meeting.end_time or _end_time_of(meeting),
        "timezone": meeting.timezone,
        "types": list(meeting.types),
        "conference_url": meeting.conference_url,
        "conference_phone": meeting.conference_phone,
        "conference_url_notes": meeting.conference_url_notes,
        "location": meeting.location,
        "formatted_address": meeting.address,
        "notes": meeting.notes,
        "attendance_option": meeting.attendance_option,
        "updated": meeting.updated,
    }
    record |= {k: v for k, v in optional.items() if v not in (None, "", [])}
    record |= {k: v for k, v in extra.items() if k not in record}
    return record


def _end_time_of(meeting: Meeting) -> str | None:
    """A stored duration written as the ``end_time`` feeds use (past midnight wraps)."""
    if meeting.duration is None:
        return None
    start = datetime.combine(date.min, parse_hhmm(meeting.time))
    return (start + timedelta(minutes=meeting.duration)).strftime("%H:%M")


def _json_kind(data: Any) -> str:
    kinds = {dict: "object", str: "string", bool: "true/false", int: "number", float: "number"}
    return "null" if data is None else kinds.get(type(data), type(data).__name__)
