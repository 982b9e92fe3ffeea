"""Editing keys take effect in the order they were typed.

Textual checks a focused widget's own key bindings only once the key has bubbled up to the app,
while a printable key is inserted as soon as the widget reads it. When several keys arrive at
once (a slow SSH link, a scripted terminal, a fast typist on a loaded machine), "ctrl+a ctrl+k
1014 enter" in a field holding 50,000 inserted 1014 first, then cleared the field and submitted
it empty: the old value was replaced by nothing. Here a widget's own bindings run the moment
their key is read, in line with the characters around them.
"""

from __future__ import annotations

from textual import events


class KeysInOrder:
    """Mixed in before the widget class (`class Field(KeysInOrder, Input)`)."""

    async def _on_key(self, event: events.Key) -> None:
        # As the app would run them (`App._check_bindings`): the first of the widget's non-priority bindings
        # for the key whose action runs (an action the widget declines, as a read-only text area does, runs
        # not, and the key goes on as before).
        for binding in self._bindings.key_to_bindings.get(event.key, ()):  # type: ignore[attr-defined]
            if not binding.priority and await self.app.run_action(binding.action, self):  # type: ignore[attr-defined]
                event.stop()
                event.prevent_default()
                return
        await super()._on_key(event)  # type: ignore[misc]
