"""Property tests for the exports, on postmortems whose every text field is arbitrary text (markup, control
characters, line breaks, right-to-left, emoji, combining marks):

- `postmortem/v1` JSON: export, import into a fresh database, export again gives the same bytes;
- Markdown: the same block structure as the same postmortem written in plain words, tables with as many
  cells on every row as in their header, no HTML, no links but the ones the exporter makes;
- no terminal control character (ANSI escapes, other C0 but the line break, DEL, C1) in Markdown, in the
  JSON export as written, or in `postmortem actions` in any format.

Not generated, because the store refuses them with a message: blank (whitespace-only) required text (title,
metric name, category, cause, fault label, root cause, action title, learning, reference label, dismissal
rule and reason, override note, parked item, participant, agenda item) and text past the store's limits
(title 300, owner 200, category 80, tracker 500), and currency codes that are not three letters (the store
refuses them, as an import does, and keeps the code upper-case).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from app.cli import actions as actions_cli
from app.exporting import render
from app.logic.interchange import loads, parse_document
from app.logic.mdtext import clean_text
from data.action_lines import ActionLine
from data.database import open_database
from data.service import PostmortemService

AS_OF = date(2024, 3, 20)
STORE = settings(max_examples=30, deadline=None, derandomize=True,
                 suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                        HealthCheck.data_too_large, HealthCheck.large_base_example])
GFM = MarkdownIt("commonmark").enable("table").enable("strikethrough")
#: What must never reach a terminal from user text: C0 controls but the line break, DEL and C1.
CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")

# -- arbitrary text ---------------------------------------------------------------------------------------

#: Pieces that mean something to Markdown, HTML, Rich markup, a terminal or a bidi algorithm.
PIECES = ["[bold]", "[/bold]", "[link=https://x.test]", "<script>", "</b>", "<!-- c -->", "&amp;", "&#x41;",
          "**", "__", "`", "```", "~~~", "~~", "# ", "## ", "- ", "+ ", "* ", "1. ", "2) ", "> ", "    ", "---", "===",
          "| a | b |", "|---|", "\\", "[x](http://evil.test)", "![i](http://evil.test/i.png)", "<http://a.test>",
          "[ref]: http://a.test", "www.evil.test", "\x1b[31m", "\x1b]0;title\x07", "\x1b]8;;http://x\x1b\\",
          "\x9b2J", "\x07", "\x01", "\x7f", "\x85", "\r\n", "\n", "\n\n", "\t", "\u2028", "\u202e", "\u2066",
          "\u200b", "\ufeff", "שלום", "مرحبا", "\U0001f525", "\U0001f469\u200d\U0001f4bb", "e\u0301", "\u0301",
          "#", "=", "-", "+", "1.", "9)", "   ", "a", "word", "Why?", "x"]
#: NUL is the one character the store refuses (PostgreSQL cannot keep it): tests/test_service.py.
any_but_nul = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=6)
user_text = st.lists(st.one_of(st.sampled_from(PIECES), any_but_nul), max_size=8).map("".join)
#: Required text: the store refuses blank text (whitespace alone) for these fields.
required_text = user_text.filter(lambda text: text.strip())


def short(limit: int, *, required: bool = False) -> st.SearchStrategy[str]:
    return (required_text if required else user_text).filter(lambda text: len(text) <= limit)


URLS = st.one_of(user_text, st.sampled_from(["https://example.test/a", "http://x.test/a_(b)", "mailto:a@b.test",
                                             "https://x.test/\x1b[31m", "https://x.test/a\\", "https://x.test/`",
                                             "https://x.test/<b>", "javascript:alert(1)"]))


@dataclass
class Content:
    """The user text of one postmortem, field by field."""

    title: str
    summary: str
    owner: str
    contributors: list[str]
    tags: list[str]
    problem: str
    events: list[tuple[str, str, str]]
    narrative: str
    currency: str
    metric: tuple[str, str, str, str]
    whys: list[tuple[str, str]]
    category: str
    causes: list[str]
    faults: list[str]
    roots: list[tuple[str, str]]
    actions: list[tuple[str, str, str, str, str]]
    update: tuple[str, str]
    learnings: list[str]
    references: list[tuple[str, str]]
    dismissal: tuple[str, str, str]
    parking: tuple[str, str, str]
    participant: str
    agenda: str


contents = st.builds(
    Content, title=short(300, required=True), summary=user_text, owner=short(200),
    contributors=st.lists(user_text, max_size=2), tags=st.lists(user_text, max_size=2), problem=user_text,
    events=st.lists(st.tuples(user_text, user_text, user_text), min_size=1, max_size=3), narrative=user_text,
    currency=st.sampled_from(["EUR", "CHF", "JPY", "GBP", "XYZ"]),
    metric=st.tuples(required_text, user_text, user_text, user_text),
    whys=st.lists(st.tuples(user_text, user_text), max_size=2), category=short(80, required=True),
    causes=st.lists(required_text, max_size=2), faults=st.lists(required_text, min_size=1, max_size=3),
    roots=st.lists(st.tuples(required_text, user_text), min_size=1, max_size=2),
    actions=st.lists(st.tuples(required_text, short(200), user_text, URLS.filter(lambda u: len(u) <= 500),
                               user_text), min_size=1, max_size=2),
    update=st.tuples(user_text, user_text), learnings=st.lists(required_text, min_size=4, max_size=4),
    references=st.lists(st.tuples(required_text, URLS), max_size=2),
    dismissal=st.tuples(required_text, user_text, required_text),
    parking=st.tuples(short(2000, required=True), user_text, user_text), participant=short(200, required=True),
    agenda=short(200, required=True))


def plain(content: Content) -> Content:
    """The same postmortem in plain words: each distinct non-blank text becomes its own word (`w1`, `w2`...,
    equal texts the same word: fault-tree cut sets depend on it), blank text stays blank, text of control
    characters alone becomes ESC alone, URLs stay as they are (whether they are links is up to them, not the
    text around them)."""
    seen: dict[str, str] = {}

    def word(text: str) -> str:
        if not text.strip():
            return text
        if not clean_text(text).split():  # control characters alone: nothing to show, and shown as nothing
            return "\x1b"
        return seen.setdefault(text, f"w{len(seen) + 1}")

    def words(values):
        return type(values)(word(v) if isinstance(v, str) else words(v) for v in values)

    changed = {name: (words(value) if isinstance(value, list | tuple) else word(value))
               for name, value in vars(content).items()}
    changed["actions"] = [(word(t), word(o), word(m), url, word(r)) for t, o, m, url, r in content.actions]
    changed["references"] = [(word(label), url) for label, url in content.references]
    changed["currency"] = "EUR"
    # names and tags are de-duplicated: plain ones must stay as many as the originals
    changed["contributors"] = [f"word{i}" for i, _ in enumerate(dict.fromkeys(
        " ".join(n.split()).casefold() for n in content.contributors if n.split()))]
    changed["tags"] = [f"word{i}" for i, _ in enumerate(dict.fromkeys(
        "-".join(t.lower().split()) for t in content.tags if t.split()))]
    return Content(**changed)


def build(service: PostmortemService, content: Content, incident_id: str = "INC-2024-001") -> int:
    """A postmortem holding `content` in every kind of text field, through the service as the screens do."""
    base = datetime(2024, 3, 5, 14, 0, tzinfo=UTC)
    pm = service.create(title=content.title, incident_id=incident_id, summary=content.summary, owner=content.owner,
                        contributors=content.contributors, tags=content.tags, problem_statement=content.problem,
                        timezone="America/New_York", written_at=base + timedelta(days=1))
    kinds = ["trigger", "detected", "mitigation", "resolved"]
    for n, (description, source, taken) in enumerate(content.events):
        service.events.add(pm.id, at=base + timedelta(minutes=7 * n), kind=kinds[n % len(kinds)],
                           description=description, source=source, action_taken=taken)
    service.update_impact(pm.id, narrative=content.narrative, users_affected=50_000, user_base=250_000,
                          revenue_amount=10_000.5, revenue_period="hour", currency=content.currency,
                          responder_hours=12.5, hourly_cost=150.0, mrr=8_400.0, sla_credit_percent=10.0)
    name, baseline, during, after = content.metric
    service.metrics.add(pm.id, name=name, baseline=baseline, during=during, after=after)
    parent = None
    for question, answer in content.whys:
        parent = service.whys.add(pm.id, parent_id=parent, question=question, answer=answer).id
    category = service.fishbone_categories.add(pm.id, name=content.category)
    causes = [service.fishbone_causes.add(pm.id, category_id=category.id, text=text) for text in content.causes]
    top = service.fault_nodes.add(pm.id, label=content.faults[0], gate="or")
    for label in content.faults[1:]:
        service.fault_nodes.add(pm.id, parent_id=top.id, label=label)
    roots = [service.root_causes.add(pm.id, text=text, category=category_name, kind="primary",
                                     fishbone_cause_id=causes[0].id if causes else None)
             for text, category_name in content.roots]
    statuses = ["wont_do", "open"]
    for n, (title, owner, measure, tracker, reason) in enumerate(content.actions):
        action = service.actions.add(pm.id, title=title, owner=owner, success_measure=measure, tracker=tracker,
                                     status=statuses[n % 2], status_reason=reason, action_type="short_term",
                                     due=date(2024, 3, 10), impact="high", effort="low")
        service.actions.link_root_causes(action.id, [roots[0].id])
        by, note = content.update
        service.action_updates.add(action.id, at=base, by=by, old_status="open", new_status="in_progress", note=note)
    for kind, text in zip(("went_well", "got_lucky", "lesson", "failure_story"), content.learnings, strict=True):
        service.learnings.add(pm.id, kind=kind, text=text)
    for n, (label, url) in enumerate(content.references):
        service.references.add(pm.id, label=label, url=url, kind=("reference", "related_incident")[n % 2])
    rule, text, reason = content.dismissal
    service.dismiss_finding(pm.id, rule=rule, path="summary", text=text, reason=reason, by=content.owner)
    service.set_override(pm.id, "timeline", 4, note=reason, by=content.owner)
    text, by, section = content.parking
    service.parking.add(pm.id, text=text, by=by, at=base, section=section)
    meeting = service.meetings.prepare(pm.id)
    service.meetings.participants.add(meeting.meeting.id, name=content.participant, role="scribe")
    service.meetings.agenda.update(meeting.agenda[0].id, title=content.agenda)
    return pm.id


@pytest.fixture
def other(tmp_path: Path, clock) -> Iterator[PostmortemService]:
    """A second, empty database to import into (each example deletes what it imported)."""
    service = PostmortemService(open_database(tmp_path / "other.db"), clock)
    yield service
    service.database.dispose()


# -- JSON round trip --------------------------------------------------------------------------------------

@STORE
@given(content=contents)
def test_json_export_import_export_gives_the_same_bytes(service, other, content: Content) -> None:
    pm_id = build(service, content)
    try:
        first = render(service, pm_id, "json", AS_OF)
        document, warnings = parse_document(loads(first))
        assert warnings == []
        imported = other.import_document(document).id
        second = render(other, imported, "json", AS_OF)
        other.delete(imported)
        assert second == first
        data = json.loads(first)
        assert (data["title"], data["summary"], data["problem_statement"]) == (content.title, content.summary,
                                                                              content.problem)
        assert [(e["description"], e["source"], e["action_taken"]) for e in data["timeline"]] == content.events
        assert [a["title"] for a in data["actions"]] == [a[0] for a in content.actions]
        assert [a["owner"] or "" for a in data["actions"]] == [a[1] if a[1].strip() else "" for a in content.actions]
        assert [a["success_measure"] for a in data["actions"]] == [a[2] for a in content.actions]
        assert [a["tracker"] for a in data["actions"]] == [a[3] for a in content.actions]
        assert [data[k][0] for k in ("went_well", "got_lucky", "lessons", "failure_stories")] == content.learnings
        assert data["impact"]["narrative"] == content.narrative
        assert [(w["question"], w["answer"]) for w in data["whys"]] == content.whys
        assert [c["text"] for c in data["fishbone"]["causes"]] == content.causes
        assert [(c["text"], c["category"]) for c in data["root_causes"]] == content.roots
        assert _labels(data["fault_tree"]) == content.faults
        assert [r["label"] for r in data["references"] + data["related_incidents"]] == [
            label for label, _ in content.references[::2] + content.references[1::2]]
        assert (data["parking_lot"][0]["text"], data["meetings"][0]["agenda"][0]["title"]) == (
            content.parking[0], content.agenda)
        assert not _raw_c1(first)  # json escapes C0 itself; DEL and C1 must not go out raw either
    finally:
        service.delete(pm_id)


def _labels(node: dict[str, Any]) -> list[str]:
    return [node["label"], *(label for child in node["children"] for label in _labels(child))]


def _raw_c1(text: str) -> list[str]:
    """DEL and C1 characters written as themselves (JSON escapes C0 on its own)."""
    return re.findall("[\x7f-\x9f]", text)


# -- Markdown ---------------------------------------------------------------------------------------------

def block_structure(tokens) -> list[tuple[str, str, int]]:
    """Every block token (type, tag, nesting depth), headings with their text when they are fixed titles."""
    shape = []
    for index, token in enumerate(tokens):
        if token.type == "inline":
            continue
        text = ""
        if token.type == "heading_open" and token.tag != "h1":
            text = tokens[index + 1].content
        if token.type == "fence":
            text = token.info
        shape.append((token.type, token.tag, token.level, text))
    return shape


def table_cell_counts(markdown: str) -> list[list[int]]:
    """For each table, the number of cells on each of its lines (escaped pipes are text, not separators)."""
    tables, current = [], None
    in_fence = False
    for line in markdown.split("\n"):
        if line.startswith("```"):
            in_fence = not in_fence
        if not in_fence and line.startswith("|"):
            unescaped = re.sub(r"\\.", "", line)
            if current is None:
                current = []
                tables.append(current)
            current.append(unescaped.count("|") - 1)
        else:
            current = None
    return tables


@STORE
@given(content=contents)
def test_markdown_keeps_its_structure_whatever_the_text(service, content: Content) -> None:
    pm_id = build(service, content, "INC-2024-001")
    twin_id = build(service, plain(content), "INC-2024-002")
    try:
        text = render(service, pm_id, "md", AS_OF)
        twin = render(service, twin_id, "md", AS_OF)
        tokens, twin_tokens = GFM.parse(text), GFM.parse(twin)
        assert block_structure(tokens) == block_structure(twin_tokens)
        for table in table_cell_counts(text):
            assert len(set(table)) == 1, table
        children = [child for t in tokens if t.type == "inline" for child in t.children or []]
        twin_children = [child for t in twin_tokens if t.type == "inline" for child in t.children or []]
        assert not [t for t in [*tokens, *children] if t.type in ("html_block", "html_inline", "image")]
        links = [t.attrs.get("href") for t in children if t.type == "link_open"]
        assert len(links) == sum(t.type == "link_open" for t in twin_children)
        assert all(re.fullmatch(r"(https?://|mailto:)[^\s<>\\]+", str(href)) for href in links), links
        assert not CONTROL.search(text.replace("\n", "")), [c for c in CONTROL.findall(text) if c != "\n"]
        # the title reads as typed (control characters gone, spaces collapsed): no # or markup lost to syntax
        title = [t for t in GFM.parse(text.partition("\n")[0])[1].children if t.type != "text"]
        shown = "".join(t.content for t in GFM.parse(text.partition("\n")[0])[1].children)
        assert not title and shown == "INC-2024-001: " + (" ".join(clean_text(content.title).split()) or "(empty)")
    finally:
        service.delete(pm_id)
        service.delete(twin_id)


# -- actions: CSV, JSON, Markdown, table ------------------------------------------------------------------

def line(title: str, owner: str, tracker: str, n: int) -> ActionLine:
    return ActionLine(id=n, incident_id="INC-2024-001", title=title, owner=owner, due=date(2024, 3, 1 + n),
                      status="open", action_type="immediate", impact="high", effort="low", tracker=tracker,
                      last_update=None)


@settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(st.tuples(user_text, user_text, user_text), min_size=1, max_size=4),
       kind=st.sampled_from(["csv", "json", "markdown", "table"]))
def test_action_lists_never_carry_control_characters(rows: list[tuple[str, str, str]], kind: str) -> None:
    listed = [(line(title, owner, tracker, n), "overdue", "quick win")
              for n, (title, owner, tracker) in enumerate(rows)]
    output = actions_cli._render(kind, listed, AS_OF)
    assert not CONTROL.search(output.replace("\n", "")), [c for c in CONTROL.findall(output) if c != "\n"]
    if kind == "json":
        assert [a["title"] for a in json.loads(output)["actions"]] == [title for title, _, _ in rows]
    if kind == "csv":
        import csv
        import io

        assert len(list(csv.reader(io.StringIO(output)))) == len(rows) + 1


plain_text = st.text(st.characters(blacklist_characters="\x1b\x07\x9b\x9d"), max_size=20)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(before=plain_text, url=plain_text, label=plain_text, after=plain_text, end=st.sampled_from(["\x07", "\x1b\\"]))
def test_terminal_links_and_titles_vanish_whole(before: str, url: str, label: str, after: str, end: str) -> None:
    """An OSC sequence (a terminal hyperlink, a window title), ended by BEL or ST, leaves nothing behind: no
    `]8;;` nor the URL it carried."""
    linked = f"{before}\x1b]8;;{url}{end}{label}\x1b]8;;{end}\x1b]0;{url}{end}{after}"
    assert clean_text(linked) == clean_text(before + label + after)
