"""The review: structure rules, the rubric, dismissals and overrides, and `postmortem lint`."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pendulum
import pytest

from app.cli import main
from app.logic.review import review
from data.demo import load_demo

AS_OF = date(2024, 3, 20)
FIXTURES = Path(__file__).parent / "data"


def rules(result) -> list[tuple[str, str]]:
    return [(f.rule, f.path) for f in result.findings]


def test_the_demo_passes_with_its_reasons(service) -> None:
    demo = load_demo(service)
    result = review(service.bundle(demo.id), AS_OF)
    assert result.errors == ()
    scores = {c.name: (c.score, c.reason) for c in result.criteria}
    assert scores["timeline"][0] == 5 and scores["blameless"] == (5, "no blaming language found")
    assert scores["timeliness"] == (5, "written 18 h after resolution")
    assert scores["impact"][0] == 5 and "users, duration, money, error budget" in scores["impact"][1]
    assert scores["learning"] == (3, "3 went well, 1 lessons, 0 lucky breaks") or scores["learning"][0] == 4
    assert result.passed and result.average >= 3.5


def test_structure_rules(service) -> None:
    pm = service.create(title="Checkout errors", status="in_review",
                        written_at=pendulum.datetime(2024, 3, 10, tz="UTC"))
    service.events.add(pm.id, at=pendulum.datetime(2024, 3, 1, 14, 0, tz="UTC"), kind="trigger",
                       description="Deploy in the afternoon")
    service.events.add(pm.id, at=pendulum.datetime(2024, 3, 1, 14, 30, tz="UTC"), kind="resolved",
                       description="Back")
    service.events.add(pm.id, at=pendulum.datetime(2024, 3, 1, 14, 40, tz="UTC"), kind="detected",
                       description="Noticed errors")
    why = service.whys.add(pm.id, question="Why?", answer="A bad config was deployed")
    service.root_causes.add(pm.id, text="No validation", why_node_id=why.id)
    service.actions.add(pm.id, title="Add schema validation to the deploy stage", owner="team")
    found = rules(review(service.bundle(pm.id), AS_OF))
    for expected in [("CAUSAL_ORDER", "timeline[1].at"), ("SHALLOW_WHYS", "whys[0].answer"),
                     ("GROUP_OWNER", "actions[0].owner"), ("NO_DUE_DATE", "actions[0].due"),
                     ("ROOT_CAUSE_WITHOUT_ACTION", "root_causes[0]"), ("VAGUE_TIME", "timeline[0].description"),
                     ("NO_WENT_WELL", "went_well"), ("LATE_WRITEUP", "written_at"),
                     ("NOT_DRAFT_WITH_ERRORS", "status")]:
        assert expected in found, expected


def test_timeline_gaps_are_named_and_premortems_do_not_need_them(service) -> None:
    pm = service.create(title="Outage")
    service.events.add(pm.id, at=pendulum.datetime(2024, 3, 1, tz="UTC"), kind="trigger", description="x")
    found = rules(review(service.bundle(pm.id), AS_OF))
    assert ("NO_DETECTED", "timeline") in found and ("NO_RESOLVED", "timeline") in found
    plan = service.create(title="Launch", incident_type="premortem")
    assert not {r for r, _ in rules(review(service.bundle(plan.id), AS_OF))} & {"NO_DETECTED", "NO_RESOLVED",
                                                                                "NO_TIMELINE"}


def test_blame_anywhere_is_an_error_that_lowers_the_tone_score(service) -> None:
    demo = load_demo(service)
    service.update(demo.id, summary="The intern deleted the table and caused the outage.")
    result = review(service.bundle(demo.id), AS_OF)
    blame = [f for f in result.findings if f.rule == "BLAME"]
    assert blame and blame[0].path == "summary" and blame[0].severity == "error"
    assert result.criterion("blameless").score < 5
    assert ("NOT_DRAFT_WITH_ERRORS", "status") in rules(result)  # the demo is in review


def test_dismissal_with_a_reason_removes_the_finding_and_is_kept(service) -> None:
    demo = load_demo(service)
    service.update(demo.id, summary="The intern deleted the table and caused the outage.")
    finding = next(f for f in review(service.bundle(demo.id), AS_OF).findings if f.rule == "BLAME")
    service.dismiss_finding(demo.id, rule=finding.rule, path=finding.path, text=finding.text,
                            reason="quoted from the customer's report", by="Riley")
    result = review(service.bundle(demo.id), AS_OF)
    assert "BLAME" not in {f.rule for f in result.findings}
    assert [(f.rule, reason) for f, reason in result.dismissed] == [("BLAME", "quoted from the customer's report")]


def test_overrides_replace_the_score_and_keep_the_automatic_one(service) -> None:
    demo = load_demo(service)
    service.set_override(demo.id, "learning", 5, note="Lessons shared in the guild meeting", by="Riley")
    learning = review(service.bundle(demo.id), AS_OF).criterion("learning")
    assert (learning.score, learning.override, learning.note) == (5, 5, "Lessons shared in the guild meeting")
    assert learning.automatic < 5
    service.set_override(demo.id, "learning", None)
    assert review(service.bundle(demo.id), AS_OF).criterion("learning").override is None


def test_review_is_exported_and_dismissals_round_trip(service, tmp_path, clock) -> None:
    from app.exporting import render
    from app.logic.interchange import parse_document
    from data.database import open_database
    from data.service import PostmortemService

    demo = load_demo(service)
    service.set_override(demo.id, "learning", 5, note="Shared widely", by="Riley")
    service.dismiss_finding(demo.id, rule="NO_WENT_WELL", path="went_well", text="", reason="n/a", by="Riley")
    exported = json.loads(render(service, demo.id, "json", AS_OF))
    assert exported["derived"]["review"]["criteria"]["learning"] == {
        "score": 5, "automatic": exported["derived"]["review"]["criteria"]["learning"]["automatic"],
        "reason": exported["derived"]["review"]["criteria"]["learning"]["reason"], "override": 5,
        "note": "Shared widely"}
    assert exported["rubric_overrides"][0]["criterion"] == "learning"
    markdown = render(service, demo.id, "md", AS_OF)
    assert "## Quality review" in markdown and "| Learning | 5 (automatic" in markdown
    other = PostmortemService(open_database(tmp_path / "other.db"), clock)
    copy = other.import_document(parse_document(exported)[0])
    assert [o.note for o in other.bundle(copy.id).overrides] == ["Shared widely"]
    assert [d.reason for d in other.bundle(copy.id).dismissals] == ["n/a"]
    other.database.dispose()


# -- postmortem lint --------------------------------------------------------------------------------------

@pytest.fixture
def lint_db(tmp_path, clock) -> Path:
    from data.database import open_database
    from data.service import PostmortemService

    path = tmp_path / "lint.db"
    service = PostmortemService(open_database(path), clock)
    load_demo(service)
    blamed = service.create(title="Blamed", incident_id="INC-2024-009")
    service.update(blamed.id, summary="Bob's change broke checkout.")
    service.database.dispose()
    return path


def test_lint_json_contract_and_exit_codes(lint_db, capsys) -> None:
    assert main(["lint", "DEMO-2024-001", "--db", str(lint_db), "--as-of", "2024-03-20", "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)["results"][0]
    assert result["target"] == "DEMO-2024-001"
    assert set(result["review"]) >= {"criteria", "average", "passed"} and result["review"]["passed"] is True
    assert len(result["review"]["criteria"]) == 8
    for finding in result["findings"]:
        assert set(finding) >= {"rule", "label", "severity", "path", "span", "message", "suggestion"}
    assert main(["lint", "DEMO-2024-001", "INC-2024-009", "--db", str(lint_db), "--format", "json"]) == 1
    blamed = json.loads(capsys.readouterr().out)["results"][1]
    blame = next(f for f in blamed["findings"] if f["rule"] == "BLAME")
    assert blame["path"] == "summary" and blame["severity"] == "error" and blame["span"][0] == 0


def test_lint_reads_files_without_importing_them(lint_db, tmp_path, capsys) -> None:
    fixture = str(FIXTURES / "2019-cloudflare-waf-regex.json")
    code = main(["lint", fixture, "--db", str(lint_db), "--as-of", "2019-07-20"])
    out = capsys.readouterr().out
    assert code in (0, 1) and out.startswith(f"{fixture}: ")
    assert "rubric" in out
    assert main(["list", "--db", str(lint_db), "--format", "json"]) == 0
    assert "CLOUDFLARE" not in capsys.readouterr().out


def test_lint_unusable_targets_exit_2(lint_db, tmp_path, capsys) -> None:
    (tmp_path / "bad.json").write_text('{"format": "postmortem/v9"}')
    assert main(["lint", "NOPE-1", "--db", str(lint_db)]) == 2
    assert "no postmortem has this incident id" in capsys.readouterr().err
    assert main(["lint", str(tmp_path / "bad.json"), "--db", str(lint_db), "--format", "json"]) == 2
    result = json.loads(capsys.readouterr().out)["results"][0]
    assert "not a valid postmortem/v1 document" in result["error"]


def test_written_at_48_hours_rule_edges(service) -> None:
    pm = service.create(title="Edges")
    resolved = datetime(2024, 3, 1, 16, 0, tzinfo=UTC)
    service.events.add(pm.id, at=resolved - timedelta(hours=1), kind="trigger", description="x")
    service.events.add(pm.id, at=resolved - timedelta(minutes=50), kind="detected", description="y")
    service.events.add(pm.id, at=resolved, kind="resolved", description="z")
    service.update(pm.id, written_at=resolved + timedelta(hours=48))
    assert "LATE_WRITEUP" not in {r for r, _ in rules(review(service.bundle(pm.id), AS_OF))}
    service.update(pm.id, written_at=resolved + timedelta(hours=49))
    assert "LATE_WRITEUP" in {r for r, _ in rules(review(service.bundle(pm.id), AS_OF))}


def test_vague_time_shortcut_never_hides_a_match() -> None:
    """`may_hold_vague_time` says False only for texts VAGUE_TIME cannot match (random text, odd letters)."""
    import random

    from app.logic.review import VAGUE_TIME, may_hold_vague_time

    phrases = ["this morning", "late-night", "Later that day", "later on", "SOMETIME", "some time later",
               "at some point", "around noon", "a bit later", "shortly afterwards", "soon after", "eventually",
               "mid afternoon", "\u0130n the evening", "\u017fometime", "early night", "in the", "after"]
    pieces = [*phrases, " ", "-", "x", "at", "the", "lat", "er", "\u0131", "\u212a", "é"]
    generator = random.Random(5)
    for _ in range(20000):
        text = "".join(generator.choice(pieces) for _ in range(generator.randint(0, 6)))
        if VAGUE_TIME.search(text):
            assert may_hold_vague_time(text), repr(text)
    assert not may_hold_vague_time("14:05 rollback started") and may_hold_vague_time("this morning")
