"""The Nytt verksamhetsår page: plan, confirmation, run, refusal, history, rights."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import NoReverseMatch, reverse

from assignments.models import Assignment
from rollover.models import YearRollover
from scorecards.models import Year

from .conftest import in_year, snapshot

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_2021")]

URL = "/nytt-verksamhetsar/region-norrbotten/"


def client_for(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def new_year_url(year: int) -> str:
    try:
        return reverse("steering:year", args=["region-norrbotten", year])
    except NoReverseMatch:
        return URL


def test_url_contract() -> None:
    assert reverse("rollover:plan", kwargs={"organisation": "region-norrbotten"}) == URL


def test_page_shows_the_plan_for_the_year_after_the_latest(
    django_assert_num_queries: Any,
) -> None:
    client = client_for("admin")
    client.get(URL)  # session and user warmed up; the count below is the page's own
    # Each step reads its own rows once; allocation's inhabitants and budget lines are two.
    with django_assert_num_queries(28):
        response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<h2 id="plan-title">Verksamhetsår 2022 från 2021</h2>' in html
    assert "Det här skapas för 2022" in html
    assert (
        '<a href="#del-measures">Styrmått (målen blir förslag)</a></th><td class="num">34</td>'
        in html
    )
    assert "Division Länsteknik: Uppdrag pagar (Pågår)" in html
    assert "Avslutade och klara uppdrag (kopieras inte)" in html
    assert 'name="to" value="2022"' in html
    assert "Skapa verksamhetsår 2022" in html
    assert "Inget verksamhetsår har skapats här ännu." in html


def test_query_count_does_not_grow_with_the_model(django_assert_num_queries: Any) -> None:
    """After the rollover the page plans 2023 from a year with as many rows: same count."""
    client = client_for("admin")
    client.post(URL, {"to": "2022", "confirm": "on"})
    client.get(URL)
    with django_assert_num_queries(28):
        html = client.get(URL).content.decode()
    assert "Verksamhetsår 2023 från 2022" in html


def test_post_without_confirmation_changes_nothing() -> None:
    before = snapshot()
    response = client_for("admin").post(URL, {"to": "2022"})
    assert response.status_code == 422
    assert "Kryssa i rutan för att bekräfta att året ska skapas." in response.content.decode()
    assert snapshot() == before


def test_post_with_a_broken_year_changes_nothing() -> None:
    before = snapshot()
    response = client_for("admin").post(URL, {"to": "tjugo", "confirm": "on"})
    assert response.status_code == 422
    assert "Året som ska skapas är inte ett årtal. Ladda om sidan." in response.content.decode()
    assert snapshot() == before


def test_post_runs_the_rollover_and_redirects_to_the_new_year() -> None:
    client = client_for("admin")
    response = client.post(URL, {"to": "2022", "confirm": "on"})
    assert response.status_code == 302
    assert response["Location"] == new_year_url(2022)
    assert in_year(2022) == in_year(2021)
    record = YearRollover.objects.get(to_year=2022)
    assert (record.via, record.created_by.username) == ("webb", "admin")  # type: ignore[union-attr]

    html = client.get(URL).content.decode()
    assert "Verksamhetsår 2022 är skapat för Region Norrbotten." in html  # the message
    history = html.split('id="history-title"')[1]
    assert '<th scope="row"><a href="' in history and ">2022</a></th>" in history
    assert "<td>2021</td>" in history and "<td>admin</td>" in history
    assert "Styrmått (målen blir förslag): 34" in history


def test_second_post_for_the_same_year_is_refused_with_the_message() -> None:
    client = client_for("admin")
    client.post(URL, {"to": "2022", "confirm": "on"})
    before = snapshot()
    response = client.post(URL, {"to": "2022", "confirm": "on"})
    html = response.content.decode()
    assert response.status_code == 409
    assert "Verksamhetsår 2022 är redan skapat för Region Norrbotten (" in html
    assert " av admin)." in html
    assert snapshot() == before


def test_page_says_why_it_cant_run_instead_of_offering_the_button(
    demo_2021: dict[str, Any],
) -> None:
    Year.objects.create(organisation=demo_2021["organisation"], year=2022)
    html = client_for("admin").get(URL).content.decode()
    assert "Verksamhetsår 2022 från 2021" not in html
    assert "Verksamhetsår 2022 för Region Norrbotten har ingen styrmodell" in html
    assert "Skapa verksamhetsår" not in html


@pytest.mark.parametrize("username", ["controller", "controller_other", "manager", "reader"])
def test_others_who_see_the_organisation_get_403_and_cant_post(username: str) -> None:
    client = client_for(username)
    assert client.get(URL).status_code == 403
    before = snapshot()
    assert client.post(URL, {"to": "2022", "confirm": "on"}).status_code == 403
    assert snapshot() == before


def test_strangers_and_unknown_organisations_get_404() -> None:
    stranger = User.objects.create_user(username="utomstaende", password="x")
    client = Client()
    client.force_login(stranger)
    assert client.get(URL).status_code == 404
    assert client.post(URL, {"to": "2022", "confirm": "on"}).status_code == 404
    assert client_for("admin").get("/nytt-verksamhetsar/finns-inte/").status_code == 404
    assert not Year.objects.filter(organisation__slug="region-norrbotten", year=2022).exists()


def test_carried_assignment_links_to_the_original_on_the_year_page() -> None:
    client_for("admin").post(URL, {"to": "2022", "confirm": "on"})
    carried = Assignment.objects.get(
        year__organisation__slug="region-norrbotten", year__year=2022, slug="pagar"
    )
    html = client_for("manager").get("/uppdrag/lansteknik/2022/").content.decode()
    card = html.split('id="uppdrag-pagar"')[1].split("</article>")[0]
    assert "Fortsätter från" in card
    assert f'href="/uppdrag/lansteknik/2021/#uppdrag-{carried.slug}"' in card
