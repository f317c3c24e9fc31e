"""Set-up on the demo: who may change what, frozen figures of closed periods, bad input,
proposed targets, and the query count of the year page."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from scorecards.models import (
    Measure,
    MeasureOutcome,
    Perspective,
    PerspectiveAssessment,
    StrategicGoal,
    Unit,
    UnitGoal,
    UnitPeriod,
)
from steering.forms import MeasureForm

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_module")]

ORG = "region-norrbotten"


def client(username: str) -> Client:
    c = Client()
    c.force_login(User.objects.get(username=username))
    return c


def measure(year: int, key: str = "major-incidents", unit: str = "lansteknik") -> Measure:
    return Measure.objects.select_related("goal").get(
        goal__unit__slug=unit, goal__perspective__year__year=year, key=key
    )


def form_data(m: Measure, **changes: str) -> dict[str, str]:
    """The measure's edit form as the page fills it in, with ``changes`` typed over it."""
    data: dict[str, str] = {}
    for name, value in MeasureForm.initial_for(m).items():
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is None:
            data[name] = ""
        else:
            data[name] = str(value)
    data.update(changes)
    return data


def save(who: str, year: int, m: Measure, htmx: bool = True, **changes: str) -> Any:
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client(who).post(
        f"/installningar/{ORG}/{year}/styrmatt/", form_data(m, **changes), **extra
    )


def state(m: Measure) -> tuple[object, ...]:
    m.refresh_from_db()
    return (
        m.target_value,
        m.target_text,
        m.target_direction,
        m.partly_threshold,
        m.decimals,
        m.history.count(),  # type: ignore[attr-defined]
        MeasureOutcome.objects.filter(measure=m).count(),
    )


# ---------------------------------------------------------------------------- rights


def test_manager_changes_a_target_of_their_own_unit_with_an_audit_record() -> None:
    m = measure(2021)
    response = save("manager", 2021, m, target_value="8", target_text="")
    assert response.status_code == 200, response.content.decode()
    m.refresh_from_db()
    assert m.target_value == Decimal(8)
    assert m.target_text == "Högst 8\u00a0st"
    record = m.history.first()  # type: ignore[attr-defined]
    assert (record.history_user.username, record.history_change_reason) == ("manager", "webb")


def test_manager_may_not_change_the_organisation_wide_model() -> None:
    manager = client("manager")
    base = f"/installningar/{ORG}/"
    perspective = Perspective.objects.get(
        year__organisation__slug=ORG, year__year=2021, slug="ekonomi"
    )
    strategic = StrategicGoal.objects.filter(perspective=perspective).first()
    assert strategic is not None
    top = Unit.objects.get(slug=ORG)
    refused = [
        manager.post(f"{base}2021/perspektiv/", {"name": "Nytt", "description": ""}),
        manager.post(f"{base}2021/perspektiv/", {"id": perspective.pk, "name": "Pengar"}),
        manager.post(f"{base}2021/perspektiv/flytta/", {"id": perspective.pk, "riktning": "upp"}),
        manager.post(f"{base}2021/strategiskt-mal/", {"parent": perspective.pk, "title": "X"}),
        manager.post(f"{base}2021/strategiskt-mal/ta-bort/", {"id": strategic.pk}),
        manager.post(
            f"{base}enhet/", {"name": "X", "slug": "x", "kind": "division", "parent": top.pk}
        ),
        manager.post(
            f"{base}behorighet/", {"username": "reader", "unit": top.pk, "role": "manager"}
        ),
        manager.post("/installningar/ny-organisation/", {"name": "X", "slug": "x"}),
    ]
    assert [r.status_code for r in refused] == [403] * len(refused)
    perspective.refresh_from_db()
    assert perspective.name == "Ekonomi"
    assert StrategicGoal.objects.filter(pk=strategic.pk).exists()
    assert not Unit.objects.filter(slug="x").exists()


