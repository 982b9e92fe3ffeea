"""`postmortem/v1` import: every class of error, warnings, defaults; property-based round trips and escaping."""

from __future__ import annotations

import copy
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from app.logic.interchange import DocumentError, dumps, loads, parse_document, to_document
from app.logic.markdown import render_markdown
from data.records import (
    AgendaItem,
    CorrectiveAction,
    FishboneCategory,
    FishboneCause,
    Impact,
    ImpactMetric,
    LearningItem,
    Meeting,
    MeetingParticipant,
    MeetingState,
    ParkingItem,
    Postmortem,
    PostmortemBundle,
    Reference,
    RootCause,
    TimelineEvent,
    WhyNode,
)

FIXTURE = json.loads((Path(__file__).parent / "data" / "2019-cloudflare-waf-regex.json").read_text())


def problems_of(document) -> list[str]:
    with pytest.raises(DocumentError) as caught:
        parse_document(document)
    return caught.value.problems


def minimal(**extra) -> dict:
    return {"format": "postmortem/v1", "incident_id": "INC-1", "title": "T", **extra}


def test_only_format_id_and_title_are_required_and_the_rest_has_defaults() -> None:
    document, warnings = parse_document(minimal())
    assert warnings == []
    assert document.postmortem["status"] == "draft" and document.postmortem["timezone"] == "UTC"
    assert document.postmortem["incident_type"] == "outage" and document.postmortem["severity"] == "medium"
    assert document.events == [] and document.categories == ["People", "Process", "Technology", "Environment"]
    nulls = minimal(owner=None, timeline=None, impact=None, whys=None, fishbone=None, fault_tree=None,
                    root_causes=None, actions=None, went_well=None, references=None, summary=None)
    assert parse_document(nulls)[0].postmortem["owner"] == ""
    assert problems_of({"format": "postmortem/v1"}) == ["incident_id: required", "title: required"]


@pytest.mark.parametrize(("change", "expected"), [
    (lambda d: d.update(format="postmortem/v2"), 'format: expected "postmortem/v1", got "postmortem/v2"'),
    (lambda d: d.update(severity="sev1"), 'severity: unknown value "sev1" (expected critical, high, medium, low)'),
    (lambda d: d["timeline"][3].update(at="25:61"), 'timeline[3].at: not a time: "25:61"'),
    (lambda d: d["timeline"][0].update(at="2019-07-02T13:31:00"),
     'timeline[0].at: not a time with an offset: "2019-07-02T13:31:00" (add Z or +00:00)'),
    (lambda d: d["timeline"][1].update(kind="boom"), 'timeline[1].kind: unknown value "boom"'),
    (lambda d: d.update(timeline="nope"), 'timeline: expected a list, got "nope"'),
    (lambda d: d["impact"].update(users_affected="many"), 'impact.users_affected: expected a number, got "many"'),
    (lambda d: d["impact"].update(users_affected=-3), "impact.users_affected: cannot be negative, got -3"),
    (lambda d: d["impact"].update(slo_target_percent=100), "impact.slo_target_percent: an SLO must be below 100%"),
    (lambda d: d["whys"][4].update(parent="w9"), 'whys[4].parent: no why has the id "w9"'),
    (lambda d: d["actions"][2].update(root_causes=["rc99"]), 'actions[2].root_causes[0]: no root cause has the id '
                                                            '"rc99"'),
    (lambda d: d["actions"][0].update(due="15/3"), 'actions[0].due: not a date (YYYY-MM-DD): "15/3"'),
    (lambda d: d["actions"][0].update(status="finished"), 'actions[0].status: unknown value "finished"'),
    (lambda d: d.update(timezone="Mars/Base"), "timezone: 'Mars/Base' is not an IANA timezone name"),
    (lambda d: d.update(incident_id="has spaces"), "incident_id: Incident id: letters, digits"),
    (lambda d: d["whys"][1].update(id="w1"), 'whys[1].id: "w1" is used twice'),
])
def test_each_class_of_problem_is_reported_by_json_path(change, expected: str) -> None:
    document = copy.deepcopy(FIXTURE)
    change(document)
    assert any(problem.startswith(expected) for problem in problems_of(document)), problems_of(document)


