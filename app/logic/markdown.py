"""The postmortem as a Markdown document (GitHub-flavoured), the way people read and share it.

Sections appear in a fixed order and only when they have something to say. Every
piece of user text goes through `app.logic.mdtext`, so nothing typed can add a
heading, a list, a table cell, a link or raw HTML. The same data always gives the
same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from app.logic.actions import quadrant
from app.logic.analysis import children_of, fault_tree_lines, minimal_cut_sets, walk
from app.logic.derived import Computed, compute
from app.logic.mdtext import cell, clean_text, inline, paragraph
from app.logic.money import format_money
from app.logic.numbers import format_number
from app.logic.timeline import format_minutes
from app.logic.times import format_event_time, format_local, to_local, zone_label
from data.enums import label
from data.records import PostmortemBundle

ACTION_GROUPS = (("immediate", "Immediate"), ("short_term", "Short-term"), ("long_term", "Long-term"),
                 (None, "Not yet typed"))


def words(text: str) -> str:
    """Inline text that is never empty: an empty list item or line could turn into an underline."""
    return inline(text) or "(empty)"


def _table(header: Iterable[str], rows: Iterable[Iterable[str]]) -> list[str]:
    header = list(header)
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _fence(text: str, info: str = "") -> list[str]:
    """A code block whose fence is longer than any run of backticks inside it."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence + info, text, fence]


def _mermaid_text(text: str) -> str:
    """Label text for a Mermaid node: characters Mermaid treats specially become #code; entities."""
    text = " ".join(clean_text(text).split())
    return "".join(ch if ch.isalnum() or ch in " .,:!?'-/+%$€£()" else f"#{ord(ch)};" for ch in text) or " "


#: A URL that can stand as a link's destination: no space, no angle bracket (it is written in <...>), no
#: backslash (it would escape the closing >), no control character.
_SAFE_URL = re.compile(r"(?:https?://|mailto:)[^\s<>\\\x00-\x1f\x7f-\x9f]+")


def _link(label_text: str, url: str) -> str:
    safe = url.strip()
    if _SAFE_URL.fullmatch(safe):
        return f"[{words(label_text or safe)}](<{safe}>)"
    return words(label_text + (f" ({url})" if url and url != label_text else ""))


def render_markdown(bundle: PostmortemBundle, as_of: date, computed: Computed | None = None,
                    review_lines: list[str] | None = None) -> str:
    """The whole document, ending in one newline."""
    computed = computed or compute(bundle)
    if review_lines is None:
        review_lines = _review(bundle, as_of, computed)
    # A pre-mortem's failure stories stand where a postmortem's timeline would; should a postmortem
    # of another type hold some (its type changed), they follow the other learnings.
    stories = _learnings(bundle, "failure_story", "Failure stories")
    premortem = bundle.postmortem.incident_type == "premortem"
    parts = [_title(bundle), _summary(bundle, computed), stories if premortem else [], _timeline(bundle, computed),
             _impact(bundle, computed), _analysis(bundle), _actions(bundle),
             _learnings(bundle, "went_well", "What went well"), _learnings(bundle, "got_lucky", "Where we got lucky"),
             _learnings(bundle, "lesson", "Lessons learned"), [] if premortem else stories, _parking_lot(bundle),
             _meetings(bundle), _appendix(bundle), review_lines or []]
    return "\n\n".join("\n".join(part) for part in parts if part) + "\n"


def _title(bundle: PostmortemBundle) -> list[str]:
    pm = bundle.postmortem
    title = words(pm.title)
    if title.endswith("#"):  # trailing #s after a space would be read as the heading's closing sequence
        title = title[:-1] + "\\#"
    return [f"# {inline(pm.incident_id)}: {title}"]


