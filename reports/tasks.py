"""Background work of the reports app (Django Tasks; ImmediateBackend in dev and tests,
the django-tasks-db worker in production)."""

from __future__ import annotations

from django.tasks import task


@task
def build_report(*, build_id: int) -> int:
    """Build the PDF of a requested report; returns its page count."""
    from reports.services import report_build_run  # the services enqueue this task

    return report_build_run(build_id=build_id).pages or 0
