"""Inställningar → Rapportmallar: an administrator makes and edits report templates in the
portal (sections, order, headings, options, mandatory, title, cover, amounts) and the
report follows; refused input changes nothing; frozen editions never change."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from common.numbers import AmountFormat
from reports import sections as sections_module
from reports.builder import default_specs, report_data
from reports.models import ReportBuild, ReportKind, ReportTemplate, SectionSpec
from reports.sections import SectionOption, contributed_sections
from reports.services import report_build_request, report_build_run, report_edition_freeze
from scorecards.models import Organisation, UnitPeriod

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_module")]

ORG = "region-norrbotten"
LIST = f"/installningar/{ORG}/rapportmallar/"
HTMX = {"HX-Request": "true"}


def client_of(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


@pytest.fixture
def admin() -> Client:
    return client_of("admin")


def unit_period(key: str = "2021-T1", unit: str = "lansteknik") -> UnitPeriod:
    return UnitPeriod.objects.select_related("unit__organisation", "period__year").get(
        unit__slug=unit, period__key=key
    )


def make_interim(admin: Client) -> ReportTemplate:
    """The interim template made from the default with the list page's button."""
    response = admin.post(f"{LIST}ny/", {"kind": "interim"})
    template = ReportTemplate.objects.get(organisation__slug=ORG, kind=ReportKind.INTERIM)
    assert response.status_code == 302
    assert response["Location"] == f"{LIST}{template.pk}/"
    return template


def form_of(admin: Client, template: ReportTemplate) -> dict[str, Any]:
    """The settings form as the page shows it: every field with its current value."""
    page = admin.get(f"{LIST}{template.pk}/")
    assert page.status_code == 200
    form = page.context["form"]
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if name == "order":
            data["order"] = [row.key for row in form.rows()]
        elif isinstance(value, list):
            data[name] = value
        elif isinstance(value, bool) or field.widget.input_type == "checkbox":
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = value
    return data


def save(admin: Client, template: ReportTemplate, data: dict[str, Any], htmx: bool = False) -> Any:
    return admin.post(f"{LIST}{template.pk}/spara/", data, headers=HTMX if htmx else None)


def test_the_list_shows_the_defaults_with_preview_links_and_a_button(admin: Client) -> None:
    page = admin.get(LIST)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Delårsrapport (standard)" in html and "Årsrapport (standard)" in html
    assert "Gör en egen mall av standarden" in html
    # The latest period of each kind: T1 2021 and the year 2020 (Länsteknik reports).
    assert 'href="/rapporter/lansteknik/2021-T1/"' in html
    assert 'href="/rapporter/lansteknik/2020/"' in html
    # Linked from the organisation's settings page, under a heading for reports.
    settings_page = admin.get(f"/installningar/{ORG}/").content.decode()
    assert f'href="{LIST}"' in settings_page
    assert f'href="/installningar/{ORG}/benamningar/"' in settings_page


def test_the_default_becomes_an_editable_template_the_report_uses(admin: Client) -> None:
    up = unit_period()
    before = report_data(unit_period=up, with_figures=False).keys
    template = make_interim(admin)
    assert [SectionSpec.of(s) for s in template.sections] == default_specs("interim")
    assert report_data(unit_period=up, with_figures=False).keys == before
    # Made again: refused with a Swedish message on the list page, nothing added.
    again = admin.post(f"{LIST}ny/", {"kind": "interim"})
    assert again.status_code == 422
    assert "har redan en mall" in again.content.decode()
    assert ReportTemplate.objects.filter(organisation__slug=ORG).count() == 1
    # The list now links the template instead of the default.
    html = admin.get(LIST).content.decode()
    assert "Delårsrapport (standard)" not in html
    assert f'href="{LIST}{template.pk}/"' in html


def test_a_named_kind_for_an_end_month_goes_before_the_general_template(admin: Client) -> None:
    make_interim(admin)
    response = admin.post(
        f"{LIST}ny/", {"kind": "interim", "name": "Uppföljning per april", "end_month": "4"}
    )
    named = ReportTemplate.objects.get(organisation__slug=ORG, end_month=4)
    assert response["Location"] == f"{LIST}{named.pk}/"
    data = form_of(admin, named)
    data["title_pattern"] = "{rapport} {år}, {period}"
    assert save(admin, named, data).status_code == 302
    assert report_data(unit_period=unit_period(), with_figures=False).title == (
        "Uppföljning per april 2021, januari–april"
    )
    page = admin.get(f"{LIST}{named.pk}/").content.decode()
    assert "Uppföljning per april 2021, januari–april" in page
    assert 'href="/rapporter/lansteknik/2021-T1/"' in page


