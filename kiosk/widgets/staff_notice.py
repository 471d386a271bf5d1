"""The staff notice: a small "⚠" line in the footer when the data file has a problem.

Visitors should barely notice it; staff see what is wrong at a glance and the whole text on the
staff key (F2) or by tapping the mark. Every notice widget shows the app's `data_notice`
(a `kiosk.watch.DataNotice`, or None when all is well) as it mounts, and each change after
that, which the app posts to every screen (`DataNoticeChanged`; a kiosk screen passes it on to
its notices), so it appears and goes away on every screen at once. Its text is data (it quotes
the file) and is shown literally.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Footer, Static
from textual.widgets._footer import FooterKey  # not exported; the keys Footer composes

from kiosk.i18n import _
from kiosk.messages import DataNoticeChanged, LanguageChanged
from kiosk.watch import DataNotice

NOTICE_ATTRIBUTE = "data_notice"
"""The app's reactive every notice widget shows (`KioskApp.data_notice`)."""


def current_notice(widget: Widget) -> DataNotice | None:
    """The app's notice now (None in an app without one), for a widget that just mounted."""
    notice = getattr(widget.app, NOTICE_ATTRIBUTE, None)
    return notice if isinstance(notice, DataNotice) else None


class StaffNotice(Widget):
    """One line, cut with an ellipsis; hidden while the data is all well.

    Not a Static, so rules for a footer's Statics (such as the loop's) leave it alone.
    """

    DEFAULT_CSS = """
    StaffNotice {
        display: none;
        width: auto;
        max-width: 60%;
        height: auto;
        padding: 0 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        color: $warning;
        background: $panel;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._text = Content("")

    def on_mount(self) -> None:
        self.show_notice(current_notice(self))

    def show_notice(self, notice: DataNotice | None) -> None:
        """Called on mount and, for each change, by the screen (`KioskScreen`)."""
        self.display = notice is not None
        self._text = Content(notice.short if notice is not None else "")
        self.refresh(layout=True)

    def render(self) -> Content:
        return self._text

    async def on_click(self, event: events.Click) -> None:
        event.stop()  # on the loop a tap would otherwise open browse mode
        await self.app.run_action("staff_details")


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
        max-width: 50%;  /* the keys keep the left half */
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


class StaffDetailsScreen(ModalScreen[None]):
    """The notice in full, over whatever is on screen; any key or tap closes it."""

    DEFAULT_CSS = """
    StaffDetailsScreen {
        align: center middle;
    }
    StaffDetailsScreen > VerticalScroll {
        width: 90%;
        max-width: 100;
        height: auto;
        max-height: 90%;
        border: round $warning;
        border-title-color: $warning;
        background: $surface;
        padding: 0 1;
    }
    """

    def compose(self) -> ComposeResult:
        with VerticalScroll() as box:
            box.border_title = _("Data file problem")
            box.border_subtitle = _("Any key closes")
            yield Static(id="staff-details")

    def on_mount(self) -> None:
        self.show_notice(current_notice(self))

    def on_data_notice_changed(self, message: DataNoticeChanged) -> None:
        self.show_notice(message.notice)

    def show_notice(self, notice: DataNotice | None) -> None:
        """Follow the notice while open; once the data is fixed there is nothing to show."""
        if notice is None:
            if self.is_current:
                self.dismiss()
        else:
            self.query_one("#staff-details", Static).update(Content(notice.full))

    def on_key(self, event: events.Key) -> None:
        event.stop()
        self.dismiss()

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.dismiss()
