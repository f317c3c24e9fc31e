"""Reads for the Nytt verksamhetsår page: the plan of the next year and the rollovers done."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from rollover.models import YearRollover
from rollover.services import RolloverPlan, rollover_plan, section_labels
from scorecards.models import Organisation, Year


def next_year(*, organisation: Organisation) -> int:
    """The year after the organisation's latest verksamhetsår (this year if it has none)."""
    latest = Year.objects.filter(organisation=organisation).aggregate(latest=Max("year"))["latest"]
    return (latest + 1) if latest is not None else timezone.localdate().year


def year_url(*, organisation: Organisation, year: int) -> str:
    """The set-up page of a year (steering app)."""
    return reverse("steering:year", args=[organisation.slug, year])


@dataclass(frozen=True)
class HistoryRow:
    record: YearRollover
    counts: list[tuple[str, int]]  # (what, how many), in the plan's order
    url: str  # the new year's set-up page

    @property
    def created_by(self) -> str:
        user = self.record.created_by
        return user.get_username() if user else ""


def rollovers_of(*, organisation: Organisation) -> list[HistoryRow]:
    """The rollovers done for the organisation, newest first (one query)."""
    records = (
        YearRollover.objects.filter(organisation=organisation)
        .select_related("created_by")
        .order_by("-to_year")
    )
    return [
        HistoryRow(
            record=record,
            counts=[
                (str(label), record.counts[key])
                for key, label in section_labels().items()
                if record.counts.get(key)
            ],
            url=year_url(organisation=organisation, year=record.to_year),
        )
        for record in records
    ]


@dataclass(frozen=True)
class RolloverPage:
    organisation: Organisation
    plan: RolloverPlan
    history: list[HistoryRow]


def rollover_page(*, organisation: Organisation, to_year: int | None = None) -> RolloverPage:
    """The plan for ``to_year`` (default: the year after the latest) and the history."""
    year = to_year if to_year is not None else next_year(organisation=organisation)
    return RolloverPage(
        organisation=organisation,
        plan=rollover_plan(organisation=organisation, to_year=year),
        history=rollovers_of(organisation=organisation),
    )
