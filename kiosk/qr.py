"""QR code modules for links, and their text drawing with block characters.

Plain Python (no Textual), so the module matrix and the text rows can be checked on their own
and reused by any front end. Modules are True for dark. The matrix includes the quiet zone the
QR standard asks for (4 modules): phone readers and zxing find codes far more reliably with it,
and a kiosk has no reason to skimp on two extra rows.
"""

from __future__ import annotations

import sys
from functools import lru_cache
from types import ModuleType
from typing import Literal

QUIET_ZONE = 4
"""Light modules around the code on every side."""

Matrix = tuple[tuple[bool, ...], ...]
"""Square rows of modules, quiet zone included; True is a dark module."""

ErrorCorrection = Literal["L", "M"]
"""How much of a code may be lost and still read: L about 7 %, M about 15 %."""

# Cell text for (top dark, bottom dark) when two module rows share one text row. Drawn with a
# dark foreground on a light background, so '▀' is a dark top half on a light bottom half.
_HALF_BLOCKS = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


@lru_cache(maxsize=128)
def qr_matrix(text: str, error_correction: ErrorCorrection = "M") -> Matrix | None:
    """The smallest QR code for `text` (UTF-8, error correction M by default), or None if it
    cannot fit.

    Cached per text: screens redraw the same few links over and over. qrcode is imported on
    the first code, after the kiosk's first frame, without Pillow (`_qrcode`).
    """
    qrcode = _qrcode()
    from qrcode.constants import ERROR_CORRECT_L, ERROR_CORRECT_M
    from qrcode.exceptions import DataOverflowError

    levels = {"L": ERROR_CORRECT_L, "M": ERROR_CORRECT_M}
    code = qrcode.QRCode(error_correction=levels[error_correction], border=QUIET_ZONE)
    code.add_data(text)
    try:
        code.make(fit=True)
    except (DataOverflowError, ValueError):
        # qrcode 8.2 raises ValueError ("Invalid version 41") instead of DataOverflowError
        # when the text is too long for the largest version.
        return None
    return tuple(tuple(bool(module) for module in row) for row in code.get_matrix())


def _qrcode() -> ModuleType:
    """qrcode, imported without Pillow even where Pillow is installed (a dev venv): the kiosk
    only needs the module matrix (`QRCode.get_matrix`), never an image. qrcode's image styles
    try Pillow on import and do without it when the import fails; a None in `sys.modules`
    makes `import PIL` fail (Python's documented way to block an import). Pillow and its
    image code take about 3.8 MiB that a kiosk would carry for nothing."""
    if "qrcode" in sys.modules or "PIL" in sys.modules:  # imported already, or Pillow is
        import qrcode

        return qrcode
    sys.modules["PIL"] = None  # type: ignore[assignment]
    try:
        import qrcode
    finally:
        del sys.modules["PIL"]  # a later `import PIL` (tests decoding codes) works as usual
    return qrcode


def qr_version(matrix: Matrix) -> int:
    """The QR version (1-40) of a matrix: version 1 is 21 modules across, each one 4 more."""
    return (len(matrix) - 2 * QUIET_ZONE - 17) // 4


def half_block_rows(matrix: Matrix) -> list[str]:
    """Two module rows per text row ('▀', '▄', '█', ' '): square modules in a terminal cell.

    An odd last module row is paired with a light one, which only widens the quiet zone.
    """
    light_row = (False,) * len(matrix[0]) if matrix else ()
    rows = list(matrix)
    if len(rows) % 2:
        rows.append(light_row)
    return [
        "".join(_HALF_BLOCKS[pair] for pair in zip(top, bottom, strict=True))
        for top, bottom in zip(rows[::2], rows[1::2], strict=True)
    ]


def full_block_rows(matrix: Matrix) -> list[str]:
    """One module row per text row, each module two cells wide: a code twice the size."""
    return ["".join("██" if dark else "  " for dark in row) for row in matrix]


def block_rows(matrix: Matrix, scale: int) -> list[str]:
    """The text rows for `scale` 1 (half blocks) or 2 (full blocks, double size)."""
    if scale == 1:
        return half_block_rows(matrix)
    if scale == 2:
        return full_block_rows(matrix)
    raise ValueError(f"scale must be 1 or 2, not {scale!r}")


def block_size(modules: int, scale: int) -> tuple[int, int]:
    """(columns, rows) that `block_rows` takes for a matrix `modules` wide."""
    if scale == 1:
        return modules, (modules + 1) // 2
    if scale == 2:
        return 2 * modules, modules
    raise ValueError(f"scale must be 1 or 2, not {scale!r}")
