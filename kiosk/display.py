"""How the kiosk looks and which language it speaks: themes, the large-text layout, language.

Staff choose in the settings (``theme``, ``large_text``, ``language``; see docs/data-format.md)
and can override the look with staff keys that work in kiosk mode too: ctrl+t cycles the themes
and ctrl+l toggles large text. A key's choice lasts until staff change that setting in the file.
Burn-in guard: with ``burn_in_shift_minutes`` above 0 the whole picture moves by a cell every
that many minutes, round `BURN_IN_POSITIONS` positions (padding on every screen, so nothing is
cut off), and no pixel shows the same thing for months. The position is a function of the
clock's time, not of a timer, so a pinned clock pins it.
Visitors switch language in browse mode with a key the footer shows as "Español" / "English";
when they leave, the loop goes back to the settings' language. With ``language: "alternate"``
the loop shows each language in turn, one full cycle of slides each.

`DisplayApp` holds the choices as reactives (`App.theme`, `large_text`, `language`). Screens
and widgets read them when they mount; when one changes, the app posts a message to each screen
(`LanguageChanged`, `LargeTextChanged`), which passes it on to its widgets. They never
``self.watch(self.app, ...)``: Textual keeps such a watcher on the app, and with it a closed
screen, until that attribute next changes (months, for the language). Large text is also the
``-large-text`` class on the app, for CSS.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.color import Color
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.theme import Theme

from kiosk import textual_fixes
from kiosk.i18n import LANGUAGE_NAMES, LANGUAGES, N_, SOURCE_LANGUAGE, use_language
from kiosk.messages import LanguageChanged, LargeTextChanged
from kiosk.model import THEMES, Settings

textual_fixes.apply()  # before any widget draws: a widget's lines go with it (a months-long run)

KIOSK_THEME = Theme(
    name="kiosk",
    primary="#3D8BFF",
    secondary="#7CC4FF",
    accent="#FFC857",
    warning="#FFB000",
    error="#FF6B6B",
    success="#4ADE80",
    foreground="#F5F7FA",
    background="#0A0F1C",
    surface="#111A2E",
    panel="#1C2944",
    dark=True,
)
"""Light text on a deep blue-black, bright accents: readable across a lobby."""

BLACK, WHITE, YELLOW = "#000000", "#FFFFFF", "#FFFF00"
PURE_COLOURS = tuple(Color.parse(colour) for colour in (BLACK, WHITE, YELLOW))
CONTRAST_TEXT = "auto 100%"
"""Black or white, whichever stands out more from the background (Textual's "auto")."""


def _nearest_pure(colour: Color) -> Color:
    return min(PURE_COLOURS, key=lambda pure: sum(
        (a - b) ** 2 for a, b in zip(pure.rgb, colour.rgb, strict=True)
    ))


def pure_variables(theme: Theme) -> dict[str, str]:
    """Every colour Textual derives from `theme` (shades, muted and blended variants), moved
    to the nearest of black, white and yellow as it would show over the black background."""
    background = Color.parse(BLACK)
    pinned: dict[str, str] = {}
    for name, value in theme.to_color_system().generate().items():
        # Textual writes every colour it derives as hex; the rest are text styles and "auto"
        # text colours (set in the theme). Parsing those fails slowly, with a spelling
        # suggestion each (20-40 ms at import).
        if value.startswith("#") and (colour := Color.parse(value)).a > 0:
            pinned[name] = _nearest_pure(background + colour).hex
    return pinned


_HIGH_CONTRAST_BASE = Theme(
    name="high-contrast",
    primary=YELLOW,
    secondary=YELLOW,
    accent=YELLOW,
    warning=YELLOW,
    error=YELLOW,
    success=YELLOW,
    foreground=WHITE,
    background=BLACK,
    surface=BLACK,
    panel=BLACK,
    boost=BLACK,
    dark=True,
)
HIGH_CONTRAST_THEME = replace(_HIGH_CONTRAST_BASE, variables={
    **pure_variables(_HIGH_CONTRAST_BASE),
    "text": CONTRAST_TEXT,
    "text-muted": CONTRAST_TEXT,
    "text-disabled": CONTRAST_TEXT,
    "block-cursor-foreground": CONTRAST_TEXT,
    "block-cursor-blurred-foreground": CONTRAST_TEXT,
    "block-cursor-blurred-background": WHITE,  # a cursor in a list that has lost focus
    "block-hover-background": BLACK,
    "border-blurred": WHITE,  # the outline of a control without focus (focused: yellow)
    "button-color-foreground": CONTRAST_TEXT,
    "footer-key-foreground": YELLOW,
    "input-cursor-foreground": BLACK,
    "input-selection-foreground": BLACK,
    "screen-selection-foreground": BLACK,
    "link-color": YELLOW,
    "link-color-hover": BLACK,
})
"""Pure white on black, yellow for headings, keys, borders and the cursor, black on yellow
or white (contrast 21:1 and 19.6:1): no grey anywhere. Statuses differ by their words, as
they do in every theme; rules that use a colour's transparency are in display.tcss."""

THEME_BY_NAME: dict[str, Theme] = {
    theme.name: theme for theme in (KIOSK_THEME, HIGH_CONTRAST_THEME)
}
assert tuple(THEME_BY_NAME) == THEMES, "kiosk.model.THEMES names the themes settings may choose"

LARGE_TEXT_CLASS = "-large-text"
BURN_IN_POSITIONS = 4
"""Top left, top right, bottom right, bottom left: each screen's padding in display.tcss."""


def burn_in_position(now: datetime, minutes: int) -> int | None:
    """The burn-in position at `now` when shifting every `minutes` (None: shifting is off)."""
    if minutes <= 0:
        return None
    return int(now.timestamp()) // (minutes * 60) % BURN_IN_POSITIONS


ALTERNATE = "alternate"
LANGUAGE_KEY = "e"
"""The visitor's language key, for "Español" and "English" alike."""


class DisplayApp(App[None], inherit_bindings=False):
    """An app whose theme, large text and language follow the settings and the keys above."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+t", "cycle_theme", N_("Theme"), show=False, priority=True),
        Binding("ctrl+l", "toggle_large_text", N_("Large text"), show=False, priority=True),
        # Two bindings on one key: `check_action` hides the one for the language showing, so
        # the footer offers the other language, named in that language.
        *(Binding(LANGUAGE_KEY, f"switch_language('{code}')", LANGUAGE_NAMES[code])
          for code in LANGUAGES),
    ]

    large_text: reactive[bool] = reactive(False)
    """The large-text layout: more room, big digits and banners, fewer items per screen."""

    language: reactive[str] = reactive(SOURCE_LANGUAGE)
    """The language shown ("en" or "es"); change it with `show_language`."""

    burn_in_position: reactive[int | None] = reactive(None)
    """Where the picture is moved to against burn-in (0 to 3), or None: not moved at all."""

    def __init__(self) -> None:
        super().__init__()
        for theme in THEME_BY_NAME.values():
            self.register_theme(theme)
        self._start_in(KIOSK_THEME)
        self.language_setting = SOURCE_LANGUAGE
        """``settings.language``: "en", "es" or "alternate"."""
        self._followed: tuple[str, bool, str] | None = None
        self.show_language(SOURCE_LANGUAGE)

    def _start_in(self, theme: Theme) -> None:
        """Begin in `theme` as if it were Textual's default, before any CSS is parsed.

        Setting `App.theme` here would run Textual's theme watcher, which queues two parses of
        all the CSS (about 25 ms) before the first frame. A dark theme (as Textual's default)
        needs only what that watcher does besides: its class on the app, and its variables."""
        assert theme.dark, "the dark- and light-mode classes are still Textual's default's"
        self.set_reactive(App.theme, theme.name)
        self.set_class(True, f"-theme-{theme.name}", update=False)
        self.stylesheet.set_variables(self.get_css_variables())

    def follow_settings(self, settings: Settings) -> None:
        """Take each display setting that changed in the file since it was last read (so a
        staff key's choice lasts until staff change that setting)."""
        theme, large_text, language = self._followed or (None, None, None)
        self._followed = (settings.theme, settings.large_text, settings.language)
        if settings.theme != theme:
            self.theme = settings.theme
        if settings.large_text != large_text:
            self.large_text = settings.large_text
        if settings.language != language:
            self.language_setting = settings.language
            self.show_language(self.home_language)

    @property
    def home_language(self) -> str:
        """The language the loop starts in: the chosen one, or the first when alternating."""
        return LANGUAGES[0] if self.language_setting == ALTERNATE else self.language_setting

    def show_language(self, language: str) -> None:
        """Speak `language` from now on; everything on screen follows `language`."""
        use_language(language)
        self.language = language

    def alternate_language(self) -> bool:
        """At the end of a slide cycle: the next language if alternating (True), else False."""
        if self.language_setting != ALTERNATE:
            return False
        position = LANGUAGES.index(self.language)
        self.show_language(LANGUAGES[(position + 1) % len(LANGUAGES)])
        return True

    def restore_language(self) -> None:
        """When a visitor leaves: the settings' language again (alternating carries on)."""
        if self.language_setting != ALTERNATE:
            self.show_language(self.language_setting)

    def screens_to_tell(self) -> list[Screen[Any]]:
        """The screens the app's messages go to: the stack (`KioskApp` adds the screens it
        keeps installed off the stack, which must be up to date when they come back)."""
        return self.screen_stack

    def _post_to_screens(self, make_message: Callable[[], Message]) -> None:
        """A message of its own to each screen in `screens_to_tell` (a message is handled once).

        Holds no reference to any screen afterwards, so a closed one can be freed. Before the
        app runs there is no screen yet: each reads the app's state when it mounts."""
        if not self.is_running:
            return
        for screen in self.screens_to_tell():
            screen.post_message(make_message())

    def watch_language(self) -> None:
        self._post_to_screens(LanguageChanged)

    def watch_large_text(self, large_text: bool) -> None:
        self.set_class(large_text, LARGE_TEXT_CLASS)
        self._post_to_screens(lambda: LargeTextChanged(large_text))

    def follow_burn_in(self, now: datetime, minutes: int) -> None:
        """Once a tick: move the picture when the time for the next position has come."""
        self.burn_in_position = burn_in_position(now, minutes)

    def watch_burn_in_position(self, position: int | None) -> None:
        for number in range(BURN_IN_POSITIONS):
            self.set_class(number == position, f"-burn-in-{number}")

    def action_cycle_theme(self) -> None:
        """Staff key: the next theme."""
        names = list(THEME_BY_NAME)
        position = names.index(self.theme) if self.theme in names else -1
        self.theme = names[(position + 1) % len(names)]

    def action_toggle_large_text(self) -> None:
        """Staff key: large text on or off."""
        self.large_text = not self.large_text

    def action_switch_language(self, language: str) -> None:
        """Visitor key: the other language, until the visitor leaves."""
        self.show_language(language)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer only the language that is not showing."""
        if action == "switch_language":
            return parameters[0] != self.language
        return True
