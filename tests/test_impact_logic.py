"""Impact logic: number parsing, every formula with its working, missing inputs, severity."""

from __future__ import annotations

import pendulum
import pytest

from app.logic.impact import compute_impact
from app.logic.language import check_qualitative_impact
from app.logic.money import check_currency_code, format_money
from app.logic.numbers import (
    NumberError,
    format_number,
    parse_count,
    parse_days,
    parse_hours,
    parse_money,
    parse_percent,
    parse_score,
)
from data.records import Impact

START = pendulum.datetime(2024, 3, 1, 14, 5, tz="UTC")
END = pendulum.datetime(2024, 3, 1, 16, 5, tz="UTC")


# -- numbers -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("parse", "text", "expected"), [
    (parse_count, "50K", 50_000), (parse_count, "50k", 50_000), (parse_count, "1.2M", 1_200_000),
    (parse_count, "50,000", 50_000), (parse_count, " 410 ", 410), (parse_count, "1.1M", 1_100_000),
    (parse_money, "$20,000", 20_000), (parse_money, "20k", 20_000), (parse_money, "1.2M", 1_200_000),
    (parse_money, "€8,400.50", 8_400.5), (parse_money, "8400 EUR", 8_400), (parse_money, "2.5bn", 2.5e9),
    (parse_percent, "99.95%", 99.95), (parse_percent, "30", 30), (parse_percent, "100", 100),
    (parse_hours, "2h", 2), (parse_hours, "90m", 1.5), (parse_hours, "1h30m", 1.5), (parse_hours, "2.5", 2.5),
    (parse_hours, "1d", 24), (parse_days, "30", 30), (parse_days, "30d", 30), (parse_days, "4w", 28),
    (parse_score, "-20", -20), (parse_score, "50", 50),
])
def test_numbers_the_way_people_say_them(parse, text: str, expected: float) -> None:
    assert parse(text) == expected


@pytest.mark.parametrize(("parse", "text", "message"), [
    (parse_count, "lots", "is not a count"),
    (parse_count, "-5", "cannot be negative"),
    (parse_count, "1.5", "whole number"),
    (parse_money, "1,5", "use a dot for decimals"),
    (parse_money, "-$20", "cannot be negative"),
    (parse_money, "twenty", "is not an amount of money"),
    (parse_percent, "130%", "more than 100%"),
    (parse_percent, "-1", "cannot be negative"),
    (parse_hours, "soon", "is not a duration"),
    (parse_hours, "-2h", "cannot be negative"),
    (parse_score, "150", "from -100 to 100"),
])
def test_junk_negatives_and_impossible_values_are_refused(parse, text: str, message: str) -> None:
    with pytest.raises(NumberError, match=message):
        parse(text)


def test_an_slo_of_100_percent_or_more_is_refused() -> None:
    assert parse_percent("99.999", below_100=True) == 99.999
    for text in ("100", "100%", "101"):
        with pytest.raises(NumberError):
            parse_percent(text, below_100=True)


def test_money_follows_the_currency() -> None:
    assert [format_money(20_000, c) for c in ("USD", "EUR", "GBP", "JPY", "CHF")] == [
        "$20,000", "€20,000", "£20,000", "¥20,000", "20,000 CHF"]
    assert format_money(1234.5, "USD") == "$1,234.50"
    assert format_money(1234.4, "JPY") == "¥1,234"
    assert check_currency_code(" eur ") == "EUR"
    with pytest.raises(ValueError, match="three letters"):
        check_currency_code("euro")
    assert format_number(277.777, 1) == "277.8" and format_number(50_000) == "50,000"


# -- formulas --------------------------------------------------------------------------------------

def method_example(**changes) -> Impact:
    values = {"users_affected": 50_000, "user_base": 250_000, "degradation_percent": 100.0,
              "revenue_amount": 10_000.0, "slo_target_percent": 99.9, "slo_window_days": 30.0}
    values.update(changes)
    return Impact(1, **values)


def test_the_method_example_shows_its_working() -> None:
    report = compute_impact(method_example(), timeline_start=START, timeline_end=END)
    assert report.value("impact_minutes") == 120
    assert report.figure("users_affected_percent").working == "50,000 / 250,000 × 100 = 20.0%"
    assert report.value("revenue_loss") == 20_000
    assert report.figure("revenue_loss").working == "$10,000/h × 2.0 h × 100% = $20,000"
    assert report.value("error_budget_minutes") == pytest.approx(43.2)
    assert report.figure("error_budget_minutes").working == "(100 − 99.9) / 100 × 30 d × 1440 = 43.2 min"
    assert report.value("error_budget_consumed_percent") == pytest.approx(277.78, abs=0.01)
    assert report.figure("error_budget_consumed_percent").shown == "277.8%"
    assert report.figure("total_cost").working == (
        "$20,000 (revenue loss) = $20,000; not known: SLA credit, response cost, ARR lost")
    assert (report.suggested_severity, report.severity_rule) == (
        "critical", "critical: error budget consumed 277.8% ≥ 100%")


def test_degradation_scales_loss_and_budget() -> None:
    report = compute_impact(method_example(degradation_percent=30.0), timeline_start=START, timeline_end=END)
    assert report.value("revenue_loss") == pytest.approx(6_000)
    assert report.figure("revenue_loss").working == "$10,000/h × 2.0 h × 30% = $6,000"
    assert report.value("error_budget_consumed_percent") == pytest.approx(83.33, abs=0.01)