def _summary(bundle: PostmortemBundle, computed: Computed) -> list[str]:
    pm, seen, report = bundle.postmortem, computed.observations, computed.impact
    zone = pm.timezone
    rows = [("Incident", cell(pm.incident_id))]
    if seen.started:
        rows.append(("Date", to_local(seen.started.at, zone).date().isoformat()))
    total = seen.figure("total")
    if total.known and seen.started and seen.resolved:
        span = f"{format_local(seen.started.at, zone)} → {format_local(seen.resolved.at, zone)} " \
               f"{zone_label(seen.started.at, zone)}"
        rows.append(("Duration", f"{format_minutes(total.minutes)} ({span})"))
    severity = label(pm.severity)
    if report.suggested_severity and report.suggested_severity != pm.severity:
        rule = report.severity_rule.partition(": ")[2]
        severity += f" (the numbers suggest {report.suggested_severity}: {cell(rule)})"
    rows += [("Severity", severity), ("Status", label(pm.status)), ("Type", label(pm.incident_type))]
    if pm.owner.strip():
        rows.append(("Owner", cell(pm.owner)))
    if pm.contributors:
        rows.append(("Contributors", cell(", ".join(pm.contributors))))
    if pm.written_at:
        rows.append(("Written", f"{format_local(pm.written_at, zone)} {zone_label(pm.written_at, zone)}"))
    if pm.tags:
        rows.append(("Tags", cell(", ".join(pm.tags))))
    lines = ["## Incident summary", "", *_table(("Field", "Value"), rows)]
    summary = paragraph(pm.summary)
    if summary:  # text of control characters alone shows as nothing, not as an empty block
        lines += ["", summary]
    figures = impact_summary(bundle, computed)
    if figures:
        lines += ["", f"**Impact:** {figures}."]
    return lines


def impact_summary(bundle: PostmortemBundle, computed: Computed) -> str:
    """The known figures in one line: users, duration, money, error budget, tickets."""
    impact, report = bundle.impact, computed.impact
    parts = []
    if impact.users_affected is not None:
        users = f"{format_number(impact.users_affected)} users"
        if report.value("users_affected_percent") is not None:
            users += f" ({report.figure('users_affected_percent').shown} of {format_number(impact.user_base or 0)})"
        parts.append(users)
    if report.value("impact_minutes") is not None:
        parts.append(format_minutes(report.value("impact_minutes")) + " of impact")
    if report.value("revenue_loss") is not None:
        parts.append(f"{report.figure('revenue_loss').shown} revenue loss")
    if report.value("total_cost") is not None and report.cost_parts != ("revenue loss",):
        parts.append(f"{report.figure('total_cost').shown} estimated total cost")
    if report.value("error_budget_consumed_percent") is not None:
        parts.append(f"{report.figure('error_budget_consumed_percent').shown} of the error budget")
    if impact.support_tickets is not None:
        parts.append(f"{format_number(impact.support_tickets)} support tickets")
    if impact.churned_customers is not None:
        parts.append(f"{format_number(impact.churned_customers)} churned customers")
    return " · ".join(parts)


def _local_time(instant, zone: str) -> str:
    """`2024-03-05 14:05 EST`: as format_local and zone_label write it, converting once."""
    local = to_local(instant, zone)
    return f"{local.isoformat(' ', 'minutes')[:16]} {local.tzname() or zone}"  # as format_local writes it


def _timeline(bundle: PostmortemBundle, computed: Computed) -> list[str]:
    if not bundle.events:
        return []
    zone = bundle.postmortem.timezone
    rows = [(_local_time(e.at, zone), label(e.kind), cell(e.description), cell(e.source), cell(e.action_taken))
            for e in bundle.events]
    lines = ["## Timeline", "", *_table(("Time", "Kind", "Event", "Source", "Action taken"), rows),
             "", "### Key observations", ""]
    seen = computed.observations

    incident_date = to_local(seen.started.at, zone).date() if seen.started else None

    def when(event) -> str:
        return f"{format_event_time(event.at, zone, incident_date)} {label(event.kind)}"

    for figure in seen.figures:
        if figure.known:
            start, end = figure.sources[0], figure.sources[-1]
            lines.append(f"- **{figure.label}:** {format_minutes(figure.minutes)} ({when(start)} → {when(end)})")
        else:
            lines.append(f"- **{figure.label}:** {figure.missing}")
    if seen.phases:
        lines.append("- **Phases:** " + ", ".join(f"{p.name.lower()} {format_minutes(p.minutes)}"
                                                 for p in seen.phases))
    for silence in seen.silences:
        lines.append(f"- **Silence:** what happened between {format_event_time(silence.start, zone, incident_date)} "
                     f"and {format_event_time(silence.end, zone, incident_date)}?")
    return lines


