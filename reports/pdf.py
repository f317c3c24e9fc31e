"""The delårsrapport / årsrapport as a PDF: the builder's HTML through ``common.pdf``."""

from __future__ import annotations

from common.pdf import STYLESHEET, render_pdf
from reports.builder import ReportData, report_html


def final_html(data: ReportData) -> str:
    return report_html(data, for_pdf=True, stylesheet=STYLESHEET.as_uri())


def report_pdf(data: ReportData) -> bytes:
    return render_pdf(final_html(data))
