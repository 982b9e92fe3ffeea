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