def test_revenue_per_month_and_year_is_converted() -> None:
    monthly = compute_impact(method_example(revenue_amount=7_300_000.0, revenue_period="month"),
                             timeline_start=START, timeline_end=END)
    assert monthly.value("revenue_loss") == pytest.approx(20_000)
    assert monthly.figure("revenue_loss").working.startswith("$7,300,000/month ÷ 730 h = $10,000/h; ")
    yearly = compute_impact(method_example(revenue_amount=87_600_000.0, revenue_period="year"),
                            timeline_start=START, timeline_end=END)
    assert yearly.value("revenue_loss") == pytest.approx(20_000)


def test_credit_response_cost_arr_and_total() -> None:
    impact = method_example(mrr=50_000.0, sla_credit_percent=10.0, responder_hours=12.0, hourly_cost=150.0,
                            churned_arr=50_000.0, currency="EUR")
    report = compute_impact(impact, timeline_start=START, timeline_end=END)
    assert report.figure("sla_credit").working == "€50,000 × 10% = €5,000"
    assert report.figure("response_cost").working == "12 person-h × €150/h = €1,800"
    assert report.value("total_cost") == 76_800
    assert report.cost_parts == ("revenue loss", "SLA credit", "response cost", "ARR lost")
    assert report.cost_unknown == ()


def test_an_entered_window_overrides_the_timeline() -> None:
    report = compute_impact(method_example(window_start=START, window_end=START.add(minutes=45)),
                            timeline_start=START, timeline_end=END, zone="America/New_York")
    assert report.value("impact_minutes") == 45
    assert report.window_from == ("entered", "entered")
    assert report.figure("impact_minutes").working == "2024-03-01 09:05 → 2024-03-01 09:50 = 45 min (0.8 h)"


@pytest.mark.parametrize(("impact", "key", "missing"), [
    (Impact(1), "impact_minutes", "needs the impact window"),
    (Impact(1, users_affected=10), "users_affected_percent", "needs a user base above 0"),
    (Impact(1, user_base=10), "users_affected_percent", "needs users affected"),
    (Impact(1, revenue_amount=10.0), "revenue_loss", "needs the impact window and degradation percent"),
    (Impact(1, slo_target_percent=99.9), "error_budget_minutes", "needs an SLO window in days"),
    (Impact(1, mrr=5.0), "sla_credit", "needs an SLA credit percent"),
    (Impact(1, hourly_cost=5.0), "response_cost", "needs responder person-hours"),
    (Impact(1), "total_cost", "needs at least one of revenue loss"),
    (Impact(1, nps_before=40.0), "nps_change", "needs NPS before and after"),
])
def test_a_figure_that_cannot_be_computed_names_what_is_missing(impact, key: str, missing: str) -> None:
    figure = compute_impact(impact).figure(key)
    assert figure.value is None and missing in figure.missing


def test_window_ending_before_it_starts_is_not_a_negative_duration() -> None:
    report = compute_impact(Impact(1, window_start=END, window_end=START))
    assert report.value("impact_minutes") is None
    assert "ends before it starts" in report.figure("impact_minutes").missing


def test_more_users_affected_than_the_base_is_a_warning_not_an_error() -> None:
    report = compute_impact(Impact(1, users_affected=300, user_base=200))
    assert report.value("users_affected_percent") == 150
    assert report.warnings and "more than the user base" in report.warnings[0]


@pytest.mark.parametrize(("impact", "severity", "rule"), [
    (Impact(1, users_affected=60, user_base=100), "critical", "critical: users affected 60.0% ≥ 50%"),
    (Impact(1, users_affected=15, user_base=100), "high", "high: users affected 15.0% ≥ 10%"),
    (Impact(1, churned_customers=2), "high", "high: churned customers 2 ≥ 1"),
    (Impact(1, support_tickets=12), "medium", "medium: support tickets 12 ≥ 10"),
    (Impact(1, support_tickets=3), "low", "low: no rule for medium or above matched the known figures"),
    (Impact(1), None, "no figures known yet"),
])
def test_suggested_severity_names_its_rule(impact, severity, rule) -> None:
    report = compute_impact(impact)
    assert (report.suggested_severity, report.severity_rule) == (severity, rule)


def test_long_deep_outage_is_critical() -> None:
    report = compute_impact(Impact(1, degradation_percent=60.0), timeline_start=START, timeline_end=START.add(hours=5))
    assert report.severity_rule == "critical: hours of impact at ≥ 50% degradation 5 ≥ 4"


# -- vague quantities in the narrative -------------------------------------------------------------

def test_vague_quantities_are_found_with_their_span_only_where_no_number_is_given() -> None:
    text = "Many users saw errors for a while. 3,400 orders failed."
    findings = check_qualitative_impact(text, "impact.narrative")
    assert [(f.text, f.span) for f in findings] == [("Many", (0, 4)), ("for a while", (22, 33))]
    assert all(f.rule == "QUALITATIVE_IMPACT" and f.path == "impact.narrative" for f in findings)
    assert "How many" in findings[0].suggestion and "how long" in findings[1].suggestion
    assert check_qualitative_impact("50K users (20% of the base) for 2 hours; significant revenue loss $20K.",
                                    "impact.narrative") == []
    assert check_qualitative_impact("No customer-facing impact.", "summary") == []
