"""Entering outcomes: htmx row saves, Swedish input, conflicts, locks, roles, workflow, audit."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scorecards import services
from scorecards.models import Attainment, Measure, MeasureOutcome, Role, UnitPeriod
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> dict:
    root, (div_a, div_b) = factories.organisation_tree(2, slug="e")
    p = factories.periods(root.organisation, 2021)
    up = factories.unit_period(div_a, p["T1"])
    factories.unit_period(div_b, p["T1"])
    factories.scorecard_model(div_a, p["T1"], 3)
    measure = Measure.objects.get(goal__unit=div_a, key="m0")  # target "at most 10", value 0
    return {
        "a": div_a,
        "up": up,
        "measure": measure,
        "period": p["T1"],
        "controller": factories.user("c", unit=div_a, role=Role.CONTROLLER),
        "colleague": factories.user("c2", unit=div_a, role=Role.CONTROLLER),
        "manager": factories.user("m", unit=div_a, role=Role.MANAGER),
        "reader": factories.user("r", unit=root, role=Role.READER),
        "other": factories.user("o", unit=div_b, role=Role.CONTROLLER),
        "admin": factories.user("adm", superuser=True),
    }


def url(world: dict, measure: Measure | None = None) -> str:
    m = measure or world["measure"]
    return f"/styrkort/{world['a'].slug}/2021-T1/registrera/styrmatt/{m.pk}/"


def client(world: dict, who: str) -> Client:
    c = Client()
    c.force_login(world[who])
    return c


def outcome(world: dict) -> MeasureOutcome:
    return MeasureOutcome.objects.get(measure=world["measure"], period=world["period"])


def post(world: dict, who: str, htmx: bool = True, **fields: str) -> object:
    data = {
        "value": "",
        "text": "",
        "comment": "",
        "forecast": "",
        "manual_attainment": "",
        "override_justification": "",
        "version": str(outcome(world).version),
    }
    data.update(fields)
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client(world, who).post(url(world), data, **extra)


def test_htmx_save_parses_swedish_number_and_returns_the_row_with_new_light(world: dict) -> None:
    response = post(world, "controller", value="12,5")
    html = response.content.decode()
    assert response.status_code == 200
    assert outcome(world).value == Decimal("12.5")
    assert html.lstrip().startswith('<article class="entry-row')
    assert "Ej uppnått" in html  # 12,5 against "at most 10"
    assert "sparat" in html


def test_bad_number_is_refused_inline_with_the_field_named(world: dict) -> None:
    before = outcome(world).value
    response = post(world, "controller", value="abc")
    assert response.status_code == 422
    html = response.content.decode()
    assert "Utfall" in html and "abc" in html and "inte ett tal" in html
    assert outcome(world).value == before


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=st.text(max_size=30))
def test_any_text_is_saved_as_a_number_or_refused_with_422(world: dict, text: str) -> None:
    before = outcome(world)
    response = post(world, "controller", value=text)
    after = outcome(world)
    assert response.status_code in (200, 422)
    if response.status_code == 422:
        assert after.value == before.value and after.version == before.version


def test_stale_save_is_refused_with_their_value_who_and_when(world: dict) -> None:
    loaded = outcome(world).version
    post(world, "colleague", value="7")
    response = post(world, "controller", value="9", version=str(loaded))
    html = response.content.decode()
    assert response.status_code == 409
    assert outcome(world).value == Decimal(7)
    assert "c2" in html and "Skriv över med mitt värde" in html and "Behåll deras värde" in html
    # Overwriting knowingly sends the version shown in the conflict.
    assert post(world, "controller", value="9").status_code == 200
    assert outcome(world).value == Decimal(9)


def test_locked_period_refuses_web_save(world: dict) -> None:
    UnitPeriod.objects.filter(pk=world["up"].pk).update(status=UnitPeriod.Status.LOCKED)
    response = post(world, "controller", value="3")
    assert response.status_code == 422
    assert "låst" in response.content.decode()
    assert outcome(world).value == Decimal(0)


@pytest.mark.parametrize("status", ["submitted", "approved", "locked"])
def test_closed_period_refuses_direct_service_call(world: dict, status: str) -> None:
    UnitPeriod.objects.filter(pk=world["up"].pk).update(status=status)
    with pytest.raises(services.PeriodClosed):
        services.outcome_set(
            actor=world["controller"],
            unit_period=world["up"],
            measure=world["measure"],
            changes={"value": Decimal(1)},
            expected_version=outcome(world).version,
        )


def test_manager_may_only_change_the_comment(world: dict) -> None:
    response = post(world, "manager", value="99", comment="Chefens analys.")
    assert response.status_code == 200
    stored = outcome(world)
    assert stored.comment == "Chefens analys."
    assert stored.value == Decimal(0)


def test_reader_gets_403_and_other_unit_404(world: dict) -> None:
    UnitPeriod.objects.filter(pk=world["up"].pk).update(status=UnitPeriod.Status.APPROVED)
    assert (
        client(world, "reader").get(f"/styrkort/{world['a'].slug}/2021-T1/registrera/").status_code
        == 403
    )
    assert (
        client(world, "other").get(f"/styrkort/{world['a'].slug}/2021-T1/registrera/").status_code
        == 404
    )
    assert post(world, "other", value="1").status_code == 404


def test_reader_cannot_write_through_the_service(world: dict) -> None:
    with pytest.raises(PermissionDenied):
        services.outcome_set(
            actor=world["reader"],
            unit_period=world["up"],
            measure=world["measure"],
            changes={"value": Decimal(1)},
            expected_version=outcome(world).version,
        )


def test_get_does_not_change_anything(world: dict) -> None:
    before = outcome(world).version
    assert client(world, "controller").get(url(world)).status_code == 200
    assert outcome(world).version == before


def test_manual_override_needs_justification(world: dict) -> None:
    response = post(world, "controller", value="12", manual_attainment="achieved")
    assert response.status_code == 422
    assert "måste motiveras" in response.content.decode()
    response = post(
        world,
        "controller",
        value="12",
        manual_attainment="achieved",
        override_justification="Incidentdefinitionen ändrades.",
    )
    assert response.status_code == 200
    assert "Uppnått" in response.content.decode()
    assert outcome(world).manual_attainment == Attainment.ACHIEVED


def test_plain_form_post_redirects_back_to_the_row(world: dict) -> None:
    response = post(world, "controller", htmx=False, value="4,8")
    assert response.status_code == 302
    assert response["Location"].endswith(f"#m{world['measure'].pk}")
    assert outcome(world).value == Decimal("4.8")


def test_every_change_is_audited_with_who_and_path(world: dict) -> None:
    post(world, "controller", value="5")
    record = outcome(world).history.first()
    assert record.history_user == world["controller"]
    assert record.history_change_reason == "webb"
    assert record.value == Decimal(5)
    assert record.prev_record.value == Decimal(0)


def test_workflow_submit_approve_lock_and_reopen_with_reason(world: dict) -> None:
    base = f"/styrkort/{world['a'].slug}/2021-T1/status/"

    def status() -> str:
        return UnitPeriod.objects.get(pk=world["up"].pk).status

    client(world, "manager").post(base, {"step": "approve"})
    assert status() == "open"  # can't approve what isn't submitted
    client(world, "controller").post(base, {"step": "submit"})
    assert status() == "submitted"
    assert post(world, "controller", value="1").status_code == 422  # submitted: no writes
    client(world, "controller").post(base, {"step": "approve"})
    assert status() == "submitted"  # a controller can't approve
    client(world, "manager").post(base, {"step": "approve"})
    assert status() == "approved"
    client(world, "manager").post(base, {"step": "lock"})
    assert status() == "approved"  # only admins lock
    client(world, "admin").post(base, {"step": "lock"})
    assert status() == "locked"
    client(world, "admin").post(base, {"step": "reopen", "reason": ""})
    assert status() == "locked"  # a reason is required
    client(world, "admin").post(base, {"step": "reopen", "reason": "Rättning av HME-utfall."})
    assert status() == "open"
    assert UnitPeriod.objects.get(pk=world["up"].pk).history.first().history_change_reason == (
        "webb: Rättning av HME-utfall."
    )


def test_status_change_is_not_possible_by_get(world: dict) -> None:
    response = client(world, "controller").get(
        f"/styrkort/{world['a'].slug}/2021-T1/status/?step=submit"
    )
    assert response.status_code == 405


def test_bulk_write_checks_once_and_rolls_back_everything_on_error(world: dict) -> None:
    measures = list(Measure.objects.filter(goal__unit=world["a"]).order_by("key"))
    versions = {
        m.pk: MeasureOutcome.objects.get(measure=m, period=world["period"]).version
        for m in measures
    }
    with (
        pytest.raises(services.EntryError),
        services.bulk_write(actor=world["controller"], unit_period=world["up"], actions=["edit"]),
    ):
        services.outcome_set(
            actor=world["controller"],
            unit_period=world["up"],
            measure=measures[0],
            changes={"value": Decimal(1)},
            expected_version=versions[measures[0].pk],
        )
        services.outcome_set(  # stale version: the whole block is refused
            actor=world["controller"],
            unit_period=world["up"],
            measure=measures[1],
            changes={"value": Decimal(2)},
            expected_version=versions[measures[1].pk] + 5,
        )
    assert MeasureOutcome.objects.get(measure=measures[0], period=world["period"]).value == Decimal(
        0
    )


def test_bulk_write_refuses_a_locked_period_up_front(world: dict) -> None:
    UnitPeriod.objects.filter(pk=world["up"].pk).update(status=UnitPeriod.Status.APPROVED)
    with (
        pytest.raises(services.PeriodClosed),
        services.bulk_write(actor=world["controller"], unit_period=world["up"], actions=["edit"]),
    ):
        pass


def test_admin_refuses_changes_in_a_closed_period_and_audits_as_admin(world: dict) -> None:
    stored = outcome(world)
    admin_url = f"/admin/scorecards/measureoutcome/{stored.pk}/change/"
    data = {
        "measure": stored.measure_id,
        "period": stored.period_id,
        "value": "3",
        "text": "",
        "manual_attainment": "",
        "override_justification": "",
        "comment": "",
        "forecast": "",
        "version": stored.version,
    }
    c = client(world, "admin")
    assert c.post(admin_url, data).status_code == 302
    assert outcome(world).value == Decimal(3)
    assert outcome(world).history.first().history_change_reason == "admin"
    UnitPeriod.objects.filter(pk=world["up"].pk).update(status=UnitPeriod.Status.LOCKED)
    data["value"] = "4"
    assert c.post(admin_url, data).status_code == 403
    assert outcome(world).value == Decimal(3)