def test_every_problem_is_listed_not_just_the_first() -> None:
    document = copy.deepcopy(FIXTURE)
    document["severity"] = "sev1"
    document["timeline"][3]["at"] = "25:61"
    document["whys"][4]["parent"] = "w9"
    assert len(problems_of(document)) == 3


def test_parent_loops_are_refused() -> None:
    document = minimal(whys=[{"id": 1, "parent": 2, "answer": "a"}, {"id": 2, "parent": 1, "answer": "b"}])
    assert any("the parents form a loop" in p for p in problems_of(document))


def test_bad_json_says_where() -> None:
    with pytest.raises(DocumentError) as caught:
        loads('{"format": "postmortem/v1",, }')
    assert caught.value.problems == ["(document): not JSON: Expecting property name enclosed in double quotes at "
                                     "line 1, column 28"]
    assert problems_of([1, 2]) == ["(document): expected a JSON object"]


def test_unknown_fields_are_warnings_and_kept_out() -> None:
    document = copy.deepcopy(FIXTURE)
    document["mood"] = "grim"
    document["timeline"][0]["emoji"] = "🔥"
    _, warnings = parse_document(document)
    assert warnings == ["mood: unknown field, ignored", "timeline[0].emoji: unknown field, ignored"]


def with_a_meeting(**extra) -> dict:
    return minimal(
        failure_stories=["It failed"],
        parking_lot=[{"text": "Who owns DNS?", "by": "Ana", "at": "2024-03-06T12:00:00Z", "section": "timeline",
                      "done": False}, {"text": "Answered", "done": True}],
        meetings=[{"started_at": "2024-03-06T12:00:00+00:00", "ended_at": "2024-03-06T13:00:00+00:00",
                   "participants": [{"name": "Ana", "role": "facilitator"}, {"name": "Bo", "role": "scribe"}],
                   "agenda": [{"title": "Timeline", "step": 1, "section": "timeline", "timebox_minutes": 10,
                               "spent_seconds": 700.5},
                              {"title": "Causes", "step": 2, "section": "analysis", "timebox_minutes": 20,
                               "spent_seconds": 0}]}],
        **extra)


