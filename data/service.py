"""The store's typed service layer: the only code that opens database sessions.

Every method is one transaction, committed before it returns, so an edit is
saved the moment it is made. Methods take and return plain records
(`data.records`); rows never leave this module. The TUI calls it from one
background thread, the CLI from its main thread.
"""

from __future__ import annotations

import re
from contextlib import AbstractContextManager
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import case, func
from sqlmodel import Session, col, delete, select

from data import records, validation, versions
from data.action_status import ActionStatus
from data.children import ActionChildren, Children
from data.clock import Clock, as_utc
from data.database import Database
from data.enums import ACTIVE_ACTION_STATUSES, DEFAULT_FISHBONE_CATEGORIES
from data.errors import NotFound, ReadOnlyDatabase, ValidationError
from data.models import (
    ActionUpdateRow,
    ContributorRow,
    CorrectiveActionRow,
    FaultNodeRow,
    FindingDismissalRow,
    FishboneCategoryRow,
    FishboneCauseRow,
    ImpactMetricRow,
    ImpactRow,
    LearningItemRow,
    PostmortemRow,
    PostmortemTagRow,
    ReferenceRow,
    RootCauseRow,
    RubricOverrideRow,
    TagRow,
    TimelineEventRow,
    WhyNodeRow,
)
from data.revisions import RevisionCounter
from data.rows import to_record, transaction


