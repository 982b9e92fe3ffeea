"""`ruff check` is part of the test suite, so CI fails on lint too."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ruff_is_clean() -> None:
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    assert ruff, "ruff is a test dependency: install with `pip install -e .[test]`"
    result = subprocess.run([ruff, "check", "."], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_python_file_grows_past_500_lines() -> None:
    """Past ~400 lines a module is asking to be split; 500 is the hard stop."""
    long = {
        str(path.relative_to(ROOT)): sum(1 for _ in path.open())
        for folder in ("app", "screens", "widgets", "data")
        for path in (ROOT / folder).rglob("*.py")
        if "migrations" not in path.parts
    }
    assert {name: n for name, n in long.items() if n > 500} == {}
