"""Read QR codes back from what a Textual app has actually put on screen.

Tests must not trust the widget's own matrix: what matters is what a phone would see. So this
takes the compositor's full render (the path `App.export_screenshot` uses), turns every cell
into two stacked pixels from its character and colours ('▀' is foreground over background,
'▄' the reverse, '█' all foreground, other characters their background), and hands the
greyscale picture to zxing-cpp. Inverted (light on dark) codes are not accepted, as many phone
readers don't accept them either. Screenshot SVGs (`export_screenshot`, snapshot files) can be
read the same way: their cells give the very same picture.
"""

from __future__ import annotations

import html
import re
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


def _luminance_of_hex(color: str) -> int:
    return _luminance(Color.parse(color), foreground=True)


def _halves(character: str, foreground: int, background: int) -> tuple[int, int]:
    """(top, bottom) grey levels of a cell showing `character`."""
    top, bottom = _FOREGROUND_HALVES.get(character, (False, False))
    return (foreground if top else background, foreground if bottom else background)


def _segment_cells(segment: Segment) -> Iterator[tuple[int, int]]:
    """(top, bottom) grey levels for each cell a segment covers."""
    style = segment.style or Style()
    foreground = _luminance(style.color, foreground=True)
    background = _luminance(style.bgcolor, foreground=False)
    if style.reverse:
        foreground, background = background, foreground
    for character in segment.text:
        cell = _halves(character, foreground, background)
        for _ in range(cell_len(character)):
            yield cell


def _picture(rows: list[list[tuple[int, int]]], width: int) -> Image.Image:
    """A greyscale image of cell rows, each cell one pixel wide and two high."""
    image = Image.new("L", (width, len(rows) * PIXELS_PER_ROW), 255)
    pixels = image.load()
    assert pixels is not None
    for y, row in enumerate(rows):
        for x, (top, bottom) in enumerate(row[:width]):
            pixels[x, y * PIXELS_PER_ROW] = top
            pixels[x, y * PIXELS_PER_ROW + 1] = bottom
    return image


def screen_strips(app: App[object]) -> list[Strip]:
    """The whole screen as rendered now, one strip per terminal row."""
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    return [Strip.join(line) for line in update.strips]


def screen_image(app: App[object], region: Region | None = None) -> Image.Image:
    """A greyscale picture of the rendered screen (or of `region` of it), 1×2 pixels a cell."""
    strips = screen_strips(app)
    screen = Region(0, 0, app.size.width, len(strips))
    region = screen if region is None else region.intersection(screen)
    rows = [
        [cell for segment in strip.crop(region.x, region.right) for cell in _segment_cells(segment)]
        for strip in strips[region.y : region.bottom]
    ]
    return _picture(rows, region.width)


# How rich's `Console.export_svg` (and so `App.export_screenshot`) places cells, in SVG units.
_SVG_CHAR_HEIGHT = 20
_SVG_CHAR_WIDTH = _SVG_CHAR_HEIGHT * 0.61
_SVG_LINE_HEIGHT = _SVG_CHAR_HEIGHT * 1.22
_SVG_RECT = re.compile(
    r'<rect fill="(#[0-9a-fA-F]{6})" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" '
    r'height="[\d.]+" shape-rendering="crispEdges"/>'
)
_SVG_TEXT = re.compile(r'<text class="([\w-]+-r\d+)" x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>')
_SVG_CLASS = re.compile(r"\.([\w-]+-r\d+) \{ fill: (#[0-9a-fA-F]{6})")


def svg_image(svg: str) -> Image.Image:
    """A greyscale picture of a terminal screenshot SVG from rich, 1×2 pixels a cell."""
    default = _luminance(None, foreground=False)
    backgrounds: dict[tuple[int, int], int] = {}
    characters: dict[tuple[int, int], tuple[str, int]] = {}  # (row, column) -> (text, fg)
    for fill, x, y, width in _SVG_RECT.findall(svg):
        row = round(float(y) / _SVG_LINE_HEIGHT)
        first = round(float(x) / _SVG_CHAR_WIDTH)
        for column in range(first, first + round(float(width) / _SVG_CHAR_WIDTH)):
            backgrounds[row, column] = _luminance_of_hex(fill)
    foregrounds = {name: _luminance_of_hex(fill) for name, fill in _SVG_CLASS.findall(svg)}
    for name, x, y, text in _SVG_TEXT.findall(svg):
        row = round((float(y) - _SVG_CHAR_HEIGHT) / _SVG_LINE_HEIGHT)  # y is the baseline
        column = round(float(x) / _SVG_CHAR_WIDTH)
        for character in html.unescape(text):
            characters[row, column] = (character, foregrounds[name])
            column += cell_len(character)
    cells = backgrounds.keys() | characters.keys()
    width = max((column for _, column in cells), default=-1) + 1
    height = max((row for row, _ in cells), default=-1) + 1
    rows = [
        [
            _halves(
                *characters.get((row, column), (" ", default)),
                backgrounds.get((row, column), default),
            )
            for column in range(width)
        ]
        for row in range(height)
    ]
    return _picture(rows, width)


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


def decode_qr_from_svg(svg: str) -> list[str]:
    """Texts of the QR codes in a screenshot SVG (`App.export_screenshot`, snapshot files)."""
    return decode_image(svg_image(svg))
