"""The `postmortem` command line.

`postmortem` alone opens the TUI; subcommands (`postmortem list`, and later
`export`, `actions`, `lint`, `import` …) sit beside it and share the global
options. Each subcommand lives in its own module with `configure(parser)` and
`run(args, context) -> int`, and imports only what it needs, so a script
never pays for loading the TUI.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
from collections.abc import Sequence

from app import __version__
from app.cli.context import CliContext, add_global_options, fail

#: subcommand name -> (module, one-line help). Modules are imported when the parser is built.
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "list": ("app.cli.listing", "list the postmortems in the database"),
    "timeline": ("app.cli.timeline", "work on a postmortem's timeline (import a chat log)"),
    "actions": ("app.cli.actions", "list corrective actions across postmortems (the weekly check-in)"),
    "export": ("app.cli.export", "write a postmortem as Markdown, postmortem/v1 JSON or a CSV of its actions"),
    "import": ("app.cli.importing", "create postmortems from postmortem/v1 JSON files"),
    "lint": ("app.cli.lint", "check postmortems for blame, vague actions and gaps, and score them"),
    "report": ("app.cli.report", "the quarterly review of all incidents in a period, as Markdown or JSON"),
    "backup": ("app.cli.backup", "write a consistent copy of the database, even while the app has it open"),
    "restore": ("app.cli.restore", "replace the database with a backup, after checking it and keeping a copy"),
    "migrate": ("app.cli.migrate_db", "copy every postmortem from a SQLite file into another database, "
                                      "such as PostgreSQL, and verify the counts"),
}

EXIT_OK, EXIT_FINDINGS, EXIT_UNUSABLE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """Names the default database only when help is asked for (finding it costs an import)."""

    def format_help(self) -> str:
        from app.settings import default_database_path

        self.epilog = f"Default database: {default_database_path()}"
        return super().format_help()


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The whole command line. Only the subcommands named in `argv` (all when it is None) load their
    module and options: a script running one command pays for that one."""
    wanted = SUBCOMMANDS.keys() if argv is None else set(argv)
    parser = _Parser(
        prog="postmortem",
        description=(
            "Run blameless postmortems from the terminal: timeline, impact, root causes, "
            "corrective actions. With no command, opens the app."
        ),
    )
    parser.add_argument("--version", action="version", version=f"postmortem {__version__}")
    parser.add_argument(
        "--demo", action="store_true",
        help="add the demo postmortem (the method's example outage) if it is not there yet",
    )
    add_global_options(parser, suppress=False)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    for name, (module_name, help_text) in SUBCOMMANDS.items():
        sub = commands.add_parser(name, help=help_text, description=help_text[:1].upper() + help_text[1:] + ".")
        if name not in wanted:
            continue
        module = importlib.import_module(module_name)
        add_global_options(sub, suppress=True)
        module.configure(sub)
        sub.set_defaults(run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    if argv is None:
        argv = sys.argv[1:]
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    context = CliContext.from_args(args)
    try:
        if args.command is None:
            return _run_tui(context, demo=args.demo)
        if args.demo and not _load_demo(context):
            return EXIT_UNUSABLE
        # What is loaded now lives until the command ends: spare the collector from scanning it again and
        # again while the command builds thousands of records.
        gc.freeze()
        return args.run(args, context)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as error:  # noqa: BLE001 - the last line of defence: never a traceback
        return fail(context.unexpected(error))


def _load_demo(context: CliContext) -> bool:
    service = context.service()
    if service is None:
        return False
    from data.demo import load_demo

    load_demo(service)
    service.database.dispose()
    return True


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
