"""postmortem: run blameless postmortems from the terminal.

This package holds the command line, the Textual app and its settings, and
`app.logic`, the pure functions both of them use. Importing it is cheap: the
TUI and the database layers are loaded only by the commands that need them.
"""

__version__ = "0.1.0"