INPUTS = [("users_affected", "Users affected", "count"), ("user_base", "User base", "count"),
          ("degradation_percent", "Degradation", "percent"), ("window_start", "Window start", "time"),
          ("window_end", "Window end", "time"), ("revenue_amount", "Revenue", "revenue"),
          ("slo_target_percent", "SLO target", "percent"), ("slo_window_days", "SLO window", "days"),
          ("mrr", "Monthly recurring revenue", "money"), ("sla_credit_percent", "SLA credit", "percent"),
          ("support_tickets", "Support tickets", "count"), ("responder_hours", "Responder effort", "hours"),
          ("hourly_cost", "Loaded hourly cost", "money"), ("churned_customers", "Churned customers", "count"),
          ("churned_arr", "ARR lost", "money"), ("nps_before", "NPS before", "count"),
          ("nps_after", "NPS after", "count")]


def _impact(bundle: PostmortemBundle, computed: Computed) -> list[str]:
    impact, report, zone = bundle.impact, computed.impact, bundle.postmortem.timezone
    rows = []
    for name, caption, kind in INPUTS:
        value = getattr(impact, name)
        if value is None:
            continue
        shown = {"count": lambda v: format_number(v), "percent": lambda v: f"{format_number(v, 4)}%",
                 "time": lambda v: f"{format_local(v, zone)} {zone_label(v, zone)}",
                 "revenue": lambda v: f"{format_money(v, impact.currency)} per {impact.revenue_period}",
                 "days": lambda v: f"{format_number(v)} days", "money": lambda v: format_money(v, impact.currency),
                 "hours": lambda v: f"{format_number(v)} person-hours"}[kind](value)
        rows.append((caption, shown))
    figures = [f for f in report.figures if f.known]
    narrative = paragraph(impact.narrative)  # empty for text of control characters alone
    if not rows and not figures and not bundle.metrics and not narrative:
        return []
    lines = ["## Impact"]
    if rows:
        lines += ["", *_table(("Input", "Value"), rows)]
    if figures:
        lines += ["", *_table(("Figure", "Value", "Working"), [(f.label, f.shown, cell(f.working)) for f in figures])]
        if report.suggested_severity:
            lines += ["", f"Suggested severity: **{report.suggested_severity}** ({inline(report.severity_rule)})."]
    if bundle.metrics:
        lines += ["", "### Custom metrics", "", *_table(
            ("Metric", "Baseline", "During", "After"),
            [(cell(m.name), cell(m.baseline), cell(m.during), cell(m.after)) for m in bundle.metrics])]
    if narrative:
        lines += ["", narrative]
    return lines


