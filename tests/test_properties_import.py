"""Property tests for reading `postmortem/v1` JSON: any JSON value, the Cloudflare document with fields
replaced or added, and each kind of field given values that broke readers before, gives a document or a
`DocumentError` listing the problems; never another exception. A document the reader accepts can be
stored, and exported again to Markdown and strict JSON.
"""

from __future__ import annotations

import copy
import json
import math
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.logic.document_reader import IMPACT_NUMBERS, KNOWN_TOP, MAX_DEPTH, DocumentError, parse_document
from app.logic.interchange import bundle_from_document, dumps, loads, to_document
from app.logic.markdown import render_markdown
from tests.test_properties import CHEAP, any_text, near_dates, outcome

FIXTURE = json.loads((Path(__file__).parent / "data" / "2019-cloudflare-waf-regex.json").read_text())
#: The fixture with one item in each list it leaves out, so that fields inside those exist to be changed.
RICH = {**FIXTURE,
        "rubric_overrides": [{"criterion": "timeline", "score": 3, "note": "n", "at": "2024-03-05T00:00Z"}],
        "meetings": [{"started_at": "2024-03-05T10:00:00Z", "agenda": [{"title": "Timeline"}],
                      "participants": [{"name": "Ana"}]}],
        "parking_lot": [{"text": "A question", "at": "2024-03-05T10:00:00Z"}],
        "dismissals": [{"rule": "R", "path": "p", "reason": "r", "at": "2024-03-05T10:00:00Z"}],
        "fault_tree": {"id": "f1", "label": "Top", "gate": "or", "children": [{"id": "f2", "label": "Basic"}]}}

# -- postmortem/v1 JSON -----------------------------------------------------------------------------------

json_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.integers(min_value=2**63 - 2),
                         st.floats(allow_nan=True, allow_infinity=True), any_text,
                         st.sampled_from(["2024-03-05T14:05:00Z", "0001-01-01T00:00:00+01:00",
                                          "9999-12-31T23:59:59-05:00", "2024-02-30", "2024-03-05", "", " ", "a1",
                                          "rc1", "w1", "c1", "f1", "postmortem/v1", "UTC", "high", "\u0000"]))
json_values = st.recursive(json_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.one_of(any_text, st.sampled_from(
        ["id", "parent", "at", "text", "title", "children", "root_causes"])), inner, max_size=4)), max_leaves=12)


def _paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    """Every place inside a JSON value, as a tuple of keys and indexes."""
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


RICH_PATHS = _paths(RICH)
#: Every field name the format has, so that mutations also add fields where the document has none.
FIELD_NAMES = sorted({*KNOWN_TOP, *IMPACT_NUMBERS, *(k for path in RICH_PATHS for k in path if isinstance(k, str)),
                      "window_start", "window_end", "currency", "metrics", "revenue_period", "root_cause", "why",
                      "fishbone_cause", "fault_event", "due", "effort", "control", "success_measure", "tracker",
                      "updates", "old_status", "note", "by", "url", "section", "done", "ended_at", "role", "step",
                      "timebox_minutes", "spent_seconds", "gate", "children"})
#: Values that broke readers before: non-finite and huge numbers, instants UTC cannot hold, half a surrogate
#: pair, lists and objects where an id belongs.
NASTY = [math.nan, math.inf, -math.inf, 10**400, 2**63, 2**53 + 1, 1e308, -1, 0.5, "\ud800", "a\udfffb",
         "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00", "2024-13-01T00:00:00Z", [1], {"a": 1}, [[]], "",
         True, "w1", "rc1", "a1", "c1", "f1"]


@st.composite
def mutated_documents(draw: st.DrawFn) -> Any:
    """The Cloudflare document with a few fields (at any depth) replaced, or added where it has none, by
    arbitrary JSON values or values that broke readers before."""
    document = copy.deepcopy(RICH)
    values = st.one_of(st.sampled_from(NASTY), json_values)
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(RICH_PATHS))
        if draw(st.booleans()):
            path = (*path, draw(st.sampled_from(FIELD_NAMES)))  # a field inside it, if it is an object
        target = document
        try:
            for step in path[:-1]:
                target = target[step]
            target[path[-1]] = draw(values)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed the path, or the parent is not an object
    return document


