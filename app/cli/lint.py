"""`postmortem lint TARGET…`: the review checks and rubric, for scripts and CI.

Each TARGET is an incident id in the database or a `postmortem/v1` JSON file (not
imported). Exit 0 when no target has an error finding, 1 when any has, 2 when a target
cannot be used at all.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from app.cli.context import CliContext


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("targets", metavar="TARGET", nargs="+",
                        help="an incident id in the database, or a postmortem/v1 JSON file")
    parser.add_argument("--format", choices=("text", "json"), default="text")


def _is_file(target: str) -> bool:
    return target.endswith(".json") or Path(target).exists()


def run(args: argparse.Namespace, context: CliContext) -> int:
    from app.cli.importing import read_document_file
    from app.logic.interchange import DocumentError, bundle_from_document, parse_document
    from app.logic.review import finding_json, review

    as_of = context.as_of or context.clock.today()
    service = None
    results, unusable, errors = [], [], False
    for target in args.targets:
        if _is_file(target):
            data, problem = read_document_file(target)
            if problem is None:
                try:
                    bundle = bundle_from_document(parse_document(data)[0])
                except DocumentError as error:
                    problem = "not a valid postmortem/v1 document: " + "; ".join(error.problems[:5])
            if problem:
                unusable.append((target, problem))
                continue
        else:
            service = service or context.service()
            if service is None:
                return 2
            found = service.find(target)
            if found is None:
                unusable.append((target, "no postmortem has this incident id, and no such file exists"))
                continue
            bundle = service.bundle(found.id)
        result = review(bundle, as_of)
        errors = errors or bool(result.errors)
        results.append((target, result))
    if args.format == "json":
        print(json.dumps({"results": [
            {"target": target, "findings": [finding_json(f) for f in result.findings],
             "dismissed": [{**finding_json(f), "reason": reason} for f, reason in result.dismissed],
             "review": result.as_json()} for target, result in results
        ] + [{"target": target, "error": problem} for target, problem in unusable]}, indent=2, ensure_ascii=False))
    else:
        _print_text(results, unusable)
    if unusable:
        return 2
    return 1 if errors else 0


def _print_text(results, unusable) -> None:
    from app.logic.display import shown
    from app.logic.review import CRITERION_TITLES, PASS_MARK

    for target, result in results:
        print(f"{target}: {len(result.errors)} errors, {len(result.findings) - len(result.errors)} other findings, "
              f"rubric {result.average:.2f} / 5 ({'passes' if result.passed else f'below {PASS_MARK}'})")
        for finding in result.findings:
            quoted = f" “{shown(finding.text)}”" if finding.text and finding.span else ""
            print(f"  {finding.severity:<7} {finding.path}: {finding.rule}{quoted}: {shown(finding.message)}")
            print(f"          try: {shown(finding.suggestion)}")
        for criterion in result.criteria:
            overridden = criterion.override is not None
            own = f" (automatic {criterion.automatic}; {shown(criterion.note)})" if overridden else ""
            print(f"  {CRITERION_TITLES[criterion.name]:<20} {criterion.score}/5  {shown(criterion.reason)}{own}")
    for target, problem in unusable:
        print(f"postmortem lint: {target}: {problem}", file=sys.stderr)
