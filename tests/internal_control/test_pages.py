"""The plan page, its PDF and the follow-up entry: visibility, sorting, saves, queries."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.test import Client
from pypdf import PdfReader

from internal_control.models import ActivityFollowUp, ControlActivity, ControlPlan, Risk
from internal_control.services import follow_up_set
from scorecards.models import UnitPeriod, Year
from scorecards.services import EntryError
from tests.factories import logged_in

from .conftest import plan_with_risks

pytestmark = pytest.mark.django_db


def plan_url(world: dict[str, Any], suffix: str = "", unit: str | None = None) -> str:
    return f"/internkontroll/{unit or world['a'].slug}/2021/{suffix}"


def follow_up_url(world: dict[str, Any], period: str = "2021") -> str:
    return f"/internkontroll/{world['a'].slug}/{period}/uppfoljning/"


def register_order(html: str) -> list[str]:
    register = html.split('id="risk-register"')[1].split("</table>")[0]
    return re.findall(r"<td>(Risk \d+)", register)


# ------------------------------------------------------------------------- plan page


def test_register_is_in_plan_order_and_sorted_by_score_on_request(world: dict) -> None:
    plan_with_risks(world, [(1, 1), (3, 4), (2, 3)])
    client = logged_in(world["controller"])
    assert register_order(client.get(plan_url(world)).content.decode()) == [
        "Risk 1",
        "Risk 2",
        "Risk 3",
    ]
    html = client.get(plan_url(world) + "?sortera=risk").content.decode()
    assert register_order(html) == ["Risk 2", "Risk 3", "Risk 1"]
    assert "Hög (12)" in html and "Medel (6)" in html and "Låg (1)" in html


def test_matrix_table_places_the_risk_and_says_the_level_in_words(world: dict) -> None:
    plan_with_risks(world, [(3, 4)])
    html = logged_in(world["controller"]).get(plan_url(world)).content.decode()
    matrix = html.split('id="risk-matrix"')[1].split("</table>")[0]
    assert matrix.count('<th scope="row">') == 4
    assert matrix.count('<th scope="col">') == 5
    cell = matrix.split('data-cell="4,3"')[1].split("</td>")[0]
    assert "Hög (12)" in cell and "1 risk" in cell and "R1 Risk 1" in cell
    assert "risk-high" in matrix.split('data-cell="4,3"')[0].rsplit("<td", 1)[1]
    assert "0 risker" in matrix.split('data-cell="1,1"')[1].split("</td>")[0]


def test_other_division_gets_404_everywhere(world: dict) -> None:
    plan_with_risks(world, [(2, 2)])
    client = logged_in(world["other"])
    assert client.get(plan_url(world)).status_code == 404
    assert client.get(plan_url(world, "plan.pdf")).status_code == 404
    assert client.get(follow_up_url(world)).status_code == 404


def test_anonymous_is_sent_to_login(world: dict) -> None:
    response = Client().get(plan_url(world))
    assert response.status_code == 302
    assert response["Location"].startswith("/logga-in/")


def test_reader_sees_the_plan_but_not_follow_ups_of_unapproved_periods(world: dict) -> None:
    plan = plan_with_risks(world, [(2, 2)])
    activity = ControlActivity.objects.get(risk__plan=plan)
    ActivityFollowUp.objects.create(
        activity=activity, period=world["periods"]["T1"], result="Öppen period."
    )
    ActivityFollowUp.objects.create(
        activity=activity, period=world["periods"]["T2"], result="Godkänd period."
    )
    UnitPeriod.objects.filter(pk=world["up_t2"].pk).update(status=UnitPeriod.Status.APPROVED)
    reader = logged_in(world["reader"])
    response = reader.get(plan_url(world))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Aktivitet 1" in html and "Godkänd period." in html
    assert "Öppen period." not in html
    assert "Registrera uppföljning" not in html
    controller = logged_in(world["controller"]).get(plan_url(world)).content.decode()
    assert "Öppen period." in controller and "Registrera uppföljning" in controller


def test_year_without_plan_says_so(world: dict) -> None:
    client = logged_in(world["controller"])
    response = client.get(plan_url(world))
    assert response.status_code == 200
    assert "Det finns ingen internkontrollplan för 2021" in response.content.decode()
    assert client.get(plan_url(world, "plan.pdf")).status_code == 404
    assert client.get(f"/internkontroll/{world['a'].slug}/1999/").status_code == 404


def test_plan_pdf_reads_back(world: dict) -> None:
    plan_with_risks(world, [(3, 4), (1, 2)])
    response = logged_in(world["reader"]).get(plan_url(world, "plan.pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    text = re.sub(r"\s+", " ", text)
    for expected in ["Internkontrollplan 2021", "Riskanalys", "Riskmatris", "Hög (12)"]:
        assert expected in text
    assert "Aktivitet 1" in text and "Metod 2" in text


@pytest.mark.parametrize("n", [1, 10])
def test_plan_page_query_count_does_not_grow(
    world: dict, n: int, django_assert_num_queries: Any
) -> None:
    plan = plan_with_risks(world, [(1 + i % 4, 1 + (i // 4) % 4) for i in range(n)])
    for activity in ControlActivity.objects.filter(risk__plan=plan):
        ActivityFollowUp.objects.create(activity=activity, period=world["periods"]["year"])
    client = logged_in(world["controller"])
    # session, user; roles, unit, year, unit periods, plan, risks, activities, follow-ups.
    with django_assert_num_queries(10):
        response = client.get(plan_url(world))
    assert response.content.decode().count('class="control-activity"') == n


@pytest.mark.parametrize("n", [1, 10])
def test_follow_up_page_query_count_does_not_grow(
    world: dict, n: int, django_assert_num_queries: Any
) -> None:
    plan_with_risks(world, [(2, 2)] * n)
    client = logged_in(world["controller"])
    # session, user; roles, unit period; risks, activities, follow-ups.
    with django_assert_num_queries(7):
        response = client.get(follow_up_url(world))
    assert response.content.decode().count('class="entry-row control-follow-up') == n


# ------------------------------------------------------------------------- follow-up


def post(
    client: Client, world: dict, activity: ControlActivity, *, htmx: bool = True, **fields: Any
) -> Any:
    data = {
        "activity": activity.pk,
        "performed": "December 2021",
        "result": "Stickprov gjort.",
        "actions": "",
        "assessment": "partly",
        "version": 0,
        **fields,
    }
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(follow_up_url(world), data, **headers)


def test_controller_saves_a_follow_up_with_htmx_and_it_is_audited(world: dict) -> None:
    plan = plan_with_risks(world, [(3, 4)])
    activity = ControlActivity.objects.get(risk__plan=plan)
    response = post(logged_in(world["controller"]), world, activity)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith("<form") and "sparat" in html
    assert "◐" in html and "Delvis" in html
    saved = ActivityFollowUp.objects.get(activity=activity, period=world["periods"]["year"])
    assert (saved.performed, saved.result, saved.assessment, saved.version) == (
        "December 2021",
        "Stickprov gjort.",
        "partly",
        1,
    )
    record = saved.history.get()
    assert (record.history_user, record.history_change_reason) == (world["controller"], "webb")


def test_plain_post_redirects_back_to_the_row(world: dict) -> None:
    plan = plan_with_risks(world, [(1, 1)])
    activity = ControlActivity.objects.get(risk__plan=plan)
    response = post(logged_in(world["controller"]), world, activity, htmx=False)
    assert response.status_code == 302
    assert response["Location"].endswith(f"uppfoljning/#a{activity.pk}")


def test_locked_period_refuses_the_save(world: dict) -> None:
    plan = plan_with_risks(world, [(1, 1)])
    activity = ControlActivity.objects.get(risk__plan=plan)
    UnitPeriod.objects.filter(pk=world["up_year"].pk).update(status=UnitPeriod.Status.LOCKED)
    response = post(logged_in(world["controller"]), world, activity)
    assert response.status_code == 422
    assert "låst" in response.content.decode()
    assert not ActivityFollowUp.objects.exists()


def test_locked_period_page_is_read_only(world: dict) -> None:
    plan_with_risks(world, [(1, 1)])
    UnitPeriod.objects.filter(pk=world["up_year"].pk).update(status=UnitPeriod.Status.LOCKED)
    html = logged_in(world["controller"]).get(follow_up_url(world)).content.decode()
    assert "perioden kan inte ändras" in html
    assert "<textarea" not in html


def test_stale_save_is_a_conflict_409(world: dict) -> None:
    plan = plan_with_risks(world, [(1, 1)])
    activity = ControlActivity.objects.get(risk__plan=plan)
    assert post(logged_in(world["controller"]), world, activity).status_code == 200
    response = post(logged_in(world["colleague"]), world, activity, result="Mitt värde.")
    assert response.status_code == 409
    html = response.content.decode()
    assert "Behåll deras värde" in html and "Skriv över med mitt värde" in html
    saved = ActivityFollowUp.objects.get(activity=activity)
    assert (saved.result, saved.version) == ("Stickprov gjort.", 1)
    keep = logged_in(world["colleague"]).get(
        follow_up_url(world) + f"?aktivitet={activity.pk}", HTTP_HX_REQUEST="true"
    )
    assert keep.status_code == 200 and "Stickprov gjort." in keep.content.decode()
    overwrite = post(logged_in(world["colleague"]), world, activity, result="Mitt.", version=1)
    assert overwrite.status_code == 200
    assert ActivityFollowUp.objects.get(activity=activity).history.count() == 2


def test_manager_may_not_enter_follow_ups(world: dict) -> None:
    plan = plan_with_risks(world, [(1, 1)])
    activity = ControlActivity.objects.get(risk__plan=plan)
    manager = logged_in(world["manager"])
    assert manager.get(follow_up_url(world)).status_code == 403
    assert post(manager, world, activity).status_code == 403
    assert logged_in(world["reader"]).get(follow_up_url(world)).status_code == 404
    assert not ActivityFollowUp.objects.exists()


def test_activity_of_another_year_or_unit_is_not_found(world: dict) -> None:
    plan_with_risks(world, [(1, 1)])
    earlier = Year.objects.create(organisation=world["a"].organisation, year=2020)
    other_year = ControlPlan.objects.create(unit=world["a"], year=earlier)
    other_unit = ControlPlan.objects.create(unit=world["b"], year=world["up"].period.year)
    client = logged_in(world["controller"])
    for plan in (other_year, other_unit):
        risk = Risk.objects.create(plan=plan, description="R", probability=1, consequence=1)
        activity = ControlActivity.objects.create(risk=risk, what="A", method="M")
        assert post(client, world, activity).status_code == 404
    response = client.post(follow_up_url(world), {"activity": "x"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 404
    assert not ActivityFollowUp.objects.exists()


def test_service_refuses_an_activity_of_another_units_plan(world: dict) -> None:
    other = ControlPlan.objects.create(unit=world["b"], year=world["up"].period.year)
    risk = Risk.objects.create(plan=other, description="R", probability=1, consequence=1)
    activity = ControlActivity.objects.create(risk=risk, what="A", method="M")
    with pytest.raises(EntryError, match="hör inte till"):
        follow_up_set(
            actor=world["admin"],
            unit_period=world["up_year"],
            activity=activity,
            changes={"result": "x"},
            expected_version=None,
        )
    assert not ActivityFollowUp.objects.exists()
