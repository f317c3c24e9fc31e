"""The read API: tokens, the visibility rule on every resource, pagination, OpenAPI."""

from __future__ import annotations

import io
import json
import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from openapi_spec_validator import validate

from api.models import ApiToken
from api.services import api_token_create, digest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_module")]

SCORECARD = "/api/v1/units/lansteknik/periods/{}/scorecard/"


def token_for(username: str) -> str:
    out = io.StringIO()
    call_command("api_token", username, stdout=out, stderr=io.StringIO())
    return out.getvalue().strip()


def get(url: str, token: str | None, **params: Any) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return Client().get(url, params, headers=headers)


def test_api_token_command_prints_a_token_that_lists_own_units_only() -> None:
    token = token_for("controller")
    assert token.startswith("styrkort_")
    response = get("/api/v1/units/", token)
    assert response.status_code == 200
    slugs = [u["slug"] for u in response.json()["items"]]
    assert "lansteknik" in slugs
    assert not {"narsjukvard", "service", "region-norrbotten"} & set(slugs)
    divisions = [u["slug"] for u in response.json()["items"] if u["kind"] == "division"]
    assert divisions == ["lansteknik"]


def test_another_units_scorecard_answers_404() -> None:
    token = token_for("controller_other")
    assert get(SCORECARD.format("2019-T1"), token).status_code == 404
    assert get("/api/v1/units/lansteknik/", token).status_code == 404
    assert get("/api/v1/units/lansteknik/periods/", token).status_code == 404


def test_reader_sees_approved_periods_only() -> None:
    token = token_for("reader")
    periods = get("/api/v1/units/lansteknik/periods/", token).json()["items"]
    assert periods and {p["status"] for p in periods} <= {"approved", "locked"}
    assert "2021-T1" not in [p["key"] for p in periods]  # open
    assert get(SCORECARD.format("2021-T1"), token).status_code == 404
    assert get(SCORECARD.format("2019-T1"), token).status_code == 200
    assert get("/api/v1/units/lansteknik/periods/2021-T1/finance/", token).status_code == 404


def test_scorecard_has_outcome_attainment_and_trend() -> None:
    body = get(SCORECARD.format("2019-T1"), token_for("controller")).json()
    assert body["period"]["key"] == "2019-T1"
    measures = {
        m["key"]: m for p in body["perspectives"] for g in p["goals"] for m in g["measures"]
    }
    sick = measures["sjukfranvaro"]
    assert sick["outcome_value"] == "4.4500"
    assert sick["attainment"] in {"achieved", "partly", "not_achieved", "not_assessed"}
    assert sick["attainment_label"]
    assert "trend" in sick


def test_finance_investments_and_assignments() -> None:
    token = token_for("controller")
    finance = get("/api/v1/units/lansteknik/periods/2019-T1/finance/", token).json()
    staff = next(c for c in finance["categories"] if c["slug"] == "personalkostnader")
    assert staff["outcome"] == "-32533999.00"
    assert staff["deviation"] == "5000000.00"
    rows = get("/api/v1/units/lansteknik/periods/2019-T1/investments/", token).json()["rows"]
    assert rows[0]["name"] == "IT" and rows[-1]["category_id"] is None  # the total last
    response = get("/api/v1/units/lansteknik/periods/2019/assignments/", token)
    assert response.status_code == 200
    assert {"items", "count"} <= response.json().keys()


def test_lists_are_paginated() -> None:
    token = token_for("admin")
    everything = get("/api/v1/units/", token).json()
    assert everything["count"] == len(everything["items"]) > 2
    first = get("/api/v1/units/", token, page_size=2).json()
    second = get("/api/v1/units/", token, page_size=2, page=2).json()
    assert first["count"] == everything["count"]
    assert [u["slug"] for u in first["items"] + second["items"]] == [
        u["slug"] for u in everything["items"][:4]
    ]


