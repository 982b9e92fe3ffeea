"""The language checks against the labelled corpora: precision and recall per label.

The dev corpus lives in the shared workspace (`../shared/lint-corpus/dev.jsonl`), which a clean clone
does not have, so the tests read a copy in `tests/data/`. The held-out file (`lint-heldout.jsonl`) holds
sentences the rules were not written from; it is scored the same way, against the same bar, so a rule
that only memorised the dev sentences shows up here. `pytest -s` prints both reports.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.logic.language import check_text

CORPUS = Path(__file__).resolve().parent / "data" / "lint-corpus-dev.jsonl"
HELDOUT = Path(__file__).resolve().parent / "data" / "lint-heldout.jsonl"
SHARED_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "lint-corpus" / "dev.jsonl"
LABELS = ("BLAME", "VAGUE_ACTION", "QUALITATIVE_IMPACT")
FIELDS = {"timeline", "root_cause", "action", "impact", "summary", "lesson"}
MIN_PRECISION, MIN_RECALL = 0.9, 0.85


def _load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


ROWS = _load(CORPUS)
HELDOUT_ROWS = _load(HELDOUT)


def _predicted(row: dict) -> set[str]:
    return {finding.rule for finding in check_text(row["text"], row["field"], "x")}


def _scores(rows: list[dict]) -> dict[str, dict[str, object]]:
    """Per label: true and false positives, false negatives, and the sentences it got wrong."""
    scores: dict[str, dict[str, object]] = {label: {"tp": 0, "fp": 0, "fn": 0, "wrong": []} for label in LABELS}
    for row in rows:
        predicted = _predicted(row)
        for label in LABELS:
            said, truth = label in predicted, label in row["labels"]
            key = "tp" if said and truth else "fp" if said else "fn" if truth else None
            if key:
                scores[label][key] += 1
            if key in ("fp", "fn"):
                scores[label]["wrong"].append(f"{key.upper()} [{row['field']}] {row['text']}")
    return scores


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def _assert_well_formed(rows: list[dict]) -> None:
    for row in rows:
        assert row["text"].strip() and row["field"] in FIELDS and set(row["labels"]) <= set(LABELS), row
        assert "VAGUE_ACTION" not in row["labels"] or row["field"] == "action", row
        assert "QUALITATIVE_IMPACT" not in row["labels"] or row["field"] in ("impact", "summary"), row


def test_the_corpus_copy_is_complete_and_well_formed() -> None:
    assert len(ROWS) == 150
    _assert_well_formed(ROWS)


def test_the_heldout_file_is_well_formed_without_repeats() -> None:
    assert len(HELDOUT_ROWS) >= 298
    _assert_well_formed(HELDOUT_ROWS)
    texts = [row["text"].strip().lower() for row in HELDOUT_ROWS]
    assert len(set(texts)) == len(texts), "a held-out sentence appears twice"


@pytest.mark.skipif(not SHARED_CORPUS.exists(), reason="no shared workspace beside this clone")
def test_the_copy_matches_the_shared_corpus() -> None:
    assert _load(SHARED_CORPUS) == ROWS, "refresh tests/data/lint-corpus-dev.jsonl from ../shared/lint-corpus"


def _report_and_check(path: Path, rows: list[dict]) -> None:
    """Print precision and recall per label with every miss, then hold each label to the bar."""
    scores = _scores(rows)
    print(f"\nlanguage checks on {path.name} ({len(rows)} sentences)")
    print(f"{'label':<20}{'precision':>10}{'recall':>8}{'tp':>5}{'fp':>5}{'fn':>5}")
    results = {}
    for label, score in scores.items():
        tp, fp, fn = score["tp"], score["fp"], score["fn"]
        precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
        results[label] = (precision, recall)
        print(f"{label:<20}{precision:>10.3f}{recall:>8.3f}{tp:>5}{fp:>5}{fn:>5}")
        for wrong in score["wrong"]:
            print(f"    {wrong}")
    for label, (precision, recall) in results.items():
        assert precision >= MIN_PRECISION, f"{label} precision {precision:.3f}: {scores[label]['wrong']}"
        assert recall >= MIN_RECALL, f"{label} recall {recall:.3f}: {scores[label]['wrong']}"


def test_precision_and_recall_per_label_meet_the_bar() -> None:
    _report_and_check(CORPUS, ROWS)


def test_heldout_precision_and_recall_per_label_meet_the_bar() -> None:
    """Sentences the rules were not written from: the same thresholds, the same report."""
    _report_and_check(HELDOUT, HELDOUT_ROWS)


@pytest.mark.parametrize("rows", [ROWS, HELDOUT_ROWS], ids=["dev", "heldout"])
def test_every_label_has_enough_examples_to_measure(rows: list[dict]) -> None:
    """A label with a handful of positives would make the thresholds meaningless."""
    for label in LABELS:
        assert sum(label in row["labels"] for row in rows) >= 20, label
