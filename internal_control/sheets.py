"""The Internkontroll sheet of the Excel workbook: the period's follow-up of each control."""

from __future__ import annotations

from internal_control.models import ActivityFollowUp, Assessment, ControlActivity, Risk
from internal_control.services import follow_up_set
from scorecards.models import UnitPeriod
from spreadsheets.sheets import VERSION, Column, Sheet, SheetRow, service_writer


def _control_rows(unit_period: UnitPeriod) -> list[SheetRow]:
    """The control activities of the unit's plan for the year, numbered by risk (R1, R2,
    …) as the plan lists them, with the period's follow-up: three queries."""
    period = unit_period.period
    risks = list(
        Risk.objects.filter(plan__unit=unit_period.unit_id, plan__year=period.year_id)
        .select_related("plan")
        .order_by("order", "pk")
    )
    numbers = {risk.pk: number for number, risk in enumerate(risks, start=1)}
    by_pk = {risk.pk: risk for risk in risks}
    activities = sorted(
        ControlActivity.objects.filter(risk__in=risks).order_by("order", "pk"),
        key=lambda a: numbers[a.risk_id],
    )
    stored = {
        f.activity_id: f
        for f in ActivityFollowUp.objects.filter(activity__in=activities, period=period.pk)
    }
    rows = []
    for activity in activities:
        risk = by_pk[activity.risk_id]
        activity.risk = risk  # the service reads the plan through it
        rows.append(
            SheetRow(
                ident=(activity.pk,),
                stored=stored.get(activity.pk)
                or ActivityFollowUp(activity=activity, period=period, version=0),
                target=activity,
                info={
                    "risk": f"R{numbers[risk.pk]} {risk.description}",
                    "what": activity.what,
                    "responsible": activity.responsible_role,
                    "method": activity.method,
                    "when": activity.when,
                },
            )
        )
    return rows


INTERNAL_CONTROL = Sheet(
    title="Internkontroll",
    columns=(
        Column("Id", "id", "activity", width=8),
        Column("Risk", "info", "risk", width=30, wrap=True),
        Column("Kontrollaktivitet", "info", "what", width=36, wrap=True),
        Column("Ansvarig", "info", "responsible", width=18, wrap=True),
        Column("Kontrollmetod", "info", "method", width=36, wrap=True),
        Column("När", "info", "when", width=14, wrap=True),
        Column("Utfört", "text", "performed", width=16, wrap=True),
        Column("Uppföljning/resultat", "text", "result", width=48, wrap=True),
        Column("Eventuella åtgärder/förändringar", "text", "actions", width=40, wrap=True),
        Column("Bedömning", "choice", "assessment", choices=Assessment, width=16),
        VERSION,
    ),
    rows=_control_rows,
    write=service_writer(follow_up_set, "activity"),
)
