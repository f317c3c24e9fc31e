"""rollover_plan and rollover_run on the demo region, 2021 → 2022."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User

from assignments.models import Assignment
from internal_control.models import ActivityFollowUp, ControlActivity, ControlPlan, Risk
from investments.models import InvestmentCategory
from rollover import services
from rollover.services import CHANGE_REASON, RolloverRefused, rollover_plan, rollover_run
from scorecards.models import (
    Measure,
    MeasureOutcome,
    Period,
    Perspective,
    Unit,
    UnitGoal,
    UnitPeriod,
    Year,
)

from .conftest import in_year, snapshot

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_2021")]


@pytest.fixture
def admin() -> User:
    return User.objects.get(username="admin")


@pytest.fixture
def org(demo_2021: dict[str, Any]) -> Any:
    return demo_2021["organisation"]


def test_plan_lists_what_the_source_year_holds_and_writes_nothing(org: Any) -> None:
    before = snapshot()
    plan = rollover_plan(organisation=org, to_year=2022)
    assert snapshot() == before
    assert plan.can_run and (plan.from_year, plan.to_year) == (2021, 2022)
    source = in_year(2021)
    assert {k: plan.counts[k] for k in source} == source
    assert source["measures"] == 34 and source["risks"] == 2
    # Open assignments only: in progress, paused and without a nuläge.
    assert plan.counts["assignments"] == 3
    assert plan.counts["periods"] == 3
    divisions = Unit.objects.filter(organisation=org, kind=Unit.Kind.DIVISION).count()
    assert plan.counts["unit_periods"] == 3 * divisions
    assert len(plan.section("measures").items) == 34
    assert "Division Länsteknik: Uppdrag pagar (Pågår)" in plan.section("assignments").items
    left = {s.key: s.items for s in plan.left_behind}
    assert sorted(left["finished_assignments"]) == [
        "Division Länsteknik: Uppdrag avslutat (Avslutat)",
        "Division Länsteknik: Uppdrag klart (Klart)",
    ]


def test_run_copies_the_model_and_counts_match_the_source(org: Any, admin: User) -> None:
    source = in_year(2021)
    record = rollover_run(actor=admin, organisation=org, to_year=2022)
    assert in_year(2022) == source
    assert (record.from_year, record.to_year, record.created_by) == (2021, 2022, admin)
    assert record.counts["measures"] == 34
    assert Assignment.objects.filter(year__organisation=org, year__year=2022).count() == 3


def test_periods_and_open_unit_periods_of_the_new_year(org: Any, admin: User) -> None:
    rollover_run(actor=admin, organisation=org, to_year=2022)
    keys = set(
        Period.objects.filter(year__organisation=org, year__year=2022).values_list("key", flat=True)
    )
    assert keys == {"2022-T1", "2022-T2", "2022"}
    divisions = set(Unit.objects.filter(organisation=org, kind=Unit.Kind.DIVISION))
    ups = UnitPeriod.objects.filter(period__year__year=2022, period__year__organisation=org)
    assert {(up.unit, up.period.key) for up in ups} == {(u, k) for u in divisions for k in keys}
    assert {up.status for up in ups} == {UnitPeriod.Status.OPEN}


def test_measures_keep_key_target_is_a_proposal_and_baseline_is_last_years_outcome(
    org: Any, admin: User, demo_2021: dict[str, Any]
) -> None:
    rollover_run(actor=admin, organisation=org, to_year=2022)
    old = {
        (m.goal.unit_id, m.key): m
        for m in Measure.objects.filter(
            goal__perspective__year__organisation=org, goal__perspective__year__year=2021
        ).select_related("goal")
    }
    new = list(
        Measure.objects.filter(
            goal__perspective__year__organisation=org, goal__perspective__year__year=2022
        ).select_related("goal")
    )
    assert len(new) == len(old)
    year_outcomes = dict(
        MeasureOutcome.objects.filter(
            period__year__organisation=org, period__key="2021", value__isnull=False
        ).values_list("measure_id", "value")
    )
    assert len(year_outcomes) == 2
    for m in new:
        before = old[(m.goal.unit_id, m.key)]
        assert m.target_is_proposal
        assert (m.name, m.target_direction, m.target_value, m.target_text) == (
            before.name,
            before.target_direction,
            before.target_value,
            before.target_text,
        )
        assert (m.partly_threshold, m.frequency, m.accumulates) == (
            before.partly_threshold,
            before.frequency,
            before.accumulates,
        )
        if before.pk in year_outcomes:
            assert m.baseline_value == year_outcomes[before.pk]
            assert m.baseline_label == "Utfall 2021"
        else:
            assert (m.baseline_value, m.baseline_text, m.baseline_label) == (
                before.baseline_value,
                before.baseline_text,
                before.baseline_label,
            )
    by_key = {m.key: m for m in new if m.goal.unit_id == demo_2021["unit"].pk}
    assert by_key["major-incidents"].baseline_value == Decimal("12")
    assert by_key["major-incidents"].baseline_text == "2021: 12\u00a0st"
    assert by_key["sjukfranvaro"].baseline_text == "2021: 5,25\u00a0%"
    # A text-only helår outcome gives no new baseline.
    assert by_key[demo_2021["text_only"].key].baseline_label != "Utfall 2021"
    assert not MeasureOutcome.objects.filter(
        period__year__organisation=org, period__year__year=2022
    ).exists()


def test_relations_point_into_the_new_year(org: Any, admin: User) -> None:
    rollover_run(actor=admin, organisation=org, to_year=2022)
    goals = UnitGoal.objects.filter(
        perspective__year__organisation=org, perspective__year__year=2022
    )
    assert goals.exists()
    for goal in goals.select_related(
        "success_factor__strategic_goal__perspective__year", "focus_area__year"
    ):
        if goal.success_factor:
            assert goal.success_factor.strategic_goal.perspective.year.year == 2022
            assert goal.success_factor.strategic_goal.perspective_id == goal.perspective_id
        if goal.focus_area:
            assert goal.focus_area.year.year == 2022
            assert goal.focus_area.unit_id == goal.unit_id
    old_links = sorted(
        UnitGoal.objects.filter(
            perspective__year__organisation=org, perspective__year__year=2021
        ).values_list("unit_id", "title", "success_factor__title", "focus_area__title")
    )
    new_links = sorted(
        goals.values_list("unit_id", "title", "success_factor__title", "focus_area__title")
    )
    assert new_links == old_links
    tree = sorted(
        InvestmentCategory.objects.filter(year__organisation=org, year__year=2022).values_list(
            "slug", "parent__slug", "parent__year__year"
        )
    )
    assert tree and all(year in (None, 2022) for _, _, year in tree)
    assert [(s, p) for s, p, _ in tree] == sorted(
        InvestmentCategory.objects.filter(year__organisation=org, year__year=2021).values_list(
            "slug", "parent__slug"
        )
    )


def test_open_assignments_are_carried_with_a_link_finished_ones_stay(
    org: Any, admin: User, demo_2021: dict[str, Any]
) -> None:
    rollover_run(actor=admin, organisation=org, to_year=2022)
    carried = {
        a.slug: a for a in Assignment.objects.filter(year__organisation=org, year__year=2022)
    }
    assert set(carried) == {"pagar", "vilande", "utan-nulage"}
    for slug, a in carried.items():
        original = demo_2021["assignments"][slug]
        assert a.carried_from_id == original.pk
        assert (a.unit_id, a.title, a.description, a.owner_title) == (
            original.unit_id,
            original.title,
            original.description,
            original.owner_title,
        )
        assert not a.notes.exists()  # the nulägen stay with the original, reachable by the link
        assert list(original.carried_into.all()) == [a]
    for slug in ("klart", "avslutat"):
        assert not demo_2021["assignments"][slug].carried_into.exists()


def test_internal_control_plan_risks_and_activities_copied_without_follow_ups(
    org: Any, admin: User, demo_2021: dict[str, Any]
) -> None:
    rollover_run(actor=admin, organisation=org, to_year=2022)
    plan = ControlPlan.objects.get(year__organisation=org, year__year=2022)
    assert plan.unit == demo_2021["plan"].unit
    assert (plan.status, plan.approved_by_title) == (ControlPlan.Status.DRAFT, "")
    old = demo_2021["plan"]
    fields = ("description", "probability", "consequence", "decision", "analysis", "order")
    assert list(plan.risks.order_by("order").values_list(*fields)) == list(
        old.risks.order_by("order").values_list(*fields)
    )
    activity_fields = ("risk__description", "what", "method", "when", "order")
    assert sorted(
        ControlActivity.objects.filter(risk__plan=plan).values_list(*activity_fields)
    ) == sorted(ControlActivity.objects.filter(risk__plan=old).values_list(*activity_fields))
    assert not ActivityFollowUp.objects.filter(activity__risk__plan=plan).exists()


def test_history_is_written_with_the_reason_and_the_user(org: Any, admin: User) -> None:
    rollover_run(actor=admin, organisation=org, to_year=2022)
    for model in (Measure, UnitGoal, ControlPlan, Risk):
        records = model.history.filter(history_change_reason=CHANGE_REASON)  # type: ignore[attr-defined]
        assert (
            records.count()
            == in_year(2022)[
                {
                    Measure: "measures",
                    UnitGoal: "unit_goals",
                    ControlPlan: "control_plans",
                    Risk: "risks",
                }[model]
            ]
        )
        assert set(records.values_list("history_user", flat=True)) == {admin.pk}
    assert UnitPeriod.history.filter(
        history_change_reason=CHANGE_REASON, period__year__organisation=org, period__year__year=2022
    ).exists()


def test_nothing_of_the_source_year_changes(org: Any, admin: User) -> None:
    before = snapshot()
    rollover_run(actor=admin, organisation=org, to_year=2022)
    after = snapshot()
    for table, old_rows in before.items():
        assert {pk: after[table].get(pk) for pk in old_rows} == old_rows, table
    assert in_year(2021) == in_year(2022)


def test_second_run_is_refused_and_creates_nothing(org: Any, admin: User) -> None:
    rollover_run(actor=admin, organisation=org, to_year=2022)
    before = snapshot()
    with pytest.raises(RolloverRefused) as refused:
        rollover_run(actor=admin, organisation=org, to_year=2022)
    assert refused.value.message.startswith(
        "Verksamhetsår 2022 är redan skapat för Region Norrbotten ("
    )
    assert refused.value.message.endswith(" av admin).")
    assert snapshot() == before
    assert rollover_plan(organisation=org, to_year=2022).refusal == refused.value.message


def test_refused_when_the_target_year_was_set_up_by_hand(org: Any, admin: User) -> None:
    year = Year.objects.create(organisation=org, year=2022)
    Perspective.objects.create(year=year, slug="samhalle", name="Samhälle")
    before = snapshot()
    with pytest.raises(
        RolloverRefused, match="Verksamhetsår 2022 för Region Norrbotten har redan perspektiv"
    ):
        rollover_run(actor=admin, organisation=org, to_year=2022)
    assert snapshot() == before


def test_an_empty_target_year_is_filled(org: Any, admin: User) -> None:
    """A year created by hand without a steering model (set-up's "Nytt år") is no obstacle."""
    Year.objects.create(organisation=org, year=2022)
    rollover_run(actor=admin, organisation=org, to_year=2022)
    assert in_year(2022) == in_year(2021)


def test_refused_when_the_source_year_is_missing(org: Any, admin: User) -> None:
    before = snapshot()
    with pytest.raises(
        RolloverRefused, match="Verksamhetsår 2029 finns inte för Region Norrbotten"
    ):
        rollover_run(actor=admin, organisation=org, to_year=2030)
    assert snapshot() == before
    assert not rollover_plan(organisation=org, to_year=2030).can_run


def test_refused_when_the_source_year_has_no_steering_model(org: Any, admin: User) -> None:
    Year.objects.create(organisation=org, year=2022)
    with pytest.raises(RolloverRefused, match="2022 för Region Norrbotten har ingen styrmodell"):
        rollover_run(actor=admin, organisation=org, to_year=2023)
    assert not Year.objects.filter(organisation=org, year=2023).exists()


def test_a_concurrent_run_that_passed_the_checks_is_stopped_by_the_constraint(
    org: Any, admin: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two runs that both see no earlier rollover: the second one's record can't be saved."""
    rollover_run(actor=admin, organisation=org, to_year=2022)
    before = snapshot()
    monkeypatch.setattr(services, "_refusal", lambda source: ("", None))
    with pytest.raises(RolloverRefused, match="Verksamhetsår 2022 är redan skapat"):
        rollover_run(actor=admin, organisation=org, to_year=2022)
    assert snapshot() == before
