"""Meeting mode driven with real key presses and a fake clock: agenda, countdown, parking lot,
wrap-up, presentation view, pre-mortem stories."""

from __future__ import annotations

import pytest
from textual.widgets import Footer

from data.demo import load_demo
from screens.impact import ImpactScreen
from screens.meeting import MeetingScreen
from screens.stories import StoriesScreen
from screens.timeline import TimelineScreen
from screens.wrapup import WrapUpScreen
from tests.conftest import settle
from widgets.meeting_bar import MeetingBar


@pytest.fixture
def demo(service):
    return load_demo(service)


async def open_meeting(app, pilot) -> MeetingScreen:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    app.set_focus(None)
    await pilot.press("f5")
    await settle(pilot)
    assert isinstance(app.screen, MeetingScreen)
    return app.screen


def bar_text(app) -> str:
    bar = app.screen.query_one(MeetingBar)
    return str(bar.render()) if bar.display else ""


async def tick(app, pilot) -> None:
    app.tick_meeting()
    await settle(pilot)


async def test_a_full_meeting_runs_on_its_timeboxes(make_app, service, clock, demo) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_meeting(app, pilot)
        await pilot.press("a", *"Riley", "enter")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, TimelineScreen)
        assert "MEETING 1/5 Timeline" in bar_text(app) and "10:00 left" in bar_text(app)
        assert "steps ✓1 ✓2 ✓3 ·4 ·5" in bar_text(app)

        clock.advance(minutes=8, seconds=30)
        await tick(app, pilot)
        bar = app.screen.query_one(MeetingBar)
        assert "1:30 left · under 2 min" in bar_text(app) and bar.has_class("-warning")
        clock.advance(minutes=2)
        await tick(app, pilot)
        assert "OVER by 0:30" in bar_text(app) and bar.has_class("-over")
        assert [n.message for n in app._notifications][-2:] == [
            "Two minutes left for Timeline.", "Timeline is over its 10-minute timebox. F6 moves on."]

        await pilot.press(*"16:20 all all clear given", "enter")  # typed during the meeting
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)
        assert isinstance(app.screen, ImpactScreen)
        assert "MEETING 2/5 Impact" in bar_text(app)
        # step 4 completes from the data: the postmortem is shared (copied out) during the meeting
        app.set_focus(None)
        await pilot.press("ctrl+e")
        await settle(pilot)
        await pilot.press("ctrl+y")
        await settle(pilot)
        await tick(app, pilot)
        assert "steps ✓1 ✓2 ✓3 ✓4 ·5" in bar_text(app)
        for _ in range(3):
            clock.advance(minutes=5)
            await pilot.press("f6")
            await settle(pilot)
        assert isinstance(app.screen, WrapUpScreen)
        wrap = str(app.screen.query_one("#wrapup-added").render())
        assert "Added in this meeting: 1 event, 0 root causes, 0 actions" in wrap
        await pilot.press("f6")
        await settle(pilot)
        assert app.meeting is None and bar_text(app) == ""

    meeting = service.meetings.latest(demo.id)
    assert meeting.status == "ended"
    assert [round(i.spent_seconds) for i in meeting.agenda] == [630, 300, 300, 300, 0]
    assert ("Riley", "responder") in [(p.name, p.role) for p in meeting.participants]


async def test_the_parking_lot_takes_one_key_on_any_screen(make_app, service, demo) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        app.set_focus(None)
        await pilot.press("4")
        await settle(pilot)
        await pilot.press("f7", *"Who owns the [bold]pool[/bold] alerts?", "enter")
        await settle(pilot)
        await pilot.press("f7", "escape")  # nothing typed, nothing parked
        await settle(pilot)
        app.open_section(demo.id, "wrapup")
        await settle(pilot)
        assert isinstance(app.screen, WrapUpScreen)
        table = app.screen.query_one("#parking")
        assert [cell.plain for cell in table.get_row_at(0)] == [
            "Who owns the [bold]pool[/bold] alerts?", "analysis", "tester", "open"]
        table.focus()
        await pilot.press("space")
        await settle(pilot)
        assert table.get_row_at(0)[3].plain == "answered"
    parked = service.parking.list(demo.id)
    assert [(p.text, p.done) for p in parked] == [("Who owns the [bold]pool[/bold] alerts?", True)]


async def test_a_bad_timebox_is_explained_and_not_saved(make_app, service, demo) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_meeting(app, pilot)
        await pilot.press("e", "backspace", "backspace", *"0", "enter")
        await settle(pilot)
        assert "is not a timebox" in str(app.screen.query_one("#row-minutes").query_one(".field-message").render())
        await pilot.press("backspace", *"12", "enter")
        await settle(pilot)
        await pilot.press("down", "plus")
        await settle(pilot)
    agenda = service.meetings.current(demo.id).agenda
    assert [i.timebox_minutes for i in agenda] == [12, 11, 20, 15, 5]


async def test_a_running_meeting_survives_a_restart(make_app, service, clock, demo) -> None:
    state = service.meetings.start(service.meetings.prepare(demo.id).meeting.id)
    clock.advance(minutes=4)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.meeting is not None and app.meeting.meeting.id == state.meeting.id
        assert "6:00 left" in bar_text(app)


async def test_presentation_view_toggles_contrast_and_hides_the_chrome(make_app, demo) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        app.set_focus(None)
        before = app.theme
        await pilot.press("f8")
        await settle(pilot)
        assert app.has_class("-presentation") and app.theme == "presentation-dark"
        assert not app.screen.query_one(Footer).display or app.screen.query_one(Footer).styles.display == "none"
        await pilot.press("f9")
        assert app.theme == "presentation-light"
        await pilot.press("f8")
        await settle(pilot)
        assert not app.has_class("-presentation") and app.theme == before


async def test_a_premortem_collects_failure_stories(make_app, service) -> None:
    pm = service.create(title="Launch of the new checkout", incident_type="premortem")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        app.set_focus(None)
        await pilot.press("2")
        await settle(pilot)
        assert isinstance(app.screen, StoriesScreen)
        assert "2 Stories" in str(app.screen.query_one("#section-bar").render())
        await pilot.press("a", *"The payment provider throttled us at launch", "enter")
        await settle(pilot)
        assert app.screen.query_one("#stories").get_row_at(0)[1].plain == "The payment provider throttled us at launch"
    assert [(i.kind, i.text) for i in service.learnings.list(pm.id)] == [
        ("failure_story", "The payment provider throttled us at launch")]