def test_moving_a_section_saves_the_new_order(admin: Client) -> None:
    template = make_interim(admin)
    keys = [s.key for s in template.specs()]
    data = form_of(admin, template)
    # htmx: the editor comes back with the order changed and focus on the moved section.
    response = admin.post(
        f"{LIST}{template.pk}/flytta/", {**data, "flytta": "staff:upp"}, headers=HTMX
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<form id="template-editor"')
    assert "Väsentliga personalförhållanden flyttades upp." in html
    template.refresh_from_db()
    i = keys.index("staff")
    expected = [*keys[: i - 1], "staff", keys[i - 1], *keys[i + 1 :]]
    assert [s.key for s in template.specs()] == expected
    # Without JavaScript: the same POST redirects back to the section.
    plain = admin.post(
        f"{LIST}{template.pk}/flytta/", {**form_of(admin, template), "flytta": "staff:ned"}
    )
    assert (plain.status_code, plain["Location"]) == (302, f"{LIST}{template.pk}/#avsnitt-staff")
    template.refresh_from_db()
    assert [s.key for s in template.specs()] == keys
    assert report_data(unit_period=unit_period(), with_figures=False).keys == keys


def test_an_unchecked_section_is_left_out_and_a_new_one_is_added_last(admin: Client) -> None:
    template = make_interim(admin)
    data = form_of(admin, template)
    data.pop("governance-included")
    data["outlook-included"] = "on"
    assert save(admin, template, data).status_code == 302
    template.refresh_from_db()
    keys = [s.key for s in template.specs()]
    assert "governance" not in keys and keys[-1] == "outlook"


def test_a_renamed_heading_and_mandatory_reach_the_report(admin: Client) -> None:
    template = make_interim(admin)
    data = form_of(admin, template)
    data["summary-heading"] = "Periodens viktigaste händelser"
    data["investments-mandatory"] = "on"
    response = save(admin, template, data, htmx=True)
    assert response.status_code == 200
    assert "Mallen är sparad." in response.content.decode()
    specs = {s.key: s for s in ReportTemplate.objects.get(pk=template.pk).specs()}
    assert specs["summary"].heading == "Periodens viktigaste händelser"
    assert specs["investments"].mandatory and not specs["staff"].mandatory
    report = report_data(unit_period=unit_period(), with_figures=False)
    built = {s.key: s for s in report.sections}
    assert built["summary"].title == "Periodens viktigaste händelser"
    assert built["investments"].mandatory
    preview = admin.get("/rapporter/lansteknik/2021-T1/").content.decode()
    assert "Periodens viktigaste händelser" in preview
    # The page shows the section's own title as the placeholder of a blank heading.
    page = admin.get(f"{LIST}{template.pk}/").content.decode()
    assert 'placeholder="Väsentliga personalförhållanden"' in page


@pytest.fixture
def staff_with_option(monkeypatch: pytest.MonkeyPatch) -> SectionOption:
    """The staff section as if it declared an option (a chart the template may drop)."""
    option = SectionOption("chart", "Visa diagrammet över sjukfrånvaron", default=True)
    real = sections_module.collect

    def collect(name: str) -> tuple[Any, ...]:
        found = real(name)
        if name != "REPORT_SECTIONS":
            return found
        return tuple(
            dataclasses.replace(s, options=(option,)) if s.key == "staff" else s for s in found
        )

    monkeypatch.setattr(sections_module, "collect", collect)
    assert next(s for s in contributed_sections() if s.key == "staff").options == (option,)
    return option


def test_a_section_option_is_shown_and_toggled(
    admin: Client, staff_with_option: SectionOption
) -> None:
    template = make_interim(admin)
    staff = next(s for s in template.specs() if s.key == "staff")
    assert staff.options == {"chart": True}  # made from the default: the option's default
    page = admin.get(f"{LIST}{template.pk}/").content.decode()
    assert "Visa diagrammet över sjukfrånvaron" in page
    data = form_of(admin, template)
    assert data["staff-option-chart"] == "on"
    data.pop("staff-option-chart")
    assert save(admin, template, data).status_code == 302
    staff = next(s for s in ReportTemplate.objects.get(pk=template.pk).specs() if s.key == "staff")
    assert staff.options == {"chart": False}
    assert "staff-option-chart" not in form_of(admin, template)
    # Switched on again.
    data["staff-option-chart"] = "on"
    save(admin, template, data)
    staff = next(s for s in ReportTemplate.objects.get(pk=template.pk).specs() if s.key == "staff")
    assert staff.options == {"chart": True}


def test_title_cover_fields_and_amount_unit_are_saved(admin: Client) -> None:
    template = make_interim(admin)
    data = form_of(admin, template)
    data.update(
        title_pattern="{rapport} {år}, {period} – {enhet}",
        cover_fields=["version", "unit"],
        amount_scale="tkr",
        amount_decimals="0",
    )
    assert save(admin, template, data).status_code == 302
    template.refresh_from_db()
    # In the order of COVER_FIELDS, whatever the order posted.
    assert template.cover_fields == ["unit", "version"]
    report = report_data(unit_period=unit_period(), with_figures=False)
    assert report.title == "Delårsrapport 2021, januari–april – Division Länsteknik"
    assert report.amounts == AmountFormat("tkr", 0)
    assert report.cover_fields == ("unit", "version")
    # The blank amount unit names the organisation's current one.
    page = admin.get(f"{LIST}{template.pk}/").content.decode()
    assert "Organisationens (mnkr, 1 decimal)" in page


def _stored(template: ReportTemplate) -> dict[str, Any]:
    template.refresh_from_db()
    return {f.name: getattr(template, f.name) for f in ReportTemplate._meta.concrete_fields}


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"title_pattern": "{rapport} {kvartal}"}, "title_pattern", "Okänd platshållare {kvartal}"),
        ({"amount_decimals": "abc"}, "amount_decimals", "Välj 0, 1 eller 2 decimaler"),
        ({"amount_scale": "", "amount_decimals": "2"}, "amount_decimals", "Välj en beloppsenhet"),
        ({"end_month": "12"}, "end_month", "En delårsrapport slutar före december"),
    ],
)
def test_refused_input_changes_nothing_and_names_the_field(
    admin: Client, change: dict[str, str], field: str, message: str
) -> None:
    template = make_interim(admin)
    before = _stored(template)
    data = form_of(admin, template)
    data["summary-heading"] = "Ska inte sparas"
    data.update(change)
    response = save(admin, template, data, htmx=True)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert message in " ".join(response.context["form"].errors[field])
    assert _stored(template) == before
    # What was typed is still there to correct.
    assert 'value="Ska inte sparas"' in response.content.decode()


