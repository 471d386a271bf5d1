"""Calendar words of the kiosk's languages, from the Unicode CLDR (via Babel): day, month and
AM/PM names keyed by CLDR field (``EEEE`` weekday, ``EEE`` its abbreviation, ``MMMM`` month,
``MMM`` its abbreviation, ``a`` AM/PM), Monday first, January first, AM before PM.

Generated from CLDR 49 by `make calendar-words` (tools/calendar_words.py): do not edit.
"""

WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {  # en_US
        "EEEE": (
            "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
        ),
        "EEE": (
            "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun",
        ),
        "MMMM": (
            "January", "February", "March", "April", "May", "June", "July", "August", "September",
            "October", "November", "December",
        ),
        "MMM": (
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ),
        "a": (
            "AM", "PM",
        ),
    },
    "es": {  # es_US
        "EEEE": (
            "lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo",
        ),
        "EEE": (
            "lun", "mar", "mié", "jue", "vie", "sáb", "dom",
        ),
        "MMMM": (
            "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
            "octubre", "noviembre", "diciembre",
        ),
        "MMM": (
            "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic",
        ),
        "a": (
            "a.m.", "p.m.",
        ),
    },
}