def _analysis(bundle: PostmortemBundle) -> list[str]:
    pm = bundle.postmortem
    has_fishbone = bool(bundle.causes)
    if not (pm.problem_statement.strip() or bundle.whys or has_fishbone or bundle.faults or bundle.root_causes):
        return []
    lines = ["## Root cause analysis"]
    if pm.problem_statement.strip():
        lines += ["", f"**Problem statement:** {inline(pm.problem_statement)}"]
    if bundle.whys:
        lines += ["", "### 5 Whys", ""]
        children = children_of(bundle.whys)

        def add(parent: int | None, depth: int) -> None:
            for number, node in enumerate(children.get(parent, []), start=1):
                question = inline(node.question) or "Why?"
                lines.append(f"{'   ' * (depth - 1)}{number}. **{question}** {words(node.answer)}")
                add(node.id, depth + 1)

        add(None, 1)
    if has_fishbone:
        lines += ["", "### Fishbone", ""]
        categories = sorted(bundle.categories, key=lambda c: (c.position, c.id))
        for category in categories:
            mine = [c for c in bundle.causes if c.category_id == category.id]
            if not mine:
                continue
            lines.append(f"- **{words(category.name)}**")
            for cause, depth in walk(mine):
                lines.append(f"{'  ' * depth}- {words(cause.text)}")
        lines += ["", *_fence(_mermaid_fishbone(bundle), "mermaid")]
    if bundle.faults:
        # Labels are cleaned: inside a code block Markdown escapes nothing, and a terminal would obey ESC.
        lines += ["", "### Fault tree", "", *_fence("\n".join(clean_text(line) for line in
                                                               fault_tree_lines(bundle.faults)))]
        sets = minimal_cut_sets(bundle.faults)
        if sets:
            lines += ["", "Minimal cut sets (the smallest sets of basic events that together cause the top event):",
                      ""]
            for number, cut in enumerate(sets, start=1):
                single = " **single point of failure**" if len(cut) == 1 else ""
                lines.append(f"{number}. {{{', '.join(words(event) for event in cut)}}}{single}")
    if bundle.root_causes:
        lines += ["", "### Root causes"]
        for kind, title in (("primary", "Primary"), ("contributing", "Contributing")):
            mine = [c for c in bundle.root_causes if c.kind == kind]
            if mine:
                lines += ["", f"**{title}**", ""]
                lines += [f"- {words(c.text)}" + (f" ({inline(c.category)})" if c.category.strip() else "")
                          for c in mine]
    return lines


def _mermaid_fishbone(bundle: PostmortemBundle) -> str:
    lines = ["flowchart LR", f'  problem["{_mermaid_text(bundle.postmortem.problem_statement or "Problem")}"]']
    for category in sorted(bundle.categories, key=lambda c: (c.position, c.id)):
        mine = [c for c in bundle.causes if c.category_id == category.id]
        if not mine:
            continue
        node = f"cat{category.position + 1}"
        lines.append(f'  {node}["{_mermaid_text(category.name)}"] --> problem')
        for cause, _depth in walk(mine):
            parent = f"cause{cause.parent_id}" if cause.parent_id else node
            lines.append(f'  cause{cause.id}["{_mermaid_text(cause.text)}"] --> {parent}')
    return "\n".join(lines)


def _actions(bundle: PostmortemBundle) -> list[str]:
    if not bundle.actions:
        return []
    causes = {c.id: c for c in bundle.root_causes}
    lines = ["## Corrective actions"]
    for kind, title in ACTION_GROUPS:
        mine = [a for a in bundle.actions if a.action_type == kind]
        if not mine:
            continue
        lines += ["", f"### {title}", ""]
        for action in mine:
            box = "x" if action.status == "done" else " "
            details = [f"owner: {inline(action.owner) if action.owner.strip() else 'none yet'}",
                       f"due: {action.due.isoformat() if action.due else 'none yet'}",
                       f"status: {label(action.status)}"]
            if action.status == "wont_do" and action.status_reason:
                details[-1] += f" ({inline(action.status_reason)})"
            if action.control:
                details.append(f"control: {action.control}")
            where = quadrant(action.impact, action.effort)
            if where:
                details.append(f"priority: {where}")
            if action.success_measure.strip():
                details.append(f"success measure: {inline(action.success_measure)}")
            linked = [inline(causes[i].text) for i in action.root_cause_ids if i in causes]
            if linked:
                details.append(f"root causes: {'; '.join(linked)}")
            if action.tracker.strip():
                details.append(f"tracker: {_link(action.tracker, action.tracker)}")
            lines.append(f"- [{box}] {words(action.title)} — {' · '.join(details)}")
    return lines


def _learnings(bundle: PostmortemBundle, kind: str, title: str) -> list[str]:
    items = [i for i in bundle.learnings if i.kind == kind]
    if not items:
        return []
    return [f"## {title}", "", *(f"- {words(i.text)}" for i in items)]


