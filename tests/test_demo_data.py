"""The demo database (``manage.py loaddemo``) holds the seed reports' figures exactly.

Every figure is read back through the models and the rules that derive values from
them (scorecards.rules, finance.rules, investments.rules) and formatted with
common.numbers, so a test fails when either the demo data or a rule drifts from the
seeds (000 = årsrapport 2019, 001 = delårsrapport T1 2019, 002 = delårsrapport T1
2021 of Division Länsteknik).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from assignments.models import Assignment, AssignmentStatus
from common.numbers import format_amount, format_number, format_percent, percent_change
from finance.models import CostKind, FinanceFigure, FollowUpTable
from finance.rules import deviation, net_cost_change
from investments.models import InvestmentCategory, InvestmentFrame, InvestmentOutcome
from investments.rules import Figures, Row, roll_up
from reports.models import NarrativeSection, SectionKind
from scorecards import rules
from scorecards.models import (
    Action,
    Attainment,
    Direction,
    Forecast,
    Frequency,
    Measure,
    MeasureOutcome,
    Period,
    PerspectiveAssessment,
    Unit,
    UnitMembership,
    UnitPeriod,
)
from staff.models import StaffMonth

SEEDS = Path(settings.BASE_DIR).parent / "shared" / "seeds"
FIXTURES = Path(settings.BASE_DIR) / "fixtures"
DEMO_APPS = (
    "auth",
    "scorecards",
    "staff",
    "finance",
    "investments",
    "assignments",
    "internal_control",
    "goals",
    "reports",
    "annual_cycle",
    "allocation",
)


# The demo users' passwords are hashed when the module loads the demo and checked in
# the tests, so both must use the same (fast) hasher whatever tests/conftest.py sets.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module", autouse=True)
def demo_data(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """Load the demo once for the module, inside a transaction rolled back at the end.

    Each test then runs in its own savepoint (pytest-django's ``db``), so tests that
    write (e.g. running loaddemo again) do not leak into each other or other modules.
    """
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHERS),
        transaction.atomic(),
    ):
        call_command("loaddemo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _same_hashers_as_the_load(settings: Any) -> None:
    settings.PASSWORD_HASHERS = FAST_HASHERS


pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------------------- helpers


def sv(text: str) -> str:
    """An expected string written readably: spaces become NBSP, "-" the minus sign."""
    return text.replace(" ", "\u00a0").replace("-", "\u2212")


def mnkr(value: Decimal | None) -> str:
    return format_amount(value, scale="mnkr", signed=True)


def _period(key: str) -> Period:
    return Period.objects.get(key=key, year__organisation__slug="region-norrbotten")


def _figures(period_key: str, unit: str = "lansteknik") -> list[FinanceFigure]:
    return list(
        FinanceFigure.objects.filter(unit__slug=unit, period=_period(period_key)).select_related(
            "category"
        )
    )


def _sum(
    figures: Iterable[FinanceFigure],
    field: str,
    *,
    kinds: Iterable[str] | None = None,
    slugs: Iterable[str] | None = None,
) -> Decimal:
    """Σ of one amount over the figures, optionally only some kinds or categories."""
    kinds, slugs = set(kinds or ()), set(slugs or ())
    return sum(
        (
            getattr(f, field)
            for f in figures
            if (not kinds or f.category.kind in kinds) and (not slugs or f.category.slug in slugs)
        ),
        Decimal(0),
    )


def _deviation(period_key: str, **only: Iterable[str]) -> Decimal | None:
    figures = _figures(period_key)
    return deviation(_sum(figures, "outcome", **only), _sum(figures, "period_budget", **only))


COSTS = (CostKind.STAFF, CostKind.OTHER, CostKind.DEPRECIATION)


def _measure(key: str, year: int, unit: str = "lansteknik") -> Measure:
    return Measure.objects.get(goal__unit__slug=unit, goal__perspective__year__year=year, key=key)


def _outcome(key: str, period_key: str, unit: str = "lansteknik") -> MeasureOutcome | None:
    period = _period(period_key)
    return MeasureOutcome.objects.filter(
        measure__goal__unit__slug=unit,
        measure__goal__perspective__year=period.year,
        measure__key=key,
        period=period,
    ).first()


def _light(key: str, period_key: str, unit: str = "lansteknik") -> str:
    period = _period(period_key)
    return rules.attainment(_measure(key, period.year.year, unit), _outcome(key, period_key, unit))


def _staff(year: int, month: int, unit: str = "lansteknik") -> StaffMonth:
    return StaffMonth.objects.get(unit__slug=unit, year=year, month=month)


def _investment_table(period_key: str, unit: str = "lansteknik") -> dict[str, Row]:
    """The investment table of a unit and period, built by investments.rules.roll_up."""
    period = _period(period_key)
    categories = list(InvestmentCategory.objects.filter(year=period.year).order_by("order"))
    frames = {
        f.category_id: f.amount
        for f in InvestmentFrame.objects.filter(unit__slug=unit, category__year=period.year)
    }
    outcomes = {
        o.category_id: o for o in InvestmentOutcome.objects.filter(unit__slug=unit, period=period)
    }
    figures = {}
    for category in categories:
        outcome = outcomes.get(category.pk)
        figures[category.pk] = Figures(
            frame=frames.get(category.pk),
            earlier=outcome.outcome_earlier_decisions if outcome else None,
            current=outcome.outcome_current_decisions if outcome else None,
            forecast=outcome.forecast if outcome else None,
        )
    rows = roll_up([(c.pk, c.parent_id, c.name) for c in categories], figures, total_label="Totalt")
    return {row.name: row for row in rows}


def _cells(row: Row) -> tuple[str, ...]:
    """ram | utfall beslut före | utfall beslut inför/under | utfall totalt | prognos."""
    f = row.figures
    return tuple(
        format_amount(v, scale="mnkr", with_unit=False)
        for v in (f.frame, f.earlier, f.current, f.total, f.forecast)
    )


# ------------------------------------------------------------------ finance: T1 2019


@pytest.mark.parametrize(
    ("kind", "current", "previous", "change", "percent"),
    [
        (CostKind.STAFF, "-32 533 999", "-32 465 224", "-68 775", "0,21 %"),
        (CostKind.OTHER, "-32 120 055", "-26 125 442", "-5 994 613", "22,95 %"),
        (CostKind.DEPRECIATION, "-6 077 282", "-5 306 925", "-770 357", "14,52 %"),
    ],
)
def test_net_cost_t1_2019_per_cost_kind_matches_seed_001(
    kind: str, current: str, previous: str, change: str, percent: str
) -> None:
    figures = _figures("2019-T1")
    row = net_cost_change(
        _sum(figures, "outcome", kinds=[kind]), _sum(figures, "outcome_previous_year", kinds=[kind])
    )
    assert format_number(row.current) == sv(current)
    assert format_number(row.previous) == sv(previous)
    assert format_number(row.change) == sv(change)
    assert format_percent(row.percent) == sv(percent)


@pytest.mark.parametrize(
    ("slug", "expected"),
    [
        ("personalkostnader", "+5,0 mnkr"),
        ("avskrivningar", "-0,9 mnkr"),
        ("pc-utrullning", "+2,4 mnkr"),
        ("mt-reservdelar", "-3,4 mnkr"),
        ("intakter", "-1,3 mnkr"),
    ],
)
def test_t1_2019_deviation_per_category(slug: str, expected: str) -> None:
    assert mnkr(_deviation("2019-T1", slugs=[slug])) == sv(expected)


def test_t1_2019_other_costs_deviate_two_mnkr_as_a_whole() -> None:
    assert mnkr(_deviation("2019-T1", kinds=[CostKind.OTHER])) == sv("-2,0 mnkr")


def test_t1_2019_category_net_cost_development_matches_the_texts() -> None:
    figures = {f.category.slug: f for f in _figures("2019-T1")}
    pc = net_cost_change(
        _sum(figures.values(), "outcome", slugs=["pc-utrullning"]),
        _sum(figures.values(), "outcome_previous_year", slugs=["pc-utrullning"]),
    )
    assert mnkr(pc.change) == sv("-0,7 mnkr")  # "hög (0,7 mnkr)", no computers a year earlier
    mt = figures["mt-reservdelar"]
    assert format_percent(percent_change(mt.outcome, mt.outcome_previous_year), decimals=0) == sv(
        "90 %"
    )
    other = figures["ovriga-kostnader"]
    assert format_percent(
        percent_change(other.outcome, other.outcome_previous_year), decimals=1
    ) == sv("3,5 %")


def test_t1_2019_result_is_minus_1_4_against_budget_minus_2_2() -> None:
    figures = _figures("2019-T1")
    outcome, budget = _sum(figures, "outcome"), _sum(figures, "period_budget")
    assert mnkr(outcome) == sv("-1,4 mnkr")
    assert mnkr(budget) == sv("-2,2 mnkr")
    assert mnkr(deviation(outcome, budget)) == sv("+0,8 mnkr")
    assert outcome == Decimal("-1400000") and budget == Decimal("-2200000")


def test_t1_2019_annual_forecast_is_plus_2_mnkr_from_its_components() -> None:
    figures = _figures("2019-T1")
    assert mnkr(deviation(_sum(figures, "annual_forecast"), _sum(figures, "annual_budget"))) == sv(
        "+2,0 mnkr"
    )
    components = {
        slug: mnkr(
            deviation(
                _sum(figures, "annual_forecast", slugs=[slug]),
                _sum(figures, "annual_budget", slugs=[slug]),
            )
        )
        for slug in ("personalkostnader", "intakter", "avskrivningar")
    }
    assert components == {
        "personalkostnader": "+6,0\u00a0mnkr",
        "intakter": sv("-1,0 mnkr"),
        "avskrivningar": sv("-3,0 mnkr"),
    }


# ------------------------------------------------------------------- finance: 2019


@pytest.mark.parametrize(
    ("only", "expected"),
    [
        ({}, "-4,8 mnkr"),
        ({"slugs": ["personalkostnader"]}, "+13,0 mnkr"),
        ({"slugs": ["avskrivningar"]}, "-3,0 mnkr"),
        ({"slugs": ["mt-reservdelar"]}, "-5,0 mnkr"),
        ({"slugs": ["ovriga-kostnader", "pc-utrullning"]}, "-10,0 mnkr"),
        ({"slugs": ["intakter"]}, "+0,2 mnkr"),
    ],
)
def test_year_2019_deviation_matches_seed_000(only: dict[str, list[str]], expected: str) -> None:
    assert mnkr(_deviation("2019", **only)) == sv(expected)


def test_year_2019_result_is_minus_4_8_mnkr() -> None:
    assert mnkr(_sum(_figures("2019"), "outcome")) == sv("-4,8 mnkr")


@pytest.mark.parametrize(
    ("only", "expected"),
    [
        ({"slugs": ["mt-reservdelar"]}, "42 %"),
        ({"slugs": ["ovriga-kostnader", "pc-utrullning"]}, "20 %"),
        ({"kinds": COSTS}, "9 %"),
    ],
)
def test_year_2019_net_cost_development(only: dict[str, Any], expected: str) -> None:
    figures = _figures("2019")
    change = net_cost_change(
        _sum(figures, "outcome", **only), _sum(figures, "outcome_previous_year", **only)
    )
    assert format_percent(change.percent, decimals=0) == sv(expected)


# ---------------------------------------------------------------- finance: T1 2021


def test_t1_2021_result_plus_1_5_and_3_0_better_than_budget() -> None:
    figures = _figures("2021-T1")
    assert mnkr(_sum(figures, "outcome")) == "+1,5\u00a0mnkr"
    assert mnkr(_deviation("2021-T1")) == "+3,0\u00a0mnkr"


def test_t1_2021_forecast_plus_8_with_personal_5_and_other_2() -> None:
    figures = _figures("2021-T1")
    assert mnkr(_sum(figures, "annual_forecast")) == "+8,0\u00a0mnkr"
    assert mnkr(deviation(_sum(figures, "annual_forecast"), _sum(figures, "annual_budget"))) == (
        "+8,0\u00a0mnkr"
    )
    for slug, expected in (("personalkostnader", "+5,0"), ("ovriga-kostnader", "+2,0")):
        forecast = _sum(figures, "annual_forecast", slugs=[slug])
        assert mnkr(deviation(forecast, _sum(figures, "annual_budget", slugs=[slug]))) == (
            f"{expected}\u00a0mnkr"
        )


def test_t1_2021_cost_development_matches_seed_002() -> None:
    figures = _figures("2021-T1")

    def change(**only: Any) -> Any:
        return net_cost_change(
            _sum(figures, "outcome", **only), _sum(figures, "outcome_previous_year", **only)
        )

    assert mnkr(_deviation("2021-T1", slugs=["personalkostnader"])) == "+1,5\u00a0mnkr"
    assert format_percent(change(kinds=[CostKind.STAFF]).percent, decimals=0) == sv("-9 %")
    assert mnkr(_deviation("2021-T1", slugs=["avskrivningar"])) == "+0,4\u00a0mnkr"
    assert mnkr(_deviation("2021-T1", kinds=[CostKind.OTHER])) == "0,0\u00a0mnkr"
    assert format_percent(change(kinds=[CostKind.OTHER]).percent, decimals=0) == sv("-3 %")
    # Costs are negative, so a cost reduction is a positive change in kr.
    assert mnkr(change(slugs=["mt-reservdelar"]).change) == "+1,9\u00a0mnkr"
    total = change(kinds=COSTS)
    assert mnkr(total.change) == "+3,6\u00a0mnkr"
    assert format_percent(total.percent, decimals=0) == sv("-5 %")


def test_covid_table_t1_2021_sums_to_0_4_mnkr() -> None:
    table = FollowUpTable.objects.get(
        unit__slug="lansteknik", period=_period("2021-T1"), title__startswith="Uppföljning av"
    )
    rows = list(table.rows.order_by("order"))
    assert [r.label for r in rows] == [
        "Personalkostnader",
        "Övriga kostnader",
        "Förlorade patientintäkter",
        "Övriga förlorade intäkter",
        "Investeringar i utrustning",
        "Ombyggnationer (Div. Service)",
    ]
    assert [r.amount for r in rows if r.amount is not None] == [Decimal("400000")]
    total = sum((r.amount for r in rows if r.amount is not None), Decimal(0))
    assert format_amount(total, scale="mnkr") == "0,4\u00a0mnkr"


# ---------------------------------------------------------------------- investments


def test_investments_2019_roll_up_matches_seed_000() -> None:
    table = _investment_table("2019")
    assert list(table) == [
        "IT",
        "Datacenter (nät och server)",
        "Skrivare",
        "Telefoni",
        "Video",
        "Tyst vårdmiljö",
        "MT",
        "Närsjukvården",
        "Länssjukvården",
        "Totalt",
    ]
    expected = {
        "IT": ("27,0", "5,2", "9,5", "14,7", ""),
        "Datacenter (nät och server)": ("", "3,6", "8,1", "11,7", ""),
        "Skrivare": ("", "0,2", "1,2", "1,4", ""),
        "Telefoni": ("", "0,0", "0,2", "0,2", ""),
        "Video": ("", "1,4", "0,0", "1,4", ""),
        "Tyst vårdmiljö": ("", "1,5", "0,0", "1,5", ""),
        "MT": ("55,0", "44,9", "9,4", "54,3", ""),
        "Närsjukvården": ("", "10,4", "4,8", "15,2", ""),
        "Länssjukvården": ("", "34,5", "4,6", "39,1", ""),
        "Totalt": ("82,0", "51,6", "18,9", "70,5", ""),
    }
    assert {name: _cells(row) for name, row in table.items()} == expected


def test_investments_2019_parents_are_the_sum_of_their_children() -> None:
    table = _investment_table("2019")
    it = table["IT"]
    assert len(it.children) == 4
    assert it.figures.total == sum((c.figures.total or Decimal(0) for c in it.children), Decimal(0))
    assert it.figures.total == Decimal("14700000")
    assert not InvestmentOutcome.objects.filter(
        period=_period("2019"), category__slug__in=["it", "mt"]
    ).exists(), "parent rows are computed, never typed"


def test_investments_t1_2019_use_the_totals_typed_on_it_and_mt() -> None:
    table = _investment_table("2019-T1")
    assert _cells(table["IT"]) == ("27,0", "", "2,9", "2,9", "")
    assert _cells(table["MT"]) == ("55,0", "22,5", "1,3", "23,8", "")


def test_investments_t1_2021_match_seed_002() -> None:
    table = _investment_table("2021-T1")
    assert {name: _cells(row) for name, row in table.items()} == {
        "MT-utrustning": ("", "0,7", "0,3", "1,0", "1,0"),
        "IT-utrustning": ("", "1,4", "0,0", "1,4", "9,0"),
        "Fordon": ("", "", "", "", ""),
        "Övriga inventarier": ("", "", "", "", ""),
        "Totalt": ("", "2,1", "0,3", "2,4", "10,0"),
    }


# ---------------------------------------------------------------------- scorecards


def test_major_incidents_target_max_10_from_13() -> None:
    measure = _measure("major-incidents", 2019)
    assert measure.target_direction == Direction.AT_MOST
    assert (measure.baseline_value, measure.target_value) == (Decimal(13), Decimal(10))
    assert measure.baseline_text == "2018: 13 st"
    assert measure.target_text == "Antalet major incidents: max 10 st"
    t1 = _outcome("major-incidents", "2019-T1")
    assert t1 is not None and t1.value == 11
    assert t1.forecast == Forecast.WILL_NOT_BE_REACHED
    assert _light("major-incidents", "2019-T1") == Attainment.NOT_ACHIEVED
    assert _light("major-incidents", "2019") == Attainment.NOT_ACHIEVED
    year = _outcome("major-incidents", "2019")
    assert year is not None and year.value == 16
    previous = _outcome("major-incidents", "2018")
    assert (
        rules.trend(
            lower_is_better=measure.lower_is_better,
            value=year.value,
            previous=previous.value if previous else None,
        )
        == rules.Trend.WORSENING
    )


def test_internal_communication_and_managers_with_at_most_25_staff() -> None:
    comms = _measure("internkommunikation", 2019)
    assert (comms.baseline_value, comms.target_value) == (Decimal(63), Decimal(80))
    assert comms.target_direction == Direction.AT_LEAST
    assert _light("internkommunikation", "2019-T1") == Attainment.NOT_ASSESSED  # no measurement
    managers = _measure("chefer-max-25", 2019)
    assert (managers.baseline_value, managers.target_value) == (Decimal(92), Decimal(100))
    assert _light("chefer-max-25", "2019-T1") == Attainment.ACHIEVED


def test_sick_leave_staff_months_match_seed_001() -> None:
    def row(year: int) -> tuple[str, ...]:
        s = _staff(year, 4)
        return tuple(
            format_number(v, decimals=2)
            for v in (
                s.sick_leave_total,
                s.sick_leave_short,
                s.sick_leave_long,
                s.sick_leave_women,
                s.sick_leave_men,
            )
        )

    assert row(2019) == ("4,45", "2,64", "1,81", "2,40", "5,25")
    assert row(2018) == ("4,30", "2,71", "1,60", "2,60", "4,96")
    outcome = _outcome("sjukfranvaro", "2019-T1")
    assert outcome is not None and outcome.value == _staff(2019, 4).sick_leave_total


def test_extra_time_450_to_602_hours_is_a_worsening() -> None:
    assert (_staff(2018, 4).extra_time_hours, _staff(2019, 4).extra_time_hours) == (450, 602)
    measure = _measure("extratid", 2019)
    outcome = _outcome("extratid", "2019-T1")
    assert outcome is not None
    comparison = rules.comparison_for(measure, _outcome("extratid", "2018-T1"), full_year=False)
    assert comparison is not None and comparison.value == 450
    assert (
        rules.trend(
            lower_is_better=measure.lower_is_better, value=outcome.value, previous=comparison.value
        )
        == rules.Trend.WORSENING
    )
    assert "har minskat" in outcome.comment  # the text is kept; the arrow follows the figures


def test_balanced_budget_measure_shows_the_result_and_the_seeds_verdict() -> None:
    """Utfall is the period's result as the finance section computes it (−1,4; −4,8;
    +1,5 mnkr), while the seeds' deviations from budget (0,8; −4,8; 3,0) stay in the
    finance tables; T1 2019 meets the target against its period budget (manual, quoted)."""
    cases = {
        "2019-T1": ("-1,4", "0,8", Attainment.ACHIEVED),
        "2019": ("-4,8", "-4,8", Attainment.NOT_ACHIEVED),
        "2021-T1": ("1,5", "3,0", Attainment.ACHIEVED),
    }
    for period_key, (result, deviation_, light) in cases.items():
        outcome = _outcome("ekonomi-i-balans", period_key)
        assert outcome is not None
        result_kr = _sum(_figures(period_key), "outcome")
        assert format_number(outcome.value, decimals=1) == sv(result)
        assert format_amount(result_kr, scale="mnkr", with_unit=False) == sv(result)
        assert format_amount(_deviation(period_key), scale="mnkr", with_unit=False) == sv(
            deviation_
        )
        assert _light("ekonomi-i-balans", period_key) == light
    manual = _outcome("ekonomi-i-balans", "2019-T1")
    assert manual is not None and "0,8 mnkr gentemot periodbudget" in manual.override_justification


def test_2019_qualitative_measures_are_assessed_as_the_seed_describes_them() -> None:
    """Seed 000's summary: the division "uppnår alternativt delvis uppnår merparten av
    divisionsmålen" — so do its Verksamhet scorecard's measures."""
    lights = {
        m.key: _light(m.key, "2019")
        for m in Measure.objects.filter(
            goal__unit__slug="lansteknik",
            goal__perspective__year__year=2019,
            goal__perspective__slug="verksamhet",
        )
    }
    counts = {light: list(lights.values()).count(light) for light in set(lights.values())}
    assert counts == {
        Attainment.ACHIEVED: 4,
        Attainment.PARTLY: 6,
        Attainment.NOT_ACHIEVED: 2,
        Attainment.NOT_ASSESSED: 2,  # internal communication and customer survey: not measured
    }
    assert lights["internkommunikation"] == lights["kundenkat"] == Attainment.NOT_ASSESSED
    for key, light in lights.items():
        outcome = _outcome(key, "2019")
        if light != Attainment.NOT_ASSESSED and outcome is not None and outcome.value is None:
            assert outcome.manual_attainment and outcome.override_justification


