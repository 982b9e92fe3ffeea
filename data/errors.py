"""Errors the store raises, each carrying a message fit to show a user as is."""

from __future__ import annotations


class StoreError(Exception):
    """A problem the user can act on; `str(error)` is a complete sentence or paragraph."""


class DatabaseUnusable(StoreError):
    """The database cannot be opened at all (the app exits with code 2)."""


class NotADatabase(DatabaseUnusable):
    pass


class NewerSchema(DatabaseUnusable):
    pass


class DatabaseLocked(DatabaseUnusable):
    pass


class ReadOnlyDatabase(DatabaseUnusable):
    pass


class NotFound(StoreError):
    pass


class ValidationError(StoreError):
    """A value the store refuses; `field` names what was wrong."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class Conflict(StoreError):
    """A save based on a version of a row that someone else has since changed.

    `current` is the row as it is now (a record), `changes` lists what the other
    person changed as (field, what you saw, what it is now), and `by` is who did it.
    """

    def __init__(self, kind: str, current: object, changes: list[tuple[str, object, object]], by: str) -> None:
        self.kind = kind
        self.current = current
        self.changes = changes
        self.by = by or "someone else"
        #: (table, row id, version) of the row as it is now: what an overwrite may replace.
        self.key: tuple[str, object, int] | None = None
        what = ", ".join(name.replace("_", " ") for name, _seen, _now in changes) or "it"
        super().__init__(
            f"{self.by} changed this {kind} ({what}) after you opened it, so your change was not saved. "
            "Reload to see their version, or overwrite it with yours."
        )