def check_document(data: Any) -> None:
    result = outcome(lambda: parse_document(data), tuple, DocumentError)
    if result is None:
        return
    document, warnings = result
    assert all(isinstance(w, str) and w for w in warnings)
    # What the store will write: no NaN or infinity, no whole number past SQLite's, text that is UTF-8.
    stored = _stored(vars(document))
    json.dumps(stored, default=str, ensure_ascii=False, allow_nan=False).encode("utf-8")
    assert all(abs(n) < 2**63 for n in _integers(stored))


#: Fields holding the document's own ids: they link rows on the way in and are never stored.
LINKS = {"key", "parent", "why", "cause", "fault"}


def _stored(value: Any) -> Any:
    """`value` without the links between rows (an action's `root_causes`: a list of ids)."""
    if isinstance(value, dict):
        return {k: _stored(v) for k, v in value.items()
                if k not in LINKS and not (k == "root_causes" and "title" in value)}
    if isinstance(value, list | tuple):
        return [_stored(item) for item in value]
    return value


def _integers(value: Any) -> list[int]:
    if isinstance(value, dict):
        return [n for item in value.values() for n in _integers(item)]
    if isinstance(value, list):
        return [n for item in value for n in _integers(item)]
    return [value] if isinstance(value, int) else []


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(data=json_values)
def test_any_json_value_gives_a_document_or_a_document_error(data: Any) -> None:
    check_document(data)


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(data=mutated_documents())
def test_mutated_documents_give_a_document_or_a_document_error(data: Any) -> None:
    check_document(data)


@CHEAP
@given(text=st.one_of(any_text, json_values.map(json.dumps),
                      st.integers(1, 200_000).map(lambda n: "[" * n),
                      st.integers(1, 200_000).map(lambda n: '{"a":' * n),
                      st.sampled_from(['"\\ud800"', "NaN", "[Infinity]", "1e400", "-", '{"a" 1}', "\ufeff{}"])))
def test_loads_gives_a_value_or_a_document_error(text: str) -> None:
    outcome(lambda: loads(text), object, DocumentError)


def _with(path: tuple, value: Any) -> dict[str, Any]:
    """The rich Cloudflare document with `value` at `path` (objects on the way are made if missing)."""
    document = copy.deepcopy(RICH)
    target = document
    for step in path[:-1]:
        target = target.setdefault(step, {}) if isinstance(step, str) else target[step]
    target[path[-1]] = value
    return document


any_number = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(),
                       st.integers(min_value=2**52, max_value=2**70), st.integers(min_value=2**1000, max_value=2**1100))
NUMBER_FIELDS = [("impact", name) for name in ("users_affected", "user_base", "degradation_percent", "revenue_amount",
                                               "revenue_per_hour", "slo_target_percent", "slo_window_days", "mrr",
                                               "support_tickets", "responder_hours", "nps_before", "churned_arr")]
NUMBER_FIELDS += [("rubric_overrides", 0, "score"), ("meetings", 0, "agenda", 0, "spent_seconds"),
                  ("meetings", 0, "agenda", 0, "timebox_minutes")]
INSTANT_FIELDS = [("written_at",), ("exported_at",), ("timeline", 0, "at"), ("impact", "window_start"),
                  ("meetings", 0, "started_at"), ("parking_lot", 0, "at"), ("dismissals", 0, "at")]
REFERENCE_FIELDS = [("whys", 1, "parent"), ("root_causes", 0, "why"), ("root_causes", 0, "fishbone_cause"),
                    ("root_causes", 0, "fault_event"), ("actions", 0, "root_causes"), ("whys", 0, "id")]
TEXT_FIELDS = [("title",), ("summary",), ("owner",), ("timeline", 0, "description"), ("actions", 0, "title"),
               ("lessons",), ("contributors",), ("tags",), ("fishbone", "categories")]