def test_2021_shows_its_own_targets_and_baselines() -> None:
    assert "2019" not in _measure("sakerhetsincidenter", 2021).target_text
    assert "2019" in _measure("sakerhetsincidenter", 2019).target_text
    incidents = _measure("major-incidents", 2021)
    assert (incidents.baseline_value, incidents.baseline_label) == (Decimal(16), "Utfall 2019")
    # Only internal communication keeps 2018's figure: it was not measured in 2019.
    assert list(
        Measure.objects.filter(
            goal__unit__slug="lansteknik",
            goal__perspective__year__year=2021,
            baseline_label="Utfall 2018",
        ).values_list("key", flat=True)
    ) == ["internkommunikation"]


def test_staff_months_are_a_full_monthly_series_agreeing_with_the_seeds() -> None:
    for year, months in ((2018, 12), (2019, 12), (2020, 12), (2021, 4)):
        assert [s.month for s in StaffMonth.objects.filter(unit__slug="lansteknik", year=year)] == (
            list(range(1, months + 1))
        )
    # Seed 000: "Extratiden har ökat med 14 %"; "i nivå med 2018".
    assert _staff(2019, 12).extra_time_hours / _staff(2018, 12).extra_time_hours == Decimal("1.14")
    assert abs(_staff(2019, 12).headcount - _staff(2018, 12).headcount) <= 2
    # Seed 002: "minskat med 8% under perioden, totalt 17% sen december 2019".
    assert round(100 * (1 - Decimal(131) / _staff(2020, 4).headcount)) == 8
    assert round(100 * (1 - Decimal(131) / _staff(2019, 12).headcount)) == 17
    extra = _outcome("extratid", "2019")
    assert extra is not None and extra.value == _staff(2019, 12).extra_time_hours