def _parking_lot(bundle: PostmortemBundle) -> list[str]:
    if not bundle.parking:
        return []
    lines = ["## Parking lot", ""]
    for item in bundle.parking:
        by = f" — {inline(item.by)}" if item.by.strip() else ""
        lines.append(f"- {words(item.text)}{by}{' (answered)' if item.done else ''}")
    return lines


def minutes_seconds(seconds: float) -> str:
    """`7:05`, `75:00`: whole seconds, minutes never rolled into hours."""
    minutes, rest = divmod(int(max(seconds, 0)), 60)
    return f"{minutes}:{rest:02d}"


def _meetings(bundle: PostmortemBundle) -> list[str]:
    if not bundle.meetings:
        return []
    zone = bundle.postmortem.timezone
    lines = ["## Meetings"]
    for number, state in enumerate(bundle.meetings, start=1):
        meeting = state.meeting
        start, end = meeting.started_at, meeting.ended_at
        if start is None:
            when = "planned, not started yet"
        elif end is None:
            when = f"{format_local(start, zone)} {zone_label(start, zone)}, not ended"
        else:
            same_day = to_local(end, zone).date() == to_local(start, zone).date()
            until = to_local(end, zone).strftime("%H:%M") if same_day else format_local(end, zone)
            when = f"{format_local(start, zone)} → {until} {zone_label(start, zone)}"
        lines += ["", f"### Meeting {number}: {when}"]
        if state.participants:
            people = ", ".join(f"{words(p.name)} ({inline(label(p.role))})" for p in state.participants)
            lines += ["", f"**Participants:** {people}"]
        if state.agenda:
            rows = []
            for item in state.agenda:
                timebox = item.timebox_minutes * 60
                spent = minutes_seconds(item.spent_seconds)
                if item.spent_seconds > timebox:
                    spent += f" (over by {minutes_seconds(item.spent_seconds - timebox)})"
                rows.append((cell(item.title), str(item.step), f"{item.timebox_minutes} min", spent))
            planned = sum(item.timebox_minutes for item in state.agenda)
            total = sum(item.spent_seconds for item in state.agenda)
            lines += ["", *_table(("Agenda item", "Step", "Timebox", "Time spent"), rows), "",
                      f"Time spent in all: {minutes_seconds(total)} of {planned} min planned"
                      + (f", over by {minutes_seconds(total - planned * 60)}." if total > planned * 60 else ".")]
    return lines


def _appendix(bundle: PostmortemBundle) -> list[str]:
    references = [r for r in bundle.references if r.kind == "reference"]
    related = [r for r in bundle.references if r.kind == "related_incident"]
    if not references and not related:
        return []
    lines = ["## Appendix"]
    for title, items in (("References", references), ("Related incidents", related)):
        if items:
            lines += ["", f"### {title}", "", *(f"- {_link(r.label, r.url)}" for r in items)]
    return lines


def _review(bundle: PostmortemBundle, as_of: date, computed: Computed) -> list[str]:
    """The quality rubric, and the findings someone dismissed (with why)."""
    from app.logic.review import CRITERION_TITLES, PASS_MARK, review

    result = review(bundle, as_of, computed)
    rows = []
    for criterion in result.criteria:
        score = str(criterion.score)
        if criterion.override is not None:
            score += f" (automatic {criterion.automatic}: {cell(criterion.note)})"
        rows.append((CRITERION_TITLES[criterion.name], score, cell(criterion.reason)))
    verdict = "passes" if result.passed else f"below the {PASS_MARK} needed"
    lines = ["## Quality review", "", *_table(("Criterion", "Score", "Why"), rows), "",
             f"Average **{result.average:.2f} / 5**: {verdict}. Open findings: {len(result.errors)} errors, "
             f"{len(result.findings) - len(result.errors)} others (as of {as_of.isoformat()})."]
    if result.dismissed:
        lines += ["", "Dismissed findings:", ""]
        lines += [f"- {finding.label} at `{finding.path}`: {words(reason)}" for finding, reason in result.dismissed]
    return lines
