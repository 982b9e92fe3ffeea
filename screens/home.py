"""The home screen: every postmortem in the database, filtered as you type."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from textual import events, on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static

from app.logic.display import brief, shown
from app.logic.filtering import filter_postmortems
from data.records import PostmortemListItem
from widgets.form import TextField
from widgets.postmortem_table import PostmortemTable


class HomeScreen(Screen):
    """List, filter, create, open, duplicate and delete postmortems."""

    AREA = "home"
    CSS_PATH = "home.tcss"
    AUTO_FOCUS = "#postmortems"
    HELP = """\
## Postmortems

Every postmortem in this database. A postmortem is a **blameless** account of an
incident: what happened (timeline), what it cost (impact), why (root causes, deep
enough to act on) and what will change (SMART corrective actions with owners and
due dates), written **within 48 hours** and tracked until every action is done.

**Open** counts actions still open, in progress or blocked; **Overdue** those past
their due date. Type anywhere to filter: every word must match the incident id,
title, type, severity, status, owner, a tag or the date.
"""
    BINDINGS = [
        Binding("n", "new", "New", id="home.new", tooltip="Start a new postmortem"),
        Binding("c", "duplicate", "Duplicate", id="home.duplicate",
                tooltip="Copy the highlighted postmortem, with all its content, as a new draft"),
        Binding("x,delete", "delete", "Delete", key_display="x", id="home.delete",
                tooltip="Delete the highlighted postmortem (asks first)"),
        Binding("i", "insights", "Insights", id="home.insights",
                tooltip="The quarterly review: incidents, speed, causes and actions across every postmortem"),
        Binding("t", "app.tracker", "Tracker", id="home.tracker",
                tooltip="Every corrective action of every postmortem, and the weekly check-in"),
        Binding("slash", "filter", "Filter", key_display="/", id="home.filter",
                tooltip="Filter the list as you type; Esc clears"),
        Binding("d", "demo", "Load demo", show=False, id="home.demo",
                tooltip="Add the demo postmortem (the method's example outage)"),
        Binding("q", "app.quit", "Quit", id="home.quit", tooltip="Leave postmortem; everything is saved"),
    ]

    def __init__(self, *, load_demo: bool = False) -> None:
        super().__init__()
        self.load_demo = load_demo
        self.items: list[PostmortemListItem] = []
        self._select_after_load: int | None = None

    def compose(self) -> ComposeResult:
        yield Static("Postmortems", id="home-title", classes="screen-title", markup=False)
        if self.app.store.read_only:
            yield Static("Read-only: browsing only, nothing is saved.", classes="read-only-banner")
        yield TextField(placeholder="Filter: type to narrow by id, title, type, status, owner, tag…",
                        id="filter", compact=True, select_on_focus=False)
        yield PostmortemTable(id="postmortems")
        yield Static("", id="empty", markup=False)
        yield Footer()

    @property
    def table(self) -> PostmortemTable:
        return self.query_one(PostmortemTable)

    # -- loading ------------------------------------------------------------------

    def on_screen_resume(self) -> None:
        self.refresh_from_store()

    def refresh_from_store(self, *, force: bool = False) -> None:
        """Read the list again (back on this screen, or postmortems changed elsewhere); the filter line
        is left as typed."""
        self.run_worker(self.reload(), group="load", exclusive=True, exit_on_error=False)

    async def reload(self, *, select_id: int | None = None) -> None:
        load_demo, self.load_demo = self.load_demo, False

        def read(service):
            if load_demo:
                from data.demo import load_demo as add_demo

                add_demo(service)
            return service.list_postmortems()

        try:
            if load_demo:
                self.items = await self.app.store.run(read)
            else:
                self.items = await self.app.store.list_postmortems()
            self.app.postmortem_types.update({item.id: item.incident_type for item in self.items})
        except Exception as error:  # noqa: BLE001 - shown, never raised
            self.app.report_error(error, doing="Could not read the postmortems")
            return
        self._show(select_id=select_id)
        # The ORM loads on the store thread once the list is on screen, before the first edit needs it.
        self.set_timer(0.2, self.app.store.warm_up)

    def _show(self, *, select_id: int | None = None) -> None:
        query = self.query_one("#filter", Input).value
        matching = filter_postmortems(self.items, query)
        self.table.show(matching, select_id=select_id)
        count = len(self.items)
        title = f"Postmortems ({len(matching)} of {count})" if query.strip() else f"Postmortems ({count})"
        self.query_one("#home-title", Static).update(f"{title}   {shown(self.app.database_label)}")
        empty = self.query_one("#empty", Static)
        if not self.items:
            empty.update(
                "No postmortems yet.\n\n"
                "  n   start a new postmortem\n"
                "  d   load the demo: the method's example, a 2-hour database outage\n"
                "  ?   help on every key"
            )
        elif not matching:
            empty.update(f"No postmortem matches “{brief(query.strip(), 60)}”. Esc clears the filter.")
        else:
            empty.update("")
        empty.display = not matching
        self.table.set_class(not matching, "-empty")

    # -- filter -------------------------------------------------------------------

    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        self._show()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.table.focus()

    def action_insights(self) -> None:
        from data.insights import read_facts
        from screens.insights import InsightsScreen

        self.app.push_screen(InsightsScreen(self.app.store.submit(read_facts)))

    def action_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def on_key(self, event: events.Key) -> None:
        """Typing on the table starts filtering; Esc clears the filter; Enter or ↓ goes to the table."""
        filter_input = self.query_one("#filter", Input)
        if filter_input.has_focus:
            if event.key == "escape":
                event.stop()
                filter_input.value = ""
                self.table.focus()
            elif event.key == "down":
                event.stop()
                self.table.focus()
            return
        if event.key == "escape" and filter_input.value:
            event.stop()
            filter_input.value = ""
            return
        if event.key in self.active_bindings:
            return  # a key with a job (n, c, x, q …) does its job
        if self.table.has_focus and event.is_printable and event.character:
            event.stop()
            filter_input.focus()
            filter_input.insert_text_at_cursor(event.character)

    # -- actions --------------------------------------------------------------------

    @on(DataTable.RowSelected, "#postmortems")
    def _open_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.app.open_section(int(event.row_key.value), "summary")

    async def action_new(self) -> None:
        from screens.dialogs import NewPostmortemDialog

        try:
            suggested = await self.app.store.run(lambda service: service.suggest_incident_id())
        except Exception as error:  # noqa: BLE001
            self.app.report_error(error, doing="Could not start a new postmortem")
            return

        def created(postmortem) -> None:
            if postmortem is not None:
                self.app.open_section(postmortem.id, "summary")

        self.app.push_screen(NewPostmortemDialog(suggested), created)

    async def action_duplicate(self) -> None:
        selected = self.table.selected_id
        if selected is None:
            self.notify("Nothing to duplicate: highlight a postmortem first.", severity="warning")
            return
        try:
            copy = await self.app.store.run(lambda service: service.duplicate(selected))
        except Exception as error:  # noqa: BLE001
            self.app.report_error(error, doing="Could not duplicate")
            return
        self.notify(f"Duplicated as {brief(copy.incident_id, 60)}, a draft.", markup=False)
        await self.reload(select_id=copy.id)

    async def action_delete(self) -> None:
        from screens.dialogs import ConfirmDialog

        selected = self.table.selected_id
        item = next((i for i in self.items if i.id == selected), None)
        if item is None:
            self.notify("Nothing to delete: highlight a postmortem first.", severity="warning")
            return
        try:
            counts = await self.app.store.run(lambda service: service.content_counts(item.id))
        except Exception as error:  # noqa: BLE001
            self.app.report_error(error, doing="Could not delete")
            return
        held = ", ".join(f"{n} {what}" for what, n in counts.items() if n) or "no content yet"
        message = (
            f"“{brief(item.title, 120)}” will be deleted with everything in it ({held}). "
            "This cannot be undone."
        )

        async def decided(confirmed: bool | None) -> None:
            if not confirmed:
                return
            try:
                await self.app.store.run(lambda service: service.delete(item.id))
            except Exception as error:  # noqa: BLE001
                self.app.report_error(error, doing="Could not delete")
                return
            self.notify(f"Deleted {brief(item.incident_id, 60)}.", markup=False)
            await self.reload()

        self.app.push_screen(ConfirmDialog(f"Delete {brief(item.incident_id, 60)}?", message), decided)

    async def action_demo(self) -> None:
        from data.demo import DEMO_INCIDENT_ID, load_demo

        try:
            added = await self.app.store.run(load_demo)
        except Exception as error:  # noqa: BLE001
            self.app.report_error(error, doing="Could not load the demo")
            return
        if added is None:
            self.notify(f"The demo ({DEMO_INCIDENT_ID}) is already here.")
            existing = next((i.id for i in self.items if i.incident_id == DEMO_INCIDENT_ID), None)
            await self.reload(select_id=existing)
        else:
            self.notify(f"Loaded the demo postmortem {added.incident_id}.", markup=False)
            await self.reload(select_id=added.id)

    def palette_commands(self) -> Iterable[SystemCommand]:
        for item in self.items:
            yield SystemCommand(  # user text, cut: the palette matches every title as you type
                f"open: {brief(item.incident_id, 40)} {brief(item.title, 120)}",
                f"{item.severity} {item.incident_type}, {item.status}",
                partial(self.app.open_section, item.id, "summary"),
            )
