"""Write kiosk/calendar_words.py, the calendar words the kiosk's dates and times use, from
Babel's CLDR data: `make calendar-words` (or `python -m tools.calendar_words`).

Babel stays the source of truth but is a dev dependency only: formatting from this small table
spares a running kiosk Babel's modules and locale data (about 6.5 MiB resident for US English
and US Spanish). tests/test_calendar_words.py fails if the committed table and Babel differ.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from babel import Locale
from babel.core import get_cldr_version

TARGET = Path(__file__).resolve().parents[1] / "kiosk" / "calendar_words.py"
LOCALES = {"en": "en_US", "es": "es_US"}
"""The CLDR locale of each interface language: the kiosk is in the United States."""
LINE_LENGTH = 100


def words(locale_name: str) -> dict[str, tuple[str, ...]]:
    """The words of each CLDR date field the kiosk formats, in the "format" context (the one
    Babel's `format_date` and `format_time` use), in Python's order: Monday first (as
    `date.weekday()`), January first, then AM before PM."""
    locale = Locale.parse(locale_name)
    days, months = locale.days["format"], locale.months["format"]
    periods = locale.day_periods["format"]["abbreviated"]
    return {
        "EEEE": tuple(days["wide"][day] for day in range(7)),
        "EEE": tuple(days["abbreviated"][day] for day in range(7)),
        "MMMM": tuple(months["wide"][month] for month in range(1, 13)),
        "MMM": tuple(months["abbreviated"][month] for month in range(1, 13)),
        "a": (periods["am"], periods["pm"]),
    }


def quoted(word: str) -> str:
    """A double-quoted Python literal; invisible characters (a no-break space) escaped."""
    assert '"' not in word and "'" not in word and "\\" not in word, word
    return f'"{repr(word)[1:-1]}"'


def packed(items: Iterable[str], indent: str) -> list[str]:
    """`items` joined by commas into lines that fit the project's line length."""
    lines: list[str] = []
    for item in items:
        piece = f"{item},"
        if lines and len(lines[-1]) + 1 + len(piece) <= LINE_LENGTH:
            lines[-1] += f" {piece}"
        else:
            lines.append(indent + piece)
    return lines


def render() -> str:
    """The module's text, as `make calendar-words` writes it."""
    lines = [
        '"""Calendar words of the kiosk\'s languages, from the Unicode CLDR (via Babel):'
        " day, month and",
        "AM/PM names keyed by CLDR field (``EEEE`` weekday, ``EEE`` its abbreviation, ``MMMM``"
        " month,",
        "``MMM`` its abbreviation, ``a`` AM/PM), Monday first, January first, AM before PM.",
        "",
        f"Generated from CLDR {get_cldr_version()} by `make calendar-words`"
        " (tools/calendar_words.py): do not edit.",
        '"""',
        "",
        "WORDS: dict[str, dict[str, tuple[str, ...]]] = {",
    ]
    for language, locale_name in LOCALES.items():
        lines.append(f'    "{language}": {{  # {locale_name}')
        for field, names in words(locale_name).items():
            lines.append(f'        "{field}": (')
            lines.extend(packed(map(quoted, names), " " * 12))
            lines.append("        ),")
        lines.append("    },")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main() -> None:
    TARGET.write_text(render(), encoding="utf-8")


if __name__ == "__main__":
    main()