def test_no_token_wrong_token_and_revoked_token_get_401() -> None:
    assert get("/api/v1/units/", None).status_code == 401
    assert get("/api/v1/units/", "styrkort_fel").status_code == 401
    user = User.objects.get(username="controller")
    new = api_token_create(user=user, name="BI")
    assert get("/api/v1/units/", new.plain).status_code == 200
    Client().force_login(user)
    client = Client()
    client.force_login(user)
    client.post(f"/konto/api-nycklar/{new.token.pk}/aterkalla/")
    assert get("/api/v1/units/", new.plain).status_code == 401


def test_token_is_stored_hashed_and_records_its_use() -> None:
    new = api_token_create(user=User.objects.get(username="manager"), name="Intranät")
    stored = ApiToken.objects.get(pk=new.token.pk)
    assert stored.digest == digest(new.plain) != new.plain
    assert new.plain not in json.dumps(list(ApiToken.objects.values()), default=str)
    assert stored.last_used_at is None
    get("/api/v1/organisations/", new.plain)
    stored.refresh_from_db()
    assert stored.last_used_at is not None


def test_the_api_writes_nothing() -> None:
    client = Client()
    headers = {"Authorization": f"Bearer {token_for('admin')}"}
    for method in (client.post, client.put, client.delete):
        assert method(SCORECARD.format("2019-T1"), headers=headers).status_code == 405


def test_units_cost_a_fixed_number_of_queries(django_assert_num_queries: Any) -> None:
    token = token_for("admin")
    # token, last-used update, units page, count
    with django_assert_num_queries(4):
        assert get("/api/v1/units/", token).status_code == 200


def test_openapi_document_validates_and_names_every_resource() -> None:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    validate(document)
    assert set(document["paths"]) >= {
        "/api/v1/organisations/",
        "/api/v1/units/",
        "/api/v1/units/{unit}/",
        "/api/v1/units/{unit}/periods/",
        "/api/v1/units/{unit}/periods/{period}/scorecard/",
        "/api/v1/units/{unit}/periods/{period}/finance/",
        "/api/v1/units/{unit}/periods/{period}/investments/",
        "/api/v1/units/{unit}/periods/{period}/assignments/",
    }
    assert all(set(item) == {"get"} for item in document["paths"].values())


def test_docs_page_loads_nothing_from_a_cdn() -> None:
    client = Client()
    client.force_login(User.objects.get(username="reader"))
    page = client.get("/api/v1/docs").content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert any(s.endswith("swagger-ui-bundle.js") for s in sources)
    assert all(s.startswith("/static/") for s in sources), sources


def test_token_page_shows_a_new_token_once_and_revokes_it() -> None:
    client = Client()
    client.force_login(User.objects.get(username="controller"))
    created = client.post("/konto/api-nycklar/", {"name": "Power BI"})
    assert created.status_code == 200
    plain = created.context["new"].plain
    assert plain in created.content.decode()
    listing = client.get("/konto/api-nycklar/").content.decode()
    assert "Power BI" in listing and plain not in listing
    token = ApiToken.objects.get(name="Power BI")
    assert client.post(f"/konto/api-nycklar/{token.pk}/aterkalla/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_token_page_refuses_an_empty_name_and_anothers_token() -> None:
    client = Client()
    client.force_login(User.objects.get(username="controller"))
    refused = client.post("/konto/api-nycklar/", {"name": " "})
    assert refused.status_code == 422
    assert "Namn:" in refused.content.decode()
    assert not ApiToken.objects.filter(user__username="controller").exists()
    other = api_token_create(user=User.objects.get(username="manager"), name="Hans")
    assert client.post(f"/konto/api-nycklar/{other.token.pk}/aterkalla/").status_code == 404
    other.token.refresh_from_db()
    assert other.token.revoked_at is None


def test_api_token_command_refuses_an_unknown_user() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="finns inte"):
        call_command("api_token", "ingen", stdout=io.StringIO(), stderr=io.StringIO())