def test_year_2019_outcomes_of_seed_000() -> None:
    assert _light("forbattringar", "2019") == Attainment.ACHIEVED  # manual, with the seed's words
    turnover = _outcome("personalomsattning", "2019")
    assert turnover is not None and turnover.value == 13
    sick = _outcome("sjukfranvaro", "2019")
    assert sick is not None and sick.value == 4 and _staff(2019, 12).sick_leave_total == 4
    comms = _outcome("internkommunikation", "2019")
    assert comms is not None and comms.comment.startswith("Ingen mätning genomförd under 2019")


def test_t1_2021_sick_leave_and_headcount() -> None:
    sick = _outcome("sjukfranvaro", "2021-T1")
    assert sick is not None and sick.value == Decimal("5.3")
    now, year_before = _staff(2021, 4), _staff(2020, 4)
    assert (now.sick_leave_total, year_before.sick_leave_total) == (Decimal("5.3"), Decimal("6.3"))
    assert (now.headcount, _staff(2020, 12).headcount) == (131, 137)
    assert (now.fte_rolling_12, year_before.fte_rolling_12) == (135, 150)  # "-15 årsarbetare"


def test_2021_carries_the_2019_measures_forward_with_the_same_keys() -> None:
    keys = {
        year: set(
            Measure.objects.filter(
                goal__unit__slug="lansteknik", goal__perspective__year__year=year
            ).values_list("key", flat=True)
        )
        for year in (2019, 2021)
    }
    assert len(keys[2019]) == 23
    assert keys[2019] == keys[2021]


