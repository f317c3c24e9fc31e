"""Sign-in with the organisation's identity provider, against a real OIDC provider
started in the test run (oidc-provider-mock: discovery, authorization form, token and
userinfo endpoints, JWKS; ID tokens signed with a key it generates at start)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client
from oidc_provider_mock import User as ProviderUser
from oidc_provider_mock import run_server_in_thread

from scorecards.models import Organisation, Unit, UnitMembership
from sso.models import Identity, MappedRole

pytestmark = pytest.mark.django_db

CLIENT_ID = "styrkort-test"
PEOPLE = [
    ProviderUser(
        sub="anna-sub",
        claims={"email": "anna@norrbotten.example", "email_verified": True, "name": "Anna A"},
    ),
    ProviderUser(
        sub="ny-sub",
        claims={
            "email": "ny.person@norrbotten.example",
            "email_verified": True,
            "preferred_username": "ny.person",
            "given_name": "Ny",
            "family_name": "Person",
            "groups": ["styrkort-lansteknik-controller"],
        },
    ),
    # The provider puts the person's own claims last, so these replace its aud and exp:
    # a token it signed for another system, and one that expired an hour ago.
    ProviderUser(sub="fel-mottagare", claims={"email": "x@example.se", "aud": "annat-system"}),
    ProviderUser(sub="utgangen", claims={"email": "y@example.se", "exp": int(time.time()) - 3600}),
]


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    with run_server_in_thread(user_claims=PEOPLE) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture
def oidc(settings: Any, provider: str) -> str:
    cache.clear()  # discovery is cached per issuer
    settings.OIDC_ISSUER = provider
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = "hemligt"
    settings.OIDC_ORGANISATION_NAME = "Region Norrbotten"
    settings.OIDC_ROLE_CLAIM = ""
    settings.OIDC_ROLE_MAP = ""
    settings.OIDC_CREATE_USERS = True
    return provider


def _sign_in(client: Client, sub: str, next_url: str = "") -> Any:
    """Button → provider's form (the person picks ``sub``) → back to the callback."""
    start = client.post("/logga-in/oidc/" + (f"?next={next_url}" if next_url else ""))
    assert start.status_code == 302, start
    authorize = start["Location"]
    answer = httpx.post(authorize, data={"sub": sub}, follow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    back = urlsplit(answer.headers["location"])
    assert back.path == "/logga-in/oidc/callback/"
    return client.get(back.path, parse_qs(back.query))


def _messages(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_discovery_reads_the_providers_endpoints(oidc: str) -> None:
    from sso import discovery
    from sso.config import config

    found = discovery.provider(config())  # type: ignore[arg-type]
    assert found.issuer == oidc
    assert found.authorization_endpoint.startswith(oidc)
    assert found.jwks_uri.startswith(oidc)


def test_login_page_shows_the_organisation_button_when_configured(oidc: str) -> None:
    page = Client().get("/logga-in/")
    assert "Logga in med Region Norrbotten" in page.content.decode()
    assert 'name="password"' in page.content.decode()  # local accounts stay


def test_login_page_has_no_button_without_a_provider(settings: Any) -> None:
    settings.OIDC_ISSUER = ""
    page = Client().get("/logga-in/")
    assert "Logga in med" not in page.content.decode()
    assert Client().post("/logga-in/oidc/").status_code == 404


def test_start_is_a_post(oidc: str) -> None:
    assert Client().get("/logga-in/oidc/").status_code == 405


def test_start_sends_state_nonce_and_pkce_to_the_provider(oidc: str) -> None:
    response = Client().post("/logga-in/oidc/")
    query = parse_qs(urlsplit(response["Location"]).query)
    assert response["Location"].startswith(oidc + "/oauth2/authorize")
    assert query["client_id"] == [CLIENT_ID]
    assert query["scope"] == ["openid email profile"]
    assert {"state", "nonce", "code_challenge"} <= query.keys()
    assert query["redirect_uri"] == ["http://testserver/logga-in/oidc/callback/"]


def test_code_flow_signs_in_the_user_with_that_email(oidc: str) -> None:
    anna = User.objects.create_user("anna", email="Anna@norrbotten.example")
    client = Client()
    response = _sign_in(client, "anna-sub", next_url="/konto/api-nycklar/")
    assert response.status_code == 302
    assert response["Location"] == "/konto/api-nycklar/"
    assert int(client.session["_auth_user_id"]) == anna.pk
    assert Identity.objects.get(subject="anna-sub").user == anna
    assert client.get("/").status_code == 200


def test_the_subject_decides_once_linked(oidc: str) -> None:
    anna = User.objects.create_user("anna", email="annat@example.se")
    Identity.objects.create(user=anna, issuer=oidc, subject="anna-sub")
    # Another account now has the address the provider sends: the link wins.
    User.objects.create_user("someone", email="anna@norrbotten.example")
    client = Client()
    _sign_in(client, "anna-sub")
    assert int(client.session["_auth_user_id"]) == anna.pk


def test_unknown_user_is_created_without_roles(oidc: str) -> None:
    client = Client()
    response = _sign_in(client, "ny-sub")
    assert response.status_code == 302
    user = User.objects.get(username="ny.person")
    assert (user.email, user.first_name, user.last_name) == (
        "ny.person@norrbotten.example",
        "Ny",
        "Person",
    )
    assert not user.has_usable_password()
    assert not UnitMembership.objects.filter(user=user).exists()
    assert int(client.session["_auth_user_id"]) == user.pk


def test_unknown_user_is_refused_when_users_are_not_created(oidc: str, settings: Any) -> None:
    settings.OIDC_CREATE_USERS = False
    client = Client()
    response = _sign_in(client, "ny-sub")
    assert response["Location"] == "/logga-in/"
    page = client.get("/logga-in/")
    assert "Du har inget konto i Styrkort" in page.content.decode()
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(email="ny.person@norrbotten.example").exists()


def test_wrong_audience_is_refused(oidc: str) -> None:
    client = Client()
    response = _sign_in(client, "fel-mottagare")
    assert response["Location"] == "/logga-in/"
    assert "utfärdad för ett annat system" in client.get("/logga-in/").content.decode()
    assert "_auth_user_id" not in client.session
    assert not Identity.objects.exists()


def test_expired_token_is_refused(oidc: str) -> None:
    client = Client()
    response = _sign_in(client, "utgangen")
    assert response["Location"] == "/logga-in/"
    assert "Inloggningen har gått ut" in client.get("/logga-in/").content.decode()
    assert "_auth_user_id" not in client.session


def test_a_callback_is_used_once(oidc: str) -> None:
    client = Client()
    start = client.post("/logga-in/oidc/")
    answer = httpx.post(start["Location"], data={"sub": "anna-sub"}, follow_redirects=False)
    back = urlsplit(answer.headers["location"])
    assert client.get(back.path, parse_qs(back.query)).status_code == 302
    client.logout()
    again = client.get(back.path, parse_qs(back.query))
    assert again["Location"] == "/logga-in/"
    assert "_auth_user_id" not in client.session


def test_cancelled_sign_in_says_so(oidc: str) -> None:
    client = Client()
    response = client.get("/logga-in/oidc/callback/", {"error": "access_denied", "state": "x"})
    assert response["Location"] == "/logga-in/"
    assert "Inloggningen avbröts." in client.get("/logga-in/").content.decode()


@pytest.mark.parametrize("where", ["closed port", "no provider at that path"])
def test_misconfigured_issuer_gives_a_swedish_message(oidc: str, settings: Any, where: str) -> None:
    # Nothing listens on port 9 (discard); the provider's host with a path it does not
    # serve answers its discovery URL with 404.
    settings.OIDC_ISSUER = "http://127.0.0.1:9" if where == "closed port" else oidc + "/annan"
    client = Client()
    response = client.post("/logga-in/oidc/")
    assert response.status_code == 302
    assert response["Location"] == "/logga-in/"
    page = client.get("/logga-in/")
    assert page.status_code == 200
    assert "identitetsleverantören kunde inte nås eller är felaktigt inställd" in (
        page.content.decode()
    )


def test_password_login_does_not_ask_the_provider(settings: Any) -> None:
    settings.OIDC_ISSUER = "http://127.0.0.1:9"  # would fail if it were asked
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    User.objects.create_user("lokal", password="ett-langt-losen-1")
    client = Client()
    response = client.post("/logga-in/", {"username": "lokal", "password": "ett-langt-losen-1"})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_group_claim_gives_and_takes_back_roles(oidc: str, settings: Any) -> None:
    organisation = Organisation.objects.create(slug="region-norrbotten", name="Region Norrbotten")
    region = Unit.objects.create(
        organisation=organisation, slug="region-norrbotten", name="Region", kind="organisation"
    )
    lansteknik = Unit.objects.create(
        organisation=organisation, parent=region, slug="lansteknik", name="L", kind="division"
    )
    settings.OIDC_ROLE_CLAIM = "groups"
    settings.OIDC_ROLE_MAP = "styrkort-lansteknik-controller=lansteknik:controller"
    _sign_in(Client(), "ny-sub")
    user = User.objects.get(username="ny.person")
    assert list(UnitMembership.objects.filter(user=user).values_list("unit__slug", "role")) == [
        ("lansteknik", "controller")
    ]
    # A role given by an administrator is never taken back by the mapping.
    UnitMembership.objects.create(user=user, unit=region, role="reader")
    settings.OIDC_ROLE_MAP = "annan-grupp=lansteknik:manager"
    _sign_in(Client(), "ny-sub")
    assert list(UnitMembership.objects.filter(user=user).values_list("unit__slug", "role")) == [
        ("region-norrbotten", "reader")
    ]
    assert not MappedRole.objects.exists()
    assert lansteknik.memberships.count() == 0


def test_discovery_document_of_another_issuer_is_refused(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A recorded document naming another issuer than the configured one (the mock
    provider always names the address it was asked at, so this one is served here)."""
    from sso import discovery
    from sso.config import config

    cache.clear()
    settings.OIDC_ISSUER = "https://login.example.se/tenant"
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    document = {
        "issuer": "https://evil.example.com/tenant",
        "authorization_endpoint": "https://evil.example.com/authorize",
        "token_endpoint": "https://evil.example.com/token",
        "jwks_uri": "https://evil.example.com/keys",
    }
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json=document))

    def get(url: str, **kwargs: Any) -> httpx.Response:
        with httpx.Client(transport=transport) as client:
            return client.get(url, **kwargs)

    monkeypatch.setattr(discovery.httpx, "get", get)
    with pytest.raises(discovery.SignInError, match="felaktigt inställd"):
        discovery.provider(config())  # type: ignore[arg-type]
