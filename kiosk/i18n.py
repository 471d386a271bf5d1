"""The language the interface speaks: gettext catalogues, read with the standard library.

Every fixed, user-visible string goes through `_()` (or `ngettext`) when it is shown. Strings
that are defined before they are shown (binding descriptions, tables such as `DAY_NAMES`) are
marked with `N_()`, which only lets Babel extract them, and are translated where they are
displayed, so a language switch at run time changes them too.

Catalogues: ``kiosk/locale/messages.pot`` is extracted from the source,
``kiosk/locale/<lang>/LC_MESSAGES/messages.po`` holds each translation, and ``messages.mo``
beside it is that translation compiled (``make messages`` refreshes all three with Babel, a dev
dependency; tests/test_catalogue.py fails if a ``.mo`` is not what its ``.po`` compiles to now).
The kiosk reads the ``.mo`` with `gettext`, once per process, the first time a language is
used: compiling the ``.po`` at run time would cost Babel's modules and about 2 MiB of memory.
English is the source language and needs no catalogue.

Text from the data file is never translated: staff write it, and a record may carry a Spanish
version of its text in ``<field>_es`` (`data_text` picks it).
"""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path

DOMAIN = "messages"
LOCALE_DIR = Path(__file__).parent / "locale"
SOURCE_LANGUAGE = "en"
LANGUAGES = ("en", "es")
"""Languages the interface speaks, in the order "alternate" mode shows them."""
LANGUAGE_NAMES = {"en": "English", "es": "Español"}
"""Each language's own name, as a visitor looks for it: never translated."""


def catalogue_path(language: str, suffix: str = ".po") -> Path:
    """A language's catalogue: the translation (``.po``) or, with ``suffix=".mo"``, the
    compiled file the kiosk reads."""
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}{suffix}"


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The catalogue for `language`, read from its ``.mo`` on first use (English: none)."""
    if language == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    with catalogue_path(language, ".mo").open("rb") as compiled:
        return gettext.GNUTranslations(compiled)


_language = SOURCE_LANGUAGE
_translation: gettext.NullTranslations = translations(SOURCE_LANGUAGE)


def use_language(language: str) -> None:
    """Speak `language` ("en" or "es") from now on; raises ValueError for any other."""
    global _language, _translation
    if language not in LANGUAGES:
        raise ValueError(f"no catalogue for language {language!r}: use one of {LANGUAGES}")
    _translation = translations(language)
    _language = language


def current_language() -> str:
    return _language


def _(message: str) -> str:
    """The translation of a fixed interface string, or the string itself."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form for `count`, translated."""
    return _translation.ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """The translation of a string whose English serves more than one purpose ("Next": a
    key, and a meeting's next date), told apart by `context`."""
    return _translation.pgettext(context, message)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it yet (translate later with `_`)."""
    return message


def data_text(record: object, field: str) -> str:
    """A record's text in the language shown: ``<field>_<lang>`` if staff wrote one, else
    ``<field>`` (the English)."""
    english = str(getattr(record, field))
    if _language == SOURCE_LANGUAGE:
        return english
    return str(getattr(record, f"{field}_{_language}", "") or english)