def test_tertial_measures_are_those_of_the_t1_2019_report() -> None:
    tertial = set(
        Measure.objects.filter(
            goal__unit__slug="lansteknik",
            goal__perspective__year__year=2019,
            frequency=Frequency.TERTIAL,
        ).values_list("key", flat=True)
    )
    assert tertial == {
        "major-incidents",
        "forvaltningsobjekt-mt",
        "internkommunikation",
        "finansieringsprinciper",
        "personalomsattning",
        "uppgiftsvaxling",
        "forandringsledning",
        "hme",
        "sjukfranvaro",
        "extratid",
        "chefer-max-25",
        "ekonomi-i-balans",
    }


def test_perspective_assessments_t1_2021() -> None:
    assessments = {
        a.perspective.slug: a.attainment
        for a in PerspectiveAssessment.objects.filter(
            unit__slug="lansteknik", period=_period("2021-T1")
        ).select_related("perspective")
    }
    assert assessments == {
        "verksamhet": Attainment.PARTLY,
        "medarbetare": Attainment.ACHIEVED,
        "ekonomi": Attainment.ACHIEVED,
    }


def test_every_year_has_the_five_perspectives_in_order() -> None:
    for year in (2018, 2019, 2020, 2021):
        names = list(
            _period(str(year)).year.perspectives.order_by("order").values_list("name", flat=True)
        )
        assert names == ["Samhälle", "Medborgare", "Verksamhet", "Medarbetare", "Ekonomi"]


