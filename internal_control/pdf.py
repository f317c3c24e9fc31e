"""The internal control plan as a PDF (Internkontrollplan), by the one WeasyPrint path.

Same stylesheet, fonts and PDF/A-3a output as the delårsrapport and årsrapport
(``common.pdf.render_pdf``). Returns ``(filename, content_type, bytes)`` so a view, a
command or a task can call it alike.
"""

from __future__ import annotations

from django.template.loader import render_to_string

from common import limits
from common.pdf import STYLESHEET, render_pdf
from internal_control import selectors


def plan_html(contents: selectors.PlanContents) -> str:
    return render_to_string(
        "internal_control/plan_pdf.html",
        {"contents": contents, "plan": contents.plan, "stylesheet": STYLESHEET.as_uri()},
    )


def plan_pdf(*, plan_id: int) -> tuple[str, str, bytes]:
    contents = selectors.plan_for_pdf(plan_id=plan_id)
    plan = contents.plan
    filename = f"internkontrollplan-{plan.unit.slug}-{plan.year.year}.pdf"
    # Made inside the web request: bounded below gunicorn's worker timeout.
    content = render_pdf(plan_html(contents), seconds=limits.PDF_WEB_SECONDS)
    return filename, "application/pdf", content
