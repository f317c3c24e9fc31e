"""Report sections come from the apps (REPORT_SECTIONS): order, template keys, no domain."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from reports.builder import report_data, report_html
from reports.models import ReportKind, ReportTemplate, default_sections
from reports.sections import contributed_sections, section_keys
from scorecards.models import UnitPeriod
from tests.factories import organisation_tree

ROOT = Path(__file__).resolve().parents[2]
DOMAIN_APPS = {"staff", "finance", "investments", "assignments", "internal_control", "goals"}


def test_default_report_keeps_the_seeds_order() -> None:
    assert default_sections() == [
        "summary",
        "governance",
        "perspectives",
        "staff",
        "finance",
        "investments",
        "assignments",
        "internal_control",
    ]
    # The outlook chapter is only added by a report template.
    assert section_keys()[-1] == "outlook"
    assert len({s.key for s in contributed_sections()}) == len(contributed_sections())


@pytest.mark.parametrize(
    "module", ["reports/builder.py", "reports/sections.py", "reports/report_sections.py"]
)
def test_the_report_builder_imports_no_domain_app(module: str) -> None:
    tree = ast.parse((ROOT / module).read_text())
    imported = {
        (node.module or "").split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
    } | {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    assert not imported & DOMAIN_APPS


@pytest.mark.django_db
def test_a_template_naming_an_unknown_section_is_refused() -> None:
    top, _ = organisation_tree()
    template = ReportTemplate(
        organisation=top.organisation, kind=ReportKind.ANNUAL, sections=["summary", "nope"]
    )
    with pytest.raises(ValidationError, match="nope"):
        template.clean()


@pytest.mark.django_db
@pytest.mark.usefixtures("demo_module")
def test_a_template_without_finance_still_lists_its_key_points_and_may_add_outlook() -> None:
    # 2021-T1 has an outlook text (an empty section is left out, see test_layout).
    up = UnitPeriod.objects.select_related("unit__organisation", "period__year").get(
        unit__slug="lansteknik", period__key="2021-T1"
    )
    ReportTemplate.objects.create(
        organisation=up.unit.organisation,
        kind=ReportKind.INTERIM,
        sections=["outlook", "summary", "staff"],
    )
    data = report_data(unit_period=up, with_figures=False)
    assert data.keys == ["outlook", "summary", "staff"]
    # Finance before staff, as in the seeds, though finance is not a chapter here.
    assert [g.title for g in data.key_points] == [
        "Ekonomiskt resultat",
        "Väsentliga personalförhållanden",
    ]
    assert all(g.points for g in data.key_points)
    assert [e.anchor for e in data.toc] == ["s-outlook", "s-summary", "s-staff"]
    html = report_html(data, for_pdf=False)
    assert 'id="s-finance"' not in html
    assert html.count("Förväntad utveckling") == 2  # TOC and its own chapter, not the summary
    assert not any(key.startswith("finance") for key in data.figures)
    assert any(key.startswith("staff-key-figures|") for key in data.figures)
