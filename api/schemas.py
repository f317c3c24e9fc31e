"""What the read API returns (pydantic schemas, also the OpenAPI document's components).

Amounts are in kr and figures exact: decimals are JSON strings ("4.45"), so no client
sees a binary rounding of a figure the organisation approved.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ninja import Schema


class OrganisationOut(Schema):
    slug: str
    name: str
    kind: str


class UnitOut(Schema):
    slug: str
    name: str
    kind: str
    organisation: str
    parent: str | None
    reports: bool

    # Read from a Unit with organisation and parent joined (one query for a page).
    @staticmethod
    def resolve_organisation(obj: Any) -> str:
        return obj.organisation.slug if hasattr(obj, "organisation") else obj["organisation"]

    @staticmethod
    def resolve_parent(obj: Any) -> str | None:
        if not hasattr(obj, "parent"):
            return obj["parent"]  # type: ignore[no-any-return]
        return obj.parent.slug if obj.parent else None


class PeriodOut(Schema):
    key: str
    label: str
    kind: str
    year: int
    end_month: int
    status: str


class MeasureOut(Schema):
    key: str
    name: str
    unit_of_measurement: str
    decimals: int
    baseline_value: Decimal | None
    baseline_text: str
    target_direction: str
    target_value: Decimal | None
    target_text: str
    outcome_value: Decimal | None
    outcome_text: str
    attainment: str
    attainment_label: str
    trend: str | None
    trend_label: str | None
    compared_with: str | None
    forecast: str
    comment: str


class GoalOut(Schema):
    title: str
    measures: list[MeasureOut]


class PerspectiveOut(Schema):
    slug: str
    name: str
    assessment: str | None
    assessment_text: str
    goals: list[GoalOut]


class ScorecardOut(Schema):
    unit: str
    period: PeriodOut
    previous_period: str | None
    perspectives: list[PerspectiveOut]


class FinanceCategoryOut(Schema):
    slug: str
    name: str
    kind: str
    line: str
    outcome: Decimal | None
    period_budget: Decimal | None
    annual_budget: Decimal | None
    annual_forecast: Decimal | None
    deviation: Decimal | None
    outcome_previous_year: Decimal | None
    comment: str


class FinanceOut(Schema):
    unit: str
    period: str
    categories: list[FinanceCategoryOut]


class InvestmentRowOut(Schema):
    category_id: int | None
    name: str
    level: int
    frame: Decimal | None
    outcome_earlier_decisions: Decimal | None
    outcome_current_decisions: Decimal | None
    outcome_total: Decimal | None
    forecast: Decimal | None


class InvestmentsOut(Schema):
    unit: str
    period: str
    rows: list[InvestmentRowOut]


class AssignmentOut(Schema):
    slug: str
    title: str
    due_date: str | None
    status: str
    status_label: str
    status_period: str | None
    note: str


class Message(Schema):
    detail: str
