"""Writes of the reports app: narrative texts, PDF builds and frozen editions."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from pypdf import PdfReader

from reports import tasks
from reports.builder import EditionStamp, report_data
from reports.models import NarrativeSection, ReportBuild, ReportEdition, SectionKind
from reports.pdf import report_pdf
from scorecards.errors import NotAllowed
from scorecards.models import Action, Perspective, UnitPeriod, allowed_actions
from scorecards.services import EntryError, Via, guarded_save

if TYPE_CHECKING:
    from scorecards.services import User


def narrative_set(
    *,
    actor: User,
    unit_period: UnitPeriod,
    kind: str,
    perspective: Perspective | None,
    changes: Mapping[str, Any],
    expected_version: int | None,
    via: str = Via.WEB,
) -> NarrativeSection:
    """Set a narrative text of the unit's report for the period; created if missing.

    Controllers and managers both write texts (the analyse right); readers do not.
    The perspective analysis names its perspective, every other kind names none.
    """
    if kind not in SectionKind.values:
        raise EntryError(_("Okänt avsnitt."))
    if (kind == SectionKind.PERSPECTIVE) != (perspective is not None):
        raise EntryError(_("Analys per perspektiv, och bara den, anger ett perspektiv."))
    if perspective is not None and perspective.year_id != unit_period.period.year_id:
        raise EntryError(_("Perspektivet hör inte till periodens år."))

    def find() -> NarrativeSection:
        found = NarrativeSection.objects.filter(
            unit=unit_period.unit, period=unit_period.period, kind=kind, perspective=perspective
        ).first()
        return found or NarrativeSection(
            unit=unit_period.unit,
            period=unit_period.period,
            kind=kind,
            perspective=perspective,
            version=0,
        )

    saved = guarded_save(
        actor=actor,
        unit_period=unit_period,
        action=Action.ANALYSE,
        instance=find,
        changes=changes,
        expected_version=expected_version,
        via=via,
    )
    return saved  # type: ignore[return-value]


# ---------------------------------------------------------------- report builds and editions


def report_build_request(*, actor: User, unit_period: UnitPeriod) -> ReportBuild:
    """Ask for a PDF of the report; the build runs as a task after the commit."""
    if Action.VIEW not in allowed_actions(actor, unit_period):
        raise NotAllowed(_("Du kan inte se den här rapporten."))
    build = ReportBuild.objects.create(unit_period=unit_period, requested_by_id=_user_id(actor))
    # Primary keys as task arguments, enqueued once the build row is committed.
    transaction.on_commit(lambda: tasks.build_report.enqueue(build_id=build.pk))
    return build


def report_build_run(*, build_id: int) -> ReportBuild:
    """The task's work: build the PDF and keep it on the build row."""
    build = ReportBuild.objects.select_related(
        "unit_period__unit__organisation", "unit_period__period__year"
    ).get(pk=build_id)
    build.status = ReportBuild.Status.RUNNING
    build.save(update_fields=["status"])
    try:
        data = report_data(unit_period=build.unit_period)
        content = report_pdf(data)
    except Exception as error:  # any failure is shown on the build, then re-raised
        build.status = ReportBuild.Status.FAILED
        build.error = str(error)[:2000]
        build.finished_at = timezone.now()
        build.save(update_fields=["status", "error", "finished_at"])
        raise
    build.pdf = content
    build.figures = data.figures
    build.pages = pdf_page_count(content)
    build.status = ReportBuild.Status.DONE
    build.finished_at = timezone.now()
    build.save(update_fields=["pdf", "figures", "pages", "status", "finished_at"])
    return build


def report_edition_freeze(*, actor: User, build: ReportBuild) -> ReportEdition:
    """Fastställ: the report as the next edition, served unchanged forever.

    The edition is rendered anew from the build's unit period with its stamp ("Utgåva N,
    fastställd ÅÅÅÅ-MM-DD") on the cover and in every footer. The period is approved or
    locked, so its figures are the build's. Rendering takes seconds, so it runs before
    the transaction; the transaction checks again under the period's row lock and
    refuses when someone froze an edition in between.
    """
    unit_period = UnitPeriod.objects.select_related("unit__organisation", "period__year").get(
        pk=build.unit_period_id
    )
    _freeze_check(actor, unit_period, build)
    number = _next_edition_number(unit_period)
    data = report_data(unit_period=unit_period, edition=EditionStamp(number, timezone.localdate()))
    content = report_pdf(data)
    with transaction.atomic():
        locked = UnitPeriod.objects.select_for_update().get(pk=unit_period.pk)
        _freeze_check(actor, locked, build)
        if _next_edition_number(locked) != number:
            raise EntryError(_("Någon fastställde en utgåva samtidigt. Försök igen."))
        return ReportEdition.objects.create(
            unit_period=locked,
            number=number,
            pdf=content,
            sha256=hashlib.sha256(content).hexdigest(),
            figures=data.figures,
            created_by_id=_user_id(actor),
        )


def _freeze_check(actor: User, unit_period: UnitPeriod, build: ReportBuild) -> None:
    if Action.APPROVE not in allowed_actions(actor, unit_period):
        raise NotAllowed(_("Bara chef eller administratör kan fastställa rapporten."))
    if unit_period.status not in (UnitPeriod.Status.APPROVED, UnitPeriod.Status.LOCKED):
        raise EntryError(_("Rapporten kan fastställas först när perioden är godkänd."))
    if build.status != ReportBuild.Status.DONE or not build.pdf:
        raise EntryError(_("PDF:en är inte klar ännu."))


def _next_edition_number(unit_period: UnitPeriod) -> int:
    last = unit_period.editions.order_by("-number").first()
    return (last.number + 1) if last else 1


def pdf_page_count(content: bytes) -> int:
    return len(PdfReader(io.BytesIO(content)).pages)


def _user_id(user: User) -> int:
    """The id of a logged-in user (the services have already checked the rights)."""
    if user.pk is None:
        raise NotAllowed(_("Logga in först."))
    return int(user.pk)
