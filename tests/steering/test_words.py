"""Inställningar → Benämningar och belopp: the organisation's kind, its own words and the
unit of its amounts change what ``organisation.terms`` and ``organisation.amounts`` give
(and so the reports and pages); refused input changes nothing."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from common.numbers import AmountFormat
from scorecards.models import Organisation
from scorecards.terms import OrganisationKind
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation() -> Organisation:
    top, _divisions = factories.organisation_tree(slug="region-ord")
    return top.organisation


@pytest.fixture
def admin() -> Client:
    return factories.logged_in(factories.user("ordadmin", superuser=True))


def url(organisation: Organisation, save: bool = False) -> str:
    return f"/installningar/{organisation.slug}/benamningar/" + ("spara/" if save else "")


def form(**changes: str) -> dict[str, Any]:
    return {
        "kind": "region",
        "organisation_goals_term": "",
        "unit_goals_term": "",
        "deciding_body_term": "",
        "unit_term": "",
        "amount_scale": "",
        "amount_decimals": "",
        **changes,
    }


def stored(organisation: Organisation) -> dict[str, Any]:
    organisation.refresh_from_db()
    return {f.name: getattr(organisation, f.name) for f in Organisation._meta.concrete_fields}


def test_the_page_shows_the_kinds_defaults_as_placeholders(
    admin: Client, organisation: Organisation
) -> None:
    page = admin.get(url(organisation))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'placeholder="Regionens strategiska mål"' in html
    assert 'placeholder="regionstyrelsen"' in html
    assert "Typens standard (mnkr, 1 decimal)" in html
    # What the words and amounts are now, with an example amount in the current unit.
    assert "85\u00a0000\u00a0kr visas som 0,1\u00a0mnkr" in html


def test_the_words_and_amount_unit_change_terms_and_amounts(
    admin: Client, organisation: Organisation
) -> None:
    response = admin.post(
        url(organisation, save=True),
        form(
            kind="joint_committee",
            organisation_goals_term="  Förbundets mål ",
            deciding_body_term="direktionen",
            amount_scale="tkr",
            amount_decimals="1",
        ),
    )
    assert (response.status_code, response["Location"]) == (302, url(organisation))
    organisation.refresh_from_db()
    assert organisation.kind == OrganisationKind.JOINT_COMMITTEE
    terms = organisation.terms
    assert terms.organisation_goals == "Förbundets mål"
    assert terms.deciding_body == "direktionen"
    # Left blank: the joint committee's defaults.
    assert (terms.unit_goals, terms.unit) == ("Verksamhetens mål", "verksamhet")
    assert organisation.amounts == AmountFormat("tkr", 1)
    assert organisation.amounts.format(Decimal("85000")) == "85,0\u00a0tkr"
    page = admin.get(url(organisation)).content.decode()
    assert "Benämningarna och beloppsenheten är sparade." in page
    # The placeholders follow the new kind.
    assert 'placeholder="Verksamhetens mål"' in page


def test_a_blank_amount_unit_gives_the_kinds_default(
    admin: Client, organisation: Organisation
) -> None:
    admin.post(url(organisation, save=True), form(amount_scale="kr", amount_decimals="0"))
    organisation.refresh_from_db()
    assert organisation.amounts == AmountFormat("kr", 0)
    admin.post(url(organisation, save=True), form(kind="joint_committee"))
    organisation.refresh_from_db()
    assert (organisation.amount_scale, organisation.amount_decimals) == ("", None)
    # A joint committee's 85 000 kr is never "0,1 mnkr".
    assert organisation.amounts.format(Decimal("85000")) == "85\u00a0000\u00a0kr"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"amount_scale": "tkr", "amount_decimals": "abc"}, "amount_decimals", "Välj 0, 1 eller 2"),
        ({"amount_scale": "tkr", "amount_decimals": "3"}, "amount_decimals", "Välj 0, 1 eller 2"),
        ({"amount_decimals": "1"}, "amount_decimals", "Välj en beloppsenhet"),
        ({"amount_scale": "öre"}, "amount_scale", "Välj ett giltigt alternativ"),
        ({"kind": "landsting"}, "kind", "Välj ett giltigt alternativ"),
        ({"unit_term": "x" * 101}, "unit_term", "som mest 100 tecken"),
    ],
)
def test_refused_input_changes_nothing_and_names_the_field(
    admin: Client, organisation: Organisation, changes: dict[str, str], field: str, message: str
) -> None:
    before = stored(organisation)
    response = admin.post(
        url(organisation, save=True), form(organisation_goals_term="Sparas inte", **changes)
    )
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert message in " ".join(errors[field])
    assert message in response.content.decode()
    assert stored(organisation) == before


def test_only_the_administrator_changes_the_words(organisation: Organisation) -> None:
    division = organisation.units.get(slug="region-ord-div0")
    manager = factories.client_for("ordchef", division, "manager")
    before = stored(organisation)
    assert manager.get(url(organisation)).status_code == 403
    assert (
        manager.post(url(organisation, save=True), form(unit_term="avdelning")).status_code == 403
    )
    other, _ = factories.organisation_tree(slug="annan-region")
    stranger = factories.client_for("ordframmande", other, "manager")
    assert stranger.get(url(organisation)).status_code == 404
    assert stranger.post(url(organisation, save=True), form()).status_code == 404
    assert stored(organisation) == before
