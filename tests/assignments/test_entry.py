"""Entering assignments' status and nuläge: htmx rows, earlier notes, conflicts, locks, roles."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from assignments import services
from assignments.models import AssignmentNote, AssignmentStatus
from scorecards.models import Role, UnitPeriod
from scorecards.services import EntryError, PeriodClosed, Via
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> dict:
    root, (div_a, div_b) = factories.organisation_tree(2, slug="u")
    p = factories.periods(root.organisation, 2021)
    year = p["T2"].year
    up = factories.unit_period(div_a, p["T2"])
    factories.unit_period(div_a, p["T1"])
    factories.unit_period(div_b, p["T2"])
    architecture = factories.assignment(
        div_a,
        year,
        "arkitektur",
        title="Arkitektur",
        description="Ta fram en **målarkitektur**. <script>alert('x')</script>",
        decision_reference="RS 2021/12",
        owner_title="Divisionschef",
    )
    factories.assignment_note(
        architecture, p["T1"], status=AssignmentStatus.IN_PROGRESS, text="Förstudie *pågår*."
    )
    return {
        "a": div_a,
        "b": div_b,
        "up": up,
        "p": p,
        "assignment": architecture,
        "other_assignment": factories.assignment(div_b, year, "annat", title="Annat uppdrag"),
        "controller": factories.user("c", unit=div_a, role=Role.CONTROLLER),
        "colleague": factories.user("c2", unit=div_a, role=Role.CONTROLLER),
        "manager": factories.user("m", unit=div_a, role=Role.MANAGER),
        "reader": factories.user("r", unit=root, role=Role.READER),
        "other": factories.user("o", unit=div_b, role=Role.CONTROLLER),
    }


def page_url(world: dict) -> str:
    return f"/styrkort/{world['a'].slug}/2021-T2/registrera/uppdrag/"


def row_url(world: dict, assignment_id: int | None = None) -> str:
    return f"{page_url(world)}{assignment_id or world['assignment'].pk}/"


def client(world: dict, who: str) -> Client:
    c = Client()
    c.force_login(world[who])
    return c


def note(world: dict) -> AssignmentNote | None:
    return AssignmentNote.objects.filter(
        assignment=world["assignment"], period=world["p"]["T2"]
    ).first()


def post(world: dict, who: str, htmx: bool = True, **fields: str) -> Any:
    current = note(world)
    data = {
        "status": AssignmentStatus.IN_PROGRESS,
        "text": "",
        "version": str(current.version if current else 0),
    }
    data.update(fields)
    extra: dict[str, Any] = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client(world, who).post(row_url(world), data, **extra)


def test_entry_page_shows_what_was_asked_and_earlier_nulage(world: dict) -> None:
    response = client(world, "controller").get(page_url(world))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Arkitektur" in html
    assert "<strong>målarkitektur</strong>" in html  # the assignment's Markdown
    assert "<script>alert" not in html  # … sanitised
    assert "RS 2021/12" in html and "Divisionschef" in html
    assert "Tidigare nulägen" in html and "Förstudie <em>pågår</em>." in html
    assert 'name="status"' in html and 'name="text"' in html
    assert '<label for="id_u' in html  # every input has a label


def test_htmx_save_of_status_and_nulage_creates_this_periods_note(world: dict) -> None:
    response = post(world, "controller", status=AssignmentStatus.DONE, text="Klar i *augusti*.")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<article class="entry-row assignment')
    assert "sparat" in html
    stored = note(world)
    assert stored is not None
    assert (stored.status, stored.text, stored.version) == ("done", "Klar i *augusti*.", 1)
    # The earlier period's note is kept as it was.
    t1 = AssignmentNote.objects.get(assignment=world["assignment"], period=world["p"]["T1"])
    assert t1.text == "Förstudie *pågår*."
    record = stored.history.first()
    assert record.history_user == world["controller"]
    assert record.history_change_reason == "webb"


def test_a_second_save_updates_the_note(world: dict) -> None:
    post(world, "controller", text="Första.")
    assert post(world, "controller", text="Andra.").status_code == 200
    stored = note(world)
    assert stored is not None and (stored.text, stored.version) == ("Andra.", 2)


def test_stale_version_is_refused_with_who_saved_it(world: dict) -> None:
    post(world, "colleague", text="Kollegans nuläge.")
    response = post(world, "controller", text="Mitt nuläge.", version="0")
    html = response.content.decode()
    assert response.status_code == 409
    assert "c2" in html and "Behåll deras värde" in html and "Skriv över med mitt värde" in html
    assert note(world).text == "Kollegans nuläge."  # type: ignore[union-attr]
    # Overwriting knowingly sends the version shown in the conflict.
    assert post(world, "controller", text="Mitt nuläge.").status_code == 200
    assert note(world).text == "Mitt nuläge."  # type: ignore[union-attr]


def test_invalid_status_is_refused_inline(world: dict) -> None:
    response = post(world, "controller", status="nonsense")
    assert response.status_code == 422
    assert 'role="alert"' in response.content.decode()
    assert note(world) is None


@pytest.mark.parametrize("status", ["submitted", "approved", "locked"])
def test_closed_period_refuses_web_post_and_service(world: dict, status: str) -> None:
    UnitPeriod.objects.filter(pk=world["up"].pk).update(status=status)
    response = post(world, "controller", text="För sent.")
    assert response.status_code == 422
    assert "kan inte ändras" in response.content.decode()
    with pytest.raises(PeriodClosed):
        services.assignment_note_set(
            actor=world["controller"],
            unit_period=world["up"],
            assignment=world["assignment"],
            changes={"text": "För sent."},
            expected_version=None,
        )
    assert note(world) is None


def test_reader_gets_403_and_other_division_404(world: dict) -> None:
    UnitPeriod.objects.filter(pk=world["up"].pk).update(status=UnitPeriod.Status.APPROVED)
    assert client(world, "reader").get(page_url(world)).status_code == 403
    assert client(world, "other").get(page_url(world)).status_code == 404
    assert post(world, "other", text="x").status_code == 404


def test_manager_sees_the_notes_but_may_not_change_them(world: dict) -> None:
    html = client(world, "manager").get(page_url(world)).content.decode()
    assert "Arkitektur" in html and ">Spara<" not in html
    assert post(world, "manager", text="Chefens text.").status_code == 403
    assert note(world) is None


def test_reader_cannot_write_through_the_service(world: dict) -> None:
    with pytest.raises(PermissionDenied):
        services.assignment_note_set(
            actor=world["reader"],
            unit_period=world["up"],
            assignment=world["assignment"],
            changes={"text": "x"},
            expected_version=None,
        )


def test_another_units_assignment_is_404_and_refused_by_the_service(world: dict) -> None:
    other_id = world["other_assignment"].pk
    assert client(world, "controller").get(row_url(world, other_id)).status_code == 404
    with pytest.raises(EntryError):
        services.assignment_note_set(
            actor=world["controller"],
            unit_period=world["up"],
            assignment=world["other_assignment"],
            changes={"text": "x"},
            expected_version=None,
        )


def test_plain_form_post_redirects_back_to_the_row(world: dict) -> None:
    response = post(world, "controller", htmx=False, text="Utan JavaScript.")
    assert response.status_code == 302
    assert response["Location"].endswith(f"#u{world['assignment'].pk}")
    assert note(world).text == "Utan JavaScript."  # type: ignore[union-attr]


def test_plain_form_error_returns_the_whole_page(world: dict) -> None:
    response = post(world, "controller", htmx=False, status="nonsense")
    html = response.content.decode()
    assert response.status_code == 422
    assert "<html" in html and 'role="alert"' in html


def test_get_of_a_row_changes_nothing(world: dict) -> None:
    response = client(world, "controller").get(row_url(world))
    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith("<article")
    assert note(world) is None


def test_import_path_is_recorded(world: dict) -> None:
    services.assignment_note_set(
        actor=world["controller"],
        unit_period=world["up"],
        assignment=world["assignment"],
        changes={"status": AssignmentStatus.DONE, "text": "Importerad."},
        expected_version=None,
        via=Via.IMPORT,
    )
    assert note(world).history.first().history_change_reason == "import"  # type: ignore[union-attr]


@pytest.mark.parametrize("n", [1, 10])
def test_entry_page_query_count_does_not_grow_with_assignments(
    world: dict, n: int, django_assert_num_queries: Any
) -> None:
    year = world["p"]["T2"].year
    for i in range(n):
        extra = factories.assignment(world["a"], year, f"extra{i}", title=f"Extra {i}")
        factories.assignment_note(extra, world["p"]["T1"], text=f"T1 {i}")
        factories.assignment_note(extra, world["p"]["T2"], text=f"T2 {i}")
    c = client(world, "controller")
    # session, user, roles, unit period; may enter (roles + EXISTS); assignments; notes.
    with django_assert_num_queries(6):
        response = c.get(page_url(world))
    assert response.content.decode().count('class="entry-row assignment') == n + 1
