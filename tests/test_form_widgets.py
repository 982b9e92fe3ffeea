"""The one-line text field: typing repaints the field alone, and long text still scrolls."""

from __future__ import annotations

from textual.app import App, ComposeResult

from widgets.form import TextField


class OneField(App):
    def compose(self) -> ComposeResult:
        yield TextField(id="field")


async def test_long_text_scrolls_and_comes_back() -> None:
    app = OneField()
    async with app.run_test(size=(30, 5)) as pilot:
        field = app.query_one(TextField)
        field.focus()
        await pilot.press(*"abcdefghijklmnopqrstuvwxyz0123456789ABCDEF")
        await pilot.pause()
        assert field.scroll_x == field.max_scroll_x > 0  # the cursor at the end is in view
        await pilot.press("home")
        await pilot.pause()
        assert field.scroll_x == 0


async def test_a_key_press_does_not_lay_out_the_screen_again() -> None:
    app = OneField()
    async with app.run_test(size=(30, 5)) as pilot:
        app.query_one(TextField).focus()
        await pilot.pause()
        layouts = []
        original = app.screen._refresh_layout

        def counting(*args, **kwargs):
            layouts.append(1)
            return original(*args, **kwargs)

        app.screen._refresh_layout = counting
        await pilot.press(*"hello")
        await pilot.pause()
        assert layouts == []
