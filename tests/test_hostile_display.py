"""Hostile text on every screen: markup shown literally and never obeyed, escape sequences and
other controls never reaching the terminal, 100,000 characters, right-to-left text, emoji and
combining marks never breaking a layout. Every screen is reached with real key presses."""

from __future__ import annotations

import html
import re
from collections import defaultdict

import pendulum
import pytest
from rich.cells import cell_len

from app.logic.display import brief, shown, without_controls
from tests.conftest import settle

MARKUP = ("[bold red]x[/]", "[link=http://x]y[/link]", "[/]", "[@click=app.quit]q[/]")
CONTROLS = ("\x1b[2J\x1b[31mred\x1b[0m", "\x07bell", "\x9b31m")
OTHER = ("مرحبا بالعالم", "\u202eevil", "🔥👩‍💻", "e\u0301\u0301\u0301")
HOSTILE = MARKUP + CONTROLS + OTHER
#: Markup first, so it is what a narrow column shows.
MIXED = " ".join(HOSTILE)
LONG = MIXED + " " + "long " * 20_000
#: Never drawn: controls (newline aside, which is the SVG's own), C1, bidi embeddings, overrides, isolates.
FORBIDDEN = frozenset(chr(c) for c in (*range(0x00, 0x0A), *range(0x0B, 0x20), *range(0x7F, 0xA0),
                                       *range(0x202A, 0x202F), *range(0x2066, 0x206A)))
SIZE = (120, 36)


@pytest.fixture
def hostile(service) -> tuple[int, int]:
    """A postmortem whose every text field is hostile, and a pre-mortem with hostile failure stories."""
    pm = service.create(title=MIXED, incident_type="outage", severity="high", summary=LONG, problem_statement=LONG,
                        owner=MIXED, contributors=list(HOSTILE), tags=list(HOSTILE))
    at = pendulum.datetime(2024, 3, 5, 14, 0, tz="UTC")
    kinds = ("trigger", "detected", "investigation", "mitigation", "resolved") + ("note",) * 8
    for index, (kind, text) in enumerate(zip(kinds, (MIXED, LONG, *HOSTILE), strict=True)):
        service.events.add(pm.id, at=at.add(minutes=5 * index), kind=kind, description=text,
                           source=HOSTILE[index % 11], action_taken=LONG if index == 1 else HOSTILE[-1 - index % 11])
    service.update_impact(pm.id, narrative=LONG, users_affected=100, user_base=1000)
    service.metrics.add(pm.id, name=MIXED, baseline=HOSTILE[0], during=HOSTILE[4], after=LONG)
    parent = None
    for text in (MIXED, LONG, *HOSTILE[:3]):
        parent = service.whys.add(pm.id, parent_id=parent.id if parent else None, question=MIXED, answer=text)
    for index, category in enumerate(service.fishbone_categories.list(pm.id)):
        service.fishbone_categories.update(category.id, name=HOSTILE[index])
        cause = service.fishbone_causes.add(pm.id, category_id=category.id, text=LONG if index == 0 else MIXED)
        service.fishbone_causes.add(pm.id, category_id=category.id, parent_id=cause.id, text=HOSTILE[-1 - index])
    extra = service.fishbone_categories.add(pm.id, name=HOSTILE[5])
    for text in HOSTILE[6:]:
        service.fishbone_causes.add(pm.id, category_id=extra.id, text=text)
    top = service.fault_nodes.add(pm.id, label=MIXED, gate="and")
    for text in (LONG, *HOSTILE):
        service.fault_nodes.add(pm.id, parent_id=top.id, label=text)
    for index, text in enumerate((MIXED, LONG, *HOSTILE)):
        cause = service.root_causes.add(pm.id, text=text, kind="contributing" if index else "primary",
                                        category=HOSTILE[index % 11])
        action = service.actions.add(pm.id, title=text, owner=HOSTILE[index % 11], tracker=HOSTILE[-1 - index % 11],
                                     success_measure=LONG, due=pendulum.date(2024, 3, 1 + index))
        service.actions.link_root_causes(action.id, [cause.id])
        service.add_action_note(action.id, by=HOSTILE[index % 11], note=LONG if index == 0 else MIXED)
    for kind in ("went_well", "got_lucky", "lesson"):
        for text in (MIXED, LONG, *HOSTILE):
            service.learnings.add(pm.id, kind=kind, text=text)
    state = service.meetings.prepare(pm.id)
    for name in HOSTILE:
        service.meetings.participants.add(state.meeting.id, name=name, role="responder")
    service.meetings.agenda.update(state.agenda[0].id, title=MIXED)
    for text in (MIXED, *HOSTILE):
        service.parking.add(pm.id, text=text, by=HOSTILE[3], at=at, section="timeline")
    pre = service.create(title=HOSTILE[3], incident_type="premortem", severity="low", tags=[HOSTILE[0]])
    for text in (MIXED, LONG, *HOSTILE):
        service.learnings.add(pre.id, kind="failure_story", text=text)
    return pm.id, pre.id


# -- reading the screen ------------------------------------------------------------------------------------


