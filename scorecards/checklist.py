"""Klarmarkera's checklist: what a unit period still lacks before it is marked ready.

The core checks its own rows (every measure followed up in the period has an outcome
and a light); each domain app adds its checks in ``<app>/contributions.py`` as
``SUBMISSION_CHECKS`` (a tuple of ``SubmissionCheck``), read in ``DOMAIN_APPS`` order
like the other contributions. The entry page lists the gaps before "Klarmarkera", the
service refuses to submit with gaps unless the controller confirms them (and the
organisation allows it), and the manager sees them beside "Godkänn".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from common.contributions import collect
from scorecards import selectors
from scorecards.models import Attainment, Measure, UnitPeriod


@dataclass(frozen=True)
class Gap:
    """One thing missing: in which section, what, and where to fill it in."""

    section: str
    what: str
    url: str


@dataclass(frozen=True)
class SubmissionCheck:
    """A domain app's check (e.g. Personal: months without headcount)."""

    section: str
    gaps: Callable[[UnitPeriod], list[Gap]]


def measure_gaps(
    unit_period: UnitPeriod, rows: list[selectors.MeasureRow] | None = None
) -> list[Gap]:
    """Measures without an outcome, or with one that gives no light ("ej bedömt").

    ``rows``: the scorecard's measure rows when the caller has them (the entry page),
    so they are not read again.
    """
    if rows is None:
        card = selectors.scorecard(unit_period=unit_period)
        rows = [r for block in card.perspectives for g in block.goals for r in g.rows]
    entry = reverse(
        "scorecards:entry",
        kwargs={"unit": unit_period.unit.slug, "period": unit_period.period.key},
    )
    section = _("Styrkort")
    gaps = []
    for row in rows:
        measure, outcome = row.measure, row.outcome
        has_value = outcome is not None and (
            outcome.value is not None or bool(outcome.text.strip())
        )
        if not has_value:
            what = _("%(measure)s: inget utfall") % {"measure": measure.name}
        elif row.attainment == Attainment.NOT_ASSESSED:
            if measure.value_kind == Measure.ValueKind.TEXT or not measure.target_value:
                what = _(
                    "%(measure)s: ingen måluppfyllelse (målet bedöms inte med en regel: "
                    "ange manuell måluppfyllelse med motivering)"
                ) % {"measure": measure.name}
            else:
                what = _("%(measure)s: ingen måluppfyllelse") % {"measure": measure.name}
        else:
            continue
        gaps.append(Gap(section, what, f"{entry}#m{measure.pk}"))
    return gaps


def gaps(unit_period: UnitPeriod, rows: list[selectors.MeasureRow] | None = None) -> list[Gap]:
    """Everything the unit period lacks: the core's measures, then each app's checks."""
    found = measure_gaps(unit_period, rows)
    for check in collect("SUBMISSION_CHECKS"):
        found.extend(check.gaps(unit_period))
    return found
