"""A pre-mortem's section 2: failure stories, told as if the launch had already failed."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from data.records import LearningItem
from screens.meeting_dialogs import StoryDialog
from screens.section import SectionScreen
from widgets.literal import cell
from widgets.table import MeasuredTable

PROMPTS = (
    "It is six months from now and this launch failed badly. Tell the story of how.",
    "What broke first, and who noticed, how late?  ·  What made it worse or slower to fix?",
    "Which warning sign did we see and explain away?  ·  What did we assume would just work?",
)


class StoriesScreen(SectionScreen):
    SECTION = "timeline"
    AREA = "stories"
    CSS_PATH = "stories.tcss"
    HELP = """\
## Failure stories (pre-mortem)

A pre-mortem runs the postmortem forward: before the launch, everyone imagines it has
already failed and tells how. Each story is a path to failure; the Analysis screen (4) turns
them into causes on the fishbone, and the Actions screen (5) into preventive actions with
owners and dates. No timeline is needed (palette: "go: timeline of the pre-mortem" if you
want an imagined one), and the review expects no resolved event.

`a` adds a story, `e` or Enter edits, `x` deletes.
"""
    BINDINGS = [
        Binding("a", "add", "Add story", id="stories.add", tooltip="Add a failure story"),
        Binding("e", "edit", "Edit", id="stories.edit", tooltip="Edit the highlighted story (also Enter)"),
        Binding("x,delete", "delete", "Delete", key_display="x", id="stories.delete",
                tooltip="Delete the highlighted story"),
    ]

    def __init__(self, postmortem_id: int) -> None:
        super().__init__(postmortem_id)
        self.stories: list[LearningItem] = []

    def compose_body(self) -> ComposeResult:
        prompts = Static("\n".join(PROMPTS), id="story-prompts", markup=False)
        prompts.border_title = "Imagine it failed"
        yield prompts
        yield MeasuredTable(id="stories", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one("#stories", DataTable).add_columns("#", "Failure story")

    async def _load_postmortem(self) -> None:
        await self.reload()
        self.query_one("#stories", DataTable).focus()

    async def reload(self) -> None:
        pm_id = self.postmortem_id
        try:
            postmortem, learnings = await self.app.store.run(
                lambda s: (s.get(pm_id), s.learnings.list(pm_id)))
        except Exception as error:  # noqa: BLE001 - shown, never raised
            self.app.report_error(error, doing="Could not read the failure stories")
            return
        self.show_postmortem(postmortem)
        self.stories = [item for item in learnings if item.kind == "failure_story"]
        table = self.query_one("#stories", DataTable)
        row = table.cursor_row
        table.clear()
        widest = max(20, (table.size.width or 100) - 8)  # the column fits its text, up to the table
        for number, story in enumerate(self.stories, 1):
            table.add_row(Text(str(number)), cell(story.text, width=widest), key=str(story.id))
        if not self.stories:
            table.add_row("", Text("No story yet: press a, and tell how it failed.", style="dim"))
        else:
            table.move_cursor(row=min(row, len(self.stories) - 1))

    def _story(self) -> LearningItem | None:
        if not self.stories:
            return None
        return self.stories[min(self.query_one("#stories", DataTable).cursor_row, len(self.stories) - 1)]

    def action_add(self) -> None:
        pm_id = self.postmortem_id

        def save(values: dict[str, str] | None) -> None:
            if values:
                self.change(lambda s: s.learnings.add(pm_id, kind="failure_story", text=values["text"]),
                             "adding a story")
        self.app.push_screen(StoryDialog("Failure story"), save)

    def action_edit(self) -> None:
        story = self._story()
        if story is None:
            return

        def save(values: dict[str, str] | None) -> None:
            if values:
                self.change(lambda s: s.learnings.update(story.id, expected=story, text=values["text"]),
                            "editing a story")
        self.app.push_screen(StoryDialog("Failure story", story.text), save)

    def on_data_table_row_selected(self) -> None:
        self.action_edit()

    def action_delete(self) -> None:
        story = self._story()
        if story is not None:
            self.change(lambda s: s.learnings.delete(story.id, expected=story), "deleting a story")

    def show_path(self, path: str) -> None:
        index = self.path_index(path)
        table = self.query_one("#stories", DataTable)
        if index is not None and index < len(self.stories):
            table.move_cursor(row=index)
        table.focus()
