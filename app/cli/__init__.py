"""The `postmortem` command line.

`postmortem` alone opens the TUI; subcommands (`postmortem list`, and later
`export`, `actions`, `lint`, `import` …) sit beside it and share the global
options. Each subcommand lives in its own module with `configure(parser)` and
`run(args, context) -> int`, and imports only what it needs, so a script
never pays for loading the TUI.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from datetime import date

from app import __version__
from app.cli.context import CliContext, fail

#: subcommand name -> (module, one-line help). Modules are imported when the parser is built.
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "list": ("app.cli.listing", "list the postmortems in the database"),
}

EXIT_OK, EXIT_FINDINGS, EXIT_UNUSABLE = 0, 1, 2


def _as_of(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (use YYYY-MM-DD)") from None


def _global_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    """Options every command accepts, before or after the subcommand name."""
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument(
        "--db", metavar="PATH", default=default,
        help="database file (default: $POSTMORTEM_DB, else postmortem.db in your data folder)",
    )
    parser.add_argument(
        "--user", metavar="NAME", default=default,
        help="your name in action histories (default: $POSTMORTEM_USER, else your login name)",
    )
    parser.add_argument(
        "--as-of", metavar="YYYY-MM-DD", type=_as_of, default=default,
        help="treat this date as today (for overdue figures and reproducible output)",
    )
    parser.add_argument(
        "--read-only", action="store_true", default=argparse.SUPPRESS if suppress else False,
        help="open the database for browsing only; nothing is written",
    )


def build_parser() -> argparse.ArgumentParser:
    from app.settings import default_database_path

    parser = argparse.ArgumentParser(
        prog="postmortem",
        description=(
            "Run blameless postmortems from the terminal: timeline, impact, root causes, "
            "corrective actions. With no command, opens the app."
        ),
        epilog=f"Default database: {default_database_path()}",
    )
    parser.add_argument("--version", action="version", version=f"postmortem {__version__}")
    parser.add_argument(
        "--demo", action="store_true",
        help="add the demo postmortem (the method's example outage) if it is not there yet",
    )
    _global_options(parser, suppress=False)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    for name, (module_name, help_text) in SUBCOMMANDS.items():
        module = importlib.import_module(module_name)
        sub = commands.add_parser(name, help=help_text, description=help_text.capitalize() + ".")
        _global_options(sub, suppress=True)
        module.configure(sub)
        sub.set_defaults(run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    context = CliContext.from_args(args)
    try:
        if args.command is None:
            return _run_tui(context, demo=args.demo)
        return args.run(args, context)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as error:  # noqa: BLE001 - the last line of defence: never a traceback
        return fail(context.unexpected(error))


def _run_tui(context: CliContext, *, demo: bool) -> int:
    database = context.open_database()
    if database is None:
        return EXIT_UNUSABLE
    from app.tui import PostmortemApp

    app = PostmortemApp(
        database, clock=context.clock, user=context.user, load_demo=demo
    )
    try:
        app.run()
    finally:
        app.store.close()
        database.dispose()
    if app.fatal_message:
        return fail(app.fatal_message)
    return app.return_code or EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
