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

`Strip` (textual/strip.py, public, but its slots are internals) makes seven `FIFOCache`s in
`__init__`, about 1.1 KiB per line of text, though most lines never use most of them: a kiosk
at idle keeps 1,000-2,700 lines (each widget's last drawn lines, the slides' too) and carried
1-3 MiB of empty caches, a fifth of its idle memory above a bare Textual app. Here each cache
is made the first time its strip uses it (as Textual's own `Content` makes its `_divide_cache`),
by a descriptor in front of each slot; sizes and behaviour are Textual's. Applied only to the
`Strip` this was written for (its slots as in Textual 8.2), so a changed Textual is left alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from rich.segment import Segment
from textual._styles_cache import StylesCache  # internal: where the bug is
from textual.cache import FIFOCache
from textual.color import Color
from textual.strip import Strip
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


STRIP_SLOTS = ["_segments", "_cell_length", "_divide_cache", "_crop_cache", "_style_cache",
               "_filter_cache", "_render_cache", "_line_length_cache", "_crop_extend_cache",
               "_offsets_cache", "_link_ids", "_cell_count"]
"""`Strip.__slots__` as the lazy caches below were written for (Textual 8.2)."""
STRIP_INIT_NAMES = ("list", *STRIP_SLOTS[:2], "FIFOCache", *STRIP_SLOTS[2:4], "_style_cache",
                    "_filter_cache", "_line_length_cache", "_crop_extend_cache",
                    "_offsets_cache", "_render_cache", "_link_ids", "_cell_count")
"""The names Textual 8.2's `Strip.__init__` uses: an `__init__` that does anything else (a
patch release, the same slots) is left alone."""
STRIP_CACHES = [name for name in STRIP_SLOTS if name.endswith("_cache") and name != "_render_cache"]


class _LazyCache:
    """A `Strip` slot that holds a `FIFOCache`, made (at Textual's size) on first use."""

    def __init__(self, slot: Any, maxsize: int) -> None:
        self.slot = slot  # the slot's own descriptor, which this one stands in front of
        self.maxsize = maxsize

    def __get__(self, strip: Strip | None, owner: type | None = None) -> Any:
        if strip is None:
            return self
        try:
            return self.slot.__get__(strip, owner)
        except AttributeError:  # not used yet
            cache: FIFOCache[Any, Any] = FIFOCache(self.maxsize)
            self.slot.__set__(strip, cache)
            return cache

    def __set__(self, strip: Strip, cache: FIFOCache[Any, Any]) -> None:
        self.slot.__set__(strip, cache)


def _strip_init(self: Strip, segments: Iterable[Segment], cell_length: int | None = None) -> None:
    """`Strip.__init__` without the caches (`_LazyCache` makes each when first used)."""
    self._segments = list(segments)
    self._cell_length = cell_length
    self._render_cache = None
    self._link_ids = None
    self._cell_count = None


def _lazy_strip_caches() -> None:
    if (Strip.__slots__ != STRIP_SLOTS or Strip.__init__ is _strip_init
            or Strip.__init__.__code__.co_names != STRIP_INIT_NAMES):
        return  # another Textual (or done already)
    sizes = {name: getattr(Strip([]), name)._maxsize for name in STRIP_CACHES}
    for name, maxsize in sizes.items():
        setattr(Strip, name, _LazyCache(Strip.__dict__[name], maxsize))
    Strip.__init__ = _strip_init  # type: ignore[method-assign]


def apply() -> None:
    """Put the fixes in place (again: harmless); a fix whose bug Textual fixed is skipped."""
    if _compute is not None and hasattr(_leaky, "cache_clear"):  # still the leaky version
        _leaky.cache_clear()
        StylesCache.get_inner_outer = _get_inner_outer  # type: ignore[method-assign]
    _lazy_strip_caches()
