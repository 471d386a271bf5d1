"""The language the interface speaks: gettext catalogues, compiled by Babel when first needed.

Every fixed, user-visible string goes through `_()` (or `ngettext`) when it is shown. Strings
that are defined before they are shown (binding descriptions, tables such as `DAY_NAMES`) are
marked with `N_()`, which only lets Babel extract them, and are translated where they are
displayed, so a language switch at run time changes them too.

Catalogues: ``kiosk/locale/messages.pot`` is extracted from the source and
``kiosk/locale/<lang>/LC_MESSAGES/messages.po`` holds each translation (``make messages``
refreshes both). No compiled ``.mo`` file is kept in the repository: the first time a language
is used its ``.po`` is read with Babel and compiled in memory (``babel.messages.mofile``), once
per process. English is the source language and needs no catalogue.

Text from the data file is never translated: staff write it, and a record may carry a Spanish
version of its text in ``<field>_es`` (`data_text` picks it).
"""

from __future__ import annotations

import gettext
from functools import cache
from io import BytesIO
from pathlib import Path

DOMAIN = "messages"
LOCALE_DIR = Path(__file__).parent / "locale"
SOURCE_LANGUAGE = "en"
LANGUAGES = ("en", "es")
"""Languages the interface speaks, in the order "alternate" mode shows them."""
LANGUAGE_NAMES = {"en": "English", "es": "Español"}
"""Each language's own name, as a visitor looks for it: never translated."""


def catalogue_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The catalogue for `language`, compiled from its ``.po`` on first use (English: none)."""
    if language == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo  # only needed when another language is shown
    from babel.messages.pofile import read_po

    with catalogue_path(language).open("rb") as po_file:
        catalog = read_po(po_file, locale=language, domain=DOMAIN)
    compiled = BytesIO()
    write_mo(compiled, catalog)  # fuzzy entries are left out, as msgfmt does
    compiled.seek(0)
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