def screen_lines(svg: str) -> list[str]:
    """The rows of a screenshot as text: each row's <text> pieces, in order across."""
    rows: dict[float, list[tuple[float, str]]] = defaultdict(list)
    for attributes, body in re.findall(r"<text([^>]*)>(.*?)</text>", svg, re.S):
        x, y = (re.search(rf'\b{name}="([\d.]+)"', attributes) for name in ("x", "y"))
        if x and y:
            rows[float(y[1])].append((float(x[1]), html.unescape(body).replace("\xa0", " ")))
    return ["".join(text for _x, text in sorted(parts)) for _y, parts in sorted(rows.items())]


def rendered(app) -> str:
    """What the terminal would show, checked: the app runs and no control character is drawn."""
    assert app.return_code is None, "the app exited"
    svg = app.export_screenshot()
    drawn = FORBIDDEN & set(svg)
    assert not drawn, f"{type(app.screen).__name__} draws {sorted(map(repr, drawn))}"
    return "\n".join(screen_lines(svg))


async def visit(pilot, *keys: str) -> str:
    await pilot.press(*keys)
    await settle(pilot)
    return rendered(pilot.app)


def assert_literal(text: str, *values: str) -> None:
    for value in values or ("[@click=app.quit]q[/]", "[bold red]x[/]"):
        assert value in text


async def open_postmortem(pilot) -> None:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    pilot.app.set_focus(None)


def cells_at(line: str, marks: str) -> list[int]:
    """The terminal columns (wide characters 2 cells, combining marks 0) where `marks` sit."""
    return [cell_len(line[:index]) for index, char in enumerate(line) if char in marks]


def assert_lines_up(drawing: list[str]) -> None:
    """The fishbone, with wide emoji, zero-width combining marks and right-to-left text in it:
    the head's box keeps both its borders on one column, every bone slants to a spine joint."""
    assert drawing and not FORBIDDEN & set("".join(drawing))
    (left,) = {cells_at(line, "┌└")[0] for line in drawing if "┌" in line or "└" in line}
    body = [line for line in drawing if "│ " in line]
    right = cells_at(body[0], "│")[-1]
    assert all(cells_at(line, "│") == [left, right] for line in body)
    assert {cells_at(line, "┐┘")[0] for line in drawing if "┐" in line or "┘" in line} == {right}
    joints = cells_at(next(line for line in drawing if "━▶" in line), "╋")
    for line in drawing:
        for column in cells_at(line, "╲╱"):
            assert any(0 < joint - column < len(drawing) for joint in joints)


# -- the rules -------------------------------------------------------------------------------------------------


def test_shown_neutralises_controls_and_keeps_text() -> None:
    assert shown("[@click=app.quit]q[/]") == "[@click=app.quit]q[/]"
    assert shown("\x1b[2J\x1b[31mred\x1b[0m") == "␛[2J␛[31mred␛[0m"
    assert shown("\x07bell") == "␇bell"
    assert shown("\x9b31m") == "\ufffd31m"
    assert shown("\u202eevil \u2067x\u2069") == "\ufffdevil \ufffdx\ufffd"
    assert shown("مرحبا بالعالم") == "مرحبا بالعالم"
    assert shown("🔥👩‍💻 e\u0301\u0301\u0301") == "🔥👩‍💻 e\u0301\u0301\u0301"
    assert shown("a\r\nb\tc  d\u2028e") == "a b c d e"
    assert shown("a\r\nb\tc\u2028e", multiline=True) == "a\nb    c\ne"
    assert shown("x" * 2_000) == "x" * 1_000 + "…"
    assert len(shown(LONG, multiline=True)) <= 5_001
    assert brief("🔥" * 50, 9) == "🔥🔥🔥🔥…" and cell_len(brief(MIXED, 30)) <= 30
    assert without_controls("a\x1b[2J\u202eb\x9b") == "a[2Jb"
    for code in (*range(0xD800), *range(0xE000, 0x10000)):
        character = chr(code)
        assert not FORBIDDEN & set(shown(character) + shown(character, multiline=True)), hex(code)
        assert not FORBIDDEN & set(without_controls(character)), hex(code)


# -- every screen ------------------------------------------------------------------------------------------------


async def test_every_section_shows_hostile_text_literally(make_app, hostile) -> None:
    from widgets.analysis_trees import AnalysisTree

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert_literal(rendered(app))  # the home table
        await open_postmortem(pilot)
        assert_literal(rendered(app), *MARKUP)  # the section bar and the Summary's fields
        assert app.screen.query_one("#title").value == MIXED  # the field keeps every character
        assert app.screen.query_one("#summary").text == LONG
        assert_literal(await visit(pilot, "2"), "[link=http://x]y[/link]", "␛[2J␛[31mred␛[0m", "␇bell", "\ufffd31m")
        assert_literal(await visit(pilot, "e"))  # the event editor
        await visit(pilot, "escape")
        assert_literal(await visit(pilot, "3"))
        app.set_focus(None)
        text = await visit(pilot, "4")
        for view in ("whys", "fishbone", "fault", "causes"):
            if view != "whys":
                text = await visit(pilot, "right_square_bracket")
            assert app.screen.view == view
            assert_literal(text)
            if view != "causes":  # labels end in … at the tree's edge: no sideways scrolling
                tree = app.screen.query_one(f"#{view.removesuffix('s')}-tree", AnalysisTree)
                assert 0 < tree.virtual_size.width <= tree.scrollable_content_region.width
            if view == "fishbone":
                assert_lines_up(str(app.screen.query_one("#fishbone-drawing").render()).splitlines())
        app.set_focus(None)
        assert_literal(await visit(pilot, "5"), "[@click=app.quit]q[/]", "\ufffdevil", "مرحبا بالعالم")
        app.set_focus(None)
        await visit(pilot, "6")
        for _tab in ("rubric", "learning"):
            text = await visit(pilot, "right_square_bracket")
        assert_literal(text, *MARKUP)


