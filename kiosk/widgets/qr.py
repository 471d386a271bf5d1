"""A QR code for a web link that a phone can scan off the kiosk screen.

The code is always drawn dark on light with explicit colours: a dark theme would otherwise draw
it light on dark, which many phone readers refuse. It is drawn whole or not at all: when its
room on screen is too small it shows the link as text instead, because a clipped code either
fails to scan or, worse, scans as something else.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import ClassVar
from urllib.parse import urlsplit

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.content import Content
from textual.dom import NoScreen
from textual.errors import NoWidget
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from kiosk.i18n import _
from kiosk.qr import Matrix, block_rows, block_size, qr_matrix
from kiosk.validate import CONTROL_RE, check_url

CODE_STYLE = Style(color="#000000", bgcolor="#ffffff")
"""Dark modules on a light background, whatever the theme."""

SCALES = (2, 1)
"""Sizes to try, largest first: 2 draws each module two cells wide and one row high."""


@lru_cache(maxsize=64)
def _code_strips(link: str, scale: int) -> tuple[Strip, ...]:
    """The code's rows for `link`, one segment each; shared by every widget showing the link."""
    matrix = qr_matrix(link)
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


@dataclass(frozen=True)
class _Drawing:
    """What the widget draws in a given room: the code at `scale` and a caption, or a message."""

    scale: int | None
    text_lines: tuple[str, ...]
    width: int
    height: int


class QRCode(Widget):
    """A link's QR code with a caption under it (by default the link's host)."""

    DEFAULT_CSS = """
    QRCode {
        width: auto;
        height: auto;
    }
    QRCode > .qrcode--caption {
        text-style: bold;
    }
    QRCode > .qrcode--message {
        color: $text-muted;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"qrcode--caption", "qrcode--message"}
    ALLOW_SELECT = False  # a selection highlight would recolour the modules

    url: reactive[str] = reactive("", layout=True)
    """The link to encode; only http and https links are drawn."""

    caption: reactive[str | None] = reactive(None, layout=True)
    """Text under the code (shown literally); None shows the link's host, "" shows nothing."""

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
        self._drawn_key: tuple[object, ...] | None = None
        self._drawn_lines: list[Strip] = []

    @property
    def link(self) -> str | None:
        """The link as it is encoded, or None if it is not an http(s) link."""
        link = self.url.strip()
        return link if link and check_url(link) is None else None

    def _matrix(self) -> Matrix | None:
        link = self.link
        return None if link is None else qr_matrix(link)

    def _caption_text(self) -> str:
        link = self.link
        if link is None:
            return ""
        text = self.caption if self.caption is not None else urlsplit(link).hostname or ""
        return CONTROL_RE.sub("", text)

    def _message_text(self) -> str:
        link = self.link
        if link is None or qr_matrix(link) is None:
            return _("This link cannot be shown as a QR code") if self.url.strip() else ""
        short_link = link.split("://", 1)[1]
        return "\n".join((_("Screen too small for the QR code"), short_link))

    def _drawing(self, width: int, height: int) -> _Drawing:
        """The largest code that fits whole in width × height with its caption, else a message."""
        matrix = self._matrix()
        if matrix is not None:
            caption = self._caption_text()
            for scale in SCALES:
                code_width, code_height = block_size(len(matrix), scale)
                caption_lines = _wrapped(caption, code_width)
                if code_width <= width and code_height + len(caption_lines) <= height:
                    return _Drawing(
                        scale, tuple(caption_lines), code_width, code_height + len(caption_lines)
                    )
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
        key = (self.url, self.caption, room, self.size, base_style, text_style)
        if key != self._drawn_key:
            self._drawn_key = key
            self._drawn_lines = self._draw(drawing, room.width, base_style, text_style)
            self.refresh()
        return super().render_lines(crop)

    def _draw(
        self, drawing: _Drawing, room_width: int, base_style: Style, text_style: Style
    ) -> list[Strip]:
        """The content lines, centred in the visible width and padded to the widget's width."""
        code = () if drawing.scale is None else _code_strips(self.link or "", drawing.scale)
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
