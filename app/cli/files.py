"""Reading a file a person named on the command line, whatever it turns out to be.

A folder, a device (`/dev/zero` never ends), a pipe, a symbolic link that loops, a file too
large to be a postmortem or one that is not UTF-8 each get one sentence saying so, never a
traceback and never an endless read.
"""

from __future__ import annotations

import errno
import stat
from pathlib import Path

#: Larger files are refused before reading: a postmortem or a chat log is text, not a data dump.
MAX_BYTES = 20 * 1024 * 1024


def read_bytes(name: str, limit: int = MAX_BYTES) -> tuple[bytes | None, str | None]:
    """(the file's bytes, None), or (None, why it cannot be read: a phrase that follows the file's name)."""
    path = Path(name)
    try:
        info = path.stat()
    except FileNotFoundError:
        return None, "does not exist"
    except OSError as error:
        if error.errno == errno.ELOOP:
            return None, "is a symbolic link that loops back on itself"
        return None, f"cannot be read ({error.strerror})"
    if stat.S_ISDIR(info.st_mode):
        return None, "is a folder, not a file"
    if not stat.S_ISREG(info.st_mode):
        return None, "is not a regular file (a device, pipe or socket); give a file"
    if info.st_size > limit:
        return None, _too_large(info.st_size, limit)
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as error:
        return None, f"cannot be read ({error.strerror})"
    if len(data) > limit:  # it grew while being read
        return None, _too_large(len(data), limit)
    return data, None


def read_text(name: str, limit: int = MAX_BYTES) -> tuple[str | None, str | None]:
    """(the file's text, decoded as UTF-8 with or without a byte-order mark, None), or (None, why not)."""
    data, problem = read_bytes(name, limit)
    if data is None:
        return None, problem
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        return None, f"is not UTF-8 text (byte {error.start} cannot be read); save it as UTF-8 and try again"


def _too_large(size: int, limit: int) -> str:
    return f"is {size / 2**20:.0f} MB: too large (the limit is {limit // 2**20} MB)"
