"""The quarterly review's figures on a small hand-built set, its periods, and `postmortem report`."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pendulum
import pytest

from app.cli import main
from app.logic.insights import (
    Filters,
    PeriodError,
    between,
    compute_insights,
    insights_json,
    percentile,
    preset,
    quarter,
    stat,
)
from data.insights import read_facts
from tests.conftest import NOW

GOLDEN = Path(__file__).parent / "golden"


def at(text: str):
    return pendulum.parse(text, tz="UTC")


def incident(service, title: str, start: str | None, *, detect: int | None = None,
             resolve: int | None = None, written_hours: float | None = None, **values):
    pm = service.create(title=title, **values)
    if start is not None:
        started = at(start)
        service.events.add(pm.id, at=started, kind="trigger", description="change")
        if detect is not None:
            service.events.add(pm.id, at=started.add(minutes=detect), kind="detected", description="alert")
        if resolve is not None:
            service.events.add(pm.id, at=started.add(minutes=resolve), kind="resolved", description="fixed")
            if written_hours is not None:
                service.update(pm.id, written_at=started.add(minutes=resolve).add(hours=written_hours))
    return pm


@pytest.fixture
def quarter_set(service, clock):
    """Three incidents in 2024Q1, one in December, one without a timeline."""
    a = incident(service, "Orders DB failover", "2024-01-10T10:00", detect=10, resolve=70, written_hours=24,
                 severity="high", tags=["db"], incident_id="INC-A")
    b = incident(service, "Token leak", "2024-02-05T08:00", detect=30, resolve=150, written_hours=120,
                 incident_type="security", severity="critical", tags=["db", "auth"], incident_id="INC-B")
    c = incident(service, "Slow search", "2024-02-20T12:00", detect=5, severity="low", incident_id="INC-C")
    incident(service, "Year-end batch", "2023-12-30T23:00", detect=20, resolve=50, incident_id="INC-D")
    incident(service, "No timeline yet", None, incident_id="INC-E")
    service.root_causes.add(a.id, text="No failover drill", category="Process")
    service.root_causes.add(a.id, text="Runbook out of date", category="Process")
    service.root_causes.add(b.id, text="Secrets in CI logs", category="Technology")
    service.root_causes.add(b.id, text="No secret scanning", category="Process")
    service.root_causes.add(c.id, text="Index missing")
    saved = clock.now()
    clock._at = at("2024-01-12T09:00")
    done = service.actions.add(a.id, title="Quarterly failover drill", owner="Ana", due=date(2024, 2, 1))
    service.actions.add(a.id, title="Runbook review each release", owner="Ana", due=date(2024, 3, 1))
    clock.advance(days=3)
    service.set_action_status(done.id, "done", by="Ana")
    service.actions.add(b.id, title="Secret scanning on every CI log", owner="Bo", due=date(2024, 4, 1))
    clock._at = saved
    return service


def test_percentiles_interpolate_between_ranks() -> None:
    assert percentile([], 0.5) is None
    assert percentile([7], 0.9) == 7
    assert percentile([5, 10, 30], 0.5) == 10
    assert percentile([5, 10, 30], 0.9) == pytest.approx(26)
    assert percentile([1, 2, 3, 4], 0.5) == 2.5
    assert stat([]).as_json() == {"median": None, "p90": None, "n": 0}


def test_periods() -> None:
    q = quarter("2026q3")
    assert (q.start, q.end, q.label) == (date(2026, 7, 1), date(2026, 9, 30), "2026Q3")
    assert quarter("2024Q4").end == date(2024, 12, 31)
    assert preset("last_quarter", date(2024, 1, 5)).start == date(2023, 10, 1)
    assert preset("last_12_months", date(2024, 3, 20)).start == date(2023, 3, 1)
    with pytest.raises(PeriodError):
        quarter("2026Q5")
    with pytest.raises(PeriodError):
        between(date(2024, 2, 1), date(2024, 1, 1))


def test_every_figure_of_a_quarter(quarter_set) -> None:
    report = insights_json(compute_insights(read_facts(quarter_set), quarter("2024Q1"), NOW.date()))
    assert report["period"] == {"from": "2024-01-01", "to": "2024-03-31"}
    assert report["incidents"] == 3
    assert report["undated_postmortems"] == 1
    assert report["by_type"] == {"outage": 2, "security": 1}
    assert report["by_severity"] == {"critical": 1, "high": 1, "low": 1}
    assert report["by_month"] == {"2024-01": 1, "2024-02": 2}
    # the incident without a resolved event counts for detection lag only
    assert report["duration_minutes"] == {"median": 110, "p90": 142, "n": 2}
    assert report["detection_lag_minutes"] == {"median": 10, "p90": 26, "n": 3}
    assert report["time_to_resolve_minutes"] == {"median": 90, "p90": 114, "n": 2}
    assert report["root_cause_categories"] == {"Process": 3, "Technology": 1, "uncategorised": 1}
    assert report["actions"] == {"created": 3, "done": 1, "overdue": 1, "completion_rate": 0.3333,
                                 "median_days_to_done": 3, "overdue_by_owner": {"Ana": 1}}
    assert report["timeliness"] == {"median_hours_to_written": 72, "within_48h_share": 0.5, "n": 2}


def test_filters_and_an_empty_period(quarter_set) -> None:
    facts = read_facts(quarter_set)
    security = compute_insights(facts, quarter("2024Q1"), NOW.date(), Filters(incident_type="security"))
    assert [i.incident_id for i in security.incidents] == ["INC-B"]
    tagged = compute_insights(facts, quarter("2024Q1"), NOW.date(), Filters(tag="db"))
    assert {i.incident_id for i in tagged.incidents} == {"INC-A", "INC-B"}
    assert {i.incident_id for i in tagged.behind("month", "2024-02")} == {"INC-B"}
    empty = insights_json(compute_insights(facts, quarter("2025Q2"), NOW.date()))
    assert empty["incidents"] == 0 and empty["by_month"] == {}
    assert empty["duration_minutes"] == {"median": None, "p90": None, "n": 0}
    assert empty["actions"]["completion_rate"] is None
    assert empty["timeliness"]["within_48h_share"] is None


def test_reads_stay_a_few_queries_whatever_the_count(service, database) -> None:
    from sqlalchemy import event

    for n in range(30):
        incident(service, f"Incident {n}", f"2024-01-{n % 28 + 1:02d}T10:00", detect=5, resolve=30)
    statements: list[str] = []
    event.listen(database.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    facts = read_facts(service)
    assert len(facts.incidents) == 30
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) <= 5


def test_report_golden_markdown_and_json(quarter_set, db_path, capsys) -> None:
    for kind in ("md", "json"):
        code = main(["--db", str(db_path), "--as-of", "2024-03-06", "report", "--quarter", "2024Q1",
                     "--format", kind])
        out = capsys.readouterr().out
        assert code == 0
        golden = GOLDEN / f"report-2024Q1.{kind}"
        if os.environ.get("UPDATE_GOLDEN"):
            golden.write_text(out, encoding="utf-8")
        assert out == golden.read_text(encoding="utf-8")
    assert json.loads(out)["incidents"] == 3


def test_report_refuses_bad_periods_clearly(db_path, capsys) -> None:
    assert main(["--db", str(db_path), "report", "--quarter", "2026Q5"]) == 2
    assert "not a quarter: '2026Q5' (use 2026Q3)" in capsys.readouterr().err
    assert main(["--db", str(db_path), "report", "--from", "2024-02-01"]) == 2
    assert "--from and --to go together" in capsys.readouterr().err
    assert main(["--db", str(db_path), "report", "--from", "2024-02-01", "--to", "2024-01-01"]) == 2
    assert "ends (2024-01-01) before it starts" in capsys.readouterr().err


def test_report_markdown_keeps_user_text_literal(service, db_path, capsys) -> None:
    pm = incident(service, "x", "2024-01-10T10:00", detect=1, resolve=2, incident_id="INC-X",
                  tags=["edge"])
    service.root_causes.add(pm.id, text="y", category="[bold]Proc|ess[/bold]")
    main(["--db", str(db_path), "--as-of", "2024-03-06", "report", "--quarter", "2024Q1"])
    out = capsys.readouterr().out
    assert "| \\[bold\\]Proc\\|ess\\[/bold\\] | 1 | 100% |" in out
    assert '"[bold]Proc|ess[/bold]"' in out  # the Mermaid label, quoted


def test_quarters_outside_the_calendar_are_period_errors() -> None:
    import pytest

    from app.logic.insights import PeriodError, quarter

    for spec in ("0000Q1", "9999Q4", "Q2-0000"):
        with pytest.raises(PeriodError, match="the year must be between"):
            quarter(spec)
    assert quarter("9998Q4").end.isoformat() == "9998-12-31"
