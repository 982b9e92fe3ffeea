"""Rendering one postmortem in an export format; shared by the CLI and the TUI.

Each format imports only what it needs, so `postmortem export` stays quick.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from data.service import PostmortemService

EXTENSIONS = {"md": "md", "json": "json", "csv": "csv"}


def render(service: PostmortemService, postmortem_id: int, kind: str, as_of: date) -> str:
    """The postmortem as Markdown (`md`), `postmortem/v1` JSON (`json`) or a CSV of its actions (`csv`).

    `service` is anything with `bundle(id)`: the service, or the CLI's ORM-free reader."""
    bundle = service.bundle(postmortem_id)
    if kind == "csv":
        from app.cli.actions import actions_csv

        return actions_csv(bundle, as_of)
    from app.logic.derived import compute

    computed = compute(bundle)
    if kind == "json":
        from app.logic.interchange import dumps, to_document

        return dumps(to_document(bundle, as_of, computed))
    from app.logic.markdown import render_markdown

    return render_markdown(bundle, as_of, computed)


def note_exported(service: PostmortemService, postmortem_id: int) -> None:
    """Remember the export (the method's step 4); a read-only or busy database just skips it."""
    from contextlib import suppress

    from data.errors import StoreError

    if service.database.read_only:
        return
    with suppress(StoreError):
        service.mark_exported(postmortem_id)


def safe_file_name(incident_id: str) -> str:
    """An incident id made safe as a file name."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", incident_id).strip("._") or "postmortem"


def write_new(path: Path, text: str, force: bool) -> str | None:
    """Write `text` to `path`, never over an existing file unless `force`; the reason it could not, or None.

    The text goes to a temporary file beside `path` that then takes its place: a full disk or a
    killed process leaves the old file whole (or no file), never half of the new one."""
    import os
    import secrets

    from data.placing import move_into_place

    if path.is_dir():
        return f"{path} is a folder: give a file name."
    if path.exists() and not force:
        return f"{path} already exists; use --force to overwrite it."
    if not path.parent.is_dir():
        return f"cannot write {path}: the folder {path.parent} does not exist."
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    try:
        # Created as any new file is (0666 less the umask); an existing file's mode is kept.
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as error:
        return f"cannot write {path}: {error.strerror or error}. Nothing was written."
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o777)
        if not move_into_place(temporary, path, overwrite=force):
            temporary.unlink(missing_ok=True)
            return f"{path} already exists; use --force to overwrite it."
    except OSError as error:
        temporary.unlink(missing_ok=True)
        return f"cannot write {path}: {error.strerror or error}. Nothing was written."
    return None
