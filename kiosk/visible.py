"""Text from the data file made safe to put on a terminal: control characters become symbols.

Screens already show data as plain text (`Content(...)`, never markup), but a terminal still
obeys control characters inside plain text: ESC starts a sequence that can clear the screen or
move the cursor, CR returns to the start of the line, and the bidirectional overrides reverse
whatever follows them on terminals that reorder right-to-left text. The kiosk shows each as a
visible symbol instead ("␛", "␇", "�"), as `kiosk check` promises ("shown as symbols").

`displayable(listings)` does this once per load, for every text field a screen can show, so no
widget has to remember it. Line breaks and tabs are kept: descriptions and notes use them
(CR LF and a lone CR are line breaks too). It also cuts a text longer than `DISPLAY_CHARS`
(the file keeps it whole).
"""

from __future__ import annotations

import re
from dataclasses import fields, replace
from functools import cache
from typing import TypeVar

from kiosk.model import Listings, Record

UNSAFE_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""C0 controls but tab and line feed, DEL, the C1 controls, and bidi embeddings, overrides and
isolates (the marks U+200E/U+200F have no reach beyond themselves and stay)."""

LINE_BREAK_RE = re.compile(r"\r\n?")
CONTROL_PICTURES = 0x2400  # U+2400 "␀" ... U+241F "␟" picture the C0 controls in order
DELETE_PICTURE = "\u2421"  # "␡"
REPLACEMENT = "\ufffd"  # "�" for the C1 controls and the bidi controls, which have no picture

DISPLAY_CHARS = 2_000
"""The most of one text the kiosk shows (the file may hold up to
`kiosk.validate.MAX_TEXT_CHARS`): no screen then takes long to lay it out and draw."""
CUT_MARK = "…"

R = TypeVar("R", bound=Record)


def _symbol(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(CONTROL_PICTURES + code)
    return DELETE_PICTURE if code == 0x7F else REPLACEMENT


def visible(text: str) -> str:
    """`text` with every character a terminal would obey (rather than show) as a symbol; CR LF
    and CR, Windows' and old Macs' line breaks, become line feeds."""
    return UNSAFE_RE.sub(_symbol, LINE_BREAK_RE.sub("\n", text))


@cache
def _field_names(kind: type[Record]) -> tuple[str, ...]:
    return tuple(f.name for f in fields(kind) if f.name != "extra")  # type: ignore[arg-type]


def for_display(text: str) -> str:
    """`visible(text)`, cut to `DISPLAY_CHARS` characters (and "…")."""
    if len(text) > DISPLAY_CHARS:
        text = text[:DISPLAY_CHARS] + CUT_MARK
    return visible(text)


def _displayable(record: R) -> R:
    """The record with its text fields made visible and cut to length; the same object when
    nothing changes."""
    texts = {name: value for name in _field_names(type(record))
             if isinstance(value := getattr(record, name), str)}
    long = any(len(text) > DISPLAY_CHARS for text in texts.values())
    if not long and not UNSAFE_RE.search("\n".join(texts.values())):
        return record
    changed = {name: for_display(text) for name, text in texts.items()
               if len(text) > DISPLAY_CHARS or UNSAFE_RE.search(text)}
    return replace(record, **changed)  # type: ignore[type-var]


def displayable(listings: Listings) -> Listings:
    """The listings as the kiosk shows them: every text field through `for_display`.

    Only for display: the file keeps what staff typed. Records without control characters
    (nearly all) are kept as they are, so this costs one regular-expression scan per field.
    """
    return replace(
        listings,
        settings=_displayable(listings.settings),
        programs=tuple(map(_displayable, listings.programs)),
        pages=tuple(map(_displayable, listings.pages)),
        meetings=tuple(map(_displayable, listings.meetings)),
        events=tuple(map(_displayable, listings.events)),
    )
