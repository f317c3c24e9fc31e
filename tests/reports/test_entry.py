"""Entering the report's texts and perspective assessments: order, preview, conflicts, roles."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from reports import services
from reports.models import NarrativeSection, SectionKind
from scorecards.models import Attainment, Perspective, PerspectiveAssessment, Role, UnitPeriod
from scorecards.services import EntryError, PeriodClosed
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> dict:
    root, (div_a, div_b) = factories.organisation_tree(2, slug="t")
    p = factories.periods(root.organisation, 2021)
    up = factories.unit_period(div_a, p["T1"])
    factories.unit_period(div_b, p["T1"])
    factories.scorecard_model(div_a, p["T1"], 0)  # the five perspectives of 2021
    older = factories.periods(root.organisation, 2020)
    return {
        "a": div_a,
        "up": up,
        "period": p["T1"],
        "economy": Perspective.objects.get(year=p["T1"].year, slug="ekonomi"),
        "old_perspective": Perspective.objects.create(
            year=older["T1"].year, slug="ekonomi", name="Ekonomi 2020"
        ),
        "controller": factories.user("c", unit=div_a, role=Role.CONTROLLER),
        "colleague": factories.user("c2", unit=div_a, role=Role.CONTROLLER),
        "manager": factories.user("m", unit=div_a, role=Role.MANAGER),
        "reader": factories.user("r", unit=root, role=Role.READER),
        "other": factories.user("o", unit=div_b, role=Role.CONTROLLER),
    }


def base(world: dict) -> str:
    return f"/styrkort/{world['a'].slug}/2021-T1/registrera/texter/"


def client(world: dict, who: str) -> Client:
    c = Client()
    c.force_login(world[who])
    return c


def section(world: dict, kind: str = "summary") -> NarrativeSection | None:
    return NarrativeSection.objects.filter(
        unit=world["a"], period=world["period"], kind=kind
    ).first()


def post_text(
    world: dict, who: str, body: str, *, kind: str = "summary", htmx: bool = True, **extra: str
) -> Any:
    stored = section(world, kind)
    data = {"body": body, "version": str(stored.version if stored else 0), **extra}
    headers: dict[str, Any] = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client(world, who).post(f"{base(world)}{kind}/", data, **headers)


def test_entry_page_has_every_text_in_the_reports_order(world: dict) -> None:
    response = client(world, "controller").get(base(world))
    html = response.content.decode()
    assert response.status_code == 200
    headings = [str(kind.label) for kind in SectionKind]
    positions = [html.index(f">{h}</h2>") for h in headings]
    assert positions == sorted(positions)
    assert headings[:4] == [
        "Sammanfattning",
        "Förväntad utveckling",
        "Styrning och uppföljning",
        "Analys per perspektiv",
    ]
    assert headings[-1] == "Investeringar"
    # Each perspective has an analysis text and an assessment, inside its analysis section.
    analysis, staff = (
        html.index(">Analys per perspektiv</h2>"),
        html.index(">Väsentliga personalförhållanden</h2>"),
    )
    for name in ("Samhälle", "Medborgare", "Verksamhet", "Medarbetare", "Ekonomi"):
        assert analysis < html.index(f">{name}</h3>") < staff
    assert html.count('name="body"') == len(SectionKind) - 1 + 5
    assert html.count('name="attainment"') == 5
    assert html.count(">Förhandsgranska<") == len(SectionKind) - 1 + 5 + 5


def test_htmx_save_of_a_text_returns_the_block(world: dict) -> None:
    response = post_text(world, "controller", "Divisionen **når** sina mål.")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<article class="entry-row text')
    assert "sparat" in html
    stored = section(world)
    assert stored is not None and stored.body == "Divisionen **når** sina mål."
    assert stored.history.first().history_change_reason == "webb"


def test_perspective_analysis_and_assessment_are_saved_per_perspective(world: dict) -> None:
    c = client(world, "controller")
    url = f"{base(world)}perspektiv/ekonomi/"
    response = c.post(
        url, {"body": "Ekonomin är i balans.", "version": "0"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    stored = NarrativeSection.objects.get(kind="perspective", perspective=world["economy"])
    assert stored.body == "Ekonomin är i balans."
    response = c.post(
        f"{url}bedomning/",
        {"attainment": Attainment.PARTLY, "text": "Två av tre mål nås.", "version": "0"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith('<article class="entry-row assessment')
    assessment = PerspectiveAssessment.objects.get(
        unit=world["a"], period=world["period"], perspective=world["economy"]
    )
    assert (assessment.attainment, assessment.text) == ("partly", "Två av tre mål nås.")


def test_manager_may_write_texts_and_assessments(world: dict) -> None:
    assert post_text(world, "manager", "Chefens sammanfattning.").status_code == 200
    assert section(world).body == "Chefens sammanfattning."  # type: ignore[union-attr]
    response = client(world, "manager").post(
        f"{base(world)}perspektiv/ekonomi/bedomning/",
        {"attainment": Attainment.ACHIEVED, "text": "", "version": "0"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200


def test_preview_is_sanitised_and_saves_nothing(world: dict) -> None:
    response = client(world, "controller").post(
        f"{base(world)}forhandsgranska/?block=t-summary",
        {"body": "**Fet** text <script>alert('x')</script>", "version": "0"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>Fet</strong>" in html
    assert "<script" not in html and "alert(" not in html
    assert not NarrativeSection.objects.exists()
    assert not NarrativeSection.history.exists()


def test_preview_of_an_assessment_renders_its_text(world: dict) -> None:
    response = client(world, "controller").post(
        f"{base(world)}forhandsgranska/?block=b-ekonomi",
        {"attainment": "partly", "text": "*Delvis*", "version": "0"},
        HTTP_HX_REQUEST="true",
    )
    assert "<em>Delvis</em>" in response.content.decode()
    assert not PerspectiveAssessment.objects.exists()


def test_preview_without_javascript_returns_the_page_with_the_text_kept(world: dict) -> None:
    response = client(world, "controller").post(
        f"{base(world)}forhandsgranska/?block=t-summary",
        {"body": "Utkast med *betoning*.", "version": "0"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html and "<em>betoning</em>" in html
    assert "Utkast med *betoning*.</textarea>" in html
    assert not NarrativeSection.objects.exists()


def test_preview_is_not_possible_by_get_nor_for_readers(world: dict) -> None:
    assert client(world, "controller").get(f"{base(world)}forhandsgranska/").status_code == 405
    UnitPeriod.objects.filter(pk=world["up"].pk).update(status=UnitPeriod.Status.APPROVED)
    response = client(world, "reader").post(f"{base(world)}forhandsgranska/", {"body": "x"})
    assert response.status_code == 403


def test_stale_version_is_refused_with_who_saved_it(world: dict) -> None:
    post_text(world, "colleague", "Kollegans text.")
    response = post_text(world, "controller", "Min text.", version="0")
    html = response.content.decode()
    assert response.status_code == 409
    assert "c2" in html and "Behåll deras värde" in html and "Skriv över med mitt värde" in html
    assert section(world).body == "Kollegans text."  # type: ignore[union-attr]
    assert post_text(world, "controller", "Min text.").status_code == 200
    assert section(world).body == "Min text."  # type: ignore[union-attr]


@pytest.mark.parametrize("status", ["submitted", "approved", "locked"])
def test_closed_period_refuses_web_post_and_service(world: dict, status: str) -> None:
    UnitPeriod.objects.filter(pk=world["up"].pk).update(status=status)
    response = post_text(world, "manager", "För sent.")
    assert response.status_code == 422
    assert "kan inte ändras" in response.content.decode()
    with pytest.raises(PeriodClosed):
        services.narrative_set(
            actor=world["manager"],
            unit_period=world["up"],
            kind="summary",
            perspective=None,
            changes={"body": "För sent."},
            expected_version=None,
        )
    assert section(world) is None


def test_reader_gets_403_and_other_division_404(world: dict) -> None:
    UnitPeriod.objects.filter(pk=world["up"].pk).update(status=UnitPeriod.Status.APPROVED)
    assert client(world, "reader").get(base(world)).status_code == 403
    assert client(world, "other").get(base(world)).status_code == 404
    assert post_text(world, "other", "x").status_code == 404
    with pytest.raises(PermissionDenied):
        services.narrative_set(
            actor=world["reader"],
            unit_period=world["up"],
            kind="summary",
            perspective=None,
            changes={"body": "x"},
            expected_version=None,
        )


def test_unknown_kind_and_other_years_perspective_are_404(world: dict) -> None:
    c = client(world, "controller")
    assert c.get(f"{base(world)}nonsense/").status_code == 404
    assert c.get(f"{base(world)}perspective/").status_code == 404
    assert c.get(f"{base(world)}perspektiv/okand/").status_code == 404


def test_service_refuses_a_perspective_where_none_belongs(world: dict) -> None:
    for kind, perspective in [
        ("summary", world["economy"]),
        ("perspective", None),
        ("perspective", world["old_perspective"]),
        ("nonsense", None),
    ]:
        with pytest.raises(EntryError):
            services.narrative_set(
                actor=world["controller"],
                unit_period=world["up"],
                kind=kind,
                perspective=perspective,
                changes={"body": "x"},
                expected_version=None,
            )
    assert not NarrativeSection.objects.exists()


def test_plain_form_post_redirects_back_to_the_block(world: dict) -> None:
    response = post_text(world, "controller", "Utan JavaScript.", htmx=False)
    assert response.status_code == 302
    assert response["Location"].endswith("#t-summary")
    assert section(world).body == "Utan JavaScript."  # type: ignore[union-attr]


def test_plain_form_conflict_returns_the_page_with_the_block_in_conflict(world: dict) -> None:
    post_text(world, "colleague", "Kollegans text.")
    response = post_text(world, "controller", "Min text.", htmx=False, version="0")
    html = response.content.decode()
    assert response.status_code == 409
    assert "<html" in html and "Skriv över med mitt värde" in html


@pytest.mark.parametrize("with_texts", [False, True])
def test_entry_page_query_count_does_not_grow_with_texts(
    world: dict, with_texts: bool, django_assert_num_queries: Any
) -> None:
    if with_texts:
        for kind in SectionKind:
            if kind != SectionKind.PERSPECTIVE:
                factories.narrative(world["a"], world["period"], kind, f"Text {kind}.")
        for perspective in Perspective.objects.filter(year=world["period"].year):
            factories.narrative(
                world["a"], world["period"], "perspective", "Analys.", perspective=perspective
            )
    c = client(world, "controller")
    # session, user, roles, unit period; may enter (roles + EXISTS);
    # perspectives, texts, assessments; and 15 for the live figures the texts may name
    # (report template, texts, the sections' figures: scorecard, finance, staff, …).
    with django_assert_num_queries(22):
        response = c.get(base(world))
    assert response.status_code == 200


def test_stale_assessment_is_refused_with_their_value(world: dict) -> None:
    url = f"{base(world)}perspektiv/ekonomi/bedomning/"
    data = {"attainment": Attainment.ACHIEVED, "text": "Allt nås.", "version": "0"}
    assert client(world, "manager").post(url, data, HTTP_HX_REQUEST="true").status_code == 200
    data = {"attainment": Attainment.NOT_ACHIEVED, "text": "Inget nås.", "version": "0"}
    response = client(world, "controller").post(url, data, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 409
    assert "m sparade" in html and "Uppnått – Allt nås." in html
    assessment = PerspectiveAssessment.objects.get(perspective=world["economy"])
    assert assessment.attainment == Attainment.ACHIEVED
