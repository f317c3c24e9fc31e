"""Bounded PDF builds and forms: a build that exceeds its time or memory fails with a
Swedish message and the worker lives on; fastställ with a malformed build is a 404."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.urls import reverse

from common import limits
from common.pdf import PdfTooLarge, render_pdf
from reports.models import ReportBuild, SectionKind
from reports.services import report_build_request, report_build_run
from tests import factories

pytestmark = pytest.mark.django_db

# Enough table rows to keep WeasyPrint busy for many seconds.
HEAVY_HTML = "<table>" + "<tr><td>rad</td><td>1</td></tr>" * 200_000 + "</table>"


def test_a_render_over_its_time_is_ended_with_a_swedish_message() -> None:
    with pytest.raises(PdfTooLarge) as refused:
        render_pdf(HEAVY_HTML, seconds=2)
    assert "sekunder" in refused.value.message


def test_a_render_over_its_memory_is_ended_with_a_swedish_message() -> None:
    with pytest.raises(PdfTooLarge) as refused:
        render_pdf(HEAVY_HTML, memory=400 * 1024 * 1024, seconds=60)
    assert "minne" in refused.value.message


def test_a_small_render_passes_within_the_bounds() -> None:
    assert render_pdf("<p>Hej</p>").startswith(b"%PDF")


def test_a_build_over_the_bounds_fails_with_the_message_on_the_build() -> None:
    world: dict[str, Any] = factories.entry_world("pdfgrans")
    build = report_build_request(actor=world["controller"], unit_period=world["up"])
    bounded = mock.patch(
        "reports.pdf.render_pdf", side_effect=lambda html: render_pdf(html, seconds=0.01)
    )
    with bounded, pytest.raises(PdfTooLarge):
        report_build_run(build_id=build.pk)
    build.refresh_from_db()
    assert build.status == ReportBuild.Status.FAILED
    assert "PDF:en kunde inte skapas" in build.error


def test_a_narrative_over_its_limit_is_refused_on_the_web(db: None) -> None:
    world: dict[str, Any] = factories.entry_world("textgrans")
    client = factories.logged_in(world["controller"])
    url = reverse(
        "reports:entry_text", args=[world["a"].slug, world["up"].period.key, SectionKind.SUMMARY]
    )
    response = client.post(
        url, {"body": "x" * (limits.NARRATIVE_CHARS + 1), "version": 0}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 422
    assert "för lång" in response.content.decode()


@pytest.mark.parametrize("build", ["abc", "1.5", "-1", "²", "9" * 40, ""])
def test_faststall_with_a_malformed_build_is_a_404(build: str) -> None:
    world: dict[str, Any] = factories.entry_world("faststall")
    client = factories.logged_in(world["manager"])
    url = reverse("report:edition_freeze", args=[world["a"].slug, world["up"].period.key])
    assert client.post(url, {"build": build}).status_code == 404
