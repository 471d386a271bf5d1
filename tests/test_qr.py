"""QR codes: the module matrix, its text rows, and the widget as a phone reads it off screen."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from kiosk.qr import QUIET_ZONE, block_rows, block_size, full_block_rows, half_block_rows, qr_matrix
from kiosk.widgets.qr import QRCode, readable_link, shortened_middle
from tests.qr_reader import (
    decode_qr_from_screen,
    decode_qr_from_svg,
    screen_image,
    screen_strips,
    svg_image,
)

SHORT_URL = "https://zoom.us/j/81234567890"
QUERY_URL = "https://example.org/meetings/grief-support?day=3&time=19%3A00&ref=kiosk"
UNICODE_URL = "https://example.org/gr%C3%BCppe/%E2%9C%93?topic=dueil%20%C3%A0%20deux"
URLS = [SHORT_URL, QUERY_URL, UNICODE_URL]
BLOCKS = set("▀▄█")


class QRApp(App[None]):
    """QR codes for links, side by side, under an optional block of filler lines.

    Nothing bounds the codes' height but the screen, so filler can push them off it.
    """

    CSS = "Horizontal { height: auto; }"

    def __init__(self, *urls: str, filler_lines: int = 0, caption: str | None = None) -> None:
        super().__init__()
        self.urls = urls
        self.filler_lines = filler_lines
        self.caption = caption

    def compose(self) -> ComposeResult:
        if self.filler_lines:
            yield Static(filler(self.filler_lines))
        with Horizontal():
            for url in self.urls:
                yield QRCode(url, caption=self.caption)


def filler(lines: int) -> str:
    return "\n".join(["filler"] * lines)


def screen_text(app: App[object]) -> str:
    return "\n".join(strip.text for strip in screen_strips(app))


# The module matrix and its text rows


@pytest.mark.parametrize("url", URLS)
def test_matrix_is_square_with_a_light_quiet_zone(url: str) -> None:
    matrix = qr_matrix(url)
    assert matrix is not None
    size = len(matrix)
    assert all(len(row) == size for row in matrix)
    assert (size - 2 * QUIET_ZONE - 21) % 4 == 0  # a QR version: 21, 25, 29... modules
    for index in range(QUIET_ZONE):
        for edge in (index, size - 1 - index):
            assert not any(matrix[edge]), "quiet zone rows must be light"
            assert not any(row[edge] for row in matrix), "quiet zone columns must be light"
    assert matrix[QUIET_ZONE][QUIET_ZONE], "the top-left finder pattern starts inside it"


def test_matrix_is_cached_per_text_and_grows_with_it() -> None:
    assert qr_matrix(SHORT_URL) is qr_matrix(SHORT_URL)
    short, long = qr_matrix(SHORT_URL), qr_matrix(QUERY_URL)
    assert short is not None and long is not None
    assert len(long) > len(short)


def test_text_too_long_for_any_code_gives_none() -> None:
    assert qr_matrix("https://example.org/" + "x" * 3000) is None


def _rows_back_to_matrix(rows: list[str]) -> list[list[bool]]:
    halves = {" ": (False, False), "▀": (True, False), "▄": (False, True), "█": (True, True)}
    modules: list[list[bool]] = []
    for row in rows:
        pairs = [halves[character] for character in row]
        modules.append([top for top, _ in pairs])
        modules.append([bottom for _, bottom in pairs])
    return modules


@pytest.mark.parametrize("url", URLS)
def test_half_block_rows_hold_two_module_rows_each(url: str) -> None:
    matrix = qr_matrix(url)
    assert matrix is not None
    rows = half_block_rows(matrix)
    assert (len(rows[0]), len(rows)) == block_size(len(matrix), 1)
    assert all(len(row) == len(matrix) for row in rows)
    modules = _rows_back_to_matrix(rows)
    assert [tuple(row) for row in modules[: len(matrix)]] == list(matrix)
    assert not any(modules[len(matrix) :][0]), "an odd last row is paired with a light one"


def test_full_block_rows_draw_each_module_two_cells_wide() -> None:
    matrix = qr_matrix(SHORT_URL)
    assert matrix is not None
    rows = full_block_rows(matrix)
    assert (len(rows[0]), len(rows)) == block_size(len(matrix), 2)
    for row, modules in zip(rows, matrix, strict=True):
        assert [row[2 * i : 2 * i + 2] == "██" for i in range(len(modules))] == list(modules)
    assert block_rows(matrix, 2) == rows and block_rows(matrix, 1) == half_block_rows(matrix)


def test_block_rows_refuse_other_scales() -> None:
    matrix = qr_matrix(SHORT_URL)
    assert matrix is not None
    with pytest.raises(ValueError):
        block_rows(matrix, 3)
    with pytest.raises(ValueError):
        block_size(len(matrix), 0)


# The widget, read back from the rendered screen


@pytest.mark.parametrize("size", [(80, 24), (160, 50)])
@pytest.mark.parametrize("url", URLS)
async def test_code_on_screen_decodes_to_the_link(url: str, size: tuple[int, int]) -> None:
    app = QRApp(url)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        widget = app.query_one(QRCode)
        assert decode_qr_from_screen(app) == [url]
        assert decode_qr_from_screen(app, widget) == [url]
        assert "example.org" in screen_text(app) or "zoom.us" in screen_text(app)


async def test_widget_sizes_itself_to_the_code_and_caption() -> None:
    modules = len(qr_matrix(SHORT_URL) or ())
    app = QRApp(SHORT_URL)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        widget = app.query_one(QRCode)
        assert (widget.size.width, widget.size.height) == (modules, (modules + 1) // 2 + 1)
        assert screen_strips(app)[widget.size.height - 1].text.strip() == "zoom.us/j/81234567890"


async def test_double_size_when_there_is_room_for_it() -> None:
    modules = len(qr_matrix(SHORT_URL) or ())
    app = QRApp(SHORT_URL)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        widget = app.query_one(QRCode)
        assert (widget.size.width, widget.size.height) == (2 * modules, modules + 1)
        assert decode_qr_from_screen(app) == [SHORT_URL]


async def test_two_codes_side_by_side_each_read_from_its_own_region() -> None:
    app = QRApp(SHORT_URL, UNICODE_URL)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        first, second = app.query(QRCode)
        assert sorted(decode_qr_from_screen(app)) == sorted([SHORT_URL, UNICODE_URL])
        assert decode_qr_from_screen(app, first) == [SHORT_URL]
        assert decode_qr_from_screen(app, second) == [UNICODE_URL]


def assert_no_code_on_screen(app: App[object]) -> None:
    text = screen_text(app)
    assert not BLOCKS & set(text), "no module of a code may be on screen"
    assert decode_qr_from_screen(app) == []


async def test_too_small_screen_shows_the_short_link_instead_of_a_clipped_code() -> None:
    app = QRApp(QUERY_URL)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        assert_no_code_on_screen(app)
        lines = [line.strip() for line in screen_text(app).splitlines()]
        assert "Screen too small for the QR code" in lines
        assert QUERY_URL.removeprefix("https://") in "".join(lines)


async def test_code_pushed_partly_off_screen_is_not_drawn() -> None:
    # Nothing bounds the widget but the screen, so it claims the code's full size, but the
    # filler above pushes its bottom rows off the screen.
    app = QRApp(QUERY_URL, filler_lines=10)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert_no_code_on_screen(app)
        assert "Screen too small for the QR code" in screen_text(app)


async def test_code_moved_partly_off_screen_is_taken_down() -> None:
    app = QRApp(SHORT_URL, filler_lines=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert decode_qr_from_screen(app) == [SHORT_URL]
        app.query_one(Static).update(filler(10))  # the widget moves but keeps its size
        await pilot.pause()
        assert_no_code_on_screen(app)
        assert "Screen too small for the QR code" in screen_text(app)


async def test_code_comes_back_when_the_screen_grows() -> None:
    app = QRApp(QUERY_URL)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        assert decode_qr_from_screen(app) == []
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert decode_qr_from_screen(app) == [QUERY_URL]


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_code_is_dark_on_light_in_every_theme(theme: str) -> None:
    app = QRApp(SHORT_URL)
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = theme
        await pilot.pause()
        widget = app.query_one(QRCode)
        modules = len(qr_matrix(SHORT_URL) or ())
        code_rows = (modules + 1) // 2
        code = screen_image(app, widget.region).crop((0, 0, modules, 2 * code_rows))
        assert set(code.tobytes()) == {0, 255}, "pure black and white"
        quiet = QUIET_ZONE
        assert code.getpixel((0, 0)) == 255 and code.getpixel((quiet - 1, quiet - 1)) == 255
        assert code.getpixel((quiet, quiet)) == 0, "finder pattern is dark"
        # The reader does not accept inverted codes, so this also proves dark on light.
        assert decode_qr_from_screen(app, widget) == [SHORT_URL]


async def test_changing_the_url_redraws_the_code() -> None:
    app = QRApp(SHORT_URL)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        widget = app.query_one(QRCode)
        widget.url = UNICODE_URL
        await pilot.pause()
        assert decode_qr_from_screen(app) == [UNICODE_URL]
        assert "example.org" in screen_text(app)
        assert "zoom.us" not in screen_text(app)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(document.cookie)",
        "ftp://example.org/meetings.pdf",
        "https://",
        "https://example.org/two words",
        "https://example.org/" + "x" * 3000,
    ],
    ids=["javascript", "ftp", "no-host", "space", "too-long"],
)
async def test_links_other_than_http_are_never_drawn(url: str) -> None:
    app = QRApp(url)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        assert_no_code_on_screen(app)
        text = screen_text(app)
        assert "This link cannot be shown as a QR code" in text
        assert url[:12] not in text


async def test_changing_to_a_bad_url_removes_the_code() -> None:
    app = QRApp(SHORT_URL)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.query_one(QRCode).url = "javascript:alert(1)"
        await pilot.pause()
        assert_no_code_on_screen(app)


async def test_empty_url_takes_no_room() -> None:
    app = QRApp("")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.query_one(QRCode).size.height == 0
        assert_no_code_on_screen(app)


async def test_caption_is_shown_literally_without_control_codes() -> None:
    app = QRApp(SHORT_URL, caption="[b]Join[/b] \x1b[31mnow")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "[b]Join[/b] [31mnow" in text
        assert "\x1b" not in text
        assert "zoom.us" not in text
        assert decode_qr_from_screen(app) == [SHORT_URL]


async def test_screenshot_svg_reads_the_same_as_the_screen() -> None:
    app = QRApp(SHORT_URL, UNICODE_URL, caption="Réunion 会議")
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        svg = app.export_screenshot()
        assert svg_image(svg).tobytes() == screen_image(app).tobytes()
        assert sorted(decode_qr_from_svg(svg)) == sorted([SHORT_URL, UNICODE_URL])


def test_a_link_caption_is_host_and_path_shortened_in_the_middle() -> None:
    assert readable_link("https://smartrecovery.org/family/?ref=kiosk#top") == (
        "smartrecovery.org/family"
    )
    assert readable_link("https://smartrecovery.org/") == "smartrecovery.org"
    long = readable_link("https://meet.example.org/a-very-long-room-name-for-the-late-meeting")
    short = shortened_middle(long, 29)
    assert short == "meet.example.o…e-late-meeting"
    assert shortened_middle("zoom.us/j/1", 29) == "zoom.us/j/1"
