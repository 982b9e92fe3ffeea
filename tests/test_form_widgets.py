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


async def _burst(app: App, keys: list[tuple[str, str | None]]) -> None:
    """Keys arriving together, as over a slow link: all posted before any is handled."""
    from textual import events

    for key, character in keys:
        app.post_message(events.Key(key, character))


async def test_editing_keys_in_a_burst_act_in_typed_order() -> None:
    """ctrl+a ctrl+k 1014 enter over "50,000" submits 1014 (it submitted an empty field: the binding keys
    ran after the characters that came with them)."""
    from textual import on
    from textual.widgets import Input

    from widgets.findings_text_area import FindingsTextArea
    from widgets.literal import LiteralTextArea

    submitted: list[str] = []

    class Fields(App):
        def compose(self) -> ComposeResult:
            yield TextField("50,000", id="field")
            yield FindingsTextArea("", id="area")
            yield LiteralTextArea("", id="plain")

        @on(Input.Submitted)
        def _submitted(self, event: Input.Submitted) -> None:
            submitted.append(event.value)

    app = Fields()
    async with app.run_test() as pilot:
        app.query_one("#field").focus()
        await pilot.pause()
        await _burst(app, [("ctrl+a", None), ("ctrl+k", None), ("1", "1"), ("0", "0"), ("1", "1"), ("4", "4"),
                           ("enter", "\r")])
        await pilot.pause(0.2)
        assert submitted == ["1014"]
        for area in ("#area", "#plain"):
            app.query_one(area).focus()
            await pilot.pause()
            await _burst(app, [("x", "x"), ("y", "y"), ("backspace", "\x7f"), ("z", "z"), ("left", None), ("w", "w")])
            await pilot.pause(0.2)
            assert app.query_one(area).text == "xwz", area


async def test_the_hint_follows_focus_from_field_to_field() -> None:
    from widgets import WIDGET_CSS_PATHS
    from widgets.form import FieldRow

    class TwoRows(App):
        CSS_PATH = WIDGET_CSS_PATHS

        def compose(self) -> ComposeResult:
            yield FieldRow("First", TextField(id="first"), hint="first hint", id="row-first")
            yield FieldRow("Second", TextField(id="second"), hint="second hint", id="row-second")

    app = TwoRows()
    async with app.run_test() as pilot:
        app.query_one("#first").focus()
        await pilot.pause()

        def shown() -> list[str]:
            return [row.id for row in app.query(FieldRow) if row.message.display and row.message.region.height]

        assert shown() == ["row-first"]
        await pilot.press("tab")
        await pilot.pause()
        assert shown() == ["row-second"]
        await pilot.press("shift+tab")
        await pilot.pause()
        assert shown() == ["row-first"]
