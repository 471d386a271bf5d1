"""Browse mode's option lists, whose page keys wait until the list has been laid out.

Textual 8.2's OptionList looks the highlight up, on page up or down, in line tables it builds
only once it has a size; pressed before that, or while a filter's menu is closing, it raises
KeyError (found by the key-mashing test). Until a list has a size it has no page to move by.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import OptionList, Select
from textual.widgets._select import SelectCurrent, SelectOverlay


class _PagesOnceLaidOut(OptionList):
    def action_page_up(self) -> None:
        if self.scrollable_content_region:
            super().action_page_up()

    def action_page_down(self) -> None:
        if self.scrollable_content_region:
            super().action_page_down()


class ProgramList(_PagesOnceLaidOut):
    """The programs tab's list."""


class _FilterMenu(SelectOverlay, _PagesOnceLaidOut):
    """The menu a filter opens (SelectOverlay first: Textual's CSS and queries know a widget
    by its first base)."""


class FilterSelect(Select[str]):
    """A filter (day, program, format): Textual's Select with the guarded menu.

    `compose` is Select's own (Textual 8.2), with the menu class swapped."""

    def compose(self) -> ComposeResult:
        yield SelectCurrent(self.prompt)
        yield _FilterMenu(type_to_search=self._type_to_search).data_bind(compact=Select.compact)
