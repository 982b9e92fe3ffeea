"""Putting a finished file in its place: whole or not at all, and never over a file that appeared
while it was being written (unless asked to replace it)."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def move_into_place(temporary: Path, target: Path, *, overwrite: bool) -> bool:
    """Move the finished `temporary` to `target`. Without `overwrite`, False (and `temporary` left
    for the caller to remove) when `target` exists, even one created a moment ago."""
    if overwrite:
        os.replace(temporary, target)
        return True
    try:
        os.link(temporary, target)  # atomic "create if absent"
    except FileExistsError:
        return False
    except OSError:  # a file system without hard links
        if target.exists():
            return False
        os.replace(temporary, target)
        return True
    with contextlib.suppress(OSError):
        temporary.unlink()
    return True
