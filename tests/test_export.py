"""Markdown and JSON exports: golden files, GFM structure, round trips, escaping."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import jsonschema
import pytest
from markdown_it import MarkdownIt

from app.exporting import render
from app.logic.interchange import parse_document
from data.demo import load_demo

HERE = Path(__file__).parent
GOLDEN = HERE / "golden"
SCHEMA = json.loads((HERE.parent / "docs" / "postmortem-v1.schema.json").read_text())
#: Set UPDATE_GOLDEN=1 to rewrite the golden files (then read the diff before committing).
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def import_fixture(service, name: str):
    document, warnings = parse_document(json.loads((HERE / "data" / name).read_text()))
    assert warnings == []
    return service.import_document(document)


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"


@pytest.mark.parametrize("kind", ["md", "json"])
def test_demo_golden(service, kind: str) -> None:
    demo = load_demo(service)
    check_golden(f"demo.{kind}", render(service, demo.id, kind, date(2024, 3, 20)))


@pytest.mark.parametrize("kind", ["md", "json"])
def test_public_incident_golden(service, kind: str) -> None:
    pm = import_fixture(service, "2019-cloudflare-waf-regex.json")
    check_golden(f"cloudflare-2019.{kind}", render(service, pm.id, kind, date(2019, 7, 20)))


def test_same_data_gives_the_same_bytes(service) -> None:
    demo = load_demo(service)
    assert len({render(service, demo.id, "md", date(2024, 3, 20)) for _ in range(3)}) == 1


def headings(tokens) -> list[tuple[str, str]]:
    return [(tokens[i].tag, tokens[i + 1].content) for i, t in enumerate(tokens) if t.type == "heading_open"]


GFM = MarkdownIt("commonmark").enable("table").enable("strikethrough")


def test_demo_markdown_structure(service) -> None:
    demo = load_demo(service)
    tokens = GFM.parse(render(service, demo.id, "md", date(2024, 3, 20)))
    assert headings(tokens) == [
        ("h1", "DEMO-2024-001: Database outage after a connection-pool config change"),
        ("h2", "Incident summary"), ("h2", "Timeline"), ("h3", "Key observations"), ("h2", "Impact"),
        ("h2", "Root cause analysis"), ("h3", "5 Whys"), ("h3", "Fishbone"), ("h3", "Fault tree"),
        ("h3", "Root causes"), ("h2", "Corrective actions"), ("h3", "Immediate"), ("h3", "Short-term"),
        ("h2", "What went well"), ("h2", "Lessons learned"), ("h2", "Quality review"),
    ]
    assert sum(t.type == "table_open" for t in tokens) == 5
    assert not [t for t in tokens if t.type in ("html_block", "html_inline")]
    fences = [t for t in tokens if t.type == "fence"]
    assert [f.info for f in fences] == ["mermaid", ""]
    assert fences[0].content.startswith("flowchart LR\n  problem[")
    timeline = next(i for i, t in enumerate(tokens) if t.type == "table_open" and i > 0 and
                    any(x.content == "Timeline" for x in tokens[max(0, i - 6):i]))
    rows = [t for t in tokens[timeline:] if t.type == "tr_open"]
    assert len(rows) >= 8  # header + 7 events
    items = [tokens[i + 2].content for i, t in enumerate(tokens) if t.type == "list_item_open"
             and tokens[i + 2].content.startswith("[")]
    assert sum(item.startswith("[x]") for item in items) == 2 and sum(item.startswith("[ ]") for item in items) == 2


def test_sections_without_data_are_left_out(service) -> None:
    pm = service.create(title="Nothing yet")
    text = render(service, pm.id, "md", date(2024, 3, 20))
    assert [h for _, h in headings(GFM.parse(text))] == ["INC-2024-001: Nothing yet", "Incident summary",
                                                          "Quality review"]


def test_exports_validate_against_the_schema(service) -> None:
    demo = load_demo(service)
    jsonschema.validate(json.loads(render(service, demo.id, "json", date(2024, 3, 20))), SCHEMA)
    pm = import_fixture(service, "2021-fastly-global-outage.json")
    jsonschema.validate(json.loads(render(service, pm.id, "json", date(2024, 3, 20))), SCHEMA)


def strip_derived(text: str) -> dict:
    data = json.loads(text)
    data.pop("derived")
    return data


@pytest.mark.parametrize("fixture", ["2019-cloudflare-waf-regex.json", "2021-fastly-global-outage.json", None])
def test_round_trip_export_import_export(service, tmp_path, clock, fixture) -> None:
    from data.database import open_database
    from data.service import PostmortemService

    pm = import_fixture(service, fixture) if fixture else load_demo(service)
    first = render(service, pm.id, "json", date(2024, 3, 20))
    other = PostmortemService(open_database(tmp_path / "empty.db"), clock)
    document, warnings = parse_document(json.loads(first))
    assert warnings == []
    again = other.import_document(document)
    second = render(other, again.id, "json", date(2024, 3, 20))
    other.database.dispose()
    assert second == first  # derived included: same data, same as-of, same figures


def test_csv_export_of_one_postmortem(service) -> None:
    import csv
    import io

    demo = load_demo(service)
    rows = list(csv.DictReader(io.StringIO(render(service, demo.id, "csv", date(2024, 3, 20)))))
    assert [r["title"] for r in rows][:1] == ["Add config validation to deployment pipeline"]
    assert {r["postmortem_id"] for r in rows} == {"DEMO-2024-001"} and len(rows) == 4


# -- pre-mortems, the parking lot and meetings ------------------------------------------------------------

def premortem_with_a_meeting(service, clock):
    """A pre-mortem with a failure story, two parked questions (one answered) and an ended meeting of two
    participants whose first agenda item ran over its timebox; user text full of would-be markup."""
    pm = service.create(title="Launch of the <script>new</script> checkout", incident_id="PRE-2024-001",
                        incident_type="premortem", contributors=["Ana [bold]", "Bo <b>"], timezone="Europe/Berlin")
    service.learnings.add(pm.id, kind="failure_story", text="The [bold]cache[/bold] melted <script>x</script>")
    service.parking.add(pm.id, text="Who owns *DNS* | the <b>zone</b>?", by="Ana [bold]", at=clock.now(),
                        section="timeline")
    service.parking.add(pm.id, text="Is the SLO [red]right[/red]?", at=clock.now(), done=True)
    meeting = service.meetings.prepare(pm.id)
    service.meetings.participants.update(meeting.participants[0].id, role="facilitator")
    service.meetings.participants.update(meeting.participants[1].id, role="scribe")
    service.meetings.agenda.update(meeting.agenda[1].id, title="Risks <i>and</i> [link](x) causes")
    service.meetings.start(meeting.meeting.id)
    clock.advance(minutes=17, seconds=5)  # 15 minutes planned: over by 2:05
    service.meetings.advance(meeting.meeting.id)
    clock.advance(minutes=3, seconds=30)
    service.meetings.end(meeting.meeting.id)
    service.mark_exported(pm.id)
    return pm


def test_premortem_with_a_meeting_round_trips_through_json(service, clock, tmp_path) -> None:
    from data.database import open_database
    from data.service import PostmortemService

    pm = premortem_with_a_meeting(service, clock)
    first = render(service, pm.id, "json", date(2024, 3, 20))
    data = json.loads(first)
    jsonschema.validate(data, SCHEMA)
    assert data["exported_at"] == "2024-03-06T12:20:35+00:00"
    assert data["failure_stories"] == ["The [bold]cache[/bold] melted <script>x</script>"]
    assert data["parking_lot"] == [
        {"text": "Who owns *DNS* | the <b>zone</b>?", "by": "Ana [bold]", "at": "2024-03-06T12:00:00+00:00",
         "section": "timeline", "done": False},
        {"text": "Is the SLO [red]right[/red]?", "by": "", "at": "2024-03-06T12:00:00+00:00", "section": "",
         "done": True}]
    [meeting] = data["meetings"]
    assert meeting["started_at"] == "2024-03-06T12:00:00+00:00" and meeting["ended_at"] == "2024-03-06T12:20:35+00:00"
    assert meeting["participants"] == [{"name": "Ana [bold]", "role": "facilitator"},
                                       {"name": "Bo <b>", "role": "scribe"}]
    assert [(a["title"], a["step"], a["timebox_minutes"], a["spent_seconds"]) for a in meeting["agenda"]] == [
        ("Failure stories", 1, 15, 1025), ("Risks <i>and</i> [link](x) causes", 2, 20, 210),
        ("Preventive actions", 3, 15, 0), ("Wrap-up: share and track", 4, 10, 0)]

    other = PostmortemService(open_database(tmp_path / "empty.db"), clock)
    document, warnings = parse_document(data)
    assert warnings == []
    again = other.import_document(document)
    second = render(other, again.id, "json", date(2024, 3, 20))
    [state] = other.meetings.all(again.id)
    markdown_again = render(other, again.id, "md", date(2024, 3, 20))
    other.database.dispose()
    assert second == first  # derived included
    assert state.status == "ended" and state.meeting.current_position is None
    assert all(item.started_at is None for item in state.agenda)
    assert markdown_again == render(service, pm.id, "md", date(2024, 3, 20))


def test_premortem_markdown_has_stories_parking_lot_and_meetings_all_escaped(service, clock) -> None:
    pm = premortem_with_a_meeting(service, clock)
    text = render(service, pm.id, "md", date(2024, 3, 20))
    tokens = GFM.parse(text)
    assert headings(tokens) == [
        ("h1", "PRE-2024-001: Launch of the &lt;script&gt;new&lt;/script&gt; checkout"),
        ("h2", "Incident summary"), ("h2", "Failure stories"), ("h2", "Parking lot"), ("h2", "Meetings"),
        ("h3", "Meeting 1: 2024-03-06 13:00 → 13:20 CET"), ("h2", "Quality review"),
    ]
    assert not [t for t in tokens if t.type in ("html_block", "html_inline", "link_open")]
    assert "- The \\[bold\\]cache\\[/bold\\] melted &lt;script&gt;x&lt;/script&gt;\n" in text
    assert "- Who owns \\*DNS\\* \\| the &lt;b&gt;zone&lt;/b&gt;? — Ana \\[bold\\]\n" in text
    assert "- Is the SLO \\[red\\]right\\[/red\\]? (answered)\n" in text
    assert "**Participants:** Ana \\[bold\\] (facilitator), Bo &lt;b&gt; (scribe)\n" in text
    assert "| Agenda item | Step | Timebox | Time spent |" in text
    assert "| Failure stories | 1 | 15 min | 17:05 (over by 2:05) |" in text
    assert "| Risks &lt;i&gt;and&lt;/i&gt; \\[link\\](x) causes | 2 | 20 min | 3:30 |" in text
    assert "| Preventive actions | 3 | 15 min | 0:00 |" in text
    assert "Time spent in all: 20:35 of 60 min planned." in text
    # rendered, the text reads exactly as typed, and no tag of its own gets through
    html = GFM.render(text)
    assert "<li>The [bold]cache[/bold] melted &lt;script&gt;x&lt;/script&gt;</li>" in html
    assert "<script>" not in html and "<b>" not in html and "<i>" not in html and "<em>" not in html
    assert [t.content for t in tokens if t.type == "inline" and "(answered)" in t.content] == [
        "Is the SLO \\[red\\]right\\[/red\\]? (answered)"]


def test_meetings_not_started_or_not_ended_say_so(service, clock) -> None:
    pm = service.create(title="Outage")
    service.learnings.add(pm.id, kind="failure_story", text="Story kept though the type is outage")
    service.learnings.add(pm.id, kind="lesson", text="A lesson")
    running = service.meetings.prepare(pm.id)
    service.meetings.start(running.meeting.id)
    text = render(service, pm.id, "md", date(2024, 3, 20))
    # not a pre-mortem: the stories follow the other learnings instead of standing on top
    assert [h for _, h in headings(GFM.parse(text))] == [
        "INC-2024-001: Outage", "Incident summary", "Lessons learned", "Failure stories", "Meetings",
        "Meeting 1: 2024-03-06 12:00 UTC, not ended", "Quality review"]
    service.meetings.end(running.meeting.id)
    service.create(title="Planned", incident_id="INC-2024-002")
    planned = service.find("INC-2024-002")
    service.meetings.prepare(planned.id)
    assert "### Meeting 1: planned, not started yet" in render(service, planned.id, "md", date(2024, 3, 20))


def test_older_documents_without_the_new_keys_still_import(service) -> None:
    pm = import_fixture(service, "2019-cloudflare-waf-regex.json")
    bundle = service.bundle(pm.id)
    assert bundle.parking == [] and bundle.meetings == [] and bundle.postmortem.exported_at is None
    assert not [i for i in bundle.learnings if i.kind == "failure_story"]


def test_inline_shortcut_changes_nothing() -> None:
    """The plain-text shortcut of `inline` gives what the full escaping gives, on random text."""
    import html
    import random

    from app.logic import mdtext

    def escaped_in_full(text: str) -> str:
        text = " ".join(mdtext.clean_text(text).split())
        text = html.escape(text, quote=False)
        text = mdtext._INLINE_SPECIAL.sub(r"\\\1", text)
        return mdtext._BLOCK_START.sub(lambda m: f"{m[1] or ''}\\{m[2] or m[4]}", text)

    alphabet = "ab 1.)-+#=\\`*_[]|~<>&\t\n\x1b\u00e9\u2028"
    generator = random.Random(11)
    samples = ["", " ", "plain words", "1. first", "- item", "# head", "= x", "a_b", "x & y"]
    samples += ["".join(generator.choice(alphabet) for _ in range(generator.randint(1, 12))) for _ in range(20000)]
    for sample in samples:
        assert mdtext.inline(sample) == escaped_in_full(sample), repr(sample)
