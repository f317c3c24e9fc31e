"""The Django admin writes through the one write path: version check, period lock,
history with the path "admin"; unit period statuses move only through the workflow."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from assignments.models import AssignmentNote
from scorecards.models import MeasureOutcome, UnitPeriod
from scorecards.services import Via, outcome_set
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> dict[str, Any]:
    w: dict[str, Any] = factories.entry_world("adm")
    factories.scorecard_model(w["a"], w["periods"]["T1"], 1)
    w["outcome"] = MeasureOutcome.objects.get(measure__goal__unit=w["a"], measure__key="m0")
    return w


def _value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else ""
    if isinstance(value, list | tuple):
        return [_value(v) for v in value]
    return str(value.pk if hasattr(value, "pk") else value)


def _form_data(response: Any) -> dict[str, Any]:
    """What the admin change page would post back unchanged: its form and its inlines."""
    form = response.context["adminform"].form
    data = {form.add_prefix(name): _value(form[name].value()) for name in form.fields}
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data.update(
            {management.add_prefix(n): _value(management[n].value()) for n in management.fields}
        )
        for row in formset.forms:
            data.update({row.add_prefix(n): _value(row[n].value()) for n in row.fields})
    return {k: v for k, v in data.items() if v != ""}


def _change(client: Client, obj: Any) -> tuple[str, dict[str, Any]]:
    meta = obj._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    response = client.get(url)
    assert response.status_code == 200
    return url, _form_data(response)


def test_a_stale_admin_form_gets_the_conflict_and_writes_nothing(world: dict[str, Any]) -> None:
    admin = factories.logged_in(world["admin"])
    url, form = _change(admin, world["outcome"])
    # The controller saves after the administrator opened the form.
    outcome_set(
        actor=world["controller"],
        unit_period=world["up"],
        measure=world["outcome"].measure,
        changes={"value": Decimal("7")},
        expected_version=world["outcome"].version,
    )
    saved = MeasureOutcome.objects.get(pk=world["outcome"].pk)

    response = admin.post(url, {**form, "value": "3"})

    assert response.status_code == 200  # the form again, with the conflict
    assert "sparade en ändring" in response.content.decode()
    now = MeasureOutcome.objects.get(pk=world["outcome"].pk)
    assert (now.value, now.version) == (Decimal("7"), saved.version)


def test_an_admin_save_bumps_the_version_and_is_audited_as_admin(world: dict[str, Any]) -> None:
    admin = factories.logged_in(world["admin"])
    url, form = _change(admin, world["outcome"])
    before = world["outcome"].version

    response = admin.post(url, {**form, "value": "3"})

    assert response.status_code == 302
    now = MeasureOutcome.objects.get(pk=world["outcome"].pk)
    assert (now.value, now.version) == (Decimal("3"), before + 1)
    record = now.history.first()
    assert (record.history_change_reason, record.history_user) == (Via.ADMIN, world["admin"])


def test_an_admin_save_in_a_closed_period_is_refused(world: dict[str, Any]) -> None:
    admin = factories.logged_in(world["admin"])
    url, form = _change(admin, world["outcome"])
    UnitPeriod.objects.filter(pk=world["up"].pk).update(status=UnitPeriod.Status.APPROVED)

    response = admin.post(url, {**form, "value": "3"})

    assert response.status_code == 403
    assert MeasureOutcome.objects.get(pk=world["outcome"].pk).value == world["outcome"].value


def test_the_assignment_inline_refuses_a_note_of_a_closed_period(world: dict[str, Any]) -> None:
    year = world["periods"]["T1"].year
    assignment = factories.assignment(world["a"], year, "lokaler")
    note = factories.assignment_note(assignment, world["periods"]["T1"], text="Före.")
    admin = factories.logged_in(world["admin"])
    url, form = _change(admin, assignment)
    UnitPeriod.objects.filter(pk=world["up"].pk).update(status=UnitPeriod.Status.APPROVED)
    text_key = next(k for k in form if k.endswith("-text"))

    response = admin.post(url, {**form, text_key: "Ändrad i admin."})

    assert response.status_code == 200  # the form again, with the reason
    assert "kan inte ändras" in response.content.decode()
    assert AssignmentNote.objects.get(pk=note.pk).text == "Före."


def test_the_assignment_inline_writes_an_open_note_through_the_write_path(
    world: dict[str, Any],
) -> None:
    year = world["periods"]["T1"].year
    assignment = factories.assignment(world["a"], year, "lokaler")
    note = factories.assignment_note(assignment, world["periods"]["T1"], text="Före.")
    admin = factories.logged_in(world["admin"])
    url, form = _change(admin, assignment)
    text_key = next(k for k in form if k.endswith("-text"))

    response = admin.post(url, {**form, text_key: "Ändrad i admin."})

    assert response.status_code == 302
    now = AssignmentNote.objects.get(pk=note.pk)
    assert (now.text, now.version) == ("Ändrad i admin.", note.version + 1)
    assert now.history.first().history_change_reason == Via.ADMIN


def test_the_unit_period_admin_does_not_change_the_status(world: dict[str, Any]) -> None:
    UnitPeriod.objects.filter(pk=world["up"].pk).update(status=UnitPeriod.Status.APPROVED)
    admin = factories.logged_in(world["admin"])
    url, form = _change(admin, UnitPeriod.objects.get(pk=world["up"].pk))
    assert "status" not in form  # read-only: reopening is the status page's, with a reason

    response = admin.post(url, {**form, "status": UnitPeriod.Status.OPEN, "document_id": "D-1"})

    assert response.status_code == 302
    up = UnitPeriod.objects.get(pk=world["up"].pk)
    assert (up.status, up.document_id) == (UnitPeriod.Status.APPROVED, "D-1")
