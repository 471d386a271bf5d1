"""QR codes a phone can scan off the kiosk screen: a web link, or a calendar entry.

A code is always drawn dark on light with explicit colours: a dark theme would otherwise draw
it light on dark, which many phone readers refuse. It is drawn whole or not at all, because a
clipped code either fails to scan or, worse, scans as something else: when its room on screen is
too small a link's code shows the link as text instead, and a calendar code takes no room at all
(`fit_codes` chooses which codes a row of them can show, and at what size).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import product
from typing import ClassVar
from urllib.parse import urlsplit

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.containers import Horizontal
from textual.content import Content
from textual.dom import NoScreen
from textual.errors import NoWidget
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from kiosk.i18n import _
from kiosk.qr import (
    QUIET_ZONE,
    ErrorCorrection,
    Matrix,
    block_rows,
    block_size,
    qr_matrix,
    qr_version,
)
from kiosk.validate import CONTROL_RE, check_url

CODE_STYLE = Style(color="#000000", bgcolor="#ffffff")
"""Dark modules on a light background, whatever the theme."""

SCALES = (2, 1)
"""Sizes to try, largest first: 2 draws each module two cells wide and one row high."""

VERSION_1_MODULES = 21 + 2 * QUIET_ZONE
"""Modules across the smallest code there is (version 1), quiet zone included."""


@lru_cache(maxsize=64)
def _code_strips(
    text: str, scale: int, error_correction: ErrorCorrection
) -> tuple[Strip, ...]:
    """The code's rows for `text`, one segment each; shared by every widget showing it."""
    matrix = qr_matrix(text, error_correction)
    if matrix is None:
        return ()
    return tuple(Strip([Segment(row, CODE_STYLE)], len(row)) for row in block_rows(matrix, scale))


def _centred(strip: Strip, width: int, style: Style) -> Strip:
    """`strip` cut to `width` cells and centred in them, padded with `style`."""
    length = min(strip.cell_length, width)
    left = (width - length) // 2
    return strip.crop_pad(length, left, width - length - left, style)


def _wrapped(text: str, width: int) -> list[str]:
    """`text` wrapped to `width` cells (long words such as links are folded)."""
    if not text or width < 1:
        return []
    return [line.plain for line in Content(text).wrap(width)]


def readable_link(link: str) -> str:
    """A link as a visitor reads and types it: host and path, without the scheme, a trailing
    slash, the query or the fragment ("smartrecovery.org/family")."""
    parts = urlsplit(link)
    return f"{parts.hostname or ''}{parts.path.rstrip('/')}"