class PostmortemService(ActionStatus, RevisionCounter):
    """Reads and writes postmortems and everything in them."""

    def __init__(self, database: Database, clock: Clock | None = None, user: str = "") -> None:
        self.database = database
        self.clock = clock or Clock()
        #: Who edits: recorded as `changed_by` on every row this service changes.
        self.user = user
        #: Row versions this service wrote: its own saves never conflict with each other.
        self.own_versions: versions.OwnVersions = {}
        self._known_revisions: dict[int, int] = {}
        self._outside_changes: set[int] = set()
        self.events = Children(self, TimelineEventRow, records.TimelineEvent, validation.EVENT_RULES,
                               order=("at", "seq", "id"), counter="seq")
        self.metrics = Children(self, ImpactMetricRow, records.ImpactMetric, validation.METRIC_RULES)
        self.whys = Children(self, WhyNodeRow, records.WhyNode, validation.WHY_RULES, tree=True)
        self.fishbone_categories = Children(
            self, FishboneCategoryRow, records.FishboneCategory, validation.FISHBONE_CATEGORY_RULES
        )
        self.fishbone_causes = Children(
            self, FishboneCauseRow, records.FishboneCause, validation.FISHBONE_CAUSE_RULES, tree=True
        )
        self.fault_nodes = Children(self, FaultNodeRow, records.FaultNode, validation.FAULT_NODE_RULES,
                                    tree=True)
        self.root_causes = Children(self, RootCauseRow, records.RootCause, validation.ROOT_CAUSE_RULES)
        self.actions = ActionChildren(self, CorrectiveActionRow, records.CorrectiveAction,
                                      validation.ACTION_RULES, stamped=True)
        self.action_updates = Children(self, ActionUpdateRow, records.ActionUpdate,
                                       validation.ACTION_UPDATE_RULES, parent="action_id",
                                       order=("at", "id"))
        self.learnings = Children(self, LearningItemRow, records.LearningItem, validation.LEARNING_RULES)
        self.references = Children(self, ReferenceRow, records.Reference, validation.REFERENCE_RULES)
        self.dismissals = Children(self, FindingDismissalRow, records.FindingDismissal, validation.DISMISSAL_RULES,
                                   order=("at", "id"), counter=None)
        self.overrides = Children(self, RubricOverrideRow, records.RubricOverride, validation.OVERRIDE_RULES,
                                  order=("criterion", "id"), counter=None)
        from data.meetings import MeetingStore, parking_lot

        self.meetings = MeetingStore(self)
        self.parking = parking_lot(self)

    # -- sessions ---------------------------------------------------------

    def session(self, *, write: bool = False) -> AbstractContextManager[Session]:
        """One transaction; database-level failures become `StoreError`s with a readable message.
        `write` takes the write lock first (see `data.rows.transaction`)."""
        return transaction(self.database, write=write)

    def guard_write(self) -> None:
        if self.database.read_only:
            raise ReadOnlyDatabase(
                f"{self.database.label} is open read-only: this change was not saved."
            )

    # -- postmortems ------------------------------------------------------

    def list_postmortems(self) -> list[records.PostmortemListItem]:
        """Every postmortem with its open and overdue action counts, newest incident first."""
        today = self.clock.today()
        with self.session() as session:
            rows = session.exec(select(PostmortemRow)).all()
            first_event = dict(
                session.execute(
                    select(TimelineEventRow.postmortem_id, func.min(TimelineEventRow.at))
                    .group_by(TimelineEventRow.postmortem_id)
                ).all()
            )
            active = col(CorrectiveActionRow.status).in_(ACTIVE_ACTION_STATUSES)
            counts = {
                pm_id: (open_count, overdue or 0)
                for pm_id, open_count, overdue in session.execute(
                    select(
                        CorrectiveActionRow.postmortem_id,
                        func.count(),
                        func.sum(case((col(CorrectiveActionRow.due) < today, 1), else_=0)),
                    )
                    .where(active)
                    .group_by(CorrectiveActionRow.postmortem_id)
                ).all()
            }
            tags = self._tags_by_postmortem(session)
        items = []
        for row in rows:
            instant = first_event.get(row.id) or row.written_at
            incident_date = (
                instant.astimezone(ZoneInfo(row.timezone)).date() if instant is not None else None
            )
            open_count, overdue = counts.get(row.id, (0, 0))
            items.append(
                records.PostmortemListItem(
                    id=row.id,
                    incident_id=row.incident_id,
                    title=row.title,
                    incident_type=row.incident_type,
                    severity=row.severity,
                    status=row.status,
                    incident_date=incident_date,
                    open_actions=open_count,
                    overdue_actions=int(overdue),
                    owner=row.owner,
                    tags=tags.get(row.id, ()),
                )
            )
        items.sort(key=lambda item: (item.incident_date or date.min, item.id), reverse=True)
        return items

    def get(self, postmortem_id: int) -> records.Postmortem:
        with self.session() as session:
            row = session.get(PostmortemRow, postmortem_id)
            if row is None:
                raise NotFound(f"Postmortem {postmortem_id} does not exist.")
            return self._postmortem_record(session, row)

    def find(self, incident_id: str) -> records.Postmortem | None:
        """The postmortem with this incident id (exact match), or None."""
        with self.session() as session:
            row = session.exec(
                select(PostmortemRow).where(PostmortemRow.incident_id == incident_id.strip())
            ).first()
            return self._postmortem_record(session, row) if row else None

    def suggest_incident_id(self, year: int | None = None) -> str:
        """The next free `INC-YYYY-NNN` for `year` (this year by default)."""
        year = year or self.clock.today().year
        prefix = f"INC-{year}-"
        pattern = re.compile(rf"^{re.escape(prefix)}(\d+)$")
        with self.session() as session:
            existing = session.exec(
                select(PostmortemRow.incident_id).where(
                    col(PostmortemRow.incident_id).startswith(prefix)
                )
            ).all()
        numbers = [int(m.group(1)) for m in map(pattern.match, existing) if m]
        return f"{prefix}{max(numbers, default=0) + 1:03d}"

    def create(
        self,
        *,
        title: str,
        incident_id: str | None = None,
        fishbone_categories: tuple[str, ...] = DEFAULT_FISHBONE_CATEGORIES,
        **values: Any,
    ) -> records.Postmortem:
        """Create a postmortem; the incident id is suggested when not given."""
        self.guard_write()
        values = validation.clean(
            validation.POSTMORTEM_RULES,
            {"title": title, "incident_id": incident_id or self.suggest_incident_id(), **values},
        )
        contributors = values.pop("contributors", ())
        tags = values.pop("tags", ())
        now = self.clock.now()
        with self.session(write=True) as session:
            row = PostmortemRow(**values, created_at=now, updated_at=now, changed_by=self.user)
            session.add(row)
            session.flush()
            assert row.id is not None
            self._set_contributors(session, row.id, contributors)
            self._set_tags(session, row.id, tags)
            for position, name in enumerate(fishbone_categories):
                session.add(FishboneCategoryRow(postmortem_id=row.id, name=name, position=position))
            session.flush()
            return self._postmortem_record(session, row)

    def update(self, postmortem_id: int, *, expected: Any = None, **changes: Any) -> records.Postmortem:
        """Change any of the postmortem's own fields (contributors and tags as lists).

        Closing is refused while actions are still open, in progress or blocked, unless a
        `closed_reason` comes with it: the refusal lists those actions. With `expected` (the record
        the edit was based on), a postmortem someone changed since is refused with `Conflict`.
        """
        self.guard_write()
        changes = validation.clean(validation.POSTMORTEM_RULES, changes)
        with self.session(write=True) as session:
            row = session.get(PostmortemRow, postmortem_id, with_for_update=True)
            if row is None:
                raise NotFound(f"Postmortem {postmortem_id} no longer exists.")
            versions.check(row, expected, lambda: self._postmortem_record(session, row), self.own_versions)
            versions.bump(session, row, self.user, self.own_versions)
            if changes.get("status") == "closed" and row.status != "closed":
                self._check_can_close(session, postmortem_id, changes.get("closed_reason", ""))
            if "contributors" in changes:
                self._set_contributors(session, postmortem_id, changes.pop("contributors"))
            if "tags" in changes:
                self._set_tags(session, postmortem_id, changes.pop("tags"))
            for name, value in changes.items():
                setattr(row, name, value)
            row.revision += 1
            self._note_revision(postmortem_id, row.revision - 1, row.revision)
            row.updated_at = self.clock.now()
            session.add(row)
            session.flush()
            return self._postmortem_record(session, row)

    def _check_can_close(self, session: Session, postmortem_id: int, reason: str) -> None:
        active = session.exec(
            select(CorrectiveActionRow.title)
            .where(CorrectiveActionRow.postmortem_id == postmortem_id)
            .where(col(CorrectiveActionRow.status).in_(ACTIVE_ACTION_STATUSES))
            .order_by(col(CorrectiveActionRow.position), col(CorrectiveActionRow.id))
        ).all()
        if active and not reason.strip():
            listed = "; ".join(f"“{title}”" for title in active)
            raise ValidationError(
                "status",
                f"{len(active)} action{'s are' if len(active) != 1 else ' is'} still open: {listed}. "
                "Finish them, or give a reason to close anyway.",
            )

    def bundle(self, postmortem_id: int) -> records.PostmortemBundle:
        """Everything a postmortem holds (exports, the review and imports read this)."""
        actions = self.actions.list(postmortem_id)
        updates: dict[int, list[records.ActionUpdate]] = {a.id: [] for a in actions}
        if actions:
            with self.session() as session:
                table = ActionUpdateRow.__table__
                rows = session.execute(
                    table.select().where(table.c.action_id.in_(list(updates)))
                    .order_by(table.c.at, table.c.id)
                ).mappings().all()
                for row in rows:
                    updates[row["action_id"]].append(to_record(row, records.ActionUpdate))
        return records.PostmortemBundle(
            postmortem=self.get(postmortem_id),
            events=self.events.list(postmortem_id),
            impact=self.get_impact(postmortem_id),
            metrics=self.metrics.list(postmortem_id),
            whys=self.whys.list(postmortem_id),
            categories=self.fishbone_categories.list(postmortem_id),
            causes=self.fishbone_causes.list(postmortem_id),
            faults=self.fault_nodes.list(postmortem_id),
            root_causes=self.root_causes.list(postmortem_id),
            actions=actions,
            updates=updates,
            learnings=self.learnings.list(postmortem_id),
            references=self.references.list(postmortem_id),
            dismissals=self.dismissals.list(postmortem_id),
            overrides=self.overrides.list(postmortem_id),
            parking=self.parking.list(postmortem_id),
            meetings=self.meetings.all(postmortem_id),
        )

    def mark_exported(self, postmortem_id: int) -> None:
        """Note that the postmortem was written out (step 4 of the method: document and share).

        Not an edit: `updated_at` stays; the revision moves so open screens see the step done."""
        self.guard_write()
        with self.session(write=True) as session:
            self.touch(session, postmortem_id, edit=False, exported_at=self.clock.now())

    def dismiss_finding(self, postmortem_id: int, *, rule: str, path: str, text: str, reason: str,
                        by: str) -> records.FindingDismissal:
        """Record that a finding does not apply (why, who, when)."""
        return self.dismissals.add(postmortem_id, rule=rule, path=path, text=text, reason=reason, by=by,
                                   at=self.clock.now())

    def set_override(self, postmortem_id: int, criterion: str, score: int | None, *, note: str = "",
                     by: str = "") -> None:
        """A person's score for a rubric criterion (None removes it, back to the automatic score)."""
        for existing in self.overrides.list(postmortem_id):
            if existing.criterion == criterion:
                self.overrides.delete(existing.id)
        if score is not None:
            self.overrides.add(postmortem_id, criterion=criterion, score=score, note=note, by=by,
                               at=self.clock.now())

    def import_document(self, document: Any, *, replace: bool = False) -> records.Postmortem:
        """Store a checked document in one transaction; an existing incident id needs `replace`."""
        from data.importing import write_imported

        self.guard_write()
        incident_id = document.postmortem["incident_id"]
        with self.session(write=True) as session:
            existing = session.exec(select(PostmortemRow).where(PostmortemRow.incident_id == incident_id)).first()
            if existing is not None and not replace:
                raise ValidationError(
                    "incident_id",
                    f"{incident_id} is already in this database; import with --replace to overwrite it.")
            row = write_imported(session, document, self.clock.now(), existing.id if existing else None)
            return self._postmortem_record(session, row)

    def delete(self, postmortem_id: int) -> None:
        """Delete a postmortem and everything in it."""
        self.guard_write()
        with self.session(write=True) as session:
            result = session.execute(delete(PostmortemRow).where(col(PostmortemRow.id) == postmortem_id))
            if result.rowcount == 0:  # type: ignore[attr-defined]
                raise NotFound(f"Postmortem {postmortem_id} no longer exists.")
            session.execute(delete(TagRow).where(~col(TagRow.id).in_(select(PostmortemTagRow.tag_id))))

    def content_counts(self, postmortem_id: int) -> dict[str, int]:
        """How many rows of each kind a postmortem holds (for the delete confirmation)."""
        tables = {
            "events": TimelineEventRow,
            "whys": WhyNodeRow,
            "fishbone causes": FishboneCauseRow,
            "root causes": RootCauseRow,
            "actions": CorrectiveActionRow,
        }
        with self.session() as session:
            return {
                label: session.execute(
                    select(func.count()).select_from(table).where(table.postmortem_id == postmortem_id)
                ).scalar_one()
                for label, table in tables.items()
            }

    def duplicate(self, postmortem_id: int, *, incident_id: str | None = None) -> records.Postmortem:
        """Copy a postmortem with all its content under a new incident id, as a draft.

        Action histories are not copied: the copy's actions start a history of their own.
        """
        self.guard_write()
        from data.copying import copy_postmortem

        new_id = validation.incident_id("incident_id", incident_id or self.suggest_incident_id())
        with self.session(write=True) as session:
            source = session.get(PostmortemRow, postmortem_id)
            if source is None:
                raise NotFound(f"Postmortem {postmortem_id} no longer exists.")
            copy = copy_postmortem(session, source, new_id, self.clock.now())
            return self._postmortem_record(session, copy)

    def first_event_times(self, postmortem_id: int) -> dict[str, Any]:
        """The earliest time of each kind of timeline event (one row per kind, not every event)."""
        with self.session() as session:
            rows = session.execute(
                select(TimelineEventRow.kind, func.min(TimelineEventRow.at))
                .where(TimelineEventRow.postmortem_id == postmortem_id)
                .group_by(TimelineEventRow.kind)
            ).all()
        return {kind: as_utc(first) for kind, first in rows}

    # -- impact -------------------------------------------------------------

    def get_impact(self, postmortem_id: int) -> records.Impact:
        """The impact inputs; all unknown until something is entered."""
        with self.session() as session:
            row = session.get(ImpactRow, postmortem_id)
            if row is None:
                return records.Impact(postmortem_id=postmortem_id)
            return to_record(row, records.Impact)

    def update_impact(self, postmortem_id: int, *, expected: Any = None, **changes: Any) -> records.Impact:
        """Change impact inputs; with `expected`, refused with `Conflict` if someone changed them since."""
        self.guard_write()
        changes = validation.clean(validation.IMPACT_RULES, changes)
        with self.session(write=True) as session:
            # The postmortem's row is locked first: two first saves of its impact (no row to lock yet)
            # then take turns, and the second sees the first's version.
            if session.get(PostmortemRow, postmortem_id, with_for_update=True) is None:
                raise NotFound(f"Postmortem {postmortem_id} no longer exists.")
            row = session.get(ImpactRow, postmortem_id, with_for_update=True) or ImpactRow(
                postmortem_id=postmortem_id, version=0)
            versions.check(row, expected, lambda: to_record(row, records.Impact), self.own_versions)
            versions.bump(session, row, self.user, self.own_versions)
            for name, value in changes.items():
                setattr(row, name, value)
            session.add(row)
            self.touch(session, postmortem_id)
            session.flush()
            return to_record(row, records.Impact)

    # -- helpers -----------------------------------------------------------

    def _postmortem_record(self, session: Session, row: PostmortemRow) -> records.Postmortem:
        contributors = tuple(
            session.exec(
                select(ContributorRow.name)
                .where(ContributorRow.postmortem_id == row.id)
                .order_by(col(ContributorRow.position))
            ).all()
        )
        tags = self._tags_by_postmortem(session, row.id).get(row.id, ())  # type: ignore[arg-type]
        return to_record(row, records.Postmortem, contributors=contributors, tags=tags)

    def _tags_by_postmortem(
        self, session: Session, postmortem_id: int | None = None
    ) -> dict[int, tuple[str, ...]]:
        query = (
            select(PostmortemTagRow.postmortem_id, TagRow.name)
            .join(TagRow, col(TagRow.id) == col(PostmortemTagRow.tag_id))
            .order_by(col(PostmortemTagRow.postmortem_id), col(PostmortemTagRow.position))
        )
        if postmortem_id is not None:
            query = query.where(PostmortemTagRow.postmortem_id == postmortem_id)
        result: dict[int, list[str]] = {}
        for pm_id, name in session.execute(query).all():
            result.setdefault(pm_id, []).append(name)
        return {pm_id: tuple(names) for pm_id, names in result.items()}

    def _set_contributors(self, session: Session, postmortem_id: int, names: tuple[str, ...]) -> None:
        session.execute(delete(ContributorRow).where(col(ContributorRow.postmortem_id) == postmortem_id))
        for position, name in enumerate(names):
            session.add(ContributorRow(postmortem_id=postmortem_id, name=name, position=position))

    def _set_tags(self, session: Session, postmortem_id: int, names: tuple[str, ...]) -> None:
        session.execute(
            delete(PostmortemTagRow).where(col(PostmortemTagRow.postmortem_id) == postmortem_id)
        )
        for position, name in enumerate(names):
            tag = session.exec(select(TagRow).where(TagRow.name == name)).first()
            if tag is None:
                tag = TagRow(name=name)
                session.add(tag)
                session.flush()
            session.add(PostmortemTagRow(postmortem_id=postmortem_id, tag_id=tag.id, position=position))
        session.flush()
        session.execute(delete(TagRow).where(~col(TagRow.id).in_(select(PostmortemTagRow.tag_id))))


