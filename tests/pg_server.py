"""A throwaway PostgreSQL server on a loopback port, for the tests that need a real one.

    python3 tests/pg_server.py start FOLDER [PORT]   create a cluster in FOLDER, start it, print its URL
    python3 tests/pg_server.py stop FOLDER           stop it (the folder can then be removed)

It uses the distribution's server programs (Debian keeps them in /usr/lib/postgresql/N/bin).
The server refuses to run as root, so as root it runs as the `postgres` account. It listens on
127.0.0.1 only, with password authentication, and its socket lives in FOLDER.
"""

from __future__ import annotations

import glob
import os
import secrets
import shutil
import socket
import subprocess
import sys
from pathlib import Path

USER = "postmortem"
DATABASE = "postmortem_test"


def server_bin(name: str) -> str | None:
    """The path of a server program, newest installed version first."""
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version, reverse=True):
        candidate = Path(folder) / name
        if candidate.exists():
            return str(candidate)
    return shutil.which(name)


def _version(folder: str) -> float:
    try:
        return float(Path(folder).parent.name)
    except ValueError:
        return 0.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


def start(folder: Path, port: int | None = None) -> str:
    """Create and start a cluster; return a SQLAlchemy URL for it (with its password)."""
    initdb, pg_ctl = server_bin("initdb"), server_bin("pg_ctl")
    if not initdb or not pg_ctl:
        raise RuntimeError("PostgreSQL's server programs (initdb, pg_ctl) are not installed")
    port = port or _free_port()
    password = secrets.token_hex(12)
    folder.mkdir(parents=True, exist_ok=True)
    data = folder / "data"
    password_file = folder / "password"
    password_file.write_text(password + "\n")
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
        shutil.chown(password_file, "postgres", "postgres")
    subprocess.run(
        _as_server_user([initdb, "-D", str(data), "-U", USER, "--auth=scram-sha-256",
                         f"--pwfile={password_file}", "-E", "UTF8", "--locale=C.UTF-8"]),
        check=True, stdout=subprocess.DEVNULL,
    )
    password_file.unlink()
    options = f"-p {port} -c listen_addresses=127.0.0.1 -k {folder} -c fsync=off"
    subprocess.run(
        _as_server_user([pg_ctl, "-D", str(data), "-o", options, "-l", str(folder / "server.log"),
                         "-w", "start"]),
        check=True, stdout=subprocess.DEVNULL,
    )
    url = f"postgresql+psycopg://{USER}:{password}@127.0.0.1:{port}/{DATABASE}"
    createdb = server_bin("createdb") or "createdb"
    subprocess.run([createdb, "-h", "127.0.0.1", "-p", str(port), "-U", USER, DATABASE],
                   check=True, env={**os.environ, "PGPASSWORD": password})
    (folder / "url").write_text(url + "\n")
    return url


def stop(folder: Path) -> None:
    pg_ctl = server_bin("pg_ctl")
    if pg_ctl and (folder / "data" / "postmaster.pid").exists():
        subprocess.run(_as_server_user([pg_ctl, "-D", str(folder / "data"), "-m", "fast", "-w", "stop"]),
                       check=False, stdout=subprocess.DEVNULL)


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] not in ("start", "stop"):
        print(__doc__, file=sys.stderr)
        return 2
    folder = Path(argv[1]).resolve()
    if argv[0] == "start":
        print(start(folder, int(argv[2]) if len(argv) > 2 else None))
    else:
        stop(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
