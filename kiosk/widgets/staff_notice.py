"""The staff notice: a small neutral mark in the footer when the data file has a problem.

Visitors should barely notice it, and never read file paths, record ids or validation messages
on a public screen: the mark says only that staff have something to look at. Staff read it in
full behind the staff key sequence (the PIN prompt, `StaffExitScreen`), in `kiosk check` and in
the log. Every notice widget follows the app's `data_notice` (a `kiosk.watch.DataNotice`, or
None when all is well) from when it mounts, with each change the app posts to every screen
(`DataNoticeChanged`; a kiosk screen passes it on to its notices), so it appears and goes away
on every screen at once.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey  # not exported; the keys Footer composes

from kiosk.i18n import _
from kiosk.messages import LanguageChanged
from kiosk.watch import DataNotice

FOOTER_MARK = "◆"
"""All a visitor sees of a data problem: a small mark, in a muted colour, with no words."""

NOTICE_ATTRIBUTE = "data_notice"
"""The app's reactive every notice widget shows (`KioskApp.data_notice`)."""


def current_notice(widget: Widget) -> DataNotice | None:
    """The app's notice now (None in an app without one), for a widget that just mounted."""
    notice = getattr(widget.app, NOTICE_ATTRIBUTE, None)
    return notice if isinstance(notice, DataNotice) else None


class StaffNotice(Widget):
    """The mark, hidden while the data is all well; never any words (see the module).

    Not a Static, so rules for a footer's Statics (such as the loop's) leave it alone.
    """

    DEFAULT_CSS = """
    StaffNotice {
        display: none;
        width: auto;
        height: 1;
        padding: 0 1;
        color: $text-muted;
        background: $panel;
    }
    """

    def on_mount(self) -> None:
        self.show_notice(current_notice(self))

    def show_notice(self, notice: DataNotice | None) -> None:
        """Called on mount and, for each change, by the screen (`KioskScreen`)."""
        self.display = notice is not None

    def render(self) -> Content:
        return Content(FOOTER_MARK)


class KioskFooter(Footer):
    """The key bar of browse, program and meeting screens, with the staff notice on the right.

    Binding descriptions are English (marked with `N_`) and translated here, each time the bar
    is built, so the keys follow the language shown (its screen forwards `LanguageChanged`).

    It builds its keys itself, as Footer does for bindings without groups, but without binding
    each key's `compact` to the footer's (`data_bind`): Textual keeps such a watcher on the footer
    until `compact` next changes, which for a kiosk footer is never, so a footer kept for the
    app's life (browse, the meeting detail) held every key it ever showed. And it is built again
    only when the keys it shows change, not each time its screen is shown.
    """

    DEFAULT_CSS = """
    KioskFooter StaffNotice {
        dock: right;
    }
    """

    def __init__(self) -> None:
        super().__init__(show_command_palette=False)
        self._built_for: tuple[tuple[str, str, str, bool, str], ...] | None = None

    def _shown_bindings(self) -> list[tuple[Binding, bool, str]]:
        """The first binding of each action the screen shows a key for, with whether it is
        enabled and its tooltip (as Footer chooses them)."""
        by_action: dict[str, tuple[Binding, bool, str]] = {}
        for _node, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.show:
                by_action.setdefault(binding.action, (binding, enabled, tooltip))
        return list(by_action.values())

    def _keys_shown(self) -> tuple[tuple[str, str, str, bool, str], ...]:
        return tuple((binding.key, binding.action, binding.description, enabled, tooltip)
                     for binding, enabled, tooltip in self._shown_bindings())

    def compose(self) -> ComposeResult:
        shown = self._shown_bindings()
        self._built_for = self._keys_shown()
        self.styles.grid_size_columns = len(shown)
        for binding, enabled, tooltip in shown:
            description = _(binding.description) if binding.description else ""
            key = FooterKey(binding.key, self.app.get_key_display(binding), description,
                            binding.action, disabled=not enabled, tooltip=tooltip)
            key.set_reactive(FooterKey.compact, self.compact)
            yield key
        yield StaffNotice()

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Built again only if the keys to show changed (a screen shown again has the same)."""
        if self.is_attached and screen is self.screen and self._keys_shown() == self._built_for:
            return
        super().bindings_changed(screen)

    async def on_language_changed(self, _message: LanguageChanged) -> None:
        """Forwarded by its screen; rebuilt from its own queue, not the screen's handler."""
        await self.recompose()
