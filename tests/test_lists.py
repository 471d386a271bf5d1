"""Page keys on a browse list that has not been laid out yet do nothing, instead of raising."""

from __future__ import annotations

from textual.app import App, ComposeResult

from kiosk.widgets.lists import ProgramList


class HiddenListApp(App[None]):
    CSS = "#programs { display: none; }"  # as the programs tab before it is first shown

    def compose(self) -> ComposeResult:
        yield ProgramList("SMART Recovery", "Refuge Recovery", "Grief Group", id="programs")


async def test_page_keys_before_the_first_layout_keep_the_highlight() -> None:
    app = HiddenListApp()
    async with app.run_test() as pilot:
        programs = app.query_one(ProgramList)
        programs.highlighted = 1
        programs.action_page_up()  # Textual 8.2's OptionList raises KeyError here
        programs.action_page_down()
        assert programs.highlighted == 1
        programs.styles.display = "block"
        await pilot.pause()
        programs.action_page_down()
        assert programs.highlighted == 2
