"""Reusable widgets. Each one's styles live in a `.tcss` file beside it."""

from pathlib import Path

#: Style sheets of the reusable widgets, loaded once by the app.
WIDGET_CSS_PATHS = sorted(str(path) for path in Path(__file__).parent.glob("*.tcss"))
