"""The review: every language and structure finding of a postmortem, and the quality rubric.

One module for the Review screen, inline hints, `postmortem lint` and exports. Paths
are the fields' JSON paths in the `postmortem/v1` export (`actions[3].title`,
`timeline[0].description`, `impact.narrative`), so a finding points at the same place
in the app, in a file and in a script.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache

from app.logic.actions import ACTIVE, action_findings, bucket
from app.logic.analysis import walk, why_branches
from app.logic.derived import Computed, compute, quantified_impact
from app.logic.language import ERROR, HINT, WARNING, Finding, check_text
from app.logic.language_engine import IGNORECASE_FOLD
from data.records import PostmortemBundle

#: Time words that make a reader guess: a timeline wants clock times.
VAGUE_TIME = re.compile(
    r"(?<![\w-])(?:this|that|in the|late|early|mid)[- ]?(?:morning|afternoon|evening|night)|"
    r"(?<![\w-])(?:later that (?:day|night|evening)|later on|sometime|some time later|at some point|"
    r"around (?:lunch|noon|midnight)|a bit later|shortly after(?:wards)?|soon after(?:wards)?|eventually)(?![\w-])",
    re.IGNORECASE,
)
#: Every match holds one of these, in lower case: a text without any cannot match, and most have none.
_VAGUE_TIME_WORDS = ("morning", "noon", "evening", "night", "later", "some", "point", "lunch", "after", "eventually")


def may_hold_vague_time(text: str) -> bool:
    """False only when VAGUE_TIME cannot match `text`."""
    lower = text.lower() if text.isascii() else text.translate(IGNORECASE_FOLD).lower()
    return any(word in lower for word in _VAGUE_TIME_WORDS)


CRITERIA = ("timeline", "impact", "root_cause_depth", "actions", "blameless", "timeliness", "learning",
            "follow_through")
CRITERION_TITLES = {
    "timeline": "Timeline", "impact": "Impact quantified", "root_cause_depth": "Root-cause depth",
    "actions": "Actions SMART", "blameless": "Blameless tone", "timeliness": "Timeliness (48 h)",
    "learning": "Learning", "follow_through": "Follow-through",
}
PASS_MARK = 3.5


@dataclass(frozen=True)
class Criterion:
    name: str
    automatic: int
    reason: str
    override: int | None = None
    note: str = ""

    @property
    def score(self) -> int:
        return self.override if self.override is not None else self.automatic


@dataclass(frozen=True)
class Review:
    findings: tuple[Finding, ...]
    dismissed: tuple[tuple[Finding, str], ...]
    criteria: tuple[Criterion, ...]

    @property
    def average(self) -> float:
        return round(sum(c.score for c in self.criteria) / len(self.criteria), 2)

    @property
    def passed(self) -> bool:
        return self.average >= PASS_MARK

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == ERROR)

    def criterion(self, name: str) -> Criterion:
        return next(c for c in self.criteria if c.name == name)

    def as_json(self) -> dict:
        return {
            "criteria": {c.name: {"score": c.score, "automatic": c.automatic, "reason": c.reason,
                                  "override": c.override, "note": c.note or None} for c in self.criteria},
            "average": self.average,
            "passed": self.passed,
        }


def finding_json(finding: Finding) -> dict:
    return {"rule": finding.rule, "label": finding.label, "severity": finding.severity, "path": finding.path,
            "span": list(finding.span) if finding.span else None, "message": finding.message,
            "suggestion": finding.suggestion}


# -- language findings, by field -------------------------------------------------------------------------

def text_fields(bundle: PostmortemBundle) -> Iterator[tuple[str, int | None, str, str]]:
    """(JSON path pattern, its index, field kind for the language checks, text) for every text a person wrote.
    The path is `pattern.format(index)`, made only for a text with findings: thousands of events have none."""
    pm = bundle.postmortem
    yield "title", None, "other", pm.title
    yield "summary", None, "summary", pm.summary
    for index, event in enumerate(bundle.events):
        yield "timeline[{}].description", index, "timeline", event.description
        yield "timeline[{}].action_taken", index, "timeline", event.action_taken
    yield "impact.narrative", None, "impact", bundle.impact.narrative
    yield "problem_statement", None, "other", pm.problem_statement
    for index, (node, _depth) in enumerate(walk(bundle.whys)):
        yield "whys[{}].answer", index, "root_cause", node.answer
    categories = sorted(bundle.categories, key=lambda c: (c.position, c.id))
    causes = [cause for category in categories
              for cause, _ in walk([c for c in bundle.causes if c.category_id == category.id])]
    for index, cause in enumerate(causes):
        yield "fishbone.causes[{}].text", index, "root_cause", cause.text
    for index, cause in enumerate(bundle.root_causes):
        yield "root_causes[{}].text", index, "root_cause", cause.text
    for index, action in enumerate(bundle.actions):
        yield "actions[{}].title", index, "action", action.title
        yield "actions[{}].success_measure", index, "other", action.success_measure
    for key, kind in (("went_well", "went_well"), ("got_lucky", "got_lucky"), ("lessons", "lesson"),
                      ("failure_stories", "failure_story")):
        for index, item in enumerate(i for i in bundle.learnings if i.kind == kind):
            yield f"{key}[{{}}]", index, "lesson", item.text


@lru_cache(maxsize=50_000)
def _checked(text: str, kind: str) -> tuple[Finding, ...]:
    """The language findings of one text, remembered: a review after each edit rechecks only what changed."""
    return tuple(check_text(text, kind, ""))


def language_findings(bundle: PostmortemBundle) -> list[Finding]:
    findings: list[Finding] = []
    for pattern, index, kind, text in text_fields(bundle):
        if text and not text.isspace():
            found = _checked(text, kind)
            if found:
                path = pattern if index is None else pattern.format(index)
                findings.extend(replace(finding, path=path) for finding in found)
    for index, event in enumerate(bundle.events):
        if not may_hold_vague_time(event.description):
            continue
        for match in VAGUE_TIME.finditer(event.description):
            findings.append(Finding("VAGUE_TIME", "Vague time", HINT, f"timeline[{index}].description",
                                    match.span(), match.group(), f"“{match.group()}” makes the reader guess when.",
                                    "Give the clock time (14:05), or add it as its own event."))
    return findings


# -- structure findings ------------------------------------------------------------------------------------

def structure_findings(bundle: PostmortemBundle, computed: Computed) -> list[Finding]:
    pm, seen = bundle.postmortem, computed.observations
    premortem = pm.incident_type == "premortem"
    findings = list(action_findings(bundle.actions, bundle.root_causes))
    for index, (node, _depth) in enumerate(walk(bundle.whys)):
        branch = next((b for b in why_branches(bundle.whys) if b.leaf.id == node.id), None)
        if branch is not None and branch.hint:
            rule = "WHY_ENDS_AT_PERSON" if branch.ends_at_person else "SHALLOW_WHYS"
            findings.append(Finding(rule, "Dig deeper", WARNING, f"whys[{index}].answer", None, node.answer,
                                    f"This 5-Whys branch {branch.hint.split(':')[0]}.",
                                    "Ask why the system allowed it: what safeguard was missing?"))
    if not premortem and bundle.events:
        if seen.detected is None:
            findings.append(Finding("NO_DETECTED", "No detection", WARNING, "timeline", None, "",
                                    "The timeline has no `detected` or `alert` event.",
                                    "When and how did anyone first notice? Add that event."))
        if seen.resolved is None:
            findings.append(Finding("NO_RESOLVED", "No resolution", WARNING, "timeline", None, "",
                                    "The timeline has no `resolved` event.", "When was service restored?"))
    elif not premortem:
        findings.append(Finding("NO_TIMELINE", "No timeline", WARNING, "timeline", None, "",
                                "There is no timeline yet.", "Start with the trigger, detection and resolution."))
    findings += _causal_order(bundle, computed)
    if premortem and not any(i.kind == "failure_story" for i in bundle.learnings):
        findings.append(Finding("NO_FAILURE_STORY", "No failure story", WARNING, "failure_stories", None, "",
                                "A pre-mortem starts from stories of how the launch failed; there are none yet.",
                                "Imagine it is six months on and this failed: what happened first?"))
    if not premortem and not any(i.kind == "went_well" for i in bundle.learnings):
        findings.append(Finding("NO_WENT_WELL", "What went well?", HINT, "went_well", None, "",
                                "Nothing is recorded under what went well.",
                                "What worked: alerts, people, tools? Keep doing it on purpose."))
    if seen.resolved is not None and pm.written_at is not None and not premortem:
        late = pm.written_at - seen.resolved.at
        if late > timedelta(hours=48):
            findings.append(Finding("LATE_WRITEUP", "Written late", WARNING, "written_at", None, "",
                                    f"Written {late.total_seconds() / 3600:.0f} hours after resolution (aim: 48).",
                                    "Next time, hold the postmortem within two days, while memory is fresh."))
    return findings


def _causal_order(bundle: PostmortemBundle, computed: Computed) -> list[Finding]:
    seen = computed.observations
    index_of = {event.id: index for index, event in enumerate(bundle.events)}
    problems = []
    pairs = (("detected", seen.detected, "started", seen.started), ("resolved", seen.resolved, "detected",
                                                                    seen.detected))
    for later_name, later, earlier_name, earlier in pairs:
        if later is not None and earlier is not None and later.at < earlier.at:
            problems.append(Finding(
                "CAUSAL_ORDER", "Events out of order", ERROR, f"timeline[{index_of[later.id]}].at", None, "",
                f"{later_name.capitalize()} ({later.kind}) is before {earlier_name} ({earlier.kind}).",
                "Check the times of both events: one of them is probably wrong."))
    return problems


# -- the rubric --------------------------------------------------------------------------------------------------

def _score_timeline(bundle: PostmortemBundle, computed: Computed, findings: list[Finding]) -> tuple[int, str]:
    seen = computed.observations
    if bundle.postmortem.incident_type == "premortem":
        stories = sum(1 for i in bundle.learnings if i.kind == "failure_story")
        score = {0: 1, 1: 3, 2: 4}.get(stories, 5)
        return score, f"pre-mortem: {stories} failure stor{'ies' if stories != 1 else 'y'}"
    if not bundle.events:
        return 1, "no events yet"
    key = {"started (trigger)": any(e.kind == "trigger" for e in bundle.events),
           "detected": seen.detected is not None, "resolved": seen.resolved is not None,
           "mitigation": any(e.kind == "mitigation" for e in bundle.events)}
    missing = [name for name, present in key.items() if not present]
    vague = sum(1 for f in findings if f.rule == "VAGUE_TIME")
    if len(missing) >= 2:
        return 2, f"{len(bundle.events)} events, but no {', '.join(missing)}"
    if missing:
        return 3, f"{len(bundle.events)} events; missing {missing[0]}"
    if len(bundle.events) < 5 or vague:
        return 4, "trigger, detection, mitigation and resolution are there" + (
            f"; {vague} vague time{'s' if vague != 1 else ''}" if vague else f"; only {len(bundle.events)} events")
    return 5, f"{len(bundle.events)} timestamped events with every key moment"


def _score_impact(bundle: PostmortemBundle, computed: Computed, findings: list[Finding]) -> tuple[int, str]:
    known = quantified_impact(bundle, computed)
    vague = sum(1 for f in findings if f.rule == "QUALITATIVE_IMPACT")
    score = {0: 1, 1: 2, 2: 3, 3: 4}.get(len(known), 5)
    if vague and score == 5:
        score = 4
    reason = f"quantified: {', '.join(known)}" if known else "no figure quantified yet"
    if vague:
        reason += f"; {vague} vague quantit{'ies' if vague != 1 else 'y'} in the text"
    return score, reason


def _score_depth(bundle: PostmortemBundle, findings: list[Finding]) -> tuple[int, str]:
    causes = bundle.root_causes
    if not causes:
        return 1, "no root cause identified"
    primary = sum(1 for c in causes if c.kind == "primary")
    contributing = len(causes) - primary
    shallow = sum(1 for f in findings if f.rule in ("SHALLOW_WHYS", "WHY_ENDS_AT_PERSON"))
    depth = max((d for _, d in walk(bundle.whys)), default=0)
    methods = sum(bool(x) for x in (bundle.whys, bundle.causes, bundle.faults))
    if shallow:
        return 2, f"{shallow} 5-Whys branch{'es' if shallow != 1 else ''} stop at a symptom or a person"
    if len(causes) == 1:
        return 3, "one root cause" + (f", {depth} whys deep" if depth else "")
    if primary and contributing >= 2 and (depth >= 3 or methods >= 2):
        used = f"{methods} method{'s' if methods != 1 else ''}"
        return 5, f"{primary} primary and {contributing} contributing causes, {used}"
    return 4, f"{primary} primary and {contributing} contributing causes"


def _score_actions(bundle: PostmortemBundle, findings: list[Finding]) -> tuple[int, str]:
    actions = [a for a in bundle.actions if a.status != "wont_do"]
    if not actions:
        return 1, "no corrective actions"
    vague_paths = {f.path.split(".")[0] for f in findings if f.rule == "VAGUE_ACTION"}
    owner_paths = {f.path.split(".")[0] for f in findings if f.rule in ("NO_OWNER", "GROUP_OWNER")}
    smart = 0
    for index, action in enumerate(bundle.actions):
        if action.status == "wont_do":
            continue
        path = f"actions[{index}]"
        if (path not in vague_paths and path not in owner_paths and action.due is not None
                and action.success_measure.strip()):
            smart += 1
    share = smart / len(actions)
    score = 5 if share >= 0.9 else 4 if share >= 0.75 else 3 if share >= 0.5 else 2
    weak = any(f.rule == "ONLY_WEAK_CONTROLS" for f in findings)
    if weak and score > 3:
        score = 3
    reason = f"{smart} of {len(actions)} actions are specific, owned, dated and measurable"
    return score, reason + ("; only administrative or training controls" if weak else "")


def _score_blameless(findings: list[Finding]) -> tuple[int, str]:
    blame = sum(1 for f in findings if f.rule == "BLAME")
    if not blame:
        return 5, "no blaming language found"
    return {1: 3, 2: 2}.get(blame, 1), f"{blame} passage{'s' if blame != 1 else ''} put the fault on people"


def _score_timeliness(bundle: PostmortemBundle, computed: Computed) -> tuple[int, str]:
    resolved, written = computed.observations.resolved, bundle.postmortem.written_at
    if bundle.postmortem.incident_type == "premortem":
        return (5, "pre-mortem: written ahead of the launch") if written else (3, "pre-mortem: no date written")
    if written is None:
        return 1, "no date written"
    if resolved is None:
        return 3, "no resolved event to measure from"
    hours = (written - resolved.at).total_seconds() / 3600
    score = 5 if hours <= 48 else 4 if hours <= 72 else 3 if hours <= 168 else 2
    return score, f"written {max(hours, 0):.0f} h after resolution"


def _score_learning(bundle: PostmortemBundle) -> tuple[int, str]:
    count = {kind: sum(1 for i in bundle.learnings if i.kind == kind) for kind in ("went_well", "got_lucky", "lesson")}
    lessons, lucky = count["lesson"], count["got_lucky"]
    reason = (f"{count['went_well']} went well, {lessons} lesson{'s' if lessons != 1 else ''}, "
              f"{lucky} lucky break{'s' if lucky != 1 else ''}")
    if not count["went_well"] and not count["lesson"]:
        return 1, "nothing learned is recorded"
    if not count["went_well"] or not count["lesson"]:
        return 2, reason
    if count["went_well"] >= 2 and count["lesson"] >= 2 and count["got_lucky"]:
        return 5, reason
    if count["went_well"] >= 2:
        return 4, reason
    return 3, reason


def _score_follow_through(bundle: PostmortemBundle, as_of: date) -> tuple[int, str]:
    actions = bundle.actions
    if not actions:
        return 1, "no actions to follow through"
    closed = sum(1 for a in actions if a.status not in ACTIVE)
    overdue = sum(1 for a in actions if bucket(a, as_of) == "overdue")
    updated = sum(1 for a in actions if bundle.updates.get(a.id))
    reason = f"{closed} of {len(actions)} closed, {overdue} overdue, {updated} with updates (as of {as_of})"
    if closed == len(actions):
        return 5, reason
    if not overdue:
        return 4 if updated else 3, reason
    return (3 if overdue / len(actions) <= 0.25 else 2), reason


def review(bundle: PostmortemBundle, as_of: date, computed: Computed | None = None) -> Review:
    """Findings (open and dismissed) and the eight rubric scores."""
    computed = computed or compute(bundle)
    found = language_findings(bundle) + structure_findings(bundle, computed)
    dismissed_keys = {(d.rule, d.path, d.text): d.reason for d in bundle.dismissals}
    open_findings = [f for f in found if (f.rule, f.path, f.text) not in dismissed_keys]
    dismissed = [(f, dismissed_keys[(f.rule, f.path, f.text)]) for f in found
                 if (f.rule, f.path, f.text) in dismissed_keys]
    if bundle.postmortem.status != "draft" and any(f.severity == ERROR for f in open_findings):
        errors = sum(1 for f in open_findings if f.severity == ERROR)
        open_findings.append(Finding(
            "NOT_DRAFT_WITH_ERRORS", "Errors past draft", ERROR, "status", None, "",
            f"The postmortem is {bundle.postmortem.status.replace('_', ' ')} with {errors} open error"
            f"{'s' if errors != 1 else ''}.", "Fix or dismiss them (with a reason), or move it back to draft."))
    scores = {
        "timeline": _score_timeline(bundle, computed, open_findings),
        "impact": _score_impact(bundle, computed, open_findings),
        "root_cause_depth": _score_depth(bundle, open_findings),
        "actions": _score_actions(bundle, open_findings),
        "blameless": _score_blameless(open_findings),
        "timeliness": _score_timeliness(bundle, computed),
        "learning": _score_learning(bundle),
        "follow_through": _score_follow_through(bundle, as_of),
    }
    overrides = {o.criterion: o for o in bundle.overrides}
    criteria = tuple(
        Criterion(name, score, reason, overrides[name].score if name in overrides else None,
                  overrides[name].note if name in overrides else "")
        for name, (score, reason) in scores.items()
    )
    order = {ERROR: 0, WARNING: 1, HINT: 2}
    open_findings.sort(key=lambda f: (order.get(f.severity, 3), _path_key(f.path)))
    return Review(tuple(open_findings), tuple(dismissed), criteria)


def _path_key(path: str) -> tuple:
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"[\[\].]+", path) if part)


SECTION_OF = {"title": "summary", "summary": "summary", "status": "summary", "written_at": "summary",
              "timeline": "timeline", "impact": "impact", "problem_statement": "analysis", "whys": "analysis",
              "fishbone": "analysis", "root_causes": "analysis", "actions": "actions", "went_well": "review",
              "got_lucky": "review", "lessons": "review",
              "failure_stories": "timeline"}


def section_of(path: str) -> str:
    """Which screen holds the field at `path`."""
    return SECTION_OF.get(re.split(r"[\[.]", path)[0], "summary")
