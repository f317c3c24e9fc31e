"""Inställningar → Användare: invite by e-mail with a set-password link, roles, deactivate."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from scorecards.models import Organisation, Role, Unit, UnitMembership

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_module")]

User = get_user_model()
PAGE = "/installningar/region-norrbotten/anvandare/"


def admin() -> Client:
    client = Client()
    client.force_login(User.objects.get(username="admin"))
    return client


def lansteknik() -> Unit:
    return Unit.objects.get(slug="lansteknik")


def invite(client: Client, **data: object) -> object:
    values = {"email": "ny.controller@example.se", "unit": lansteknik().pk, "role": "controller"}
    return client.post(f"{PAGE}bjud-in/", values | data)


def test_an_invited_person_gets_a_role_and_sets_a_password_with_the_link_once(
    django_capture_on_commit_callbacks: Any,
) -> None:
    # The e-mail goes after the commit: a refused invitation sends nothing.
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(admin(), first_name="Ny", last_name="Controller")
    assert response.status_code == 302  # type: ignore[attr-defined]
    user = User.objects.get(email="ny.controller@example.se")
    assert not user.has_usable_password() and user.is_active
    assert UnitMembership.objects.filter(
        user=user, unit=lansteknik(), role=Role.CONTROLLER
    ).exists()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ny.controller@example.se"]
    link = re.search(r"https?://\S+(/konto/losenord/\S+/)", str(mail.outbox[0].body))
    assert link is not None

    person = Client()
    form_page = person.get(link.group(1), follow=True)
    assert "Välj lösenord" in form_page.content.decode()
    done = person.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Tertial-rapport-2023", "new_password2": "Tertial-rapport-2023"},
    )
    assert done.status_code == 302
    login = Client().post(
        "/logga-in/",
        {"username": "ny.controller@example.se", "password": "Tertial-rapport-2023"},
    )
    assert login.status_code == 302 and login["Location"] == "/"
    # Used once: the same link no longer works.
    again = Client().get(link.group(1), follow=True).content.decode()
    assert "inte giltig" in again


def test_an_existing_person_gets_the_role_without_an_email() -> None:
    reader = User.objects.get(username="reader")
    reader.email = "Lasare@Example.se"
    reader.save()
    invite(admin(), email="lasare@example.se", role="manager")
    assert UnitMembership.objects.filter(user=reader, unit=lansteknik(), role=Role.MANAGER).exists()
    assert mail.outbox == []
    assert User.objects.filter(email__iexact="lasare@example.se").count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "inte-en-adress"}, "Ange en giltig e-postadress."),
        ({"role": "kung"}, "Välj ett giltigt alternativ"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(data: dict[str, str], message: str) -> None:
    users, memberships = User.objects.count(), UnitMembership.objects.count()
    response = invite(admin(), **data)
    assert response.status_code == 422  # type: ignore[attr-defined]
    assert message in response.content.decode()  # type: ignore[attr-defined]
    assert (User.objects.count(), UnitMembership.objects.count()) == (users, memberships)
    assert mail.outbox == []


def test_a_unit_of_another_organisation_cannot_be_chosen() -> None:
    committee = Unit.objects.get(slug="gemensam-namnd")
    response = invite(admin(), unit=committee.pk)
    assert response.status_code == 422  # type: ignore[attr-defined]
    assert not User.objects.filter(email="ny.controller@example.se").exists()


def test_the_same_role_twice_is_refused() -> None:
    client = admin()
    invite(client)
    second = invite(client)
    assert second.status_code == 422  # type: ignore[attr-defined]
    assert "redan den rollen" in second.content.decode()  # type: ignore[attr-defined]


def test_deactivating_takes_the_roles_here_and_closes_an_account_with_none_elsewhere() -> None:
    client = admin()
    reader = User.objects.get(username="reader")
    response = client.post(f"{PAGE}inaktivera/", {"id": reader.pk}, follow=True)
    assert "kontot är inaktiverat" in response.content.decode()
    reader.refresh_from_db()
    assert not reader.is_active
    assert not UnitMembership.objects.filter(user=reader).exists()


def test_a_person_with_a_role_in_another_organisation_keeps_the_account() -> None:
    controller = User.objects.get(username="controller")
    UnitMembership.objects.create(
        user=controller, unit=Unit.objects.get(slug="gemensam-namnd"), role=Role.READER
    )
    admin().post(f"{PAGE}inaktivera/", {"id": controller.pk})
    controller.refresh_from_db()
    assert controller.is_active
    org = Organisation.objects.get(slug="region-norrbotten")
    assert not UnitMembership.objects.filter(user=controller, unit__organisation=org).exists()
    assert UnitMembership.objects.filter(user=controller).count() == 1


def test_a_user_without_a_role_here_answers_404_and_a_manager_403() -> None:
    namnd = User.objects.get(username="namnd_controller")
    assert admin().post(f"{PAGE}inaktivera/", {"id": namnd.pk}).status_code == 404
    assert namnd.unit_memberships.exists()
    manager = Client()
    manager.force_login(User.objects.get(username="manager"))
    assert manager.get(PAGE).status_code == 403
    assert invite(manager).status_code == 403  # type: ignore[attr-defined]


def test_the_page_lists_who_has_which_role() -> None:
    page = admin().get(PAGE).content.decode()
    assert "Controller, Division Länsteknik" in page
    assert "namnd_controller" not in page  # a role in another organisation only
