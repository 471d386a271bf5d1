"""Translation of the interface's fixed strings (gettext), falling back to the English text.

Every fixed, user-visible string in the UI goes through `_()`. Text from the data file is never
translated: staff write it in the language they want shown. Catalogues live in
``kiosk/locale/<lang>/LC_MESSAGES/kiosk.mo``; with none installed, `_()` returns its argument.

Strings evaluated when a module is imported (binding descriptions, `N_` tables) are translated
in the language chosen at start-up, so call `use_language` before importing the UI.
"""

from __future__ import annotations

import gettext
from collections.abc import Sequence
from pathlib import Path

DOMAIN = "kiosk"
LOCALE_DIR = Path(__file__).parent / "locale"

_translation: gettext.NullTranslations = gettext.translation(DOMAIN, LOCALE_DIR, fallback=True)


def use_language(languages: Sequence[str] | None = None) -> None:
    """Switch catalogue: e.g. ``["es"]``; None reads LANGUAGE/LC_ALL/LANG like gettext does."""
    global _translation
    _translation = gettext.translation(
        DOMAIN, LOCALE_DIR, languages=list(languages) if languages else None, fallback=True
    )


def _(message: str) -> str:
    """The translation of a fixed interface string, or the string itself."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form for `count`, translated."""
    return _translation.ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it yet (translate later with `_`)."""
    return message
