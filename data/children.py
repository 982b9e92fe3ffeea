"""Generic create/read/update/delete of the rows that belong to a postmortem."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic

from sqlalchemy import func
from sqlmodel import Session, col, delete, select

from data import records, validation, versions
from data.errors import NotFound, ValidationError
from data.models import (
    ActionRootCauseRow,
    CorrectiveActionRow,
    FaultNodeRow,
    FishboneCategoryRow,
    FishboneCauseRow,
    MeetingRow,
    PostmortemRow,
    RootCauseRow,
    WhyNodeRow,
)
from data.rows import RecordT, to_record

if TYPE_CHECKING:
    from data.service import PostmortemService


class Children(Generic[RecordT]):
    """Create, read, update and delete one kind of row that belongs to a postmortem.

    `parent` names the owning column (`postmortem_id`, or `action_id` for
    action history). Rows keep their sibling order in `position` (or, for
    timeline events, the entry order in `seq`); `tree=True` rows also have a
    `parent_id` that must point into the same postmortem.
    """

    def __init__(
        self,
        service: PostmortemService,
        row_type: type[Any],
        record_type: type[RecordT],
        rules: dict[str, validation.Check],
        *,
        parent: str = "postmortem_id",
        order: tuple[str, ...] = ("position", "id"),
        counter: str | None = "position",
        tree: bool = False,
        stamped: bool = False,
    ) -> None:
        self.service = service
        self.row_type = row_type
        self.record_type = record_type
        self.rules = rules
        self.parent = parent
        self.order = order
        self.counter = counter if counter in row_type.model_fields else None
        self.tree = tree
        self.stamped = stamped
        self.versioned = "version" in row_type.model_fields

    def list(self, parent_id: int) -> list[RecordT]:
        """Every row of one parent, in order. Read with a Core select: no ORM objects to build."""
        table = self.row_type.__table__
        with self.service.session() as session:
            rows = session.execute(
                table.select()
                .where(table.c[self.parent] == parent_id)
                .order_by(*(table.c[name] for name in self.order))
            ).mappings().all()
            return self.records_from(session, rows)

    def records_from(self, session: Session, rows: Sequence[Mapping[str, Any]]) -> list[RecordT]:
        return [to_record(row, self.record_type) for row in rows]

    def get(self, row_id: int) -> RecordT:
        with self.service.session() as session:
            return self.to_record(session, self._row(session, row_id))

    def add(self, parent_id: int, /, **values: Any) -> RecordT:
        return self.add_many(parent_id, [values])[0]

    def add_many(self, parent_id: int, many: list[dict[str, Any]]) -> list[RecordT]:
        """Add several rows in one transaction: all of them, or (on any error) none."""
        self.service.guard_write()
        cleaned = [validation.clean(self.rules, values) for values in many]
        with self.service.session(write=True) as session:
            postmortem_id = self._postmortem_of_parent(session, parent_id)
            rows = [self._insert(session, parent_id, postmortem_id, values) for values in cleaned]
            self.service.touch(session, postmortem_id)
            session.flush()
            return [self.to_record(session, row) for row in rows]

    def restore(self, record: RecordT) -> RecordT:
        """Put back a deleted row exactly as it was, id included (undo of a delete)."""
        self.service.guard_write()
        values = {f: getattr(record, f) for f in self.row_type.model_fields if hasattr(record, f)}
        parent_id = values.pop(self.parent)
        row_id = values.pop("id")
        with self.service.session(write=True) as session:
            postmortem_id = self._postmortem_of_parent(session, parent_id)
            if session.get(self.row_type, row_id) is not None:
                raise ValidationError("id", "That row is already back.")
            self._check_links(session, postmortem_id, values)
            row = self.row_type(id=row_id, **{self.parent: parent_id}, **values)
            session.add(row)
            self.service.touch(session, postmortem_id)
            session.flush()
            return self.to_record(session, row)

    def _insert(self, session: Session, parent_id: int, postmortem_id: int, values: dict[str, Any]) -> Any:
        if self.counter and self.counter not in values:
            values[self.counter] = self._next_counter(session, parent_id, values)
        self._check_links(session, postmortem_id, values)
        if self.stamped:
            values.setdefault("created_at", self.service.clock.now())
            values.setdefault("updated_at", self.service.clock.now())
        if self.versioned:
            values.setdefault("changed_by", self.service.user)
        row = self.row_type(**{self.parent: parent_id}, **values)
        session.add(row)
        session.flush()
        return row

    def update(self, row_id: int, *, expected: Any = None, **changes: Any) -> RecordT:
        """Change some of a row's fields. With `expected` (the record the edit was based on, or its
        version), a row someone changed since is refused with `Conflict`, and nothing is written."""
        self.service.guard_write()
        changes = validation.clean(self.rules, changes)
        with self.service.session(write=True) as session:
            row = self._row(session, row_id, lock=True)
            if self.versioned:
                versions.check(row, expected, lambda: self.to_record(session, row), self.service.own_versions)
            postmortem_id = self._postmortem_of_parent(session, getattr(row, self.parent))
            self._check_links(session, postmortem_id, changes, row_id=row_id)
            if self.versioned:
                versions.bump(session, row, self.service.user, self.service.own_versions)
            for name, value in changes.items():
                setattr(row, name, value)
            if self.stamped:
                row.updated_at = self.service.clock.now()
            session.add(row)
            self.service.touch(session, postmortem_id)
            session.flush()
            return self.to_record(session, row)

    def delete(self, row_id: int, *, expected: Any = None) -> RecordT:
        """Delete a row (and, in a tree, its whole subtree); returns what was deleted. With `expected`,
        a row someone changed since it was read is refused with `Conflict`."""
        self.service.guard_write()
        with self.service.session(write=True) as session:
            row = self._row(session, row_id, lock=True)
            record = self.to_record(session, row)
            if self.versioned:
                versions.check(row, expected, lambda: record, self.service.own_versions)
            postmortem_id = self._postmortem_of_parent(session, getattr(row, self.parent))
            session.delete(row)
            self.service.touch(session, postmortem_id)
            return record

    def move(self, row_id: int, offset: int) -> RecordT:
        """Swap a row with its neighbour among its siblings (-1 up, +1 down); no-op at either end."""
        self.service.guard_write()
        with self.service.session(write=True) as session:
            row = self._row(session, row_id)
            siblings = select(self.row_type).where(
                getattr(self.row_type, self.parent) == getattr(row, self.parent))
            for shared in ("parent_id", "category_id"):
                if shared in self.row_type.model_fields:
                    siblings = siblings.where(getattr(self.row_type, shared) == getattr(row, shared))
            ordered = list(session.exec(siblings.order_by(col(self.row_type.position),
                                                           col(self.row_type.id))).all())
            index = next(i for i, sibling in enumerate(ordered) if sibling.id == row_id)
            target = index + offset
            if 0 <= target < len(ordered):
                ordered[index], ordered[target] = ordered[target], ordered[index]
                for position, sibling in enumerate(ordered):
                    if sibling.position != position:  # order is not content: versions stay
                        sibling.position = position
                        session.add(sibling)
                postmortem_id = self._postmortem_of_parent(session, getattr(row, self.parent))
                self.service.touch(session, postmortem_id)
                session.flush()
            return self.to_record(session, row)

    # -- internals --

    def to_record(self, session: Session, row: Any) -> RecordT:
        return to_record(row, self.record_type)

    def _row(self, session: Session, row_id: int, *, lock: bool = False) -> Any:
        """The row, locked against other writers until commit when `lock` (PostgreSQL; SQLite's
        write transaction already holds the whole file)."""
        row = session.get(self.row_type, row_id, with_for_update=lock or None)
        if row is None:
            raise NotFound(f"{self.record_type.__name__} {row_id} no longer exists.")
        return row

    def _postmortem_of_parent(self, session: Session, parent_id: int) -> int:
        if self.parent == "postmortem_id":
            if session.get(PostmortemRow, parent_id) is None:
                raise NotFound(f"Postmortem {parent_id} no longer exists.")
            return parent_id
        parent_type, name = {"action_id": (CorrectiveActionRow, "Corrective action"),
                             "meeting_id": (MeetingRow, "Meeting")}[self.parent]
        parent = session.get(parent_type, parent_id)
        if parent is None:
            raise NotFound(f"{name} {parent_id} no longer exists.")
        return parent.postmortem_id

    def _next_counter(self, session: Session, parent_id: int, values: dict[str, Any]) -> int:
        assert self.counter is not None
        query = select(func.max(getattr(self.row_type, self.counter))).where(
            getattr(self.row_type, self.parent) == parent_id
        )
        if self.tree and self.counter == "position":
            query = query.where(self.row_type.parent_id == values.get("parent_id"))
        current = session.execute(query).scalar_one()
        return 0 if current is None else current + 1

    def _check_links(
        self, session: Session, postmortem_id: int, values: dict[str, Any], row_id: int | None = None
    ) -> None:
        """Links (`parent_id`, `category_id`, `*_node_id`) must stay inside the same postmortem."""
        targets = {
            "parent_id": self.row_type,
            "category_id": FishboneCategoryRow,
            "why_node_id": WhyNodeRow,
            "fishbone_cause_id": FishboneCauseRow,
            "fault_node_id": FaultNodeRow,
        }
        for name, table in targets.items():
            target_id = values.get(name)
            if target_id is None:
                continue
            target = session.get(table, target_id)
            if target is None or target.postmortem_id != postmortem_id:
                raise ValidationError(name, f"{name} {target_id} is not part of this postmortem.")
            if name == "parent_id" and row_id is not None and self._is_descendant(
                session, target_id, row_id
            ):
                raise ValidationError(name, "A node cannot be moved under itself.")

    def _is_descendant(self, session: Session, node_id: int | None, ancestor_id: int) -> bool:
        while node_id is not None:
            if node_id == ancestor_id:
                return True
            node_id = session.get(self.row_type, node_id).parent_id
        return False


class ActionChildren(Children[records.CorrectiveAction]):
    """Corrective actions, which also carry links to the root causes they address."""

    def to_record(self, session: Session, row: Any) -> records.CorrectiveAction:
        linked = tuple(
            session.exec(
                select(ActionRootCauseRow.root_cause_id)
                .where(ActionRootCauseRow.action_id == row.id)
                .order_by(col(ActionRootCauseRow.root_cause_id))
            ).all()
        )
        return to_record(row, records.CorrectiveAction, root_cause_ids=linked)

    def records_from(self, session: Session, rows: Sequence[Mapping[str, Any]]) -> list[records.CorrectiveAction]:
        """All actions' root-cause links in one query, not one per action."""
        ids = [row["id"] for row in rows]
        links: dict[int, list[int]] = {}
        if ids:
            for action_id, cause_id in session.execute(
                select(ActionRootCauseRow.action_id, ActionRootCauseRow.root_cause_id)
                .where(col(ActionRootCauseRow.action_id).in_(ids))
                .order_by(col(ActionRootCauseRow.root_cause_id))
            ).all():
                links.setdefault(action_id, []).append(cause_id)
        return [to_record(row, records.CorrectiveAction, root_cause_ids=tuple(links.get(row["id"], ())))
                for row in rows]

    def link_root_causes(self, action_id: int, root_cause_ids: list[int]) -> records.CorrectiveAction:
        """Replace the set of root causes an action addresses."""
        self.service.guard_write()
        with self.service.session(write=True) as session:
            row = self._row(session, action_id)
            for root_cause_id in root_cause_ids:
                cause = session.get(RootCauseRow, root_cause_id)
                if cause is None or cause.postmortem_id != row.postmortem_id:
                    raise ValidationError(
                        "root_causes", f"Root cause {root_cause_id} is not part of this postmortem."
                    )
            session.execute(delete(ActionRootCauseRow).where(col(ActionRootCauseRow.action_id) == action_id))
            for root_cause_id in dict.fromkeys(root_cause_ids):
                session.add(ActionRootCauseRow(action_id=action_id, root_cause_id=root_cause_id))
            self.service.touch(session, row.postmortem_id)
            session.flush()
            return self.to_record(session, row)


