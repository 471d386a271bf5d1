"""Read QR codes back from what a Textual app has actually put on screen.

Tests must not trust the widget's own matrix: what matters is what a phone would see. So this
takes the compositor's full render (the path `App.export_screenshot` uses), turns every cell
into two stacked pixels from its character and colours ('▀' is foreground over background,
'▄' the reverse, '█' all foreground, other characters their background), and hands the
greyscale picture to zxing-cpp. Inverted (light on dark) codes are not accepted, as many phone
readers don't accept them either.
"""

from __future__ import annotations

from collections.abc import Iterator

import zxingcpp
from PIL import Image, ImageOps
from rich.cells import cell_len
from rich.color import Color
from rich.segment import Segment
from rich.style import Style
from rich.terminal_theme import SVG_EXPORT_THEME, TerminalTheme
from textual.app import App
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

PIXELS_PER_ROW = 2
"""Each cell is one pixel wide and two high, so a half block is one square pixel."""

ZOOM = 4
"""Nearest-neighbour enlargement before decoding: zxing prefers modules several pixels wide."""

MARGIN = 8
"""White border (in enlarged pixels) added around the picture."""

# Which half of a cell shows the foreground colour: (top, bottom).
_FOREGROUND_HALVES = {"▀": (True, False), "▄": (False, True), "█": (True, True)}


TERMINAL_THEME: TerminalTheme = SVG_EXPORT_THEME
"""Colours for cells that leave them to the terminal: light text on dark, as in the SVG
screenshots and most terminals, and the case where a code without colours of its own breaks."""


def _luminance(color: Color | None, foreground: bool) -> int:
    """Grey level (0-255) of a cell colour as the terminal would show it."""
    if color is None:
        triplet = TERMINAL_THEME.foreground_color if foreground else TERMINAL_THEME.background_color
    else:
        triplet = color.get_truecolor(TERMINAL_THEME, foreground=foreground)
    red, green, blue = triplet
    return round(0.299 * red + 0.587 * green + 0.114 * blue)


def _cell_pixels(segment: Segment) -> Iterator[tuple[int, int]]:
    """(top, bottom) grey levels for each cell a segment covers."""
    style = segment.style or Style()
    foreground = _luminance(style.color, foreground=True)
    background = _luminance(style.bgcolor, foreground=False)
    if style.reverse:
        foreground, background = background, foreground
    for character in segment.text:
        top, bottom = _FOREGROUND_HALVES.get(character, (False, False))
        pixels = (foreground if top else background, foreground if bottom else background)
        for _ in range(cell_len(character)):
            yield pixels


def screen_strips(app: App[object]) -> list[Strip]:
    """The whole screen as rendered now, one strip per terminal row."""
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    return [Strip.join(line) for line in update.strips]


def screen_image(app: App[object], region: Region | None = None) -> Image.Image:
    """A greyscale picture of the rendered screen (or of `region` of it), 1×2 pixels a cell."""
    strips = screen_strips(app)
    screen = Region(0, 0, app.size.width, len(strips))
    region = screen if region is None else region.intersection(screen)
    image = Image.new("L", (region.width, region.height * PIXELS_PER_ROW), 255)
    pixels = image.load()
    assert pixels is not None
    for row, strip in enumerate(strips[region.y : region.bottom]):
        cropped = strip.crop(region.x, region.right)
        x = 0
        for segment in cropped:
            if segment.control:
                continue
            for top, bottom in _cell_pixels(segment):
                if x < region.width:
                    pixels[x, row * 2] = top
                    pixels[x, row * 2 + 1] = bottom
                x += 1
    return image


def decode_image(image: Image.Image) -> list[str]:
    """Texts of the dark-on-light QR codes in a picture, top to bottom then left to right."""
    enlarged = image.resize((image.width * ZOOM, image.height * ZOOM), Image.Resampling.NEAREST)
    framed = ImageOps.expand(enlarged, border=MARGIN, fill=255)
    barcodes = zxingcpp.read_barcodes(
        framed,
        formats=zxingcpp.BarcodeFormat.QRCode,
        try_invert=False,
        text_mode=zxingcpp.TextMode.Plain,
    )
    ordered = sorted(
        barcodes, key=lambda code: (code.position.top_left.y, code.position.top_left.x)
    )
    return [code.text for code in ordered]


def decode_qr_from_screen(app: App[object], widget: Widget | None = None) -> list[str]:
    """Texts of the QR codes on screen, or only in `widget`'s region of it.

    Call it after `await pilot.pause()` so the screen is up to date.
    """
    region = None if widget is None else widget.region
    return decode_image(screen_image(app, region))
