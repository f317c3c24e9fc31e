"""Demo data for internal control: the ``internal_control`` plans of each unit file
(fixtures/demo/internal_control.toml holds Länsteknik's), read by ``loaddemo``."""

from __future__ import annotations

from demo.loading import Data, DemoLoader, Loader, text
from internal_control.models import ActivityFollowUp, ControlActivity, ControlPlan, Risk
from scorecards.models import Unit


def load_internal_control(loader: Loader, unit: Unit, doc: Data) -> None:
    """Plans of the year → risks → control activities → follow-ups per period."""
    for data in doc.get("internal_control", []):
        plan = loader.upsert(
            ControlPlan,
            {"unit": unit, "year": loader.years[data["year"]]},
            {
                "status": data.get("status", ControlPlan.Status.DRAFT),
                "approved_by_title": text(data, "approved_by_title"),
                # A TOML date (2022-12-08); absent in plans that give none.
                "approved_on": data.get("approved_on"),
            },
        )
        for order, risk_data in enumerate(data.get("risks", []), start=1):
            risk = loader.upsert(
                Risk,
                {"plan": plan, "description": text(risk_data, "description")},
                {
                    "probability": risk_data["probability"],
                    "consequence": risk_data["consequence"],
                    "decision": risk_data["decision"],
                    "analysis": text(risk_data, "analysis"),
                    "order": order,
                },
            )
            for activity_order, item in enumerate(risk_data.get("activities", []), start=1):
                _load_activity(loader, risk, item, activity_order)


def _load_activity(loader: Loader, risk: Risk, item: Data, order: int) -> None:
    activity = loader.upsert(
        ControlActivity,
        {"risk": risk, "what": text(item, "what")},
        {
            "method": text(item, "method"),
            "responsible_role": text(item, "responsible_role"),
            "when": text(item, "when"),
            "order": order,
        },
    )
    for follow_up in item.get("follow_ups", []):
        loader.upsert(
            ActivityFollowUp,
            {"activity": activity, "period": loader.periods[follow_up["period"]]},
            {
                "performed": text(follow_up, "performed"),
                "result": text(follow_up, "result"),
                "actions": text(follow_up, "actions"),
                "assessment": follow_up.get("assessment", ""),
            },
        )


INTERNAL_CONTROL_DEMO = DemoLoader(name="internal_control", unit=load_internal_control)
