"""The Impact screen, driven with real key presses."""

from __future__ import annotations

from data.demo import load_demo
from screens.impact import ImpactScreen
from screens.metric_dialog import MetricDialog
from tests.conftest import settle
from widgets.form import FieldRow


async def open_impact(app, pilot) -> ImpactScreen:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    app.set_focus(None)
    await pilot.press("3")
    await settle(pilot)
    assert isinstance(app.screen, ImpactScreen)
    return app.screen


def outputs(screen) -> str:
    group = screen.query_one("#outputs").render_report(*_report(screen))
    return "\n".join(part.plain for part in group.renderables)


def _report(screen):
    from app.logic.impact import compute_impact

    start, end = screen.window
    return compute_impact(screen.impact, timeline_start=start, timeline_end=end, zone=screen.zone), \
        screen.postmortem.severity


async def type_value(pilot, screen, name: str, text: str) -> None:
    field = screen.query_one(f"#{name}")
    field.focus()
    field.value = ""
    await pilot.press(*text, "enter")
    await settle(pilot)


def message(screen, name: str) -> str:
    return str(screen.query_one(f"#row-{name}", FieldRow).message.render())


async def test_typed_values_update_the_figures(make_app, service) -> None:
    pm = service.create(title="Checkout errors")
    service.events.add(pm.id, at=__import__("pendulum").datetime(2024, 3, 1, 14, 5, tz="UTC"), kind="trigger",
                       description="deploy")
    service.events.add(pm.id, at=__import__("pendulum").datetime(2024, 3, 1, 16, 5, tz="UTC"), kind="resolved",
                       description="restored")
    app = make_app()
    async with app.run_test(size=(130, 44)) as pilot:
        screen = await open_impact(app, pilot)
        assert "needs revenue and degradation percent" in outputs(screen)
        await type_value(pilot, screen, "revenue_amount", "$10,000")
        await type_value(pilot, screen, "degradation_percent", "100%")
        assert "$10,000/h × 2.0 h × 100% = $20,000" in outputs(screen)
        await type_value(pilot, screen, "slo_target_percent", "99.9%")
        await type_value(pilot, screen, "slo_window_days", "30d")
        assert "120 min × 100% ÷ 43.2 min × 100 = 277.8%" in outputs(screen)
        await type_value(pilot, screen, "users_affected", "50K")
        await type_value(pilot, screen, "user_base", "250k")
        assert screen.query_one("#users_affected").value == "50,000"  # shown back in full
        assert "Suggested severity: critical" in outputs(screen)
        assert "The Summary says medium" in outputs(screen)
    impact = service.get_impact(pm.id)
    assert (impact.revenue_amount, impact.degradation_percent, impact.users_affected, impact.slo_window_days) == (
        10_000, 100, 50_000, 30)


async def test_bad_values_are_explained_and_not_saved(make_app, service) -> None:
    pm = service.create(title="Checkout errors")
    app = make_app()
    async with app.run_test(size=(130, 44)) as pilot:
        screen = await open_impact(app, pilot)
        for name, text, expected in (
            ("degradation_percent", "130%", "more than 100%"),
            ("slo_target_percent", "100", "leaves no error budget"),
            ("users_affected", "-5", "cannot be negative"),
            ("revenue_amount", "lots", "is not an amount of money"),
            ("window_start", "yesterday-ish", "not a date and time"),
        ):
            await type_value(pilot, screen, name, text)
            assert expected in message(screen, name), name
            assert screen.query_one(f"#row-{name}", FieldRow).has_error
    assert service.get_impact(pm.id) == service.get_impact(pm.id).__class__(pm.id)


async def test_more_users_than_the_base_is_saved_with_a_warning(make_app, service) -> None:
    pm = service.create(title="Checkout errors")
    app = make_app()
    async with app.run_test(size=(130, 44)) as pilot:
        screen = await open_impact(app, pilot)
        await type_value(pilot, screen, "user_base", "100")
        await type_value(pilot, screen, "users_affected", "150")
        assert "more than the user base" in message(screen, "users_affected")
        assert not screen.query_one("#row-users_affected", FieldRow).has_error
    assert service.get_impact(pm.id).users_affected == 150


async def test_narrative_underlines_vague_quantities(make_app, service) -> None:
    pm = service.create(title="Checkout errors")
    app = make_app()
    async with app.run_test(size=(130, 44)) as pilot:
        screen = await open_impact(app, pilot)
        screen.query_one("#narrative").focus()
        await pilot.press(*"Many users saw errors")
        await settle(pilot)
        narrative = screen.query_one("#narrative")
        assert [(f.text, f.span) for f in narrative._findings] == [("Many", (0, 4))]
        assert "How many exactly" in str(screen.query_one("#narrative-findings").render())
        await pilot.press(*" (3,400 orders)")
        await settle(pilot)
        assert narrative._findings == []
    assert service.get_impact(pm.id).narrative == "Many users saw errors (3,400 orders)"


async def test_custom_metrics_add_edit_delete(make_app, service) -> None:
    pm = service.create(title="Checkout errors")
    app = make_app()
    async with app.run_test(size=(130, 44)) as pilot:
        screen = await open_impact(app, pilot)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, MetricDialog)
        await pilot.press(*"Error rate", "tab", *"<0.1%", "tab", *"38%", "tab", *"0.1%", "enter")
        await settle(pilot)
        (metric,) = service.metrics.list(pm.id)
        assert (metric.name, metric.baseline, metric.during, metric.after) == ("Error rate", "<0.1%", "38%", "0.1%")
        screen.query_one("#metrics").focus()
        await pilot.press("enter")
        await settle(pilot)
        app.screen.query_one("#metric-after").value = "<0.1%"
        await pilot.press("enter")
        await settle(pilot)
        assert service.metrics.list(pm.id)[0].after == "<0.1%"
        screen.query_one("#metrics").focus()
        await pilot.press("x")
        await settle(pilot)
    assert service.metrics.list(pm.id) == []


def test_impact_snapshot(snap_compare, make_app, service) -> None:
    load_demo(service)

    async def run_before(pilot) -> None:
        await open_impact(pilot.app, pilot)

    assert snap_compare(make_app(database_label="demo.db"), terminal_size=(130, 40), run_before=run_before)