@pytest.mark.parametrize(("change", "expected"), [
    (lambda d: d["meetings"][0]["participants"][1].update(role="host"),
     'meetings[0].participants[1].role: unknown value "host" (expected facilitator, scribe, responder, observer)'),
    (lambda d: d["meetings"][0]["participants"][0].update(name=" "), "meetings[0].participants[0].name: cannot be "
                                                                     "empty"),
    (lambda d: d["meetings"][0]["participants"][0].pop("name"), "meetings[0].participants[0].name: required"),
    (lambda d: d["meetings"][0]["agenda"][1].update(timebox_minutes=-5),
     "meetings[0].agenda[1].timebox_minutes: expected a whole number from 1 to 600, got -5"),
    (lambda d: d["meetings"][0]["agenda"][0].update(timebox_minutes=2.5),
     "meetings[0].agenda[0].timebox_minutes: expected a whole number from 1 to 600, got 2.5"),
    (lambda d: d["meetings"][0]["agenda"][0].update(timebox_minutes=float("inf")),
     "meetings[0].agenda[0].timebox_minutes: expected a whole number from 1 to 600, got Infinity"),
    (lambda d: d["meetings"][0]["agenda"][0].update(spent_seconds=float("inf")),
     "meetings[0].agenda[0].spent_seconds: expected a finite number of seconds"),
    (lambda d: d["meetings"][0]["agenda"][0].update(step=6),
     "meetings[0].agenda[0].step: expected a whole number from 1 to 5, got 6"),
    (lambda d: d["meetings"][0]["agenda"][0].update(spent_seconds=-1),
     "meetings[0].agenda[0].spent_seconds: cannot be negative, got -1"),
    (lambda d: d["meetings"][0]["agenda"][0].update(spent_seconds="ten"),
     'meetings[0].agenda[0].spent_seconds: expected a number, got "ten"'),
    (lambda d: d["meetings"][0]["agenda"][1].update(title=""), "meetings[0].agenda[1].title: cannot be empty"),
    (lambda d: d["meetings"][0]["agenda"][1].update(title="x" * 201),
     "meetings[0].agenda[1].title: longer than 200 characters (201)"),
    (lambda d: d["meetings"][0].update(ended_at="2024-03-06T11:00:00Z"),
     "meetings[0].ended_at: the meeting ends (2024-03-06T11:00:00Z) before it starts (2024-03-06T12:00:00+00:00)"),
    (lambda d: d["meetings"][0].update(started_at=None),
     "meetings[0].ended_at: a meeting cannot end without a start"),
    (lambda d: d["meetings"][0].update(started_at="noon"), 'meetings[0].started_at: not a time: "noon"'),
    (lambda d: d["meetings"][0].update(agenda={"title": "x"}), "meetings[0].agenda: expected a list"),
    (lambda d: d.update(meetings=[3]), "meetings[0]: expected an object, got 3"),
    (lambda d: d["parking_lot"][1].pop("text"), "parking_lot[1].text: required"),
    (lambda d: d["parking_lot"][0].update(text="  "), "parking_lot[0].text: cannot be empty"),
    (lambda d: d["parking_lot"][0].update(done="yes"), 'parking_lot[0].done: expected true or false, got "yes"'),
    (lambda d: d["parking_lot"][0].update(at="2024-03-06T12:00:00"),
     'parking_lot[0].at: not a time with an offset: "2024-03-06T12:00:00"'),
    (lambda d: d.update(failure_stories=["ok", 3]), "failure_stories[1]: expected text, got 3"),
    (lambda d: d.update(exported_at="yesterday"), 'exported_at: not a time: "yesterday"'),
])
def test_meeting_parking_lot_and_story_problems_are_reported_by_json_path(change, expected: str) -> None:
    document = with_a_meeting()
    change(document)
    assert any(problem.startswith(expected) for problem in problems_of(document)), problems_of(document)


def test_meetings_and_parking_lot_are_read_with_their_defaults(service, clock) -> None:
    document, warnings = parse_document(with_a_meeting())
    assert warnings == []
    assert document.learnings == [{"kind": "failure_story", "text": "It failed"}]
    assert document.parking[1] == {"text": "Answered", "by": "", "at": None, "section": "", "done": True}
    assert document.meetings[0]["agenda"][0]["spent_seconds"] == 700.5
    planned, _ = parse_document(minimal(meetings=[{"participants": [{"name": "Cy"}], "agenda": [{"title": "Talk"}]}]))
    assert planned.meetings == [{"started_at": None, "ended_at": None, "participants": [{"name": "Cy",
                                                                                         "role": "responder"}],
                                 "agenda": [{"title": "Talk", "step": 1, "section": "summary",
                                             "timebox_minutes": 10, "spent_seconds": 0.0}]}]
    _, warnings = parse_document(minimal(meetings=[{"mood": "tense", "participants": [{"name": "Cy", "age": 3}]}]))
    assert warnings == ["meetings[0].mood: unknown field, ignored", "meetings[0].participants[0].age: unknown field, "
                                                                    "ignored"]
    stored = service.import_document(document)
    parked = service.parking.list(stored.id)
    assert [(p.text, p.done, p.at) for p in parked] == [("Who owns DNS?", False, datetime(2024, 3, 6, 12, tzinfo=UTC)),
                                                        ("Answered", True, clock.now())]  # no time: the import's
    [state] = service.meetings.all(stored.id)
    assert state.status == "ended" and [p.role for p in state.participants] == ["facilitator", "scribe"]
    assert service.meetings.current(stored.id) is None


