"""Work-arounds for Textual bugs that matter to a kiosk running for months; each names its
upstream issue and goes when Textual fixes it. `apply()` once, before the first app runs
(`kiosk.display` does, on import).

`StylesCache.get_inner_outer` (textual/_styles_cache.py, an internal) is an instance method
under a class-wide `lru_cache(1024)`, so its key holds the widget's `StylesCache`, and with it
every line the widget last drew (Strips, each with its own caches), long after the widget is
gone: Textualize/textual#6665. The kiosk makes widgets all day (meeting rows, slides, footer
keys), so the cache filled over two weeks to 1,024 dead widgets' lines: about 55 MiB of a
30-day soak's growth. The answer depends on the two colours only; here the cache is keyed by
them alone (same size, same results), so a widget's lines go with the widget.
"""

from __future__ import annotations

from functools import lru_cache

from textual._styles_cache import StylesCache  # internal: where the bug is
from textual.color import Color
from textual.style import Style

_leaky = StylesCache.__dict__.get("get_inner_outer")
_compute = getattr(_leaky, "__wrapped__", None)  # the undecorated method


@lru_cache(1024)
def _inner_outer(base_background: Color, background: Color) -> tuple[Style, Style]:
    """Textual's own computation (it never reads its first argument), cached by colour."""
    assert _compute is not None
    return _compute(None, base_background, background)


def _get_inner_outer(
    _styles_cache: StylesCache, base_background: Color, background: Color
) -> tuple[Style, Style]:
    return _inner_outer(base_background, background)


def apply() -> None:
    """Put the fixes in place (again: harmless); a fix whose bug Textual fixed is skipped."""
    if _compute is not None and hasattr(_leaky, "cache_clear"):  # still the leaky version
        _leaky.cache_clear()
        StylesCache.get_inner_outer = _get_inner_outer  # type: ignore[method-assign]
