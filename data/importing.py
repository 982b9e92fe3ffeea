"""Writing a whole imported postmortem in one transaction (the parsing lives in `app.logic.interchange`).

References between rows use the document's own keys ("w3", "rc1" …) and are
resolved to database ids here, parents before children.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, col, delete, select

from data.imported import ImportedPostmortem
from data.models import (
    ActionRootCauseRow,
    ActionUpdateRow,
    AgendaItemRow,
    ContributorRow,
    CorrectiveActionRow,
    FaultNodeRow,
    FindingDismissalRow,
    FishboneCategoryRow,
    FishboneCauseRow,
    ImpactMetricRow,
    ImpactRow,
    LearningItemRow,
    MeetingParticipantRow,
    MeetingRow,
    ParkingItemRow,
    PostmortemRow,
    PostmortemTagRow,
    ReferenceRow,
    RootCauseRow,
    RubricOverrideRow,
    TagRow,
    TimelineEventRow,
    WhyNodeRow,
)


def _tree_order(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Parents before children (the parser has already refused cycles and unknown parents)."""
    done: set[Any] = set()
    ordered: list[dict[str, Any]] = []
    pending = list(items)
    while pending:
        progressed = [item for item in pending if item.get("parent") is None or item["parent"] in done]
        for item in progressed:
            ordered.append(item)
            done.add(item["key"])
            pending.remove(item)
        if not progressed:
            raise ValueError("circular parents")
    return ordered


def write_imported(session: Session, doc: ImportedPostmortem, now: datetime, replace: int | None) -> PostmortemRow:
    """Insert `doc` (deleting postmortem `replace` first, in the same transaction)."""
    if replace is not None:
        session.execute(delete(PostmortemRow).where(col(PostmortemRow.id) == replace))
        session.flush()
    row = PostmortemRow(**doc.postmortem, created_at=now, updated_at=now)
    session.add(row)
    session.flush()
    pm = row.id
    for position, name in enumerate(doc.contributors):
        session.add(ContributorRow(postmortem_id=pm, name=name, position=position))
    for position, name in enumerate(doc.tags):
        tag = session.exec(select(TagRow).where(TagRow.name == name)).first() or TagRow(name=name)
        session.add(tag)
        session.flush()
        session.add(PostmortemTagRow(postmortem_id=pm, tag_id=tag.id, position=position))
    for seq, event in enumerate(doc.events):
        session.add(TimelineEventRow(postmortem_id=pm, seq=seq, **event))
    if doc.impact:
        session.add(ImpactRow(postmortem_id=pm, **doc.impact))
    for position, metric in enumerate(doc.metrics):
        session.add(ImpactMetricRow(postmortem_id=pm, position=position, **metric))
    ids: dict[tuple[str, Any], int] = {}

    def add_tree(kind: str, items: list[dict[str, Any]], make) -> None:
        positions: dict[Any, int] = {}
        for item in _tree_order(items):
            parent = ids[(kind, item["parent"])] if item.get("parent") is not None else None
            scope = (item.get("category"), parent)
            positions[scope] = positions.get(scope, -1) + 1
            new = make(item, parent, positions[scope])
            session.add(new)
            session.flush()
            ids[(kind, item["key"])] = new.id

    add_tree("why", doc.whys, lambda w, parent, pos: WhyNodeRow(
        postmortem_id=pm, parent_id=parent, position=pos, question=w["question"], answer=w["answer"]))
    categories: dict[str, int] = {}
    for position, name in enumerate(doc.categories):
        category = FishboneCategoryRow(postmortem_id=pm, name=name, position=position)
        session.add(category)
        session.flush()
        categories[name] = category.id
    add_tree("cause", doc.causes, lambda c, parent, pos: FishboneCauseRow(
        postmortem_id=pm, category_id=categories[c["category"]], parent_id=parent, position=pos, text=c["text"]))
    add_tree("fault", doc.faults, lambda f, parent, pos: FaultNodeRow(
        postmortem_id=pm, parent_id=parent, position=pos, label=f["label"], gate=f["gate"]))
    for position, cause in enumerate(doc.root_causes):
        new = RootCauseRow(
            postmortem_id=pm, position=position, text=cause["text"], kind=cause["kind"], category=cause["category"],
            why_node_id=ids.get(("why", cause.get("why"))), fishbone_cause_id=ids.get(("cause", cause.get("cause"))),
            fault_node_id=ids.get(("fault", cause.get("fault"))),
        )
        session.add(new)
        session.flush()
        ids[("root_cause", cause["key"])] = new.id
    for position, action in enumerate(doc.actions):
        values = {k: v for k, v in action.items() if k not in ("key", "root_causes", "updates")}
        new = CorrectiveActionRow(postmortem_id=pm, position=position, created_at=now, updated_at=now, **values)
        session.add(new)
        session.flush()
        for key in dict.fromkeys(action["root_causes"]):
            session.add(ActionRootCauseRow(action_id=new.id, root_cause_id=ids[("root_cause", key)]))
        for update in action["updates"]:
            session.add(ActionUpdateRow(action_id=new.id, **update))
    for position, item in enumerate(doc.learnings):
        session.add(LearningItemRow(postmortem_id=pm, position=position, **item))
    for position, reference in enumerate(doc.references):
        session.add(ReferenceRow(postmortem_id=pm, position=position, **reference))
    for dismissal in doc.dismissals:
        session.add(FindingDismissalRow(postmortem_id=pm, **dismissal))
    for override in doc.overrides:
        session.add(RubricOverrideRow(postmortem_id=pm, **override))
    for position, item in enumerate(doc.parking):
        session.add(ParkingItemRow(postmortem_id=pm, position=position, **{**item, "at": item.get("at") or now}))
    for meeting in doc.meetings:
        # Nothing runs on import: no agenda item has a clock on it, and the "added during the
        # meeting" marks stay 0 (the rows' ids are new in this database anyway).
        new = MeetingRow(postmortem_id=pm, started_at=meeting["started_at"], ended_at=meeting["ended_at"])
        session.add(new)
        session.flush()
        for position, participant in enumerate(meeting["participants"]):
            session.add(MeetingParticipantRow(meeting_id=new.id, position=position, **participant))
        for position, item in enumerate(meeting["agenda"]):
            session.add(AgendaItemRow(meeting_id=new.id, position=position, **item))
    session.flush()
    session.execute(delete(TagRow).where(~col(TagRow.id).in_(select(PostmortemTagRow.tag_id))))
    return row