# -------------------------------------------------------- assignments and narratives


def test_eight_assignments_with_nulage_for_t1_and_year_2019() -> None:
    assignments = list(
        Assignment.objects.filter(unit__slug="lansteknik", year__year=2019).prefetch_related(
            "notes__period"
        )
    )
    assert len(assignments) == 8
    for assignment in assignments:
        notes = {n.period.key: n for n in assignment.notes.all()}
        assert set(notes) == {"2019-T1", "2019"}, assignment.title
        assert all(n.text for n in notes.values()), assignment.title
    study = next(a for a in assignments if a.slug == "forstudiemetodik")
    assert study.notes.get(period__key="2019-T1").status == AssignmentStatus.NOT_STARTED


def test_narratives_and_report_metadata() -> None:
    kinds = set(
        NarrativeSection.objects.filter(
            unit__slug="lansteknik", period=_period("2021-T1")
        ).values_list("kind", flat=True)
    )
    assert {
        SectionKind.SUMMARY,
        SectionKind.OUTLOOK,
        SectionKind.FORECAST_ASSUMPTIONS,
        SectionKind.FORECAST_RISKS,
    } <= kinds
    unit_period = UnitPeriod.objects.get(unit__slug="lansteknik", period=_period("2019-T1"))
    assert (unit_period.document_id, unit_period.document_version) == (
        "ARBGRP656-997614808-86",
        "0.5",
    )
    assert unit_period.owner_title == "Divisionschef Länsteknik"
    assert unit_period.prepared_by_title == "Controller Länsteknik"


