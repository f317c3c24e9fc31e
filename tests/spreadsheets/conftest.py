"""A unit period with something in every section, and the users of the Excel tests."""

from __future__ import annotations

from typing import Any

import pytest

from reports.models import SectionKind
from scorecards.models import Measure, Perspective
from tests import factories


@pytest.fixture
def world(db: None) -> dict[str, Any]:
    w: dict[str, Any] = factories.entry_world("xl")
    a, t1 = w["a"], w["periods"]["T1"]
    year = t1.year
    factories.scorecard_model(a, t1, 3)  # measures m0, m1, m2 with outcomes 0, 1, 2
    w["m0"], w["m1"], w["m2"] = (Measure.objects.get(goal__unit=a, key=f"m{i}") for i in range(3))
    factories.staff_month(a, 2021, 1, headcount=131, sick_leave_total="5.3")
    w["staff"] = factories.cost_category(year, "personalkostnader", "staff", order=1)
    w["other_costs"] = factories.cost_category(year, "ovriga", "other", order=2)
    factories.finance_figure(a, t1, w["staff"], outcome="-27300000", period_budget="-28800000")
    w["covid"] = factories.follow_up_table(
        a, t1, "Covid-19", [("Personal", None), ("Övrigt", "400000")]
    )
    w["it"] = factories.investment_category(year, "it", name="IT", order=1)
    w["datacenter"] = factories.investment_category(year, "datacenter", parent=w["it"])
    w["mt"] = factories.investment_category(year, "mt", name="MT", order=2)
    factories.investment_frame(a, w["it"], "27000000")
    factories.investment_outcome(a, t1, w["datacenter"], earlier="5200000")
    w["assignment"] = factories.assignment(a, year, "lokalforsorjning", title="Lokalförsörjning")
    factories.narrative(a, t1, SectionKind.SUMMARY, "Divisionen *uppfyller* målen.")
    w["samhalle"] = Perspective.objects.get(year=year, slug="samhälle")
    return w
