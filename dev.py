#!/usr/bin/env python3
"""The project's two commands, needing nothing but Python 3.11+:

    python3 dev.py run    install into .venv (first time only) and open the app with the demo
    python3 dev.py test   install the test tools too and run the whole test suite
    python3 dev.py bench  install, then run the benchmark suite (figures to benchmarks/results.json)

Extra arguments go to the app (`run`) or to pytest (`test`). Set VENV to use
another virtual environment folder.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("VENV", ROOT / ".venv"))
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def _fingerprint(extra: str) -> str:
    digest = hashlib.sha256(extra.encode())
    for name in ("pyproject.toml", "constraints.txt"):
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def ensure_installed(extra: str = "") -> None:
    """Create the venv and install the project (editable), skipping work already done."""
    if sys.version_info < (3, 11):  # noqa: UP036 - this script may be run by an older Python
        sys.exit(f"postmortem needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    if not PYTHON.exists():
        print(f"Creating a virtual environment in {VENV} …", flush=True)
        venv.create(VENV, with_pip=True)
    stamp = VENV / f".installed{extra}"
    wanted = _fingerprint(extra)
    if stamp.exists() and stamp.read_text() == wanted:
        return
    target = f".[{extra}]" if extra else "."
    print(f"Installing postmortem{f' with {extra} tools' if extra else ''} …", flush=True)
    subprocess.run(
        [str(PYTHON), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "-c", str(ROOT / "constraints.txt"), "-e", target],
        check=True,
        cwd=ROOT,
    )
    stamp.write_text(wanted)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("run", "test", "bench"):
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    if command == "run":
        ensure_installed()
        return subprocess.call([str(BIN / "postmortem"), "--demo", *rest])
    if command == "bench":
        ensure_installed()
        return subprocess.call([str(PYTHON), "-m", "benchmarks", *rest], cwd=ROOT)
    ensure_installed("test")
    return subprocess.call([str(PYTHON), "-m", "pytest", *rest], cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
