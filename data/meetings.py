"""Meetings of a postmortem: the agenda with its timeboxes, who took part, the time spent.

A meeting is planned (its participants and agenda are being set up, each edit
already saved), then running (one agenda item at a time, the clock on it
stored as `started_at` so a restart loses no time), then ended.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import func
from sqlmodel import Session, col, select

from data import records, validation
from data.children import Children
from data.errors import NotFound, ValidationError
from data.models import (
    AgendaItemRow,
    ContributorRow,
    CorrectiveActionRow,
    MeetingParticipantRow,
    MeetingRow,
    ParkingItemRow,
    PostmortemRow,
    RootCauseRow,
    TimelineEventRow,
)
from data.rows import to_record

if TYPE_CHECKING:
    from data.service import PostmortemService

#: A 60-minute postmortem meeting: (title, step, section, minutes).
POSTMORTEM_AGENDA: tuple[tuple[str, int, str, int], ...] = (
    ("Timeline", 1, "timeline", 10),
    ("Impact", 1, "impact", 10),
    ("Root-cause analysis", 2, "analysis", 20),
    ("Corrective actions", 3, "actions", 15),
    ("Wrap-up: share and track", 4, "wrapup", 5),
)

#: A 60-minute pre-mortem: imagine the launch failed, then work back to prevention.
PREMORTEM_AGENDA: tuple[tuple[str, int, str, int], ...] = (
    ("Failure stories", 1, "timeline", 15),
    ("Risks and causes", 2, "analysis", 20),
    ("Preventive actions", 3, "actions", 15),
    ("Wrap-up: share and track", 4, "wrapup", 10),
)


class MeetingStore:
    """The service's meeting methods (`service.meetings`)."""

    def __init__(self, service: PostmortemService) -> None:
        self.service = service
        self.participants = Children(service, MeetingParticipantRow, records.MeetingParticipant,
                                     validation.PARTICIPANT_RULES, parent="meeting_id")
        self.agenda = Children(service, AgendaItemRow, records.AgendaItem, validation.AGENDA_RULES,
                               parent="meeting_id")

    # -- reading --

    def state(self, meeting_id: int) -> records.MeetingState:
        with self.service.session() as session:
            row = session.get(MeetingRow, meeting_id)
            if row is None:
                raise NotFound(f"Meeting {meeting_id} no longer exists.")
            return self._state(session, row)

    def current(self, postmortem_id: int) -> records.MeetingState | None:
        """The meeting not yet ended (planned or running), if there is one."""
        with self.service.session() as session:
            row = session.exec(
                select(MeetingRow).where(MeetingRow.postmortem_id == postmortem_id)
                .where(col(MeetingRow.ended_at).is_(None)).order_by(col(MeetingRow.id).desc())
            ).first()
            return self._state(session, row) if row is not None else None

    def all(self, postmortem_id: int) -> list[records.MeetingState]:
        """Every meeting of a postmortem, oldest first (exports list them)."""
        with self.service.session() as session:
            rows = session.exec(select(MeetingRow).where(MeetingRow.postmortem_id == postmortem_id)
                                .order_by(col(MeetingRow.id))).all()
            return [self._state(session, row) for row in rows]

    def latest(self, postmortem_id: int) -> records.MeetingState | None:
        meetings = self.all(postmortem_id)
        return meetings[-1] if meetings else None

    def revision(self, postmortem_id: int) -> int:
        """The postmortem's change counter: the step marks are recomputed only when it moves."""
        with self.service.session() as session:
            row = session.get(PostmortemRow, postmortem_id)
            if row is None:
                raise NotFound(f"Postmortem {postmortem_id} no longer exists.")
            return row.revision

    # -- the meeting's life --

    def prepare(self, postmortem_id: int) -> records.MeetingState:
        """The open meeting, or a new planned one with the default agenda for the postmortem's
        type and its contributors as responders."""
        existing = self.current(postmortem_id)
        if existing is not None:
            return existing
        self.service.guard_write()
        with self.service.session(write=True) as session:
            postmortem = session.get(PostmortemRow, postmortem_id)
            if postmortem is None:
                raise NotFound(f"Postmortem {postmortem_id} no longer exists.")
            row = MeetingRow(postmortem_id=postmortem_id)
            session.add(row)
            session.flush()
            agenda = PREMORTEM_AGENDA if postmortem.incident_type == "premortem" else POSTMORTEM_AGENDA
            for position, (title, step, section, minutes) in enumerate(agenda):
                session.add(AgendaItemRow(meeting_id=row.id, position=position, title=title, step=step,
                                          section=section, timebox_minutes=minutes))
            names = session.exec(select(ContributorRow.name).where(ContributorRow.postmortem_id == postmortem_id)
                                 .order_by(col(ContributorRow.position))).all()
            for position, name in enumerate(names):
                session.add(MeetingParticipantRow(meeting_id=row.id, position=position, name=name))
            self.service.touch(session, postmortem_id)
            session.flush()
            return self._state(session, row)

    def start(self, meeting_id: int) -> records.MeetingState:
        """Start the clock on the first agenda item, and note what exists already."""
        self.service.guard_write()
        now = self.service.clock.now()
        with self.service.session(write=True) as session:
            row = self._row(session, meeting_id)
            if row.started_at is not None:
                raise ValidationError("meeting", "This meeting has already started.")
            items = self._items(session, meeting_id)
            if not items:
                raise ValidationError("agenda", "The agenda is empty: add an item first.")

            def highest(table) -> int:
                return session.execute(select(func.max(table.id))).scalar_one() or 0

            row.event_mark = highest(TimelineEventRow)
            row.cause_mark = highest(RootCauseRow)
            row.action_mark = highest(CorrectiveActionRow)
            row.started_at = now
            row.current_position = items[0].position
            items[0].started_at = now
            session.add_all([row, items[0]])
            self.service.touch(session, row.postmortem_id)
            session.flush()
            return self._state(session, row)

    def go_to(self, meeting_id: int, position: int | None) -> records.MeetingState:
        """Stop the clock on the running item (adding its time) and start it on `position`;
        None stops the clock and ends the meeting."""
        self.service.guard_write()
        now = self.service.clock.now()
        with self.service.session(write=True) as session:
            row = self._row(session, meeting_id)
            if row.started_at is None or row.ended_at is not None:
                raise ValidationError("meeting", "This meeting is not running.")
            items = {item.position: item for item in self._items(session, meeting_id)}
            running = items.get(row.current_position) if row.current_position is not None else None
            if running is not None and running.started_at is not None:
                running.spent_seconds += max((now - running.started_at).total_seconds(), 0)
                running.started_at = None
                session.add(running)
            if position is None:
                row.current_position = None
                row.ended_at = now
            else:
                if position not in items:
                    raise ValidationError("agenda", f"There is no agenda item {position + 1}.")
                items[position].started_at = now
                row.current_position = position
                session.add(items[position])
            session.add(row)
            self.service.touch(session, row.postmortem_id)
            session.flush()
            return self._state(session, row)

    def advance(self, meeting_id: int) -> records.MeetingState:
        """On to the next agenda item; after the last one, the meeting ends."""
        state = self.state(meeting_id)
        positions = [item.position for item in state.agenda]
        current = state.meeting.current_position
        later = [p for p in positions if current is None or p > current]
        return self.go_to(meeting_id, later[0] if later else None)

    def end(self, meeting_id: int) -> records.MeetingState:
        return self.go_to(meeting_id, None)

    # -- internals --

    def _row(self, session: Session, meeting_id: int) -> MeetingRow:
        row = session.get(MeetingRow, meeting_id)
        if row is None:
            raise NotFound(f"Meeting {meeting_id} no longer exists.")
        return row

    @staticmethod
    def _items(session: Session, meeting_id: int) -> list[AgendaItemRow]:
        return list(session.exec(select(AgendaItemRow).where(AgendaItemRow.meeting_id == meeting_id)
                                 .order_by(col(AgendaItemRow.position), col(AgendaItemRow.id))).all())

    def _state(self, session: Session, row: MeetingRow) -> records.MeetingState:
        participants = session.exec(
            select(MeetingParticipantRow).where(MeetingParticipantRow.meeting_id == row.id)
            .order_by(col(MeetingParticipantRow.position), col(MeetingParticipantRow.id))).all()
        return records.MeetingState(
            to_record(row, records.Meeting),
            tuple(to_record(p, records.MeetingParticipant) for p in participants),
            tuple(to_record(item, records.AgendaItem) for item in self._items(session, row.id)),
        )


def parking_lot(service: PostmortemService) -> Children[records.ParkingItem]:
    """The parked questions and topics of each postmortem (`service.parking`)."""
    return Children(service, ParkingItemRow, records.ParkingItem, validation.PARKING_RULES)
