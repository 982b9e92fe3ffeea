"""The benchmark suite: builds the large database, measures each figure several times and
prints the median and spread, each against its baseline measured in the same run.

    python3 dev.py bench [--runs 5] [--json benchmarks/results.json]

Targets: start-up and opening the 5,000-event timeline within 1.5× a plain Textual
DataTable of the same rows; under 5 ms of app CPU per key press; `export` and `actions`
whole processes within 1.5× `python -c "import textual"`; under 200 MB resident memory.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks import large
from benchmarks.common import Measured


@dataclass
class Figure(Measured):
    """A measured figure (median and spread of its runs) with its baseline and target."""

    unit: str = "s"
    baseline: list[float] | None = None
    target: float | None = None
    #: "ratio": median / baseline median must stay at or under target; "max": median under target.
    kind: str = "ratio"

    @property
    def ratio(self) -> float | None:
        return self.median / statistics.median(self.baseline) if self.baseline else None

    @property
    def passed(self) -> bool | None:
        if self.target is None:
            return None
        value = self.ratio if self.kind == "ratio" else self.median
        return value is not None and value <= self.target

    def as_json(self) -> dict:
        return {"unit": self.unit, "median": self.median, "spread": self.spread, "runs": self.runs,
                "baseline_median": statistics.median(self.baseline) if self.baseline else None,
                "ratio": self.ratio, "target": self.target, "kind": self.kind, "passed": self.passed}


def _process(*arguments: str) -> tuple[float, int]:
    """Wall seconds of a whole process (Python, or a command given by path), and its peak memory
    in KB when it reports one."""
    command = list(arguments) if arguments[0].startswith("/") else [sys.executable, *arguments]
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(arguments)} failed:\n{result.stderr}")
    match = re.search(r"rss_kb=(\d+)", result.stderr)
    return elapsed, int(match[1]) if match else 0


def figure(name: str, unit: str, runs: list[float], baseline: list[float] | None = None,
           target: float | None = None, kind: str = "ratio") -> Figure:
    return Figure(name, runs, unit=unit, baseline=baseline, target=target, kind=kind)


def typing_cpu(path: Path, keys: int = 40) -> float:
    """Median app CPU seconds per key press in the 5,000-event timeline's quick-entry line."""
    from app.tui import PostmortemApp
    from data.database import open_database

    async def run() -> float:
        app = PostmortemApp(open_database(path), cursor_blink=False)
        async with app.run_test(size=(160, 50)) as pilot:
            for _ in range(3):
                await pilot.pause()
                await app.store.settle()
            app.open_section(1, "timeline")
            for _ in range(5):
                await pilot.pause(0.1)
                await app.store.settle()
            entry = app.screen.query_one("#quick-entry")
            entry.focus()
            await pilot.pause()
            text = ("14:07 det Error rate 0 to 500 per minute #Monitoring " * 3)[:keys]
            spent = []
            for key in text:
                cpu = time.process_time()
                await pilot.press("space" if key == " " else "number_sign" if key == "#" else key)
                spent.append(time.process_time() - cpu)
        app.store.close()
        return statistics.median(spent)

    return asyncio.run(run())


def compile_bytecode() -> None:
    """Compile the project's modules first, as an installation does (pip writes bytecode for Textual's).
    Where PYTHONDONTWRITEBYTECODE is set, every measured process would otherwise compile our source
    anew while Textual's comes compiled: a cost no installed copy pays."""
    import compileall

    root = Path(__file__).resolve().parent.parent
    for package in ("app", "data", "screens", "widgets", "benchmarks"):
        compileall.compile_dir(root / package, quiet=1)


def run_suite(runs: int) -> list[Figure]:
    from benchmarks.timeline import add_ours, add_plain, open_ours

    compile_bytecode()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "large.db"
        started = time.perf_counter()
        large.build(path)
        print(f"built the large database in {time.perf_counter() - started:.1f} s: {large.counts(path)}",
              file=sys.stderr)
        module = ("-m", "benchmarks.processes")
        cli = (str(Path(sys.executable).parent / "postmortem"), "--db", str(path), "--as-of", "2025-01-15")
        import_textual = [_process("-c", "import textual")[0] for _ in range(runs)]
        start_ours, start_plain = _paired(lambda: _process(*module, "app", str(path))[0],
                                          lambda: _process(*module, "plain", str(path))[0], runs)
        open_timeline, open_table = _paired(lambda: open_ours(path, 1, large.BIG_EVENTS),
                                            lambda: open_plain_rows(path), runs)
        figures = [
            figure("start-up to the home screen", "s", start_ours, start_plain, 1.5),
            figure("open the 5,000-event timeline", "s", open_timeline, open_table, 1.5),
            figure("app CPU per key press (quick entry)", "ms", [typing_cpu(path) * 1000 for _ in range(runs)],
                   target=5, kind="max"),
            figure("app CPU per added event", "ms", [add_ours(_copy(path, folder), 1, 10) * 1000 for _ in range(runs)],
                   [add_plain(path, 10, postmortem_id=1) * 1000 for _ in range(runs)]),
            figure("export the 5,000-event postmortem as md", "s",
                   [_process(*cli, "export", large.BIG_INCIDENT, "--format", "md")[0] for _ in range(runs)],
                   import_textual, 1.5),
            figure("actions --format json over 10,000 actions", "s",
                   [_process(*cli, "actions", "--format", "json", "--status", "open", "in_progress", "blocked",
                             "done", "wont_do")[0] for _ in range(runs)],
                   import_textual, 1.5),
            figure("peak memory with the large database open", "MB",
                   [_process(*module, "app", str(path), "--timeline")[1] / 1024 for _ in range(runs)],
                   target=200, kind="max"),
        ]
    return figures


def _paired(ours, baseline, runs: int) -> tuple[list[float], list[float]]:
    """Ours and its baseline measured turn about, so a slow spell of the machine weighs on both alike."""
    pairs = [(ours(), baseline()) for _ in range(runs)]
    return [a for a, _ in pairs], [b for _, b in pairs]


def open_plain_rows(path: Path) -> float:
    from benchmarks.timeline import open_plain

    return open_plain(path, large.BIG_EVENTS, postmortem_id=1)


def _copy(path: Path, folder: str) -> Path:
    copy = Path(folder) / f"copy-{time.monotonic_ns()}.db"
    copy.write_bytes(path.read_bytes())
    return copy


def print_table(figures: list[Figure]) -> None:
    print(f"{'figure':45} {'median':>9} {'spread':>8} {'baseline':>9} {'ratio':>6} {'target':>8}  result")
    for f in figures:
        base = f"{statistics.median(f.baseline):9.3f}" if f.baseline else f"{'':9}"
        ratio = f"{f.ratio:6.2f}" if f.ratio is not None else f"{'':6}"
        target = "" if f.target is None else (f"≤{f.target:g}×" if f.kind == "ratio" else f"<{f.target:g} {f.unit}")
        verdict = {True: "ok", False: "MISSED", None: ""}[f.passed]
        label = f"{f.name} ({f.unit})"
        print(f"{label:45} {f.median:9.3f} {f.spread:8.3f} {base} {ratio} {target:>8}  {verdict}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path, default=Path("benchmarks/results.json"),
                        help="where to write the figures (default: benchmarks/results.json)")
    args = parser.parse_args()
    figures = run_suite(args.runs)
    print_table(figures)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"runs": args.runs, "python": sys.version.split()[0],
                                     "figures": {f.name: f.as_json() for f in figures}}, indent=2) + "\n")
    print(f"wrote {args.json}", file=sys.stderr)
    return 0 if all(f.passed is not False for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