async def test_lists_tracker_check_in_and_insights_show_hostile_text_literally(make_app, hostile) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert_literal(await visit(pilot, "ctrl+p", *"open"), *MARKUP)  # the palette's titles
        await visit(pilot, "escape")
        assert_literal(await visit(pilot, "t"), *MARKUP)
        assert_literal(await visit(pilot, "g"), *MARKUP)  # grouped by owner
        assert_literal(await visit(pilot, "c"), *MARKUP)  # the check-in card and history
        await visit(pilot, "q")  # the summary, as Markdown
        await visit(pilot, "q", "escape")
        assert_literal(await visit(pilot, "i"), "[@click=app.quit]q[/]", "[link=http://x]y[/link]")
        for _tab in ("speed", "causes", "actions", "timeliness"):
            text = await visit(pilot, "right_square_bracket")
            if _tab in ("causes", "actions"):
                assert_literal(text, *MARKUP)
        await visit(pilot, "left_square_bracket", "left_square_bracket")
        assert_literal(await visit(pilot, "enter"))  # the postmortems behind a row


async def test_meeting_wrap_up_and_stories_show_hostile_text_literally(make_app, hostile) -> None:
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_postmortem(pilot)
        assert_literal(await visit(pilot, "f5"), *MARKUP)  # participants and agenda
        text = await visit(pilot, "s")  # starts: the meeting bar shows the first item's title
        assert "MEETING 1/5 [bold red]x[/] [link=http://x]y[/link]" in text
        await visit(pilot, "f7", *"[@click=app.quit]q[/] [b]parked[/b]", "enter")
        text = rendered(app)
        assert "[@click=app.quit]q[/] [b]parked[/b]" in text  # the notification echoes it literally
        app.set_focus(None)
        await visit(pilot, "f5")
        assert_literal(await visit(pilot, "w"), *MARKUP)  # participants, owners, parking lot, findings
        await visit(pilot, "escape")
        await pilot.press("escape")
        await settle(pilot)
        await visit(pilot, "down", "enter")  # the pre-mortem
        app.set_focus(None)
        assert_literal(await visit(pilot, "2"), *MARKUP)  # its failure stories


async def test_dialogs_notifications_and_clicks_stay_literal(make_app, hostile) -> None:
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        text = await visit(pilot, "x")
        assert "“[bold red]x[/] [link=http://x]y[/link] [/] [@click=app.quit]q[/]" in text
        await visit(pilot, "n")
        await open_postmortem(pilot)
        heading = app.screen.query_one("#section-bar")
        column = 1 + len("INC-2024-001  [bold red]x[/] [link=http://x]y[/link] [/] ")
        for offset in range(column, column + len("[@click=app.quit]")):  # over the would-be link
            await pilot.click(heading, offset=(offset, 0))
        assert_literal(rendered(app))
        await visit(pilot, "5")
        await pilot.click("#actions-table", offset=(3, 1))  # a click on a title cell opens its editor
        await visit(pilot, "escape", "d")  # done: the notification quotes the title
        await settle(pilot)
        lines = rendered(app).splitlines()  # the notification's first and last line
        assert any("“[bold red]x[/] [link=http://x]y[/link] [/]" in line for line in lines)
        assert any("”: open → done" in line for line in lines)
        app.set_focus(None)
        await visit(pilot, "4")
        text = await visit(pilot, "down", "x")  # deleting a why quotes it
        assert "Delete “[bold red]x[/] [link=http://x]y[/link] [/]" in text
        await visit(pilot, "n")
        assert rendered(app)


# -- the look, pinned ---------------------------------------------------------------------------------------------


def test_fishbone_snapshot(snap_compare, make_app, hostile) -> None:
    async def run_before(pilot) -> None:
        await open_postmortem(pilot)
        await pilot.press("4")
        await settle(pilot)
        await pilot.press("right_square_bracket")
        await settle(pilot)

    assert snap_compare(make_app(database_label="demo.db"), terminal_size=(100, 30), run_before=run_before)


def test_timeline_snapshot(snap_compare, make_app, hostile) -> None:
    async def run_before(pilot) -> None:
        await open_postmortem(pilot)
        await pilot.press("2")
        await settle(pilot)

    assert snap_compare(make_app(database_label="demo.db"), terminal_size=(100, 30), run_before=run_before)