def test_a_document_read_without_importing_keeps_meetings_and_parking_lot() -> None:
    from app.logic.interchange import bundle_from_document

    bundle = bundle_from_document(parse_document(with_a_meeting(exported_at="2024-03-07T09:00:00Z"))[0])
    assert bundle.postmortem.exported_at == datetime(2024, 3, 7, 9, tzinfo=UTC)
    assert [p.at for p in bundle.parking] == [datetime(2024, 3, 6, 12, tzinfo=UTC), datetime(2024, 3, 7, 9, tzinfo=UTC)]
    assert [(p.name, p.role) for p in bundle.meetings[0].participants] == [("Ana", "facilitator"), ("Bo", "scribe")]
    first, second = (to_document(bundle, date(2024, 3, 20))[key] for key in ("meetings", "failure_stories"))
    assert first == with_a_meeting()["meetings"] and second == ["It failed"]


def test_import_is_all_or_nothing(service) -> None:
    good, _ = parse_document(copy.deepcopy(FIXTURE))
    service.import_document(good)
    again, _ = parse_document(copy.deepcopy(FIXTURE))
    from data.errors import ValidationError

    with pytest.raises(ValidationError, match="--replace"):
        service.import_document(again)
    assert len(service.list_postmortems()) == 1
    again.postmortem["title"] = "Replaced"
    replaced = service.import_document(again, replace=True)
    assert replaced.title == "Replaced" and len(service.list_postmortems()) == 1
    assert len(service.events.list(replaced.id)) == 9


# -- property-based ---------------------------------------------------------------------------------------

text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)
some_text = text.filter(lambda t: t.strip() != "")
instants = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2030, 1, 1),
                        timezones=st.just(UTC)).map(lambda d: d.replace(microsecond=0))


@st.composite
def bundles(draw) -> PostmortemBundle:
    pm = Postmortem(1, "INC-2024-001", draw(some_text), summary=draw(text), owner=draw(text),
                    incident_type=draw(st.sampled_from(["outage", "premortem"])),
                    exported_at=draw(st.none() | instants),
                    contributors=tuple(draw(st.lists(some_text.map(lambda t: " ".join(t.split())).filter(bool),
                                                     max_size=3, unique_by=str.casefold))),
                    problem_statement=draw(text), timezone=draw(st.sampled_from(["UTC", "America/New_York"])))
    events = sorted([TimelineEvent(i, 1, draw(instants), draw(st.sampled_from(["trigger", "detected", "resolved",
                                                                               "note"])), draw(text), draw(text),
                                   draw(text), seq=i) for i in range(draw(st.integers(0, 4)))],
                    key=lambda e: (e.at, e.seq))
    whys = [WhyNode(1, 1, None, draw(text), draw(text)), WhyNode(2, 1, 1, draw(text), draw(text))]
    categories = [FishboneCategory(1, 1, draw(some_text), 0)]
    causes = [FishboneCause(1, 1, 1, None, draw(some_text)), FishboneCause(2, 1, 1, 1, draw(some_text))]
    causes_rc = [RootCause(1, 1, draw(some_text), "primary", draw(text), why_node_id=2)]
    actions = [CorrectiveAction(1, 1, draw(some_text), owner=draw(text), success_measure=draw(text),
                                tracker=draw(text), root_cause_ids=(1,), action_type="immediate",
                                due=draw(st.none() | st.dates(date(2020, 1, 1), date(2030, 1, 1))))]
    started = draw(st.none() | instants)
    ended = None if started is None else draw(st.none() | st.integers(0, 10**5).map(
        lambda seconds: started + timedelta(seconds=seconds)))
    meeting = MeetingState(
        Meeting(1, 1, started, ended),
        tuple(MeetingParticipant(i + 1, 1, draw(some_text.filter(lambda t: len(t) <= 200)),
                                 draw(st.sampled_from(["facilitator", "scribe", "responder", "observer"])), i)
              for i in range(draw(st.integers(0, 2)))),
        tuple(AgendaItem(i + 1, 1, draw(some_text), draw(st.integers(1, 5)), draw(some_text),
                         draw(st.integers(1, 600)), draw(st.floats(0, 10**5, allow_nan=False)), position=i)
              for i in range(draw(st.integers(0, 3)))))
    parking = [ParkingItem(i + 1, 1, draw(some_text), draw(instants), draw(text), draw(text), draw(st.booleans()),
                           i) for i in range(draw(st.integers(0, 2)))]
    return PostmortemBundle(
        parking=parking, meetings=[meeting] if draw(st.booleans()) else [],
        postmortem=pm, events=events,
        impact=Impact(1, narrative=draw(text), users_affected=draw(st.none() | st.integers(0, 10**7))),
        metrics=[ImpactMetric(1, 1, draw(some_text), draw(text), draw(text), draw(text))], whys=whys,
        categories=categories, causes=causes, faults=[], root_causes=causes_rc, actions=actions,
        updates={1: []}, learnings=[LearningItem(1, 1, "went_well", draw(some_text)),
                                    LearningItem(2, 1, "failure_story", draw(some_text))],
        references=[Reference(1, 1, draw(some_text), draw(text))],
    )


