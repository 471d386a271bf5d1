"""Input that cannot end kiosk mode: bytes from the terminal that are not UTF-8.

Textual's Linux driver decodes the terminal's input with a strict incremental UTF-8 decoder, in
its input thread; one invalid byte (``ff``, a lone ``80``, an overlong ``c0``, a surrogate's
``ed a0 80``) raises there, and the app panics and exits. `replace_bad_input` makes that decoder
replace such bytes with U+FFFD instead (a key the kiosk ignores), so they never stop it.

Internal API used (Textual 8.2.8): the module attribute
``textual.drivers.linux_driver.getincrementaldecoder``, the name the driver's input thread
(`LinuxDriver.run_input_thread`) looks up to build its decoder. If a later Textual stops using
that name, the patch does nothing and `tests/test_terminal_input.py` fails.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from functools import partial
from typing import Any


def replacing_decoder(encoding: str) -> Callable[..., Any]:
    """`codecs.getincrementaldecoder(encoding)`, whose decoders replace bad bytes."""
    return partial(codecs.getincrementaldecoder(encoding), errors="replace")


def replace_bad_input() -> None:
    """Have Textual's Linux driver replace invalid input bytes instead of raising."""
    try:
        from textual.drivers import linux_driver
    except ImportError:  # not a POSIX terminal (Windows): another driver, not patched
        return
    linux_driver.getincrementaldecoder = replacing_decoder  # type: ignore[attr-defined]