def shortened_middle(text: str, width: int) -> str:
    """`text` in `width` cells: whole, or its start and end with "…" between them."""
    if cell_len(text) <= width:
        return text
    if width < 2:
        return "…"[:width]
    keep = width - 1
    head = text[: (keep + 1) // 2]
    tail = text[len(text) - keep // 2:] if keep // 2 else ""
    while cell_len(head) + cell_len(tail) > keep:  # wide characters
        head, tail = (head[:-1], tail) if cell_len(head) > cell_len(tail) else (head, tail[1:])
    return f"{head}…{tail}"


@dataclass(frozen=True)
class _Drawing:
    """What the widget draws in a given room: the code at `scale` and a caption, or a message."""

    scale: int | None
    text_lines: tuple[str, ...]
    width: int
    height: int


class QRCodeBase(Widget):
    """A code for `payload()` with an optional caption under it, drawn whole or not at all.

    Subclasses say what is encoded, what the caption and the too-small message say, and how
    strong the error correction is; `max_scale` lets a row of codes share the room.
    """

    DEFAULT_CSS = """
    QRCodeBase {
        width: auto;
        height: auto;
    }
    QRCodeBase > .qrcode--caption {
        text-style: bold;
    }
    QRCodeBase > .qrcode--message {
        color: $text-muted;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"qrcode--caption", "qrcode--message"}
    ALLOW_SELECT = False  # a selection highlight would recolour the modules

    ERROR_CORRECTION: ClassVar[ErrorCorrection] = "M"
    MAX_VERSION: ClassVar[int] = 40
    """Codes of a higher version are not drawn: too many modules for the room and the camera."""

    max_scale: reactive[int] = reactive(max(SCALES), layout=True)
    """The largest scale to draw at (a code sharing its row with another may be kept small)."""

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._drawn_key: tuple[object, ...] | None = None
        self._drawn_lines: list[Strip] = []

    def payload(self) -> str | None:
        """The text to encode, or None if there is nothing that may be drawn."""
        raise NotImplementedError

    def _caption_text(self) -> str:
        return ""

    def _message_text(self) -> str:
        """What is shown instead of a code that does not fit ("" takes no room)."""
        return ""

    def _matrix(self) -> Matrix | None:
        text = self.payload()
        matrix = None if text is None else qr_matrix(text, self.ERROR_CORRECTION)
        return matrix if matrix is not None and qr_version(matrix) <= self.MAX_VERSION else None

    def _caption_lines(self, width: int) -> list[str]:
        """The caption's lines at `width` cells: wrapped."""
        return _wrapped(self._caption_text(), width)

    def _code_at(self, matrix: Matrix, scale: int) -> _Drawing:
        """The code at `scale` with its caption fitted to the code's width."""
        width, height = block_size(len(matrix), scale)
        caption_lines = tuple(self._caption_lines(width))
        return _Drawing(scale, caption_lines, width, height + len(caption_lines))

    def size_at(self, scale: int) -> Size | None:
        """The code and its caption at `scale` (None for no code): what it needs on screen."""
        matrix = self._matrix()
        if matrix is None:
            return None
        drawing = self._code_at(matrix, scale)
        return Size(drawing.width, drawing.height)

    def _drawing(self, width: int, height: int) -> _Drawing:
        """The largest code that fits whole in width × height with its caption, else a message."""
        matrix = self._matrix()
        if matrix is not None:
            for scale in (s for s in SCALES if s <= self.max_scale):
                drawing = self._code_at(matrix, scale)
                if drawing.width <= width and drawing.height <= height:
                    return drawing
        message = self._message_text()
        natural_width = max((cell_len(line) for line in message.splitlines()), default=0)
        message_lines = _wrapped(message, min(width, natural_width))
        return _Drawing(
            None,
            tuple(message_lines),
            max((cell_len(line) for line in message_lines), default=0),
            len(message_lines),
        )

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return self._drawing(container.width, container.height).width

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self._drawing(width, container.height).height

    def _room(self) -> Size:
        """The part of the content area that is on screen: the code must fit there whole."""
        try:
            visible = self.screen.find_widget(self).visible_region
        except (NoScreen, NoWidget):
            return Size(0, 0)
        return self.content_region.intersection(visible).size

    def render_lines(self, crop: Region) -> list[Strip]:
        # Moving or scrolling can clip the widget without resizing it, and Textual would then
        # reuse lines drawn for the old room; refresh() drops them when the drawing changes.
        room = self._room()
        drawing = self._drawing(room.width, room.height)
        base_style = self.rich_style
        text_style = self.get_component_rich_style(
            "qrcode--message" if drawing.scale is None else "qrcode--caption"
        )
        key = (self.payload(), self._caption_text(), self.max_scale, room, self.size,
               base_style, text_style)
        if key != self._drawn_key:
            self._drawn_key = key
            self._drawn_lines = self._draw(drawing, room.width, base_style, text_style)
            self.refresh()
        return super().render_lines(crop)

    def _draw(
        self, drawing: _Drawing, room_width: int, base_style: Style, text_style: Style
    ) -> list[Strip]:
        """The content lines, centred in the visible width and padded to the widget's width."""
        code = (
            ()
            if drawing.scale is None
            else _code_strips(self.payload() or "", drawing.scale, self.ERROR_CORRECTION)
        )
        # Caption lines are centred one by one; a message stays a left-aligned block.
        text_width = 0 if drawing.scale else drawing.width
        text = [
            Strip([Segment(line, text_style)]).extend_cell_length(text_width, text_style)
            for line in drawing.text_lines
        ]
        return [
            _centred(strip, room_width, base_style).extend_cell_length(self.size.width, base_style)
            for strip in (*code, *text)
        ]

    def render_line(self, y: int) -> Strip:
        if y < len(self._drawn_lines):
            return self._drawn_lines[y]
        return Strip.blank(self.size.width, self.rich_style)


class QRCode(QRCodeBase):
    """A web link's QR code with a caption under it (by default the link's host and path).

    Too small a room shows the link as text instead, so the visitor can still type it.
    """

    url: reactive[str] = reactive("", layout=True)
    """The link to encode; only http and https links are drawn."""

    caption: reactive[str | None] = reactive(None, layout=True)
    """Text under the code (shown literally); None shows the link's host and path (shortened
    in the middle to the code's width), "" shows nothing."""

    def __init__(
        self,
        url: str,
        *,
        caption: str | None = None,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.set_reactive(QRCode.url, url)
        self.set_reactive(QRCode.caption, caption)

    @property
    def link(self) -> str | None:
        """The link as it is encoded, or None if it is not an http(s) link."""
        link = self.url.strip()
        return link if link and check_url(link) is None else None

    def payload(self) -> str | None:
        return self.link

    def _caption_text(self) -> str:
        link = self.link
        if link is None:
            return ""
        text = self.caption if self.caption is not None else readable_link(link)
        return CONTROL_RE.sub("", text)

    def _caption_lines(self, width: int) -> list[str]:
        """Staff's caption wrapped; the link itself on one line, shortened in the middle."""
        if self.caption is not None:
            return super()._caption_lines(width)
        text = self._caption_text()
        return [shortened_middle(text, width)] if text and width > 0 else []

    def _message_text(self) -> str:
        link = self.link
        if link is None or qr_matrix(link) is None:
            return _("This link cannot be shown as a QR code") if self.url.strip() else ""
        short_link = link.split("://", 1)[1]
        return "\n".join((_("Screen too small for the QR code"), short_link))


class CalendarQRCode(QRCodeBase):
    """A calendar entry (a VEVENT) a phone camera offers to add to its calendar.

    Optional by nature, so it is never replaced by a message: when it does not fit it takes no
    room, and `fit_codes` leaves it out. Error correction L keeps the code small (the text is
    several times longer than a link; a screen, unlike paper, is never creased or stained), and
    nothing past version 10 (65 modules across, 271 bytes at L) is drawn: a bigger code would
    rarely find room, and a phone would have to come close and hold still to read it.
    """

    ERROR_CORRECTION: ClassVar[ErrorCorrection] = "L"
    MAX_VERSION: ClassVar[int] = 10

    vevent: reactive[str] = reactive("", layout=True)
    """The entry's text, from `kiosk.interop.ics.meeting_vevent`; "" draws nothing."""

    def __init__(
        self,
        vevent: str,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.set_reactive(CalendarQRCode.vevent, vevent)

    def payload(self) -> str | None:
        return self.vevent or None


def _outer(code: QRCodeBase, scale: int, room: Size) -> Size:
    """What `code` takes drawn at `scale`, with its border and margin (a link that cannot be
    drawn takes its message)."""
    content = code.size_at(scale)
    if content is None:
        drawing = code._drawing(room.width, room.height)
        content = Size(drawing.width, drawing.height)
    gutter, margin = code.styles.gutter, code.styles.margin
    return Size(content.width + gutter.width + margin.width,
                content.height + gutter.height + margin.height)


def _may_fit(code: QRCodeBase, room: Size, beside: Sequence[Size]) -> bool:
    """Whether `code` could fit in `room` beside codes of the sizes `beside`, at its smallest
    (a version 1 code at the smallest scale, captionless): False means it cannot, whatever it
    encodes, so its code need not be made to know."""
    width, height = block_size(VERSION_1_MODULES, min(SCALES))
    gutter, margin = code.styles.gutter, code.styles.margin
    return (sum(size.width for size in beside) + width + gutter.width + margin.width
            <= room.width and height + gutter.height + margin.height <= room.height)


def fit_codes(room: Size, codes: Sequence[QRCodeBase]) -> None:
    """Share `room` between codes side by side: links first, then calendar codes.

    A link (`QRCode`) is always shown; a `CalendarQRCode` only whole, else it is left out
    entirely (border and title too). Showing every calendar code that can fit comes first, then
    large links, then large calendar codes. A link shrinks to make room for a calendar code, and
    with none shown it keeps its own sizing (its message, if even the smallest code won't fit).
    """
    links = [code for code in codes if isinstance(code, QRCode)]
    extras = [code for code in codes if not isinstance(code, QRCode)]
    smallest_links = [_outer(link, min(SCALES), room) for link in links]
    # A calendar code too big for the room even at the smallest version and scale, beside the
    # links at their smallest, is left out without making its code (20-30 ms of qrcode maths).
    extra_choices = [(*SCALES, None) if _may_fit(extra, room, smallest_links) else (None,)
                     for extra in extras]
    best: tuple[tuple[object, ...], tuple[int, ...], tuple[int | None, ...]] | None = None
    for link_scales in product(SCALES, repeat=len(links)):
        for extra_scales in product(*extra_choices):
            shown = [(code, scale) for code, scale in zip(extras, extra_scales, strict=True)
                     if scale is not None]
            if any(code.size_at(scale) is None for code, scale in shown):
                continue
            sizes = [_outer(code, scale, room)
                     for code, scale in (*zip(links, link_scales, strict=True), *shown)]
            fits = (sum(size.width for size in sizes) <= room.width
                    and all(size.height <= room.height for size in sizes))
            key = (len(shown), link_scales, tuple(scale or 0 for scale in extra_scales))
            if (fits or not shown) and (best is None or key > best[0]):
                best = (key, link_scales, extra_scales)
    assert best is not None
    _key, link_scales, extra_scales = best
    any_shown = any(scale is not None for scale in extra_scales)
    for link, scale in zip(links, link_scales, strict=True):
        link.max_scale = scale if any_shown else max(SCALES)
    for extra, scale in zip(extras, extra_scales, strict=True):
        extra.display = scale is not None
        extra.max_scale = scale or max(SCALES)


class CodeRow(Horizontal):
    """Content, then QR codes beside it: whenever the row is resized, the room the content can
    spare (all but `reserve` columns) is shared between the codes by `fit_codes`."""

    def __init__(
        self, *children: Widget, reserve: int, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(*children, id=id, classes=classes)
        self.reserve = reserve

    def on_resize(self, _event: events.Resize) -> None:
        self.fit()

    def fit(self) -> None:
        """Share the room again (after a code's text changed, say)."""
        room = self.content_size
        codes = list(self.query_children(QRCodeBase))
        fit_codes(Size(max(0, room.width - self.reserve), room.height), codes)