GFM = MarkdownIt("commonmark").enable("table").enable("strikethrough")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bundles())
def test_markdown_structure_survives_any_text(bundle: PostmortemBundle) -> None:
    tokens = GFM.parse(render_markdown(bundle, date(2024, 3, 20)))
    levels = [t.tag for t in tokens if t.type == "heading_open"]
    assert levels.count("h1") == 1 and levels[0] == "h1"
    titles = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h2"]
    assert titles[0] == "Incident summary"
    assert set(titles) <= {"Incident summary", "Timeline", "Impact", "Root cause analysis", "Corrective actions",
                           "What went well", "Where we got lucky", "Lessons learned", "Appendix",
                           "Quality review", "Failure stories", "Parking lot", "Meetings"}
    assert ("Meetings" in titles) == bool(bundle.meetings) and ("Parking lot" in titles) == bool(bundle.parking)
    assert not [t for t in tokens if t.type in ("html_block", "html_inline")]
    # every table row has as many cells as its header
    for start, token in enumerate(tokens):
        if token.type == "table_open":
            widths, cells = [], 0
            for inner in tokens[start + 1:]:
                if inner.type == "table_close":
                    break
                if inner.type in ("th_open", "td_open"):
                    cells += 1
                if inner.type == "tr_close":
                    widths.append(cells)
                    cells = 0
            assert len(set(widths)) == 1, widths
    # the only top-level lists are the ones the document makes
    actions = [tokens[i + 2].content for i, t in enumerate(tokens) if t.type == "list_item_open"
               and tokens[i + 2].type == "inline" and tokens[i + 2].content.startswith(("[ ]", "[x]"))]
    assert len(actions) == len(bundle.actions)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(bundles())
def test_any_postmortem_round_trips_through_json(tmp_path_factory, bundle: PostmortemBundle) -> None:
    from data.clock import FixedClock
    from data.database import open_database
    from data.service import PostmortemService

    first = dumps(to_document(bundle, date(2024, 3, 20)))
    document, _ = parse_document(json.loads(first))
    service = PostmortemService(open_database(tmp_path_factory.mktemp("rt") / "x.db"),
                                FixedClock(datetime(2024, 3, 20, tzinfo=UTC)))
    stored = service.import_document(document)
    second = dumps(to_document(service.bundle(stored.id), date(2024, 3, 20)))
    service.database.dispose()
    one, two = json.loads(first), json.loads(second)
    one.pop("derived"), two.pop("derived")
    # names are tidied on the way in (spaces collapsed, blanks dropped); compare what was kept
    assert two == one
