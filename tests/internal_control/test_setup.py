"""Inställningar → Internkontroll: plan, risks and activities made in the portal."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from internal_control.models import ActivityFollowUp, ControlActivity, ControlPlan, Risk
from scorecards.models import Unit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_module")]

PAGE = "/installningar/region-norrbotten/2021/internkontroll/"


def admin() -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username="admin"))
    return client


def service_plan(client: Client) -> ControlPlan:
    unit = Unit.objects.get(slug="service")
    client.post(f"{PAGE}plan/", {"unit": unit.pk, "status": "draft", "approved_by_title": ""})
    return ControlPlan.objects.get(unit=unit, year__year=2021)


RISK = {
    "description": "Fakturor attesteras av fel person",
    "probability": "3",
    "consequence": "4",
    "decision": "internal_control",
    "analysis": "",
}


def test_a_plan_gets_a_risk_with_its_score_and_an_activity() -> None:
    client = admin()
    plan = service_plan(client)
    client.post(f"{PAGE}risk/", {"plan": plan.pk} | RISK)
    risk = Risk.objects.get(plan=plan)
    assert risk.score == 12
    client.post(
        f"{PAGE}aktivitet/",
        {
            "plan": plan.pk,
            "risk": risk.pk,
            "what": "Stickprov på attester",
            "responsible_role": "Ekonomichef",
            "method": "20 fakturor per tertial",
            "when": "Maj och september",
        },
    )
    assert ControlActivity.objects.get(risk=risk).responsible_role == "Ekonomichef"
    page = client.get(f"{PAGE}?enhet=service").content.decode()
    assert "sannolikhet 3 × konsekvens 4 = riskvärde 12" in page
    assert "Stickprov på attester" in page


def test_a_score_outside_1_to_4_is_refused_and_nothing_saved() -> None:
    client = admin()
    plan = service_plan(client)
    response = client.post(f"{PAGE}risk/", {"plan": plan.pk} | RISK | {"probability": "7"})
    assert response.status_code == 422
    assert not Risk.objects.filter(plan=plan).exists()


def test_an_approved_plan_needs_who_and_is_then_closed_for_changes() -> None:
    client = admin()
    plan = service_plan(client)
    unit = plan.unit
    refused = client.post(f"{PAGE}plan/", {"unit": unit.pk, "status": "approved"})
    assert refused.status_code == 422
    assert "Ange vem som fastställde planen." in refused.content.decode()
    client.post(
        f"{PAGE}plan/",
        {
            "unit": unit.pk,
            "status": "approved",
            "approved_by_title": "Divisionschef",
            "approved_on": "2020-12-10",
        },
    )
    plan.refresh_from_db()
    assert plan.status == ControlPlan.Status.APPROVED
    response = client.post(f"{PAGE}risk/", {"plan": plan.pk} | RISK)
    assert "Sätt den till utkast" in response.content.decode()
    assert not Risk.objects.filter(plan=plan).exists()


def test_a_followed_up_activity_stays() -> None:
    follow_up = ActivityFollowUp.objects.select_related("activity__risk__plan__unit").first()
    assert follow_up is not None
    activity = follow_up.activity
    plan = activity.risk.plan
    ControlPlan.objects.filter(pk=plan.pk).update(status=ControlPlan.Status.DRAFT)
    page = f"/installningar/{plan.unit.organisation.slug}/{plan.year.year}/internkontroll/"
    answer = admin().post(f"{page}aktivitet/ta-bort/", {"plan": plan.pk, "id": activity.pk})
    assert answer.status_code == 302
    assert ControlActivity.objects.filter(pk=activity.pk).exists()


def test_another_organisations_plan_is_not_found_and_a_manager_is_refused() -> None:
    committee_plan = ControlPlan.objects.filter(unit__slug="gemensam-namnd").first()
    assert committee_plan is not None
    assert admin().post(f"{PAGE}risk/", {"plan": committee_plan.pk} | RISK).status_code == 404
    manager = Client()
    manager.force_login(get_user_model().objects.get(username="manager"))
    assert manager.get(PAGE).status_code == 403
