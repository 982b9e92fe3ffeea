"""Export from the TUI: ctrl+e writes the Markdown file, and asks before overwriting."""

from __future__ import annotations

from pathlib import Path

from data.demo import load_demo
from screens.dialogs import ConfirmDialog
from screens.export_dialog import ExportDialog
from tests.conftest import settle


async def test_ctrl_e_writes_the_file_and_asks_before_overwriting(make_app, service, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    load_demo(service)
    app = make_app()
    async with app.run_test(size=(110, 34)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert isinstance(app.screen, ExportDialog)
        assert app.screen.query_one("#export-path").value == str(tmp_path / "DEMO-2024-001.md")
        await pilot.press("enter")
        await settle(pilot)
        written = (tmp_path / "DEMO-2024-001.md").read_text()
        assert written.startswith("# DEMO-2024-001: Database outage")
        (tmp_path / "DEMO-2024-001.md").write_text("keep")
        await pilot.press("ctrl+e")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(pilot)
        assert Path(tmp_path / "DEMO-2024-001.md").read_text() == "keep"
