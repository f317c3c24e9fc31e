"""The report page: preview, PDF as a task, frozen editions served unchanged, figure diff."""

from __future__ import annotations

import hashlib
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client, TestCase
from django.utils import timezone
from pypdf import PdfReader

from reports.models import ReportBuild, ReportEdition
from scorecards.models import MeasureOutcome, UnitPeriod

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_module")]

PAGE = "/rapporter/lansteknik/{period}/"


def client(username: str) -> Client:
    c = Client()
    c.force_login(User.objects.get(username=username))
    return c


def build(c: Client, period: str = "2019") -> ReportBuild:
    """Skapa PDF as the browser does it: post, then poll the progress block."""
    # The task is enqueued on commit; the test transaction never commits, so run the
    # on-commit callbacks here, as autocommit does in the running portal.
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = c.post(PAGE.format(period=period) + "pdf/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'hx-trigger="every 1s"' in response.content.decode()  # polls while it runs
    done = ReportBuild.objects.filter(unit_period__period__key=period).latest("created_at")
    status = c.get(PAGE.format(period=period) + f"pdf/{done.pk}/", HTTP_HX_REQUEST="true")
    assert "PDF:en är klar" in status.content.decode()
    assert "every 1s" not in status.content.decode()
    return done


def test_preview_uses_the_report_template() -> None:
    html = client("manager").get(PAGE.format(period="2019")).content.decode()
    assert "Årsrapport 2019" in html
    assert "Återrapportering av uppdrag" in html
    assert "Skapa PDF" in html


def test_other_division_gets_404_and_reader_only_approved_periods() -> None:
    assert client("controller_other").get(PAGE.format(period="2019")).status_code == 404
    assert client("reader").get(PAGE.format(period="2019")).status_code == 200
    assert client("reader").get(PAGE.format(period="2021-T1")).status_code == 404


def test_create_pdf_runs_as_a_task_and_offers_the_pdf() -> None:
    c = client("manager")
    done = build(c)
    assert done.status == ReportBuild.Status.DONE
    response = c.get(PAGE.format(period="2019") + f"pdf/{done.pk}/rapport.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert len(PdfReader(io.BytesIO(response.content)).pages) == done.pages
    # Someone else's build is not theirs to fetch.
    assert (
        client("controller").get(PAGE.format(period="2019") + f"pdf/{done.pk}/").status_code == 404
    )


def test_frozen_edition_is_served_unchanged_after_figures_change() -> None:
    manager = client("manager")
    done = build(manager)
    assert (
        manager.post(PAGE.format(period="2019") + "faststall/", {"build": done.pk}).status_code
        == 302
    )
    edition = ReportEdition.objects.get(unit_period__period__key="2019", number=1)
    first = manager.get(PAGE.format(period="2019") + "utgavor/1.pdf").content
    assert hashlib.sha256(first).hexdigest() == edition.sha256
    # Figures change later (an admin corrects the major incidents of 2019) …
    outcome = MeasureOutcome.objects.get(
        measure__goal__unit__slug="lansteknik", measure__key="major-incidents", period__key="2019"
    )
    outcome.value = Decimal(15)
    outcome.save()
    # … the edition is still byte for byte the same, and a second edition shows the diff.
    assert manager.get(PAGE.format(period="2019") + "utgavor/1.pdf").content == first
    second_build = build(manager)
    manager.post(PAGE.format(period="2019") + "faststall/", {"build": second_build.pk})
    diff = manager.get(PAGE.format(period="2019") + "jamfor/?fran=1&till=2").content.decode()
    assert "Antal major incidents" in diff and ">16<" in diff and ">15<" in diff


def test_frozen_edition_prints_its_number_and_date_on_every_page() -> None:
    manager = client("manager")
    done = build(manager)
    manager.post(PAGE.format(period="2019") + "faststall/", {"build": done.pk})
    edition = ReportEdition.objects.get(unit_period__period__key="2019", number=1)
    line = f"Utgåva 1, fastställd {timezone.localdate().isoformat()}"
    pages = PdfReader(io.BytesIO(bytes(edition.pdf))).pages
    assert all(line in page.extract_text() for page in pages)
    # The build the manager looked at is a draft of no edition.
    build_pages = PdfReader(io.BytesIO(bytes(done.pdf))).pages
    assert not any("Utgåva" in page.extract_text() for page in build_pages)


def test_only_managers_freeze_and_only_approved_periods() -> None:
    controller = client("controller")
    done = build(controller)
    assert (
        controller.post(PAGE.format(period="2019") + "faststall/", {"build": done.pk}).status_code
        == 403
    )
    manager = client("manager")
    open_build = build(manager, "2021-T1")
    manager.post(PAGE.format(period="2021-T1") + "faststall/", {"build": open_build.pk})
    assert not ReportEdition.objects.filter(unit_period__period__key="2021-T1").exists()


def test_diff_against_the_previous_period() -> None:
    html = client("manager").get(PAGE.format(period="2021-T1") + "jamfor/?mot=foregaende")
    assert html.status_code == 200
    assert "Helår 2020" in html.content.decode()


def test_build_report_command_writes_the_same_report(tmp_path: Path) -> None:
    out = tmp_path / "arsrapport.pdf"
    call_command("build_report", unit="lansteknik", period="2019", output=str(out))
    text = "".join(p.extract_text() for p in PdfReader(out).pages)
    assert "Årsrapport 2019" in text
    with pytest.raises(CommandError):
        call_command("build_report", unit="lansteknik", period="1999", output=str(out))


def test_period_is_untouched_by_building() -> None:
    before = UnitPeriod.objects.get(unit__slug="lansteknik", period__key="2019").status
    build(client("manager"))
    assert UnitPeriod.objects.get(unit__slug="lansteknik", period__key="2019").status == before