@CHEAP
@given(path=st.sampled_from(NUMBER_FIELDS), value=any_number)
def test_number_fields_take_any_json_number(path: tuple, value: float) -> None:
    check_document(_with(path, value))


@CHEAP
@given(path=st.sampled_from(INSTANT_FIELDS), value=st.one_of(near_dates(), any_text, st.sampled_from(NASTY)))
def test_instant_fields_take_any_value(path: tuple, value: Any) -> None:
    check_document(_with(path, value))


@CHEAP
@given(path=st.sampled_from(REFERENCE_FIELDS), value=st.one_of(json_values, st.sampled_from(NASTY),
                                                                 st.lists(json_values, max_size=3)))
def test_ids_and_links_take_any_json_value(path: tuple, value: Any) -> None:
    check_document(_with(path, value))


@CHEAP
@given(path=st.sampled_from(TEXT_FIELDS), text=any_text, surrogate=st.integers(0xD800, 0xDFFF),
       where=st.integers(0, 80))
def test_half_a_surrogate_pair_is_refused_not_stored(path: tuple, text: str, surrogate: int, where: int) -> None:
    bad = text[:where] + chr(surrogate) + text[where:]
    value = [bad] if path[-1] in ("lessons", "contributors", "tags", "categories") else bad
    assert outcome(lambda: parse_document(_with(path, value)), tuple, DocumentError) is None


# -- what the reader accepts can be used ------------------------------------------------------------------

def check_usable(data: Any) -> None:
    """A document the reader accepts renders to Markdown and to strict JSON (no NaN, no Infinity)."""
    result = outcome(lambda: parse_document(data), tuple, DocumentError)
    if result is None:
        return
    bundle = bundle_from_document(result[0])
    assert render_markdown(bundle, AS_OF).startswith("# ")
    json.loads(dumps(to_document(bundle, AS_OF)), parse_constant=_refuse)


def _refuse(constant: str) -> None:
    raise AssertionError(f"{constant} in the JSON export")


AS_OF = date(2024, 3, 20)
huge_number = st.one_of(st.floats(min_value=1e300, max_value=1e308), st.sampled_from([1e308, 2**53, 1e-320, 0]))
IMPACT = {"window_start": "2019-07-02T13:42:00Z", "window_end": "2019-07-02T14:09:00Z", "degradation_percent": 100,
          "sla_credit_percent": 100, "slo_target_percent": 99.9}


@settings(max_examples=100, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(numbers=st.dictionaries(st.sampled_from(["revenue_amount", "mrr", "responder_hours", "hourly_cost",
                                                "churned_arr", "slo_window_days", "users_affected", "user_base"]),
                               huge_number, min_size=1))
def test_huge_impact_numbers_still_export(numbers: dict[str, float]) -> None:
    check_usable({**RICH, "impact": {**IMPACT, **numbers}})


@settings(max_examples=100, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(data=mutated_documents())
def test_accepted_mutated_documents_export(data: Any) -> None:
    check_usable(data)


@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(depth=st.integers(1, 1500), tree=st.sampled_from(["whys", "causes"]))
def test_chains_of_any_depth_are_refused_or_exported(depth: int, tree: str) -> None:
    """Whys and causes name their parent in a flat list, so a chain can be as deep as the list is long."""
    data = copy.deepcopy(RICH)
    if tree == "whys":
        data["whys"] = [{"id": n, "parent": n - 1 if n else None, "answer": f"a{n}"} for n in range(depth)]
        data["root_causes"] = []
    else:
        data["fishbone"] = {"categories": ["People"], "causes": [
            {"id": n, "category": "People", "parent": n - 1 if n else None, "text": f"c{n}"} for n in range(depth)]}
    check_usable(data)
    assert (outcome(lambda: parse_document(data), tuple, DocumentError) is None) == (depth > MAX_DEPTH + 1)


@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.one_of(mutated_documents(), st.builds(_with, st.sampled_from(NUMBER_FIELDS), any_number)))
def test_accepted_documents_can_be_stored(service, data: Any) -> None:
    result = outcome(lambda: parse_document(data), tuple, DocumentError)
    if result is not None:
        service.delete(service.import_document(result[0]).id)