# ------------------------------------------------------------------ idempotency


def _snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every row of every demo model, audit history included."""
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values())
        for model in apps.get_models()
        if model._meta.app_label in DEMO_APPS
    }


def test_loaddemo_twice_gives_the_same_database_and_no_new_history() -> None:
    before = _snapshot()
    out = io.StringIO()
    call_command("loaddemo", stdout=out)
    after = _snapshot()
    assert {k: len(v) for k, v in after.items()} == {k: len(v) for k, v in before.items()}
    assert after == before
    assert "inget ändrat" in out.getvalue()


# ------------------------------------------------------------- users and visibility


@pytest.mark.parametrize(
    ("username", "unit", "role"),
    [
        ("controller", "lansteknik", "controller"),
        ("controller_other", "narsjukvard", "controller"),
        ("manager", "lansteknik", "manager"),
        ("reader", "region-norrbotten", "reader"),
    ],
)
def test_demo_users_have_their_role(username: str, unit: str, role: str) -> None:
    user = get_user_model().objects.get(username=username)
    assert user.check_password("styrkort-demo")
    assert not user.is_superuser
    assert list(UnitMembership.objects.filter(user=user).values_list("unit__slug", "role")) == [
        (unit, role)
    ]


def test_demo_admin_is_superuser() -> None:
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff and admin.check_password("styrkort-demo")


def _visible(username: str, action: str = Action.VIEW) -> tuple[set[str], set[tuple[str, str]]]:
    user = get_user_model().objects.get(username=username)
    units = set(Unit.objects.for_user(user, action).values_list("slug", flat=True))
    periods = set(
        UnitPeriod.objects.for_user(user, action).values_list("unit__slug", "period__key")
    )
    return units, periods


ALL_KEYS = {
    "2018-T1",
    "2018",
    "2019-T1",
    "2019-T2",
    "2019",
    "2020-T1",
    "2020",
    "2021-T1",
    "2021-T2",
    "2021",
}
APPROVED_KEYS = ALL_KEYS - {"2021-T1", "2021-T2", "2021"}
DIVISIONS = ("lansteknik", "narsjukvard", "service")


def test_controller_sees_lansteknik_including_the_open_period() -> None:
    units, periods = _visible("controller")
    assert units == {"lansteknik", "lansteknik-drift"}
    assert periods == {("lansteknik", key) for key in ALL_KEYS}
    assert UnitPeriod.objects.get(unit__slug="lansteknik", period__key="2021-T1").status == "open"
    assert _visible("controller", Action.EDIT)[0] == {"lansteknik", "lansteknik-drift"}
    assert _visible("controller", Action.APPROVE)[0] == set()


def test_controller_other_sees_only_narsjukvard() -> None:
    units, periods = _visible("controller_other")
    assert units == {"narsjukvard"}
    assert periods == {("narsjukvard", key) for key in ALL_KEYS}


def test_manager_sees_and_approves_lansteknik_but_does_not_edit() -> None:
    assert _visible("manager")[0] == {"lansteknik", "lansteknik-drift"}
    assert _visible("manager", Action.APPROVE)[0] == {"lansteknik", "lansteknik-drift"}
    assert _visible("manager", Action.EDIT)[0] == set()


def test_reader_sees_every_division_but_only_approved_periods() -> None:
    units, periods = _visible("reader")
    assert units == {
        "region-norrbotten",
        "lansteknik",
        "lansteknik-drift",
        "narsjukvard",
        "service",
    }
    assert periods == {(unit, key) for unit in DIVISIONS for key in APPROVED_KEYS}
    assert ("lansteknik", "2021-T1") not in periods


def test_admin_sees_everything() -> None:
    units, periods = _visible("admin")
    # The region's five units and the joint committee's one (gemensam-namnd.toml).
    assert len(units) == Unit.objects.count() == 6
    committee = {"gemensam-namnd"}
    assert {(u, k) for u, k in periods if u not in committee} == {
        (unit, key) for unit in DIVISIONS for key in ALL_KEYS
    }
    # The committee's own unit reports (Unit.reports): its periods, not the region's.
    assert {k for u, k in periods if u in committee} == {"2022-M05", "2022", "2023-M05", "2023"}


# ------------------------------------------------------------------ no real names


def _names_in_seed_metadata() -> list[str]:
    """The words of the line under "ANSVARIG UPPRÄTTAD AV" in seed 001 (two names)."""
    seeds = sorted(SEEDS.glob("001_*.txt")) if SEEDS.is_dir() else []
    if not seeds:
        pytest.skip("../shared/seeds is not available")
    lines = seeds[0].read_text(encoding="utf-8").splitlines()
    for index, line in enumerate(lines):
        if "ANSVARIG" in line and "UPPRÄTTAD AV" in line:
            following = next(text for text in lines[index + 1 :] if text.strip())
            return following.split()
    pytest.fail("seed 001 has no ANSVARIG / UPPRÄTTAD AV block")


def test_no_real_person_from_the_seeds_is_named_in_the_project() -> None:
    """Neither the fixtures nor any other text file of the project names them."""
    words = _names_in_seed_metadata()
    assert len(words) >= 4, "expected two names (first and last name each)"
    names = [" ".join(words[i : i + 2]) for i in range(0, len(words) - 1, 2)]
    root = Path(settings.BASE_DIR)
    skip = {".venv", ".git", "node_modules", "var", ".hypothesis", ".pytest_cache"}
    suffixes = {".py", ".toml", ".html", ".md", ".txt", ".css", ".js", ".yml", ".yaml", ".cfg"}
    files = [
        p
        for p in root.rglob("*")
        if p.is_file() and p.suffix in suffixes and not skip & set(p.relative_to(root).parts)
    ]
    assert any(p.parent.name == "demo" for p in files)
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace").casefold()
        for word in [*names, *words]:
            assert word.casefold() not in text, f"{path.name} names a real person"
