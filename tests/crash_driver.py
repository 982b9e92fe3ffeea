"""Run the real app in a pseudo-terminal and kill it: the machinery of the crash-safety test.

Stdlib only. The app runs as its own session (its own process group) with a private
HOME, a fixed 120x40 window and no network; its output is drained continuously by a
thread so the app never blocks on a full pty buffer. Screen text is matched after
stripping escape sequences, which is enough for the few fixed phrases the test waits for.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import signal
import sqlite3
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
COLUMNS, LINES = 120, 40

ENTER, TAB, ESCAPE = b"\r", b"\t", b"\x1b"
#: Start of line, then delete to its end: empties a Textual Input.
CLEAR_FIELD = b"\x01\x0b"

_ANSI = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78]")


class AppDied(AssertionError):
    """The app exited (or never showed what was awaited): the message carries the screen's tail."""


class PtyApp:
    """One run of `python -m app` on a pseudo-terminal, killed with SIGKILL at the end."""

    def __init__(self, db: Path, home: Path, args: list[str]) -> None:
        self.db = db
        self.home = home
        self.args = args
        self.process: subprocess.Popen[bytes] | None = None
        self._master = -1
        self._buffer = bytearray()
        self._mark = 0
        self._lock = threading.Lock()
        self._reader: threading.Thread | None = None

    # -- life cycle ---------------------------------------------------------------------------

    def start(self) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self.home),
            "XDG_DATA_HOME": str(self.home / "data"),
            "XDG_CONFIG_HOME": str(self.home / "config"),
            "XDG_CACHE_HOME": str(self.home / "cache"),
            "XDG_STATE_HOME": str(self.home / "state"),
            "TERM": "xterm-256color",
            "COLUMNS": str(COLUMNS),
            "LINES": str(LINES),
            "LANG": "C.UTF-8",
            "TZ": "UTC",
            "POSTMORTEM_USER": "crash-tester",
            "TEXTUAL_ANIMATIONS": "none",
            # Proxies pointing nowhere: the app is offline, and must stay so.
            "http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9", "no_proxy": "",
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "app", "--db", str(self.db), *self.args],
            stdin=slave, stdout=slave, stderr=slave, cwd=REPO, env=env,
            start_new_session=True, close_fds=True,
        )
        os.close(slave)
        self._master = master
        self._reader = threading.Thread(target=self._drain, name="pty-reader", daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        """Read everything the app writes until the pty closes (EIO once the app is gone)."""
        while True:
            try:
                chunk = os.read(self._master, 65536)
            except OSError:
                return
            if not chunk:
                return
            with self._lock:
                self._buffer.extend(chunk)

    def kill(self) -> None:
        """SIGKILL the app's whole process group, wait for it and release the pty."""
        process = self.process
        if process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
        if self._reader is not None:
            self._reader.join(timeout=5)
        if self._master >= 0:
            os.close(self._master)
            self._master = -1
        self.process = None

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    # -- keys and screen ---------------------------------------------------------------------------

    def send(self, data: bytes, pause: float = 0.0) -> None:
        if not self.alive:
            raise AppDied(f"the app exited (code {self.process and self.process.returncode}) before input "
                          f"{data!r}\n{self.tail()}")
        os.write(self._master, data)
        if data.endswith(ESCAPE):
            pause = max(pause, 0.25)  # a lone Escape is only read as a key after the parser's delay
        if pause:
            time.sleep(pause)

    def mark(self) -> None:
        """From now on, `wait_for` only looks at output written after this call."""
        with self._lock:
            self._mark = len(self._buffer)

    def text(self, since_mark: bool = True) -> str:
        with self._lock:
            raw = bytes(self._buffer[self._mark if since_mark else 0:])
        return _ANSI.sub(b"", raw).decode("utf-8", "replace")

    def tail(self, chars: int = 2500) -> str:
        """The end of what the app drew, without escape sequences, for failure messages."""
        shown = re.sub(r"[ \t]+\n", "\n", self.text(since_mark=False))
        shown = re.sub(r"\n{3,}", "\n\n", re.sub(r" {8,}", "  ", shown))
        return "--- pty output (tail) ---\n" + shown[-chars:]

    def wait_for(self, *phrases: str, timeout: float = 20.0, settle: float = 0.15) -> str:
        """Wait until any of `phrases` is drawn after the mark; return it. Raise with the tail if not."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.text()
            for phrase in phrases:
                if phrase in shown:
                    time.sleep(settle)
                    return phrase
            if not self.alive:
                break
            time.sleep(0.03)
        state = "exited" if not self.alive else f"still running after {timeout:.0f} s"
        raise AppDied(f"the app never drew any of {phrases!r} ({state})\n{self.tail()}")


# -- the database, read from outside ---------------------------------------------------------------


def read_only(db: Path) -> sqlite3.Connection:
    """A read-only connection that never checkpoints nor changes the files the app uses."""
    return sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True, timeout=10)


def query(db: Path, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    connection = read_only(db)
    try:
        return connection.execute(sql, params).fetchall()
    finally:
        connection.close()


def poll(db: Path, ready: Callable[[sqlite3.Connection], bool], timeout: float = 15.0) -> bool:
    """True as soon as `ready(connection)` holds on a fresh read-only connection, False at the timeout."""
    deadline = time.monotonic() + timeout
    while True:
        connection = read_only(db)
        try:
            if ready(connection):
                return True
        except sqlite3.OperationalError:
            pass  # busy during a checkpoint or a migration: look again
        finally:
            connection.close()
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)


def snapshot(db: Path, folder: Path) -> Path:
    """Copy the database with its -wal and -shm as the crash left them, so checking the copy
    (which recovers the journal) leaves the original for the restarted app to recover itself."""
    folder.mkdir(parents=True, exist_ok=True)
    for leftover in folder.iterdir():
        leftover.unlink()
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{db}{suffix}")
        if source.exists():
            shutil.copyfile(source, folder / f"{db.name}{suffix}")
    return folder / db.name


def integrity(db: Path) -> list[str]:
    """`PRAGMA integrity_check` and `foreign_key_check` on `db`: empty when both are clean."""
    connection = sqlite3.connect(db, timeout=10)
    try:
        problems = [row[0] for row in connection.execute("PRAGMA integrity_check") if row[0] != "ok"]
        problems += [f"foreign key: {row}" for row in connection.execute("PRAGMA foreign_key_check")]
        return problems
    finally:
        connection.close()
