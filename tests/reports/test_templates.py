"""A report template decides the report: which template applies, title, cover, headings,
mandatory sections and the amount unit (reports.builder with reports.models.ReportTemplate)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError

from common.numbers import AmountFormat
from reports.builder import report_data, report_html, report_template
from reports.models import ReportKind, ReportTemplate, SectionSpec, fill_title
from scorecards.models import UnitPeriod

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_module")]


def unit_period(key: str) -> UnitPeriod:
    return UnitPeriod.objects.select_related("unit__organisation", "period__year").get(
        unit__slug="lansteknik", period__key=key
    )


def template(up: UnitPeriod, **values: object) -> ReportTemplate:
    obj = ReportTemplate(organisation=up.unit.organisation, kind=ReportKind.INTERIM, **values)
    obj.full_clean()
    obj.save()
    return obj


class Headings(HTMLParser):
    """The text of every h2, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[str] = []
        self._open = False

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag == "h2":
            self._open = True
            self.headings.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "h2":
            self._open = False

    def handle_data(self, data: str) -> None:
        if self._open:
            self.headings[-1] += data.strip()


def headings(html: str) -> list[str]:
    parser = Headings()
    parser.feed(html)
    return parser.headings


def test_a_template_for_the_periods_end_month_goes_before_the_kinds_general_one() -> None:
    up = unit_period("2021-T1")
    general = template(up, sections=["summary"])
    assert report_template(up) == general
    for_april = template(up, name="Uppföljning per april", end_month=4, sections=["staff"])
    assert report_template(up) == for_april
    # A template for another month, or of the other kind, never applies.
    ReportTemplate.objects.filter(pk=for_april.pk).update(end_month=5)
    assert report_template(up) == general
    assert report_template(unit_period("2019")) is None


def test_the_title_pattern_is_filled_in_and_an_unknown_placeholder_is_refused() -> None:
    up = unit_period("2021-T1")
    template(up, name="Delårsrapport", title_pattern="{rapport} {år}, {period}")
    assert report_data(unit_period=up, with_figures=False).title == (
        "Delårsrapport 2021, januari–april"
    )
    # Typed by a user: no str.format, so attribute access is just text.
    assert fill_title("{enhet.__class__} {enhet}", {"enhet": "X"}) == "{enhet.__class__} X"
    bad = ReportTemplate(
        organisation=up.unit.organisation,
        kind=ReportKind.ANNUAL,
        title_pattern="Årsrapport {year}",
    )
    with pytest.raises(ValidationError) as error:
        bad.full_clean()
    assert "{year}" in str(error.value.message_dict["title_pattern"])


def test_the_cover_prints_the_chosen_fields_only() -> None:
    up = unit_period("2021-T1")
    template(up, cover_fields=["unit", "owner"])
    labels = [item.label for item in report_data(unit_period=up, with_figures=False).metadata]
    assert labels == ["Gäller för", "Ansvarig"]


def test_a_renamed_heading_is_printed_and_listed_in_the_contents() -> None:
    up = unit_period("2021-T1")
    template(
        up,
        sections=[
            SectionSpec("outlook").as_json(),
            SectionSpec("summary", heading="Det viktigaste i korthet").as_json(),
        ],
    )
    data = report_data(unit_period=up, with_figures=False)
    assert [entry.title for entry in data.toc] == [
        "Förväntad utveckling",
        "Det viktigaste i korthet",
    ]
    html = report_html(data, for_pdf=False)
    assert headings(html)[-2:] == ["Förväntad utveckling", "Det viktigaste i korthet"]
    assert "Sammanfattning" not in headings(html)


def test_an_empty_section_is_left_out_unless_the_template_makes_it_mandatory() -> None:
    # A section sure to be empty: the outlook of a period without an outlook text (the
    # summary is not: it prints the staff key points of August 2019).
    up = unit_period("2019-T2")
    template(up, sections=["outlook"])
    data = report_data(unit_period=up, with_figures=False)
    assert [s.key for s in data.sections if s.printed] == []
    assert "Inga uppgifter för perioden" not in report_html(data, for_pdf=False)

    ReportTemplate.objects.filter(organisation=up.unit.organisation).update(
        sections=[{"key": "outlook", "mandatory": True}]
    )
    data = report_data(unit_period=up, with_figures=False)
    html = report_html(data, for_pdf=False)
    assert html.count("Inga uppgifter för perioden") == 1
    assert [entry.title for entry in data.toc] == ["Förväntad utveckling"]


def test_the_template_may_show_amounts_in_another_unit_than_the_organisation() -> None:
    up = unit_period("2021-T1")
    assert report_data(unit_period=up, with_figures=False).amounts == AmountFormat("mnkr", 1)
    template(up, amount_scale="tkr")
    assert report_data(unit_period=up, with_figures=False).amounts == AmountFormat("tkr", None)


def test_a_section_named_twice_is_refused() -> None:
    up = unit_period("2021-T1")
    with pytest.raises(ValidationError, match="en gång"):
        template(up, sections=["summary", {"key": "summary", "heading": "Igen"}])
