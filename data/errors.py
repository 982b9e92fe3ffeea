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