def test_no_sections_is_refused(admin: Client) -> None:
    template = make_interim(admin)
    before = _stored(template)
    data = {k: v for k, v in form_of(admin, template).items() if not k.endswith("-included")}
    response = save(admin, template, data)
    assert response.status_code == 422
    assert "Välj minst ett avsnitt" in response.content.decode()
    assert _stored(template) == before


def test_delete_needs_the_confirmation(admin: Client) -> None:
    template = make_interim(admin)
    refused = admin.post(f"{LIST}{template.pk}/ta-bort/", {}, follow=True)
    assert "Kryssa i rutan" in refused.content.decode()
    assert ReportTemplate.objects.filter(pk=template.pk).exists()
    done = admin.post(f"{LIST}{template.pk}/ta-bort/", {"bekrafta": "ja"})
    assert (done.status_code, done["Location"]) == (302, LIST)
    assert not ReportTemplate.objects.filter(pk=template.pk).exists()
    assert "Delårsrapport (standard)" in admin.get(LIST).content.decode()


def test_a_template_of_another_organisation_answers_404(admin: Client) -> None:
    other = ReportTemplate.objects.create(
        organisation=Organisation.objects.get(slug="gemensam-namnd"),
        kind=ReportKind.ANNUAL,
        name="Nämndens årsrapport",
    )
    for url in (f"{LIST}{other.pk}/",):
        assert admin.get(url).status_code == 404
    for action in ("spara", "flytta", "ta-bort"):
        assert admin.post(f"{LIST}{other.pk}/{action}/", {"bekrafta": "ja"}).status_code == 404
    assert ReportTemplate.objects.filter(pk=other.pk).exists()


def test_only_administrators_open_the_pages() -> None:
    # The region's manager sees the organisation (403); the committee is not theirs (404).
    manager = client_of("manager")
    assert manager.get(LIST).status_code == 403
    assert manager.post(f"{LIST}ny/", {"kind": "interim"}).status_code == 403
    assert manager.get("/installningar/gemensam-namnd/rapportmallar/").status_code == 404
    assert client_of("reader").get(LIST).status_code == 403
    assert not ReportTemplate.objects.filter(organisation__slug=ORG).exists()


def test_editing_a_template_never_changes_a_frozen_edition(admin: Client) -> None:
    up = unit_period("2019-T1")  # approved in the demo
    manager = User.objects.get(username="manager")
    build = report_build_run(build_id=report_build_request(actor=manager, unit_period=up).pk)
    assert build.status == ReportBuild.Status.DONE
    edition = report_edition_freeze(actor=manager, build=build)
    frozen_pdf, frozen_sha = bytes(edition.pdf), edition.sha256

    template = make_interim(admin)
    data = form_of(admin, template)
    data["summary-heading"] = "Ny rubrik efter fastställandet"
    data["amount_scale"] = "tkr"
    admin.post(f"{LIST}{template.pk}/flytta/", {**data, "flytta": "staff:upp"})
    assert "Ny rubrik efter fastställandet" in (
        admin.get("/rapporter/lansteknik/2019-T1/").content.decode()
    )

    edition.refresh_from_db()
    assert (bytes(edition.pdf), edition.sha256) == (frozen_pdf, frozen_sha)
    served = client_of("manager").get(f"/rapporter/lansteknik/2019-T1/utgavor/{edition.number}.pdf")
    assert b"".join(served) == frozen_pdf  # type: ignore[arg-type]
    admin.post(f"{LIST}{template.pk}/ta-bort/", {"bekrafta": "ja"})
    edition.refresh_from_db()
    assert bytes(edition.pdf) == frozen_pdf