def test_manager_gets_404_for_another_units_goals_and_measures() -> None:
    foreign = (
        Measure.objects.filter(goal__perspective__year__year=2021, goal__unit__kind="division")
        .exclude(goal__unit__slug="lansteknik")
        .select_related("goal__unit")
        .first()
    )
    assert foreign is not None
    before = state(foreign)
    manager = client("manager")
    base = f"/installningar/{ORG}/2021/"
    responses = [
        manager.post(f"{base}styrmatt/", form_data(foreign, target_value="1")),
        manager.post(f"{base}styrmatt/ta-bort/", {"id": foreign.pk}),
        manager.post(f"{base}mal/ta-bort/", {"id": foreign.goal_id}),
        manager.post(
            f"{base}mal/",
            {
                "parent": foreign.goal.unit_id,
                "title": "Smuggel",
                "perspective": foreign.goal.perspective_id,
            },
        ),
    ]
    assert [r.status_code for r in responses] == [404] * 4
    assert state(foreign) == before
    assert not UnitGoal.objects.filter(title="Smuggel").exists()


def test_manager_sees_only_their_units_and_no_model_forms() -> None:
    page = client("manager").get(f"/installningar/{ORG}/2021/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Division Länsteknik" in html or "Länsteknik" in html
    assert "Lägg till perspektiv" not in html
    assert "Lägg till styrmått" in html
    others = Unit.objects.filter(organisation__slug=ORG, kind="division").exclude(slug="lansteknik")
    for unit in others:
        assert f"?enhet={unit.slug}" not in html


@pytest.mark.parametrize("who", ["controller", "controller_other", "reader"])
def test_controllers_and_readers_get_403(who: str) -> None:
    c = client(who)
    for url in ("/installningar/", f"/installningar/{ORG}/", f"/installningar/{ORG}/2021/"):
        assert c.get(url).status_code == 403, url


def test_an_organisation_the_user_does_not_see_answers_404() -> None:
    admin = client("admin")
    admin.post("/installningar/ny-organisation/", {"name": "Annan region", "slug": "annan"})
    assert admin.get("/installningar/annan/").status_code == 200
    assert client("manager").get("/installningar/annan/").status_code == 404
    assert client("manager").get("/installningar/annan/2021/").status_code == 404


# --------------------------------------------------------------------- frozen figures


def test_a_measure_with_figures_in_an_approved_period_keeps_its_target() -> None:
    m = measure(2019)
    assert UnitPeriod.objects.get(unit__slug="lansteknik", period__key="2019-T1").status == (
        UnitPeriod.Status.APPROVED
    )
    before = state(m)
    response = save("admin", 2019, m, target_value="8", partly_threshold="")
    html = response.content.decode()
    assert response.status_code == 422
    assert (
        "Styrmåttet har utfall i en låst eller godkänd period (T1 2019). "
        "Ändra målet i nästa års styrmodell."
    ) in html
    assert state(m) == before


@pytest.mark.parametrize(
    "field,value",
    [
        ("target_direction", "at_least"),
        ("decimals", "2"),
        ("frequency", "annual"),
        ("value_kind", "text"),
        ("key", "nytt-namn"),
    ],
)
def test_every_field_that_decides_a_light_is_frozen(field: str, value: str) -> None:
    m = measure(2019)
    before = state(m)
    response = save("admin", 2019, m, **{field: value})
    assert response.status_code == 422
    assert "låst eller godkänd period" in response.content.decode()
    assert state(m) == before


def test_a_frozen_measure_may_still_be_renamed() -> None:
    m = measure(2019)
    response = save("admin", 2019, m, name="Antal större driftstörningar")
    assert response.status_code == 200
    m.refresh_from_db()
    assert m.name == "Antal större driftstörningar"


def test_nothing_holding_frozen_figures_can_be_deleted() -> None:
    m = measure(2019)
    admin = client("admin")
    base = f"/installningar/{ORG}/2019/"
    goal = m.goal
    strategic = goal.success_factor.strategic_goal if goal.success_factor else None
    responses = [
        admin.post(f"{base}styrmatt/ta-bort/", {"id": m.pk}, HTTP_HX_REQUEST="true"),
        admin.post(f"{base}mal/ta-bort/", {"id": goal.pk}, HTTP_HX_REQUEST="true"),
        admin.post(
            f"{base}perspektiv/ta-bort/", {"id": goal.perspective_id}, HTTP_HX_REQUEST="true"
        ),
    ]
    if strategic is not None:
        responses.append(
            admin.post(
                f"{base}strategiskt-mal/ta-bort/", {"id": strategic.pk}, HTTP_HX_REQUEST="true"
            )
        )
        responses.append(
            admin.post(
                f"{base}framgangsfaktor/ta-bort/",
                {"id": goal.success_factor_id},
                HTTP_HX_REQUEST="true",
            )
        )
    assert {r.status_code for r in responses} == {422}
    assert "låst eller godkänd period" in responses[0].content.decode()
    assert Measure.objects.filter(pk=m.pk).exists()
    assert UnitGoal.objects.filter(pk=goal.pk).exists()
    goal.refresh_from_db()
    assert goal.success_factor_id is not None or strategic is None


def test_a_measure_of_an_open_year_can_be_deleted() -> None:
    m = measure(2021)
    response = client("manager").post(
        f"/installningar/{ORG}/2021/styrmatt/ta-bort/", {"id": m.pk}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert not Measure.objects.filter(pk=m.pk).exists()


# ------------------------------------------------------------------------ bad input


def test_a_target_that_is_not_a_number_is_refused_naming_the_field() -> None:
    m = measure(2021)
    before = state(m)
    response = save("manager", 2021, m, target_value="abc")
    html = response.content.decode()
    assert response.status_code == 422
    assert "Målvärde: ”abc” är inte ett tal" in html
    assert 'aria-invalid="true"' in html
    assert state(m) == before


def test_without_javascript_bad_input_returns_the_whole_page_with_the_error() -> None:
    m = measure(2021)
    response = save("manager", 2021, m, htmx=False, target_value="abc")
    html = response.content.decode()
    assert response.status_code == 422
    assert "<h1>" in html and "”abc” är inte ett tal" in html


def test_without_javascript_a_save_redirects_back_to_the_measure() -> None:
    m = measure(2021)
    response = save("manager", 2021, m, htmx=False, target_value="9")
    assert response.status_code == 302
    assert response["Location"] == f"/installningar/{ORG}/2021/?enhet=lansteknik#m{m.pk}"


def test_swedish_numbers_are_parsed() -> None:
    m = measure(2021)
    response = save("manager", 2021, m, target_value="4,8", partly_threshold="5,5", decimals="1")
    assert response.status_code == 200, response.content.decode()
    m.refresh_from_db()
    assert (m.target_value, m.partly_threshold) == (Decimal("4.8"), Decimal("5.5"))


def test_a_threshold_on_the_wrong_side_is_shown_next_to_the_field() -> None:
    m = measure(2021)
    response = save("manager", 2021, m, target_value="10", partly_threshold="5")
    assert response.status_code == 422
    assert "Gränsen för delvis uppnått ligger på fel sida om målet." in response.content.decode()


def test_a_duplicate_perspective_name_is_refused() -> None:
    response = client("admin").post(
        f"/installningar/{ORG}/2021/perspektiv/",
        {"name": "Ekonomi", "description": ""},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    assert "Året har redan ett perspektiv med det namnet." in response.content.decode()


def test_a_taken_unit_slug_is_refused() -> None:
    top = Unit.objects.get(slug=ORG)
    response = client("admin").post(
        f"/installningar/{ORG}/enhet/",
        {"name": "Dubblett", "slug": "lansteknik", "kind": "division", "parent": top.pk},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    assert not Unit.objects.filter(name="Dubblett").exists()


def test_an_unknown_user_gets_a_message_pointing_to_the_admin() -> None:
    top = Unit.objects.get(slug=ORG)
    response = client("admin").post(
        f"/installningar/{ORG}/behorighet/",
        {"username": "finns-inte", "unit": top.pk, "role": "reader"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    assert "Det finns ingen användare ”finns-inte”" in response.content.decode()


# ---------------------------------------------------------------- proposed targets


def test_a_proposed_target_is_shown_and_can_be_confirmed() -> None:
    m = measure(2021)
    Measure.objects.filter(pk=m.pk).update(target_is_proposal=True)
    html = client("manager").get(f"/installningar/{ORG}/2021/?enhet=lansteknik").content.decode()
    assert "Förslag" in html and "Fastställ mål" in html
    response = client("manager").post(
        f"/installningar/{ORG}/2021/styrmatt/faststall/", {"id": m.pk}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    m.refresh_from_db()
    assert not m.target_is_proposal


def test_saving_a_new_target_confirms_a_proposal_but_a_new_name_does_not() -> None:
    m = measure(2021)
    Measure.objects.filter(pk=m.pk).update(target_is_proposal=True)
    save("manager", 2021, m, name="Major incidents")
    m.refresh_from_db()
    assert m.target_is_proposal
    save("manager", 2021, m, target_value="9")
    m.refresh_from_db()
    assert not m.target_is_proposal


# ------------------------------------------------------------------- query counts


@pytest.mark.parametrize(("who", "queries"), [("admin", 11), ("manager", 14)])
def test_year_page_costs_a_fixed_number_of_queries(
    who: str, queries: int, django_assert_num_queries: Any
) -> None:
    c = client(who)
    url = f"/installningar/{ORG}/2021/?enhet=lansteknik"
    c.get(url)
    with django_assert_num_queries(queries):
        assert c.get(url).status_code == 200
    # More measures on the page cost no more queries.
    goal = measure(2021).goal
    for i in range(5):
        Measure.objects.create(
            goal=goal, key=f"extra-{i}", name=f"Extra {i}", target_direction="qualitative"
        )
    with django_assert_num_queries(queries):
        assert c.get(url).status_code == 200


def test_an_unused_perspective_is_deleted_but_not_one_assessed_in_a_closed_period() -> None:
    admin = client("admin")
    base = f"/installningar/{ORG}/2019/perspektiv/"
    for name in ("Tillfälligt", "Bedömt"):
        admin.post(base, {"name": name, "description": ""}, HTTP_HX_REQUEST="true")
    unused = Perspective.objects.get(
        year__organisation__slug=ORG, year__year=2019, name="Tillfälligt"
    )
    assessed = Perspective.objects.get(year__organisation__slug=ORG, year__year=2019, name="Bedömt")
    up = UnitPeriod.objects.get(unit__slug="lansteknik", period__key="2019-T1")
    PerspectiveAssessment.objects.create(unit=up.unit, period=up.period, perspective=assessed)

    refused = admin.post(f"{base}ta-bort/", {"id": assessed.pk}, HTTP_HX_REQUEST="true")
    assert refused.status_code == 422
    assert "låst eller godkänd period (T1 2019)" in refused.content.decode()
    assert Perspective.objects.filter(pk=assessed.pk).exists()
    deleted = admin.post(f"{base}ta-bort/", {"id": unused.pk}, HTTP_HX_REQUEST="true")
    assert deleted.status_code == 200
    assert not Perspective.objects.filter(pk=unused.pk).exists()


def test_perspectives_are_reordered_up_and_down() -> None:
    admin = client("admin")
    ordered = lambda: list(  # noqa: E731
        Perspective.objects.filter(year__organisation__slug=ORG, year__year=2021)
        .order_by("order")
        .values_list("slug", flat=True)
    )
    before = ordered()
    economy = Perspective.objects.get(year__organisation__slug=ORG, year__year=2021, slug="ekonomi")
    url = f"/installningar/{ORG}/2021/perspektiv/flytta/"
    admin.post(url, {"id": economy.pk, "riktning": "upp"}, HTTP_HX_REQUEST="true")
    assert ordered() == [*before[:-2], "ekonomi", before[-2]]
    admin.post(url, {"id": economy.pk, "riktning": "ned"}, HTTP_HX_REQUEST="true")
    assert ordered() == before


def test_organisation_page_costs_a_fixed_number_of_queries(django_assert_num_queries: Any) -> None:
    c = client("admin")
    url = f"/installningar/{ORG}/"
    c.get(url)
    with django_assert_num_queries(6):
        assert c.get(url).status_code == 200
