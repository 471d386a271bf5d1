"""Spanish without the UI: the catalogue read from its compiled .mo, words, dates and times for the
language, a record's Spanish text, and the settings that choose language and look."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from kiosk import i18n
from kiosk.formatting import (
    clock_parts,
    clock_time,
    countdown,
    duration,
    format_label,
    long_date,
    relative_day,
    short_date,
    status_label,
    time_range,
    weekday_list,
    when,
)
from kiosk.i18n import _, data_text, ngettext, use_language
from kiosk.model import Page, Program
from kiosk.validate import validate_docs
from tests.app_helpers import TUESDAY, at


def test_the_spanish_catalogue_is_read_from_its_compiled_file() -> None:
    """tests/test_catalogue.py checks the .mo is what the .po compiles to."""
    spanish = i18n.translations("es")
    assert spanish.gettext("Today") == "Hoy"
    assert spanish.pgettext("next date", "Next") == "Próxima"
    assert spanish.gettext("Next") == "Siguiente"
    singular, plural = "{count} meeting in the next 7 days", "{count} meetings in the next 7 days"
    assert spanish.ngettext(singular, plural, 1) == "{count} reunión en los próximos 7 días"
    assert spanish.ngettext(singular, plural, 3) == "{count} reuniones en los próximos 7 días"
    assert i18n.translations("es") is spanish, "compiled once per process"


def test_switching_language() -> None:
    assert _("Cancelled") == "Cancelled"
    use_language("es")
    assert i18n.current_language() == "es"
    assert _("Cancelled") == "Cancelada"
    more = "and {count} more today — press any key to see them all"
    assert ngettext(more, more, 2) == "y {count} más hoy: pulse cualquier tecla para verlas todas"
    assert _("A string nobody translated") == "A string nobody translated"
    use_language("en")
    assert _("Cancelled") == "Cancelled"
    with pytest.raises(ValueError, match="no catalogue"):
        use_language("fr")
    assert i18n.current_language() == "en"


def test_dates_and_times_in_spanish() -> None:
    use_language("es")
    assert long_date(TUESDAY) == "Martes, 24 de noviembre"
    assert short_date(date(2026, 12, 3)) == "Jue 3 dic"
    assert relative_day(TUESDAY, TUESDAY) == "Hoy"
    assert relative_day(TUESDAY + timedelta(days=1), TUESDAY) == "Mañana"
    assert clock_time(time(18, 5)) == "6:05 p.m."
    assert clock_parts(time(9, 30)) == ("9:30", "a.m.")
    assert time_range(at(18, 0), at(19, 30)) == "6:00 p.m.–7:30 p.m."
    later = TUESDAY + timedelta(days=2)
    assert when(at(19, 0, later), at(20, 15, later), TUESDAY) == (
        "Jueves, 26 de noviembre, 7:00 p.m.–8:15 p.m."
    )
    assert duration(90) == "1 h 30 min"
    assert countdown(12) == "empieza en 12 min"
    assert countdown(0) == "empieza ahora"
    assert weekday_list([5, 1, 3]) == "lunes, miércoles y viernes"
    assert format_label("in_person") == "En persona"
    assert format_label("hybrid") == "Híbrida"
    assert status_label("starting_soon") == "Empieza pronto"


def test_english_dates_are_unchanged_through_babel() -> None:
    """Babel formats English too; every day of a year reads as it did before."""
    months = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")
    weekdays = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    day = date(2026, 1, 1)
    while day.year == 2026:
        weekday, month = weekdays[day.weekday()], months[day.month - 1]
        assert long_date(day) == f"{weekday}, {month} {day.day}"
        assert short_date(day) == f"{weekday[:3]}, {month[:3]} {day.day}"
        day += timedelta(days=1)
    assert clock_time(time(0, 5)) == "12:05 AM"


def test_a_records_spanish_text_and_the_english_where_there_is_none() -> None:
    program = Program(slug="grief-group", name="Grief Group", summary="Support after a loss.",
                      summary_es="Apoyo después de una pérdida.", description="Every week.")
    page = Page(slug="peer-support", title="What is peer support?", title_es="")
    assert data_text(program, "summary") == "Support after a loss."
    use_language("es")
    assert data_text(program, "summary") == "Apoyo después de una pérdida."
    assert data_text(program, "description") == "Every week."
    assert data_text(page, "title") == "What is peer support?"


def test_display_settings_and_spanish_fields_are_checked() -> None:
    good = validate_docs({
        "settings": [{"theme": "high-contrast", "large_text": True, "language": "alternate"}],
        "programs": [{"slug": "p", "name": "P", "summary_es": "Resumen"}],
        "pages": [{"slug": "q", "title": "Q", "title_es": "¿Q?", "body_es": "Texto"}],
    })
    assert good.problems == ()
    assert (good.settings.theme, good.settings.large_text) == ("high-contrast", True)
    assert good.settings.language == "alternate"
    assert good.pages[0].body_es == "Texto"
    bad = validate_docs({
        "settings": [{"theme": "dark", "large_text": "yes", "language": "fr"}],
        "programs": [{"slug": "p", "name": "P", "description_es": 3}],
    })
    found = {(p.record, p.field): p.message for p in bad.problems}
    assert found[("settings", "theme")] == "'dark' is not one of: kiosk, high-contrast"
    assert found[("settings", "large_text")] == "must be true or false"
    assert found[("settings", "language")] == "'fr' is not one of: en, es, alternate"
    assert "must be text" in next(m for (_r, f), m in found.items() if f == "description_es")
    assert bad.settings.theme == "kiosk" and bad.settings.language == "en"  # defaults kept
