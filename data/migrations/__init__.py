"""Alembic migrations of the postmortem schema (applied automatically at start)."""
